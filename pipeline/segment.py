"""segment: sentences and words (underthesea), re-aligned to the stored text.

underthesea rewrites what it returns ("uỷ" → "ủy", spacing inside multi-syllable words), so
its strings are never used for offsets: each token is located in the stored text by walking
both strings, first by exact prefix (the common case), else by a diacritic- and
case-insensitive comparison that skips whitespace. Text no token covered (a character
underthesea dropped or rewrote beyond recognition) becomes whitespace-split tokens of its
own, so every non-space character belongs to exactly one token.

Segmentation runs paragraph by paragraph (lines of the stored text), so a sentence never
spans a paragraph break: one `sent_tokenize` call per paragraph, and word tokens are lazy
(one `word_tokenize` call per paragraph, on first access to one of its sentences'
`tokens`): the extractors read tokens of few paragraphs, and word segmentation was 80 % of
the pipeline.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import regex
from vnfacts.pipeline.types import Article, Doc, Sentence, Token


@lru_cache(maxsize=8192)
def _base_char(c: str) -> str:
    """One comparison character per code point: no diacritics, lowercase, đ → d."""
    if c in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", c)[0].lower()[0]


def _base(s: str) -> str:
    return "".join(map(_base_char, s))


def _align(
    pieces: Iterable[str], text: str, start: int, end: int, placed: list[int] | None = None,
) -> list[tuple[int, int]]:
    """Offsets in text[start:end] of each piece, in order; pieces that cannot be found are
    left out (`placed`, when given, receives the index of each piece that was found)."""
    spans: list[tuple[int, int]] = []
    base = ""  # _base(text[start:end]) shifted by `start`, built only when first needed
    i = start
    for idx, piece in enumerate(pieces):
        while i < end and text[i].isspace():
            i += 1
        if not piece or i >= end:
            continue
        if text.startswith(piece, i) and i + len(piece) <= end:  # the common case
            spans.append((i, i + len(piece)))
            i += len(piece)
            if placed is not None:
                placed.append(idx)
            continue
        key = "".join(_base(piece).split())
        if not key:
            continue
        if not base:
            base = " " * start + _base(text[start:end])  # same length as text up to end
        hit = _walk(key, base, i, end)
        if hit is None:
            # Resynchronise: the first syllable of the piece, a little further on.
            first = _base(piece.split()[0])
            j = base.find(first, i, min(end, i + 200))
            hit = _walk(key, base, j, end) if j >= 0 else None
        if hit is not None:
            spans.append((hit[0], hit[1]))
            i = hit[1]
            if placed is not None:
                placed.append(idx)
    return spans


def _walk(key: str, base: str, i: int, end: int) -> tuple[int, int] | None:
    """Match `key` (no whitespace) against base[i:end], skipping whitespace in base."""
    j, k, n = i, 0, len(key)
    while k < n:
        if j >= end:
            return None
        c = base[j]
        if c == key[k]:
            k += 1
        elif not c.isspace():
            return None
        j += 1
    return i, j


def _fill_gaps(spans: list[tuple[int, int]], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cover every non-space character of text[start:end]: uncovered runs become
    whitespace-split tokens."""
    out: list[tuple[int, int]] = []
    pos = start

    def gap(a: int, b: int) -> None:
        j = a
        while j < b:
            while j < b and text[j].isspace():
                j += 1
            k = j
            while k < b and not text[k].isspace():
                k += 1
            if k > j:
                out.append((j, k))
            j = k

    for s, e in spans:
        if s > pos and (s - pos > 1 or not text[pos].isspace()):  # not just the one space
            gap(pos, s)
        out.append((s, e))
        pos = e
    if pos < end:
        gap(pos, end)
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """`text[s:e]` without its leading and trailing whitespace, as offsets."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        s, e = _trim(text, pos, line_end)
        if e > s:
            yield s, e
        pos = line_end + 1


#: A run of non-space characters this long is one token: underthesea's regex tokenizer is
#: quadratic in the length of such a run ("10-12-10-12-…": 4 s for 24,000 characters).
LONG_RUN = 200
_LONG_RUN = regex.compile(rf"\S{{{LONG_RUN},}}+")


def _words(paragraph: str, pos: bool) -> tuple[list[str], list[str | None]]:
    """underthesea's words of `paragraph`, each long non-space run passed through whole."""
    if not _LONG_RUN.search(paragraph):
        return _ut_words(paragraph, pos)
    words: list[str] = []
    tags: list[str | None] = []
    last = 0
    for m in [*_LONG_RUN.finditer(paragraph), None]:
        piece = paragraph[last:m.start() if m else len(paragraph)]
        if piece.strip():
            w, t = _ut_words(piece, pos)
            words += w
            tags += t
        if m is not None:
            words.append(m.group(0))
            tags.append(None)
            last = m.end()
    return words, tags


def _ut_words(paragraph: str, pos: bool) -> tuple[list[str], list[str | None]]:
    if pos:
        from underthesea import pos_tag

        tagged = pos_tag(paragraph)
        return [w for w, _ in tagged], [t for _, t in tagged]
    from underthesea import word_tokenize

    words = word_tokenize(paragraph)
    return words, [None] * len(words)


def _tokens(text: str, start: int, end: int, pos: bool = False) -> list[Token]:
    """Tokens of text[start:end]: underthesea's words aligned to the text, gaps filled."""
    words, tags = _words(text[start:end], pos)
    placed: list[int] = []
    spans = _align(words, text, start, end, placed)
    tag_of = {span: tags[k] for span, k in zip(spans, placed, strict=True)} if pos else {}
    return [Token(s, e, text[s:e], tag_of.get((s, e))) for s, e in _fill_gaps(spans, text, start, end)]


class _Paragraph:
    """A paragraph's tokens, segmented (one `word_tokenize` call on the whole paragraph, as
    an eager pass would) the first time any of its sentences' tokens are read."""

    __slots__ = ("text", "start", "end", "bounds", "_by_sentence")

    def __init__(self, text: str, start: int, end: int, bounds: list[int]) -> None:
        self.text, self.start, self.end, self.bounds = text, start, end, bounds
        self._by_sentence: list[tuple[Token, ...]] | None = None

    def tokens(self, k: int) -> tuple[Token, ...]:
        """Tokens of the paragraph's k-th sentence (by `bounds`): those starting before its
        bound. A word the segmenter joined across a boundary ("UNESCO. Điều") is split there,
        so tokens nest in sentences (an eager pass moved the boundary instead)."""
        if self._by_sentence is None:
            text = self.text
            toks = _tokens(text, self.start, self.end)
            inner = self.bounds[:-1]
            if inner and any(t.start < b < t.end for t in toks for b in inner):
                split: list[Token] = []
                for t in toks:
                    for b in inner:
                        if t.start < b < t.end:
                            e = b
                            while text[e - 1].isspace():
                                e -= 1
                            split.append(Token(t.start, e, text[t.start:e]))
                            t = Token(b, t.end, text[b:t.end])
                    split.append(t)
                toks = split
            out: list[tuple[Token, ...]] = []
            ti, n = 0, len(toks)
            for b in self.bounds:
                t0 = ti
                while ti < n and toks[ti].start < b:
                    ti += 1
                out.append(tuple(toks[t0:ti]))
            self._by_sentence = out
        return self._by_sentence[k]


class _LazyTokens:
    """A Sentence's token loader (a class, not a closure, so a Doc stays picklable)."""

    __slots__ = ("para", "k")

    def __init__(self, para: _Paragraph, k: int) -> None:
        self.para, self.k = para, k

    def __call__(self) -> tuple[Token, ...]:
        return self.para.tokens(self.k)


def _bounds(text: str, para: str, p_start: int, p_end: int) -> list[int]:
    """Sentence ends of a paragraph: each sentence ends where the next begins (sent_tokenize's
    sentences located in the text); the last one at the paragraph's end."""
    from underthesea import sent_tokenize

    sents = sent_tokenize(para)
    bounds = [s for s, _ in _align(sents, text, p_start, p_end)[1:]] if len(sents) > 1 else []
    bounds.append(p_end)
    return bounds


def _lazy_bounds(text: str, start: int, bounds: list[int]) -> list[int]:
    """Bounds moved to the end of a word that sent_tokenize split inside a run of non-space
    characters ("HNN.|VN", "vnanet.|vn", but not "Bắc.|Năm"): an eager pass put the whole
    token, hence the boundary, after it. underthesea's own regex tokenizer (the cheap first
    stage of word_tokenize) decides, on that run only."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    out: list[int] = []
    last = 0
    end = bounds[-1]
    for b in bounds[:-1]:
        if b > start and not text[b - 1].isspace() and not text[b].isspace():
            rs, re_ = b - 1, b
            while rs > start and not text[rs - 1].isspace():
                rs -= 1
            while re_ < end and not text[re_].isspace():
                re_ += 1
            for s, e in _align(tokenize(text[rs:re_]), text, rs, re_):
                if s < b < e:
                    b = e
                    break
        last = max(last, b)
        out.append(last)
    out.append(end)
    return out


def segment(article: Article, *, pos: bool = False) -> Doc:
    """Sentences and tokens of `article.text` with exact code-point offsets.

    Without `pos`, tokens are lazy: sentence boundaries come from `sent_tokenize` alone
    (cheap; a sentence spans its first to last non-space character) and a paragraph runs
    `word_tokenize` the first time the tokens of one of its sentences are read. `pos=True`
    segments eagerly with underthesea POS tags (its pos_tag does its own word segmentation
    and costs about 20× a word_tokenize pass); a sentence then spans its first to last
    token, so a word the segmenter joined across a sentence boundary ("III. Các") extends
    the earlier sentence; lazily, such a word is split at the boundary instead."""
    text = article.text
    sentences: list[Sentence] = []
    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        bounds = _bounds(text, para, p_start, p_end)
        if not pos:
            bounds = _lazy_bounds(text, p_start, bounds)
            paragraph = _Paragraph(text, p_start, p_end, bounds)
            prev = p_start
            for k, b in enumerate(bounds):
                s, e = _trim(text, prev, b)
                if e > s:
                    sentences.append(Sentence(s, e, loader=_LazyTokens(paragraph, k)))
                prev = b
            continue
        spans = _tokens(text, p_start, p_end, pos=True)
        ti, n = 0, len(spans)
        for b in bounds:
            toks: list[Token] = []
            while ti < n and spans[ti].start < b:
                toks.append(spans[ti])
                ti += 1
            if toks:
                sentences.append(Sentence(toks[0].start, toks[-1].end, tuple(toks)))
    return Doc(article=article, sentences=sentences)

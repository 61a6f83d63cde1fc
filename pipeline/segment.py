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
    base = ""  # _base(text[start:end]), built only when first needed
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
            base = _base(text[start:end])  # base[k] stands for text[start + k]
        hit = _walk(key, base, i - start, end - start)
        if hit is None:
            # Resynchronise: the first syllable of the piece, a little further on.
            first = _base(piece.split()[0])
            j = base.find(first, i - start, min(end, i + 200) - start)
            hit = _walk(key, base, j, end - start) if j >= 0 else None
        if hit is not None:
            hit = (hit[0] + start, hit[1] + start)
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


#: A paragraph longer than this is word-segmented in windows of whole sentences (at most
#: this long; a longer sentence is cut at a space): underthesea's word_tokenize grows
#: faster than linearly, in time and memory, with the length of the text it is given
#: (a 800k-character line: 44 s and 1.7 GB in one call). News paragraphs are far shorter,
#: so they are segmented in one call, as before.
WINDOW = 20_000


def _windows(text: str, start: int, end: int, bounds: list[int]) -> list[tuple[int, int]]:
    """text[start:end] as windows of whole sentences (`bounds`), each ≤ WINDOW characters
    where a sentence allows."""
    if end - start <= WINDOW:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    a = start
    for i, b in enumerate(bounds):
        nxt = bounds[i + 1] if i + 1 < len(bounds) else None
        while b - a > WINDOW:  # one sentence longer than a window: cut it at a space
            cut = text.rfind(" ", a + 1, a + WINDOW)
            if cut <= a:  # never inside a word: the next space, if any
                cut = text.find(" ", a + WINDOW, b)
                if cut < 0:
                    break
            out.append((a, cut))
            a = cut
        if nxt is None or nxt - a > WINDOW:
            if b > a:
                out.append((a, b))
            a = b
    return [w for w in out if text[w[0]:w[1]].strip()]


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
            toks = [t for a, b in _windows(text, self.start, self.end, self.bounds)
                    for t in _tokens(text, a, b)]
            inner = self.bounds[:-1]
            if inner:
                # Tokens and bounds are both in text order: one merge pass (a scan of every
                # bound per token was quadratic on a long paragraph).
                split: list[Token] = []
                bi, nb = 0, len(inner)
                for t in toks:
                    while bi < nb and inner[bi] <= t.start:
                        bi += 1
                    while bi < nb and inner[bi] < t.end:
                        b = inner[bi]
                        e = b
                        while text[e - 1].isspace():
                            e -= 1
                        split.append(Token(t.start, e, text[t.start:e]))
                        t = Token(b, t.end, text[b:t.end])
                        bi += 1
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

    # A long run of non-space characters is one word (see LONG_RUN): no sentence ends inside
    # it. sent_tokenize looks back to the previous space at every "." it weighs, so a run of
    # digits and dots cost it time quadratic in the run's length; it sees the run masked
    # (same length, its last character kept: "….x." still ends a sentence).
    masked = _LONG_RUN.sub(lambda m: "x" * (len(m.group(0)) - 1) + m.group(0)[-1], para)
    sents = sent_tokenize(masked)
    bounds = ([p_start + s for s, _ in _align(sents, masked, 0, len(masked))[1:]]
              if len(sents) > 1 else [])
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
    run: tuple[int, int, list[tuple[int, int]]] = (-1, -1, [])  # the run last tokenized
    for b in bounds[:-1]:
        if b > start and not text[b - 1].isspace() and not text[b].isspace():
            if not run[0] < b < run[1]:  # a new run: tokenized once for all its bounds
                rs, re_ = b - 1, b
                while rs > start and not text[rs - 1].isspace():
                    rs -= 1
                while re_ < end and not text[re_].isspace():
                    re_ += 1
                spans = ([(rs, re_)] if re_ - rs >= LONG_RUN  # one token, as _words has it
                         else _align(tokenize(text[rs:re_]), text, rs, re_))
                run = (rs, re_, spans)
            for s, e in run[2]:
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

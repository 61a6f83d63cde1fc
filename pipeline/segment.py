"""segment: sentences and words (underthesea), re-aligned to the stored text.

underthesea rewrites what it returns ("uỷ" → "ủy", spacing inside multi-syllable words), so
its strings are never used for offsets: each token is located in the stored text by walking
both strings, first by exact prefix (the common case), else by a diacritic- and
case-insensitive comparison that skips whitespace. Text no token covered (a character
underthesea dropped or rewrote beyond recognition) becomes whitespace-split tokens of its
own, so every non-space character belongs to exactly one token.

Segmentation runs paragraph by paragraph (lines of the stored text), so a sentence never
spans a paragraph break: one `sent_tokenize` and one `word_tokenize` call per paragraph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from pipeline.types import Article, Doc, Fact, Sentence, Token

if TYPE_CHECKING:  # spacy is imported lazily: the pipeline does not need it to run
    import spacy.tokens


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


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        s, e = pos, line_end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
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


def segment(article: Article, *, pos: bool = False) -> Doc:
    """Sentences and tokens of `article.text` with exact code-point offsets.

    `pos=True` adds underthesea POS tags (its pos_tag does its own word segmentation and
    costs about 20× a word_tokenize pass)."""
    from underthesea import sent_tokenize

    text = article.text
    sentences: list[Sentence] = []
    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        words, tags = _words(para, pos)
        placed: list[int] = []
        spans = _align(words, text, p_start, p_end, placed)
        tag_of = {span: tags[k] for span, k in zip(spans, placed, strict=True)} if pos else {}
        spans = _fill_gaps(spans, text, p_start, p_end)
        sents = sent_tokenize(para)
        # Sentence boundaries: each sentence ends where the next begins; the last one ends
        # at the paragraph's end. A token crossing a boundary stays whole in the earlier one.
        bounds = [s for s, _ in _align(sents, text, p_start, p_end)[1:]] if len(sents) > 1 else []
        bounds.append(p_end)
        ti, n = 0, len(spans)
        for b in bounds:
            toks: list[Token] = []
            while ti < n and spans[ti][0] < b:
                s, e = spans[ti]
                toks.append(Token(s, e, text[s:e], tag_of.get((s, e)) if pos else None))
                ti += 1
            if toks:
                sentences.append(Sentence(toks[0].start, toks[-1].end, tuple(toks)))
    return Doc(article=article, sentences=sentences)


# ---------------------------------------------------------------- spaCy bridge


@lru_cache(maxsize=1)
def _blank_vi() -> Any:
    import spacy

    try:  # the Vietnamese tokenizer without pyvi (we never tokenize with it anyway)
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    except Exception:  # pragma: no cover - older spaCy without the option
        return spacy.blank("xx")


def to_spacy(doc: Doc) -> spacy.tokens.Doc:
    """A spaCy Doc with exactly our tokens; `sdoc.text == doc.text`, so character offsets
    (and `Span.start_char`) are shared. Whitespace other than a single space after a token
    becomes whitespace tokens, as spaCy does. Sentence starts are set from our sentences."""
    from spacy.tokens import Doc as SpacyDoc

    text = doc.text
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool | None] = []
    pos = 0

    def whitespace(a: int, b: int) -> None:
        if a >= b:
            return
        if text[a] == " " and words and not spaces[-1]:
            spaces[-1] = True
            a += 1
        if a < b:
            words.append(text[a:b])
            spaces.append(False)
            sent_starts.append(False if words[:-1] else True)

    for sent in doc.sentences:
        for k, tok in enumerate(sent.tokens):
            whitespace(pos, tok.start)
            words.append(tok.text)
            spaces.append(False)
            sent_starts.append(k == 0)
            pos = tok.end
    whitespace(pos, len(text))
    if not words:
        return SpacyDoc(_blank_vi().vocab, words=[])
    sent_starts[0] = True
    return SpacyDoc(_blank_vi().vocab, words=words, spaces=spaces, sent_starts=sent_starts)


def facts_to_spans(sdoc: spacy.tokens.Doc, facts: Iterable[Fact]) -> list[spacy.tokens.Span]:
    """A labelled Span per fact (label = kind), snapped outward to token boundaries; also
    stored as `sdoc.spans["sc"]` so `displacy.render(sdoc, style="span")` shows them."""
    spans = []
    for f in facts:
        span = sdoc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    sdoc.spans["sc"] = spans
    return spans

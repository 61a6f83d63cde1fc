"""spaCy integration (the optional extra `vnfacts[spacy]`): our tokens as a spaCy Doc, facts
as Spans, and a pipeline component.

    import spacy
    import vnfacts.pipeline.spacy_component  # registers the "vnfacts" factory
    nlp = spacy.blank("xx")
    nlp.add_pipe("vnfacts", config={"kinds": ["date", "official"], "published": "2013-01-22"})
    doc = nlp("Ngày 21/1, Đại tá Lương Văn Sơn dự hội nghị.")
    doc.spans["vnfacts"], doc.ents, doc.spans["vnfacts"][0]._.fact

The component runs the same runner as everything else (offset check, budget, isolation) on
`doc.text`, which must be NFC (our offsets index the NFC text; spaCy's tokens are kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span
from spacy.util import filter_spans
from vnfacts.pipeline.normalize import normalize_text
from vnfacts.pipeline.types import Doc, Fact

if not Span.has_extension("fact"):
    Span.set_extension("fact", default=None)
if not SpacyDoc.has_extension("published"):
    SpacyDoc.set_extension("published", default=None)


@lru_cache(maxsize=1)
def _blank_vi() -> Any:
    try:  # the Vietnamese tokenizer without pyvi (we never tokenize with it anyway)
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    except Exception:  # pragma: no cover - older spaCy without the option
        return spacy.blank("xx")


def to_spacy(doc: Doc) -> SpacyDoc:
    """A spaCy Doc with exactly our tokens; `sdoc.text == doc.text`, so character offsets
    (and `Span.start_char`) are shared. Whitespace other than a single space after a token
    becomes whitespace tokens, as spaCy does. Sentence starts are set from our sentences."""
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


def facts_to_spans(sdoc: SpacyDoc, facts: Iterable[Fact], key: str = "sc") -> list[Span]:
    """A labelled Span per fact (label = kind, `span._.fact` the Fact), snapped outward to
    token boundaries; also stored as `sdoc.spans[key]` so `displacy.render(sdoc,
    style="span")` shows them."""
    spans = []
    for f in facts:
        span = sdoc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand")
        if span is not None:
            span._.fact = f
            spans.append(span)
    sdoc.spans[key] = spans
    return spans


class VnfactsComponent:
    """Sets `doc.spans["vnfacts"]` (every fact, overlaps kept) and `doc.ents` (the longest
    non-overlapping ones), each span carrying its Fact in `span._.fact`."""

    def __init__(self, kinds: list[str] | None = None, published: str | None = None) -> None:
        from vnfacts.pipeline.api import Pipeline

        self.nlp = Pipeline(kinds)
        self.published = published

    def __call__(self, sdoc: SpacyDoc) -> SpacyDoc:
        from vnfacts.pipeline.api import ExtractionFailed, make_article
        from vnfacts.pipeline.runner import process

        if normalize_text(sdoc.text) != sdoc.text:
            raise ValueError("the vnfacts component needs NFC-normalized text without control "
                             "characters (its offsets index that text)")
        published = sdoc._.published or self.published
        res = process(make_article(sdoc.text, published=published), self.nlp.kinds,
                      budget=self.nlp.budget)
        if res.error is not None:
            raise ExtractionFailed(res)
        spans = facts_to_spans(sdoc, res.facts, key="vnfacts")
        sdoc.ents = filter_spans(spans)
        return sdoc


@Language.factory("vnfacts", default_config={"kinds": None, "published": None})
def make_vnfacts(nlp: Language, name: str, kinds: list[str] | None,
                 published: str | None) -> VnfactsComponent:
    return VnfactsComponent(kinds, published)

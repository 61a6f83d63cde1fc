"""segment: sentences and words, aligned to the stored text. (Interim regex version:
replaced by the underthesea-based segmenter with the same API.)"""

from __future__ import annotations

import regex

from pipeline.types import Article, Doc, Sentence, Token

_SENT = regex.compile(r"[^\n.!?]+(?:[.!?]+|$)", regex.M)
_WORD = regex.compile(r"\w+|[^\w\s]", regex.U)


def segment(article: Article) -> Doc:
    text = article.text
    sents: list[Sentence] = []
    for m in _SENT.finditer(text):
        if not m.group().strip():
            continue
        toks = tuple(
            Token(w.start(), w.end(), w.group()) for w in _WORD.finditer(text, m.start(), m.end())
        )
        sents.append(Sentence(m.start(), m.end(), toks))
    return Doc(article=article, sentences=sents)

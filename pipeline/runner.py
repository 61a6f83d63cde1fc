"""runner: one article through the stages after ingest (segment → extract) with error isolation.

`process` is pure (no I/O): every engine (local, later Dask) calls it, in or out of process.
An exception in a stage becomes the result's `error`/`stage`; the stages that can still run,
do: a failing extractor costs its own kind only, never the article's other facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.types import Article, ArticleResult, Doc, Fact


def _describe(e: BaseException) -> str:
    msg = str(e).strip().splitlines()
    return f"{type(e).__name__}: {msg[0][:500]}" if msg else type(e).__name__


def _check_offsets(doc: Doc, facts: Sequence[Fact]) -> list[str]:
    """Problems with facts that break the offset contract (text must equal text[start:end])."""
    n = len(doc.text)
    return [
        f"{f.kind} fact {f.start}:{f.end} {f.text!r} does not match the text"
        for f in facts
        if f.end > n or doc.text[f.start:f.end] != f.text
    ]


def process(article: Article, kinds: Iterable[str] | None = None) -> ArticleResult:
    """Segment and extract one article; never raises for an article's own failure."""
    from extractors import ORDER, module, plan
    from pipeline.segment import segment

    requested = set(ORDER if kinds is None else kinds)
    try:
        doc = segment(article)
    except Exception as e:  # noqa: BLE001 - isolate: the article's error, not the run's
        return ArticleResult(article=article, source=article.source, error=_describe(e),
                             stage="segment")

    prior: dict[str, list[Fact]] = {}
    failed: list[tuple[str, str]] = []
    for kind in plan(requested):
        try:
            facts = list(module(kind).extract(doc, prior))
        except Exception as e:  # noqa: BLE001 - one extractor's bug must not cost the others
            failed.append((f"extract:{kind}", _describe(e)))
            facts = []
        bad = _check_offsets(doc, facts)
        if bad:
            failed.append((f"check:{kind}", "; ".join(bad[:3])
                           + (f" (+{len(bad) - 3} more)" if len(bad) > 3 else "")))
            facts = [f for f in facts if f.end <= len(doc.text) and doc.text[f.start:f.end] == f.text]
        prior[kind] = facts

    out = [f for k, fs in prior.items() if k in requested for f in fs]
    out.sort(key=lambda f: (f.start, f.end, ORDER.index(f.kind)))
    if not failed:
        return ArticleResult(article=article, source=article.source, facts=out)
    return ArticleResult(
        article=article, source=article.source, facts=out,
        stage=",".join(s for s, _ in failed), error=" | ".join(f"{s}: {m}" for s, m in failed),
    )

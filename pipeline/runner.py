"""runner: one article through the stages after ingest (segment → extract) with error isolation.

`process` is pure (no I/O): every engine (local, later Dask) calls it, in or out of process.
An exception in a stage becomes the result's `error`/`stage`; the stages that can still run,
do: a failing extractor costs its own kind only, never the article's other facts.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from vnfacts.pipeline.types import (
    Article,
    ArticleResult,
    Doc,
    Fact,
    RawInput,
    kind_names,
    plan,
    spec,
)

#: Seconds one article may spend in segment + extract before the rest of it is given up
#: (a pattern that still backtracks catastrophically on some input). The `regex` module
#: checks for signals while it matches, so SIGALRM interrupts even one long match.
#: VNFACTS_ARTICLE_BUDGET overrides it; 0 turns the guard off.
ARTICLE_BUDGET_S = float(os.environ.get("VNFACTS_ARTICLE_BUDGET", "120"))


class BudgetExceeded(Exception):  # noqa: N818 - reads as the error message's first word
    """The article used up its time budget."""


@contextmanager
def _time_limit(seconds: float | None, budget: float) -> Iterator[None]:
    """Raise BudgetExceeded in this block after `seconds` (what is left of the article's
    `budget`). Needs SIGALRM and the main thread (where engine workers run articles);
    elsewhere the block runs unguarded."""
    if (not seconds or seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise BudgetExceeded(f"article time budget of {budget:g} s exceeded")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


class ExtractionError(RuntimeError):
    """`run_all` found an extractor that failed or broke the offset contract."""


def extract_doc(
    doc: Doc, kinds: Iterable[str] | None = None, *, budget: float | None = None,
    deadline: float | None = None,
) -> tuple[list[Fact], list[tuple[str, str]]]:
    """Run the requested extractors (and what they require) on one segmented doc.

    Returns (facts in text order, failures as (stage, message)). Each extractor runs
    isolated (its exception costs its own kind only), its facts are checked against the
    offset contract, and the article's time `budget` (seconds; `deadline` is when it ends,
    a time.monotonic value) bounds them all."""
    import time

    names = kind_names()
    requested = set(names if kinds is None else kinds)
    budget = ARTICLE_BUDGET_S if budget is None else budget
    if deadline is None and budget > 0:
        deadline = time.monotonic() + budget

    def left() -> float | None:
        return None if deadline is None else max(deadline - time.monotonic(), 0.001)

    prior: dict[str, list[Fact]] = {}
    failed: list[tuple[str, str]] = []
    for kind in plan(requested):
        try:
            if deadline is not None and time.monotonic() >= deadline:
                raise BudgetExceeded(f"skipped: article time budget of {budget:g} s used up")
            with _time_limit(left(), budget):
                facts = list(spec(kind).extract(doc, prior))
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
    out.sort(key=lambda f: (f.start, f.end, names.index(f.kind)))
    return out, failed


def run_all(doc: Doc, kinds: Iterable[str] | None = None) -> list[Fact]:
    """The facts of one segmented doc, raising ExtractionError on any failure (for tests
    and notebooks that want a bug loud; engines use `process`, which stores it)."""
    facts, failed = extract_doc(doc, kinds, budget=0)
    if failed:
        raise ExtractionError(" | ".join(f"{s}: {m}" for s, m in failed))
    return facts


def process(
    article: Article, kinds: Iterable[str] | None = None, *, budget: float | None = None,
) -> ArticleResult:
    """Segment and extract one article; never raises for an article's own failure.

    `budget` (default ARTICLE_BUDGET_S) bounds the article's time: the stage running when
    it runs out, and the extractors after it, become the article's error."""
    import time

    from vnfacts.pipeline.segment import segment

    budget = ARTICLE_BUDGET_S if budget is None else budget
    deadline = time.monotonic() + budget if budget > 0 else None
    try:
        with _time_limit(budget or None, budget):
            doc = segment(article)
    except Exception as e:  # noqa: BLE001 - isolate: the article's error, not the run's
        return ArticleResult(article=article, source=article.source, error=_describe(e),
                             stage="segment")
    out, failed = extract_doc(doc, kinds, budget=budget, deadline=deadline)
    if not failed:
        return ArticleResult(article=article, source=article.source, facts=out)
    return ArticleResult(
        article=article, source=article.source, facts=out,
        stage=",".join(s for s, _ in failed), error=" | ".join(f"{s}: {m}" for s, m in failed),
    )


def process_batch(items: Iterable[Article | RawInput], kinds: Iterable[str] | None = None,
                  budget: float | None = None) -> list[ArticleResult]:
    """Results for a batch of an engine's items, in order: a RawInput is ingested first
    (`ingest.load_input`; it may hold several articles, or fail as an input), an Article
    processed (within `budget` seconds each, as `process`). What engines run in their
    workers."""
    from vnfacts.pipeline.ingest import load_input

    kinds_l = list(kinds) if kinds is not None else None
    out: list[ArticleResult] = []
    for item in items:
        for a in load_input(item) if isinstance(item, RawInput) else (item,):
            out.append(a if isinstance(a, ArticleResult) else process(a, kinds_l, budget=budget))
    return out


def warm_up(kinds: Iterable[str] | None = None) -> None:
    """Load underthesea's models and the extractors (what a worker does once, at start)."""
    from vnfacts.pipeline.types import text_sha256

    text = "Ngày 1/1/2020, ông Nguyễn Văn A nói."
    sha = text_sha256(text)
    process(Article(id=sha[:16], source="<warm-up>", format="txt", sha256=sha, text=text), kinds)


def lost(item: Article | RawInput, error: str, stage: str = "worker") -> ArticleResult:
    """The result of an item whose worker was lost (crash, OOM kill) before it answered:
    an error of its source, no article (the run does not hold it, so a resume retries it)."""
    return ArticleResult(article=None, source=item.source, stage=stage, error=error)

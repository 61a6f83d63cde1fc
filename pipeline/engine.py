"""engine: runs `runner.process` over a stream of articles and writes results to the store.

The local engine: `workers == 1` processes in this process; `workers > 1` uses a process
pool whose workers load the models once (initializer). The input is streamed with a bounded
number of articles in flight, so memory stays flat whatever the corpus size; results are
written by ONE writer (this process) in batches (`batch_size` articles or `flush_seconds`),
each batch one transaction. Another engine (Dask) only has to provide `process_stream`.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any, BinaryIO, Literal

from pipeline import __version__
from pipeline.runner import process
from pipeline.store import Store, StoreError
from pipeline.types import KINDS, Article, ArticleResult

Engine = Literal["local", "dask"]
Item = Article | ArticleResult  # what ingest yields: an article, or the error of an input

#: Articles per task sent to a worker: amortises pickling/IPC over a few articles.
CHUNK = 8


# ---------------------------------------------------------------- input


def iter_inputs(paths: Sequence[str], *, stdin: BinaryIO | None = None,
                published: dt.datetime | None = None) -> Iterator[Item]:
    """Articles from files, directories and "-" (stdin bytes), streamed (pipeline.ingest)."""
    from pipeline.ingest import iter_articles

    return iter_articles(paths, stdin=stdin, published=published)


# ---------------------------------------------------------------- processing


def _watch_parent(parent: int) -> None:
    # A worker whose parent was killed (SIGKILL: no clean shutdown) exits instead of lingering.
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(kinds: list[str] | None, parent: int) -> None:
    """Load the segmenter's models and the extractors once per worker process."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    from pipeline.api import make_article

    process(make_article("Ngày 1/1/2020, ông Nguyễn Văn A nói."), kinds)


def _process_chunk(articles: list[Article], kinds: list[str] | None) -> list[ArticleResult]:
    return [process(a, kinds) for a in articles]


def _chunks(items: Iterable[Item], size: int) -> Iterator[tuple[list[Article], list[ArticleResult]]]:
    """Group articles into chunks; ingest errors ride along with the chunk they precede."""
    arts: list[Article] = []
    errs: list[ArticleResult] = []
    for it in items:
        if isinstance(it, ArticleResult):
            errs.append(it)
        else:
            arts.append(it)
        if len(arts) >= size or len(errs) >= size:
            yield arts, errs
            arts, errs = [], []
    if arts or errs:
        yield arts, errs


def process_stream(items: Iterable[Item], kinds: Sequence[str] | None = None, *,
                   workers: int = 1, engine: Engine = "local") -> Iterator[ArticleResult]:
    """Results for a stream of articles; at most ~4 chunks per worker in flight."""
    kinds_l = list(kinds) if kinds is not None else None
    if engine == "dask":
        raise NotImplementedError("the Dask engine is not implemented yet (use engine='local')")
    if workers <= 1:
        for it in items:
            yield it if isinstance(it, ArticleResult) else process(it, kinds_l)
        return

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                   initializer=_init_worker, initargs=(kinds_l, os.getpid()))

    pool = new_pool()
    window: deque[tuple[Future[list[ArticleResult]] | None, list[Article], list[ArticleResult]]] = deque()

    def drain_one() -> Iterator[ArticleResult]:
        nonlocal pool
        fut, arts, errs = window.popleft()
        yield from errs
        if fut is None:
            return
        try:
            yield from fut.result()
        except Exception as e:  # a worker died (crash, OOM kill): its articles are errors
            from concurrent.futures.process import BrokenProcessPool

            for a in arts:
                yield ArticleResult(article=a, source=a.source, stage="worker",
                                    error=f"{type(e).__name__}: {e}")
            if isinstance(e, BrokenProcessPool):
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                # Chunks queued behind the crash were lost with the pool: resubmit them.
                for i in range(len(window)):
                    f, a2, e2 = window[i]
                    if f is not None and a2:
                        window[i] = (pool.submit(_process_chunk, a2, kinds_l), a2, e2)

    try:
        for arts, errs in _chunks(items, CHUNK):
            fut = pool.submit(_process_chunk, arts, kinds_l) if arts else None
            window.append((fut, arts, errs))
            # Hand on what is ready (keeps latency low when the input stalls, e.g. stdin).
            while window and (len(window) >= 4 * workers
                              or window[0][0] is None or window[0][0].done()):
                yield from drain_one()
        while window:
            yield from drain_one()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- runs


@dataclass(slots=True)
class RunSummary:
    """What a run did (totals include what earlier attempts of a resumed run stored)."""

    run_id: int
    db: str
    articles: int = 0
    errors: int = 0
    facts: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    skipped: int = 0  # articles a resume found already done
    processed: int = 0  # articles processed by this invocation
    seconds: float = 0.0
    finished: bool = False
    error_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.errors > 0


Progress = Callable[[int], None]


def run(
    store: Store, paths: Sequence[str], *, kinds: Sequence[str] | None = None,
    workers: int = 1, published: dt.datetime | None = None, resume: int | None = None,
    stdin: BinaryIO | None = None, batch_size: int = 200, flush_seconds: float = 2.0,
    engine: Engine = "local", on_progress: Progress | None = None,
) -> RunSummary:
    """Run the pipeline over `paths` into `store`; a new run, or `resume` an earlier one.

    Raises StoreError when the database cannot be written; the run then stays unfinished
    (resumable): every batch is one transaction, so what was written is whole articles.
    """
    t0 = time.monotonic()
    kinds_l = sorted(kinds, key=KINDS.index) if kinds is not None else list(KINDS)
    done_ids: set[str] = set()
    done_sources: set[str] = set()
    if resume is None:
        config = {"paths": list(paths), "kinds": kinds_l, "workers": workers, "engine": engine,
                  "published": published.isoformat() if published else None}
        run_id = store.start_run(config, __version__)
    else:
        info = store.run(resume)
        if info is None:
            raise StoreError(f"no run {resume} in {store.path}")
        run_id = resume
        done_ids, done_sources = store.done_keys(run_id)
        store.reopen_run(run_id)

    summary = RunSummary(run_id=run_id, db=store.path)
    pending: list[ArticleResult] = []
    last_flush = time.monotonic()

    def todo() -> Iterator[Item]:
        for it in iter_inputs(paths, stdin=stdin, published=published):
            key_done = (it.source in done_sources if isinstance(it, ArticleResult)
                        else it.id in done_ids or it.source in done_sources)
            if key_done:
                summary.skipped += 1
                continue
            yield it

    def flush() -> None:
        nonlocal last_flush
        if pending:
            store.write_batch(run_id, pending)
            pending.clear()
        last_flush = time.monotonic()

    for res in process_stream(todo(), kinds_l, workers=workers, engine=engine):
        pending.append(res)
        summary.processed += 1
        if on_progress is not None:
            on_progress(summary.processed)
        if len(pending) >= batch_size or time.monotonic() - last_flush >= flush_seconds:
            flush()
    flush()

    info = store.finish_run(run_id)
    counts = store.run_counts(run_id)
    summary.articles = counts["articles"]
    summary.errors = counts["errors"]
    summary.facts = counts["facts"]
    summary.error_rows = store.errors(run_id)[:20]
    summary.finished = info.finished is not None
    summary.seconds = time.monotonic() - t0
    return summary

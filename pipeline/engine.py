"""engine: runs `runner.process` over a stream of articles and writes results to the store.

The local engine: `workers == 1` processes in this process; `workers > 1` uses a process
pool whose workers load the models once (initializer). This process only names the inputs
(ingest.iter_inputs); the workers read, decode and parse them (runner.process_batch), so the
one process that feeds them and writes stays light. The input is streamed with a bounded
number of inputs in flight, so memory stays flat whatever the corpus size; results are
written by ONE writer (this process) in batches (`batch_size` articles or `flush_seconds`),
each batch one transaction. Another engine (Dask) only has to provide `process_stream`.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any, BinaryIO, Literal

from vnfacts.pipeline import __version__
from vnfacts.pipeline.ingest import iter_inputs
from vnfacts.pipeline.runner import lost, process_batch, warm_up
from vnfacts.pipeline.store import Store, StoreError
from vnfacts.pipeline.types import Article, ArticleResult, RawInput, kind_names

Engine = Literal["local", "dask"]
#: What an engine consumes: an input to read (ingested in the worker), an article already
#: read, or the error of an input that named nothing readable.
Item = RawInput | Article | ArticleResult

#: Inputs per task sent to a worker: amortises pickling/IPC over a few articles.
CHUNK = 8


class WorkersFailed(RuntimeError):
    """The worker processes could not start (their initializer failed or they died)."""

    run_id: int | None = None  # set by `run`: the unfinished run to resume once fixed


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
    warm_up(kinds)


class _Tick:
    """Yielded by a stream when its input has been idle for a while (lets the writer flush)."""

    def __repr__(self) -> str:
        return "TICK"


TICK = _Tick()
_END = object()


def _prefetch(items: Iterable[Item], maxsize: int, tick: float) -> Iterator[Item | _Tick]:
    """Read `items` in a thread into a bounded queue; TICK when none came for `tick` seconds.

    Reading (ingest: file I/O, stdin, HTML parsing) then overlaps processing, and a stalled
    input (a pipe) no longer stalls handing on results that are ready.
    """
    q: queue.Queue[Any] = queue.Queue(maxsize)
    stop = threading.Event()

    def put(x: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(x, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def feed() -> None:
        try:
            for it in items:
                if not put(it):
                    return
            put(_END)
        except BaseException as e:  # noqa: BLE001 - re-raised in the consuming thread
            put(e)

    threading.Thread(target=feed, name="vnfacts-ingest", daemon=True).start()
    try:
        while True:
            try:
                x = q.get(timeout=tick)
            except queue.Empty:
                yield TICK
                continue
            if x is _END:
                return
            if isinstance(x, BaseException):
                raise x
            yield x
    finally:
        stop.set()


def process_stream(items: Iterable[Item], kinds: Sequence[str] | None = None, *,
                   workers: int = 1, engine: Engine = "local",
                   tick: float | None = None, scheduler: str | None = None,
                   budget: float | None = None) -> Iterator[Any]:
    """Results (ArticleResult) for a stream of articles, in input order; bounded: at most
    ~4 chunks per worker in flight. With `tick`, also yields TICK when the input is idle
    that long (callers flushing on time use it; without `tick` no TICK is yielded).
    engine="dask" runs on a Dask cluster (`scheduler`, else a LocalCluster of `workers`).
    `budget`: seconds per article (runner.process; default ARTICLE_BUDGET_S)."""
    kinds_l = list(kinds) if kinds is not None else None
    if engine == "dask":
        from vnfacts.pipeline import engine_dask

        yield from engine_dask.process_stream(items, kinds_l, scheduler=scheduler,
                                              workers=workers or None, tick=tick,
                                              budget=budget)
        return
    feed = _prefetch(items, maxsize=max(64, 8 * CHUNK * workers), tick=tick or 0.5)
    if workers <= 1:
        for it in feed:
            if isinstance(it, _Tick):
                if tick is not None:
                    yield it
            else:
                yield from [it] if isinstance(it, ArticleResult) else process_batch([it], kinds_l, budget)
        return

    def new_pool() -> ProcessPoolExecutor:
        p = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                initializer=_init_worker, initargs=(kinds_l, os.getpid()))
        # Wait until the workers answer: workers that cannot start would otherwise turn
        # every article of the run into a "worker" error, one broken pool after another.
        try:
            for f in [p.submit(os.getpid) for _ in range(workers)]:
                f.result()
        except BrokenProcessPool as e:
            p.shutdown(wait=False, cancel_futures=True)
            raise WorkersFailed(f"the worker processes could not start ({e}); their "
                                "error is printed above") from None
        return p

    pool = new_pool()
    window: deque[tuple[Future[list[ArticleResult]] | None, list[Article | RawInput],
                        list[ArticleResult]]] = deque()
    arts: list[Article | RawInput] = []
    errs: list[ArticleResult] = []

    def submit() -> None:
        nonlocal arts, errs
        if arts or errs:
            fut = pool.submit(process_batch, arts, kinds_l, budget) if arts else None
            window.append((fut, arts, errs))
            arts, errs = [], []

    def drain_one() -> Iterator[ArticleResult]:
        nonlocal pool
        fut, chunk, chunk_errs = window.popleft()
        yield from chunk_errs
        if fut is None:
            return
        try:
            results = fut.result()
        except Exception as e:  # a worker died (crash, OOM kill): its articles are errors
            for a in chunk:
                yield lost(a, f"{type(e).__name__}: {e}")
            if isinstance(e, BrokenProcessPool):
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                # Chunks queued behind the crash were lost with the pool: resubmit them.
                for i in range(len(window)):
                    f, a2, e2 = window[i]
                    if f is not None and a2:
                        window[i] = (pool.submit(process_batch, a2, kinds_l, budget), a2, e2)
        else:
            yield from results

    def ready() -> bool:
        return bool(window) and (window[0][0] is None or window[0][0].done())

    try:
        for it in feed:
            if isinstance(it, _Tick):
                submit()  # an idle input: don't hold a partial chunk back
                while ready():
                    yield from drain_one()
                if tick is not None:
                    yield it
                continue
            if isinstance(it, ArticleResult):
                errs.append(it)
            else:
                arts.append(it)
            if len(arts) >= CHUNK or len(errs) >= CHUNK:
                submit()
            while len(window) >= 4 * workers or ready():
                yield from drain_one()
        submit()
        while window:
            yield from drain_one()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- runs


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: what was processed is stored; the run is left unfinished."""

    def __init__(self, run_id: int) -> None:
        super().__init__(f"run {run_id} interrupted")
        self.run_id = run_id


@dataclass(slots=True)
class RunSummary:
    """What a run did (totals include what earlier attempts of a resumed run stored)."""

    run_id: int
    db: str
    articles: int = 0
    errors: int = 0
    facts: dict[str, int] = field(default_factory=lambda: {k: 0 for k in kind_names()})
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
    scheduler: str | None = None, budget: float | None = None,
) -> RunSummary:
    """Run the pipeline over `paths` into `store`; a new run, or `resume` an earlier one.

    Raises StoreError (with `run_id` set once the run exists) when the database cannot be
    written, RunInterrupted on Ctrl-C; the run then stays unfinished and resumable: every
    batch is one transaction, so what was written is whole articles.
    """
    t0 = time.monotonic()
    kinds_l = sorted(kinds, key=kind_names().index) if kinds is not None else list(kind_names())
    done_ids: set[str] = set()
    done_sources: set[str] = set()
    if resume is None:
        config = {"paths": list(paths), "kinds": kinds_l, "workers": workers, "engine": engine,
                  "published": published.isoformat() if published else None,
                  "budget": budget}
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
        # A resume skips an input the run already holds before it is read (by source) ...
        for it in iter_inputs(paths, stdin=stdin, published=published):
            if it.source in done_sources:
                summary.skipped += 1
                continue
            yield it

    def done(res: ArticleResult) -> bool:
        # ... and, once read, an article it holds under another source (by id).
        a = res.article
        return a.id in done_ids if a is not None else res.source in done_sources

    def flush() -> None:
        nonlocal last_flush
        if pending:
            store.write_batch(run_id, pending)
            pending.clear()
        last_flush = time.monotonic()

    try:
        for res in process_stream(todo(), kinds_l, workers=workers, engine=engine,
                                  tick=min(flush_seconds, 0.5), scheduler=scheduler,
                                  budget=budget):
            if isinstance(res, ArticleResult) and resume is not None and done(res):
                summary.skipped += 1
            elif isinstance(res, ArticleResult):
                pending.append(res)
                summary.processed += 1
                if on_progress is not None:
                    on_progress(summary.processed)
            if len(pending) >= batch_size or time.monotonic() - last_flush >= flush_seconds:
                flush()
        flush()
    except KeyboardInterrupt:
        try:
            flush()  # the results in hand are whole articles: keep them for the resume
        except StoreError:
            pass
        raise RunInterrupted(run_id) from None
    except StoreError as e:
        e.run_id = run_id
        raise
    except WorkersFailed as e:
        flush()  # what came back before is whole articles: keep it for the resume
        e.run_id = run_id
        raise

    info = store.finish_run(run_id)
    counts = store.run_counts(run_id)
    summary.articles = counts["articles"]
    summary.errors = counts["errors"]
    summary.facts = counts["facts"]
    summary.error_rows = store.errors(run_id)[:20]
    summary.finished = info.finished is not None
    summary.seconds = time.monotonic() - t0
    return summary

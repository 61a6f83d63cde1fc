"""executors: where batches of articles run, and the one bounded, in-order window over them.

An engine is a feed of items (inputs to read, articles, input errors), an `Executor` that
runs a task on a batch somewhere, and a sink that keeps the results (pipeline/sinks.py).
`window` is the streaming part, written once for every executor: it cuts the feed into
batches of `CHUNK`, keeps at most `executor.capacity` batches in flight (memory stays flat
whatever the corpus size), and yields their results in input order as they come back. A
batch whose task failed outright (a worker killed) costs its own items only: they become
errors of stage "worker" (`runner.lost`), and the run goes on.

Executors: `InProcess` (runs the task here, at once), `LocalPool` (worker processes that
load the models once, rebuilt when one dies) and, with the dask extra,
`engine_dask.DaskExecutor`. Nothing here imports the store, the CLI or the terminal.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Protocol

from vnfacts.pipeline.runner import lost, warm_up
from vnfacts.pipeline.types import Article, ArticleResult, RawInput

#: What an engine consumes: an input to read (ingested in the worker), an article already
#: read, or the error of an input that named nothing readable.
Item = RawInput | Article | ArticleResult

#: Inputs per task sent to a worker: amortises pickling/IPC (and Dask's ~1 ms per task)
#: over a few articles, small enough to spread a few hundred articles over many workers.
CHUNK = 8
#: Batches in flight per worker (bounded: the feeding process never holds the corpus).
IN_FLIGHT = 4


class WorkersFailed(RuntimeError):
    """The worker processes could not start (their initializer failed or they died)."""

    run_id: int | None = None  # set by `engine.run`: the unfinished run to resume once fixed


@dataclass(frozen=True, slots=True)
class Written:
    """What a task that writes its own results (a Parquet shard) hands back per result."""

    source: str
    error: bool


class Handle(Protocol):
    """A submitted task: concurrent.futures.Future and distributed.Future both fit."""

    def done(self) -> bool: ...
    def result(self) -> Any: ...


class Executor(Protocol):
    """Runs `fn(*args)` on a batch somewhere (here, a process pool, a Dask cluster)."""

    #: How many tasks may be in flight at once, and how many items make one task.
    capacity: int
    batch: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle: ...

    def recover(self, error: BaseException) -> bool:
        """After a task failed with `error`: True when the executor was rebuilt, so the
        tasks still in flight were lost with it and must be submitted again."""
        ...

    def release(self, handle: Handle) -> None: ...

    def close(self) -> None: ...


class _Done:
    """The handle of a task that already ran (InProcess)."""

    __slots__ = ("_value", "_error")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        try:
            self._value = fn(*args)
        except Exception as e:  # noqa: BLE001 - re-raised by result(), like a Future
            self._error = e

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value


class InProcess:
    """Tasks run here, one item at a time, when submitted (`workers == 1`)."""

    capacity = 1
    batch = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return _Done(fn, args)

    def recover(self, error: BaseException) -> bool:
        return False

    def release(self, handle: Handle) -> None:
        pass

    def close(self) -> None:
        pass


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


class LocalPool:
    """`workers` spawned processes that load the models once (articles run in their main
    thread, where the time budget's SIGALRM works); a pool a worker died in is rebuilt."""

    def __init__(self, workers: int, kinds: list[str] | None) -> None:
        self.workers, self.kinds = workers, kinds
        self.capacity = IN_FLIGHT * workers
        self.batch = CHUNK
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        p = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"),
                                initializer=_init_worker, initargs=(self.kinds, os.getpid()))
        # Wait until the workers answer: workers that cannot start would otherwise turn
        # every article of the run into a "worker" error, one broken pool after another.
        try:
            for f in [p.submit(os.getpid) for _ in range(self.workers)]:
                f.result()
        except BrokenProcessPool as e:
            p.shutdown(wait=False, cancel_futures=True)
            raise WorkersFailed(f"the worker processes could not start ({e}); their "
                                "error is printed above") from None
        return p

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return self._pool.submit(fn, *args)

    def recover(self, error: BaseException) -> bool:
        if not isinstance(error, BrokenProcessPool):
            return False
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new()
        return True

    def release(self, handle: Handle) -> None:
        pass

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- the feed


class _Tick:
    """Yielded by a stream when its input has been idle for a while (lets the writer flush)."""

    def __repr__(self) -> str:
        return "TICK"


TICK = _Tick()
_END = object()


def prefetch(items: Iterable[Any], maxsize: int, tick: float) -> Iterator[Any]:
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


# ---------------------------------------------------------------- the window


def _lost_message(e: BaseException) -> str:
    first = str(e).strip().splitlines()
    return f"{type(e).__name__}: {first[0][:300] if first else ''}"


def window(items: Iterable[Item], executor: Executor, task: Callable[..., list[Any]],
           *args: Any, tick: float | None = None, errors_to_task: bool = False,
           ) -> Iterator[Any]:
    """The results of `task(batch, *args)` over `items`, in input order, with at most
    `executor.capacity` batches in flight. Input errors (ArticleResult items) pass through
    in order; with `errors_to_task` they go to the task instead, as `task(batch, errors,
    *args)` (a task that writes its results itself). With `tick`, TICK is yielded when the
    input is idle that long (a partial batch is submitted then, so a slow input never
    holds results back)."""
    feed = prefetch(items, maxsize=max(64, 2 * executor.batch * executor.capacity),
                    tick=tick or 0.5)
    # (task or None, its items, input errors; the errors went to the task with it)
    flight: deque[tuple[Handle | None, list[Any], list[ArticleResult], bool]] = deque()
    arts: list[Any] = []
    errs: list[ArticleResult] = []

    def submit_to(chunk: list[Any], chunk_errs: list[ArticleResult]) -> Handle:
        if errors_to_task:
            return executor.submit(task, chunk, chunk_errs, *args)
        return executor.submit(task, chunk, *args)

    def submit() -> None:
        nonlocal arts, errs
        if arts or errs:
            with_task = bool(arts) or (errors_to_task and bool(errs))
            flight.append((submit_to(arts, errs) if with_task else None, arts, errs,
                           with_task and errors_to_task))
            arts, errs = [], []

    def drain_one() -> Iterator[Any]:
        fut, chunk, chunk_errs, errs_in_task = flight.popleft()
        if not errs_in_task:
            yield from chunk_errs
        if fut is None:
            return
        try:
            results = fut.result()
        except Exception as e:  # noqa: BLE001 - a lost task costs its batch only
            msg = _lost_message(e)
            if errs_in_task:  # not written by the task: they come back to the caller
                yield from chunk_errs
            yield from (lost(a, msg) for a in chunk)
            if executor.recover(e):
                # Batches queued behind the crash were lost with the workers: resubmit them.
                for i, (f, a2, e2, in_task) in enumerate(flight):
                    if f is not None:
                        flight[i] = (submit_to(a2, e2), a2, e2, in_task)
        else:
            yield from results
        finally:
            executor.release(fut)

    def ready() -> bool:
        return bool(flight) and (flight[0][0] is None or flight[0][0].done())

    for it in feed:
        if it is TICK:
            submit()
            while ready():
                yield from drain_one()
            if tick is not None:
                yield TICK
            continue
        (errs if isinstance(it, ArticleResult) else arts).append(it)
        if len(arts) >= executor.batch or len(errs) >= executor.batch:
            submit()
        while len(flight) >= executor.capacity or ready():
            yield from drain_one()
    submit()
    while flight:
        yield from drain_one()

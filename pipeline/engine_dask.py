"""engine_dask: the Dask executor — the same stages (`runner.process_batch`) as Dask tasks.

`DaskExecutor` fits the engine core's executor protocol (pipeline/executors.py): the core's
one window streams the input, cuts it into batches and keeps a few batches per worker
thread in flight; this module only submits them with `client.submit`. The client reads each
file's bytes (`portable`: a worker may not see the client's files); the workers decode and
parse them. Without a scheduler address a `LocalCluster` is started (one single-threaded
worker process per core, no dashboard). Workers are long-lived processes: underthesea's
models are loaded once per worker (warmed up by `client.run`), never per task.

The article time budget: Dask runs tasks in a worker's threads, where SIGALRM cannot reach
(Python runs signal handlers in the main thread only). So a task run off the main thread
hands its batch to a child process of the worker (one per worker, started once, models
loaded once) whose main thread runs the articles under the budget, exactly as a local pool
worker does; a child killed or wedged is replaced. Dask, distributed and pyarrow are the
optional extra `vnfacts[dask]`; they are imported lazily, with a clear error when missing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from vnfacts.pipeline.executors import CHUNK, IN_FLIGHT, TICK, Handle, window
from vnfacts.pipeline.types import ArticleResult, RawInput

__all__ = ["CHUNK", "DaskExecutor", "DaskUnavailable", "client_for", "process_stream", "require"]

#: How long to try reaching a given scheduler before giving up.
CONNECT_TIMEOUT = "30s"

EXTRA_HINT = "pip install 'vnfacts[dask]'"


class DaskUnavailable(RuntimeError):
    """The dask extra is not installed (or the scheduler cannot be reached)."""


def require(*modules: str) -> None:
    """Import-check the optional modules; raise DaskUnavailable naming the extra."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as e:
            raise DaskUnavailable(
                f"the Dask engine needs {name!r}, which is not installed: {EXTRA_HINT}"
            ) from e


@contextlib.contextmanager
def client_for(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A distributed.Client: connected to `scheduler` (tcp://HOST:PORT or a scheduler-file
    path ending in .json), else to a new LocalCluster of `workers` (default: cores) processes."""
    require("dask", "distributed")
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            if scheduler.endswith(".json"):
                client = Client(scheduler_file=scheduler, timeout=CONNECT_TIMEOUT)
            else:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as e:
            raise DaskUnavailable(f"cannot reach the Dask scheduler {scheduler}: {e}") from e
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    # One thread per worker: the pipeline is pure Python (GIL-bound); processes give cores.
    # No dashboard; the scheduler's HTTP endpoints still start, so bind them to a free
    # loopback port (dashboard_address=None would take 8787, and warn when it is taken).
    import dask

    # Non-daemonic workers: each starts the child process that runs its articles under the
    # time budget (a daemonic process may not have children).
    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def _warm(kinds: list[str] | None) -> bool:
    """Run on each worker: start its child process (which loads underthesea's models and
    the extractors once); where no child can start, load them in the worker itself."""
    from vnfacts.pipeline.runner import warm_up

    if _start_child(kinds) is False:
        warm_up(kinds)
    return True


# ---------------------------------------------------------------- the budget in a thread

_child_lock = threading.Lock()
_child: Any = None  # this worker's ProcessPoolExecutor of one process, started on first use


def _start_child(kinds: list[str] | None) -> Any:
    """This worker's child pool (started once), or False where none can start."""
    global _child
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    from vnfacts.pipeline.executors import _init_worker

    with _child_lock:
        if _child is None:
            try:
                _child = ProcessPoolExecutor(
                    max_workers=1, mp_context=get_context("spawn"),
                    initializer=_init_worker, initargs=(kinds, os.getpid()))
                _child.submit(os.getpid).result()
            except (AssertionError, OSError, BrokenProcessPool):  # daemonic: no children
                _child = False
        return _child


def _in_child(items: list[Any], kinds: list[str] | None,
              budget: float | None) -> list[ArticleResult]:
    """`process_batch` in this worker's child process (main thread: SIGALRM works there).
    Falls back to running here, unguarded, where a child cannot be started (a daemonic
    worker of an external cluster: start it with `--no-nanny` or
    DASK_DISTRIBUTED__WORKER__DAEMON=False)."""
    global _child
    from concurrent.futures.process import BrokenProcessPool

    from vnfacts.pipeline.runner import process_batch

    pool = _start_child(kinds)
    if pool is False:
        return process_batch(items, kinds, budget)
    try:
        return pool.submit(process_batch, items, kinds, budget).result()
    except BrokenProcessPool:
        with _child_lock:  # the child died (OOM kill): the next batch starts a new one
            if _child is pool:
                _child = None
        raise


def _process_batch(items: list[Any], kinds: list[str] | None,
                   budget: float | None = None) -> list[ArticleResult]:
    """The Dask task: a batch's results, its articles run under the time budget."""
    from vnfacts.pipeline.runner import ARTICLE_BUDGET_S, process_batch

    if threading.current_thread() is threading.main_thread() or \
            (ARTICLE_BUDGET_S if budget is None else budget) <= 0:
        return process_batch(items, kinds, budget)
    return _in_child(items, kinds, budget)


def portable(items: Iterable[Any]) -> Iterator[Any]:
    """Inputs with their bytes read here: a worker on another machine may not see this
    machine's files. The workers still decode and parse them."""
    from vnfacts.pipeline.ingest import with_bytes

    for it in items:
        yield with_bytes(it) if isinstance(it, RawInput) else it


class DaskExecutor:
    """The executor protocol on a distributed.Client (pipeline/executors.py)."""

    batch = CHUNK

    def __init__(self, client: Any, kinds: list[str] | None) -> None:
        self.client = client
        client.run(_warm, kinds)
        self.capacity = IN_FLIGHT * max(1, sum(client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        # pure=False: the same texts may repeat in a corpus (and do in the bench).
        return self.client.submit(fn, *args, pure=False)

    def recover(self, error: BaseException) -> bool:
        return False  # Dask reschedules a lost worker's tasks itself

    def release(self, handle: Any) -> None:
        handle.release()

    def close(self) -> None:
        pass


@contextlib.contextmanager
def executor(kinds: list[str] | None, scheduler: str | None = None,
             workers: int | None = None) -> Iterator[DaskExecutor]:
    """A DaskExecutor on `scheduler` (or a new LocalCluster of `workers`)."""
    with client_for(scheduler, workers) as client:
        yield DaskExecutor(client, kinds)


def process_stream(items: Iterable[Any], kinds: Sequence[str] | None = None, *,
                   scheduler: str | None = None, workers: int | None = None,
                   tick: float | None = None, budget: float | None = None) -> Iterator[Any]:
    """Results for a stream of articles (and input errors), in input order, computed on a
    Dask cluster; with `tick`, TICK is yielded when the input is idle (as the local engine)."""
    kinds_l = list(kinds) if kinds is not None else None
    with executor(kinds_l, scheduler, workers) as ex:
        # The task is looked up here, not bound at import: tests replace it.
        yield from window(portable(items), ex, _process_batch, kinds_l, budget, tick=tick)


__all__ += ["TICK", "portable", "executor"]

"""engine: runs `runner.process` over a stream of articles into a sink — the one engine core.

Three parts, each written once: an executor runs batches somewhere (pipeline/executors.py:
in process, a local process pool, or a Dask cluster with `engine_dask`), the executors'
one window streams the input with a bounded number of batches in flight and hands results
back in input order, and a sink keeps them (pipeline/sinks.py: a SQLite store written by
ONE writer, this process, in batches of `batch_size` articles or `flush_seconds`, each one
transaction; or Parquet shards the workers write themselves). This process only names the
inputs (ingest.iter_inputs); the workers read, decode and parse them.

`run` owns a run's policy, so the library and the CLI behave alike: a new run records its
config (paths as given and the working directory, kinds, published, budget); a resume is
refused when it would change the kinds, and takes the run's own paths, publication date and
budget unless given; it retries inputs that failed without becoming an article (a file fixed
since, a batch lost with a crashed worker). With `shards`, the workers write shards and the
shards are then loaded into the store, as `vnfacts load` does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from vnfacts.pipeline import __version__
from vnfacts.pipeline.body import parse_published
from vnfacts.pipeline.executors import (
    CHUNK,
    TICK,
    Executor,
    InProcess,
    Item,
    LocalPool,
    WorkersFailed,
    Written,
    window,
)
from vnfacts.pipeline.ingest import iter_inputs
from vnfacts.pipeline.runner import process_batch
from vnfacts.pipeline.sinks import (
    MANIFEST,
    ShardSink,
    StoreSink,
    read_shard,
    shard_files,
    shard_task,
)
from vnfacts.pipeline.store import Store, StoreError
from vnfacts.pipeline.types import ArticleResult, kind_names

__all__ = ["CHUNK", "TICK", "Engine", "Item", "ResumeRefused", "RunInterrupted", "RunSummary",
           "WorkersFailed", "iter_inputs", "load_shards", "process_stream", "run", "write_shards"]

Engine = Literal["local", "dask"]


class ResumeRefused(ValueError):
    """A resume asked for something the run did not do (other kinds)."""


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
    processed: int = 0  # results (articles and failed inputs) handled by this invocation
    seconds: float = 0.0
    finished: bool = False
    error_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.errors > 0


Progress = Callable[[int], None]


# ---------------------------------------------------------------- executors


@contextlib.contextmanager
def executor_for(engine: Engine, kinds: list[str] | None, workers: int = 1,
                 scheduler: str | None = None) -> Iterator[Executor]:
    """The executor an engine name stands for (Dask imported only when asked for)."""
    if engine == "dask":
        from vnfacts.pipeline import engine_dask

        with engine_dask.executor(kinds, scheduler, workers or None) as ex:
            yield ex
        return
    ex: Executor = InProcess() if workers <= 1 else LocalPool(workers, kinds)
    try:
        yield ex
    finally:
        ex.close()


def _task(engine: Engine) -> Callable[..., list[ArticleResult]]:
    if engine == "dask":
        from vnfacts.pipeline import engine_dask

        return engine_dask._process_batch  # runs its articles under the budget off-thread
    return process_batch


def _feed(items: Iterable[Item], engine: Engine) -> Iterable[Item]:
    if engine == "dask":
        from vnfacts.pipeline import engine_dask

        return engine_dask.portable(items)
    return items


def process_stream(items: Iterable[Item], kinds: Sequence[str] | None = None, *,
                   workers: int = 1, engine: Engine = "local",
                   tick: float | None = None, scheduler: str | None = None,
                   budget: float | None = None) -> Iterator[Any]:
    """Results (ArticleResult) for a stream of articles, in input order; bounded: at most
    ~4 batches per worker in flight. With `tick`, also yields TICK when the input is idle
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
    with executor_for(engine, kinds_l, workers, scheduler) as ex:
        yield from window(items, ex, process_batch, kinds_l, budget, tick=tick)


# ---------------------------------------------------------------- runs


def _begin(store: Store, config: dict[str, Any], resume: int | None) -> int:
    """The run's id: a new run recorded with `config`, or `resume` reopened."""
    if resume is None:
        return store.start_run(config, config.get("version") or __version__)
    if store.run(resume) is None:
        raise StoreError(f"no run {resume} in {store.path}")
    store.forget_input_errors(resume)  # retried: a file fixed since, a lost worker's batch
    store.reopen_run(resume)
    return resume


def _finish(store: Store, summary: RunSummary, t0: float) -> RunSummary:
    info = store.finish_run(summary.run_id)
    counts = store.run_counts(summary.run_id)
    summary.articles, summary.errors, summary.facts = (counts["articles"], counts["errors"],
                                                       counts["facts"])
    summary.error_rows = store.errors(summary.run_id)[:20]
    summary.finished = info.finished is not None
    summary.seconds = time.monotonic() - t0
    return summary


def run(
    store: Store, paths: Sequence[str] = (), *, kinds: Sequence[str] | None = None,
    workers: int = 1, published: dt.datetime | None = None, resume: int | None = None,
    stdin: BinaryIO | None = None, batch_size: int = 200, flush_seconds: float = 2.0,
    engine: Engine = "local", on_progress: Progress | None = None,
    scheduler: str | None = None, budget: float | None = None,
    shards: str | Path | None = None,
) -> RunSummary:
    """Run the pipeline over `paths` into `store`; a new run, or `resume` an earlier one.

    A resume takes the run's kinds (ResumeRefused when `kinds` differ), and its paths,
    publication date and budget when not given. With `shards` (engine="dask"), the workers
    write Parquet shards into that directory (re-running skips what is there), which are
    then loaded into `store` as one run.

    Raises StoreError (with `run_id` set once the run exists) when the database cannot be
    written, RunInterrupted on Ctrl-C; the run then stays unfinished and resumable: every
    batch is one transaction, so what was written is whole articles.
    """
    t0 = time.monotonic()
    order = kind_names()
    kinds_l = sorted(kinds, key=order.index) if kinds is not None else None
    base: str | None = None
    if resume is not None:
        if shards is not None:
            raise ResumeRefused("a shards run resumes by itself: run it again")
        info = store.run(resume)
        if info is None:
            raise StoreError(f"no run {resume} in {store.path}")
        cfg = info.config
        done_kinds = cfg.get("kinds")
        if kinds_l is not None and done_kinds is not None and kinds_l != sorted(
                done_kinds, key=order.index):
            raise ResumeRefused(f"run {resume} extracted {','.join(done_kinds)}; "
                                "a resume cannot change kinds")
        kinds_l = done_kinds if done_kinds is not None else kinds_l
        if not paths:
            paths = cfg.get("paths") or ()
            base = cfg.get("cwd")
        if published is None and cfg.get("published"):
            published = parse_published(cfg["published"])
        if budget is None:
            budget = cfg.get("budget")
    kinds_l = kinds_l if kinds_l is not None else list(order)
    if not paths:
        raise ValueError("no input paths (give at least one, or - for stdin)")
    config = {"paths": list(paths), "cwd": os.getcwd(), "kinds": kinds_l, "workers": workers,
              "engine": engine, "published": published.isoformat() if published else None,
              "budget": budget}
    if shards is not None:
        if engine != "dask":
            raise ValueError("shards need the Dask engine")
        write_shards(paths, shards, kinds=kinds_l, scheduler=scheduler, workers=workers,
                     published=published, budget=budget, on_progress=on_progress,
                     config=config)
        summary = load_shards(store, shards, batch_size=batch_size)
        summary.seconds = time.monotonic() - t0  # the whole flow, not only the loading
        return summary

    run_id = _begin(store, config, resume)
    sink = StoreSink(store, run_id)
    done_ids, done_sources = sink.done_keys() if resume is not None else (set(), set())
    summary = RunSummary(run_id=run_id, db=store.path)
    pending: list[ArticleResult] = []
    last_flush = time.monotonic()

    def todo() -> Iterator[Item]:
        # A resume skips an input the run already holds before it is read (by source) ...
        for it in iter_inputs(paths, stdin=stdin, published=published, base=base):
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
        sink.write(pending)
        pending.clear()
        last_flush = time.monotonic()

    try:
        with executor_for(engine, kinds_l, workers, scheduler) as ex:
            for res in window(_feed(todo(), engine), ex, _task(engine), kinds_l, budget,
                              tick=min(flush_seconds, 0.5)):
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
        with contextlib.suppress(StoreError):
            flush()  # the results in hand are whole articles: keep them for the resume
        raise RunInterrupted(run_id) from None
    except StoreError as e:
        e.run_id = run_id
        raise
    except WorkersFailed as e:
        flush()  # what came back before is whole articles: keep it for the resume
        e.run_id = run_id
        raise
    return _finish(store, summary, t0)


# ---------------------------------------------------------------- the shards flow


def write_shards(paths: Sequence[str], directory: str | Path, *,
                 kinds: Sequence[str] | None = None, scheduler: str | None = None,
                 workers: int = 0, published: dt.datetime | None = None,
                 budget: float | None = None, on_progress: Progress | None = None,
                 config: dict[str, Any] | None = None) -> dict[str, int]:
    """The workers process `paths` on Dask and write Parquet shards into `directory` (which
    every worker must see). Inputs already in the shards are skipped (by source, before
    they are read; an article held under another source is skipped by id when loaded).
    Returns {"articles", "errors", "skipped"}."""
    from vnfacts.pipeline import engine_dask

    engine_dask.require("dask", "distributed", "pyarrow")
    order = kind_names()
    kinds = sorted(kinds, key=order.index) if kinds is not None else list(order)
    if config is None:
        config = {"paths": list(paths), "cwd": os.getcwd(), "kinds": kinds, "engine": "dask",
                  "published": published.isoformat() if published else None, "budget": budget}
    sink = ShardSink(directory, {**config, "version": __version__})
    _, done_sources = sink.done_keys()
    totals = {"articles": 0, "errors": 0, "skipped": 0}

    def todo() -> Iterator[Item]:
        for it in iter_inputs(list(paths), published=published):
            if it.source in done_sources:
                totals["skipped"] += 1
                continue
            yield it

    kinds_l = list(kinds)
    with executor_for("dask", kinds_l, workers, scheduler) as ex:
        lost: list[ArticleResult] = []
        for res in window(_feed(todo(), "dask"), ex, shard_task, kinds_l, str(sink.directory),
                          budget, engine_dask._process_batch, errors_to_task=True):
            if isinstance(res, ArticleResult):  # a batch lost with its worker: kept here
                lost.append(res)
            totals["articles"] += 1
            totals["errors"] += res.error if isinstance(res, Written) else 1
            if on_progress is not None:
                on_progress(totals["articles"])
        sink.write(lost)
    return totals


def load_shards(store: Store, directory: str | Path, *, resume: int | None = None,
                batch_size: int = 200, on_progress: Progress | None = None) -> RunSummary:
    """Import the shards of `directory` into `store` as one run (a new one, or `resume` an
    earlier load: articles it already holds are skipped)."""
    import json

    from vnfacts.pipeline import engine_dask

    engine_dask.require("pyarrow")
    t0 = time.monotonic()
    d = Path(directory)
    manifest = d / MANIFEST
    if not manifest.is_file():
        raise FileNotFoundError(f"{d} has no {MANIFEST}: not a shards directory")
    config = json.loads(manifest.read_text(encoding="utf-8"))
    config["shards"] = str(d.resolve())
    run_id = _begin(store, config, resume)
    sink = StoreSink(store, run_id)
    done_ids, done_sources = sink.done_keys()
    summary = RunSummary(run_id=run_id, db=store.path)
    pending: list[ArticleResult] = []
    for shard in shard_files(d):
        for r in read_shard(shard):
            if (r.article.id in done_ids if r.article is not None else r.source in done_sources):
                summary.skipped += 1
                continue
            pending.append(r)
            summary.processed += 1
            if len(pending) >= batch_size:
                sink.write(pending)
                pending.clear()
                if on_progress is not None:
                    on_progress(summary.processed)
    sink.write(pending)
    return _finish(store, summary, t0)


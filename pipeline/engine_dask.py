"""engine_dask: the same stages (`runner.process`) as Dask tasks on a Dask cluster.

The client (this process) streams the input (reading each file's bytes: the workers decode
and parse them, and need not see the client's files), cuts it into batches of `CHUNK` and
submits each batch with `client.submit`, keeping at most a few batches per worker thread in
flight: memory on the client stays flat however large the corpus, and results come back in
input order to the engine's one writer (`engine.run` → `Store.write_batch`). Without a
scheduler address a `LocalCluster` is started (one single-threaded worker process per core,
no dashboard). Workers are long-lived processes: underthesea's models are loaded once per
worker (warmed up by `client.run`), never per task.

For runs too large for one SQLite writer, `write_shards` has the workers write Parquet shards
(one per batch) into a directory on a shared filesystem; `vnfacts load DIR --db FILE`
(`load_shards`) imports them into a run. Dask, distributed and pyarrow are the optional
extra `vnfacts[dask]`; they are imported lazily, with a clear error when missing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from vnfacts.pipeline.types import Article, ArticleResult, Fact, RawInput

#: Articles per Dask task: big enough to amortise scheduling (~1 ms/task), small enough to
#: spread a few hundred articles over many workers.
CHUNK = 8
#: Batches in flight per worker thread (bounded: the client never holds the corpus).
IN_FLIGHT = 4
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
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def _warm(kinds: list[str] | None) -> bool:
    """Run on each worker: load underthesea's models and the extractors once."""
    from vnfacts.pipeline.runner import warm_up

    warm_up(kinds)
    return True


def _process_batch(items: list[Any], kinds: list[str] | None,
                   budget: float | None = None) -> list[ArticleResult]:
    from vnfacts.pipeline.runner import process_batch

    return process_batch(items, kinds, budget)


def _portable(items: Iterable[Any]) -> Iterator[Any]:
    """Inputs with their bytes read here: a worker on another machine may not see this
    machine's files. The workers still decode and parse them."""
    from vnfacts.pipeline.ingest import with_bytes

    for it in items:
        yield with_bytes(it) if isinstance(it, RawInput) else it


def _threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def _batches(feed: Iterable[Any]) -> Iterator[tuple[list[Any], list[ArticleResult], bool]]:
    """(inputs and articles, input errors, idle) batches of at most CHUNK; a TICK from the feed flushes a
    partial batch (idle=True) so a slow input never holds results back."""
    from vnfacts.pipeline.engine import _Tick

    arts: list[Any] = []
    errs: list[ArticleResult] = []
    for it in feed:
        if isinstance(it, _Tick):
            yield arts, errs, True
            arts, errs = [], []
            continue
        (errs if isinstance(it, ArticleResult) else arts).append(it)
        if len(arts) >= CHUNK or len(errs) >= CHUNK:
            yield arts, errs, False
            arts, errs = [], []
    if arts or errs:
        yield arts, errs, False


def _lost(chunk: list[Any], e: BaseException) -> list[ArticleResult]:
    """A task that failed outright (worker killed more than the allowed times): its inputs
    become errors of stage "worker"; the run goes on."""
    from vnfacts.pipeline.runner import lost

    msg = f"{type(e).__name__}: {str(e).strip().splitlines()[0][:300] if str(e).strip() else ''}"
    return [lost(a, msg) for a in chunk]


def process_stream(items: Iterable[Any], kinds: Sequence[str] | None = None, *,
                   scheduler: str | None = None, workers: int | None = None,
                   tick: float | None = None, budget: float | None = None) -> Iterator[Any]:
    """Results for a stream of articles (and input errors), in input order, computed on a
    Dask cluster; with `tick`, TICK is yielded when the input is idle (as the local engine)."""
    from vnfacts.pipeline.engine import TICK, _prefetch

    kinds_l = list(kinds) if kinds is not None else None
    with client_for(scheduler, workers) as client:
        client.run(_warm, kinds_l)
        limit = IN_FLIGHT * _threads(client)
        window: deque[tuple[Any, list[Any], list[ArticleResult]]] = deque()

        def drain_one() -> Iterator[ArticleResult]:
            fut, chunk, errs = window.popleft()
            yield from errs
            if fut is None:
                return
            try:
                yield from fut.result()
            except Exception as e:  # noqa: BLE001 - a lost task costs its articles only
                yield from _lost(chunk, e)
            finally:
                fut.release()

        feed = _prefetch(_portable(items), maxsize=max(64, 2 * CHUNK * limit), tick=tick or 0.5)
        for arts, errs, idle in _batches(feed):
            if arts or errs:
                # pure=False: the same texts may repeat in a corpus (and do in the bench).
                fut = client.submit(_process_batch, arts, kinds_l, budget, pure=False) if arts else None
                window.append((fut, arts, errs))
            while window and (len(window) >= limit
                              or window[0][0] is None or window[0][0].done()):
                yield from drain_one()
            if idle and tick is not None:
                yield TICK
        while window:
            yield from drain_one()


# ---------------------------------------------------------------- Parquet shards

MANIFEST = "manifest.json"
_SHARD_COLUMNS = ("source", "article", "facts", "error", "stage")


def _shard_rows(results: Sequence[ArticleResult]) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {c: [] for c in _SHARD_COLUMNS}
    for r in results:
        cols["source"].append(r.source)
        cols["article"].append(r.article.model_dump_json() if r.article is not None else None)
        cols["facts"].append(json.dumps([f.to_json() for f in r.facts], ensure_ascii=False))
        cols["error"].append(r.error)
        cols["stage"].append(r.stage)
    return cols


def write_shard(path: str | Path, results: Sequence[ArticleResult]) -> None:
    """One Parquet file of results (written to a temporary name, then renamed: a shard is
    whole or absent)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.table(_shard_rows(results)), tmp, compression="zstd")
    os.replace(tmp, path)


def read_shard(path: str | Path) -> list[ArticleResult]:
    """The results stored in one shard."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(_SHARD_COLUMNS)).to_pydict()
    out = []
    for src, art, facts, err, stage in zip(*(table[c] for c in _SHARD_COLUMNS), strict=True):
        out.append(ArticleResult(
            source=src, article=Article.model_validate_json(art) if art else None,
            facts=[Fact(**f) for f in json.loads(facts or "[]")], error=err, stage=stage))
    return out


def shard_files(directory: str | Path) -> list[Path]:
    return sorted(Path(directory).glob("part-*.parquet"))


def _shard_task(articles: list[Any], errors: list[ArticleResult], kinds: list[str] | None,
                directory: str, budget: float | None = None) -> tuple[int, int]:
    """On a worker: process a batch and write it as one shard; returns (articles, errors)."""
    results = [*errors, *_process_batch(articles, kinds, budget)]
    write_shard(Path(directory) / f"part-{uuid.uuid4().hex}.parquet", results)
    return len(results), sum(r.error is not None for r in results)


def done_in_shards(directory: str | Path) -> tuple[set[str], set[str]]:
    """(article ids, sources) already in the shards: what a resume skips (sources before
    reading an input, ids after)."""
    import pyarrow.parquet as pq

    ids: set[str] = set()
    sources: set[str] = set()
    for p in shard_files(directory):
        t = pq.read_table(p, columns=["source", "article"]).to_pydict()
        for src, art in zip(t["source"], t["article"], strict=True):
            if art:
                ids.add(json.loads(art)["id"])
            sources.add(src)
    return ids, sources


def write_shards(paths: Sequence[str], directory: str | Path, *,
                 kinds: Sequence[str] | None = None, scheduler: str | None = None,
                 workers: int | None = None, published: Any = None,
                 on_progress: Any = None, budget: float | None = None) -> dict[str, int]:
    """Run the pipeline over `paths` on Dask, the workers writing Parquet shards into
    `directory` (which every worker must see: a shared filesystem). Articles already in
    the directory's shards are skipped (resume). Returns {"articles", "errors", "skipped"}."""
    require("dask", "distributed", "pyarrow")
    from vnfacts.pipeline import __version__
    from vnfacts.pipeline.engine import _prefetch
    from vnfacts.pipeline.ingest import iter_inputs
    from vnfacts.pipeline.types import kind_names

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    kinds_l = sorted(kinds, key=kind_names().index) if kinds is not None else list(kind_names())
    manifest = d / MANIFEST
    if manifest.is_file():
        old = json.loads(manifest.read_text(encoding="utf-8"))
        if old.get("kinds") != kinds_l:
            raise ValueError(f"{d} holds shards of kinds {old.get('kinds')}, not {kinds_l}")
    else:
        manifest.write_text(json.dumps({
            "paths": list(paths), "kinds": kinds_l, "engine": "dask", "version": __version__,
            "published": published.isoformat() if published else None, "budget": budget,
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    _, done_sources = done_in_shards(d)
    totals = {"articles": 0, "errors": 0, "skipped": 0}

    def todo() -> Iterator[Any]:
        # By source, before reading: the workers read the inputs. An article already held
        # under another source is written again and skipped by id when loaded.
        for it in iter_inputs(paths, published=published):
            if it.source in done_sources:
                totals["skipped"] += 1
                continue
            yield it

    with client_for(scheduler, workers) as client:
        client.run(_warm, kinds_l)
        limit = IN_FLIGHT * _threads(client)
        window: deque[Any] = deque()

        def drain_one() -> None:
            fut = window.popleft()
            n, errs = fut.result()  # a shard that could not be written is fatal: no silent loss
            fut.release()
            totals["articles"] += n
            totals["errors"] += errs
            if on_progress is not None:
                on_progress(totals["articles"])

        for arts, errs, _ in _batches(_prefetch(_portable(todo()), maxsize=max(64, 2 * CHUNK * limit),
                                                tick=0.5)):
            if arts or errs:
                window.append(client.submit(_shard_task, arts, errs, kinds_l, str(d), budget,
                                            pure=False))
            while window and (len(window) >= limit or window[0].done()):
                drain_one()
        while window:
            drain_one()
    return totals


def load_shards(store: Any, directory: str | Path, *, resume: int | None = None,
                batch_size: int = 200, on_progress: Any = None) -> Any:
    """Import the shards of `directory` into `store` as one run (a new one, or `resume` an
    earlier load: articles it already holds are skipped). Returns an engine.RunSummary."""
    import time

    require("pyarrow")
    from vnfacts.pipeline import __version__
    from vnfacts.pipeline.engine import RunSummary
    from vnfacts.pipeline.store import StoreError

    t0 = time.monotonic()
    d = Path(directory)
    manifest = d / MANIFEST
    if not manifest.is_file():
        raise FileNotFoundError(f"{d} has no {MANIFEST}: not a shards directory")
    config = json.loads(manifest.read_text(encoding="utf-8"))
    config["shards"] = str(d.resolve())
    if resume is None:
        run_id = store.start_run(config, config.get("version") or __version__)
    else:
        if store.run(resume) is None:
            raise StoreError(f"no run {resume} in {store.path}")
        run_id = resume
        store.reopen_run(run_id)
    done_ids, done_sources = store.done_keys(run_id)
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
                store.write_batch(run_id, pending)
                pending.clear()
                if on_progress is not None:
                    on_progress(summary.processed)
    if pending:
        store.write_batch(run_id, pending)
    info = store.finish_run(run_id)
    counts = store.run_counts(run_id)
    summary.articles, summary.errors, summary.facts = (counts["articles"], counts["errors"],
                                                       counts["facts"])
    summary.error_rows = store.errors(run_id)[:20]
    summary.finished = info.finished is not None
    summary.seconds = time.monotonic() - t0
    return summary

"""sinks: where an engine's results are kept — a SQLite store, or a directory of Parquet shards.

A sink says what a resume skips (`done_keys`: article ids and sources already kept) and
keeps a batch of results (`write`, one transaction or one shard: whole or absent). The
SQLite sink is written by ONE writer, the engine's process. The shards sink is for runs too
large for one writer: the workers write their own shards (`shard_task`) into a directory on
a shared filesystem, and `engine.load_shards` imports them into a store afterwards. pyarrow
(the dask extra) is imported only when shards are used.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from vnfacts.pipeline.executors import Written
from vnfacts.pipeline.types import Article, ArticleResult, Fact


class Sink(Protocol):
    """Keeps results; knows what it already holds."""

    def done_keys(self) -> tuple[set[str], set[str]]: ...

    def write(self, results: Sequence[ArticleResult]) -> None: ...


class StoreSink:
    """One run of a SQLite store (pipeline.store.Store): each batch one transaction."""

    def __init__(self, store: Any, run_id: int) -> None:
        self.store, self.run_id = store, run_id

    def done_keys(self) -> tuple[set[str], set[str]]:
        return self.store.done_keys(self.run_id)

    def write(self, results: Sequence[ArticleResult]) -> None:
        if results:
            self.store.write_batch(self.run_id, results)


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


def _new_shard(directory: str | Path) -> Path:
    return Path(directory) / f"part-{uuid.uuid4().hex}.parquet"


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


def shard_task(articles: list[Any], errors: list[ArticleResult], kinds: list[str] | None,
               directory: str, budget: float | None = None,
               process: Any = None) -> list[Written]:
    """On a worker: process a batch (`process`, default runner.process_batch) and write it,
    with the input errors handed along, as one shard; returns what it wrote."""
    if process is None:
        from vnfacts.pipeline.runner import process_batch as process
    results = [*errors, *(process(articles, kinds, budget) if articles else [])]
    write_shard(_new_shard(directory), results)
    return [Written(r.source, r.error is not None) for r in results]


class ShardSink:
    """A directory of Parquet shards with its manifest (the run's config)."""

    def __init__(self, directory: str | Path, config: dict[str, Any]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        manifest = self.directory / MANIFEST
        if manifest.is_file():
            old = json.loads(manifest.read_text(encoding="utf-8"))
            if old.get("kinds") != config.get("kinds"):
                raise ValueError(f"{self.directory} holds shards of kinds {old.get('kinds')}, "
                                 f"not {config.get('kinds')}")
        else:
            manifest.write_text(json.dumps(config, ensure_ascii=False, indent=1),
                                encoding="utf-8")

    def done_keys(self) -> tuple[set[str], set[str]]:
        return done_in_shards(self.directory)

    def write(self, results: Sequence[ArticleResult]) -> None:
        """Results kept here, not by a worker (lost batches): a shard of their own."""
        if results:
            write_shard(_new_shard(self.directory), results)

"""The store: SQLite through sqlite-utils. The only module that knows SQL.

Schema (a contract: Datasette and other vnfacts commands read it):

- ``articles(id PK, source, title, url, publisher, published, format, sha256, text,
  ingested_at, encoding)`` with FTS on title and text (``articles_fts``);
- ``runs(id PK, started, finished, version, config JSON, articles, facts, errors)``;
- ``facts(id PK, run_id, article_id, kind, start, end, text, value JSON, rule, confidence)``;
- ``errors(run_id, source, stage, message)``;
- ``run_articles(run_id, article_id, source, published)``: which articles each run
  processed, and the publication date that run used (a later run with another
  ``--published`` default must not change what an earlier run decided);
- one view per kind flattening ``value``: documents, dates, officials, border_gates, indicators;
- the cross-article tables and views `vnfacts link` fills (pipeline/store/links.py).

One writer per run (the engine's parent process) writes batches, each in one transaction: an
article's facts are committed together with its ``run_articles`` row, so a kill leaves
whole articles or nothing. WAL mode lets readers query while the writer runs. Several
writers (two `vnfacts run` into one database) take turns: every write transaction starts
with ``BEGIN IMMEDIATE``, so a writer waits for the lock (BUSY_TIMEOUT_MS) when it begins,
instead of failing at once when a read-then-write transaction finds another writer ahead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from vnfacts.pipeline.types import Article, ArticleResult, Fact, kind_names, kind_specs, spec

__all__ = ["Store", "RunInfo", "StoreError", "SCHEMA_TABLES", "views"]

#: Seconds a connection waits for a lock before failing (the writer holds it only briefly).
BUSY_TIMEOUT_MS = 10_000


class StoreError(RuntimeError):
    """The database cannot be opened or written (read-only path, disk full, corrupt file)."""

    run_id: int | None = None  # the unfinished run, when the failure happened during one


# Column definitions: the contract. Order is the column order of the created tables.
_ARTICLES: dict[str, Any] = {
    "id": str, "source": str, "title": str, "url": str, "publisher": str, "published": str,
    "format": str, "sha256": str, "text": str, "ingested_at": str, "encoding": str,
}
_RUNS: dict[str, Any] = {
    "id": int, "started": str, "finished": str, "version": str, "config": str,
    "articles": int, "facts": int, "errors": int,
}
_FACTS: dict[str, Any] = {
    "id": int, "run_id": int, "article_id": str, "kind": str, "start": int, "end": int,
    "text": str, "value": str, "rule": str, "confidence": float,
}
_ERRORS: dict[str, Any] = {"run_id": int, "source": str, "stage": str, "message": str}
_RUN_ARTICLES: dict[str, Any] = {"run_id": int, "article_id": str, "source": str,
                                  "published": str}

SCHEMA_TABLES: dict[str, tuple[str, ...]] = {
    "articles": tuple(_ARTICLES), "runs": tuple(_RUNS), "facts": tuple(_FACTS),
    "errors": tuple(_ERRORS), "run_articles": tuple(_RUN_ARTICLES),
}

# Per-kind views: the span columns, then the value's fields as columns, as each kind's
# spec declares them (KindSpec.view, .view_columns).
_SPAN_COLUMNS = ("fact_id", "run_id", "article_id", "start", "end", "text", "rule", "confidence")


def views() -> dict[str, tuple[str, ...]]:
    """view name → its columns (for Datasette metadata and tests), from the kind registry."""
    return {k.view: (*_SPAN_COLUMNS, *(c for c, *_ in k.view_columns)) for k in kind_specs()}


_SPAN_DOCS = {
    "fact_id": "facts.id of this fact",
    "run_id": "The run that extracted it (runs.id)",
    "article_id": "The article (articles.id)",
    "start": "Span start: code-point offset into articles.text (NFC), inclusive",
    "end": "Span end: code-point offset, exclusive; text = articles.text[start:end]",
    "text": "The surface as written in the article",
    "rule": "Id of the named pattern that fired",
    "confidence": "Extractor confidence, 0..1",
}
METADATA_PATH = Path(__file__).resolve().parents[1] / "data" / "datasette-metadata.json"


def datasette_metadata() -> dict[str, Any]:
    """The Datasette metadata: the tables' part as shipped in pipeline/data, the per-kind
    views' part from the kind registry (tests/test_store.py checks the shipped file)."""
    meta = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    tables = meta["databases"]["facts"]["tables"]
    for name in [n for n in tables if n not in SCHEMA_TABLES]:
        del tables[name]
    for k in kind_specs():
        cols = {**_SPAN_DOCS, **{c: doc for c, _, doc in k.view_columns}}
        # The guide lives in the repository as docs/guidelines.md (labels cite "GUIDELINES.md").
        label = k.label.replace("GUIDELINES.md", "docs/guidelines.md")
        tables[k.view] = {"description": f"{label}, value flattened.", "columns": cols}
    from vnfacts.pipeline.store import links  # the cross-article tables and views

    # Their columns are read from a scratch in-memory database, so they cannot drift from
    # the SQL that creates them.
    scratch = Store(sqlite_utils.Database(sqlite3.connect(":memory:")), ":memory:", readonly=False)
    scratch._ensure_schema()
    tables.update(links.metadata_part(scratch.db))
    return meta


def datasette_metadata_text() -> str:
    return json.dumps(datasette_metadata(), ensure_ascii=False, indent=2) + "\n"


def _view_sql(kind: str) -> str:
    cols = ", ".join(f"json_extract(value, '{path}') AS [{col}]"
                     for col, path, *_ in spec(kind).view_columns)
    # `kind` and the paths come from the registered specs (code), never from input.
    return (
        "SELECT id AS fact_id, run_id, article_id, start, [end], text, rule, confidence, "
        f"{cols} FROM facts WHERE kind = '{kind}'"
    )


# Upsert by id. The text of an id never changes (the id is its hash), so only metadata is
# updated, and only when it changed: an UPDATE re-indexes the row's full text (FTS trigger).
_META = [c for c in _ARTICLES if c not in ("id", "text", "sha256", "ingested_at")]
_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLES)}) VALUES ({', '.join('?' * len(_ARTICLES))}) "
    f"ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in [*_META, "ingested_at"])
    + f" WHERE ({', '.join(f'articles.{c}' for c in _META)}) "
    f"IS NOT ({', '.join(f'excluded.{c}' for c in _META)})"
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One row of ``runs``: counts are filled in when the run finishes (or is resumed)."""

    id: int
    started: str
    finished: str | None
    version: str | None
    config: dict[str, Any]
    articles: int | None
    facts: int | None
    errors: int | None


@dataclass(frozen=True, slots=True)
class BatchCounts:
    """What one `write_batch` call stored."""

    articles: int = 0
    facts: int = 0
    errors: int = 0
    skipped: int = 0  # articles this run had already processed (duplicates in the input)


def _article_row(a: Article, ingested_at: str) -> dict[str, Any]:
    return {
        "id": a.id, "source": a.source, "title": a.title, "url": a.url,
        "publisher": a.publisher,
        "published": a.published.isoformat() if a.published else None,
        "format": a.format, "sha256": a.sha256, "text": a.text, "ingested_at": ingested_at,
        "encoding": a.encoding,
    }


class Store:
    """A vnfacts SQLite database. Open with `Store.open`; one writer, any number of readers."""

    #: Folders `open` created for a database path (the CLI says so).
    created_dirs: list[str] = []

    def __init__(self, db: sqlite_utils.Database, path: str, readonly: bool) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> Store:
        """Open (and for writing, create) the database at `path`.

        Raises StoreError with a readable message when the path cannot be opened/written.
        """
        path = str(path)
        try:
            if readonly:
                if not Path(path).is_file():
                    raise StoreError(f"no database at {path}")
                conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                       isolation_level=None)
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                return cls(sqlite_utils.Database(conn), path, readonly=True)
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                parent.mkdir(parents=True, exist_ok=True)
                cls.created_dirs.append(str(parent))
            # Autocommit: every transaction is begun here (BEGIN IMMEDIATE for writes).
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store = cls(sqlite_utils.Database(conn), path, readonly=False)
            store._ensure_schema()
            return store
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"cannot open database {path} for {'reading' if readonly else 'writing'}: {e}") from e

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        """One write transaction, begun IMMEDIATE: the write lock is taken (waiting up to
        the busy timeout) before anything is read, so a concurrent writer can never make
        this one fail half-way (a deferred read-then-write transaction gets SQLITE_BUSY at
        once, without waiting, when another writer committed since its read)."""
        conn = self.db.conn
        if conn.in_transaction:  # nested: a savepoint inside the outer transaction
            conn.execute("SAVEPOINT vnfacts")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK TO SAVEPOINT vnfacts")
                conn.execute("RELEASE SAVEPOINT vnfacts")
                raise
            conn.execute("RELEASE SAVEPOINT vnfacts")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _ensure_schema(self) -> None:
        db = self.db
        # journal_mode needs a lock the busy handler does not always wait for (several
        # processes creating one new database): retry it for the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    db.execute("PRAGMA journal_mode = wal")
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        # WAL + NORMAL: a commit survives a process kill; only power loss may drop the last one.
        db.execute("PRAGMA synchronous = NORMAL")
        # Creating the tables is one IMMEDIATE transaction too: concurrent first runs into a
        # new database take turns, and the second finds everything there.
        with self._tx():
            db["articles"].create(_ARTICLES, pk="id", if_not_exists=True)
            db["runs"].create(_RUNS, pk="id", if_not_exists=True)
            db["facts"].create(_FACTS, pk="id", if_not_exists=True)
            db["errors"].create(_ERRORS, if_not_exists=True)
            db["run_articles"].create(_RUN_ARTICLES, pk=("run_id", "article_id"),
                                      if_not_exists=True)
            if "published" not in db["run_articles"].columns_dict:  # a database from before
                db.execute("ALTER TABLE run_articles ADD COLUMN published TEXT")
                db.execute("UPDATE run_articles SET published = (SELECT published FROM "
                           "articles WHERE articles.id = run_articles.article_id)")
            db["facts"].create_index(["run_id", "article_id"], if_not_exists=True)
            db["facts"].create_index(["article_id"], if_not_exists=True)
            db["facts"].create_index(["kind"], if_not_exists=True)
            db["errors"].create_index(["run_id"], if_not_exists=True)
            db["run_articles"].create_index(["article_id"], if_not_exists=True)
            for k in kind_specs():
                db.create_view(k.view, _view_sql(k.name), replace=True)
            if not db["articles_fts"].exists():
                db["articles"].enable_fts(["title", "text"], create_triggers=True)
            from vnfacts.pipeline.store import links  # the cross-article tables (vnfacts link)

            links.ensure_schema(self)

    def _write(self, fn: Any, *args: Any) -> Any:
        """Run a write in one transaction; storage failures become StoreError."""
        try:
            with self._tx():
                return fn(*args)
        except sqlite3.Error as e:
            raise StoreError(f"cannot write database {self.path}: {e}") from e

    # ------------------------------------------------------------------ runs

    def start_run(self, config: dict[str, Any], version: str) -> int:
        """Record a new run; returns its id."""
        def go() -> int:
            cur = self.db.execute(
                "INSERT INTO runs (started, version, config) VALUES (?, ?, ?)",
                [_now(), version, json.dumps(config, ensure_ascii=False, sort_keys=True)],
            )
            return int(cur.lastrowid)
        return self._write(go)

    def done_keys(self, run_id: int) -> tuple[set[str], set[str]]:
        """(article ids, sources) this run already processed: what a resume skips.

        Sources are those of its articles and of its errors (inputs that failed before an
        article id existed), so a resume skips them before reading them again.
        """
        ids: set[str] = set()
        sources: set[str] = set()
        for article_id, source in self.db.execute(
                "SELECT article_id, source FROM run_articles WHERE run_id = ?", [run_id]):
            ids.add(article_id)
            sources.add(source)
        sources.update(r[0] for r in self.db.execute(
            "SELECT source FROM errors WHERE run_id = ?", [run_id]))
        return ids, sources

    def write_batch(self, run_id: int, results: Sequence[ArticleResult]) -> BatchCounts:
        """Write processed articles in ONE transaction: articles (upsert by id), their facts,
        their run_articles rows and errors. An article this run already holds is skipped."""
        return self._write(self._write_batch, run_id, results)

    def _write_batch(self, run_id: int, results: Sequence[ArticleResult]) -> BatchCounts:
        db = self.db
        ids = [r.article.id for r in results if r.article is not None]
        done: set[str] = set()
        for chunk in range(0, len(ids), 500):  # stay under SQLite's parameter limit
            part = ids[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            done.update(r[0] for r in db.execute(
                f"SELECT article_id FROM run_articles WHERE run_id = ? AND article_id IN ({marks})",
                [run_id, *part]))
        now = _now()
        arts: dict[str, dict[str, Any]] = {}
        links: list[dict[str, Any]] = []
        facts: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        skipped = 0
        for r in results:
            a = r.article
            if a is not None:
                if a.id in done:
                    skipped += 1
                    continue
                done.add(a.id)
                arts[a.id] = _article_row(a, now)
                links.append({"run_id": run_id, "article_id": a.id, "source": a.source,
                              "published": arts[a.id]["published"]})
                facts.extend(
                    {"run_id": run_id, "article_id": a.id, "kind": f.kind, "start": f.start,
                     "end": f.end, "text": f.text,
                     "value": json.dumps(f.value_json(), ensure_ascii=False),
                     "rule": f.rule, "confidence": f.confidence}
                    for f in r.facts
                )
            if r.error is not None:
                errors.append({"run_id": run_id, "source": r.source, "stage": r.stage or "",
                               "message": r.error})
        conn = db.conn
        if arts:
            conn.executemany(_UPSERT_ARTICLE, [tuple(r[c] for c in _ARTICLES) for r in arts.values()])
        if links:
            conn.executemany("INSERT INTO run_articles (run_id, article_id, source, published) "
                             "VALUES (?, ?, ?, ?)",
                             [(r["run_id"], r["article_id"], r["source"], r["published"])
                              for r in links])
        if facts:
            cols = [c for c in _FACTS if c != "id"]
            conn.executemany(
                f"INSERT INTO facts ({', '.join(f'[{c}]' for c in cols)}) "
                f"VALUES ({', '.join('?' * len(cols))})",
                [tuple(r[c] for c in cols) for r in facts])
        if errors:
            conn.executemany("INSERT INTO errors (run_id, source, stage, message) VALUES (?, ?, ?, ?)",
                             [(r["run_id"], r["source"], r["stage"], r["message"]) for r in errors])
        return BatchCounts(articles=len(links), facts=len(facts), errors=len(errors),
                           skipped=skipped)

    def finish_run(self, run_id: int) -> RunInfo:
        """Mark a run finished with its totals (counted from the tables, so resumes add up)."""
        def go() -> None:
            self.db.execute(
                """UPDATE runs SET finished = ?,
                     articles = (SELECT count(*) FROM run_articles WHERE run_id = ?),
                     facts = (SELECT count(*) FROM facts WHERE run_id = ?),
                     errors = (SELECT count(*) FROM errors WHERE run_id = ?)
                   WHERE id = ?""",
                [_now(), run_id, run_id, run_id, run_id],
            )
        self._write(go)
        info = self.run(run_id)
        assert info is not None
        return info

    def forget_input_errors(self, run_id: int) -> int:
        """Drop the run's errors of inputs that never became an article (unreadable, lost
        with a crashed worker), so a resume tries them again; returns how many."""
        return self._write(lambda: self.db.execute(
            "DELETE FROM errors WHERE run_id = ? AND source NOT IN "
            "(SELECT source FROM run_articles WHERE run_id = ?)", [run_id, run_id]).rowcount)

    def reopen_run(self, run_id: int) -> None:
        """Clear `finished` before resuming, so a resume killed again is not marked done."""
        self._write(lambda: self.db.execute(
            "UPDATE runs SET finished = NULL WHERE id = ?", [run_id]))

    # ------------------------------------------------------------------ reads

    def run(self, run_id: int) -> RunInfo | None:
        rows = list(self.db.query("SELECT * FROM runs WHERE id = ?", [run_id]))
        if not rows:
            return None
        r = rows[0]
        return RunInfo(id=r["id"], started=r["started"], finished=r["finished"],
                       version=r["version"], config=json.loads(r["config"] or "{}"),
                       articles=r["articles"], facts=r["facts"], errors=r["errors"])

    def runs(self) -> list[RunInfo]:
        ids = [r[0] for r in self.db.execute("SELECT id FROM runs ORDER BY id")]
        return [info for i in ids if (info := self.run(i)) is not None]

    def latest_run(self, finished: bool = False, article_id: str | None = None,
                   all_kinds: bool = False) -> RunInfo | None:
        """The most recent run (only finished ones with `finished`; only runs that processed
        `article_id` when given; only runs that extracted every kind with `all_kinds`)."""
        sql = "SELECT id FROM runs WHERE 1 = 1"
        params: list[Any] = []
        if all_kinds:
            sql += (" AND (json_extract(config, '$.kinds') IS NULL"
                    " OR json_array_length(json_extract(config, '$.kinds')) >= ?)")
            params.append(len(kind_names()))
        if finished:
            sql += " AND finished IS NOT NULL"
        if article_id is not None:
            sql += " AND id IN (SELECT run_id FROM run_articles WHERE article_id = ?)"
            params.append(article_id)
        rows = list(self.db.execute(sql + " ORDER BY id DESC LIMIT 1", params))
        return self.run(rows[0][0]) if rows else None

    def latest_run_id(self) -> int | None:
        info = self.latest_run()
        return info.id if info else None

    def run_counts(self, run_id: int) -> dict[str, Any]:
        """Live counts of a run (also while it runs): articles, errors and facts per kind."""
        per_kind = {k: 0 for k in kind_names()}
        for kind, n in self.db.execute(
                "SELECT kind, count(*) FROM facts WHERE run_id = ? GROUP BY kind", [run_id]):
            per_kind[kind] = n
        (articles,) = self.db.execute(
            "SELECT count(*) FROM run_articles WHERE run_id = ?", [run_id]).fetchone()
        (errors,) = self.db.execute(
            "SELECT count(*) FROM errors WHERE run_id = ?", [run_id]).fetchone()
        return {"articles": articles, "errors": errors, "facts": per_kind}

    def errors(self, run_id: int) -> list[dict[str, Any]]:
        return list(self.db.query(
            "SELECT source, stage, message FROM errors WHERE run_id = ? ORDER BY rowid", [run_id]))

    def facts_by_article(self, run_id: int, article_ids: Iterable[str] | None = None
                         ) -> dict[str, list[Fact]]:
        """{article_id: facts in text order} for a run (optionally only some articles), in
        one query: scoring reads every gold article's facts at once."""
        sql = ("SELECT article_id, kind, start, [end], text, value, rule, confidence FROM facts "
               "WHERE run_id = ?")
        params: list[Any] = [run_id]
        wanted: set[str] | None = None
        if article_ids is not None:
            ids = sorted(set(article_ids))
            if not ids:
                return {}
            if len(ids) <= 900:  # SQLite's parameter limit; beyond it, filter in Python
                sql += f" AND article_id IN ({','.join('?' * len(ids))})"
                params += ids
            wanted = set(ids)
        out: dict[str, list[Fact]] = {}
        for aid, k, s, e, t, v, ru, c in self.db.execute(
                sql + " ORDER BY article_id, start, [end], id", params):
            if wanted is not None and aid not in wanted:
                continue
            out.setdefault(aid, []).append(
                Fact(kind=k, start=s, end=e, text=t, value=json.loads(v), rule=ru or "",
                     confidence=c if c is not None else 1.0))
        return out

    def facts(self, run_id: int, article_id: str | None = None,
              kinds: Iterable[str] | None = None) -> list[Fact]:
        """Facts of a run (of one article, of some kinds), in article then text order."""
        sql = "SELECT kind, start, [end], text, value, rule, confidence FROM facts WHERE run_id = ?"
        params: list[Any] = [run_id]
        if article_id is not None:
            sql += " AND article_id = ?"
            params.append(article_id)
        if kinds is not None:
            kinds = list(kinds)
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        sql += " ORDER BY article_id, start, [end], id"
        return [
            Fact(kind=k, start=s, end=e, text=t, value=json.loads(v), rule=ru or "",
                 confidence=c)
            for k, s, e, t, v, ru, c in self.db.execute(sql, params)
        ]

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id (or the only one whose id starts with it)."""
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows and article_id:
            rows = list(self.db.query(
                "SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                [article_id, article_id + "\U0010ffff"]))
            if len(rows) != 1:
                return None
        return _article(rows[0]) if rows else None

    def articles(self, run_id: int) -> Iterator[Article]:
        """The articles a run processed, streamed in the order it processed them."""
        for row in self.db.query(
                "SELECT a.*, ra.published AS run_published FROM run_articles ra "
                "JOIN articles a ON a.id = ra.article_id "
                "WHERE ra.run_id = ? ORDER BY ra.rowid", [run_id]):
            row["published"] = row.pop("run_published")  # the date this run used
            yield _article(row)

    def published(self, run_id: int) -> dict[str, str | None]:
        """article id → the publication date this run used (ISO), as the run stored it."""
        return dict(self.db.execute(
            "SELECT article_id, published FROM run_articles WHERE run_id = ?", [run_id]))


def _article(row: dict[str, Any]) -> Article:
    data = {k: row[k] for k in _ARTICLES if k != "ingested_at"}
    if data["published"]:
        data["published"] = dt.datetime.fromisoformat(data["published"])
    return Article(**data)

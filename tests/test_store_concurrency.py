"""Several writers into one database (issue 21): they take turns (BEGIN IMMEDIATE waits for
the lock), none fails; each run keeps its own publication dates."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from pathlib import Path

import pytest
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.types import ArticleResult, kind_specs

ARTICLES = 6


def _writer(db: str, k: int, q: mp.Queue) -> None:
    try:
        with Store.open(db) as store:  # a new database: several processes create it at once
            run = store.start_run({"writer": k}, "test")
            for i in range(ARTICLES):  # --batch-size 1: one transaction per article
                a = make_article(f"Bài {k}.{i}: năm 2016.")
                store.write_batch(run, [ArticleResult(article=a, source=a.source)])
            store.finish_run(run)
        q.put(None)
    except BaseException as e:  # noqa: BLE001 - reported to the test
        q.put(f"{type(e).__name__}: {e}")


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 3])
def test_concurrent_writers_into_a_new_database_never_fail(tmp_path: Path, writers: int) -> None:
    ctx = mp.get_context("fork")  # fork: no interpreter start-up, so 20 rounds stay quick
    kind_specs()  # the extractors' regexes compiled once, before forking (2.5 s a process)
    failures = []
    for rep in range(20):
        db = str(tmp_path / f"r{rep}.db")
        q: mp.Queue = ctx.Queue()
        procs = [ctx.Process(target=_writer, args=(db, k, q)) for k in range(writers)]
        for p in procs:
            p.start()
        failures += [m for m in (q.get(timeout=60) for _ in procs) if m is not None]
        for p in procs:
            p.join()
        assert failures == [], f"round {rep}"
        with Store.open(db, readonly=True) as store:
            assert [r.articles for r in store.runs()] == [ARTICLES] * writers
    assert failures == []


def test_a_later_run_does_not_change_an_earlier_runs_dates(tmp_path: Path) -> None:
    a = make_article("Năm 2016, cửa khẩu Hữu Nghị.")
    with Store.open(tmp_path / "f.db") as store:
        r1, r2 = store.start_run({}, "t"), store.start_run({}, "t")
        for run, day in ((r1, "2015-01-02"), (r2, "2020-06-01")):
            pub = dt.datetime.fromisoformat(day + "T00:00:00+07:00")
            art = a.model_copy(update={"published": pub})
            store.write_batch(run, [ArticleResult(article=art, source=a.source)])
        assert store.published(r1) == {a.id: "2015-01-02T00:00:00+07:00"}
        assert store.published(r2) == {a.id: "2020-06-01T00:00:00+07:00"}
        assert [x.published.date().isoformat() for x in store.articles(r1)] == ["2015-01-02"]


def test_resume_forgets_the_errors_of_inputs_that_never_became_articles(tmp_path: Path) -> None:
    a = make_article("Năm 2016.", source="ok.txt")
    with Store.open(tmp_path / "f.db") as store:
        run = store.start_run({}, "t")
        store.write_batch(run, [
            ArticleResult(article=a, source="ok.txt", error="x", stage="extract:date"),
            ArticleResult(source="bad.txt", error="no such file", stage="ingest")])
        assert store.forget_input_errors(run) == 1
        assert store.done_keys(run) == ({a.id}, {"ok.txt"})
        assert [e["source"] for e in store.errors(run)] == ["ok.txt"]

"""The engine core (issue 15) and the run policy it owns (issue 21): resume validation in the
library, resume from another directory, failed inputs retried, JSON arrays streamed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from vnfacts.pipeline import engine, executors, runner
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.types import ArticleResult

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Bài số {i}. Ngày {d}/1/2020, Đại tá Nguyễn Văn Sơn dự hội nghị tại cửa khẩu Lào Cai."


def _corpus(d: Path, n: int) -> Path:
    d.mkdir(parents=True)
    for i in range(n):
        (d / f"{i:03d}.txt").write_text(TEXT.format(i=i, d=i % 28 + 1), encoding="utf-8")
    return d


def test_a_library_resume_with_other_kinds_is_refused(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", 3)
    with Store.open(tmp_path / "f.db") as store:
        first = engine.run(store, [str(corpus)], kinds=["date", "official"])
        store.reopen_run(first.run_id)
        with pytest.raises(engine.ResumeRefused, match="cannot change kinds"):
            engine.run(store, [str(corpus)], resume=first.run_id, kinds=["date"])
        # The same kinds in another order, or none given: the run's own kinds.
        s = engine.run(store, resume=first.run_id, kinds=["official", "date"])
        assert set(s.facts) >= {"date", "official"} and s.finished
        assert {f.kind for f in store.facts(first.run_id)} <= {"date", "official"}


def test_a_library_resume_takes_the_runs_published_and_budget(tmp_path: Path) -> None:
    import datetime as dt

    corpus = _corpus(tmp_path / "c", 4)
    files = sorted(str(p) for p in corpus.iterdir())
    pub = dt.datetime.fromisoformat("2013-01-22T00:00:00+07:00")
    with Store.open(tmp_path / "f.db") as store:
        first = engine.run(store, files[:2], published=pub, budget=30)
        store.reopen_run(first.run_id)
        engine.run(store, [str(corpus)], resume=first.run_id)
        assert {a.published for a in store.articles(first.run_id)} == {pub}


def test_resume_from_another_directory_reads_the_same_files(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths were stored as given: resumed elsewhere, every input was "no such file"
    # and the run was marked finished with data missing.
    work = tmp_path / "work"
    corpus = _corpus(work / "corpus", 6)
    monkeypatch.chdir(work)
    with Store.open(tmp_path / "f.db") as store:
        first = engine.run(store, ["corpus/000.txt", "corpus/001.txt"])
        store.db.execute("UPDATE runs SET config = json_set(config, '$.paths', json('[\"corpus\"]')) "
                         "WHERE id = ?", [first.run_id])
        store.reopen_run(first.run_id)
        monkeypatch.chdir(tmp_path)
        s = engine.run(store, resume=first.run_id)
        assert (s.articles, s.errors, s.skipped) == (6, 0, 2)
        assert {r[0] for r in store.db.execute("SELECT source FROM run_articles")} == {
            f"corpus/{i:03d}.txt" for i in range(6)}
    assert corpus.is_dir()


def test_resume_retries_inputs_that_failed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", 3)
    broken = corpus / "zz.txt"
    broken.write_bytes(b"\x00\x01\x02" * 100)  # binary: an ingest error
    with Store.open(tmp_path / "f.db") as store:
        first = engine.run(store, [str(corpus)])
        assert (first.articles, first.errors) == (3, 1)
        broken.write_text(TEXT.format(i=9, d=9), encoding="utf-8")  # fixed since
        store.reopen_run(first.run_id)
        s = engine.run(store, resume=first.run_id)
        assert (s.articles, s.errors, s.processed) == (4, 0, 1)


def test_an_article_lost_with_its_worker_is_not_held_by_the_run() -> None:
    a = make_article("Năm 2016.")
    res = runner.lost(a, "BrokenProcessPool: gone")
    assert (res.article, res.source, res.stage) == (None, a.source, "worker")


def test_the_window_is_bounded_and_in_order() -> None:
    pulled: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(100):
            pulled.append(i)
            yield make_article(f"Bài {i}: năm {2000 + i % 20}.")

    class Slow(executors.InProcess):
        capacity, batch = 3, 4

    got = []
    for r in executors.window(items(), Slow(), runner.process_batch, ["date"]):
        got.append(r)
        if len(got) == 10:
            # 10 consumed; in flight at most capacity × batch (+ the prefetch queue, 64)
            assert len(pulled) <= 10 + 3 * 4 + 64 + 4
    assert [r.article.text for r in got] == [f"Bài {i}: năm {2000 + i % 20}." for i in range(100)]


def test_a_failed_task_in_the_window_costs_its_batch_and_keeps_input_errors() -> None:
    def task(batch, errs, *_):  # type: ignore[no-untyped-def]
        raise MemoryError("gone")

    items = [make_article("Năm 2016."), ArticleResult(source="bad", error="x", stage="ingest")]
    got = list(executors.window(items, executors.InProcess(), task, errors_to_task=True))
    assert sorted((r.source, r.stage) for r in got) == [("<text>", "worker"), ("bad", "ingest")]


def test_no_import_circle_between_the_engine_modules() -> None:
    # engine → executors/sinks; engine_dask → executors; nothing of these imports the CLI,
    # rich, or engine (engine_dask is imported lazily by the engine, never the reverse).
    code = ("import sys, pipeline.executors, pipeline.sinks, pipeline.engine_dask, pipeline.engine;"
            "bad = [m for m in sys.modules if m.startswith(('pipeline.cli', 'rich'))];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    src = {m: (ROOT / "pipeline" / f"{m}.py").read_text(encoding="utf-8")
           for m in ("executors", "sinks", "engine_dask")}
    for name, text in src.items():
        assert "from vnfacts.pipeline.engine import" not in text and "import vnfacts.pipeline.engine\n" not in text, name
        assert "pipeline.cli" not in text and "import rich" not in text, name


# ---------------------------------------------------------------- JSON arrays


def _array(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        for i in range(n):
            fh.write(("," if i else "") + json.dumps({"title": f"Tin {i}",
                                                      "text": TEXT.format(i=i, d=i % 28 + 1)},
                                                     ensure_ascii=False) + "\n")
        fh.write("]\n")


def test_a_json_array_is_one_input_per_record_and_resumes_where_it_stopped(tmp_path: Path) -> None:
    from vnfacts.pipeline.ingest import iter_inputs

    arr = tmp_path / "dump.json"
    _array(arr, 30)
    got = list(iter_inputs([str(arr)]))
    assert [g.source for g in got] == [f"{arr}:{i}" for i in range(1, 31)]
    with Store.open(tmp_path / "f.db") as store:
        s = engine.run(store, [str(arr)], kinds=["date"])
        assert (s.articles, s.errors) == (30, 0)
        # Interrupted after 12 records: the resume reads only the other 18.
        store.db.execute("DELETE FROM facts WHERE article_id IN (SELECT article_id FROM "
                         "run_articles WHERE rowid > 12)")
        store.db.execute("DELETE FROM run_articles WHERE rowid > 12")
        store.reopen_run(s.run_id)
        again = engine.run(store, resume=s.run_id)
        assert (again.skipped, again.processed, again.articles) == (12, 18, 30)
        assert {a.format for a in store.articles(s.run_id)} == {"json"}


def test_a_one_record_array_and_a_broken_array(tmp_path: Path) -> None:
    from vnfacts.pipeline.ingest import iter_articles

    one = tmp_path / "one.json"
    one.write_text(json.dumps([{"text": "Năm 2016."}]), encoding="utf-8")
    (a,) = list(iter_articles([str(one)]))
    assert a.source == str(one) and a.format == "json"
    broken = tmp_path / "broken.json"
    broken.write_text('[{"text": "Năm 2016."}, {"text": "Năm 20', encoding="utf-8")
    got = list(iter_articles([str(broken)]))
    assert [g.source for g in got] == [f"{broken}:1", f"{broken}:2"]
    assert got[1].stage == "ingest" and "JSON" in got[1].error


@pytest.mark.slow
def test_a_100k_record_array_is_read_in_bounded_memory(tmp_path: Path) -> None:
    arr = tmp_path / "big.json"
    _array(arr, 100_000)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child forked from a
    # large pytest process would report the parent's size (seen in CI: 439 MB).
    code = ("import sys; from vnfacts.pipeline.ingest import iter_inputs;"
            "n = sum(1 for _ in iter_inputs([sys.argv[1]]));"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0];"
            "print(n, int(hwm.split()[1]) // 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(arr)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    n, peak_mb = map(int, out.stdout.split())
    assert n == 100_000
    assert peak_mb < 400, f"{peak_mb} MB for {arr.stat().st_size // 2**20} MB of JSON"
    assert os.path.getsize(arr) > 10 * 2**20

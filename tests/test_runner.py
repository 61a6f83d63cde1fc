"""runner.process (error isolation per stage/kind) and the local engine (streaming, batches,
workers, resume)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from conftest import patch_extract
from vnfacts.extractors.date import DateValue
from vnfacts.extractors.indicator import IndicatorValue
from vnfacts.pipeline import engine, runner
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.store import Store, StoreError
from vnfacts.pipeline.types import ArticleResult, Doc, Fact, RawInput, kind_names

TEXT = "Ngày 21/1, Đồn Biên phòng tổ chức 824 buổi tuyên truyền cho 41.262 lượt người dân."


def _indicator(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    i = doc.text.index("824 buổi")
    return [Fact.at(doc.text, "indicator", i, i + 8, IndicatorValue(value=824, unit="buổi"), "t.ind")]


def _date(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    v = DateValue(start=dt.date(2013, 1, 21), end=dt.date(2013, 1, 21), grain="day")
    return [Fact.at(doc.text, "date", 0, 9, v, "t.date")]


def _boom(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    raise ValueError("extractor bug\nsecond line")


def _drift(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    good = _indicator(doc, prior)[0]
    bad = good.model_copy(update={"start": good.start + 1, "end": good.end + 1})
    return [good, bad]


def test_process_returns_facts_of_requested_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    patch_extract(monkeypatch, "indicator", _indicator)
    a = make_article(TEXT, published="2013-01-22")
    res = runner.process(a, ["indicator"])
    assert (res.error, res.stage) == (None, None)
    assert [(f.kind, f.text) for f in res.facts] == [("indicator", "824 buổi")]
    patch_extract(monkeypatch, "date", _date)
    assert [f.kind for f in runner.process(a, ["indicator"]).facts] == ["indicator"]
    both = runner.process(a, ["date", "indicator"]).facts
    assert [(f.kind, f.text) for f in both] == [("date", "Ngày 21/1"), ("indicator", "824 buổi")]


@pytest.mark.parametrize(("broken", "stage"), [
    ("date", "extract:date"),
    ("official", "extract:official"),
    ("document", "extract:document"),
])
def test_failing_extractor_costs_only_its_kind(monkeypatch: pytest.MonkeyPatch, broken: str,
                                               stage: str) -> None:
    patch_extract(monkeypatch, "indicator", _indicator)
    patch_extract(monkeypatch, broken, _boom)
    res = runner.process(make_article(TEXT), None)
    assert res.stage == stage
    assert res.error == f"{stage}: ValueError: extractor bug"
    assert "824 buổi" in [f.text for f in res.facts]
    assert res.article is not None


def test_segment_failure_is_an_error_of_stage_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.pipeline.segment

    def bad_segment(article: object) -> Doc:
        raise RuntimeError("model missing")

    monkeypatch.setattr(vnfacts.pipeline.segment, "segment", bad_segment)
    res = runner.process(make_article(TEXT), None)
    assert (res.stage, res.error, res.facts) == ("segment", "RuntimeError: model missing", [])


def test_fact_breaking_offsets_is_dropped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    patch_extract(monkeypatch, "indicator", _drift)
    res = runner.process(make_article(TEXT), ["indicator"])
    assert res.stage == "check:indicator"
    assert [f.text for f in res.facts] == ["824 buổi"]


# ---------------------------------------------------------------- engine


def _corpus(tmp: Path, n: int) -> Path:
    d = tmp / "corpus"
    d.mkdir()
    for i in range(n):
        (d / f"{i:04d}.txt").write_text(
            f"Bài số {i}. Ngày {i % 28 + 1}/{i % 12 + 1}/2020, Đại tá Nguyễn Văn Sơn – Chính ủy "
            f"Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai dự hội nghị tại cửa khẩu quốc tế Lào Cai; "
            f"đơn vị tổ chức {i + 3} buổi tuyên truyền cho {i + 1}.262 lượt người dân theo "
            f"Kế hoạch số {i + 10}/KH-BCH.\n", encoding="utf-8")
    return d


def _snapshot(store: Store, run_id: int) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for a in store.articles(run_id):
        out[a.id] = [f.to_json() for f in store.facts(run_id, a.id)]
    return out


def test_stream_is_lazy_and_bounded() -> None:
    """process_stream pulls input as results are consumed, not the whole stream up front."""
    pulled = []

    def items() -> Iterator[object]:
        for i in range(1000):
            pulled.append(i)
            yield make_article(f"Bài {i}: năm 2016.")

    stream = engine.process_stream(items(), ["date"], workers=1)
    first = [next(stream) for _ in range(3)]
    assert [r.article.text for r in first] == ["Bài 0: năm 2016.", "Bài 1: năm 2016.",
                                              "Bài 2: năm 2016."]
    time.sleep(0.5)  # the reader thread runs ahead only as far as its bounded queue
    assert 3 < len(pulled) <= 3 + 64 + 2
    stream.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_idle_input_ticks_and_hands_on_ready_results(workers: int) -> None:
    """A stalled input (a pipe) must not hold back results already computed."""
    gate = threading.Event()
    opened: list[bool] = []

    def items() -> Iterator[object]:
        yield make_article("Bài một: năm 2016.")
        yield make_article("Bài hai: năm 2017.")
        opened.append(gate.wait(30))  # the input stalls until the two results were handed on
        yield make_article("Bài ba: năm 2018.")

    got: list[object] = []
    for r in engine.process_stream(items(), ["date"], workers=workers, tick=0.1):
        got.append(r)
        if sum(isinstance(x, ArticleResult) for x in got) == 2 and engine.TICK in got:
            gate.set()  # both results came out while the input was idle
    texts = [r.article.text for r in got if isinstance(r, ArticleResult)]
    assert texts == ["Bài một: năm 2016.", "Bài hai: năm 2017.", "Bài ba: năm 2018."]
    assert opened == [True]


def test_workers_give_the_same_results_in_order(tmp_path: Path) -> None:
    arts = [make_article(p.read_text("utf-8"), source=p.name)
            for p in sorted(_corpus(tmp_path, 40).iterdir())]
    one = [r.model_dump() for r in engine.process_stream(arts, None, workers=1)]
    two = [r.model_dump() for r in engine.process_stream(iter(arts), None, workers=2)]
    assert [r["source"] for r in two] == [a.source for a in arts]
    assert two == one


def test_workers_read_the_inputs_themselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent only names inputs (RawInput); the workers read and parse them, with the
    same results, in order, as ingesting first and processing in one process."""
    from vnfacts.pipeline import ingest
    from vnfacts.pipeline.runner import process

    corpus = _corpus(tmp_path, 6)
    (corpus / "page.html").write_text("<html><body><p>Ngày 21/1/2013, đồn biên phòng "
                                      "tổ chức 824 buổi.</p></body></html>", "utf-8")
    (corpus / "dump.jsonl").write_text('{"text": "Năm 2016."}\nnot json\n\n{"text": "Năm 2017."}\n',
                                       "utf-8")
    (corpus / "blob.txt").write_bytes(b"%PDF-1.4 \x00\x01\x02")
    expected = [r if isinstance(r, ArticleResult) else process(r)
                for r in ingest.iter_articles([str(corpus)])]
    items = list(engine.iter_inputs([str(corpus)]))
    assert all(isinstance(i, RawInput) for i in items)
    assert [i.data is None for i in items if i.fmt != "jsonl"] == [True] * 8  # paths only
    # Reading in this process would now fail: only the (spawned) workers can do it.
    monkeypatch.setattr(ingest, "load_input", lambda raw: pytest.fail("read in the parent"))
    got = list(engine.process_stream(iter(items), None, workers=2))
    assert [r.source for r in got] == [r.source for r in expected]
    assert [r.model_dump() for r in got] == [r.model_dump() for r in expected]
    assert [(r.source.rsplit("/", 1)[1], r.stage) for r in got if r.error] == [
        ("blob.txt", "ingest"), ("dump.jsonl:2", "ingest")]


def test_run_writes_batches_and_summary(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 25)
    (corpus / "broken.txt").write_bytes(b"")  # empty body: an ingest/body error row
    with Store.open(tmp_path / "f.db") as store:
        progress: list[int] = []
        s = engine.run(store, [str(corpus)], batch_size=7, on_progress=progress.append)
        assert (s.articles, s.errors, s.processed, s.finished) == (25, 1, 26, True)
        assert progress == list(range(1, 27))
        info = store.run(s.run_id)
        assert info.config["paths"] == [str(corpus)]
        assert info.config["kinds"] == list(kind_names())
        assert (info.articles, info.errors) == (25, 1)
        assert sum(s.facts.values()) == info.facts
        assert store.errors(s.run_id)[0]["source"].endswith("broken.txt")


def test_resume_skips_done_articles_and_matches_a_full_run(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 30)
    files = sorted(str(p) for p in corpus.iterdir())
    with Store.open(tmp_path / "full.db") as full:
        ref = engine.run(full, [str(corpus)])
        expected = _snapshot(full, ref.run_id)
    with Store.open(tmp_path / "f.db") as store:
        # An interrupted run: only the first 12 files got written, never finished.
        first = engine.run(store, files[:12])
        store.reopen_run(first.run_id)
        s = engine.run(store, [str(corpus)], resume=first.run_id)
        assert (s.skipped, s.processed, s.articles, s.finished) == (12, 18, 30, True)
        assert store.db.execute("SELECT count(*) FROM run_articles").fetchone() == (30,)
        assert _snapshot(store, first.run_id) == expected


def test_resume_skips_an_article_read_under_a_new_name(tmp_path: Path) -> None:
    """Sources are skipped before reading; a done article found under another source (a
    copied file) is skipped once read, by its id."""
    corpus = _corpus(tmp_path, 5)
    files = sorted(str(p) for p in corpus.iterdir())
    with Store.open(tmp_path / "f.db") as store:
        first = engine.run(store, files[:3])
        store.reopen_run(first.run_id)
        (corpus / "zz-copy.txt").write_bytes(Path(files[0]).read_bytes())
        s = engine.run(store, [str(corpus)], resume=first.run_id, workers=2)
        assert (s.skipped, s.processed, s.articles, s.finished) == (4, 2, 5, True)


def test_workers_that_cannot_start_stop_the_run(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a "worker" error per article, pool after pool: one clear error, nothing stored,
    the run left unfinished for a resume once fixed."""
    corpus = _corpus(tmp_path, 3)
    monkeypatch.setenv("VNFACTS_ARTICLE_BUDGET", "not a number")  # spawned workers fail on import
    with Store.open(tmp_path / "f.db") as store:
        with pytest.raises(engine.WorkersFailed, match="could not start") as failed:
            engine.run(store, [str(corpus)], workers=2)
        assert failed.value.run_id == 1
        assert store.run(1).finished is None
        assert (store.errors(1), store.db["run_articles"].count) == ([], 0)


def test_resume_of_unknown_run_is_an_error(tmp_path: Path) -> None:
    with Store.open(tmp_path / "f.db") as store, pytest.raises(StoreError, match="no run 9"):
        engine.run(store, ["x"], resume=9)


def test_published_default_reaches_articles(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 2)
    pub = dt.datetime(2013, 1, 22, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with Store.open(tmp_path / "f.db") as store:
        s = engine.run(store, [str(corpus)], published=pub)
        assert {a.published for a in store.articles(s.run_id)} == {pub}
        assert json.loads(store.db.execute("SELECT config FROM runs").fetchone()[0])["published"] \
            == "2013-01-22T00:00:00+07:00"


def test_ingest_errors_pass_through_the_pool(tmp_path: Path) -> None:
    items = [make_article("Năm 2016."), ArticleResult(source="x.bin", error="unknown format",
                                                      stage="ingest"), make_article("Năm 2017.")]
    got = list(engine.process_stream(items, ["date"], workers=2))
    assert sorted(r.source for r in got) == sorted(["<text>", "<text>", "x.bin"])
    assert [r.stage for r in got if r.article is None] == ["ingest"]


def test_dask_engine_is_delegated_to_engine_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Dask engine itself is tested in test_dask_engine.py.
    from vnfacts.pipeline import engine_dask

    seen: dict = {}

    def fake(items, kinds, **kw):  # type: ignore[no-untyped-def]
        seen.update(kw, kinds=kinds)
        return iter([ArticleResult(source="x")])

    monkeypatch.setattr(engine_dask, "process_stream", fake)
    got = list(engine.process_stream([make_article("Năm 2016.")], ["date"], engine="dask",
                                     scheduler="tcp://127.0.0.1:8786"))
    assert [r.source for r in got] == ["x"]
    assert (seen["kinds"], seen["scheduler"]) == (["date"], "tcp://127.0.0.1:8786")

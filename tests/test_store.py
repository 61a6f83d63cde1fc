"""The store: schema contract, per-kind views, upserts, transactions, read helpers, faults."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from vnfacts.extractors.border_gate import BorderGateValue
from vnfacts.extractors.date import DateValue
from vnfacts.extractors.document import DocumentValue
from vnfacts.extractors.indicator import IndicatorValue
from vnfacts.extractors.official import OfficialValue
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.store import SCHEMA_TABLES, Store, StoreError, views
from vnfacts.pipeline.types import ArticleResult, Fact

TEXT = ("Ngày 21/1, Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng dự hội nghị "
        "tại Cửa khẩu quốc tế Lào Cai theo Chương trình số 5115/CTr-BTTTT-BTLBP; "
        "đã phát hơn 2600 tin, bài.")


def _span(text: str, surface: str) -> tuple[int, int]:
    i = text.index(surface)
    return i, i + len(surface)


def _facts(text: str) -> list[Fact]:
    """One fact per kind, values as GUIDELINES.md §3 gives them."""
    return [
        Fact.at(text, "date", *_span(text, "Ngày 21/1"),
                DateValue(start=dt.date(2013, 1, 21), end=dt.date(2013, 1, 21), grain="day",
                          year_inferred=True), "date.dm"),
        Fact.at(text, "official", *_span(text, "Lương Văn Sơn"),
                OfficialValue(name="Lương Văn Sơn", rank="Đại tá", title="Chính ủy",
                              organization="Bộ Chỉ huy Bộ đội Biên phòng"), "official.rank_name"),
        Fact.at(text, "border_gate", *_span(text, "Cửa khẩu quốc tế Lào Cai"),
                BorderGateValue(name="Lào Cai", class_="quốc tế", province="Lào Cai",
                                country="Trung Quốc"), "gate.named"),
        Fact.at(text, "document", *_span(text, "5115/CTr-BTTTT-BTLBP"),
                DocumentValue(code="5115/CTr-BTTTT-BTLBP", number="5115", doc_type="CTr",
                              issuers=["BTTTT", "BTLBP"]), "doc.code"),
        Fact.at(text, "indicator", *_span(text, "hơn 2600 tin"),
                IndicatorValue(value=2600, unit="tin", approx="more_than"), "ind.approx_num"),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "facts.db")
    yield s
    s.close()


def _result(text: str = TEXT, source: str = "a.txt", facts: bool = True) -> ArticleResult:
    a = make_article(text, published="2013-01-22", source=source, title="Tiêu đề [bold]")
    return ArticleResult(article=a, source=source, facts=_facts(a.text) if facts else [])


@pytest.mark.parametrize("table", sorted(SCHEMA_TABLES))
def test_schema_tables_have_contract_columns(store: Store, table: str) -> None:
    cols = [c.name for c in store.db[table].columns]
    assert cols == list(SCHEMA_TABLES[table])


@pytest.mark.parametrize(("table", "pk"), [
    ("articles", ["id"]), ("runs", ["id"]), ("facts", ["id"]),
    ("run_articles", ["run_id", "article_id"]),
])
def test_primary_keys(store: Store, table: str, pk: list[str]) -> None:
    assert store.db[table].pks == pk


def test_wal_mode_and_fts(store: Store) -> None:
    assert store.db.journal_mode == "wal"
    assert store.db["articles"].detect_fts() == "articles_fts"


@pytest.mark.parametrize(("view", "column", "expected"), [
    ("documents", "code", "5115/CTr-BTTTT-BTLBP"),
    ("documents", "doc_type", "CTr"),
    ("documents", "issuers", '["BTTTT","BTLBP"]'),
    ("dates", "date_start", "2013-01-21"),
    ("dates", "grain", "day"),
    ("dates", "year_inferred", 1),
    ("dates", "text", "Ngày 21/1"),
    ("officials", "name", "Lương Văn Sơn"),
    ("officials", "title", "Chính ủy"),
    ("officials", "rank", "Đại tá"),
    ("border_gates", "name", "Lào Cai"),
    ("border_gates", "class", "quốc tế"),
    ("border_gates", "country", "Trung Quốc"),
    ("indicators", "value", 2600.0),
    ("indicators", "unit", "tin"),
    ("indicators", "approx", "more_than"),
])
def test_views_flatten_values(store: Store, view: str, column: str, expected: object) -> None:
    run = store.start_run({}, "test")
    store.write_batch(run, [_result()])
    rows = list(store.db.query(f"SELECT * FROM {view}"))
    assert len(rows) == 1
    assert list(rows[0]) == list(views()[view])
    assert rows[0][column] == expected


def test_facts_round_trip_exactly(store: Store) -> None:
    res = _result()
    run = store.start_run({"kinds": ["date"]}, "test")
    counts = store.write_batch(run, [res])
    assert (counts.articles, counts.facts, counts.errors) == (1, 5, 0)
    got = store.facts(run)
    assert sorted(f.to_json()["text"] for f in got) == sorted(f.text for f in res.facts)
    assert {f.text: f for f in got} == {f.text: f for f in res.facts}
    assert [f.kind for f in store.facts(run, res.article.id, kinds=["official", "date"])] == \
        ["date", "official"]
    art = store.article(res.article.id)
    assert art == res.article
    for f in got:
        assert art.text[f.start:f.end] == f.text


def test_rerun_upserts_articles_and_records_new_run(store: Store) -> None:
    r1 = store.start_run({}, "test")
    store.write_batch(r1, [_result()])
    store.finish_run(r1)
    r2 = store.start_run({}, "test")
    store.write_batch(r2, [_result(source="moved/a.txt")])
    info = store.finish_run(r2)
    assert store.db["articles"].count == 1
    assert store.db["run_articles"].count == 2
    assert (info.articles, info.facts, info.errors) == (1, 5, 0)
    assert store.article(_result().article.id).source == "moved/a.txt"
    assert store.latest_run().id == r2


def test_unchanged_article_is_not_rewritten(store: Store) -> None:
    """Re-runs leave an unchanged article row (and its full-text index) alone."""
    run = store.start_run({}, "test")
    store.write_batch(run, [_result()])
    store.db.execute("UPDATE articles SET ingested_at = 'sentinel'")
    store.write_batch(store.start_run({}, "test"), [_result()])
    assert store.db.execute("SELECT ingested_at FROM articles").fetchone() == ("sentinel",)
    store.write_batch(store.start_run({}, "test"), [_result(source="b.txt")])
    assert store.db.execute("SELECT ingested_at, source FROM articles").fetchone()[1] == "b.txt"
    assert store.db.execute("SELECT ingested_at FROM articles").fetchone() != ("sentinel",)


def test_duplicate_article_in_one_run_is_written_once(store: Store) -> None:
    run = store.start_run({}, "test")
    c1 = store.write_batch(run, [_result(), _result(source="copy.txt")])
    c2 = store.write_batch(run, [_result(source="again.txt")])
    assert (c1.articles, c1.skipped, c2.articles, c2.skipped) == (1, 1, 0, 1)
    assert len(store.facts(run)) == 5


def test_errors_are_rows_and_done_keys(store: Store) -> None:
    run = store.start_run({}, "test")
    ok = _result()
    bad = ArticleResult(source="broken.html", error="UnicodeDecodeError: x", stage="ingest")
    store.write_batch(run, [ok, bad])
    info = store.finish_run(run)
    assert (info.articles, info.errors) == (1, 1)
    assert store.errors(run) == [{"source": "broken.html", "stage": "ingest",
                                  "message": "UnicodeDecodeError: x"}]
    # Both sources: a resume skips the article's file and the broken file before reading them.
    assert store.done_keys(run) == ({ok.article.id}, {ok.source, "broken.html"})


@pytest.mark.parametrize("text", [
    "Ông O'Neil nói: \"xin chào\"; DROP TABLE facts; --",
    "Tin [bold]đậm[/bold] <script>alert(1)</script> ngày 1/2/2020",
])
def test_text_is_stored_as_data(store: Store, text: str) -> None:
    run = store.start_run({"note": "'; DROP TABLE runs; --"}, "test")
    res = _result(text=text, facts=False)
    store.write_batch(run, [res])
    assert store.article(res.article.id).text == res.article.text
    assert store.run(run).config == {"note": "'; DROP TABLE runs; --"}


def test_fts_search_finds_title_and_text(store: Store) -> None:
    run = store.start_run({}, "test")
    store.write_batch(run, [_result()])
    hits = [r["id"] for r in store.db["articles"].search("Lương")]
    assert hits == [_result().article.id]


def test_article_prefix_lookup(store: Store) -> None:
    run = store.start_run({}, "test")
    res = _result()
    store.write_batch(run, [res])
    assert store.article(res.article.id[:6]).id == res.article.id
    assert store.article("zzzz") is None
    assert [a.id for a in store.articles(run)] == [res.article.id]


def test_latest_run_for_article(store: Store) -> None:
    r1 = store.start_run({}, "test")
    store.write_batch(r1, [_result()])
    r2 = store.start_run({}, "test")
    store.write_batch(r2, [_result(text="Một bài khác hẳn, năm 2016.", facts=False)])
    assert store.latest_run().id == r2
    assert store.latest_run(article_id=_result().article.id).id == r1
    assert store.latest_run(finished=True) is None


def test_readonly_store_refuses_writes(tmp_path: Path) -> None:
    Store.open(tmp_path / "f.db").close()
    with Store.open(tmp_path / "f.db", readonly=True) as ro:
        with pytest.raises(StoreError):
            ro.start_run({}, "test")
    with pytest.raises(StoreError, match="no database"):
        Store.open(tmp_path / "missing.db", readonly=True)


def test_unwritable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(blocker / "facts.db")


def test_disk_full_rolls_back_the_whole_batch(store: Store) -> None:
    run = store.start_run({}, "test")
    store.write_batch(run, [_result()])
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    # SQLITE_FULL exactly as a full disk raises it, without filling a disk.
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = [_result(text=TEXT + f" Bài {i}: " + "tin tức biên giới " * 2000, source=f"{i}.txt")
           for i in range(3)]
    with pytest.raises(StoreError, match="full"):
        store.write_batch(run, big)
    assert store.db["run_articles"].count == 1
    assert store.db["articles"].count == 1
    assert store.run(run).finished is None


def test_reader_does_not_block_writer(tmp_path: Path) -> None:
    w = Store.open(tmp_path / "f.db")
    run = w.start_run({}, "test")
    w.write_batch(run, [_result()])
    reader = sqlite3.connect(tmp_path / "f.db")
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM facts").fetchone() == (5,)
    # The reader's snapshot stays open while the writer commits (WAL).
    w.write_batch(run, [_result(text="Năm 2016 có 3 buổi.", source="b.txt", facts=False)])
    assert reader.execute("SELECT count(*) FROM run_articles").fetchone() == (1,)
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM run_articles").fetchone() == (2,)
    reader.close()
    w.close()


# ---------------------------------------------------------------- Datasette metadata

METADATA = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "datasette-metadata.json"


def _meta_tables() -> dict[str, dict]:
    return json.loads(METADATA.read_text("utf-8"))["databases"]["facts"]["tables"]


@pytest.mark.parametrize("name", sorted(_meta_tables()))
def test_datasette_metadata_names_real_tables_and_columns(store: Store, name: str) -> None:
    meta = _meta_tables()[name]
    t = store.db[name] if name in store.db.table_names() else store.db.view(name)  # type: ignore[attr-defined]
    assert t.exists()
    real = [c.name for c in t.columns]
    assert list(meta["columns"]) == real  # every column described, none invented
    for key in ("sort", "sort_desc"):
        if key in meta:
            assert meta[key] in real
    if "fts_table" in meta:
        assert meta["fts_table"] in store.db.table_names()


def test_datasette_metadata_covers_every_table_and_view(store: Store) -> None:
    user_tables = {t for t in store.db.table_names() if not t.startswith("articles_fts")}
    assert set(_meta_tables()) == user_tables | set(store.db.view_names())


@pytest.mark.parametrize("query", ["facts_per_kind", "article_facts"])
def test_datasette_canned_queries_run(store: Store, query: str) -> None:
    run = store.start_run({}, "test")
    res = _result()
    store.write_batch(run, [res])
    sql = json.loads(METADATA.read_text("utf-8"))["databases"]["facts"]["queries"][query]["sql"]
    rows = list(store.db.query(sql, {"article_id": res.article.id, "run_id": run}))
    assert len(rows) == 5


@pytest.mark.parametrize("dirname", ["plain", "with space", "q?mark#hash", "tiếng việt"])
def test_readonly_open_handles_any_path(tmp_path: Path, dirname: str) -> None:
    path = tmp_path / dirname / "f.db"
    with Store.open(path) as w:
        run = w.start_run({}, "test")
    with Store.open(path, readonly=True) as r:
        assert r.latest_run().id == run


def test_datasette_metadata_file_is_generated_from_the_kind_specs() -> None:
    from vnfacts.pipeline.store import datasette_metadata_text

    # The views' descriptions come from each kind's spec; regenerate with
    # `python -c "from vnfacts.pipeline.store import *; METADATA_PATH.write_text(datasette_metadata_text())"`.
    assert METADATA.read_text(encoding="utf-8") == datasette_metadata_text()

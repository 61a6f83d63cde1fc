"""`vnfacts gates` and its query (pipeline/store/gates.py) over a small real database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnfacts.extractors import border_gate as bg
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.segment import segment
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.store.gates import gate_report
from vnfacts.pipeline.types import ArticleResult

# Short excerpts in the corpus's style, with publication dates (ISO).
ARTICLES = [
    ("Tại Cửa khẩu quốc tế Hữu Nghị, hệ thống màn hình LED tại Cửa khẩu Chi Ma.", "2021-03-02"),
    ("camera tại các cửa khẩu: Hữu Nghị, cửa khẩu Cốc Nam, Tân Thanh.", "2020-07-20"),
    ("Đoàn công tác làm việc tại cửa khẩu Hữu Nghị.", "2025-11-02"),
    ("Lực lượng tại cửa khẩu Thanh Thủy phát hiện một đối tượng; mở lại cửa khẩu phụ Pò Hèn.",
     "2022-01-05"),
]


def _db(path: Path, articles: list[tuple[str, str]] = ARTICLES) -> tuple[Path, list[str]]:
    ids = []
    with Store.open(path) as store:
        run = store.start_run({}, "test")
        results = []
        for text, published in articles:
            a = make_article(text, published=published, source=f"{published}.txt")
            ids.append(a.id)
            results.append(ArticleResult(article=a, source=a.source,
                                         facts=bg.extract(segment(a), {})))
        store.write_batch(run, results)
        store.finish_run(run)
    return path, ids


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, list[str]]:
    return _db(tmp_path / "facts.db")


def test_report_rows(db: tuple[Path, list[str]]) -> None:
    path, ids = db
    with Store.open(path, readonly=True) as store:
        rows = {r.name: r for r in gate_report(store, 1)}
    hn = rows["Hữu Nghị"]
    assert (hn.gazetteer_id, hn.class_, hn.province, hn.country) == (
        "vn-huu-nghi", "quốc tế", "Lạng Sơn", "Trung Quốc")
    assert (hn.mentions, hn.articles, hn.first, hn.last) == (3, 3, "2020-07-20", "2025-11-02")
    assert hn.article_ids == tuple(sorted(ids[:3]))
    assert (rows["Chi Ma"].mentions, rows["Chi Ma"].article_ids) == (1, (ids[0],))
    assert (rows["Thanh Thủy"].gazetteer_id, rows["Thanh Thủy"].ambiguous) == (None, 1)
    assert (rows["Pò Hèn"].gazetteer_id, rows["Pò Hèn"].class_) == (None, "phụ")
    assert list(rows)[0] == "Hữu Nghị"  # most mentioned first
    assert set(rows) == {"Hữu Nghị", "Chi Ma", "Cốc Nam", "Tân Thanh", "Thanh Thủy", "Pò Hèn"}


def test_cli_csv(db: tuple[Path, list[str]]) -> None:
    path, ids = db
    res = CliRunner().invoke(main, ["gates", "--db", str(path), "--csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert rows[0]["name"] == "Hữu Nghị" and rows[0]["mentions"] == "3"
    assert rows[0]["article_ids"] == ",".join(sorted(ids[:3]))
    by = {r["name"]: r for r in rows}
    assert (by["Tân Thanh"]["first"], by["Tân Thanh"]["class"]) == ("2020-07-20", "lối thông quan")


def test_cli_table_and_run_selection(tmp_path: Path) -> None:
    path, _ = _db(tmp_path / "f.db")
    _db(path, ARTICLES[:1])  # run 2: one article
    latest = CliRunner().invoke(main, ["gates", "--db", str(path), "--csv"])
    # ties (one mention, one article each) are listed by name
    assert [r["name"] for r in csv.DictReader(io.StringIO(latest.output))] == ["Chi Ma", "Hữu Nghị"]
    first = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["gates", "--db", str(path), "--run", "1"])
    assert first.exit_code == 0 and "Pò Hèn" in first.output and "run 1: 6 gates" in first.output
    missing = CliRunner().invoke(main, ["gates", "--db", str(path), "--run", "9"])
    assert missing.exit_code != 0 and "no run 9" in missing.output


def test_help_has_an_example() -> None:
    res = CliRunner().invoke(main, ["gates", "--help"])
    assert res.exit_code == 0 and "vnfacts gates --db out/facts.db" in res.output


def test_missing_lists_only_names_the_gazetteer_lacks(db: tuple[Path, list[str]]) -> None:
    path, ids = db
    res = CliRunner().invoke(main, ["gates", "--missing", "--db", str(path), "--csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    # Pò Hèn is unlisted; Thanh Thủy is ambiguous (two known gates), Hữu Nghị is listed
    assert [(r["name"], r["class"], r["mentions"], r["article_ids"]) for r in rows] == [
        ("Pò Hèn", "phụ", "1", ids[3])]


def test_missing_table_output(db: tuple[Path, list[str]]) -> None:
    path, _ = db
    res = CliRunner().invoke(main, ["gates", "--missing", "--db", str(path)])
    assert res.exit_code == 0, res.output
    assert "1 gate names absent from the gazetteer" in res.output and "Pò Hèn" in res.output

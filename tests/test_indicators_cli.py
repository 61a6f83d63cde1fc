"""`vnfacts indicators` and pipeline/store/indicators.py on a small database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.runner import run_all
from vnfacts.pipeline.segment import segment
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.store.indicators import indicator_report
from vnfacts.pipeline.types import ArticleResult

TEXTS = [
    # (text, published)
    ("Năm 2016, hai đơn vị đã phối hợp tuyên truyền cho nhân dân các xã biên giới tỉnh Lào Cai "
     "với 3.795 lượt người tham dự; tuyên truyền, giáo dục cho 5.786 lượt cán bộ, chiến sỹ.", "2017-01-10"),
    ("Hiện tỉnh Lạng Sơn đã triển khai 21 Tổ thông tin và đầu tư 13 cụm thông tin cơ sở tại 6 xã "
     "biên giới; tuần tra được 30.248 lần/16.4582 lượt cán bộ, chiến sĩ.", "2022-03-01"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ind") / "facts.db"
    with Store.open(path) as store:
        run = store.start_run({}, "test")
        results = []
        for i, (text, published) in enumerate(TEXTS):
            art = make_article(text, published=published, source=f"t{i}.txt", title=f"Bài {i}")
            results.append(ArticleResult(article=art, source=art.source, facts=run_all(segment(art))))
        store.write_batch(run, results)
        store.finish_run(run)
    return path


def test_report_rows(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        rows = indicator_report(store, store.latest_run_id() or 0)
        got = [(r.published, r.text, r.value, r.unit) for r in rows]
    assert got[:2] == [("2017-01-10", "hai đơn vị", 2.0, "đơn vị"),
                       ("2017-01-10", "3.795 lượt", 3795.0, "lượt")]
    assert ("2022-03-01", "16.4582 lượt", None, "lượt") in got


@pytest.mark.parametrize(("args", "expected"), [
    (["--unit", "lượt"], ["3.795 lượt", "5.786 lượt", "16.4582 lượt"]),
    (["--unit", "LƯỢT"], ["3.795 lượt", "5.786 lượt", "16.4582 lượt"]),
    (["--province", "Lạng Sơn"], ["21 Tổ", "13 cụm", "6 xã", "30.248 lần", "16.4582 lượt"]),
    (["--province", "lào cai", "--unit", "lượt"], ["3.795 lượt", "5.786 lượt"]),
    (["--province", "Cao Bằng"], []),
])
def test_cli_csv_filters(db: Path, args: list[str], expected: list[str]) -> None:
    res = CliRunner().invoke(main, ["indicators", "--db", str(db), "--csv", *args])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["text"] for r in rows] == expected


def test_cli_csv_period_and_anomaly(db: Path) -> None:
    res = CliRunner().invoke(main, ["indicators", "--db", str(db), "--csv", "--unit", "lượt"])
    rows = {r["text"]: r for r in csv.DictReader(io.StringIO(res.output))}
    assert (rows["5.786 lượt"]["period_start"], rows["5.786 lượt"]["period_end"]) == ("2016-01-01", "2016-12-31")
    assert (rows["16.4582 lượt"]["value"], rows["16.4582 lượt"]["anomaly"], rows["16.4582 lượt"]["raw"]) == \
        ("", "bad_grouping", "16.4582")


def test_cli_table_and_help(db: Path) -> None:
    res = CliRunner().invoke(main, ["indicators", "--db", str(db)])
    assert res.exit_code == 0 and "indicators" in res.output and "3795" in res.output
    help_ = CliRunner().invoke(main, ["indicators", "--help"])
    assert help_.exit_code == 0 and "Example:" in help_.output and "--province" in help_.output


def test_cli_unknown_run(db: Path) -> None:
    res = CliRunner().invoke(main, ["indicators", "--db", str(db), "--run", "99"])
    assert res.exit_code != 0 and "no run 99" in res.output

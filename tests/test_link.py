"""The cross-article layer: pipeline/link.py (pure), pipeline/store/links.py, the link,
people and series commands, the dataset page, and the gold/links scores."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.link import (
    ArticleFacts,
    GateMention,
    IndicatorMention,
    OfficialMention,
    PeopleIndex,
    base_title,
    orgs_compatible,
    places,
)
from vnfacts.pipeline.runner import extract_doc
from vnfacts.pipeline.segment import segment
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.store import links as store_links
from vnfacts.pipeline.types import ArticleResult

D = dt.date


def _m(fid: int, aid: str, name: str, title: str | None = None, org: str | None = None,
       province: str | None = None, rank: str | None = None, day: dt.date | None = None) -> OfficialMention:
    return OfficialMention(fid, aid, day, fid * 10, name, title, rank, org, province)


# ---------------------------------------------------------------- people (pure)


def test_two_namesakes_in_two_provinces_stay_two_people() -> None:
    idx = PeopleIndex()
    a = idx.link([_m(1, "a", "Nguyễn Văn Hùng", "Chủ tịch", "Ủy ban nhân dân tỉnh Lạng Sơn", "Lạng Sơn")])
    b = idx.link([_m(2, "b", "Nguyễn Văn Hùng", "Chủ tịch", "Ủy ban nhân dân tỉnh Cao Bằng", "Cao Bằng")])
    assert a[0].person_id != b[0].person_id
    assert "another province" in b[0].why and not b[0].ambiguous


def test_a_promotion_in_one_organization_stays_one_person() -> None:
    idx = PeopleIndex()
    a = idx.link([_m(1, "a", "Hồ Văn Mười", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Lâm Đồng", "Lâm Đồng",
                     day=D(2023, 1, 5))])
    b = idx.link([_m(2, "b", "Hồ Văn Mười", "Chủ tịch", "Ủy ban nhân dân tỉnh", day=D(2025, 11, 2))])
    assert a[0].person_id == b[0].person_id
    assert b[0].why.startswith("same organization") and b[0].confidence >= 0.9


def test_a_tie_is_flagged_not_forced() -> None:
    idx = PeopleIndex()
    idx.link([_m(1, "a", "Trần Văn Nam", "Giám đốc", "Sở Y tế tỉnh Hưng Yên", "Hưng Yên")])
    idx.link([_m(2, "b", "Trần Văn Nam", "Giám đốc", "Sở Y tế tỉnh Hà Nam", "Hà Nam")])
    (c,) = idx.link([_m(3, "c", "Trần Văn Nam", "Giám đốc")])  # either could be meant
    assert (c.person_id, c.ambiguous, len(c.candidates)) == (None, True, 2)


def test_only_the_name_in_common_makes_a_flagged_new_person() -> None:
    idx = PeopleIndex()
    (a,) = idx.link([_m(1, "a", "Nguyễn Đức Hải", "Phó Chủ tịch", "Quốc hội")])
    (b,) = idx.link([_m(2, "b", "Nguyễn Đức Hải", None, None, rank="Thiếu tướng")])
    assert b.person_id != a.person_id and b.ambiguous and b.candidates == (a.person_id,)


def test_a_lower_rank_after_a_higher_one_is_another_person() -> None:
    idx = PeopleIndex()
    (a,) = idx.link([_m(1, "a", "Lê Văn Phúc", "Chỉ huy trưởng", "Bộ đội Biên phòng", rank="Đại tá",
                        day=D(2020, 1, 1))])
    (b,) = idx.link([_m(2, "b", "Lê Văn Phúc", "Chỉ huy trưởng", "Bộ đội Biên phòng", rank="Trung úy",
                        day=D(2021, 1, 1))])
    assert a.person_id != b.person_id and "lower rank" in b.why


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Bộ GD-ĐT", "Bộ Giáo dục và Đào tạo", True),  # abbreviation
    ("Quốc phòng Việt Nam", "Bộ Quốc phòng", True),
    ("Chiến tranh Hoa Kỳ", "Bộ Chiến tranh Mỹ", True),  # synonym (link_words.csv)
    ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Gia Lai", True),  # one extends the other
    ("Tổ kiểm soát thuộc Chi cục Hải quan cửa khẩu Chi Ma", "Ủy ban nhân dân thị xã Cửa Lò", False),
    ("Ủy ban nhân dân huyện A Lưới", "Ủy ban nhân dân huyện Phong Điền", False),
    ("Cục Hải quan Hà Nội", "Ủy ban nhân dân phường Bắc Sơn", False),
])
def test_orgs_compatible(a: str, b: str, same: bool) -> None:
    assert orgs_compatible(a, b) is same


@pytest.mark.parametrize(("title", "base"), [
    ("Phó Chủ tịch Thường trực", "chủ tịch"), ("Quyền Hiệu trưởng", "hiệu trưởng"),
    ("Chủ tịch nước", "chủ tịch nước"), (None, None)])
def test_base_title(title: str | None, base: str | None) -> None:
    assert base_title(title) == base


# ---------------------------------------------------------------- places (pure)


@pytest.mark.parametrize(("text", "kind", "name"), [
    ("Qua cửa khẩu Hữu Nghị có 1.200 lượt xe. Khác.", "gate", "Hữu Nghị"),
    ("Năm 2017, các đơn vị Bộ đội Biên phòng cả nước bắt 379 vụ.", "country", "Việt Nam"),
    ("Năm 2016, tỉnh Lạng Sơn đã kiểm tra 306 vụ.", "province", "Lạng Sơn"),
    # A campaign's quoted name is not a national scope.
    ("Phong trào “Cả nước chung tay” giúp 300 hộ ở tỉnh Cà Mau.", "province", "Cà Mau"),
    ("Tại Campuchia, ngày 21/4 ghi nhận 303 ca mắc mới.", "country", "Campuchia"),
    # The person is not the province: no place.
    ("Học tập tư tưởng Hồ Chí Minh, 300 người dự.", "none", None),
])
def test_places(text: str, kind: str, name: str | None) -> None:
    at = text.index(next(c for c in text if c.isdigit()))
    gates = tuple(GateMention(text.index("Hữu Nghị"), "Hữu Nghị", "vn-huu-nghi", "Lạng Sơn")
                  for _ in [0] if "Hữu Nghị" in text)
    art = ArticleFacts("a", None, text, (), (IndicatorMention(1, "a", None, at, 1.0, "vụ", "x"),), gates)
    p = places(art)[1]
    assert (p.kind, p.name) == (kind, name)


# ---------------------------------------------------------------- store, CLI, page

ARTICLES = [
    ("Ngày 2/3, ông Phạm Anh Tuấn, Phó Chủ tịch UBND tỉnh Gia Lai, thăm cửa khẩu Lệ Thanh. "
     "Năm 2020, qua cửa khẩu Lệ Thanh có 1.200 lượt xe.", "2021-03-02"),
    ("Chủ tịch UBND tỉnh Gia Lai Phạm Anh Tuấn làm việc tại cửa khẩu Lệ Thanh. "
     "Năm 2020, qua cửa khẩu Lệ Thanh có 1.200 lượt xe.", "2025-11-02"),
    ("Đại úy Phạm Anh Tuấn, Đội trưởng đội Cảnh sát cơ động tỉnh Kiên Giang, bị thương. "
     "Năm 2020, qua cửa khẩu Lệ Thanh có 1.500 lượt xe.", "2021-05-01"),
]


def _write(store: Store, articles: list[tuple[str, str]]) -> int:
    run = store.start_run({}, "test")
    results = []
    for text, published in articles:
        a = make_article(text, published=published, source=f"{published}.txt")
        results.append(ArticleResult(article=a, source=a.source, facts=extract_doc(segment(a))[0]))
    store.write_batch(run, results)
    store.finish_run(run)
    return run


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    path = tmp_path / "facts.db"
    with Store.open(path) as store:
        run = _write(store, ARTICLES[:2])
        store_links.link_run(store, run)
    return path


def test_link_people_series_and_views(linked: Path) -> None:
    with Store.open(linked) as store:
        people, _ = store_links.find_people(store, "Phạm Anh Tuấn")
        assert [(p.articles, [r.title for r in p.roles]) for p in people] == [
            (2, ["Phó Chủ tịch", "Chủ tịch"])]
        pts = store_links.series_points(store, unit="lượt")
        assert [(p.value, p.sources, p.place, p.period_start) for p in pts] == [
            (1200.0, 2, "Lệ Thanh", "2020-01-01")]  # one point, both sources kept
        # Incremental: a new run adds its article only; its namesake stays apart.
        run2 = _write(store, ARTICLES)
        c = store_links.link_run(store, run2)
        assert c.articles == 1
        people, _ = store_links.find_people(store, "Phạm Anh Tuấn")
        assert sorted(p.articles for p in people) == [1, 2]
        (row,) = store.db.execute("SELECT series_id, [values] FROM contradictions").fetchall()
        assert row[1] == "1200.0 | 1500.0"
        for view in ("person_roles", "series_table", "gate_timeline", "gate_officials",
                     "gate_indicators"):
            assert store.db.execute(f"SELECT count(*) FROM [{view}]").fetchone()[0] > 0, view


def test_cli_people_series_link(linked: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["people", "Phạm Anh Tuấn", "--db", str(linked)])
    assert r.exit_code == 0 and "Phó Chủ tịch" in r.output and "2021-03-02" in r.output
    r = CliRunner().invoke(main, ["series", "--gate", "Lệ Thanh", "--csv", "--db", str(linked)])
    assert r.exit_code == 0 and r.output.splitlines()[1].startswith("1,")
    page = tmp_path / "d.html"
    r = CliRunner().invoke(main, ["link", "--db", str(linked), "--html", str(page)])
    assert r.exit_code == 0 and "linked 0 new articles" in r.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "Phạm Anh Tuấn" in html and "<svg" in html
    for cmd in ("link", "people", "series"):
        assert "Example:" in CliRunner().invoke(main, [cmd, "--help"]).output


def test_page_escapes_scraped_text() -> None:
    from vnfacts.pipeline.report_dataset import render
    from vnfacts.pipeline.store.links import PersonReport, Role

    p = PersonReport(1, "<img src=x onerror=alert(1)>", "", "2020-01-01", "2021-01-01", 2, 2,
                     (Role("<b>", None, None, "2020-01-01", "2021-01-01", 2, ("a",)),))
    html = render([p], [])
    assert "<img" not in html and "&lt;img" in html and "<b>" not in html


# ---------------------------------------------------------------- gold/links scores


@pytest.mark.slow
def test_gold_link_scores(shared_dir: Path, root_dir: Path, tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(root_dir / "scripts" / "score_links.py"),
                          "--build", str(tmp_path / "links.db"), "--shared", str(shared_dir)],
                         capture_output=True, text=True, cwd=root_dir)
    import re

    prec, rec = map(float, re.search(r"precision ([\d.]+).*recall ([\d.]+)", out.stdout).groups())
    points = float(re.search(r"points right = ([\d.]+)", out.stdout).group(1))
    # Issue 22 asks precision ≥ 0.97, recall ≥ 0.90. Recall was 0.936 on the officials
    # extractor the gold was built with and 0.892 after the officials rework (new and
    # re-titled mentions the linker splits): the target is not met (issue 22 stays open), and
    # this floor guards the figure measured on the merged code against further regressions.
    assert prec >= 0.97 and rec >= 0.88, out.stdout
    # Series points are below the 0.90 target (periods and places the indicator extractor
    # misses): this floor catches a regression, docs/dataset.md says what is missing.
    assert points >= 0.60, out.stdout


def test_a_figure_without_a_period_takes_its_sentences_date() -> None:
    from vnfacts.pipeline.link import DateMention, periods

    text = "Tại Ấn Độ, trong ngày 29/4, ghi nhận 386.888 ca. Ngày 1/5, 12 ca."
    ind = (IndicatorMention(1, "a", None, text.index("386"), 386888.0, "ca", "mắc"),
           IndicatorMention(2, "a", None, text.index("12 ca"), 12.0, "ca", "mắc",
                            period_start="2021-05-02", period_end="2021-05-02"))
    dates = (DateMention(text.index("29/4"), "2021-04-29", "2021-04-29"),
             DateMention(text.index("1/5"), "2021-05-01", "2021-05-01"))
    got = periods(ArticleFacts("a", None, text, (), ind, (), dates))
    assert got[1] == ("2021-04-29", "2021-04-29", "date in sentence")
    assert got[2] == ("2021-05-02", "2021-05-02", "indicator")  # its own period wins


def test_score_people_counts_cross_article_pairs() -> None:
    from vnfacts.pipeline.link_score import score_people

    gold = {("a", 0, 5): "X", ("a", 9, 14): "X", ("b", 0, 5): "X", ("c", 0, 5): "Y"}
    s = score_people(gold, {("a", 0, 5): 1, ("a", 9, 14): 1, ("b", 0, 5): 2, ("c", 0, 5): 2})
    # Units (a,X), (b,X), (c,Y): gold joins a-b; the prediction joins b-c.
    assert (s.gold_links, s.predicted_links, s.correct_links) == (1, 1, 0)
    assert (s.precision, s.recall) == (0.0, 0.0)


def test_people_kept_apart_on_the_name_are_flagged(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    with Store.open(path) as store:
        run = _write(store, [
            ("Đại tướng Lương Cường, Chủ nhiệm Tổng cục Chính trị, dự lễ.", "2021-04-25"),
            ("Chủ tịch nước Lương Cường tiếp đoàn.", "2025-11-02")])
        store_links.link_run(store, run)
        people, _ = store_links.find_people(store, "Lương Cường")
    assert len(people) == 2 and people[0].maybe == (people[1].id,) and people[1].maybe == (people[0].id,)
    r = CliRunner().invoke(main, ["people", "Lương Cường", "--db", str(path)])
    assert "flagged: kept apart from person" in r.output

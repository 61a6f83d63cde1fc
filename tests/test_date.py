"""`date` extractor: real excerpts (../shared/corpus, corpus/ seeds, GUIDELINES.md §3.2, §5)."""

from __future__ import annotations

import datetime as dt

import pytest
from vnfacts.extractors import date as date_ex
from vnfacts.extractors.date import LunarDay
from vnfacts.pipeline.api import make_doc

D = dt.date


def _dates(text: str, published: str | None = "2025-11-02"):
    doc = make_doc(text, published)
    facts = date_ex.extract(doc, {})
    for f in facts:
        assert doc.text[f.start:f.end] == f.text
    return facts


# (excerpt, published, [(span, start, end, grain, extra fields)])
CASES = [
    # GUIDELINES.md §3.2 table and the seeds
    ("Chương trình phối hợp công tác số 5115/CTr-BTTTT-BTLBP ngày 9/12/2021 giữa Bộ",
     None, [("ngày 9/12/2021", D(2021, 12, 9), D(2021, 12, 9), "day", {})]),
    ("Ngày 21/1, tại thành phố Lào Cai", "2013-01-22",
     [("Ngày 21/1", D(2013, 1, 21), D(2013, 1, 21), "day", {"year_inferred": True})]),
    ("Năm 2012 là năm đầu tiên Sở Thông tin", None,
     [("Năm 2012", D(2012, 1, 1), D(2012, 12, 31), "year", {})]),
    ("chương trình phối hợp số 03/CTr-STTTT-BCHBĐBP giai đoạn 2012 – 2020. Theo", None,
     [("giai đoạn 2012 – 2020", D(2012, 1, 1), D(2020, 12, 31), "year", {})]),
    ("biển, hải đảo giai đoạn 2021 -2030.", None,
     [("giai đoạn 2021 -2030", D(2021, 1, 1), D(2030, 12, 31), "year", {})]),
    ("Ủy viên Ban Thường vụ Tỉnh ủy Khánh Hòa, nhiệm kỳ 2025 - 2030.", None,
     [("nhiệm kỳ 2025 - 2030", D(2025, 1, 1), D(2030, 12, 31), "year", {})]),
    ("đầu tháng 5/2025, WB sẽ có cuộc họp", None,
     [("tháng 5/2025", D(2025, 5, 1), D(2025, 5, 31), "month", {})]),
    ("(Ngày đăng :06/05/2021 12:00:00 SA)", None,
     [("06/05/2021 12:00:00 SA", D(2021, 5, 6), D(2021, 5, 6), "day", {"time": "00:00"})]),
    ("Ngày cập nhật 28/12/2019", None, [("28/12/2019", D(2019, 12, 28), D(2019, 12, 28), "day", {})]),
    ("kỷ niệm 80 năm (06/01/1946 - 06/01/2026)", None,
     [("06/01/1946 - 06/01/2026", D(1946, 1, 6), D(2026, 1, 6), "day", {})]),
    ("quan Việt Nam (2/9/1945-2/9/2020) và các sự kiện", None,
     [("2/9/1945-2/9/2020", D(1945, 9, 2), D(2020, 9, 2), "day", {})]),
    ("doanh thu quý III/2024 tăng", None,
     [("quý III/2024", D(2024, 7, 1), D(2024, 9, 30), "quarter", {})]),
    ("quý 4 năm 2018", None, [("quý 4 năm 2018", D(2018, 10, 1), D(2018, 12, 31), "quarter", {})]),
    # day forms from ../shared/corpus
    ("Chiều 2/11, tại Hà Nội, Đại tướng", "2025-11-02",
     [("Chiều 2/11", D(2025, 11, 2), D(2025, 11, 2), "day", {"year_inferred": True})]),
    ("Người dân cho biết, chiều 30/10, khi nước ròng", "2025-11-02",
     [("chiều 30/10", D(2025, 10, 30), D(2025, 10, 30), "day", {"year_inferred": True})]),
    ("vào trưa ngày 8.4, chị N.U.P", "2025-04-20",
     [("trưa ngày 8.4", D(2025, 4, 8), D(2025, 4, 8), "day", {"year_inferred": True})]),
    ("Đến ngày 31-10, khi thời tiết tạnh", "2025-11-02",
     [("ngày 31-10", D(2025, 10, 31), D(2025, 10, 31), "day", {"year_inferred": True})]),
    ("xuất ngũ từ tháng 5-2002, anh", None,
     [("tháng 5-2002", D(2002, 5, 1), D(2002, 5, 31), "month", {})]),
    ("Ngày 8/3 năm nay", "2025-11-02",
     [("Ngày 8/3 năm nay", D(2025, 3, 8), D(2025, 3, 8), "day",
       {"relative": True, "year_inferred": True})]),
    ("tháng 2 năm nay, NutiFood", "2020-03-10",
     [("tháng 2 năm nay", D(2020, 2, 1), D(2020, 2, 29), "month",
       {"relative": True, "year_inferred": True})]),
    ("ngày 17/2/1979 … đến ngày 18/3 cùng năm", None,
     [("ngày 17/2/1979", D(1979, 2, 17), D(1979, 2, 17), "day", {}),
      ("ngày 18/3 cùng năm", D(1979, 3, 18), D(1979, 3, 18), "day",
       {"relative": True, "year_inferred": True})]),
    ("Hai năm trước, ông trở lại", "2024-03-01",
     [("Hai năm trước", D(2022, 1, 1), D(2022, 12, 31), "year", {"relative": True, "year_inferred": True})]),
    # "… đến nay": now is the publication date, unknown without one (decided in docs/guidelines.md)
    ("Từ năm 2020 đến nay, đồn đã", "2025-11-02",
     [("Từ năm 2020 đến nay", D(2020, 1, 1), D(2025, 11, 2), "year", {"relative": True})]),
    ("từ năm 2016 đến nay, lực lượng", None,
     [("từ năm 2016 đến nay", D(2016, 1, 1), None, "year", {"relative": True})]),
    ("từ đầu năm đến nay, đã bắt giữ", None,
     [("từ đầu năm đến nay", None, None, "day", {"relative": True, "year_inferred": True})]),
    ("từ nay đến hết năm 2025", "2025-11-02",
     [("từ nay đến hết năm 2025", D(2025, 11, 2), D(2025, 12, 31), "day", {"relative": True})]),
    ("Từ hôm nay (02/11) đến ngày 04/11, vùng biển", "2025-11-02",
     [("Từ hôm nay (02/11) đến ngày 04/11", D(2025, 11, 2), D(2025, 11, 4), "day",
       {"year_inferred": True, "relative": True})]),
    ("Đề án sắp xếp đơn vị hành chính cấp xã của tỉnh Bình Định 2025. Theo đó", None,
     [("2025", D(2025, 1, 1), D(2025, 12, 31), "year", {})]),
    ("nhân dịp mồng 8/3", "2025-03-01",
     [("mồng 8/3", D(2025, 3, 8), D(2025, 3, 8), "day", {"year_inferred": True})]),
    ("ngày 9 tháng 12 năm 2021", None,
     [("ngày 9 tháng 12 năm 2021", D(2021, 12, 9), D(2021, 12, 9), "day", {})]),
    ("09-12-2021", None, [("09-12-2021", D(2021, 12, 9), D(2021, 12, 9), "day", {})]),
    ("Kể từ ngày 29/5/2018, sau gần 10 năm hoạt động", None,
     [("ngày 29/5/2018", D(2018, 5, 29), D(2018, 5, 29), "day", {})]),
    ("quốc gia (2/11/2025), mực nước", None,
     [("2/11/2025", D(2025, 11, 2), D(2025, 11, 2), "day", {})]),
    ("tính đến 8h sáng nay (2/11), thiên tai", "2025-11-02",
     [("sáng nay", D(2025, 11, 2), D(2025, 11, 2), "day", {"relative": True, "time": "08:00", "year_inferred": True}),
      ("2/11", D(2025, 11, 2), D(2025, 11, 2), "day", {"year_inferred": True})]),
    ("Gần 9 giờ tối 4.4, đoàn tàu chở cán bộ", "2025-04-05",
     [("tối 4.4", D(2025, 4, 4), D(2025, 4, 4), "day", {"year_inferred": True, "time": "21:00"})]),
    ("khoảng 18 giờ 30 phút chiều 28-10, ông Lương Văn Hải", "2025-11-02",
     [("chiều 28-10", D(2025, 10, 28), D(2025, 10, 28), "day",
       {"year_inferred": True, "time": "18:30"})]),
    ("rút để thông xe kỹ thuật vào 19/12 tới.", "2025-10-20",
     [("19/12", D(2025, 12, 19), D(2025, 12, 19), "day", {"year_inferred": True})]),
    # forecasts land in the coming days (§3.2), last December in January
    ("Khoảng ngày 7/11 bão di chuyển vào đất liền", "2025-11-02",
     [("ngày 7/11", D(2025, 11, 7), D(2025, 11, 7), "day", {"year_inferred": True})]),
    ("Ngày 21/1, đoàn công tác", "2025-11-02",
     [("Ngày 21/1", D(2025, 1, 21), D(2025, 1, 21), "day", {"year_inferred": True})]),
    ("cuối tháng 12 vừa qua", "2026-01-10",
     [("tháng 12 vừa qua", D(2025, 12, 1), D(2025, 12, 31), "month", {"year_inferred": True})]),
    # ranges (§5)
    ("mưa to ở Gia Lai từ ngày 5 đến 7/11. Trong 24 giờ qua", "2025-11-02",
     [("từ ngày 5 đến 7/11", D(2025, 11, 5), D(2025, 11, 7), "day", {"year_inferred": True})]),
    ("từ ngày 20/7 đến hết ngày 12/8/2020", None,
     [("từ ngày 20/7 đến hết ngày 12/8/2020", D(2020, 7, 20), D(2020, 8, 12), "day", {})]),
    ("từ năm 2016 đến tháng 10/2020", None,
     [("từ năm 2016 đến tháng 10/2020", D(2016, 1, 1), D(2020, 10, 31), "month", {})]),
    ("Lớp tập huấn diễn ra từ ngày 28/10 - 2/11/2025, với sự", None,
     [("từ ngày 28/10 - 2/11/2025", D(2025, 10, 28), D(2025, 11, 2), "day", {})]),
    ("Trong khoảng thời gian từ ngày 1-3/11 không khí lạnh", "2025-11-02",
     [("từ ngày 1-3/11", D(2025, 11, 1), D(2025, 11, 3), "day", {"year_inferred": True})]),
    ("từ 20-30/4", "2025-04-10",
     [("từ 20-30/4", D(2025, 4, 20), D(2025, 4, 30), "day", {"year_inferred": True})]),
    ("Do ảnh hưởng bởi mưa lũ ngày 25 – 30-10, Trạm cấp nước", "2025-11-02",
     [("ngày 25 – 30-10", D(2025, 10, 25), D(2025, 10, 30), "day", {"year_inferred": True})]),
    ("hợp đồng từ 02/2023 - 11/2024", None,
     [("từ 02/2023 - 11/2024", D(2023, 2, 1), D(2024, 11, 30), "month", {})]),
    ("từ đầu năm đến 15/11", "2025-11-20",
     [("từ đầu năm đến 15/11", D(2025, 1, 1), D(2025, 11, 15), "day", {"year_inferred": True})]),
    ("23 và 24/1", "2025-01-30",
     [("23", D(2025, 1, 23), D(2025, 1, 23), "day", {"year_inferred": True}),
      ("24/1", D(2025, 1, 24), D(2025, 1, 24), "day", {"year_inferred": True})]),
    ("Trước đó, vào các ngày 28, 29/10, Công an xã", "2025-11-02",
     [("ngày 28", D(2025, 10, 28), D(2025, 10, 28), "day", {"year_inferred": True}),
      ("29/10", D(2025, 10, 29), D(2025, 10, 29), "day", {"year_inferred": True})]),
    ("sơ kết 7 tháng đầu năm 2020", None,
     [("7 tháng đầu năm 2020", D(2020, 1, 1), D(2020, 7, 31), "month", {})]),
    ("trong 9 tháng năm 2025 đã giảm 23%", None,
     [("9 tháng năm 2025", D(2025, 1, 1), D(2025, 9, 30), "month", {})]),
    ("Trong năm 2024 và 2025, Binh đoàn 15", None,
     [("năm 2024", D(2024, 1, 1), D(2024, 12, 31), "year", {}),
      ("2025", D(2025, 1, 1), D(2025, 12, 31), "year", {})]),
    # §6: Tết Nguyên đán with its year is the first day of that lunar year (dev gold gn-002)
    ("Tết Nguyên đán Tân Sửu 2021, lực lượng BĐBP", None,
     [("Tết Nguyên đán Tân Sửu 2021", D(2021, 2, 12), D(2021, 2, 12), "day",
       {"calendar": "lunar", "lunar": LunarDay(month=1, day=1, year=2021)})]),
    ("Luật Hải quan năm 2014", None, [("năm 2014", D(2014, 1, 1), D(2014, 12, 31), "year", {})]),
    ("(vì theo Luật Hải quan 2014 khu vực cửa khẩu", None,
     [("2014", D(2014, 1, 1), D(2014, 12, 31), "year", {})]),
    ("giảm 41% so với cùng kỳ 2019. Kim ngạch", None,
     [("2019", D(2019, 1, 1), D(2019, 12, 31), "year", {})]),
    ("giai đoạn 2021-2030 và tầm nhìn 2045 liên quan", None,
     [("giai đoạn 2021-2030", D(2021, 1, 1), D(2030, 12, 31), "year", {}),
      ("2045", D(2045, 1, 1), D(2045, 12, 31), "year", {})]),
    ("hy sinh tháng 2/1979", None, [("tháng 2/1979", D(1979, 2, 1), D(1979, 2, 28), "month", {})]),
    # relative references against the publication date (§3.2)
    ("thiệt mạng đêm qua trong vụ lũ quét", "2025-11-02",
     [("đêm qua", D(2025, 11, 1), D(2025, 11, 1), "day", {"relative": True, "year_inferred": True})]),
    ("Kể từ khi đến Mỹ vào năm ngoái cùng vợ", "2025-11-02",
     [("năm ngoái", D(2024, 1, 1), D(2024, 12, 31), "year", {"relative": True, "year_inferred": True})]),
    ("hôm qua", "2025-11-02", [("hôm qua", D(2025, 11, 1), D(2025, 11, 1), "day", {"relative": True, "year_inferred": True})]),
    ("tuần trước", "2025-11-02",
     [("tuần trước", D(2025, 10, 20), D(2025, 10, 26), "week", {"relative": True, "year_inferred": True})]),
    ("tháng tới", "2025-11-02",
     [("tháng tới", D(2025, 12, 1), D(2025, 12, 31), "month", {"relative": True, "year_inferred": True})]),
    ("Sáng 5/3, lệnh được ban bố, thì chiều cùng ngày phía bên kia", "2025-11-02",
     [("Sáng 5/3", D(2025, 3, 5), D(2025, 3, 5), "day", {"year_inferred": True}),
      ("cùng ngày", D(2025, 3, 5), D(2025, 3, 5), "day", {"year_inferred": True, "relative": True})]),
    ("Lúc 3 giờ chiều ngày mai, bão", "2025-11-02",
     [("chiều ngày mai", D(2025, 11, 3), D(2025, 11, 3), "day", {"relative": True, "time": "15:00", "year_inferred": True})]),
    ("thứ Năm tuần tới", "2025-11-02",
     [("thứ Năm tuần tới", D(2025, 11, 6), D(2025, 11, 6), "day", {"relative": True, "year_inferred": True})]),
]


@pytest.mark.parametrize("text,published,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_date_values(text, published, expected):
    facts = _dates(text, published)
    got = [(f.text, f.value.start, f.value.end, f.value.grain) for f in facts]
    assert got == [e[:4] for e in expected]
    for f, (*_, extra) in zip(facts, expected, strict=True):
        for k, v in {"year_inferred": False, "relative": False, "time": None, **extra}.items():
            assert getattr(f.value, k) == v, (f.text, k)


# Not dates (§3.2, §5): nothing may overlap the quoted part.
NOT_DATES = [
    ("Nghị định 15/2020/NĐ-CP quy định", "2020"),
    ("Nghị Quyết số 19-2017/NQ-CP của Chính phủ", "2017"),
    ("Nghị quyết số 202/2025/QH15", "2025"),
    ("trong 3 năm qua, lực lượng", "3 năm qua"),
    ("sau 10 năm xây dựng", "10 năm"),
    ("Nguyễn Văn A, sinh năm 1966, trú tại", "1966"),
    ("khen thưởng anh Lương Quang Kiệt (SN 1994, ở TP Quy Nhơn)", "1994"),
    ("Chỉ có đến nay, đơn vị mới", "nay"),
    ("Hà Bá Mít, sinh ngày 5/8/1971, trú tại xã", "5/8/1971"),
    ("đến 22 giờ cùng ngày mới xong", "22 giờ"),
    ("mỗi lượt mất 10-12 phút", "10-12"),
    ("duy trì 1.608 tổ, chốt", "1.608"),
    ("đã thông 12/12 tuyến đường", "12/12"),
    ("đã xác minh 44/45 bộ hồ sơ", "44/45"),
    ("Điện thoại: 0213.3791.558 - Email", "0213.3791.558"),
    ("30.248 lần/16.4582 lượt", "16.4582"),
    ("tàu cá CM-05144-TS do ông", "05144"),
    ("số thu liên tục tăng năm sau cao hơn năm trước.", "năm sau"),
    ("Chục năm trước tôi rất lo", "năm trước"),
    ("mỗi tháng 2 lần", "tháng 2"),
    ("vượt 2020 người", "2020"),
    ("https://hddtvn.com/wp-content/uploads/2021/01/2104_IMG_1562.jpg", "2021/01"),
]


@pytest.mark.parametrize("text,part", NOT_DATES, ids=[c[1] for c in NOT_DATES])
def test_not_dates(text, part):
    lo = text.index(part)
    hi = lo + len(part)
    hits = [f.text for f in _dates(text) if f.start < hi and f.end > lo]
    assert hits == []


def test_year_from_preceding_full_date_without_publication():
    """No publication date: the year of the nearest preceding full date (§3.2)."""
    facts = _dates("Ngày 9/12/2021 ký kết. Chiều 17/12, đoàn làm việc.", None)
    assert [(f.text, f.value.start) for f in facts] == [
        ("Ngày 9/12/2021", D(2021, 12, 9)), ("Chiều 17/12", D(2021, 12, 17))]
    assert facts[1].value.year_inferred is True


def test_no_year_at_all_keeps_month_and_day():
    (f,) = _dates("Chiều 17/12, đoàn làm việc.", None)
    assert (f.value.start, f.value.end, f.value.month, f.value.day) == (None, None, 12, 17)


def test_relative_needs_a_publication_date():
    assert _dates("hôm qua, đoàn đến", None) == []


def test_full_profile_resolves_clock_times_and_durations():
    """The parser's "full" profile reads what news facts leave out (used by the conformance)."""
    ref = dt.datetime(2017, 2, 2, 3, 55)
    got = {t: [(p.value.start, p.value.end) for p in date_ex.parse(t, ref, "full")]
           for t in ("lúc 2 giờ sáng", "10:45", "3 ngày tới", "thứ 2")}
    assert got == {
        "lúc 2 giờ sáng": [(D(2017, 2, 3), D(2017, 2, 3))],  # 02:00 has passed: tomorrow
        "10:45": [(D(2017, 2, 2), D(2017, 2, 2))],
        "3 ngày tới": [(D(2017, 2, 3), D(2017, 2, 5))],
        "thứ 2": [(D(2017, 2, 6), D(2017, 2, 6))],
    }
    assert date_ex.parse("lúc 2 giờ sáng", ref, "news") == []


def test_word_lists_are_data(root_dir):
    """extractors/data/date_words.csv feeds the parser: month words map to 1-12, offsets small."""
    import csv

    with (root_dir / "extractors" / "data" / "date_words.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    groups = {r["group"] for r in rows}
    assert {"month_word", "rel_day", "rel_unit", "bare_dm_next",
            "year_after_prep", "year_after_context", "not_name_before_year"} <= groups
    # no word for May: "tháng năm" reads as "month, year" far more often than "May"
    months = sorted({int(r["value"]) for r in rows if r["group"] == "month_word"})
    assert months == [m for m in range(1, 13) if m != 5]
    assert all(-2 <= int(r["value"]) <= 2 for r in rows if r["group"] in ("rel_day", "rel_unit"))


# ---------------------------------------------------------------- issue 18 (GUIDELINES.md §6)
L = LunarDay

# (excerpt, published, [(span, start, end, grain, fields)]): each form the issue lists
ISSUE_18 = [
    # lunar dates: Gregorian start/end, calendar "lunar", what was written in `lunar`
    ("mùng 6 tháng Giêng người dân đi lễ", "2025-02-10",
     [("mùng 6 tháng Giêng", D(2025, 2, 3), D(2025, 2, 3), "day",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=1, day=6)})]),
    ("vào tháng giêng, lễ hội", "2025-02-10",
     [("tháng giêng", D(2025, 1, 29), D(2025, 2, 27), "month",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=1)})]),
    ("Rằm tháng Giêng năm Giáp Thìn", "2025-02-10",
     [("Rằm tháng Giêng năm Giáp Thìn", D(2024, 2, 24), D(2024, 2, 24), "day",
       {"calendar": "lunar", "lunar": L(month=1, day=15, year=2024)})]),
    ("Giỗ Tổ ngày 10/3 âm lịch", "2025-03-20",
     [("ngày 10/3 âm lịch", D(2025, 4, 7), D(2025, 4, 7), "day",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=3, day=10)})]),
    ("Ngày 23 tháng Chạp, ông Công ông Táo", "2025-01-15",
     [("Ngày 23 tháng Chạp", D(2025, 1, 22), D(2025, 1, 22), "day",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=12, day=23)})]),
    ("rằm tháng 7 âm lịch", "2025-08-01",
     [("rằm tháng 7 âm lịch", D(2025, 9, 6), D(2025, 9, 6), "day",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=7, day=15)})]),
    ("mùng 1 tháng 6 nhuận âm lịch năm 2025", None,
     [("mùng 1 tháng 6 nhuận âm lịch năm 2025", D(2025, 7, 25), D(2025, 7, 25), "day",
       {"calendar": "lunar", "lunar": L(month=6, day=1, leap=True, year=2025)})]),
    ("Sáng 14/2 (mùng 5 Tết), người dân", "2024-02-20",
     [("Sáng 14/2", D(2024, 2, 14), D(2024, 2, 14), "day", {"year_inferred": True}),
      ("mùng 5 Tết", D(2024, 2, 14), D(2024, 2, 14), "day",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=1, day=5)})]),
    ("tức 27 tháng chạp năm Ất Tỵ đến hết mùng 6 tháng giêng năm Bính Ngọ.", "2025-10-16",
     [("27 tháng chạp năm Ất Tỵ đến hết mùng 6 tháng giêng năm Bính Ngọ", D(2026, 2, 14),
       D(2026, 2, 22), "day", {"calendar": "lunar", "lunar": L(month=12, day=27, year=2025)})]),
    ("nghỉ từ ngày 9.2.2026 đến hết ngày 22.2.2026 (tức từ ngày 22 tháng chạp đến hết mùng 6 tết).",
     "2025-10-20",  # the lunar range restates the Gregorian one: its year, end not before start
     [("từ ngày 9.2.2026 đến hết ngày 22.2.2026", D(2026, 2, 9), D(2026, 2, 22), "day", {}),
      ("từ ngày 22 tháng chạp đến hết mùng 6 tết", D(2026, 2, 9), D(2026, 2, 22), "day",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=12, day=22)})]),
    ("Khoảng tháng 4, tháng 5 âm lịch là có mực", "2025-10-20",  # one marker, two lunar months
     [("tháng 4", D(2025, 4, 28), D(2025, 5, 26), "month",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=4)}),
      ("tháng 5 âm lịch", D(2025, 5, 27), D(2025, 6, 24), "month",
       {"year_inferred": True, "calendar": "lunar", "lunar": L(month=5)})]),
    ("Năm ấy, Tết Nguyên đán Ất Sửu 1985 đến sớm", None,  # Vietnam 21/1; China's calendar: 20/2
     [("Tết Nguyên đán Ất Sửu 1985", D(1985, 1, 21), D(1985, 1, 21), "day",
       {"calendar": "lunar", "lunar": L(month=1, day=1, year=1985)})]),
    # year inference both ways; year words; a weekday fixes the year
    ("ngày 10/4 sẽ khai mạc", "2025-02-10",
     [("ngày 10/4", D(2025, 4, 10), D(2025, 4, 10), "day", {"year_inferred": True})]),
    ("hạn chót 20/5.", "2025-02-10",
     [("20/5", D(2025, 5, 20), D(2025, 5, 20), "day", {"year_inferred": True})]),
    ("kéo dài đến 30/4 năm sau", "2025-02-10",
     [("30/4 năm sau", D(2026, 4, 30), D(2026, 4, 30), "day",
       {"year_inferred": True, "relative": True})]),
    ("tháng 3 năm tới", "2025-11-02",
     [("tháng 3 năm tới", D(2026, 3, 1), D(2026, 3, 31), "month",
       {"year_inferred": True, "relative": True})]),
    ("ngày 5/3 năm ngoái", "2025-11-02",
     [("ngày 5/3 năm ngoái", D(2024, 3, 5), D(2024, 3, 5), "day",
       {"year_inferred": True, "relative": True})]),
    ("chủ nhật ngày 9 tháng 4", "2017-02-02",  # 9/4/2016 is a Saturday
     [("ngày 9 tháng 4", D(2017, 4, 9), D(2017, 4, 9), "day", {"year_inferred": True})]),
    ("Thứ Hai, giá vàng tăng", "2025-02-13",  # a Thursday: Monday 10/2 is nearest
     [("Thứ Hai", D(2025, 2, 10), D(2025, 2, 10), "day", {"relative": True, "year_inferred": True})]),
    ("hẹn gặp vào chủ nhật.", "2025-02-13",
     [("chủ nhật", D(2025, 2, 16), D(2025, 2, 16), "day", {"relative": True, "year_inferred": True})]),
    # "a-b" owned by the date only with a month or a date word (extractors/dash.py)
    ("ngày 5-7 tháng 3", "2025-02-10",
     [("ngày 5-7 tháng 3", D(2025, 3, 5), D(2025, 3, 7), "day", {"year_inferred": True})]),
    ("mưa từ 9 - 15.6 tới", "2025-06-01",
     [("từ 9 - 15.6", D(2025, 6, 9), D(2025, 6, 15), "day", {"year_inferred": True})]),
    ("dịp 30/4 - 1/5, Khánh Hòa đón khách", "2021-04-28",
     [("30/4 - 1/5", D(2021, 4, 30), D(2021, 5, 1), "day", {"year_inferred": True})]),
    ("Ngày 10/9, mưa lớn. Từ ngày 16 - 22, hội chợ.", "2025-10-20",  # days: the last date's month
     [("Ngày 10/9", D(2025, 9, 10), D(2025, 9, 10), "day", {"year_inferred": True}),
      ("Từ ngày 16 - 22", D(2025, 9, 16), D(2025, 9, 22), "day", {"year_inferred": True})]),
    ("Hội chợ diễn ra từ ngày 16 đến 22, tại sân vận động.", "2025-10-20",  # else the nearest month
     [("từ ngày 16 đến 22", D(2025, 10, 16), D(2025, 10, 22), "day", {"year_inferred": True})]),
    ("Đêm 6, lũ lên nhanh.", "2025-10-20",
     [("Đêm 6", D(2025, 10, 6), D(2025, 10, 6), "day", {"year_inferred": True})]),
    ("mưa trong đêm 6 và ngày 7.10 từ 200 - 400 mm.", "2025-10-15",
     [("đêm 6", D(2025, 10, 6), D(2025, 10, 6), "day", {"year_inferred": True}),
      ("ngày 7.10", D(2025, 10, 7), D(2025, 10, 7), "day", {"year_inferred": True})]),
    ("từ đêm 29-10 đến ngày 1-11, mưa", "2025-11-02",  # d-m style with a date word: one range
     [("từ đêm 29-10 đến ngày 1-11", D(2025, 10, 29), D(2025, 11, 1), "day", {"year_inferred": True})]),
    # anchors: against the last date mentioned, or publication
    ("Sáng 3/9, đoàn đến. Cùng ngày, đoàn về.", "2025-09-10",
     [("Sáng 3/9", D(2025, 9, 3), D(2025, 9, 3), "day", {"year_inferred": True}),
      ("Cùng ngày", D(2025, 9, 3), D(2025, 9, 3), "day", {"year_inferred": True, "relative": True})]),
    ("Từ tháng 1 đến tháng 10/2025, … Ngày 5/11/2025 họp. Cùng ngày, đoàn về.", None,
     [("Từ tháng 1 đến tháng 10/2025", D(2025, 1, 1), D(2025, 10, 31), "month", {}),
      ("Ngày 5/11/2025", D(2025, 11, 5), D(2025, 11, 5), "day", {}),
      ("Cùng ngày", D(2025, 11, 5), D(2025, 11, 5), "day", {"year_inferred": True, "relative": True})]),
    ("Ngày 3/2, tàu đến. Hôm sau, tàu rời.", "2025-02-10",
     [("Ngày 3/2", D(2025, 2, 3), D(2025, 2, 3), "day", {"year_inferred": True}),
      ("Hôm sau", D(2025, 2, 4), D(2025, 2, 4), "day", {"year_inferred": True, "relative": True})]),
    ("Ngày 5/3, mưa lớn; ngày hôm trước trời nắng.", "2025-03-10",
     [("Ngày 5/3", D(2025, 3, 5), D(2025, 3, 5), "day", {"year_inferred": True}),
      ("ngày hôm trước", D(2025, 3, 4), D(2025, 3, 4), "day", {"year_inferred": True, "relative": True})]),
    ("Ngày 12/2/2025 giá tăng; tuần trước đó giá giảm", "2025-02-20",
     [("Ngày 12/2/2025", D(2025, 2, 12), D(2025, 2, 12), "day", {}),
      ("tuần trước đó", D(2025, 2, 3), D(2025, 2, 9), "week", {"year_inferred": True, "relative": True})]),
    ("tuần qua giá lợn tăng", "2025-02-13",
     [("tuần qua", D(2025, 2, 3), D(2025, 2, 9), "week", {"relative": True, "year_inferred": True})]),
    ("cách đây năm năm ông về", "2025-02-13",
     [("cách đây năm năm", D(2020, 1, 1), D(2020, 12, 31), "year",
       {"relative": True, "year_inferred": True, "approx": True})]),
    ("hơn hai năm trước, ông về", "2025-02-13",
     [("hơn hai năm trước", D(2023, 1, 1), D(2023, 12, 31), "year",
       {"relative": True, "year_inferred": True, "approx": True})]),
    ("Năm 2023, ông về. Cùng năm đó, ông đi.", None,
     [("Năm 2023", D(2023, 1, 1), D(2023, 12, 31), "year", {}),
      ("Cùng năm đó", D(2023, 1, 1), D(2023, 12, 31), "year", {"relative": True, "year_inferred": True})]),
    ("Ngày 9/12/2021 ký. 9 tháng đầu năm tăng 5%.", None,  # no publication: the preceding full date
     [("Ngày 9/12/2021", D(2021, 12, 9), D(2021, 12, 9), "day", {}),
      ("9 tháng đầu năm", D(2021, 1, 1), D(2021, 9, 30), "month", {"relative": True, "year_inferred": True})]),
    # clock times stay with their day and never split a range; one fact for "chiều nay 15/3"
    ("từ 7 giờ ngày 3.9 đến 7 giờ ngày 4.9", "2025-09-10",
     [("từ 7 giờ ngày 3.9 đến 7 giờ ngày 4.9", D(2025, 9, 3), D(2025, 9, 4), "day",
       {"year_inferred": True, "time": "07:00"})]),
    ("chiều nay 15/3, trời mưa", "2025-03-15",
     [("chiều nay 15/3", D(2025, 3, 15), D(2025, 3, 15), "day", {"year_inferred": True})]),
    ("từ sau Tết Nguyên đán đến nay, giá tăng", "2021-04-25",
     [("từ sau Tết Nguyên đán đến nay", D(2021, 2, 12), D(2021, 4, 25), "day",
       {"year_inferred": True, "relative": True, "calendar": "lunar", "lunar": L(month=1, day=1)})]),
]


@pytest.mark.parametrize("text,published,expected", ISSUE_18, ids=[c[0][:40] for c in ISSUE_18])
def test_issue_18_forms(text, published, expected):
    facts = _dates(text, published)
    got = [(f.text, f.value.start, f.value.end, f.value.grain) for f in facts]
    assert got == [e[:4] for e in expected]
    for f, (*_, extra) in zip(facts, expected, strict=True):
        want = {"year_inferred": False, "relative": False, "time": None, "calendar": "gregorian",
                "lunar": None, "approx": False, **extra}
        for k, v in want.items():
            assert getattr(f.value, k) == v, (f.text, k)


# Numbers, idioms, names and recurring days: no date fact may overlap the quoted part (§6).
NOT_DATES_18 = [
    ("người dân phải chờ 2-3 tiếng mới được khám", "2-3"),
    ("từ 5-7 lần phun thuốc", "5-7"),
    ("tăng trưởng kinh tế đạt từ 6,5 - 7%", "6,5 - 7"),
    ("chăn nuôi 20-25 con bò", "20-25"),
    ("uống ngày 2-3 lần", "2-3"),
    ("đợi từ 4 -5 ngày", "4 -5"),
    ("lực lượng trực 24/7 tại chốt", "24/7"),
    ("trực 24/24 giờ", "24/24"),
    ("hội nghị lần thứ 2 (17/3) ông", "thứ 2"),
    ("Lần thứ hai ông đến.", "thứ hai"),
    ("Thứ hai, cần chú ý.", "Thứ hai"),
    ("cuối tuần (thứ bảy, chủ nhật), tối đa", "chủ nhật"),
    ("“Ngày chủ nhật tình nguyện”, từ sáng sớm", "chủ nhật"),
    ("3 chuyến/tuần vào các ngày thứ Ba, Năm và Bảy", "thứ Ba"),
    ("Trường mầm non 18/3. Tính đến nay", "18/3"),
    ("tại Quảng trường 2/4 (TP Nha Trang)", "2/4"),
    ("quy định tại Nghị quyết 11/2023. Việc thu", "11/2023"),
    ("cả tháng nay, lượng cát khan hiếm", "tháng nay"),
    ("Năm qua, tỉnh đã", "Năm qua"),
    ("những ngày trước đó", "ngày trước đó"),
    ("sau Tết Nguyên đán, giá tăng", "Tết Nguyên đán"),
]


@pytest.mark.parametrize("text,part", NOT_DATES_18, ids=[c[0][:30] for c in NOT_DATES_18])
def test_issue_18_not_dates(text, part):
    lo = text.index(part)
    hi = lo + len(part)
    assert [f.text for f in _dates(text, "2025-10-06") if f.start < hi and f.end > lo] == []


@pytest.mark.parametrize("text,raw", [
    ("ngày 31/2/2025 họp", "31/2/2025"), ("hạn 99/99/9999.", "99/99/9999"),
    ("ngày 31 tháng 4 năm 2025", "31 tháng 4 năm 2025"), ("ngày 30/2 họp", "30/2"),
])
def test_impossible_dates_are_kept(text, raw):
    """§6: a date that cannot exist is a fact with start null, the written parts in raw."""
    (f,) = _dates(text, "2025-03-01")
    assert (f.value.start, f.value.end, f.value.raw, f.value.anomaly) == (
        None, None, raw, "impossible_date")


# extractors/dash.py: both readings of "a-b", from what surrounds it
DASH = [
    ("chờ 2-3 tiếng", "2-3", "number"), ("từ 5-7 lần phun", "5-7", "number"),
    ("đạt từ 6,5 - 7%", "5 - 7", "number"), ("nuôi 20-25 con bò", "20-25", "number"),
    ("dài 10-12 km", "10-12", "number"), ("uống ngày 2-3 lần", "2-3", "number"),
    ("khoảng 5-7 người", "5-7", "number"), ("tăng 5-7.", "5-7", "number"),
    ("ngày 5-7/3", "5-7", "month_day"), ("từ 9 - 15.6 tới", "9 - 15", "month_day"),
    ("ngày 5-7 tháng 3", "5-7", "month_day"), ("từ 20-30/4", "20-30", "month_day"),
    ("tháng 5-7 năm nay", "5-7", "month"),
    ("ngày 16-22, hội chợ", "16-22", "day"), ("ngày 31-10, khi", "31-10", "day"),
]


@pytest.mark.parametrize("text,span,want", DASH, ids=[c[0] for c in DASH])
def test_dash_reading(text, span, want):
    from vnfacts.extractors import dash

    i = text.index(span)
    assert dash.reading(text, i, i + len(span)) == want

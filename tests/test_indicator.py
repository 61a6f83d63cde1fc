"""The indicator extractor on real sentences of the seeds and /work/shared/corpus
(GUIDELINES.md §3.5, §5; docs/guidelines.md "Indicators: decided cases")."""

from __future__ import annotations

import datetime as dt

import pytest
from vnfacts.extractors import indicator
from vnfacts.extractors.date import DateValue
from vnfacts.pipeline.api import make_doc
from vnfacts.pipeline.runner import run_all
from vnfacts.pipeline.types import Fact

# (sentence excerpt, [(span text, value, unit, approx)]) — every quantity the sentence reports.
CASES: list[tuple[str, list[tuple[str, float | None, str, str | None]]]] = [
    # seeds (corpus/003, 000, 001, 002, 004)
    ("tích cực tuyên truyền được 824 buổi tuyên truyền cho 41.262 lượt người dân các bản giáp biên giới;",
     [("824 buổi", 824, "buổi", None), ("41.262 lượt", 41262, "lượt", None)]),
    ("phát hành 67.850 tờ rơi, tờ gấp tuyên truyền về biên giới",
     [("67.850 tờ", 67850, "tờ", None)]),
    ("Cùng với đó tổ chức 48 buổi biểu diễn văn nghệ, thu hút trên 20.000 lượt người xem.",
     [("48 buổi", 48, "buổi", None), ("trên 20.000 lượt", 20000, "lượt", "more_than")]),
    ("Đã phát sóng 37 phóng sự, 134 chuyên mục, 328 tin trên Đài Phát thanh – Truyền hình tỉnh.",
     [("37 phóng sự", 37, "phóng sự", None), ("134 chuyên mục", 134, "chuyên mục", None),
      ("328 tin", 328, "tin", None)]),
    ("đưa hơn 2600 tin, bài chương trình phóng sự", [("hơn 2600 tin", 2600, "tin", "more_than")]),
    ("cho cán bộ làm công tác tuyên truyền ở 13 đồn biên phòng và 01 tiểu đoàn huấn luyện cơ động",
     [("13 đồn", 13, "đồn", None), ("01 tiểu đoàn", 1, "tiểu đoàn", None)]),
    ("05 ý kiến tham luận từ các đơn vị, địa phương", [("05 ý kiến", 5, "ý kiến", None)]),
    ("Tại buổi tổng kết, hai cơ quan, đơn vị đã thống nhất", [("hai cơ quan", 2, "cơ quan", None)]),
    ("tổ chức tập huấn cho hơn 100 cán bộ về công tác thông tin đối ngoại",
     [("hơn 100 cán bộ", 100, "cán bộ", "more_than")]),
    ("Hiện tỉnh Lạng Sơn đã triển khai 21 Tổ thông tin, truyền thông của các đồn Biên phòng",
     [("21 Tổ", 21, "tổ", None)]),
    ("đã đầu tư 13 cụm thông tin cơ sở tại 6 xã biên giới, 5 phương tiện tác nghiệp",
     [("13 cụm", 13, "cụm", None), ("6 xã", 6, "xã", None), ("5 phương tiện", 5, "phương tiện", None)]),
    # /work/shared/corpus
    ("Bộ đội Biên phòng đã thành lập và duy trì 1.608 tổ, chốt tại các tuyến biên giới.",
     [("1.608 tổ", 1608, "tổ", None)]),
    ("với hơn 10.000 người tham gia (hơn 7.000 cán bộ, chiến sỹ Bộ đội Biên phòng và gần 3.000 người lực lượng khác)",
     [("hơn 10.000 người", 10000, "người", "more_than"), ("hơn 7.000 cán bộ", 7000, "cán bộ", "more_than"),
      ("gần 3.000 người", 3000, "người", "less_than")]),
    ("phát hiện trong cabin tài xế có gần 1,8 tỷ đồng và trên 7.800 USD.",
     [("gần 1,8 tỷ đồng", 1_800_000_000, "đồng", "less_than"), ("trên 7.800 USD", 7800, "usd", "more_than")]),
    ("vận chuyển trái phép 132,96 triệu đồng qua biên giới", [("132,96 triệu đồng", 132_960_000, "đồng", None)]),
    ("kim ngạch trên 1,2 triệu USD hàng chuyển cửa khẩu", [("trên 1,2 triệu USD", 1_200_000, "usd", "more_than")]),
    ("Tổ công tác đã mời 3 người về Đồn Biên phòng Phú Hữu", [("3 người", 3, "người", None)]),
    ("An Giang có đường biên giới dài khoảng 100km tiếp giáp Campuchia",
     [("khoảng 100km", 100, "km", "about")]),
    ("Cách đó chừng 5 km, tại xã Cẩm Bình", [("chừng 5 km", 5, "km", "about")]),
    ("kim ngạch chuyển cửa khẩu cũng chỉ xấp xỉ 4 triệu USD, giảm tới 93%.",
     [("xấp xỉ 4 triệu USD", 4_000_000, "usd", "about"), ("93%", 93, "%", None)]),
    ("Thống kê ban đầu có ít nhất 12 người chết và mất tích", [("ít nhất 12 người", 12, "người", "more_than")]),
    ("Hải quan Quảng Ninh vượt 3 chỉ tiêu thu ngân sách", [("vượt 3 chỉ tiêu", 3, "chỉ tiêu", "more_than")]),
    ("xử lý 53 vụ, 107 đối tượng có hành vi tổ chức", [("53 vụ", 53, "vụ", None), ("107 đối tượng", 107, "đối tượng", None)]),
    ("Tang vật thu giữ gồm 1 khẩu súng AK báng xếp, 1 băng đạn 25 viên;",
     [("1 khẩu", 1, "khẩu", None), ("1 băng đạn", 1, "băng đạn", None), ("25 viên", 25, "viên", None)]),
    ("Năm 2020, 100% tờ khai được thông quan tự động", [("100%", 100, "%", None)]),
    ("toàn Cục đã thu đạt 12.119 tỷ đồng, về đích trước hạn", [("12.119 tỷ đồng", 12_119_000_000_000, "đồng", None)]),
    ("Khối lượng ước tính 1.000 mét khối đất", [("1.000 mét khối", 1000, "mét khối", None)]),
    ("cứu 11 ngư dân gặp nạn sau va chạm tàu hàng", [("11 ngư dân", 11, "ngư dân", None)]),
    ("vừa đưa 11 thuyền viên trên hai tàu cá gặp nạn", [("11 thuyền viên", 11, "thuyền viên", None),
                                                      ("hai tàu", 2, "tàu", None)]),
    ("toàn bộ 708 phiến dầm được đúc đủ", [("708 phiến", 708, "phiến", None)]),
    ("hơn 600.000 quân Trung Quốc tổng tấn công", [("hơn 600.000 quân", 600_000, "quân", "more_than")]),
    # a noun that no units row lists is the unit as the segmenter reads it (rule ind.word_unit)
    ("Tạm giữ 90.000 khẩu trang y tế và 450 kg nầm lợn", [("90.000 khẩu trang", 90000, "khẩu trang", None),
                                                      ("450 kg", 450, "kg", None)]),
    ("Số công dân bị bắt giữ gồm 14 nam và 11 nữ, có hộ khẩu thường trú", [("14 nam", 14, "nam", None),
                                                                        ("11 nữ", 11, "nữ", None)]),
    ("Theo đại tá Đỗ Ngọc Toàn, có hai nguyên nhân cơ bản dẫn đến vấn nạn", [("hai nguyên nhân", 2, "nguyên nhân", None)]),
    ("với mục tiêu đào tạo được 7.500 nhân lực.", [("7.500 nhân lực", 7500, "nhân lực", None)]),
    ("Tiểu đoàn trưởng mất hai người thân.", [("hai người thân", 2, "người thân", None)]),
    ("Hàng chục nghìn dân thường, bộ đội, công an đã hy sinh", [("Hàng chục nghìn dân thường", 10000, "dân thường", None)]),
    ("duy trì 157 lán, tổ chốt chặn, 28 tổ cơ động", [("157 lán", 157, "lán", None), ("28 tổ", 28, "tổ", None)]),
    ("quy mô dân số hơn 3,153 triệu người; có 135 đơn vị hành chính cấp xã",
     [("hơn 3,153 triệu người", 3_153_000, "người", "more_than"), ("135 đơn vị", 135, "đơn vị", None)]),
    ("Mức giảm dao động từ 30.000 đồng đến 240.000 đồng/lượt", [("30.000 đồng đến 240.000 đồng/lượt", 30000, "đồng", None)]),
    ("trao 2.000 bánh tét, 1.000 bịch lương khô", [("2.000 bánh tét", 2000, "bánh tét", None),
                                              ("1.000 bịch", 1000, "bịch", None)]),
    ("bắt giữ đối tượng vận chuyển hai bánh heroin", [("hai bánh", 2, "bánh", None)]),
    ("với lưu lượng khá lớn. 4 thủy điện lớn gồm A Vương", [("4 thủy điện", 4, "thủy điện", None)]),
    ("Đã có 19 DSVHPVT được đưa vào Danh mục", [("19 DSVHPVT", 19, "dsvhpvt", None)]),
    ("kêu gọi cả hai nước tiếp tục đối thoại", [("hai nước", 2, "nước", None)]),
    ("UBND xã đã ra quyết định di dời khẩn cấp 43 hộ dân, với 143 nhân khẩu",
     [("43 hộ", 43, "hộ", None), ("143 nhân khẩu", 143, "nhân khẩu", None)]),
    ("(Ảnh: haiquanonline.com.vn) Trao quà trị giá 10 tỷ đồng cho bộ đội", [("10 tỷ đồng", 10_000_000_000, "đồng", None)]),
    ("đến trường hàng ngày với quãng đường hơn 40km (nếu qua cầu", [("hơn 40km", 40, "km", "more_than")]),
    ("mưa lũ khiến 76.500 ngôi nhà trên địa bàn bị ngập", [("76.500 ngôi", 76500, "ngôi", None)]),
    ("tổ chức 824 và 1.146 buổi tuyên truyền", [("824", 824, "buổi", None), ("1.146 buổi", 1146, "buổi", None)]),
    ("đồng thời trao tặng trị giá 40 triệu cho hộ nghèo", [("40 triệu", 40_000_000, "đồng", None)]),
    ("thiệt hại về người sẽ được bồi thường lên đến 100 triệu/người/vụ", [("100 triệu/người/vụ", 100_000_000, "đồng", None)]),
    ("đồng thời trao hỗ trợ 500 cuốn sách, quà và một số thuốc có trị giá 40 triệu.",
     [("500 cuốn", 500, "cuốn", None), ("40 triệu", 40_000_000, "đồng", None)]),
]


def _got(text: str) -> list[tuple[str, float | None, str | None, str | None]]:
    doc = make_doc(text)
    return [(f.text, f.value.value, f.value.unit, f.value.approx)  # type: ignore[union-attr]
            for f in indicator.extract(doc, {})]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_real_sentences(text: str, expected: list[tuple[str, float | None, str, str | None]]) -> None:
    assert _got(text) == [(s, float(v) if v is not None else None, u, a) for s, v, u, a in expected]


# Ranges, vague amounts, shares, anomalies: the other value fields.
@pytest.mark.parametrize(("text", "span", "fields"), [
    ("Mở chuyên mục phát hàng tháng, thời lượng 10-12 phút (cả phát thanh và truyền hình)",
     "10-12 phút", {"value": 10, "unit": "phút", "range_max": 12, "approx": None}),
    ("khảo sát lựa chọn từ 5 đến 15 tổ chốt/tỉnh", "5 đến 15 tổ",
     {"value": 5, "unit": "tổ", "range_max": 15}),
    ("khoảng 500 đến 600 xe", "khoảng 500 đến 600 xe",
     {"value": 500, "range_max": 600, "approx": "about", "unit": "xe"}),
    ("5-7 tờ khai", "5-7 tờ", {"value": 5, "range_max": 7, "approx": None, "unit": "tờ"}),
    ("sóng cao 2 đến 3 mét", "2 đến 3 mét", {"value": 2, "range_max": 3, "unit": "mét"}),
    ("số thu ngân sách tăng lên mức 150-200 tỷ đồng", "150-200 tỷ đồng",
     {"value": 150_000_000_000, "range_max": 200_000_000_000, "unit": "đồng"}),
    ("tuyên truyền được 2.462 buổi trên cụm loa với hàng trăm nghìn lượt người nghe",
     "hàng trăm nghìn lượt", {"value": 100_000, "vague": True, "unit": "lượt", "object": "người nghe"}),
    ("Đã có hàng chục trường hợp nhập cảnh trái phép", "hàng chục trường hợp",
     {"value": 10, "vague": True, "unit": "trường hợp"}),
    ("thu hút hàng nghìn người tham gia", "hàng nghìn người", {"value": 1000, "vague": True}),
    ("NutiFood cũng đã tặng hàng triệu phần quà", "hàng triệu phần",
     {"value": 1_000_000, "vague": True, "unit": "phần"}),
    ("hiện toàn TP Huế vẫn còn 8/40 xã, phường bị ngập", "8/40 xã", {"value": 8, "unit": "xã"}),
    ("tổ chức tuần tra bảo vệ biên giới được 30.248 lần/16.4582 lượt cán bộ, chiến sĩ",
     "16.4582 lượt", {"value": None, "raw": "16.4582", "anomaly": "bad_grouping", "unit": "lượt"}),
    ("tổ chức tuần tra bảo vệ biên giới được 30.248 lần/164.582 lượt cán bộ, chiến sĩ",
     "164.582 lượt", {"value": 164_582, "anomaly": None, "unit": "lượt"}),
    ("lượng mưa 69,4 mm", "69,4 mm", {"value": 69.4, "unit": "mm"}),
    ("thu giữ 500g ma túy", "500g", {"value": 500, "unit": "g"}),
    ("tăng trưởng GRDP đạt 39,6%.", "39,6%", {"value": 39.6, "unit": "%"}),
    ("Ba nhóm giải pháp này sẽ được triển khai", "Ba nhóm", {"value": 3, "unit": "nhóm"}),
])
def test_value_fields(text: str, span: str, fields: dict[str, object]) -> None:
    facts = indicator.extract(make_doc(text), {})
    by_span = {f.text: f for f in facts}
    assert span in by_span, [f.text for f in facts]
    got = by_span[span].value.model_dump()
    assert {k: got[k] for k in fields} == fields


# Not indicators (GUIDELINES.md §3.5): dates, years, clock times, codes, ordinals and
# numbered names, phone numbers, ages, counters, durations.
@pytest.mark.parametrize("text", [
    "Đại hội Công đoàn tỉnh Lào Cai lần thứ I, nhiệm kỳ 2025 - 2030",
    "tổng kết hoạt động của Đoàn đại biểu Quốc hội tỉnh Lào Cai khóa XV",
    "Cửa khẩu Quốc tế số 2 Kim Thành",
    "xe đi trên Quốc lộ 4 hướng về Lạng Sơn",
    "Cụ thể, khoản 3 Điều 5 dự thảo Luật Biên phòng Việt Nam",
    "Điện thoại: 0213.3791.558 - Email: banbientap@laichau.gov.vn",
    "Tổng truy cập 7.103.112",
    "2168 người online",
    "Truy cập hiện tại 3.619 khách",
    "Ek Xa Rít (34 tuổi) và Xuôn Kim Bô",
    "lúc 9 giờ 30 phút ngày 12/7, tại Km 17",
    "Sau gần 10 năm thực hiện chương trình phối hợp",
    "Chỉ tính trong 2 tháng qua, tại khu vực biên giới",
    "tai nạn giao thông trong 9 tháng năm 2025",
    "Chương trình phối hợp công tác số 5115/CTr-BTTTT-BTLBP ngày 9/12/2021",
    "theo Nghị định 15/2020/NĐ-CP và Chỉ thị số 12-CT/TW",
    "giai đoạn 2012-2020",
    "Nguyễn Thị Sô Banh, sinh năm 1989",
    "Trưởng Ban Chỉ đạo 389 quốc gia đã có ý kiến",
    "hơn 2 năm phòng, chống dịch COVID-19 tại khu vực biên giới",
    "UBND tỉnh Phạm Anh Tuấn (thứ 2 từ trái sang) tặng hoa",
    "Đây là một trong những nhiệm vụ thường xuyên",
    "Vào khoảng 20 giờ 30 ngày 4/8, tại đường mòn",
    "Khoảng 11 giờ ngày 11.4, anh Kiệt nhận",
    "Năm 1979, đồn 33 đóng quân ở xã Ma Li Pho",
    "kết nghĩa cụm dân cư hai bên biên giới",
    "Phường Hoài Nhơn 1 giáp với các Phường",
    "Binh đoàn 15 triển khai chương trình",
    "cuộc hội ngộ hôm nay chỉ được một phần ba quân số đồn năm ấy",
    "Trong 24 giờ tới, lũ trên sông Vu Gia",
    "phí duy trì được nộp theo từng năm (12 tháng).",
    "Sau 49 ngày cho anh, cô giáo Đường",
    "tại tọa độ 18,34 vĩ độ Bắc – 106,17 kinh độ Đông",
    "Trong đó 1.262 cố định, 346 lưu động",
    "Khoảng 18 giờ, ngày 25/10, khi đang neo",
    "Từ 72 đến 120 giờ tiếp theo, bão di chuyển",
    "Đi trên QL.2 đến km99+800 QL.2, rẽ trái",
    "có lịch sử hơn hai thế kỷ, gắn bó chặt chẽ",
    "trong khi lúa đã bắt đầu chín rộ.",
    "các địa phương đã kích hoạt phương án “4 tại chỗ”, huy động lực lượng",
    "triển khai các phương án cứu nạn. Đến 17 giờ, tàu BP 13-98-01 tiếp cận",
    "chỉ cho phép xe mô tô hai bánh, xe mô tô ba bánh",
    "nhìn ra bốn phía chỉ thấy một màu nước",
    "gồm các Quốc lộ 14D, 14E, 14H, 14G, 24C, 40B",
    "Trong đó, gói 4.6 đường cất/hạ cánh, đường lăn, sân đỗ đã hiệu chuẩn bay",
])
def test_not_indicators(text: str) -> None:
    assert _got(text) == []


def test_prior_dates_and_documents_are_not_indicators() -> None:
    # "7 tháng đầu năm 2020" is a date fact: its "7 tháng" must not come out again.
    text = "Trong 7 tháng đầu năm 2020, lực lượng chức năng bắt giữ 120 đối tượng."
    doc = make_doc(text, "2020-08-10")
    start = text.index("7 tháng")
    date = Fact.at(doc.text, "date", start, text.index(","),
                   DateValue(start=dt.date(2020, 1, 1), end=dt.date(2020, 7, 31), grain="month"), "test")
    facts = indicator.extract(doc, {"date": [date]})
    assert [(f.text, f.value.value) for f in facts] == [("120 đối tượng", 120.0)]  # type: ignore[union-attr]
    assert facts[0].value.period is not None and facts[0].value.period.end == dt.date(2020, 7, 31)  # type: ignore[union-attr]


def _date(text: str, surface: str, start: dt.date, end: dt.date, grain: str, nth: int = 0) -> Fact:
    i = -1
    for _ in range(nth + 1):
        i = text.index(surface, i + 1)
    return Fact.at(text, "date", i, i + len(surface),
                   DateValue(start=start, end=end, grain=grain), "test")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "date", "span", "period"), [
    # the period written earlier in the same sentence
    ("Năm 2016, hai đơn vị đã chủ động phối hợp với 3.795 lượt người tham dự; tuyên truyền cho 5.786 lượt cán bộ.",
     ("Năm 2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year"), "5.786 lượt",
     (dt.date(2016, 1, 1), dt.date(2016, 12, 31))),
    ("Giai đoạn 2012-2020, hai cơ quan đơn vị đã tổ chức được 5 lớp tập huấn nghiệp vụ.",
     ("Giai đoạn 2012-2020", dt.date(2012, 1, 1), dt.date(2020, 12, 31), "year"), "5 lớp",
     (dt.date(2012, 1, 1), dt.date(2020, 12, 31))),
    # the paragraph's opening sentence gives it for the later sentences
    ("Trong tháng 7/2020, lực lượng biên phòng tăng cường tuần tra. Các đơn vị cách ly 18.020 người.",
     ("tháng 7/2020", dt.date(2020, 7, 1), dt.date(2020, 7, 31), "month"), "18.020 người",
     (dt.date(2020, 7, 1), dt.date(2020, 7, 31))),
    # §6: the date of the indicator's own clause, a single day too
    ("Ngày 21/1, hội nghị có 150 đại biểu.",
     ("Ngày 21/1", dt.date(2013, 1, 21), dt.date(2013, 1, 21), "day"), "150 đại biểu",
     (dt.date(2013, 1, 21), dt.date(2013, 1, 21))),
    # a date in another paragraph does not carry over
    ("Năm 2016, tỉnh tổ chức hội nghị.\nCác đơn vị đã cách ly 200 người.",
     ("Năm 2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year"), "200 người", None),
])
def test_period(text: str, date: tuple[str, dt.date, dt.date, str], span: str,
                period: tuple[dt.date, dt.date] | None) -> None:
    doc = make_doc(text)
    facts = {f.text: f for f in indicator.extract(doc, {"date": [_date(doc.text, *date)]})}
    p = facts[span].value.period  # type: ignore[union-attr]
    assert (None if p is None else (p.start, p.end)) == period


def test_offsets_and_rules_on_a_seed(root_dir) -> None:  # type: ignore[no-untyped-def]
    text = (root_dir / "corpus" / "003_ecc8694d68c945b3.txt").read_text(encoding="utf-8")
    doc = make_doc(text)
    facts = [f for f in run_all(doc) if f.kind == "indicator"]
    assert len(facts) >= 20
    for f in facts:
        assert doc.text[f.start:f.end] == f.text and f.rule.startswith("ind.")
    got = {(f.text, f.value.value, f.value.unit) for f in facts}  # type: ignore[union-attr]
    assert {("824 buổi", 824.0, "buổi"), ("41.262 lượt", 41262.0, "lượt"), ("10-12 phút", 10.0, "phút"),
            ("hàng trăm nghìn lượt", 100000.0, "lượt")} <= got


@pytest.mark.shared
def test_whole_corpus_offsets(shared_dir) -> None:  # type: ignore[no-untyped-def]
    # Every fact on every corpus file reads back from the text; no crash on any input.
    n = 0
    for p in sorted((shared_dir / "corpus").glob("*.txt"))[:40]:
        doc = make_doc(p.read_text(encoding="utf-8"))
        for f in indicator.extract(doc, {}):
            assert doc.text[f.start:f.end] == f.text
            n += 1
    assert n > 100


# ---------------------------------------------------------------- issue 17 (GUIDELINES.md §6)

# Not indicators (§6): numbers in names and numbered series, vehicle classes, clock times,
# idioms; and words the closed unit lexicon does not list that are no nouns (the old catch-all
# "next word is the unit" rule read each of these as a unit on /work/shared/corpus).
@pytest.mark.parametrize("text", [
    "Bệnh viện Quân y 175 tổ chức hội nghị tổng kết.",
    "Trạm Kiểm soát Biên phòng 2 tổ chức tuần tra.",
    "Nhiều gia đình ở cả hai bên bị ảnh hưởng.",
    "tuyên truyền cho người dân qua lại hai bên cửa khẩu",
    "Thực hiện công văn số 12 và 13 của UBND tỉnh.",
    "Ảnh hưởng của cơn bão số 3, 4 gây thiệt hại nặng.",
    "Khách thuê xe ô tô 7 chỗ để về quê.",
    "Đoàn thuê xe 16 chỗ để di chuyển.",
    "Siêu thị mở cửa đến 21 giờ.",
    "Đường dây nóng hoạt động 24/7.",
    "Lực lượng trực 24/24 giờ tại chốt.",
    "Mô hình siêu thị 0 đồng giúp người nghèo.",
    "Một người dân cho biết, nước lên rất nhanh.",
    "Một số hộ dân đã chủ động di dời.",
    "Có 19 tập kết tại bãi.",
    "đàn cá 800 xuất hiện gần bờ",
    "Tháng 11 vừa qua, đơn vị đã ra quân.",
    "Trường tiểu học 2 tổ chức lễ khai giảng.",
    "Khoảng 9 giờ 15 phút, xe cứu thương tới nơi.",
    "Chiếc xà lan 300 tấn neo ở bến.",
    "Lễ hội mùa xuân 2024 chủ đề Sắc màu quê hương.",
    "Vườn cây xanh tốt 4 mùa.",
])
def test_not_indicators_issue_17(text: str) -> None:
    assert _got(text) == []


# Rates keep their denominator in `per` (§6); a rate written with "/" spans its denominator (as
# the general-news gold does), one written with "mỗi"/"một" spans number and unit.
@pytest.mark.parametrize(("text", "span", "value", "unit", "per"), [
    ("Giá lợn hơi hiện ở mức 45.000 đồng/kg.", "45.000 đồng/kg", 45_000, "đồng", "kg"),
    ("Mức hỗ trợ 40 triệu đồng/ha đối với diện tích bị thiệt hại.", "40 triệu đồng/ha", 40_000_000, "đồng", "ha"),
    ("Người dân được hỗ trợ 40 triệu đồng một ha.", "40 triệu đồng", 40_000_000, "đồng", "ha"),
    ("Mật độ thả nuôi 300 con mỗi m2.", "300 con", 300, "con", "m2"),
    ("Uống thuốc 3 lần/ngày.", "3 lần/ngày", 3, "lần", "ngày"),
    ("bồi thường lên đến 100 triệu/người/vụ", "100 triệu/người/vụ", 100_000_000, "đồng", "người/vụ"),
    ("Mức giảm dao động từ 30.000 đồng đến 240.000 đồng/lượt", "30.000 đồng đến 240.000 đồng/lượt", 30_000, "đồng", "lượt"),
    ("mức thu tối đa 20.000 đồng/học sinh/ngày", "tối đa 20.000 đồng/học sinh/ngày", 20_000, "đồng", "học sinh/ngày"),
    ("gió giật 60-80km/giờ", "60-80km/giờ", 60, "km", "giờ"),
    ("giá chè búp từ 8.000 đồng/kg đến 9.000 đồng/kg", "8.000 đồng/kg đến 9.000 đồng/kg", 8_000, "đồng", "kg"),
    ("khảo sát lựa chọn từ 5 đến 15 tổ chốt/tỉnh", "5 đến 15 tổ", 5, "tổ", None),
])
def test_rates(text: str, span: str, value: float, unit: str, per: str | None) -> None:
    facts = indicator.extract(make_doc(text), {})
    assert [(f.text, f.value.value, f.value.unit, f.value.per) for f in facts] == [  # type: ignore[union-attr]
        (span, float(value), unit, per)]


# People counted in what happened (§6): the outcome is the object; "một" counts only there.
@pytest.mark.parametrize(("text", "expected"), [
    ("Vụ tai nạn khiến hai vợ chồng tử vong tại chỗ.", [("hai vợ chồng", 2, "vợ chồng", "tử vong tại chỗ")]),
    ("Một người đi đường tử vong, bốn người khác bị thương.",
     [("Một người", 1, "người", "tử vong"), ("bốn người", 4, "người", "bị thương")]),
    ("Mưa lũ làm 8 người chết, 3 người mất tích.",
     [("8 người", 8, "người", "chết"), ("3 người", 3, "người", "mất tích")]),
])
def test_people_in_what_happened(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    facts = indicator.extract(make_doc(text), {})
    assert [(f.text, f.value.value, f.value.unit, f.value.object) for f in facts] == [  # type: ignore[union-attr]
        (s, float(v), u, o) for s, v, u, o in expected]


# Ranges are indicators (§6), on text no date fact covers; is_number_range is the one decision
# the date extractor can share: a unit or counted noun after "a-b" makes it a number range.
@pytest.mark.parametrize(("text", "span", "value", "range_max", "unit"), [
    ("Mỗi lần chờ 2-3 tiếng mới đến lượt.", "2-3 tiếng", 2, 3, "tiếng"),
    ("Mỗi ngày đi lại 5-7 lần.", "5-7 lần", 5, 7, "lần"),
    ("Đàn khỉ khoảng 20-25 con thường xuyên xuất hiện.", "khoảng 20-25 con", 20, 25, "con"),
    ("Lãi suất dao động từ 6,5 - 7%.", "6,5 - 7%", 6.5, 7, "%"),
])
def test_ranges(text: str, span: str, value: float, range_max: float, unit: str) -> None:
    facts = indicator.extract(make_doc(text), {})
    assert [(f.text, f.value.value, f.value.range_max, f.value.unit) for f in facts] == [  # type: ignore[union-attr]
        (span, float(value), float(range_max), unit)]


@pytest.mark.parametrize(("text", "range_text", "expected"), [
    ("chờ 2-3 tiếng", "2-3", True),
    ("đi 5-7 lần", "5-7", True),
    ("20-25 con", "20-25", True),
    ("từ 6,5 - 7%", "6,5 - 7", True),
    ("từ ngày 5-7/3", "5-7", False),        # a month follows: a date range
    ("ngày 5-7 tháng 3", "5-7", False),
    ("diễn ra 9 - 15.6", "9 - 15", False),
    ("hội nghị 5-7 tại Hà Nội", "5-7", False),
])
def test_is_number_range(text: str, range_text: str, expected: bool) -> None:
    end = text.index(range_text) + len(range_text)
    assert indicator.is_number_range(text, end) is expected


# Numbers (§6): "trong số", signs, number words, stacked scale words.
@pytest.mark.parametrize(("text", "span", "value", "unit"), [
    ("Trong số 640 vụ được phát hiện", "640 vụ", 640, "vụ"),
    ("Đường Trường Chinh còn 4 vị trí ngập.", "4 vị trí", 4, "vị trí"),  # a name head, then a verb: a count
    ("Công ty Minh Phát Đạt trao 3 tấn gạo cho bà con.", "3 tấn", 3, "tấn"),  # the word before is a verb
    ("Hai bên thường xuyên trao đổi thông tin.", "Hai bên", 2, "bên"),  # the two parties
    ("Đoàn đi thêm khoảng vài trăm mét nữa.", "khoảng vài trăm mét", 100, "mét"),
    ("Nhiệt độ thấp nhất âm 2 độ C.", "âm 2 độ C", -2, "độ"),
    ("Có nơi nhiệt độ xuống -2°C.", "-2°C", -2, "độ"),
    ("Tỉnh dự kiến chi nghìn tỉ đồng cho dự án cầu", "nghìn tỉ đồng", 1e12, "đồng"),
    ("Đơn vị đã tiếp nhận - 1.200.000 tấn hàng.", "- 1.200.000 tấn", -1_200_000, "tấn"),
    ("Kho dự trữ năm nghìn tấn gạo.", "năm nghìn tấn", 5000, "tấn"),
    ("Xe chở một tấn muối.", "một tấn", 1, "tấn"),
    ("Quy mô GDP đạt 2,3 triệu tỷ đồng.", "2,3 triệu tỷ đồng", 2.3e15, "đồng"),
    ("Tổng vốn đầu tư 4 nghìn tỷ đồng.", "4 nghìn tỷ đồng", 4e12, "đồng"),
    ("Kim ngạch đạt 1,8 nghìn tỷ USD.", "1,8 nghìn tỷ USD", 1.8e12, "usd"),
    ("Trong đó, 2 nghìn tỷ đồng là vốn ngân sách.", "2 nghìn tỷ đồng", 2e12, "đồng"),
])
def test_numbers_issue_17(text: str, span: str, value: float, unit: str) -> None:
    facts = indicator.extract(make_doc(text), {})
    assert [(f.text, f.value.value, f.value.unit) for f in facts] == [(span, float(value), unit)]  # type: ignore[union-attr]


# Objects (§6): the counted noun after a classifier; for money, percentages and measures the
# subject before đạt/là/ở mức/…, or the measure word right before the number.
@pytest.mark.parametrize(("text", "span", "obj"), [
    ("Kim ngạch xuất nhập khẩu qua cửa khẩu đạt 1,45 tỷ USD.", "1,45 tỷ USD", "kim ngạch xuất nhập khẩu"),
    ("Tổng thu ngân sách trên địa bàn tỉnh năm 2024 đạt 3.120 tỷ đồng.", "3.120 tỷ đồng", "tổng thu ngân sách"),
    ("tăng trưởng GRDP đạt 39,6%.", "39,6%", "tăng trưởng GRDP"),
    ("Dự án có tổng mức đầu tư 215 tỷ đồng.", "215 tỷ đồng", "tổng mức đầu tư"),
    ("- Xã Phù Mỹ có diện tích tự nhiên là 66,57 km2", "66,57 km2", "diện tích tự nhiên"),
    ("tuyên truyền được 824 buổi tuyên truyền cho 41.262 lượt người dân", "824 buổi", "tuyên truyền"),
    ("Hiện tỉnh Lạng Sơn đã triển khai 21 Tổ thông tin, truyền thông", "21 Tổ", "thông tin"),
    ("Cơ quan chức năng thu giữ 50 bao tải hàng hóa.", "50 bao", "bao tải hàng hóa"),
    ("Trong số 640 vụ có 20 vụ nghiêm trọng.", "640 vụ", None),   # "có": a verb fragment
    ("giảm 3 lãnh đạo mới", "3 lãnh đạo", None),                    # "mới": no object
    ("kim ngạch 230 triệu USD, giảm 5% nhưng tổng kim ngạch xuất nhập khẩu đạt 1 tỷ USD",
     "1 tỷ USD", "tổng kim ngạch xuất nhập khẩu"),
    # what a price is of; what is valued; the previous clause's subject; a list after the unit;
    # the phrase that says which ones
    ("Năm nay nông dân bán vải thiều với giá 25.000 đồng/kg.", "25.000 đồng/kg", "vải thiều"),
    ("Xã còn tồn 2.000 tấn cà phê, trị giá trên 90 tỷ đồng.", "trên 90 tỷ đồng", "cà phê"),
    ("Lượng khách nội địa ước đạt 50.000 lượt (tăng 20% so với cùng kỳ).", "20%", "lượng khách nội địa"),
    ("Huyện điều động 12 cán bộ, công chức cấp xã về cơ sở.", "12 cán bộ", "cán bộ, công chức cấp xã"),
    ("Vẫn còn 15 điểm trên tuyến tỉnh lộ bị ngập sâu.", "15 điểm", "trên tuyến tỉnh lộ bị ngập sâu"),
    ("Năng suất lúa vụ này đạt cao đến 70 tạ/ha.", "70 tạ/ha", "năng suất lúa vụ này"),
])
def test_objects(text: str, span: str, obj: str | None) -> None:
    facts = {f.text: f for f in indicator.extract(make_doc(text), {})}
    assert facts[span].value.object == obj  # type: ignore[union-attr]


def test_period_is_the_clause_date() -> None:
    # §6: "3 đoàn" takes the day of its own sentence, not the programme's years of the opening one.
    text = ("Giai đoạn 2026-2030, tỉnh đón các đoàn khách quốc tế. Sáng 28/10 đã có 3 đoàn đến thăm; "
            "dự kiến còn 5 đoàn khác.")
    doc = make_doc(text)
    dates = [_date(doc.text, "Giai đoạn 2026-2030", dt.date(2026, 1, 1), dt.date(2030, 12, 31), "year"),
             _date(doc.text, "Sáng 28/10", dt.date(2026, 10, 28), dt.date(2026, 10, 28), "day")]
    facts = {f.text: f.value.period for f in indicator.extract(doc, {"date": dates})}  # type: ignore[union-attr]
    assert (facts["3 đoàn"].start, facts["3 đoàn"].end) == (dt.date(2026, 10, 28), dt.date(2026, 10, 28))  # type: ignore[union-attr]
    # after ";" a new clause: no date of its own, the paragraph's opening period
    assert (facts["5 đoàn"].start, facts["5 đoàn"].end) == (dt.date(2026, 1, 1), dt.date(2030, 12, 31))  # type: ignore[union-attr]


@pytest.mark.shared
def test_duckling_numerals_in_a_sentence(shared_dir) -> None:  # type: ignore[no-untyped-def]
    # Every Duckling numeral news writes (all but the K/M/G suffixes), as a count of "tấn".
    import json

    from vnfacts.pipeline.api import extract_text

    bad = []
    for line in (shared_dir / "peer" / "duckling_numeral_vi.jsonl").open(encoding="utf-8"):
        case = json.loads(line)
        if case["text"][-1] in "kKmMgG":
            continue
        facts = [f for f in extract_text(f"Đơn vị đã tiếp nhận {case['text']} tấn hàng.") if f.kind == "indicator"]
        got = [(f.value.value, f.value.unit) for f in facts]  # type: ignore[union-attr]
        if got != [(pytest.approx(float(case["expected"])), "tấn")]:
            bad.append((case["text"], got))
    assert bad == []


@pytest.mark.parametrize("words", [
    ["Tổ", "công tác", "đã", "mời", "3", "người", "về", "Đồn", "Biên phòng", "Phú Hữu", "."],
    ["hơn", "7.000", "cán bộ", ",", "chiến sỹ", "Bộ đội", "Biên phòng"],
    ["a  b", "x"],  # an empty piece inside a word: underthesea's istitle gives False
    ["Một"],
])
def test_pos_features_are_underthesea_s(words: list[str]) -> None:
    # The extractor builds the CRF tagger's features itself (much faster); they must stay
    # exactly those of underthesea's template, or the tags would silently change.
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    ref = CRFPOSTagPredictor.Instance().transformer.transform([[(w, "X") for w in words]])[0][0]
    assert indicator._features(words) == ref

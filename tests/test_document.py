"""`document` extractor: real document numbers from ../shared/corpus, the seeds and §3.1."""

from __future__ import annotations

import datetime as dt

import pytest
from vnfacts.extractors import date as date_ex
from vnfacts.extractors import document as doc_ex
from vnfacts.pipeline.api import make_doc


def _docs(text: str, published: str | None = None):
    doc = make_doc(text, published)
    facts = doc_ex.extract(doc, {"date": date_ex.extract(doc, {})})
    for f in facts:
        assert doc.text[f.start:f.end] == f.text
    return facts


# (excerpt, span, code, number, year, doc_type, issuers, issuers_expanded)
CASES = [
    ("03/CTr-STTTT-BCHBĐBP", "03/CTr-STTTT-BCHBĐBP", "03/CTr-STTTT-BCHBĐBP", "03", None, "CTr",
     ["STTTT", "BCHBĐBP"], ["Sở Thông tin và Truyền thông", "Bộ Chỉ huy Bộ đội Biên phòng (tỉnh)"]),
    ("Chương trình phối hợp công tác số 5115/CTr-BTTTT-BTLBP ngày", "5115/CTr-BTTTT-BTLBP",
     "5115/CTr-BTTTT-BTLBP", "5115", None, "CTr", ["BTTTT", "BTLBP"],
     ["Bộ Thông tin và Truyền thông", "Bộ Tư lệnh Bộ đội Biên phòng"]),
    ("Nghị định 15/2020/NĐ-CP", "15/2020/NĐ-CP", "15/2020/NĐ-CP", "15", 2020, "NĐ", ["CP"],
     ["Chính phủ"]),
    ("NQ 389/NQ-CP (02/12/2025)", "389/NQ-CP", "389/NQ-CP", "389", None, "NQ", ["CP"], ["Chính phủ"]),
    ("Chỉ thị số 12-CT/TW", "12-CT/TW", "12-CT/TW", "12", None, "CT", ["TW"],
     ["Trung ương (Ban Chấp hành TW / Bộ Chính trị / Ban Bí thư)"]),
    ("Nghị quyết số 57-NQ/TW về đột phá", "57-NQ/TW", "57-NQ/TW", "57", None, "NQ", ["TW"],
     ["Trung ương (Ban Chấp hành TW / Bộ Chính trị / Ban Bí thư)"]),
    ("08-QĐi/TW", "08-QĐi/TW", "08-QĐi/TW", "08", None, "QĐi", ["TW"],
     ["Trung ương (Ban Chấp hành TW / Bộ Chính trị / Ban Bí thư)"]),
    ("Công văn 586/TCT-CS", "586/TCT-CS", "586/TCT-CS", "586", None, None, ["TCT", "CS"],
     ["Tổng cục Thuế", "Vụ Chính sách (drafting unit)"]),
    ("Số: 123/UBND-VX", "123/UBND-VX", "123/UBND-VX", "123", None, None, ["UBND", "VX"],
     ["Ủy ban nhân dân", "Văn xã (drafting unit of UBND)"]),
    ("phối hợp số 03 /CTr - STTTT ngày", "03 /CTr - STTTT", "03/CTr-STTTT", "03", None, "CTr",
     ["STTTT"], ["Sở Thông tin và Truyền thông"]),
    ("Kết luận số 118–KL/TW ngày", "118–KL/TW", "118-KL/TW", "118", None, "KL", ["TW"],
     ["Trung ương (Ban Chấp hành TW / Bộ Chính trị / Ban Bí thư)"]),
    ("Tổng cục Hải quan tiếp tục Công văn 7139/TCHQ-ĐTCBL, gửi", "7139/TCHQ-ĐTCBL",
     "7139/TCHQ-ĐTCBL", "7139", None, None, ["TCHQ", "ĐTCBL"],
     ["Tổng cục Hải quan", "Cục Điều tra chống buôn lậu (Tổng cục Hải quan)"]),
    ("Chính phủ đã có Nghị Quyết số 19-2017/NQ-CP ngày 6/2/2017", "19-2017/NQ-CP",
     "19/2017/NQ-CP", "19", 2017, "NQ", ["CP"], ["Chính phủ"]),
    ("ban hành Quyết định 01//2018/QĐ-TTg bãi bỏ", "01//2018/QĐ-TTg", "01/2018/QĐ-TTg", "01", 2018,
     "QĐ", ["TTg"], ["Thủ tướng Chính phủ"]),
    ("Theo Thông tư số 10/2025/TT-BTC vừa được Bộ Tài chính", "10/2025/TT-BTC", "10/2025/TT-BTC",
     "10", 2025, "TT", ["BTC"], [None]),  # BTC: Bộ Tài chính or Ban Tổ chức, never guessed
    ("Nghị quyết 202/2025/QH15", "202/2025/QH15", "202/2025/QH15", "202", 2025, None, ["QH15"],
     ["Quốc hội"]),
    ("vừa có Công điện số 25/CĐ-BCĐ-BNNMT gửi các bộ", "25/CĐ-BCĐ-BNNMT", "25/CĐ-BCĐ-BNNMT", "25",
     None, "CĐ", ["BCĐ", "BNNMT"], ["Ban Chỉ đạo", "Bộ Nông nghiệp và Môi trường"]),
    ("tại văn bản số 365/TTKTĐB-KHCN&MT ngày 1/11/2025", "365/TTKTĐB-KHCN&MT",
     "365/TTKTĐB-KHCN&MT", "365", None, None, ["TTKTĐB", "KHCN&MT"], [None, None]),
    ("Chủ tịch UBND thành phố tại Công văn số 3370/UBND-PTDS ngày", "3370/UBND-PTDS",
     "3370/UBND-PTDS", "3370", None, None, ["UBND", "PTDS"], ["Ủy ban nhân dân", None]),
    ("tại Công văn số 3370/UBNDPTDS ngày 30/10/2025 về", "3370/UBNDPTDS",  # dash dropped
     "3370/UBND-PTDS", "3370", None, None, ["UBND", "PTDS"], ["Ủy ban nhân dân", None]),
]


@pytest.mark.parametrize("text,span,code,number,year,doc_type,issuers,expanded", CASES,
                         ids=[c[1] for c in CASES])
def test_document_values(text, span, code, number, year, doc_type, issuers, expanded):
    (f,) = _docs(text)
    v = f.value
    assert (f.text, v.code, v.number, v.year, v.doc_type, v.issuers, v.issuers_expanded) == (
        span, code, number, year, doc_type, issuers, expanded)


@pytest.mark.parametrize("text,name", [
    ("03/CTr-STTTT-BCHBĐBP", "Chương trình"),
    ("Nghị định 15/2020/NĐ-CP", "Nghị định (Chính phủ)"),
    ("Chỉ thị số 12-CT/TW", "Chỉ thị (Đảng)"),
    ("Nghị quyết số 57/NQ-TW của Bộ Chính trị", "Nghị quyết (Đảng)"),  # Party issuer, slash typo
    ("NQ 389/NQ-CP", "Nghị quyết (cá biệt)"),  # no year: an administrative resolution
    ("Công văn 586/TCT-CS", None),
])
def test_doc_type_name(text, name):
    (f,) = _docs(text)
    assert f.value.doc_type_name == name


NOT_DOCUMENTS = [
    "ngày 9/12/2021 đoàn công tác",
    "đã thông 12/12 tuyến đường",
    "Điện thoại: 0213.3791.558 - Email: ban",
    "30.248 lần/16.4582 lượt",
    "tàu cá CM-05144-TS do ông",
    "trên QL49B tại đoạn Km 5+900 - Km 10+300",
    "gói thầu 9-XL đạt 70%",
    "Chỉ huy Phòng thủ khu vực 3 - Phú Lộc",
    "Chi cục 3- Cục Kiểm tra",
    "wp-content/uploads/2021/01/IMG-2104.jpg",
    "thảm nhựa 2,22/2,83 km",
    "Luật Biên giới quốc gia",
]


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_not_documents(text):
    assert [f.text for f in _docs(text)] == []


def test_programme_link_seed():
    """corpus/000: the programme's title, signing date and period (§3.1, issue 3)."""
    text = ("Đây là hoạt động trong Chương trình phối hợp công tác số 5115/CTr-BTTTT-BTLBP ngày "
            "9/12/2021 giữa Bộ Thông tin và Truyền thông và Bộ Tư lệnh Bộ đội Biên phòng trong "
            "công tác thông tin, truyền thông và thông tin đối ngoại tại khu vực biên giới, biển, "
            "hải đảo giai đoạn 2021 -2030.")
    (f,) = _docs(text)
    v = f.value
    assert (v.title, v.signed, v.period.start, v.period.end) == (
        "Chương trình phối hợp công tác", dt.date(2021, 12, 9), dt.date(2021, 1, 1),
        dt.date(2030, 12, 31))


def test_programme_link_without_signing_date():
    text = ("triển khai thực hiện chương trình phối hợp số 03/CTr-STTTT-BCHBĐBP giai đoạn "
            "2012 – 2020. Theo báo cáo, năm 2013 …")
    (f,) = _docs(text, "2013-01-22")
    v = f.value
    assert (v.title, v.signed, v.period.start, v.period.end) == (
        "chương trình phối hợp", None, dt.date(2012, 1, 1), dt.date(2020, 12, 31))


@pytest.mark.parametrize("text,code,title,signed", [
    ("Nghị định số 112/2014/NĐ-CP ngày 21/11/2014 của Chính phủ", "112/2014/NĐ-CP", None,
     dt.date(2014, 11, 21)),
    ("Chương trình hành động số 32-CT/TU thực hiện Nghị quyết số 57-NQ/TW ngày 22.12.2024",
     "57-NQ/TW", None, dt.date(2024, 12, 22)),
    ("Chương trình hành động số 32-CT/TU thực hiện Nghị quyết", "32-CT/TU",
     "Chương trình hành động", None),
    ("tại Nghị quyết số 01/2021/NQ-CP và số 02/2021/NQ-CP ban hành ngày 1/1/2021", "02/2021/NQ-CP",
     None, dt.date(2021, 1, 1)),
])
def test_signing_date_and_title(text, code, title, signed):
    f = next(f for f in _docs(text) if f.value.code == code)
    assert (f.value.title, f.value.signed) == (title, signed)


@pytest.mark.parametrize("text,code,status", [
    # NĐ 30 table (verified) + Chính phủ (verified: the decree's own number)
    ("Nghị định 15/2020/NĐ-CP", "15/2020/NĐ-CP", "verified"),
    # Chỉ thị (verified) + TTg (verified)
    ("Chỉ thị số 01/CT-TTg", "01/CT-TTg", "verified"),
    # Thông tư: attested in the corpus only; BQP likewise
    ("Thông tư số 09/2016/TT-BQP", "09/2016/TT-BQP", "corpus"),
    # Kế hoạch (verified) but Sở Giáo dục và Đào tạo: no source read confirms the code
    ("Kế hoạch số 12/KH-SGDĐT", "12/KH-SGDĐT", "unverified"),
    ("Kế hoạch số 12/KH-SYT", "12/KH-SYT", "verified"),  # SYT: a Sở Y tế công văn header
    # an ambiguous issuer adds no status; BCT reads as a Party body, and the Party
    # "Quyết định (Đảng)" row is unverified
    ("Quyết định 123/QĐ-BCT", "123/QĐ-BCT", "unverified"),
    ("Quyết định số 2388/QĐ-TCHQ", "2388/QĐ-TCHQ", "corpus"),
])
def test_reference_status_is_the_least_backed_row(text, code, status):
    """value.reference_status tells a steward how far the expansions are backed (docs/data.md)."""
    (f,) = [f for f in _docs(text) if f.value.code == code]
    assert f.value.reference_status == status


def test_no_table_row_no_status():
    (f,) = _docs("Công văn số 586/XYZQ-ABCD")
    assert f.value.issuers_expanded == [None, None] and f.value.reference_status is None


def test_tables_load_through_the_lexicon():
    """Both tables are read by lexicon.load_table with their provenance (validated there)."""
    types = doc_ex._doc_types()
    assert types[("CTr", "admin")].name == "Chương trình" and types[("CTr", "admin")].status == "verified"
    assert "ND30" in types[("CTr", "admin")].source_ids
    issuers = doc_ex._issuers()
    assert issuers["BCT"] is None  # Bộ Chính trị / Bộ Công Thương: never guessed
    assert issuers["CP"].name == "Chính phủ" and issuers["CP"].status == "verified"

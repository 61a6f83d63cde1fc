"""border_gate extractor: tables of real sentences (short excerpts of ../shared/corpus and the
seeds) with the facts they must give — span text, name, class, province (GUIDELINES.md §3.4, §5;
docs/guidelines.md "Border gates: decided cases")."""

from __future__ import annotations

from pathlib import Path

import pytest
from vnfacts.extractors import border_gate as bg
from vnfacts.pipeline.api import make_article, make_doc
from vnfacts.pipeline.types import Doc

Row = tuple[str, str, str | None, str | None]  # span text, name, class, province


def _facts(text: str, published: str | None = "2021-05-06") -> list[Row]:
    doc = make_doc(text, published)
    out = []
    for f in bg.extract(doc, {}):
        assert doc.text[f.start:f.end] == f.text
        v = f.value
        out.append((f.text, v.name, v.class_, v.province))  # type: ignore[union-attr]
    return out


CASES: list[tuple[str, list[Row]]] = [
    # trigger + class + mode + "số 2/số II"
    ("Tại Cửa khẩu Quốc tế Lào Cai và Cửa khẩu Quốc tế số 2 Kim Thành.",
     [("Cửa khẩu Quốc tế Lào Cai", "Lào Cai", "quốc tế", "Lào Cai"),
      ("Cửa khẩu Quốc tế số 2 Kim Thành", "Kim Thành", "quốc tế", "Lào Cai")]),
    ("Cửa khẩu quốc tế đường bộ số II Kim Thành, Lào Cai- địa bàn xuất khẩu",
     [("Cửa khẩu quốc tế đường bộ số II Kim Thành", "Kim Thành", "quốc tế", "Lào Cai")]),
    ("được thực hiện tại cửa khẩu Quốc tế đường bộ số II (Kim Thành), thành phố Lào Cai",
     [("cửa khẩu Quốc tế đường bộ số II (Kim Thành)", "Kim Thành", "quốc tế", "Lào Cai")]),
    ("Tại Cửa khẩu quốc tế Hữu Nghị, hệ thống màn hình LED tại Cửa khẩu Chi Ma",
     [("Cửa khẩu quốc tế Hữu Nghị", "Hữu Nghị", "quốc tế", "Lạng Sơn"),
      ("Cửa khẩu Chi Ma", "Chi Ma", "chính", "Lạng Sơn")]),
    ("CỬA KHẨU QUỐC TẾ HỮU NGHỊ", [("CỬA KHẨU QUỐC TẾ HỮU NGHỊ", "Hữu Nghị", "quốc tế", "Lạng Sơn")]),
    ("cửa khẩu phụ Bản Chắt", [("cửa khẩu phụ Bản Chắt", "Bản Chắt", "phụ", "Lạng Sơn")]),
    # the class as the article states it, else the reference's
    ("cửa khẩu chính Lóng Sập", [("cửa khẩu chính Lóng Sập", "Lóng Sập", "chính", "Sơn La")]),
    ("cửa khẩu Hà Tiên (Kiên Giang) giám sát biên giới",
     [("cửa khẩu Hà Tiên", "Hà Tiên", "quốc tế", "Kiên Giang")]),
    # CKQT / CK / HQCK, lối mở, lối thông quan
    ("Đoàn công tác kiểm tra tại CKQT Cầu Treo.", [("CKQT Cầu Treo", "Cầu Treo", "quốc tế", "Hà Tĩnh")]),
    ("Chi cục HQCK Hoàng Diệu ( Cục Hải quan Bình Phước)",
     [("HQCK Hoàng Diệu", "Hoàng Diệu", "chính", "Bình Phước")]),
    ("lối mở Na Lốc, xã Bản Lầu, huyện Mường Khương; lối mở Bản Quẩn (km 6)",
     [("lối mở Na Lốc", "Na Lốc", "lối mở", "Lào Cai"),
      ("lối mở Bản Quẩn", "Bản Quẩn", "lối mở", "Lào Cai")]),
    ("qua lối thông quan Tân Thanh", [("lối thông quan Tân Thanh", "Tân Thanh", "lối thông quan", "Lạng Sơn")]),
    # organisations named with "cửa khẩu NAME": the gate, from "cửa khẩu" (§3.4, §5)
    ("Đồn Biên phòng cửa khẩu Sóc Giang (Ban Chỉ huy Bộ đội Biên phòng tỉnh Cao Bằng)",
     [("cửa khẩu Sóc Giang", "Sóc Giang", "chính", "Cao Bằng")]),
    ("Chi cục Hải quan cửa khẩu Tịnh Biên (Cục Hải quan An Giang) kiểm đếm hàng",
     [("cửa khẩu Tịnh Biên", "Tịnh Biên", "quốc tế", "An Giang")]),
    ("bị Đồn Biên phòng của khẩu Long Bình xử phạt",  # the source's typo
     [("của khẩu Long Bình", "Long Bình", None, "An Giang")]),
    # lists: each gate its own fact, later members the name only
    ("các cửa khẩu Chi Ma, Tân Thanh và Hữu Nghị",
     [("cửa khẩu Chi Ma", "Chi Ma", "chính", "Lạng Sơn"), ("Tân Thanh", "Tân Thanh", "lối thông quan", "Lạng Sơn"),
      ("Hữu Nghị", "Hữu Nghị", "quốc tế", "Lạng Sơn")]),
    ("Đội Kiểm soát Hải quan cửa khẩu quốc tế Thường Phước và Dinh Bà, Cục Hải quan Đồng tháp",
     [("cửa khẩu quốc tế Thường Phước", "Thường Phước", "quốc tế", "Đồng Tháp"),
      ("Dinh Bà", "Dinh Bà", "quốc tế", "Đồng Tháp")]),
    ("camera hồng ngoại tại các cửa khẩu: Hữu Nghị, Ga quốc tế Đồng Đăng, cửa khẩu Cốc Nam, Tân Thanh",
     [("cửa khẩu: Hữu Nghị", "Hữu Nghị", "quốc tế", "Lạng Sơn"),
      ("Đồng Đăng", "Đồng Đăng", "quốc tế", "Lạng Sơn"),
      ("cửa khẩu Cốc Nam", "Cốc Nam", "lối thông quan", "Lạng Sơn"),
      ("Tân Thanh", "Tân Thanh", "lối thông quan", "Lạng Sơn")]),
    ("hơn nhiều so với các cửa khẩu lớn ở Cao Bằng như Tà Lùng, Trà Lĩnh nên",
     [("Tà Lùng", "Tà Lùng", "quốc tế", "Cao Bằng"), ("Trà Lĩnh", "Trà Lĩnh", "quốc tế", "Cao Bằng")]),
    # pairs: the foreign side is a gate with its country, no Vietnamese province
    ("đưa cửa khẩu quốc tế đường sắt Lào Cai-Hà Khẩu vào danh mục",
     [("cửa khẩu quốc tế đường sắt Lào Cai", "Lào Cai", "quốc tế", "Lào Cai"),
      ("Hà Khẩu", "Hà Khẩu", "quốc tế", None)]),
    ("cặp cửa khẩu Sóc Giang – Bình Mãng",
     [("cửa khẩu Sóc Giang", "Sóc Giang", "chính", "Cao Bằng"), ("Bình Mãng", "Bình Mãng", None, None)]),
    # tone conventions and spelling variants
    ("Chi cục Hải quan cửa khẩu Thanh Thuỷ phối hợp với Đồn Biên phòng cửa khẩu Thanh Thuỷ, Nghệ An",
     [("cửa khẩu Thanh Thuỷ", "Thanh Thủy", "phụ", "Nghệ An"),
      ("cửa khẩu Thanh Thuỷ", "Thanh Thủy", "phụ", "Nghệ An")]),
    ("Cửa khẩu quốc tế Thanh Thủy, tỉnh Hà Giang",
     [("Cửa khẩu quốc tế Thanh Thủy", "Thanh Thủy", "quốc tế", "Hà Giang")]),
    ("Chi cục Hải quan cửa khẩu Buprăng (Cục Hải quan Đắk Lắk)",
     [("cửa khẩu Buprăng", "Bu Prăng", "chính", "Đắk Nông")]),
    # bare names once the article spoke of the gate; not after an organisation word (§5)
    ("Đồn Biên phòng cửa khẩu Sóc Giang tiếp đón. Sóc Giang là một trong những cửa khẩu vắng.",
     [("cửa khẩu Sóc Giang", "Sóc Giang", "chính", "Cao Bằng"), ("Sóc Giang", "Sóc Giang", "chính", "Cao Bằng")]),
    ("tại cửa khẩu Tân Thanh. Đồn Biên phòng Tân Thanh tạm giữ 25 công dân.",
     [("cửa khẩu Tân Thanh", "Tân Thanh", "lối thông quan", "Lạng Sơn")]),
    ("Chi cục Hải quan Xa Mát bắt giữ.", []),  # bare, nothing said of the gate before
    # not border gates
    ("Cửa khẩu Cảng Dung Quất (BĐBP Quảng Ngãi)", []),
    ("Đồn Biên phòng Cửa khẩu cảng Nghi Sơn đã phối hợp", []),
    ("Cửa khẩu Torkham giữa Afghanistan và Pakistan đã mở lại ngày 1/11", []),
    ("tại cửa khẩu biên giới Chaman, tỉnh Balochistan", []),
    ("Hải quan cửa khẩu Tây Nguyên nhân dịp 75 năm thành lập ngành", []),
    ("KKT cửa khẩu tỉnh Cao Bằng, các cửa khẩu trên địa bàn tỉnh Lạng Sơn", []),
    ("cửa khẩu sân bay quốc tế Nội Bài", []),
    # a province-named gate after "khu vực", "KKT", "các": the province's gates, not the gate
    ("tiện ích công cộng trong khu vực cửa khẩu Lào Cai giảm mạnh", []),
    ("8 KKT cửa khẩu gồm: KKT cửa khẩu Móng Cái (tỉnh Quảng Ninh), KKT cửa khẩu Lào Cai (tỉnh Lào Cai)",
     [("cửa khẩu Móng Cái", "Móng Cái", "quốc tế", "Quảng Ninh")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_cases(text: str, expected: list[Row]) -> None:
    assert _facts(text) == expected


def test_unlisted_gate_is_kept_as_written() -> None:
    (f,) = bg.extract(make_doc("mở lại cửa khẩu phụ Pò Hèn từ ngày 5/3"), {})
    assert (f.text, f.value.name, f.value.class_, f.value.gazetteer_id, f.rule) == (  # type: ignore[union-attr]
        "cửa khẩu phụ Pò Hèn", "Pò Hèn", "phụ", None, "cua_khau+unlisted")


def test_unlisted_name_stops_before_a_person() -> None:
    (f,) = bg.extract(make_doc("Đồn trưởng Đồn Biên phòng cửa khẩu Pò Hèn Nguyễn Văn Hùng cho biết"), {})
    assert (f.text, f.value.name) == ("cửa khẩu Pò Hèn", "Pò Hèn")  # type: ignore[union-attr]


def test_ambiguous_homonym_is_flagged_not_guessed() -> None:
    (f,) = bg.extract(make_doc("Lực lượng tại cửa khẩu Thanh Thủy phát hiện một đối tượng."), {})
    v = f.value
    assert (v.name, v.gazetteer_id, v.province, v.ambiguous) == (  # type: ignore[union-attr]
        "Thanh Thủy", None, None, ["vn-thanh-thuy-hg", "vn-thanh-thuy-na"])
    assert f.rule == "cua_khau+ambiguous" and f.confidence < 0.9


@pytest.mark.parametrize(("published", "province"), [
    ("2021-03-01", "Long An"), ("2025-06-30", "Long An"), ("2025-07-01", "Tây Ninh"), (None, "Long An"),
])
def test_province_follows_the_2025_merger(published: str | None, province: str) -> None:
    (f,) = bg.extract(make_doc("cửa khẩu quốc tế Bình Hiệp", published), {})
    assert f.value.province == province  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "gid"), [
    ("cửa khẩu quốc tế đường sắt Lào Cai", "vn-lao-cai-rail"),
    ("Cửa khẩu Quốc tế Lào Cai", "vn-lao-cai"),
    ("Ga quốc tế Đồng Đăng và cửa khẩu Đồng Đăng", "vn-dong-dang-rail"),
])
def test_rail_and_road_twins(text: str, gid: str) -> None:
    facts = bg.extract(make_doc(text), {})
    assert facts and all(f.value.gazetteer_id == gid for f in facts)  # type: ignore[union-attr]


def _shared_docs(shared_dir: Path, prefix: str) -> list[Doc]:
    paths = sorted((shared_dir / "corpus").glob(prefix + "*"))
    assert paths, prefix
    from selectolax.lexbor import LexborHTMLParser

    docs = []
    for p in paths:
        raw = p.read_text(encoding="utf-8", errors="replace")
        if p.suffix == ".html":
            body = LexborHTMLParser(raw).body
            raw = body.text(separator="\n") if body else ""
        docs.append(make_doc(raw))
    return docs


@pytest.mark.shared
@pytest.mark.parametrize("prefix", ["137_", "138_"])
def test_foreign_borders_yield_no_vietnamese_gates(shared_dir: Path, prefix: str) -> None:
    for doc in _shared_docs(shared_dir, prefix):
        assert bg.extract(doc, {}) == []


@pytest.mark.shared
@pytest.mark.parametrize(("prefix", "names"), [
    ("028_", {"Sóc Giang", "Tà Lùng", "Trà Lĩnh"}),
    ("050_", {"Kim Thành", "Bản Vược", "A Mú Sung", "Sín Tẻng", "Na Lốc", "Bản Quẩn"}),
    ("021_", {"Nậm Cắn", "Thanh Thủy"}),
])
def test_whole_articles(shared_dir: Path, prefix: str, names: set[str]) -> None:
    (doc,) = _shared_docs(shared_dir, prefix)
    facts = bg.extract(doc, {})
    assert {f.value.name for f in facts} == names  # type: ignore[union-attr]
    assert all(doc.text[f.start:f.end] == f.text for f in facts)


def test_runs_through_the_registry() -> None:
    from vnfacts.pipeline.api import extract_text

    facts = extract_text("Đoàn công tác đến Cửa khẩu quốc tế Hữu Nghị ngày 9/12/2021.",
                         kinds=["border_gate"])
    assert [(f.kind, f.text, f.value.gazetteer_id) for f in facts] == [  # type: ignore[union-attr]
        ("border_gate", "Cửa khẩu quốc tế Hữu Nghị", "vn-huu-nghi")]


def test_long_adversarial_text_gives_a_bounded_result() -> None:
    # Behaviour only; the timing of such inputs is scripts/pathological.py's job.
    text = ("cửa khẩu " + "Quốc " * 2000 + ". ") * 20 + "cửa khẩu Chi Ma, " * 2000
    doc = Doc(make_article(text))  # the extractor reads no sentences; skip segmenting
    facts = bg.extract(doc, {})
    assert len(facts) == 2000 and {f.value.name for f in facts} == {"Chi Ma"}  # type: ignore[union-attr]


# GUIDELINES.md §6 (issue 20): names inside roads, zones and communes; lists after "cửa khẩu"
# in parentheses or not; "cửa khẩu" misspelt with a wrong tone.
MATCHING_FIXES: list[tuple[str, list[Row]]] = [
    ("Cửa khẩu quốc tế Hữu Nghị thông quan; tuyến cao tốc Hữu Nghị - Chi Lăng sắp xong.",
     [("Cửa khẩu quốc tế Hữu Nghị", "Hữu Nghị", "quốc tế", "Lạng Sơn")]),
    ("Cửa khẩu quốc tế Mộc Bài tấp nập. Khu công nghiệp Mộc Bài thu hút đầu tư.",
     [("Cửa khẩu quốc tế Mộc Bài", "Mộc Bài", "quốc tế", "Tây Ninh")]),
    ("Cửa khẩu Đồng Đăng mở cửa; thị trấn Đồng Đăng đông vui.",
     [("Cửa khẩu Đồng Đăng", "Đồng Đăng", "quốc tế", "Lạng Sơn")]),
    ("qua cửa khẩu Trà Lĩnh. Cao tốc Đồng Đăng – Trà Lĩnh dài 121 km, KCN Trà Lĩnh",
     [("cửa khẩu Trà Lĩnh", "Trà Lĩnh", "quốc tế", "Cao Bằng")]),
    ("Lạng Sơn có 3 cửa khẩu phụ (Bình Nghi, Na Hình, Nà Nưa) đang hoạt động.",
     [("Bình Nghi", "Bình Nghi", "phụ", "Lạng Sơn"), ("Na Hình", "Na Hình", "phụ", "Lạng Sơn"),
      ("Nà Nưa", "Nà Nưa", "phụ", "Lạng Sơn")]),
    ("2 cửa khẩu quốc tế (Lao Bảo và La Lay)",
     [("Lao Bảo", "Lao Bảo", "quốc tế", "Quảng Trị"), ("La Lay", "La Lay", "quốc tế", "Quảng Trị")]),
    ("các cửa khẩu phụ Bình Nghi, Na Hình, Nà Nưa",
     [("cửa khẩu phụ Bình Nghi", "Bình Nghi", "phụ", "Lạng Sơn"),
      ("Na Hình", "Na Hình", "phụ", "Lạng Sơn"), ("Nà Nưa", "Nà Nưa", "phụ", "Lạng Sơn")]),
    ("tại cừa khẩu Tà Lùng", [("cừa khẩu Tà Lùng", "Tà Lùng", "quốc tế", "Cao Bằng")]),
    ("tại cửa khẫu Tà Lùng", [("cửa khẫu Tà Lùng", "Tà Lùng", "quốc tế", "Cao Bằng")]),
    ("CỪA KHẨU QUỐC TẾ LAO BẢO", [("CỪA KHẨU QUỐC TẾ LAO BẢO", "Lao Bảo", "quốc tế", "Quảng Trị")]),
    # a single name in parentheses keeps its span to the closing parenthesis
    ("tại cửa khẩu Quốc tế đường bộ số II (Kim Thành), thành phố Lào Cai",
     [("cửa khẩu Quốc tế đường bộ số II (Kim Thành)", "Kim Thành", "quốc tế", "Lào Cai")]),
    # "cua khau" without marks is not the trigger (no mark at all is not a typo of one)
    ("cua khau Tà Lùng", []),
]


@pytest.mark.parametrize(("text", "expected"), MATCHING_FIXES, ids=[t[:40] for t, _ in MATCHING_FIXES])
def test_matching_fixes(text: str, expected: list[Row]) -> None:
    assert _facts(text) == expected


@pytest.mark.parametrize(("text", "published", "status"), [
    ("qua cửa khẩu quốc tế Hữu Nghị", "2021-05-06", "verified"),
    ("cửa khẩu phụ Bản Chắt", "2021-05-06", "unverified"),  # province not confirmed by a source
    ("cửa khẩu Tống Lê Chân", "2021-05-06", "unverified"),  # class not confirmed
    ("lối mở Na Lốc", "2021-05-06", "unverified"),
    ("cửa khẩu Pò Hèn Quảng", "2021-05-06", None),  # unlisted: no row, no status
])
def test_reference_status_on_the_fact(text: str, published: str, status: str | None) -> None:
    (f,) = bg.extract(make_doc(text, published), {})
    assert f.value.reference_status == status  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_corrected_row_changes_the_output(tmp_path: Path) -> None:
    """docs/data.md: a steward corrects a row in a copy of the table and sees the facts change
    ($VNFACTS_DATA is read before the shipped tables)."""
    import csv
    import os
    import subprocess
    import sys

    from vnfacts.extractors import lexicon as lx

    header, rows, _ = lx.read_csv("border_gates.csv")
    with (tmp_path / "border_gates.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for _, r in rows:
            if r["id"] == "vn-ban-chat":  # the steward confirms the province, with evidence
                r.update(province="Cao Bằng", province_after_2025="Cao Bằng", field_status="",
                         source_ids="S9", status="verified", evidence="S9 lists it (example)")
            w.writerow(r)
    code = ("from vnfacts.extractors import border_gate as bg; from vnfacts.pipeline.api import make_doc; "
            "v = bg.extract(make_doc('cửa khẩu phụ Bản Chắt', '2021-05-06'), {})[0].value; "
            "print(v.province, v.reference_status)")
    out = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, **env}).stdout.strip()
           for env in ({}, {lx.OVERRIDE_ENV: str(tmp_path)})]
    assert out == ["Lạng Sơn unverified", "Cao Bằng verified"]

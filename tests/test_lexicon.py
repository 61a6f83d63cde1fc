"""extractors/lexicon.py: the one CSV reader, the alternation builder, the key family and the
province table with the 2025 merger (issue 15, lexicon part; issue 20)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from vnfacts.extractors import lexicon as lx

# ---------------------------------------------------------------- load_table


class _Row(lx.Provenance):
    word: str
    forms: lx.Pipe = ()
    bare: lx.YesNo = False
    unit: lx.OptStr = None


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_load_table_skips_comments_and_applies_directives(tmp_path: Path) -> None:
    p = _write(tmp_path, "# a header comment\n#@ source_ids: CORPUS\n#@ status: corpus\n"
                         "word,forms,bare,unit,evidence\n"
                         "# a comment between rows\n"
                         "cửa khẩu,CK|cửa khẩu,yes,,corpus/001\n"
                         "lối mở,,no,km,corpus/002\n")
    rows = lx.load_table(p, _Row)
    assert [(r.word, r.forms, r.bare, r.unit, r.source_ids, r.status) for r in rows] == [
        ("cửa khẩu", ("CK", "cửa khẩu"), True, None, ("CORPUS",), "corpus"),
        ("lối mở", (), False, "km", ("CORPUS",), "corpus"),
    ]


def test_a_row_overrides_a_directive(tmp_path: Path) -> None:
    p = _write(tmp_path, "#@ status: verified\nword,source_ids,status,evidence\n"
                         "a,S1,,e\nb,,unverified,\n")
    assert [r.status for r in lx.load_table(p, _Row)] == ["verified", "unverified"]


@pytest.mark.parametrize("body,where", [
    ("word,source_ids,status,evidence\nok,S1,verified,e\nbad,S1,flagged,e\n", "t.csv:3"),
    ("word,bare,source_ids,status,evidence\nx,maybe,S1,verified,e\n", "t.csv:2"),
    ("# c\n\nword,source_ids,status,evidence\nx,S1,verified,e\ny,S1,nope,e\n", "t.csv:5"),
])
def test_a_bad_row_names_its_file_and_line(tmp_path: Path, body: str, where: str) -> None:
    with pytest.raises(ValueError, match=where):
        lx.load_table(_write(tmp_path, body), _Row)


def test_field_status() -> None:
    row = lx.Provenance.model_validate({"source_ids": "S1;S9", "status": "verified",
                                        "evidence": "e", "field_status": "class=unverified"})
    assert row.source_ids == ("S1", "S9")
    assert (row.status_of("class"), row.status_of("province")) == ("unverified", "verified")


def test_weakest() -> None:
    assert lx.weakest(["verified", "corpus", None]) == "corpus"
    assert lx.weakest(["verified", "unverified", "corpus"]) == "unverified"
    assert lx.weakest([None]) is None


def test_headerless_table_with_directives() -> None:
    header, rows, directives = lx.read_csv("tcvn3.csv")
    assert header == ["byte", "unicode", "name"] and directives["source_ids"] == "GLIBC"
    assert rows[0][1]["status"] == "verified"


# ---------------------------------------------------------------- alternation

@pytest.mark.parametrize("words,kw,text,found", [
    (["hữu nghị", "hữu nghị quan"], {}, "cặp hữu nghị quan", "hữu nghị quan"),  # longest first
    (["tỷ đồng"], {}, "3 tỷ   đồng", "tỷ   đồng"),  # a space matches any run
    (["tỷ đồng"], {"space": r"\ "}, "3 tỷ   đồng", None),  # or exactly one space
    (["a.b"], {}, "axb a.b", "a.b"),  # escaped
    (["tháng"], {"end": r"(?![\p{L}])"}, "thángg tháng", "tháng"),
])
def test_alternation(words: list[str], kw: dict, text: str, found: str | None) -> None:
    m = regex.search(lx.alternation(words, **kw), text)
    assert (m.group(0) if m else None) == found


def test_alternation_replaces_the_extractors_helpers() -> None:
    """date.py's and indicator.py's own `_alt` give the same matches (their owners can switch)."""
    from vnfacts.extractors import date, indicator

    words = ["tháng một", "một", "giêng", "hai", "mười một", "mười"]
    texts = ["tháng  một hai", "mười một", "mười", "giêngx", "hai"]
    ours = regex.compile(lx.alternation(words, end=r"(?![\p{L}\p{N}])"))
    theirs = regex.compile(date._alt(words))
    for t in texts:
        assert [m.span() for m in ours.finditer(t)] == [m.span() for m in theirs.finditer(t)], t
    units = ["tỷ đồng", "tỷ", "km", "km²", "người"]
    ours = regex.compile(lx.alternation(units, space=r"\ ", group=False))
    theirs = regex.compile(indicator._alt(units))
    for t in ["3 tỷ đồng", "5 km² đất", "2 người", "1 tỷ"]:
        assert [m.span() for m in ours.finditer(t)] == [m.span() for m in theirs.finditer(t)], t


# ---------------------------------------------------------------- the key family

@pytest.mark.parametrize("key,a,b,same", [
    (lx.norm_key, "Chính uỷ", "chính  ủy", True),  # tone placement, case, spaces
    (lx.norm_key, "ÐỒNG ÐĂNG", "Đồng Đăng", True),  # eth U+00D0 read as Đ
    (lx.norm_key, "Huế", "Huệ", False),  # tones count
    (lx.tone_key, "cừa khẩu", "cửa khẩu", True),  # tones do not
    (lx.tone_key, "Chỉnh ủy", "Chính uỷ", True),
    (lx.tone_key, "cưa", "cua", False),  # the horn is a letter, not a tone
    (lx.fold_key, "Đồng Đăng", "dong dang", True),
    (lx.fold_key, "Ðồng", "dong", True),
])
def test_key_family(key, a: str, b: str, same: bool) -> None:
    assert (key(a) == key(b)) is same


def test_offset_key_keeps_offsets() -> None:
    text = "Tại CỬA KHẨU Thuỷ Ðồng và İstanbul"
    k = lx.offset_key(text)
    assert len(k) == len(text) and k.startswith("tại cửa khẩu thủy đồng")


def test_one_key_family() -> None:
    """pipeline/text.py is the one place: the lexicon re-exports the same functions."""
    from vnfacts.pipeline import text

    assert (lx.norm_key, lx.tone_key, lx.fold_key, lx.offset_key) == (
        text.norm_key, text.tone_key, text.fold_key, text.offset_key)


# ---------------------------------------------------------------- provinces

def test_counts_and_merger_date() -> None:
    before, after = lx.provinces("before_2025"), lx.provinces("from_2025")
    assert (len(before), len(after)) == (63, 34)
    assert {p.successor for p in before} == {p.name for p in after}
    assert all(p.effective == lx.MERGER.isoformat() for p in after)
    assert lx.MERGER == dt.date(2025, 7, 1)


@pytest.mark.parametrize("written,era,name,after", [
    ("TP.HCM", "before_2025", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("TP. Hồ Chí Minh", "before_2025", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thành phố Hồ Chí Minh", "before_2025", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thừa Thiên - Huế", "before_2025", "Thừa Thiên Huế", "Huế"),
    ("Thừa Thiên Huế", "before_2025", "Thừa Thiên Huế", "Huế"),
    ("Huế", "from_2025", "Huế", "Huế"),
    ("tỉnh Hà Giang", "before_2025", "Hà Giang", "Tuyên Quang"),
    ("Kon Tum", "before_2025", "Kon Tum", "Quảng Ngãi"),
    ("Bà Rịa – Vũng Tàu", "before_2025", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Thanh Hoá", "before_2025", "Thanh Hóa", "Thanh Hóa"),  # old tone placement
    ("Đăk Lăk", "before_2025", "Đắk Lắk", "Đắk Lắk"),
    ("Bắc Cạn", "before_2025", "Bắc Kạn", "Thái Nguyên"),
    ("Long An", "before_2025", "Long An", "Tây Ninh"),
])
def test_province_of(written: str, era: str, name: str, after: str) -> None:
    p = lx.province_of(written)
    assert p is not None and (p.era, p.name) == (era, name)
    assert lx.after_2025(written) == after


@pytest.mark.parametrize("written", ["Huệ", "Lào", "Trung Quốc", "Hữu Nghị", ""])
def test_not_a_province(written: str) -> None:
    assert lx.province_of(written) is None and lx.after_2025(written) is None


def test_a_name_of_both_eras_is_read_by_day() -> None:
    assert lx.province_of("Lào Cai").era == "before_2025"
    assert lx.province_of("Lào Cai", dt.date(2025, 7, 1)).era == "from_2025"
    assert lx.province_on("Yên Bái", dt.date(2025, 6, 30)) == "Yên Bái"
    assert lx.province_on("Yên Bái", dt.date(2025, 7, 1)) == "Lào Cai"
    assert lx.province_on("Quảng Ninh", dt.date(2026, 1, 1)) == "Quảng Ninh"


def test_province_pattern_finds_variants() -> None:
    text = "Đoàn công tác TP.HCM làm việc với tỉnh Thừa Thiên - Huế và Đắk Nông"
    found = [text[m.start():m.end()] for m in lx.province_pattern().finditer(lx.offset_key(text))]
    assert found == ["TP.HCM", "Thừa Thiên - Huế", "Đắk Nông"]


def test_every_province_row_is_sourced() -> None:
    for p in lx.provinces():
        assert p.status == "verified" and {"NQ202", "VAU"} <= set(p.source_ids) and p.evidence


def _underthesea_mapping() -> dict:
    # Located without importing underthesea (slow); its data comes from vietnamadminunits.
    spec = importlib.util.find_spec("underthesea")
    path = Path(*(spec.submodule_search_locations or ["-"])[:1], "address", "data", "mapping.json") \
        if spec else Path("-")
    if not path.is_file():
        pytest.skip("underthesea's address mapping is not installed")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_table_is_the_vietnamadminunits_mapping() -> None:
    """The evidence of every row (source VAU) is checked against the installed package."""
    m = _underthesea_mapping()
    assert m["metadata"]["effective_date"] == lx.MERGER.isoformat()
    renamed = {"Huế": "Thừa Thiên Huế"}  # VAU names the old unit by its 2025-01-01 name
    expected = {renamed.get(v["short"], v["short"]): m["province_names"][m["province_mapping"][k]]["short"]
                for k, v in m["old_province_names"].items()}
    assert {p.name: p.successor for p in lx.provinces("before_2025")} == expected
    assert {p.name for p in lx.provinces("from_2025")} == {v["short"] for v in m["province_names"].values()}
    codes = {v["short"]: v["code"] for v in m["province_names"].values()}
    assert {p.name: p.code for p in lx.provinces("from_2025")} == codes


def test_a_steward_can_try_a_corrected_table(tmp_path: Path) -> None:
    """$VNFACTS_DATA is read before the shipped tables (docs/data.md)."""
    src = (lx.DATA / "provinces.csv").read_text(encoding="utf-8")
    (tmp_path / "provinces.csv").write_text(src.replace(",Kontum,", ",Kontum|Công Tum,"),
                                            encoding="utf-8")
    code = ("from vnfacts.extractors import lexicon as lx; p = lx.province_of('Công Tum'); "
            "print(p.name if p else None)")
    out = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**__import__("os").environ, **env}).stdout.strip()
           for env in ({}, {lx.OVERRIDE_ENV: str(tmp_path)})]
    assert out == ["None", "Kon Tum"]


def test_the_officials_province_forms_are_covered() -> None:
    """extractors/official.py can switch to this table: every form of official_provinces.csv
    (read with its own reader's semantics) names the same unit here."""
    import csv

    renamed = {"Thành phố Hồ Chí Minh": "Hồ Chí Minh"}  # its canonical is our full name
    with (lx.DATA / "official_provinces.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 63
    for r in rows:
        for form in [r["province"], *filter(None, r["variants"].split("|"))]:
            p = lx.province_of(form)
            assert p is not None, form
            if form != "Huế":  # "Huế" alone is the 2025 city, the same territory
                assert p.name == renamed.get(r["province"], r["province"]), form

"""Integrity of extractors/data/border_gates.csv and provinces.csv (the reviewable gazetteer)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from vnfacts.extractors import border_gate as bg
from vnfacts.extractors import lexicon as lx
from vnfacts.pipeline.text import norm_key

HEADER, _ROWS, _ = lx.read_csv("border_gates.csv")
ROWS = [r for _, r in _ROWS]
COLUMNS = ["id", "name", "aliases", "class", "mode", "province", "province_after_2025", "country",
           "side", "counterpart", "bare", "homonym", "source_ids", "status", "evidence",
           "field_status", "note"]


def test_columns_and_unique_ids() -> None:
    assert HEADER == COLUMNS
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    assert len(ROWS) == len(bg.GATES) >= 170


@pytest.mark.parametrize("gate", list(bg.GATES.values()), ids=lambda g: g.id)
def test_row_values(gate: bg.Gate) -> None:
    # types, vocabularies and provenance are validated by the row model (lexicon.load_table)
    assert gate.class_ in (*bg.CLASSES, None)
    assert gate.name in gate.aliases
    if gate.side == "foreign":
        assert gate.id[:3] in ("cn-", "la-", "kh-") and not gate.province
    else:
        assert gate.id.startswith("vn-") and gate.province and gate.province_after_2025
        assert gate.class_ or gate.status != "verified"  # class unknown only off the lists


@pytest.mark.parametrize("gate", [g for g in bg.GATES.values() if g.side == "vn"],
                         ids=lambda g: g.id)
def test_provinces_come_from_the_province_table(gate: bg.Gate) -> None:
    """province is a pre-2025 province, province_after_2025 its successor (NQ 202/2025/QH15)."""
    p = lx.province_of(gate.province)
    assert p is not None and p.era == "before_2025" and p.name == gate.province
    assert gate.province_after_2025 == p.successor == lx.after_2025(gate.province)


def test_verified_rows_quote_their_source() -> None:
    for g in bg.GATES.values():
        if g.status == "verified":
            assert any(s[0] == "S" or s.startswith("Q") for s in g.source_ids), g.id
            assert g.evidence, g.id


def test_unverified_fields_reach_the_facts() -> None:
    """A field no source confirms makes the fact's reference_status unverified."""
    import datetime as dt

    assert bg.GATES["vn-tong-le-chan"].reference_status(None) == "unverified"  # class
    assert bg.GATES["vn-ban-chat"].reference_status(None) == "unverified"  # province
    assert bg.GATES["vn-huu-nghi"].reference_status(dt.date(2025, 8, 1)) == "verified"


# The count per border and class, as docs/data.md states it (vn side; "none" = class unknown).
COUNTS = {
    ("Trung Quốc", "quốc tế"): 9, ("Trung Quốc", "chính"): 16, ("Trung Quốc", "phụ"): 5,
    ("Trung Quốc", "lối mở"): 7, ("Trung Quốc", "lối thông quan"): 4, ("Trung Quốc", "none"): 1,
    ("Lào", "quốc tế"): 10, ("Lào", "chính"): 5, ("Lào", "phụ"): 13,
    ("Campuchia", "quốc tế"): 11, ("Campuchia", "chính"): 16, ("Campuchia", "phụ"): 4,
    ("Campuchia", "none"): 1,
}


def test_counts_per_border_and_class_match_the_docs(root_dir) -> None:
    got = Counter((g.country, g.class_ or "none") for g in bg.GATES.values() if g.side == "vn")
    assert dict(got) == COUNTS
    doc = (root_dir / "docs" / "data.md").read_text(encoding="utf-8")
    for country in ("Trung Quốc", "Lào", "Campuchia"):
        row = " | ".join(str(COUNTS.get((country, c), 0))
                         for c in ("quốc tế", "chính", "phụ", "lối mở", "lối thông quan", "none"))
        assert f"| {country} | {row} |" in doc, country


def test_the_laos_lists_are_complete_where_they_were_read() -> None:
    """S2's international and main lists (read whole) are all in the gazetteer: 8 + 7 pairs,
    Lóng Sập and Nam Giang since upgraded to international (S4)."""
    s2 = {"Tây Trang", "Na Mèo", "Nậm Cắn", "Cầu Treo", "Cha Lo", "Lao Bảo", "La Lay", "Bờ Y",
          "Huổi Puốc", "Chiềng Khương", "Lóng Sập", "Tén Tằn", "Hồng Vân", "A Đớt", "Nam Giang",
          "Si Pa Phìn", "Nậm Lạnh", "Nà Cài", "Khẹo", "Thông Thụ", "Tam Hợp", "Cao Vều"}
    laos = {g.name for g in bg.GATES.values() if g.side == "vn" and g.country == "Lào"}
    assert s2 <= laos


def test_every_alias_resolves_to_one_gate_or_a_declared_homonym() -> None:
    by_alias: dict[str, set[str]] = defaultdict(set)
    for r in ROWS:
        for a in r["aliases"].split("|"):
            by_alias[norm_key(a)].add(r["id"])
    rows = {r["id"]: r for r in ROWS}
    for alias, ids in by_alias.items():
        if len(ids) == 1:
            continue
        groups = {rows[i]["homonym"] for i in ids}
        assert len(groups) == 1 and "" not in groups, (alias, ids)


@pytest.mark.parametrize(("written", "ids"), [
    ("Thanh Thuỷ", ["vn-thanh-thuy-hg", "vn-thanh-thuy-na"]),  # old tone convention
    ("thanh thủy", ["vn-thanh-thuy-hg", "vn-thanh-thuy-na"]),
    ("Lào Cai", ["vn-lao-cai", "vn-lao-cai-rail"]),  # road and rail, told apart by "đường sắt"
    ("Buprăng", ["vn-bu-prang"]),
    ("Xà Xía", ["vn-ha-tien"]),
    ("Hữu Nghị Quan", ["cn-huu-nghi-quan"]),
    ("Bình Mãng", ["cn-binh-mang"]),
    ("Torkham", []),
])
def test_lookup(written: str, ids: list[str]) -> None:
    assert [g.id for g in bg.lookup(written)] == ids


def test_foreign_counterpart_named_for_a_pair() -> None:
    (g,) = bg.lookup("Hà Khẩu")
    assert (g.side, g.country, g.province) == ("foreign", "Trung Quốc", None)


@pytest.mark.parametrize(("gid", "alias"), [
    ("vn-thanh-thuy-hg", "Thanh Thuỷ"), ("cn-ly-hoa", "Lý Hoả"), ("cn-thuy-khau", "Thuỷ Khẩu"),
    ("vn-bu-prang", "Buprăng"), ("la-sop-hun", "Pang Hốc"),
])
def test_both_tone_conventions_and_variants_are_listed(gid: str, alias: str) -> None:
    assert alias in bg.GATES[gid].aliases

"""scripts/gold_anchor.py: surfaces anchor in order, on word boundaries, or fail loudly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gold_anchor", ROOT / "scripts" / "gold_anchor.py")
assert _spec is not None and _spec.loader is not None
ga = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ga)

BODY = ("Có 25 dự án công nghiệp; 3 dự án nông nghiệp; 3 dự án dịch vụ. "
        "Đại tá Lương Văn Sơn – Chính uỷ Bộ Chỉ huy Bộ đội Biên phòng Lạng Sơn; Đại tá Sơn phát biểu.")


def _ind(text: str, **kw: object) -> dict[str, object]:
    return {"kind": "indicator", "text": text, "value": {"value": 1, "unit": "x"}, **kw}


def _off(text: str, **kw: object) -> dict[str, object]:
    return {"kind": "official", "text": text, "value": {"name": "Lương Văn Sơn"}, **kw}


@pytest.mark.parametrize(
    ("surface", "cursor", "expected"),
    [
        ("5 dự án", 0, -1),  # only inside "25 dự án": not on a word boundary
        ("3 dự án", 0, BODY.index("3 dự án")),
        ("3 dự án", BODY.index("3 dự án") + 1, BODY.index("3 dự án dịch")),
        ("Sơn", 0, BODY.index("Sơn –")),  # first whole word "Sơn"
        ("Văn Sơ", 0, -1),  # a word cut in the middle is no match
    ],
)
def test_find_surface(surface: str, cursor: int, expected: int) -> None:
    assert ga.find_surface(BODY, surface, cursor) == expected


@pytest.mark.parametrize(
    ("body", "surface", "loose", "expected"),
    [
        ("Hà Nội40 cựu chiến binh", "40 cựu chiến binh", False, -1),
        ("Hà Nội40 cựu chiến binh", "40 cựu chiến binh", True, 6),  # glued scraped text
    ],
)
def test_find_surface_loose(body: str, surface: str, loose: bool, expected: int) -> None:
    assert ga.find_surface(body, surface, 0, loose=loose) == expected


@pytest.mark.parametrize(
    ("facts", "starts"),
    [
        # repeated surfaces anchor in order, each on its own span
        ([_ind("3 dự án"), _ind("3 dự án")],
         [BODY.index("3 dự án nông"), BODY.index("3 dự án dịch")]),
        # the context picks the later short mention, not "Sơn" inside the full name or "Lạng Sơn"
        ([_off("Lương Văn Sơn"), _off("Sơn", ctx="Đại tá Sơn phát")],
         [BODY.index("Lương Văn Sơn"), BODY.index("Sơn phát")]),
        # a fact of another kind may start where the previous one starts …
        ([_ind("25 dự án"), {**_off("25"), "kind": "date"}],
         [BODY.index("25 dự án"), BODY.index("25 dự án")]),
        # … but one of the same kind never overlaps it: the next free occurrence is taken
        ([_ind("dự án công nghiệp"), _ind("dự án")],
         [BODY.index("dự án công"), BODY.index("dự án nông")]),
    ],
)
def test_anchor_facts(facts: list[dict[str, object]], starts: list[int]) -> None:
    out = ga.anchor_facts(BODY, facts)
    assert [f["start"] for f in out] == starts
    assert all(BODY[f["start"]:f["end"]] == f["text"] for f in out)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ([_ind("4 dự án")], "not in the stored body"),
        ([_ind("3 dự án"), _ind("3 dự án"), _ind("3 dự án")], "not found after offset"),
        ([_ind("3 dự án dịch"), _ind("25 dự án")], "facts out of order"),
        ([_off("Sơn", ctx="Thượng tá Sơn")], "context"),
    ],
)
def test_anchor_facts_fails_loudly(facts: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ga.AnchorError, match=message):
        ga.anchor_facts(BODY, facts)


SOURCES = sorted((ROOT / "gold" / "src").glob("*.json"))


@pytest.mark.shared
@pytest.mark.parametrize("src", SOURCES, ids=[p.stem for p in SOURCES])
def test_sources_match_anchored_gold(src: Path, shared_dir: Path) -> None:
    """Each annotation source still anchors, and gold/<slug>.json holds exactly that result."""
    gold = ga.anchor_source(src, write=False)
    stored = json.loads((ROOT / "gold" / src.name).read_text(encoding="utf-8"))
    assert stored["sha256"] == gold.sha256
    assert [(f["kind"], f["start"], f["end"], f["text"]) for f in stored["facts"]] == sorted(
        ((f.kind, f.start, f.end, f.text) for f in gold.facts), key=lambda t: (t[1], t[2], t[0]))

"""Scores of the cross-article layer against gold/links/ (pure functions; the script
scripts/score_links.py and tests/test_link.py read the predictions from a store).

People: the unit is one person's mentions in one article (the link joins articles, never
splits one); a link is a pair of units of different articles given one person. Precision:
the predicted pairs that gold joins; recall: the gold pairs predicted. Series: a gold point
is right when its fact's predicted point has the gold value, unit, period and place.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vnfacts.pipeline.link import province_key
from vnfacts.pipeline.text import norm_key

Span = tuple[str, int, int]  # article id, start, end


@dataclass(frozen=True, slots=True)
class PeopleScore:
    units: int
    mentions: int
    found: int  # gold mentions the run has as official facts
    gold_links: int
    predicted_links: int
    correct_links: int

    @property
    def precision(self) -> float:
        return self.correct_links / self.predicted_links if self.predicted_links else 1.0

    @property
    def recall(self) -> float:
        return self.correct_links / self.gold_links if self.gold_links else 1.0


def load_people_gold(path: Path) -> dict[Span, str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {(m["article"], m["start"], m["end"]): p["person"]
            for p in doc["people"] for m in p["mentions"]}


def score_people(gold: Mapping[Span, str], predicted: Mapping[Span, int | None]) -> PeopleScore:
    """`predicted`: span → person id (None: unlinked, a person of its own)."""
    gold_unit: dict[tuple[str, str], str] = {}
    pred_unit: dict[tuple[str, str], set[Any]] = {}
    found = 0
    for span, person in gold.items():
        unit = (span[0], person)
        gold_unit[unit] = person
        pid = predicted.get(span)
        if span in predicted:
            found += 1
        pred_unit.setdefault(unit, set()).add(("p", pid) if pid is not None else ("span", span))
    units = sorted(gold_unit)
    g = p = c = 0
    for a, b in itertools.combinations(units, 2):
        if a[0] == b[0]:
            continue  # same article: not a cross-article link
        same_gold = gold_unit[a] == gold_unit[b]
        same_pred = bool(pred_unit[a] & pred_unit[b])
        g += same_gold
        p += same_pred
        c += same_gold and same_pred
    return PeopleScore(len(units), len(gold), found, g, p, c)


@dataclass(frozen=True, slots=True)
class SeriesScore:
    points: int
    right: int
    wrong: dict[str, int]  # field → gold points wrong on it (missing: no predicted point)

    @property
    def accuracy(self) -> float:
        return self.right / self.points if self.points else 1.0


def _place_key(kind: str | None, name: str | None) -> tuple[str, str]:
    n = norm_key(name or "")
    for p in ("thành phố ", "tỉnh ", "tp. ", "tp "):
        n = n.removeprefix(p)
    if kind == "province":
        n = province_key(n) or n
    return (kind or "none", n)


def load_series_gold(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["points"]


def score_series(gold: list[dict[str, Any]], predicted: Mapping[Span, dict[str, Any]]) -> SeriesScore:
    """`predicted`: span → {value, unit, period_start, period_end, place_kind, place}."""
    right = 0
    wrong = {"missing": 0, "value": 0, "unit": 0, "period": 0, "place": 0}
    for gp in gold:
        pr = predicted.get((gp["article"], gp["start"], gp["end"]))
        if pr is None:
            wrong["missing"] += 1
            continue
        per = gp["period"] or {}
        checks = {
            "value": pr["value"] is not None and abs(pr["value"] - gp["value"]) < 1e-6,
            "unit": (pr["unit"] or "") == (gp["unit"] or ""),
            "period": (pr["period_start"], pr["period_end"]) == (per.get("start"), per.get("end")),
            "place": _place_key(pr["place_kind"], pr["place"])
                     == _place_key(gp["place"]["kind"], gp["place"]["name"]),
        }
        for k, ok in checks.items():
            wrong[k] += not ok
        right += all(checks.values())
    return SeriesScore(len(gold), right, wrong)

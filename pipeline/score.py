"""Scoring pipeline facts against gold facts (GUIDELINES.md §4): pure functions over Fact lists.

Three modes, each per kind and overall (micro-averaged over all gold articles):

- strict: same kind, same span, same value (the fields GUIDELINES.md §3 defines);
- span:   same kind, overlapping span, one-to-one (each gold fact matches at most one
          predicted fact and vice versa);
- value:  same kind and same *key value*, counted as sets per article (so five mentions of
          "Hữu Nghị" in one article count once).

The P/R/F arithmetic is spaCy's `PRFScore` (its `score_set` for the set-based modes), so
our numbers are the ones spaCy's own `Scorer.score_spans` would report for the same sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.scorer import PRFScore

from pipeline.types import Fact, kind_names, spec

MODES: tuple[str, ...] = ("strict", "span", "value")
OVERALL = "overall"


def _num(x: float | None) -> float | None:
    # 1500000.0 and 1500000 are one value; round off float noise from unit multiplication.
    return None if x is None else round(float(x), 6)


def value_key(fact: Fact) -> tuple[Any, ...]:
    """The key value GUIDELINES.md §4 scores a fact by (kind first, so keys never collide)."""
    return (fact.kind, *spec(fact.kind).key(fact.value_json()))


def guideline_fields(kind: str) -> tuple[str, ...]:
    """The value fields GUIDELINES.md §3 defines for `kind`: what "same value" means in
    strict mode and in gold diffs. Pipeline enrichments (gazetteer_id, ambiguous,
    doc_type_name, issuers_expanded, period, relative …) are not part of the contract."""
    return spec(kind).guideline_fields


def _rounded(kind: str, v: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    numeric = spec(kind).numeric_fields
    return {k: (_num(v.get(k)) if k in numeric else v.get(k)) for k in fields}


def guideline_value(fact: Fact) -> dict[str, Any]:
    """The fact's value restricted to its guideline fields (numbers rounded, like value_key)."""
    return _rounded(fact.kind, fact.value_json(), guideline_fields(fact.kind))


def strict_key(fact: Fact) -> tuple[Any, ...]:
    """Kind, span and the value's guideline fields."""
    return (fact.kind, fact.start, fact.end,
            json.dumps(guideline_value(fact), sort_keys=True, ensure_ascii=False))


def _span_counts(gold: Sequence[Fact], pred: Sequence[Fact]) -> tuple[int, int, int]:
    """tp/fp/fn for one kind of one article under one-to-one overlap matching.

    Greedy by largest overlap first (then earliest), which is optimal for the nested and
    chained overlaps extractor spans produce and keeps each fact in at most one pair.
    """
    pairs: list[tuple[int, int, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = min(g.end, p.end) - max(g.start, p.start)
            # Empty spans overlap only when they sit at the same point.
            if ov > 0 or (ov == 0 and g.start == p.start and g.end == p.end):
                pairs.append((-ov, g.start, i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    tp = len(used_g)
    return tp, len(pred) - tp, len(gold) - tp


@dataclass
class Scores:
    """PRFScores by mode, then by kind (plus "overall"), and how many articles were scored."""

    by_mode: dict[str, dict[str, PRFScore]] = field(
        default_factory=lambda: {m: {k: PRFScore() for k in (*kind_names(), OVERALL)} for m in MODES}
    )
    articles: int = 0
    gold_facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(kind_names(), 0))
    pred_facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(kind_names(), 0))

    def f1(self, mode: str, kind: str) -> float | None:
        """F1, or None when there was nothing to score (no gold and no predicted fact)."""
        s = self.by_mode[mode][kind]
        return None if len(s) == 0 else s.fscore

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": self.articles, "gold_facts": self.gold_facts,
                               "pred_facts": self.pred_facts, "modes": {}}
        for mode, kinds in self.by_mode.items():
            out["modes"][mode] = {
                kind: {
                    "p": None if len(s) == 0 else round(s.precision, 4),
                    "r": None if len(s) == 0 else round(s.recall, 4),
                    "f": None if len(s) == 0 else round(s.fscore, 4),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn,
                }
                for kind, s in kinds.items()
            }
        return out


def score_article(gold: Sequence[Fact], pred: Sequence[Fact], into: Scores | None = None) -> Scores:
    """Add one article's comparison to `into` (a new Scores when None) and return it."""
    scores = into if into is not None else Scores()
    scores.articles += 1
    for kind in kind_names():
        g = [f for f in gold if f.kind == kind]
        p = [f for f in pred if f.kind == kind]
        scores.gold_facts[kind] += len(g)
        scores.pred_facts[kind] += len(p)
        per = {m: PRFScore() for m in MODES}
        per["strict"].score_set({strict_key(f) for f in p}, {strict_key(f) for f in g})
        per["value"].score_set({value_key(f) for f in p}, {value_key(f) for f in g})
        tp, fp, fn = _span_counts(g, p)
        per["span"] = PRFScore(tp=tp, fp=fp, fn=fn)
        for m in MODES:
            scores.by_mode[m][kind] += per[m]
            scores.by_mode[m][OVERALL] += per[m]
    return scores


def score_corpus(pairs: Iterable[tuple[Sequence[Fact], Sequence[Fact]]]) -> Scores:
    """Score (gold facts, predicted facts) pairs, one pair per gold article."""
    scores = Scores()
    for gold, pred in pairs:
        score_article(gold, pred, scores)
    return scores


def below_thresholds(scores: Scores, thresholds: Mapping[str, float], mode: str = "value"
                     ) -> dict[str, tuple[float | None, float]]:
    """Kinds whose `mode` F1 is under their minimum: {kind: (f1, minimum)}.

    A kind with nothing to score (F1 None) passes only when its minimum is 0.
    """
    failed: dict[str, tuple[float | None, float]] = {}
    for kind, minimum in thresholds.items():
        if kind.startswith("_"):  # "_comment" and friends
            continue
        if kind not in scores.by_mode[mode]:
            raise KeyError(f"threshold for unknown kind {kind!r}")
        f1 = scores.f1(mode, kind)
        if (f1 is None and minimum > 0) or (f1 is not None and f1 + 1e-9 < minimum):
            failed[kind] = (f1, float(minimum))
    return failed

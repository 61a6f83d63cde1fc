"""Scoring pipeline facts against gold facts (GUIDELINES.md §4): pure functions over Fact lists.

Three modes, each per kind and overall (micro-averaged over all gold articles):

- strict: same kind, same span, same value (the fields GUIDELINES.md §3 defines);
- span:   same kind, overlapping span, one-to-one (each gold fact matches at most one
          predicted fact and vice versa);
- value:  same kind and same *key value*, counted as sets per article (so five mentions of
          "Hữu Nghị" in one article count once);
- record: value mode, but a key counts only when the fields a user reads (the kind's
          `record_fields`) are right too, free-text fields (object, organization) by
          `text_match`. A key both sides have with a wrong field is a false positive and a
          false negative ("incorrect").

Beside the modes: per-field accuracy (of the keys both sides have, how often each record
field is right) and nervaluate's five outcomes per kind over one-to-one span pairs.

The P/R/F arithmetic is spaCy's `PRFScore`'s (its `score_set` for the set-based modes), so
our numbers are the ones spaCy's own `Scorer.score_spans` would report for the same sets.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex
from vnfacts.pipeline.text import norm_key
from vnfacts.pipeline.types import Fact, kind_names, spec

MODES: tuple[str, ...] = ("strict", "span", "value", "record")
#: nervaluate's five outcomes of a gold/predicted pairing (see `outcomes`).
OUTCOMES: tuple[str, ...] = ("correct", "incorrect", "partial", "missed", "spurious")
OVERALL = "overall"


@dataclass
class PRFScore:
    """tp/fp/fn with precision, recall and F1: the arithmetic of spaCy's `PRFScore`
    (tests/test_score.py checks the two agree), without spaCy in the core."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __len__(self) -> int:
        return self.tp + self.fp + self.fn

    def __iadd__(self, other: PRFScore) -> PRFScore:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def score_set(self, cand: set[Any], gold: set[Any]) -> None:
        self.tp += len(cand & gold)
        self.fp += len(cand - gold)
        self.fn += len(gold - cand)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp + 1e-100)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn + 1e-100)

    @property
    def fscore(self) -> float:
        p, r = self.precision, self.recall
        return 2 * ((p * r) / (p + r + 1e-100))


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


def _span_pairs(gold: Sequence[Fact], pred: Sequence[Fact]
                ) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """One-to-one overlap pairs (gold index, pred index) of one kind of one article.

    Greedy by largest overlap first (then earliest), which is optimal for the nested and
    chained overlaps extractor spans produce and keeps each fact in at most one pair.
    """
    cands: list[tuple[int, int, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = min(g.end, p.end) - max(g.start, p.start)
            # Empty spans overlap only when they sit at the same point.
            if ov > 0 or (ov == 0 and g.start == p.start and g.end == p.end):
                cands.append((-ov, g.start, i, j))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs, used_g, used_p


def _span_counts(gold: Sequence[Fact], pred: Sequence[Fact]) -> tuple[int, int, int]:
    """tp/fp/fn for one kind of one article under one-to-one overlap matching."""
    pairs, _, _ = _span_pairs(gold, pred)
    return len(pairs), len(pred) - len(pairs), len(gold) - len(pairs)


def _record_counts(kind: str, gold: Sequence[Fact], pred: Sequence[Fact],
                   fields: dict[str, list[int]]) -> tuple[int, int, int]:
    """Record-mode tp/fp/fn of one kind of one article; adds [right, of] per field."""
    by_g: dict[tuple[Any, ...], list[Fact]] = {}
    by_p: dict[tuple[Any, ...], list[Fact]] = {}
    for f in gold:
        by_g.setdefault(value_key(f), []).append(f)
    for f in pred:
        by_p.setdefault(value_key(f), []).append(f)
    tp = 0
    for key in by_g.keys() & by_p.keys():
        _, _, wrong = _best(by_g[key], by_p[key])
        for name in spec(kind).record_fields:
            cell = fields.setdefault(name, [0, 0])
            cell[0] += name not in wrong
            cell[1] += 1
        tp += not wrong
    return tp, len(by_p) - tp, len(by_g) - tp


@dataclass
class Scores:
    """PRFScores by mode, then by kind (plus "overall"), and how many articles were scored."""

    by_mode: dict[str, dict[str, PRFScore]] = field(
        default_factory=lambda: {m: {k: PRFScore() for k in (*kind_names(), OVERALL)} for m in MODES}
    )
    articles: int = 0
    gold_facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(kind_names(), 0))
    pred_facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(kind_names(), 0))
    #: {kind: {record field: [right, of]}} over the keys both sides have
    fields: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: {k: {} for k in kind_names()})
    #: {kind: Counter of OUTCOMES}
    outcomes: dict[str, Counter[str]] = field(
        default_factory=lambda: {k: Counter() for k in kind_names()})

    def field_accuracy(self, kind: str) -> dict[str, float | None]:
        """Of the keys both sides have, the share where each record field is right."""
        return {f: (r / n if n else None) for f, (r, n) in self.fields[kind].items()}

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
        out["fields"] = {k: {f: {"right": r, "of": n, "accuracy": round(r / n, 4) if n else None}
                             for f, (r, n) in fs.items()} for k, fs in self.fields.items()}
        out["outcomes"] = {k: {o: c[o] for o in OUTCOMES} for k, c in self.outcomes.items()}
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
        tp, fp, fn = _record_counts(kind, g, p, scores.fields[kind])
        per["record"] = PRFScore(tp=tp, fp=fp, fn=fn)
        scores.outcomes[kind].update(outcomes(g, p))
        for m in MODES:
            scores.by_mode[m][kind] += per[m]
            scores.by_mode[m][OVERALL] += per[m]
    return scores



# ---------------------------------------------------------------- record mode


def _tokens(s: str) -> list[str]:
    return [t for t in regex.split(r"[^\p{L}\p{N}]+", norm_key(s)) if t]


#: Words that open a noun phrase without saying what it is ("số trường hợp F2", "tổng số
#: mẫu", "các hộ"): skipped before the head word is compared.
_LEADING = ("tổng số", "số lượng", "tổng", "số", "lượng", "các", "những")


def _content(tokens: list[str], drop: Sequence[str]) -> list[str]:
    t = tokens
    for lead in (*_LEADING, *drop):
        lt = lead.split()
        if lt and t[:len(lt)] == lt and len(t) > len(lt):
            t = t[len(lt):]
    return t


def text_match(gold: str | None, pred: str | None, drop: Sequence[str] = ()) -> bool:
    """Free-text fields (an indicator's object, an official's organization): the same
    reading when, after the key normalization (tones, case, spaces, punctuation), both are
    null, or they share their head word (the first, past words that only open a phrase —
    "số", "tổng số", "các" — and past `drop`, e.g. the indicator's own unit) and at least
    half their words (Dice ≥ 0.5 over syllables). So "kim ngạch xuất nhập khẩu" matches "kim
    ngạch xuất nhập khẩu qua cửa khẩu", but a truncated "Bảo vệ thực vật huyện Hoài Nhơn"
    (head "Trạm" lost) or a bare "người dân" for "người dân các bản giáp biên giới" does not.
    tests/test_score.py holds the table of pairs."""
    if not gold or not pred:
        return not gold and not pred
    drop_n = [norm_key(d) for d in drop if d]
    g, p = _content(_tokens(gold), drop_n), _content(_tokens(pred), drop_n)
    if not g or not p:
        return g == p
    if g[0] != p[0]:
        return False
    common = sum((Counter(g) & Counter(p)).values())
    return 2 * common / (len(g) + len(p)) >= 0.5


def _same_field(kind: str, name: str, g: Any, p: Any, drop: Sequence[str] = ()) -> bool:
    k = spec(kind)
    if name in k.text_fields:
        return text_match(g, p, drop)
    if name in k.numeric_fields:
        return _num(g) == _num(p)
    if isinstance(g, str) and isinstance(p, str):
        return norm_key(g) == norm_key(p)
    if isinstance(g, list) and isinstance(p, list):
        return sorted(map(norm_key, map(str, g))) == sorted(map(norm_key, map(str, p)))
    return g == p


def field_diffs(gold: Fact, pred: Fact) -> list[str]:
    """The record fields of `pred` that are wrong against `gold` (same kind)."""
    g, p = gold.value_json(), pred.value_json()
    # An object may or may not repeat the unit ("trẻ ở cơ sở công lập" / "ở cơ sở công lập"
    # for "220.303 trẻ"): the unit is not what tells two objects apart.
    drop = [u for u in (g.get("unit"), p.get("unit")) if isinstance(u, str)]
    return [f for f in spec(gold.kind).record_fields
            if not _same_field(gold.kind, f, g.get(f), p.get(f), drop)]


def _best(gs: Sequence[Fact], ps: Sequence[Fact]) -> tuple[Fact, Fact, list[str]]:
    """The (gold, pred) pair of one key with the fewest wrong fields (mentions of one thing
    may carry fuller or thinner values; the record counts the best the run wrote)."""
    best: tuple[Fact, Fact, list[str]] | None = None
    for g in gs:
        for p in ps:
            d = field_diffs(g, p)
            if best is None or len(d) < len(best[2]):
                best = (g, p, d)
                if not d:
                    return best
    assert best is not None
    return best


@dataclass(frozen=True, slots=True)
class Tagged:
    """One fact's outcome against gold: the pair (either side may be None) and, for
    "incorrect", the record fields that differ ("key" when the key itself differs)."""

    outcome: str
    gold: Fact | None
    pred: Fact | None
    fields: tuple[str, ...] = ()

    @property
    def fact(self) -> Fact:
        return self.pred if self.pred is not None else self.gold  # type: ignore[return-value]


def gold_outcomes(gold: Sequence[Fact], pred: Sequence[Fact]) -> list[Tagged]:
    """nervaluate's outcomes for one article, per kind over one-to-one overlap pairs, in
    text order: correct (same span, right key and record fields), partial (overlapping
    span, right key and fields), incorrect (overlapping span, a wrong key or field), missed
    (gold without a partner), spurious (predicted without one)."""
    out: list[Tagged] = []
    for kind in {f.kind for f in (*gold, *pred)}:
        g = [f for f in gold if f.kind == kind]
        p = [f for f in pred if f.kind == kind]
        pairs, used_g, used_p = _span_pairs(g, p)
        for i, j in pairs:
            wrong = tuple(field_diffs(g[i], p[j]))
            if value_key(g[i]) != value_key(p[j]):
                wrong = ("key", *(f for f in wrong if f != "key"))
            if wrong:
                out.append(Tagged("incorrect", g[i], p[j], wrong))
            elif (g[i].start, g[i].end) == (p[j].start, p[j].end):
                out.append(Tagged("correct", g[i], p[j]))
            else:
                out.append(Tagged("partial", g[i], p[j]))
        out += [Tagged("missed", f, None) for i, f in enumerate(g) if i not in used_g]
        out += [Tagged("spurious", None, f) for j, f in enumerate(p) if j not in used_p]
    out.sort(key=lambda t: (t.fact.start, t.fact.end, t.fact.kind))
    return out


def outcomes(gold: Sequence[Fact], pred: Sequence[Fact]) -> Counter[str]:
    """The counts of `gold_outcomes` (one kind or many)."""
    return Counter(t.outcome for t in gold_outcomes(gold, pred))


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

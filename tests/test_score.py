"""Scoring (pipeline/score.py): strict / span / value modes on tables of real-text cases."""

from __future__ import annotations

import datetime as dt

import pytest
from vnfacts.extractors.border_gate import BorderGateValue
from vnfacts.extractors.date import DateValue
from vnfacts.extractors.document import DocumentValue
from vnfacts.extractors.indicator import IndicatorValue
from vnfacts.extractors.official import OfficialValue
from vnfacts.pipeline.score import below_thresholds, score_article, score_corpus, value_key
from vnfacts.pipeline.types import Fact

TEXT = ("Ngày 21/1, Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng tỉnh ký "
        "chương trình số 5115/CTr-BTTTT-BTLBP tại Cửa khẩu Quốc tế Lào Cai với 41.262 lượt "
        "người dân; Cửa khẩu Lào Cai đón hơn 2600 tin, bài. Lào Cai.")


def at(kind: str, surface: str, value, nth: int = 0, grow: int = 0) -> Fact:  # noqa: ANN001
    """A fact on the nth occurrence of `surface` in TEXT (grow: extend the span right)."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return Fact.at(TEXT, kind, start, start + len(surface) + grow, value, rule="t")


def gate(name: str, cls: str | None = "quốc tế", gid: str | None = None) -> BorderGateValue:
    return BorderGateValue(name=name, class_=cls, province="Lào Cai", country="Trung Quốc",
                           gazetteer_id=gid)


def day(y: int, m: int, d: int, **kw) -> DateValue:  # noqa: ANN003
    return DateValue(start=dt.date(y, m, d), end=dt.date(y, m, d), grain="day", **kw)


SON = OfficialValue(name="Lương Văn Sơn", rank="Đại tá", title="Chính ủy")
DOC = DocumentValue(code="5115/CTr-BTTTT-BTLBP", number="5115", doc_type="CTr",
                    issuers=["BTTTT", "BTLBP"])
LUOT = IndicatorValue(value=41262, unit="lượt")

# (id, gold, pred, {mode: (tp, fp, fn)}) for the kind of the facts.
CASES = [
    ("exact", [at("official", "Lương Văn Sơn", SON)], [at("official", "Lương Văn Sơn", SON)],
     {"strict": (1, 0, 0), "span": (1, 0, 0), "value": (1, 0, 0)}),
    ("same span, other title", [at("official", "Lương Văn Sơn", SON)],
     [at("official", "Lương Văn Sơn", SON.model_copy(update={"title": "Chính trị viên"}))],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (1, 0, 0)}),
    ("span too long, same value", [at("document", "5115/CTr-BTTTT-BTLBP", DOC)],
     [at("document", "số 5115/CTr-BTTTT-BTLBP", DOC)],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (1, 0, 0)}),
    ("wrong code", [at("document", "5115/CTr-BTTTT-BTLBP", DOC)],
     [at("document", "5115/CTr-BTTTT-BTLBP", DOC.model_copy(update={"code": "5115/CTr-BTTTT"}))],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (0, 1, 1)}),
    # Two mentions of one gate: value mode counts the set {Lào Cai} once.
    ("repeated gate, one found",
     [at("border_gate", "Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai")),
      at("border_gate", "Cửa khẩu Lào Cai", gate("Lào Cai", None))],
     [at("border_gate", "Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai"))],
     {"strict": (1, 0, 1), "span": (1, 0, 1), "value": (1, 0, 0)}),
    # Pipeline enrichments (gazetteer ids) are not part of the guideline value.
    ("gazetteer id ignored", [at("border_gate", "Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai"))],
     [at("border_gate", "Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai", gid="vn-lao-cai"))],
     {"strict": (1, 0, 0), "span": (1, 0, 0), "value": (1, 0, 0)}),
    ("indicator float/int and unit case", [at("indicator", "41.262 lượt", LUOT)],
     [at("indicator", "41.262 lượt", IndicatorValue(value=41262.0, unit="Lượt"))],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (1, 0, 0)}),
    ("indicator other unit", [at("indicator", "41.262 lượt", LUOT)],
     [at("indicator", "41.262 lượt", IndicatorValue(value=41262, unit="người"))],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (0, 1, 1)}),
    ("date same start/end, year_inferred differs", [at("date", "Ngày 21/1", day(2013, 1, 21,
                                                                              year_inferred=True))],
     [at("date", "Ngày 21/1", day(2013, 1, 21))],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (1, 0, 0)}),
    ("date wrong year", [at("date", "Ngày 21/1", day(2013, 1, 21))],
     [at("date", "21/1", day(2012, 1, 21))],
     {"strict": (0, 1, 1), "span": (1, 0, 0), "value": (0, 1, 1)}),
    # One prediction overlapping two gold spans matches only one of them.
    ("one-to-one overlap",
     [at("border_gate", "Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai")),
      at("border_gate", "Lào Cai", gate("Lào Cai"), nth=0)],
     [at("border_gate", "tại Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai"))],
     {"strict": (0, 1, 2), "span": (1, 0, 1), "value": (1, 0, 0)}),
    ("missed", [at("indicator", "hơn 2600 tin", IndicatorValue(value=2600, unit="tin",
                                                               approx="more_than"))], [],
     {"strict": (0, 0, 1), "span": (0, 0, 1), "value": (0, 0, 1)}),
    ("spurious", [], [at("border_gate", "Lào Cai", gate("Lào Cai"), nth=2)],
     {"strict": (0, 1, 0), "span": (0, 1, 0), "value": (0, 1, 0)}),
]


@pytest.mark.parametrize(("gold", "pred", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_modes(gold: list[Fact], pred: list[Fact], expected: dict[str, tuple[int, int, int]]
               ) -> None:
    kind = (gold or pred)[0].kind
    s = score_article(gold, pred)
    for mode, (tp, fp, fn) in expected.items():
        got = s.by_mode[mode][kind]
        assert (mode, got.tp, got.fp, got.fn) == (mode, tp, fp, fn)
        overall = s.by_mode[mode]["overall"]
        assert (overall.tp, overall.fp, overall.fn) == (tp, fp, fn)


@pytest.mark.parametrize(("a", "b", "same"), [
    (at("official", "Lương Văn Sơn", SON),
     at("official", "Lương Văn Sơn", OfficialValue(name="LƯƠNG VĂN SƠN")), True),
    (at("official", "Lương Văn Sơn", OfficialValue(name="Hoàng Văn Thuỷ")),
     at("official", "Lương Văn Sơn", OfficialValue(name="Hoàng Văn Thủy")), True),
    (at("official", "Lương Văn Sơn", SON),
     at("official", "Lương Văn Sơn", OfficialValue(name="Lương Văn Sang")), False),
    (at("indicator", "41.262 lượt", IndicatorValue(value=1.5e6, unit="đồng")),
     at("indicator", "41.262 lượt", IndicatorValue(value=1500000.0000001, unit="đồng")), True),
    (at("date", "Ngày 21/1", DateValue(grain="day", month=1, day=21)),
     at("date", "Ngày 21/1", DateValue(grain="day", month=1, day=22)), False),
])
def test_value_key(a: Fact, b: Fact, same: bool) -> None:
    assert (value_key(a) == value_key(b)) is same


def test_corpus_prf_micro_average() -> None:
    g1 = [at("indicator", "41.262 lượt", LUOT),
          at("indicator", "hơn 2600 tin", IndicatorValue(value=2600, unit="tin"))]
    p1 = [at("indicator", "41.262 lượt", LUOT)]
    g2 = [at("border_gate", "Cửa khẩu Lào Cai", gate("Lào Cai"))]
    p2 = [at("border_gate", "Cửa khẩu Lào Cai", gate("Lào Cai")),
          at("border_gate", "Lào Cai", gate("Lào Cai"), nth=2)]
    s = score_corpus([(g1, p1), (g2, p2)])
    assert s.articles == 2
    ind = s.by_mode["strict"]["indicator"]
    assert (ind.precision, ind.recall) == pytest.approx((1.0, 0.5))
    assert s.f1("strict", "indicator") == pytest.approx(2 / 3)
    gates = s.by_mode["strict"]["border_gate"]
    assert (gates.tp, gates.fp, gates.fn) == (1, 1, 0)
    assert s.f1("strict", "overall") == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    assert s.f1("value", "border_gate") == 1.0  # both spans say Lào Cai: one set member
    assert s.f1("strict", "document") is None  # nothing to score
    js = s.to_json()
    assert js["modes"]["strict"]["indicator"] == {"p": 1.0, "r": 0.5, "f": 0.6667,
                                                   "tp": 1, "fp": 0, "fn": 1}
    assert js["modes"]["value"]["document"]["f"] is None
    assert js["gold_facts"]["indicator"] == 2 and js["pred_facts"]["border_gate"] == 2


@pytest.mark.parametrize(("thresholds", "failed"), [
    ({"indicator": 0.6, "border_gate": 1.0}, []),
    ({"indicator": 0.7}, ["indicator"]),
    ({"document": 0.0, "_comment": "ignored"}, []),
    ({"document": 0.1}, ["document"]),  # nothing scored cannot meet a positive minimum
])
def test_below_thresholds(thresholds: dict, failed: list[str]) -> None:
    g = [at("indicator", "41.262 lượt", LUOT),
         at("indicator", "hơn 2600 tin", IndicatorValue(value=2600, unit="tin"))]
    p = [at("indicator", "41.262 lượt", LUOT),
         at("border_gate", "Cửa khẩu Lào Cai", gate("Lào Cai"))]
    s = score_corpus([(g, p)])
    # border_gate: one spurious → F1 0.0, so a 1.0 minimum would fail; take it from the table
    s2 = score_corpus([(g + p[1:], p)])
    assert sorted(below_thresholds(s2, thresholds)) == failed
    assert s.f1("value", "indicator") == pytest.approx(2 / 3)


def test_threshold_unknown_kind() -> None:
    with pytest.raises(KeyError):
        below_thresholds(score_corpus([]), {"person": 0.5})


def test_strict_agrees_with_spacy_score_spans() -> None:
    """With values equal, strict mode is exact (kind, span) matching: the numbers must be the
    ones spaCy's own Scorer.score_spans reports for the same spans as labelled span groups."""
    import spacy
    from spacy.scorer import Scorer
    from spacy.training import Example

    gold = [at("official", "Lương Văn Sơn", SON), at("document", "5115/CTr-BTTTT-BTLBP", DOC),
            at("indicator", "41.262 lượt", LUOT),
            at("border_gate", "Cửa khẩu Quốc tế Lào Cai", gate("Lào Cai"))]
    pred = [gold[0], at("document", "5115/CTr-BTTTT-BTLBP", DOC), gold[3],
            at("border_gate", "Lào Cai", gate("Lào Cai"), nth=2),
            at("indicator", "hơn 2600 tin", LUOT)]
    nlp = spacy.blank("xx")

    def doc(facts: list[Fact]):  # noqa: ANN202
        d = nlp.make_doc(TEXT)
        spans = [d.char_span(f.start, f.end, label=f.kind) for f in facts]
        assert None not in spans  # fact spans sit on token boundaries here
        d.spans["facts"] = spans
        return d

    spacy_scores = Scorer.score_spans([Example(doc(pred), doc(gold))], "facts",
                                      getter=lambda d, key: d.spans[key])
    ours = score_article(gold, pred)
    assert ours.by_mode["strict"]["overall"].precision == pytest.approx(spacy_scores["facts_p"])
    assert ours.by_mode["strict"]["overall"].recall == pytest.approx(spacy_scores["facts_r"])
    assert ours.f1("strict", "overall") == pytest.approx(spacy_scores["facts_f"])
    for kind, prf in spacy_scores["facts_per_type"].items():
        assert ours.f1("strict", kind) == pytest.approx(prf["f"]), kind


# ---------------------------------------------------------------- record mode

from vnfacts.pipeline.score import field_diffs, outcomes, text_match  # noqa: E402

# (gold, predicted, same reading?): the free-text matcher for objects and organizations.
TEXT_PAIRS = [
    # same meaning, other wording or fuller
    ("kim ngạch xuất nhập khẩu", "Kim ngạch xuất nhập khẩu qua cửa khẩu", True),
    ("Sở Thông tin và Truyền thông tỉnh Lạng Sơn", "Sở Thông tin và Truyền thông", True),
    ("Ủy ban nhân dân thành phố Vinh", "Uỷ ban nhân dân thành phố Vinh", True),  # tone style
    ("học sinh", "học sinh tiểu học", True),
    ("người dân", "người dân.", True),  # punctuation
    ("trường hợp F2", "số trường hợp F2", True),  # "số" only opens the phrase
    ("mẫu xét nghiệm", "tổng số mẫu xét nghiệm", True),
    (None, None, True),
    # truncated: the head noun lost, or most of the phrase missing
    ("Trạm Bảo vệ thực vật huyện Hoài Nhơn", "Bảo vệ thực vật huyện Hoài Nhơn", False),
    ("người dân các bản giáp biên giới", "người dân", False),
    # wrong: another thing, a verb fragment, a unit, or nothing
    ("kim ngạch xuất nhập khẩu", "chứa", False),
    ("tổng thu ngân sách", "USD", False),
    ("tuyên truyền", None, False),
    (None, "này", False),
]


@pytest.mark.parametrize(("gold", "pred", "same"), TEXT_PAIRS)
def test_text_match(gold: str | None, pred: str | None, same: bool) -> None:
    assert text_match(gold, pred) is same


def test_text_match_skips_the_unit() -> None:
    # "220.303 trẻ": one annotator repeats the unit in the object, the other does not.
    assert text_match("ở cơ sở công lập", "trẻ ở cơ sở công lập", drop=["trẻ"])
    assert not text_match("ở cơ sở công lập", "trẻ ở cơ sở công lập")


def _ind(start: int, end: int, value: float, unit: str, obj: str | None, per: str | None = None
         ) -> Fact:
    return Fact(kind="indicator", start=start, end=end, text="x" * (end - start),
                value=IndicatorValue(value=value, unit=unit, object=obj, per=per))


def test_record_mode_counts_a_key_with_a_wrong_field_as_fp_and_fn() -> None:
    gold = [_ind(0, 8, 824, "buổi", "tuyên truyền"), _ind(20, 30, 45000, "đồng", "giá", "kg")]
    pred = [_ind(0, 8, 824, "buổi", "tuyên truyền cho người dân"),  # object fuller: right
            _ind(20, 30, 45000, "đồng", "giá", None)]  # per lost: wrong
    s = score_article(gold, pred)
    assert (s.by_mode["value"]["indicator"].tp, s.by_mode["record"]["indicator"].tp) == (2, 1)
    assert (s.by_mode["record"]["indicator"].fp, s.by_mode["record"]["indicator"].fn) == (1, 1)
    assert s.field_accuracy("indicator") == {"value": 1.0, "unit": 1.0, "per": 0.5, "object": 1.0}
    assert field_diffs(gold[1], pred[1]) == ["per"]


def test_outcomes_are_nervaluate_s_five() -> None:
    gold = [_ind(0, 8, 824, "buổi", "a"), _ind(10, 15, 5, "tờ", None),
            _ind(20, 25, 7, "lần", None), _ind(40, 45, 1, "vụ", None)]
    pred = [_ind(0, 8, 824, "buổi", "a"),  # correct
            _ind(10, 17, 5, "tờ", None),  # partial: span differs, record right
            _ind(20, 25, 8, "lần", None),  # incorrect: value wrong
            _ind(60, 62, 2, "con", None)]  # spurious; gold 40-45 missed
    assert outcomes(gold, pred) == {"correct": 1, "partial": 1, "incorrect": 1, "missed": 1,
                                    "spurious": 1}


def test_prf_arithmetic_is_spacy_s() -> None:
    spacy_scorer = pytest.importorskip("spacy.scorer")
    from vnfacts.pipeline.score import PRFScore

    for cand, gold in [({1, 2, 3}, {2, 3, 4, 5}), (set(), {1}), ({1}, set()), (set(), set())]:
        ours, theirs = PRFScore(), spacy_scorer.PRFScore()
        ours.score_set(cand, gold)
        theirs.score_set(cand, gold)
        assert (ours.precision, ours.recall, ours.fscore) == (
            theirs.precision, theirs.recall, theirs.fscore)

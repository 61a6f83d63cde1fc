"""`indicator` facts (GUIDELINES.md §3.5, §5): reported quantities with value, unit and object.

One compiled pattern scans the text once. Its alternatives, tried in order at each position:
  share   "12/12 tuyến"                 → the first number counts (§5)
  block   dates, clock times, year ranges, document codes, phone numbers → consumed, no fact
  ind     [approx] (vague | list | range | number) unit   "hơn 2600 tin", "hàng trăm lượt",
          "37 phóng sự, 134 chuyên mục", "10-12 phút", "1,5 triệu đồng", "30.000 đồng đến
          240.000 đồng"; or a number and any other word: the segmenter's word at it is the unit
          ("90.000 khẩu trang", rule ind.word_unit) unless indicator_not_units.csv lists it
  money   a number with triệu/tỷ and no unit, after a money word or before "/" or punctuation
          ("trị giá 40 triệu", "100 triệu/người" → đồng)
Matches inside prior `date`/`document` facts, after a naming word ("Quốc lộ 4", "Điều 5",
extractors/data/indicator_exclusions.csv) or in a visitor-counter line are dropped.
Units come from extractors/data/units.csv. `value.period` links to a year/month/quarter (or
range) date fact earlier in the sentence, else in the paragraph's opening sentence.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import regex
from vnfacts.pipeline.numbers import (
    DIGITS_RE,
    NUMBER_WORDS,
    SCALE_RE,
    WORDS_RE,
    parse_digits,
    parse_words,
)
from vnfacts.pipeline.types import Doc, Fact, KindSpec, Period, Sentence, Token, Value, register

KIND = "indicator"
REQUIRES: tuple[str, ...] = ("date", "document", "border_gate")

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


_UNIT_ROWS = _rows("units.csv")
#: surface (lowercased) → (unit, kind)
UNITS: dict[str, tuple[str, str]] = {r["surface"].lower(): (r["unit"], r["kind"]) for r in _UNIT_ROWS}
#: units whose first syllable starts other nouns: the segmenter's word wins ("người thân", "bánh tét")
EXTEND: frozenset[str] = frozenset(r["surface"].lower() for r in _UNIT_ROWS if r["extend"] == "yes")
NOT_UNITS: frozenset[str] = frozenset(r["word"] for r in _rows("indicator_not_units.csv"))
_EXCL = _rows("indicator_exclusions.csv")


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Case-insensitive ("21 Tổ", "USD"), except one-letter units: "14G" is a road, "5 g" grams.
_UNIT = (rf"(?:(?i:{_alt([u for u in UNITS if len(u) > 1])})|{_alt([u for u in UNITS if len(u) == 1])})"
         r"(?!\p{L}|\p{N})")
_APPROX_WORDS = {
    "hơn": "more_than", "trên": "more_than", "ngoài": "more_than", "vượt": "more_than",
    "ít nhất": "more_than", "tối thiểu": "more_than",
    "gần như": "about", "khoảng": "about", "chừng": "about", "xấp xỉ": "about",
    "gần": "less_than", "dưới": "less_than", "chưa đến": "less_than", "chưa tới": "less_than",
    "không đến": "less_than", "không quá": "less_than", "tối đa": "less_than",
}
_PREPOSITIONS = {"trên", "ngoài", "dưới"}
_VAGUE = {"chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "vạn": 10_000,
          "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}

# A number: digits (+ scale words, "2 tỷ 500 triệu"), the "1tr2" shorthand, or number words
# starting with a word that cannot be an article ("một" only before a scale: "một trăm").
# "năm" is left out: after a number or before a noun it is far more often "year" than 5.
_WSTART = r"(?<!\d\s)(?:[Hh]ai|[Bb]a|[Bb]ốn|[Ss]áu|[Bb]ảy|[Bb]ẩy|[Tt]ám|[Cc]hín|[Mm]ười|[Mm]ột(?=\s(?:trăm|nghìn|ngàn|triệu|tỷ|tỉ|chục)))"
# The guard first: a run of more than 40 digits and separators is no quantity, and letting
# DIGITS_RE backtrack through a 100,000-character run made the scan superlinear.
_NUM = (
    rf"(?![\d.,]{{41}})(?:\d+tr\d{{1,3}}(?!\d)"
    rf"|{DIGITS_RE}(?![\d]|[.,]\d)(?:\s?{SCALE_RE}(?:\s{DIGITS_RE}\s?{SCALE_RE})*(?!\p{{L}}))?"
    rf"|{_WSTART}(?:\s{WORDS_RE})?(?!\p{{L}}))"
)
# Not glued to a word, code or another number; "/" only after a word ("30.248 lần/164.582 lượt").
_START = r"(?<![\p{L}\p{N}_.,\-–])(?<!\p{N}/)"

# Every alternative starts with a digit, an approx word, "hàng" or a number word: a cheap
# first-character test lets the scan skip all other positions.
_FIRST = (
    r"(?<![\p{L}\p{N}_.,\-–])(?=\d|,\d|(?i:hàng|hai|ba|bốn|sáu|bảy|bẩy|tám|chín|mười|một|"
    + _alt(list(_APPROX_WORDS)) + r")(?!\p{L}))"
)
PATTERN = regex.compile(
    rf"""
    {_FIRST}(?![\d.,]{{41}})
    (?:(?P<share>{_START}(?P<sh_n>\d{{1,4}})/(?P<sh_d>\d{{1,4}})\s+(?P<sh_u>{_UNIT}))
    |(?P<block>{_START}(?:
        \d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}           # 06/01/1946
      | (?:19|20)\d{{2}}\s*[-–—]\s*(?:19|20)\d{{2}}      # 2012-2020
      | \d{{1,2}}/\d{{1,4}}(?!\s*(?i:{_UNIT}))           # 21/1, 11/2025
      | \d+(?:/\d{{2,4}})?/[\p{{Lu}}Đ][\p{{L}}&]*        # 5115/CTr-…, 15/2020/NĐ-CP
      | \d+-[\p{{Lu}}Đ]+/                                # 12-CT/TW
      | \d{{1,2}}\s*(?:giờ|h|g)\s*\d{{1,2}}(?:\s*phút)?  # 8 giờ 30, 16h30
      | \d{{1,2}}:\d{{2}}(?::\d{{2}})?                   # 12:00:00
      | (?:\+84|0)\d{{1,4}}(?:[.\s-]\d{{2,4}}){{2,3}}(?!\d)   # 0213.3791.558
    ))
    |(?P<ind>{_START}
      (?:(?P<approx>(?i:{_alt(list(_APPROX_WORDS))}))\s+)?
      (?:
        (?P<vague>(?i:hàng)\s(?P<vg1>chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?:\s(?P<vg2>nghìn|ngàn|triệu|tỷ|tỉ))?)
      | (?P<list>{_NUM}(?:(?:,\s+|\s+và\s+){_NUM})+)
      | (?P<num>{_NUM})(?:\s*(?:-|–|—|đến|tới)\s*(?P<num2>{_NUM}))?
      )
      \s?(?:(?P<unit>{_UNIT})(?:\s*(?:-|–|—|đến|tới)\s*(?P<num3>{_NUM})\s?(?P=unit))?
           |(?<=\s)(?!{SCALE_RE}(?!\p{{L}}))(?P<word>\p{{Ll}}\p{{L}}*|\p{{Lu}}{{2,}}(?!\p{{L}}|\p{{N}}))))
    |(?P<money>{_START}(?:(?P<m_approx>(?i:{_alt(list(_APPROX_WORDS))}))\s+)?
      (?P<m_num>(?![\d.,]{{41}})(?:\d+tr\d{{1,3}}(?!\d)|{DIGITS_RE}(?![\d])\s?(?:triệu|tỷ|tỉ)(?!\p{{L}})))))
    """,
    regex.X | regex.V0,
)
_NUM_RE = regex.compile(_NUM)
_HEAD = regex.compile(r"[\d.,]+")
_MONEY_SCALE = regex.compile(r"(?:triệu|tỷ|tỉ)$")
_SCALE_END = regex.compile(rf"{SCALE_RE}$")

_MONEY_CUE = regex.compile(
    r"(?i:trị giá|giá trị|kinh phí|số tiền|tiền|vốn|ngân sách|phạt|thu|doanh thu|chi|đầu tư|hỗ trợ|"
    r"ủng hộ|quyên góp|tổng mức|mức)\s*(?:\p{L}+\s*){0,4}$"
)
_LEAD = regex.compile(
    rf"(?i:(?<![\p{{L}}])(?:{_alt([r['word'] for r in _EXCL if r['position'] == 'before'])}))\s*$"
)
_KEEP = regex.compile(
    rf"(?i:(?<![\p{{L}}])(?:{_alt([r['word'] for r in _EXCL if r['position'] == 'keep'])}))\s*$"
)
_AFTER_TIME = regex.compile(
    rf"\s+(?i:{_alt([r['word'] for r in _EXCL if r['position'] == 'after'])})(?!\p{{L}})"
)
# Visitor counters ("Tổng truy cập 7.103.112", "2168 người online"): not body (§1).
_COUNTER_LINE = regex.compile(r"(?i:(?<!\p{L})(?:truy cập|lượt xem)(?!\p{L}))")
_ONLINE_AFTER = regex.compile(r"\s*(?i:online)(?!\p{L})")
_OBJ_STOP = regex.compile(
    r"[,;:.!?()\[\]\"“”\n/]|\d|(?<!\p{L})(?:cho|với|tại|trong|để|nhằm|từ|đến|tới|so|được|đã|là|"
    r"và|thuộc|trên|của|về|gồm|như|khi|nhưng|do|bị|ở)(?!\p{L})"
)
_CLOCK_AFTER = regex.compile(r"\s*,?\s*(?:\d|(?i:ngày|sáng|chiều|tối|đêm|trưa|cùng|kém|đúng)(?!\p{L}))")
_CLOCK_BEFORE = regex.compile(r"(?i:(?<!\p{L})(?:đến|vào|lúc|tới))\s+$")  # "Đến 17 giờ, tàu …"
_LETTERS = regex.compile(r"\p{L}+(?: \p{L}+)*")
_CAP_BEFORE = regex.compile(r"\p{Lu}[\p{L}]*\s+$")  # "Hoài Nhơn 1", "Binh đoàn 15": a name
_MONEY_AFTER = regex.compile(r"\s*(?:[/.,;:)]|$)")  # "100 triệu/người", "trị giá 40 triệu."


def _value(num: str) -> tuple[float | None, str | None]:
    """The value of one number surface, and the anomaly when its grouping is impossible."""
    t = num.strip()
    if t[0].isdigit() or t[0] == ",":
        head = _HEAD.match(t)
        assert head is not None
        if head.end() == len(t):
            p = parse_digits(t)
            return p.value, p.anomaly
        p = parse_digits(head.group())
        if p.value is None:
            return None, p.anomaly
    return parse_words(t), None


def _object(text: str, pos: int, end_limit: int) -> str | None:
    seg = text[pos:min(end_limit, pos + 120)]
    m = _OBJ_STOP.search(seg)
    if m:
        seg = seg[: m.start()]
    words = seg.split()[:8]
    return " ".join(words) or None


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _period(doc: Doc, start: int, dates: Sequence[Fact]) -> Period | None:
    """The period a quantity is reported for: a year/month/quarter or range date earlier in the
    same sentence, else in the opening sentence of its paragraph."""
    usable = [
        d for d in dates
        if d.end <= start and getattr(d.value, "start", None) is not None
        and (d.value.grain in ("year", "month", "quarter") or d.value.start != d.value.end)  # type: ignore[union-attr]
    ]
    if not usable:
        return None
    text = doc.text
    sent = doc.sentence_at(start)
    s_start = sent.start if sent else text.rfind("\n", 0, start) + 1
    in_sent = [d for d in usable if d.start >= s_start]
    if in_sent:
        d = in_sent[-1]
    else:
        p_start = text.rfind("\n", 0, start) + 1
        opening = doc.sentence_at(p_start)
        o_end = opening.end if opening else p_start
        in_open = [d for d in usable if p_start <= d.start < o_end]
        if not in_open:
            return None
        d = in_open[0]
    return Period(start=d.value.start, end=d.value.end)  # type: ignore[union-attr]


class _Words:
    """The segmenter's words by offset: the word covering a position, even when the segmenter
    glued the number to it ("5-7 tờ" as one token). Only the sentences asked about are read:
    tokens are segmented lazily, and most sentences hold no number."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def end_of(self, pos: int) -> int | None:
        """The end of the word covering `pos` (None when no word covers it)."""
        sents = self.doc.sentences
        # The doc's last token starting at or before pos: in the last sentence starting at
        # or before pos that has one (a token crossing a boundary stays in the earlier
        # sentence, so that may be the one before).
        for i in range(bisect_right(sents, pos, key=_start) - 1, -1, -1):
            toks = sents[i].tokens
            j = bisect_right(toks, pos, key=_start) - 1
            if j >= 0:
                return toks[j].end if pos < toks[j].end else None
        return None


def _start(x: Sentence | Token) -> int:
    return x.start


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    text = doc.text
    dates = sorted(prior.get("date", ()), key=lambda f: f.start)
    blocked = [(f.start, f.end) for f in (*dates, *prior.get("document", ()))]
    words = _Words(doc)
    facts: list[Fact] = []

    def emit(start: int, end: int, value: float | None, unit: str, rule: str, *,
             approx: str | None = None, range_max: float | None = None, vague: bool = False,
             raw: str | None = None, anomaly: str | None = None, obj_from: int | None = None,
             confidence: float = 0.9) -> None:
        if _overlaps(start, end, blocked):
            return
        # A naming word right before the number ("Quốc lộ 4"); after an approx word
        # ("quãng đường hơn 40km") the number is a quantity whatever precedes.
        if (approx is None and _LEAD.search(text, max(0, start - 20), start)
                and not _KEEP.search(text, max(0, start - 20), start)):
            return
        ls, le = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        if _COUNTER_LINE.search(text, ls, le if le >= 0 else len(text)) or _ONLINE_AFTER.match(text, end):
            return
        obj = _object(text, obj_from if obj_from is not None else end, len(text))
        val = IndicatorValue(value=value, unit=unit, object=obj, approx=approx,  # type: ignore[arg-type]
                             range_max=range_max, vague=vague, raw=raw, anomaly=anomaly,  # type: ignore[arg-type]
                             period=_period(doc, start, dates))
        facts.append(Fact.at(text, KIND, start, end, val, rule, confidence))

    for m in PATTERN.finditer(text):
        if m["block"] is not None:
            continue
        if m["share"] is not None:
            u, _ = UNITS[m["sh_u"].lower()]
            emit(m.start(), m.end(), float(m["sh_n"]), u, "ind.share")
            continue
        if m["money"] is not None:
            if not (_MONEY_CUE.search(text, max(0, m.start() - 40), m.start())
                    or _MONEY_AFTER.match(text, m.end())):
                continue
            v, anomaly = _value(m["m_num"])
            emit(m.start(), m.end(), v, "đồng", "ind.money_unwritten",
                 approx=_APPROX_WORDS.get((m["m_approx"] or "").lower()), anomaly=anomaly,
                 raw=m["m_num"] if anomaly else None, confidence=0.7)
            continue
        approx = _APPROX_WORDS.get((m["approx"] or "").lower())
        first = m["num"] or m["list"] or ""
        if approx and m["approx"].lower() in _PREPOSITIONS and first[:1].isalpha():
            # "trên hai tàu cá" is "on two boats": before number words these are prepositions
            approx, start0 = None, m.start("num") if m["num"] else m.start("list")
        else:
            start0 = m.start()
        after = m.end()
        confidence = 0.9
        if m["unit"] is not None:
            unit_s = m["unit"]
            unit, ukind = UNITS[unit_s.lower()]
            rule = f"ind.{ukind}"
            if ukind == "time" and (_AFTER_TIME.match(text, m.end("unit"))
                                    or _CLOCK_AFTER.match(text, m.end("unit"))
                                    or _CLOCK_BEFORE.search(text, max(0, start0 - 12), start0)):
                continue  # "24 giờ tới", "20 giờ 30 ngày 4/8": a duration or a clock time
            w_end = words.end_of(m.start("unit"))
            obj_from = m.end("unit")
            if w_end is not None and w_end > m.end("unit") and m["num3"] is None:
                if unit_s.lower() in EXTEND:  # "người thân": the word is the unit
                    unit = text[m.start("unit"):w_end].lower()
                    after, obj_from, rule = w_end, w_end, "ind.word_unit"
                else:  # "tờ rơi", "vụ việc": the classifier is the unit, the word the object
                    obj_from = m.start("unit")
        else:
            w_end = words.end_of(m.start("word"))
            word = text[m.start("word"):w_end] if w_end and w_end > m.end("word") else m["word"]
            wl = word.lower()
            syl = wl.split()
            if (not _LETTERS.fullmatch(wl) or wl in NOT_UNITS
                    or syl[0] in NOT_UNITS or " ".join(syl[:2]) in NOT_UNITS or wl in NUMBER_WORDS
                    or first[:4].lower() == "chín"  # "lúa chín rộ": ripe, not nine
                    or m["vague"] is None and _CAP_BEFORE.search(text, max(0, start0 - 30), start0)):
                if (m["num"] and _MONEY_SCALE.search(m["num"])
                        and _MONEY_CUE.search(text, max(0, m.start() - 40), m.start())):
                    v, anomaly = _value(m["num"])  # "trị giá 40 triệu cho …": money, unit unwritten
                    emit(start0, m.end("num"), v, "đồng", "ind.money_unwritten", approx=approx,
                         anomaly=anomaly, raw=m["num"] if anomaly else None, confidence=0.7)
                continue
            unit, ukind, rule, confidence = wl, "count", "ind.word_unit", 0.6
            after = obj_from = m.start("word") + len(word)
        if m["vague"] is not None:
            v = float(_VAGUE[m["vg1"].lower()] * (_VAGUE[m["vg2"].lower()] if m["vg2"] else 1))
            emit(start0, after, v, unit, "ind.vague", approx=approx, vague=True, obj_from=obj_from,
                 confidence=confidence)
        elif m["list"] is not None:
            # "37 phóng sự, 134 chuyên mục": only the last number is written with the unit here
            nums = list(_NUM_RE.finditer(text, m.start("list"), m.end("list")))
            for i, n in enumerate(nums):
                v, anomaly = _value(n.group())
                last = i == len(nums) - 1
                emit(start0 if i == 0 else n.start(), after if last else n.end(), v, unit,
                     rule if last else "ind.list_shared_unit", approx=approx if i == 0 else None,
                     raw=n.group() if anomaly else None, anomaly=anomaly, obj_from=obj_from,
                     confidence=confidence)
        else:
            v, anomaly = _value(m["num"])
            rmax = None
            top = m["num2"] or m["num3"]
            if top is not None:
                rmax, an2 = _value(top)
                anomaly = anomaly or an2
                # "1,5 - 2 tỷ đồng": the first number takes the scale written on the second
                if v is not None and rmax is not None and rmax > v * 1.5 and m["num"][-1].isdigit():
                    scale = _SCALE_END.search(top)
                    if scale:
                        v = _value(m["num"] + " " + scale.group())[0]
                rule = "ind.range"
            emit(start0, after, v, unit, rule, approx=approx, range_max=rmax,
                 raw=m["num"] if anomaly else None, anomaly=anomaly, obj_from=obj_from,
                 confidence=confidence)
    return facts


# ---------------------------------------------------------------- the kind's contract
# The value model and the spec every other module reads this kind through (pipeline.types).

Approx = Literal["more_than", "less_than", "about"]


class IndicatorValue(Value):
    """§3.5: a reported quantity."""

    value: float | None
    unit: str | None = None
    object: str | None = None
    approx: Approx | None = None
    range_max: float | None = None
    vague: bool = False
    per: str | None = None  # §6: a rate's denominator ("45.000 đồng/kg" → "kg")
    raw: str | None = None
    anomaly: Literal["bad_grouping"] | None = None
    period: Period | None = None


def _num(x: float | None) -> float | None:
    # 1500000.0 and 1500000 are one value; round off float noise from unit multiplication.
    return None if x is None else round(float(x), 6)


def _problems(v: IndicatorValue) -> list[str]:
    out = []
    if v.value is None and not v.raw:
        out.append("indicator without value needs raw")
    if v.range_max is not None and v.value is not None and v.range_max < v.value:
        out.append(f"indicator range_max {v.range_max:g} < value {v.value:g}")
    return out


def _summary(v: dict) -> str:
    num = v.get("value")
    shown = v.get("raw") if num is None else (f"{num:g}" if isinstance(num, float) else str(num))
    extra = [(v.get("unit") or "") + (f"/{v['per']}" if v.get("per") else ""),
             f"({v['approx']})" if v.get("approx") else "",
             f"obj={v['object']}" if v.get("object") else ""]
    return " ".join(x for x in (shown or "", *extra) if x)


SPEC = register(KindSpec(
    name=KIND, value_model=IndicatorValue, extract=extract, requires=REQUIRES,
    key=lambda v: (_num(v.get("value")), v["unit"].lower() if v.get("unit") else None),
    guideline_fields=("value", "unit", "object", "approx", "range_max", "vague", "raw", "anomaly"),
    record_fields=("value", "unit", "per", "object"),
    text_fields=("object",), numeric_fields=("value", "range_max"),
    view="indicators",
    view_columns=(
        ("value", "$.value", "The number (multipliers applied); null for a bad grouping"),
        ("unit", "$.unit", "Measure or classifier word, lowercased"),
        ("object", "$.object", "What is counted, when written"),
        ("approx", "$.approx", "more_than | less_than | about"),
        ("range_max", "$.range_max", "Upper bound of a range (10-12 → 12)"),
        ("vague", "$.vague", "1 for hàng trăm, hàng nghìn … (value is the lower bound)"),
        ("per", "$.per", "A rate's denominator (đồng/kg → kg)"),
        ("raw", "$.raw", "Digits as written when the value is null"),
        ("anomaly", "$.anomaly", "bad_grouping when the digit grouping cannot be right"),
        ("period_start", "$.period.start", "Period the number is reported for: start (ISO)"),
        ("period_end", "$.period.end", "Period: end (ISO, inclusive)"),
    ),
    validate=_problems, summary=_summary,
    colour="black on bright_blue", label="Reported quantities (GUIDELINES.md §3.5)",
))

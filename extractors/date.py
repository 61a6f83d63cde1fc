"""`date` facts (GUIDELINES.md §3.2, §5): calendar references resolved to ISO ranges.

One compiled alternation (`_DATE`) is run once over the text and yields *atoms* (a day, a
month, a year, a quarter, a relative word, a clock time …). A single linear pass then joins
atoms that belong together (ranges "từ … đến …", a clock time next to a day, a weekday
before a date) and resolves years against the publication date.

`parse(text, ref, profile=...)` is the reusable parser: profile "news" is what the extractor
emits (the guide's facts only); profile "full" also resolves what the guide says is not a
news fact (clock times alone, weekdays alone, "3 ngày tới"), with Duckling's convention of
preferring the future. scripts/conformance_dates.py runs both.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex
from pydantic import Field
from vnfacts.extractors import dash, lunar
from vnfacts.extractors.lexicon import alternation, read_csv
from vnfacts.pipeline.numbers import counting_words
from vnfacts.pipeline.types import Doc, Fact, KindSpec, Value, register

KIND = "date"
REQUIRES: tuple[str, ...] = ()

Profile = Literal["news", "full"]

# ---------------------------------------------------------------- vocabulary
# Word lists are reviewable data: extractors/data/date_words.csv (group, word, value, note).



def _load_words() -> dict[str, dict[str, int | None]]:
    out: dict[str, dict[str, int | None]] = {}
    for _, r in read_csv("date_words.csv")[1]:
        out.setdefault(r["group"], {})[r["word"]] = int(r["value"]) if r["value"] else None
    return out


_WORDS = _load_words()
_MONTH_WORDS: dict[str, int] = _WORDS["month_word"]  # type: ignore[assignment]
# Days, months and quarters in words ("quý tư", "tháng mười một"): the one number vocabulary.
_NUM_WORDS: dict[str, int] = counting_words(12)
REL_DAY: dict[str, int] = _WORDS["rel_day"]  # type: ignore[assignment]
REL_UNIT: dict[str, int] = _WORDS["rel_unit"]  # type: ignore[assignment]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
             "sáu": 4, "6": 4, "bảy": 5, "7": 5}
# Words that may follow a bare "21/1" without making it a fraction ("12/12 tuyến").
_BARE_DM_NEXT = frozenset(_WORDS["bare_dm_next"])
# Words after a bare year that keep it a year ("trước 2020 người" is not).
_BARE_Y_NEXT = _BARE_DM_NEXT | frozenset(_WORDS["bare_year_next"])
_NOT_NAME_BEFORE_YEAR = frozenset(_WORDS["not_name_before_year"])
_LUNAR_MONTHS: dict[str, int] = _WORDS["lunar_month_word"]  # type: ignore[assignment]
_IDIOMS = frozenset(_WORDS["idiom"])  # "24/7": round the clock (GUIDELINES.md §6)
_YEAR_WORDS: dict[str, int] = _WORDS["year_word"]  # type: ignore[assignment]


def _alt(words: Sequence[str]) -> str:
    """A word alternation, longest first, internal spaces matching any run of spaces."""
    return alternation(words, end=r"(?![\p{L}\p{N}])")


D = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)"
M = r"(?:0?[1-9]|1[0-2])(?!\d)"
Y = r"(?:1[89]\d\d|20\d\d)(?!\d)"
MW = _alt(list(_MONTH_WORDS))
NW = _alt(list(_NUM_WORDS))
# A lunar year name before a year ("Tết Nguyên đán Tân Sửu 2021") makes it a year reference.
CANCHI = (r"(?:giáp|ất|bính|đinh|mậu|kỷ|canh|tân|nhâm|quý)\s+"
          r"(?:tý|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi)")
DAYPART = r"(?:rạng\s+sáng|sáng\s+sớm|chiều\s+tối|sáng|chiều|tối|trưa|đêm|khuya)"
# Lead words included in the span (task brief "Span conventions").
LEAD_D = (rf"(?<![\p{{L}}])(?:{DAYPART}(?:\s+(?:ngày|hôm))?(?:\s+(?:mồng|mùng))?"
          r"|(?:ngày|hôm)(?:\s+(?:mồng|mùng))?|mồng|mùng)")
# Left edge of a bare number: not inside a code, URL or amount ("CM-05144", "1.608"); a hyphen
# after a digit is a range ("2/9/1945-2/9/2020").
NB = r"(?<![\p{L}\p{N}/.,])(?<![\p{L}/]-)"
TIME = (r"(?:\s*[,|\-–]?\s*(?:lúc\s+)?(?P<hh>[01]?\d|2[0-3])\s*[:h]\s*(?P<mi>[0-5]\d)"
        r"(?:\s*:\s*[0-5]\d)?(?:\s*(?P<ap>SA|CH|AM|PM)(?![\p{L}]))?)?")
YEAR_PREP = _alt(list(_WORDS["year_after_prep"]))
YEAR_CONTEXT = _alt(list(_WORDS["year_after_context"]))
# "ngày 8/3 năm nay", "tháng 10 cùng năm": the year named relative to now or to the last date.
YREL = (r"(?:(?:\s+năm\s+(?P<yrel>nay|ngoái|trước|sau|tới)|\s+(?P<yrel>cùng)\s+năm"
        r"|\s+(?P<yrel>sang)\s+năm)(?![\p{L}])(?!\s+(?:đó|nữa)))")
# Lunar markers (GUIDELINES.md §6): "âm lịch" after the date, bracketed or not.
AL = r"(?:\s*\(\s*(?:âm\s+lịch|ÂL)\s*\)|\s+(?:âm\s+lịch|ÂL)(?![\p{L}]))"
LMW = _alt(list(_LUNAR_MONTHS))
NHUAN = r"(?:\s+(?P<nh>nhuận)(?![\p{L}]))"
LYEAR = rf"(?:\s+(?:năm\s+)?(?P<cc>{CANCHI})(?![\p{{L}}])(?:\s+(?P<y>{Y}))?|\s*(?:năm\s+|,\s*)(?P<y>{Y}))"
APPROX = r"(?:hơn|gần|khoảng|chừng|ngót|trên)"

_PAT = rf"""
(?P<lday>(?P<lead>{LEAD_D}\s+)?(?:(?P<ram>rằm)|{NB}(?P<d>{D}))\s+tháng\s+
    (?:(?P<lm>{LMW}){NHUAN}?(?P<al>{AL})?|(?P<lm>{M}|{MW}){NHUAN}?(?P<al>{AL})|(?<=rằm\s+tháng\s+)(?P<lm>{M}|{MW}){NHUAN}?(?P<al>{AL})?)
    {LYEAR}?(?P<al>{AL})?)
|(?P<ltet>(?P<lead>(?:{DAYPART}\s+)?(?:ngày\s+)?(?:mùng|mồng)\s+)(?P<d>10|0?[1-9])(?!\d)\s+tết
    (?:\s+(?:nguyên\s+đán\s+)?(?P<cc>{CANCHI})(?![\p{{L}}]))?(?:\s+(?P<y>{Y}))?(?![\p{{L}}]))
|(?P<tet>(?<![\p{{L}}])tết\s+nguyên\s+đán(?:\s+(?P<cc>{CANCHI})(?![\p{{L}}]))?(?:\s+(?:năm\s+)?(?P<y>{Y}))?(?![\p{{L}}\p{{N}}]))
|(?P<ldm>(?P<lead>{LEAD_D}\s+)?{NB}(?P<d>{D})\s*(?P<s>[/.\-])\s*(?P<lm>{M})(?:\s*(?P=s)\s*(?P<y>{Y}))?(?P<al>{AL}))
|(?P<lmonth>(?<![\p{{L}}])tháng\s+(?:(?P<lm>{LMW}){NHUAN}?(?P<al>{AL})?|(?P<lm>{M}|{MW}){NHUAN}?(?P<al>{AL}))
    (?:\s+(?:năm\s+)?(?P<cc>{CANCHI})(?![\p{{L}}])|\s+năm\s+(?P<y>{Y}))?)
|(?P<dmy>(?P<lead>{LEAD_D}\s*)?{NB}(?P<d>{D})\s*(?P<s>[/.\-])\s*(?P<m>{M})\s*(?P=s)\s*
    (?P<y>{Y}|\d\d(?!\d)){TIME})
|(?P<imp>{NB}(?P<d>\d{{1,2}})(?P<s>[/.])(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}})(?![\p{{N}}/]))
|(?P<dmyw>(?P<lead>{LEAD_D}\s+)?{NB}(?P<d>{D})(?P<ddmw>\s*[-–]\s*(?P<d2>{D}))?\s+tháng\s+(?P<m>{M}|{MW})
    (?:\s*(?:năm\s+|,\s*|\s)(?P<y>{Y})|{YREL})?)
|(?P<ddm>(?P<lead>(?:từ\s+)?{LEAD_D}\s+|từ\s+)?{NB}(?P<d>{D})\s*(?P<j>[-–]|và|,)\s*(?P<d2>{D})\s*(?P<s>[/.\-])\s*
    (?P<m>{M})(?:\s*(?P=s)\s*(?P<y>{Y}))?)
|(?P<dm>(?P<lead>{LEAD_D}\s+)?{NB}(?P<d>{D})\s*(?P<s>[/.\-])\s*(?P<m>{M})(?!\s?(?P=s)\s?\d|[.,]\d)
    {YREL}?)
|(?P<mmy>(?P<lead>(?<![\p{{L}}])tháng\s+){NB}(?P<m>{M})\s*[-–]\s*(?P<m2>{M})\s*[/\-.]\s*(?P<y>{Y}))
|(?P<my>(?:(?P<lead>(?<![\p{{L}}])tháng\s*)(?P<m>{M}|{MW})(?:\s*[/\-.]\s*|\s+năm\s+)(?P<y>{Y})
    |{NB}(?P<m>{M})\s*/\s*(?P<y>{Y})))
|(?P<first>(?<![\p{{L}}])(?P<fu>ngày|tuần)\s+đầu\s+tiên\s+của\s+tháng\s+(?P<m>{M}|{MW})
    (?:\s+năm\s+(?P<y>{Y}))?)
|(?P<month>(?<![\p{{L}}])tháng\s+(?P<m>{M}|{MW})(?!\s*[/\-.]\s*\d)
    (?:\s+(?P<dir>tới|này|vừa\s+qua|qua)|{YREL})?(?![\p{{L}}\p{{N}}]))
|(?P<quarter>(?<![\p{{L}}])quý\s+(?P<q>iv|iii|ii|i|[1-4](?!\d)|một|hai|ba|bốn|tư)(?![\p{{L}}])
    (?:\s*[/\-]\s*(?P<y>{Y})|\s+(?:của\s+)?năm\s+(?P<y>{Y}))?)
|(?P<qrel>(?<![\p{{L}}])quý\s+(?P<r>này|nay|hiện\s+tại|tới|tiếp(?:\s+theo)?|sau|trước)(?![\p{{L}}]))
|(?P<nmonths>{NB}(?P<n>\d{{1,2}}|sáu|chín|ba)\s+tháng\s+(?:(?P<pos>đầu|cuối)\s+)?năm
    (?:\s+(?P<y>{Y}))?(?![\p{{L}}\p{{N}}]))
|(?P<yrange>(?P<lead>(?<![\p{{L}}])(?:(?:từ\s+)?(?:giai\s+đoạn|nhiệm\s+kỳ|niên\s+khóa|thời\s+kỳ)|từ\s+năm|từ|năm|các\s+năm)\s+)?
    {NB}(?P<y>{Y})\s*(?P<j>[-–—]|đến|tới)\s*(?:năm\s+)?(?P<y2>{Y})(?!\s*/))
|(?P<year>(?P<lead>(?<![\p{{L}}])năm\s+)(?P<y>{Y}|1[0-7]\d\d(?!\d|[.,]\d))(?!\s*/\s*\w))
|(?P<byear>(?<=(?<![\p{{L}}]){YEAR_PREP}\s|(?<=(?:19|20)\d\d\s?(?:,|và|hoặc)\s)){NB}(?P<y>{Y})
    (?![.,]\d|\s*/|\s*[-–]\s*\d))
|(?P<kyear>(?:(?<=(?<![\p{{L}}])(?:{YEAR_CONTEXT}|{CANCHI})\s)
    |(?<=(?<![\p{{L}}])luật(?:\s+\p{{L}}+){{1,5}}\s)){NB}(?P<y>{Y})(?![.,]\d|\s*/|\s*[-–]\s*\d))
|(?P<nyear>{NB}(?P<y>{Y})(?=\s*[.,;:)]|\s*$))
|(?P<nay>(?<=(?<![\p{{L}}])(?:đến|tới|từ)\s)nay(?![\p{{L}}]))
|(?P<anch>(?<![\p{{L}}])(?:(?:ngày\s+)?hôm\s+(?P<hr>sau|trước)(?!\s+nữa)
    |(?P<u>tuần)\s+(?P<hr>trước|sau)\s+đó)(?![\p{{L}}]))
|(?P<cach>(?<![\p{{L}}])(?:cách\s+đây\s+(?:(?P<ap>{APPROX})\s+)?(?P<n>\d{{1,3}}|{NW})\s+(?P<u>năm|tháng)
    (?:\s+(?:về\s+)?trước)?|(?<=(?:{APPROX})\s+)(?P<n>\d{{1,3}}|{NW})\s+(?P<u>năm|tháng)\s+trước(?!\s+đó))(?![\p{{L}}]))
|(?P<half>(?<![\p{{L}}])nửa\s+năm\s+trước(?![\p{{L}}])(?!\s+đó))
|(?P<before>(?<![\p{{L}}\p{{N}}])(?P<n>\d{{1,3}}|{NW})\s+(?P<u>năm|tháng|ngày|tuần)\s+trước(?![\p{{L}}])(?!\s+đó))
|(?P<donly>(?P<lead>{LEAD_D}\s+){NB}(?P<d>{D})(?:(?P<drange>\s*(?P<j>[-–]|đến|tới)\s*(?:(?:hết\s+)?ngày\s+)?(?P<d2>{D})
    (?!\s*[/.\-]\s*\d|\s+tháng|[.,]\d))|(?!\s*[/.\-]\s*\d|\s+tháng)))
|(?P<early>(?<![\p{{L}}])đầu\s+năm(?![\p{{L}}]|\s+\d|\s+nay))
|(?P<same>(?<![\p{{L}}])cùng\s+(?:ngày|thời\s+điểm|năm(?:\s+đó)?(?!\s*\d))(?![\p{{L}}]))
|(?P<partday>(?<![\p{{L}}])(?:buổi\s+)?(?P<dp>{DAYPART})\s+(?P<r>hôm\s+nay|nay|hôm\s+qua|qua|ngày\s+mai|mai)(?![\p{{L}}]))
|(?P<relday>(?<![\p{{L}}])(?P<r>ngày\s+hôm\s+nay|hôm\s+nay|bữa\s+nay|ngày\s+hôm\s+qua|hôm\s+qua
    |ngày\s+hôm\s+kia|hôm\s+kia|ngày\s+mai|ngày\s+kia)(?![\p{{L}}]))
|(?P<relunit>(?<!\p{{N}}\s?)(?<![\p{{L}}])(?<!(?:{NW}|chục|vài|mấy|nhiều|các|những|mỗi|hàng|hơn|cả|suốt)\s)(?P<u>tuần|tháng|năm)\s+(?P<r>này|nay|trước|ngoái|sau|tới|tiếp\s+theo|kế\s+tiếp|vừa\s+qua|qua)(?![\p{{L}}])(?!\s+đó))
|(?P<xmas>(?<![\p{{L}}])(?:ngày\s+)?(?:lễ\s+)?giáng\s+sinh(?![\p{{L}}]))
|(?P<now>(?<![\p{{L}}])(?:ngay\s+)?(?:bây\s+giờ|lúc\s+này)(?![\p{{L}}]))
|(?P<season>(?<![\p{{L}}])mùa\s+(?P<se>hè|hạ|đông|xuân|thu)\s+(?:này|năm\s+nay)(?![\p{{L}}]))
|(?P<ago>(?<![\p{{L}}\p{{N}}])(?P<n>\d{{1,2}}|{NW})\s+(?P<u>giây|s|phút|tiếng|giờ|ngày|tuần|tháng|năm)
    \s+(?P<r>vừa\s+rồi|vừa\s+qua|qua|tới|tiếp\s+theo)(?![\p{{L}}]))
|(?P<weekday>(?<![\p{{L}}])(?:(?P<dp>{DAYPART})\s+)?(?:thứ\s+(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7](?!\d))|(?P<sun>chủ\s+nhật|chúa\s+nhật))
    (?![\p{{L}}])(?:\s+(?:của\s+)?(?P<wk>tuần\s+(?:này|tới|sau|trước)|tới|vừa\s+rồi|vừa\s+qua|này))?(?![\p{{L}}]))
|(?P<clock>(?<![\p{{L}}\p{{N}}:])(?:(?:vào\s+)?(?:(?:lúc|đúng|khoảng)\s+)+|hôm\s+nay\s+lúc\s+)?
    (?P<hh>[01]?\d|2[0-3]|{NW})
    (?:\s*[:hg]\s*(?P<mi>[0-5]\d)(?:\s*:\s*(?P<se2>[0-5]\d))?(?!\d)|(?P<hh_only>[hg])(?![\p{{L}}\p{{N}}])|\s+giờ(?:\s+(?P<mi>[0-5]?\d)(?!\d)(?:\s+phút)?|\s+(?P<half>rưỡi)|\s+kém\s+(?P<kem>\d{{1,2}}))?|\s*(?P<ap>am|pm)(?:\s+[A-Z]{{3}})?)
    (?:\s+(?P<dp>{DAYPART})(?!\s+(?:ngày\s+|hôm\s+)?\d)(?:\s+(?P<r>hôm\s+nay|nay|ngày\s+mai|mai|hôm\s+qua|qua))?)?(?![\p{{L}}\p{{N}}]))
|(?P<lunch>(?<![\p{{L}}])sau\s+bữa\s+trưa(?![\p{{L}}]))
"""
# Every rule starts at a word edge with a digit or one of these words: checking that first
# skips most positions before the alternation is tried (about 10x faster on news text).
_FIRST_WORDS = ("ngày hôm mồng mùng sáng chiều tối trưa đêm khuya rạng tháng quý năm từ giai "
                "nhiệm niên thời các cùng buổi bữa tuần lễ giáng ngay bây lúc mùa thứ chủ chúa "
                "vào đúng khoảng sau đầu nay rằm tết").split()
_FIRST_WORDS += sorted({w.split()[0] for w in _NUM_WORDS} - set(_FIRST_WORDS))
# two-word starts: "cách" (a way) and "nửa" are common words, "cách đây"/"nửa năm" are not
_FIRST_WORDS += [r"cách\s+đây", r"nửa\s+năm"]
_HEAD = r"(?<![\p{L}\p{N}])(?=\d|(?:" + "|".join(_FIRST_WORDS) + r")(?![\p{L}]))(?:"
_DATE = regex.compile(_HEAD + _PAT + ")", regex.IGNORECASE | regex.VERBOSE)
# Most articles write no lunar date: without their words, the lunar rules are left out of the
# alternation (they are tried first at every digit and cost about a third of the parse).
_LUNAR_CUT = _PAT.index("|(?P<dmy>")
_DATE_SOLAR = regex.compile(_HEAD + _PAT[_LUNAR_CUT + 1:] + ")", regex.IGNORECASE | regex.VERBOSE)
_LUNAR_WORDS = regex.compile(r"giêng|chạp|âm\s+lịch|ÂL|nhuận|rằm|tết", regex.IGNORECASE)
_RULES = ("lday", "ltet", "tet", "ldm", "lmonth", "dmy", "imp", "dmyw", "ddm", "dm", "mmy", "my", "first", "month", "quarter", "qrel",
          "nmonths", "yrange", "year", "byear", "kyear", "nyear", "nay", "anch", "cach", "half", "before", "donly", "early", "same", "partday", "relday",
          "relunit", "xmas", "now", "season", "ago", "weekday", "clock", "lunch")
_RULES_OF = {rx: tuple(r for r in _RULES if r in rx.groupindex) for rx in (_DATE, _DATE_SOLAR)}
# Atoms the guide does not count as news facts (GUIDELINES.md §3.2: clock times alone,
# durations), kept for the "full" profile; "donly"/"early" only live inside a range.
_FULL_ONLY = frozenset({"now", "season", "ago", "weekday", "clock", "lunch"})
_PARTIAL = frozenset({"donly", "early", "nay"})
_CODE_AFTER = regex.compile(r"\s?/\s?[A-ZĐ]")
_RANGE_GAP = regex.compile(
    r"\s*(?:[-–—]|\s/\s|(?:cho\s+)?(?:đến|tới)(?:\s+hết)?|đến\s+ngày|tới\s+ngày)\s*", regex.I)
_TO_END = regex.compile(r"(?:đến|tới)\s+hết", regex.I)  # "27 tháng chạp … đến hết mùng 6 …"
_FROM_BEFORE = regex.compile(r"(?<![\p{L}])(?:kể\s+)?từ\s+(?:(?:đầu|cuối|giữa|sau)\s+)?$", regex.I)
_WORD_AFTER = regex.compile(r"\s*(\p{L}+)")
_WORD_BEFORE = regex.compile(r"(\p{L}+)\s+$")
_CLOSE_PAREN = regex.compile(r"\s*\)")
_COMMA_GAP = regex.compile(r"\s*,?\s*")
_DASH_GAP = regex.compile(r"[-–—/]")
_SINH_BEFORE = regex.compile(r"(?<![\p{L}])(?:(?<!hy\s)sinh|SN)\s+$", regex.I)  # not "hy sinh" (died)
_CONNECTOR_BEFORE = regex.compile(r"(?:(?<![\p{L}])(?:đến|tới|và|từ|hết|vào|trước|sau)\s+|[(\-–]\s*)$", regex.I)
_COMPARE_NEXT = frozenset("cao thấp tăng giảm hơn nhiều ít".split())
_FUTURE_AFTER = regex.compile(r"\s+tới(?![\p{L}])", regex.I)
_WEEKDAY_GAP = regex.compile(r"[\s,(]*$")
_CLOCK_GAP = regex.compile(r"\s*,?\s*(?:ngày\s+)?$", regex.I)


# ---------------------------------------------------------------- atoms


@dataclass
class Atom:
    """One matched expression before resolution; fields are what the text wrote."""

    rule: str
    start: int
    end: int
    grain: str = "day"
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None  # range end parts (None = same as start)
    m2: int | None = None
    d2: int | None = None
    time: str | None = None
    lead: bool = False  # a lead word is written ("ngày", "tháng" …)
    prefer: str = "nearest"  # nearest | future | past
    rel: tuple[str, int] | None = None  # ("day"|"week"|"month"|"quarter"|"year", offset)
    extra: dict = field(default_factory=dict)


@dataclass
class ParsedDate:
    start: int
    end: int
    value: DateValue
    rule: str


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _month(s: str | None) -> int | None:
    if s is None:
        return None
    if s.isdigit():
        return int(s)
    return _MONTH_WORDS.get(" ".join(s.lower().split()))


def _num(s: str) -> int:
    return int(s) if s.isdigit() else _NUM_WORDS[" ".join(s.lower().split())]


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and m is not None:
        last = calendar.monthrange(y if y else 2000, m)[1]  # 2000: leap, so 29/2 stays valid
        return 1 <= d <= last
    return True


def _next_word(text: str, pos: int) -> str | None:
    """The word right after `pos` (spaces only between), else None."""
    if pos < len(text) and text[pos] in " \t":
        w = _WORD_AFTER.match(text[pos:pos + 40])
        return w.group(1) if w else None
    return None


def _yrel(a: Atom, word: str | None) -> None:
    """A year word after a day or month: "năm nay/ngoái/trước/sau/tới", "sang năm", "cùng năm"."""
    if word:
        w = word.lower()
        if w == "cùng":
            a.extra["ysame"] = True
        else:
            a.extra["yrel"] = 1 if w == "sang" else _YEAR_WORDS[w]


def _lunar_atom(a: Atom, m: regex.Match, text: str) -> Atom | None:
    """A lunar day or month (GUIDELINES.md §6): what was written, converted in `_resolve`."""
    g = m.group
    rule = a.rule
    if rule in ("ltet", "tet"):
        month = 1  # "mùng 5 Tết": the first lunar month; "Tết Nguyên đán": its first day
    else:
        lm = " ".join(g("lm").lower().split())
        month = _LUNAR_MONTHS.get(lm) or _month(lm)  # type: ignore[assignment]
    day = 15 if g("ram") else 1 if rule == "tet" else (int(g("d")) if rule != "lmonth" else None)
    if month is None or not 1 <= month <= 12 or day is not None and not 1 <= day <= 30:
        return None
    a.grain = "month" if rule == "lmonth" else "day"
    a.extra["lunar"] = {"month": month, "day": day, "leap": bool(g("nh"))}
    a.extra["cc"] = g("cc")
    a.y = _int(g("y"))
    a.lead = True
    return a




_NAME_BEFORE_DM = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(list(_WORDS['name_before_dm']))})\s+$", regex.I)
_DOC_BEFORE_MY = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(list(_WORDS['doc_before_number']))})\s+(?:số\s+)?$", regex.I)
_WEEKDAY_NOT_BEFORE = regex.compile(
    r"(?:[“\"]\s*(?:\p{L}+\s+)?|(?<![\p{L}])Ngày\s+|(?<![\p{L}])(?:mỗi|các|những|hằng|hàng)\s+(?:ngày\s+)?)$")
_WEEKDAY_NOT_AFTER = regex.compile(r"\s+(?:hằng|hàng)\s+tuần(?![\p{L}])", regex.I)
_ORDINAL_BEFORE = regex.compile(r"(?:\p{L}+|\d)\s+$")
_WEEKDAY_LEAD = regex.compile(
    rf"(?:(?<![\p{{L}}])(?:{DAYPART}|vào|ngày|hôm|từ|đến|tới|và|sang|cuối|đầu|trước|sau)\s+|^\s*|[(,;:]\s*|[.!?]\s+)$",
    regex.I)


def _weekday_reading(m: regex.Match, text: str) -> bool:
    """Whether a bare "thứ Hai" / "chủ nhật" is a weekday, not an ordinal ("lần thứ hai",
    "Thứ hai, ..." = secondly): a capitalised day name, "chủ nhật", or after a time word."""
    s = m.start("weekday")
    if _WEEKDAY_NOT_BEFORE.search(text[max(0, s - 12):s]) or _WEEKDAY_NOT_AFTER.match(
            text, m.end("weekday")):
        return False  # "“Ngày chủ nhật tình nguyện”" (a programme), "mỗi chủ nhật" (every week)
    if m.group("sun"):
        return True
    wd = m.group("wd")
    lead = _WEEKDAY_LEAD.search(text[max(0, s - 12):s]) is not None or m.group("dp") is not None
    if wd[0].isupper() and not wd.isdigit():
        return not _ORDINAL_BEFORE.search(text[max(0, s - 12):s]) or lead
    after = text[m.end("weekday"):m.end("weekday") + 2]
    return lead and not after.startswith((",", ":")) and (
        m.group("dp") is not None or s == 0 and m.end("weekday") == len(text.rstrip()))


def _atom(m: regex.Match, text: str) -> Atom | None:
    rule = next(r for r in _RULES_OF[m.re] if m.group(r) is not None)
    s, e = m.span(rule)
    if rule == "donly" and m.group("drange") is not None:
        rule = "drange"  # "từ ngày 16 đến 22": one rule with donly, so the lead is tried once
    elif rule == "dmyw" and m.group("ddmw") is not None:
        rule = "ddmw"  # "ngày 5-7 tháng 3", inside dmyw for the same reason
        if not m.group("lead"):
            return None
        fm = _FROM_BEFORE.search(text[max(0, s - 10):s])
        if fm:
            s = max(0, s - 10) + fm.start()
    if _SINH_BEFORE.search(text[max(0, s - 8):s]):
        return None  # "sinh năm 1966", "sinh ngày 5/8/1971": an age (§5)
    g = m.group
    lead = bool(g("lead")) if rule in ("dmy", "dmyw", "ddm", "dm", "mmy", "my", "yrange",
                                       "year", "donly") else True
    a = Atom(rule, s, e, lead=lead)
    if rule in ("lday", "ltet", "tet", "ldm", "lmonth"):
        if rule == "tet" and not (g("cc") or g("y")):
            a.extra["partial"] = True  # "từ sau Tết Nguyên đán đến nay": only in a range
        return _lunar_atom(a, m, text)
    if rule in ("imp", "anch"):  # the lead is looked up behind (it is not in the rule: speed)
        lb = (_LEAD_BEFORE if rule == "imp" else _DP_BEFORE).search(text[max(0, s - 24):s])
        if lb:
            s = a.start = max(0, s - 24) + lb.start()
    if rule == "imp":  # written like a full date but no such day: kept, flagged (§6)
        d, mo, y = int(g("d")), int(g("m")), int(g("y"))
        if _valid(y, mo, d) and 1800 <= y <= 2099 or _CODE_AFTER.match(text[e:e + 4]):
            return None
        a.extra["impossible"] = text[m.start("d"):e]
        return a
    if rule == "donly" and _STANDALONE_END.match(text, e):
        a.extra["dayonly"] = True  # "Đêm 6, lũ lên": the day of the month in context
    if rule in ("dmy", "dmyw", "dm", "donly"):
        a.d, a.m = int(g("d")), _month(g("m")) if rule != "donly" else None
        if rule != "donly" and g("y"):
            yy = g("y")
            if len(yy) == 2:
                if rule != "dmy" or g("s") != "/":
                    return None
                a.y, a.extra["yy"] = int(yy), True
            else:
                a.y = int(yy)
        if rule == "dmy" and g("hh") is not None:
            hh = int(g("hh"))
            ap = (g("ap") or "").upper()
            if ap in ("CH", "PM") and hh < 12:
                hh += 12
            elif ap in ("SA", "AM") and hh == 12:
                hh = 0
            a.time = f"{hh:02d}:{g('mi')}"
        if rule == "dmyw" and not lead and a.y is None:
            return None  # "3 tháng 10" without a lead or a year reads as a duration
        _yrel(a, g("yrel"))
        if a.y is None and _FUTURE_AFTER.match(text[e:e + 8]):
            a.prefer = "future"  # "19/12 tới"
        if rule == "dm":
            sep = g("s")
            if sep in "-–" and dash.number_context(text, m.start("d"), m.end("m")):
                return None  # "từ 5-7 lần", "ngày 2-3 lần": an indicator range (extractors/dash.py)
            if not lead and text[m.start("d"):m.end("m")] in _IDIOMS:
                return None  # "trực 24/7": round the clock
            if not lead:
                linked = _CONNECTOR_BEFORE.search(text[max(0, s - 8):s])
                if sep != "/" and not linked:
                    return None  # "10-12 phút"
                nxt = _next_word(text, e)
                if nxt is not None and not nxt[0].isupper() and nxt.lower() not in _BARE_DM_NEXT \
                        and not linked:
                    return None  # "12/12 tuyến": a share, not a date
                if e < len(text) and text[e] == "/":
                    return None
                if _NAME_BEFORE_DM.search(text[max(0, s - 24):s]):
                    return None  # "Trường mầm non 18/3", "Quảng trường 2/4": a name
    elif rule == "drange":  # "từ ngày 16 đến 22", "ngày 16-22": days of the month in context
        a.d, a.d2 = int(g("d")), int(g("d2"))
        if a.d2 <= a.d or g("j") in "-–" and dash.reading(text, m.start("d"), m.end("d2")) != "day":
            return None
        a.extra["dayonly"] = True
        fm = _FROM_BEFORE.search(text[max(0, s - 10):s])
        if fm:  # "từ ngày 16 đến 22": the span opens at "từ" (not in the rule: "từ đêm 29-10")
            a.start = max(0, s - 10) + fm.start()
    elif rule == "ddmw":  # "ngày 5-7 tháng 3": one range of days
        a.d, a.d2, a.m = int(g("d")), int(g("d2")), _month(g("m"))
        a.y = _int(g("y"))
        _yrel(a, g("yrel"))
        if a.d2 <= a.d:
            return None
    elif rule == "ddm":
        a.d, a.d2, a.m = int(g("d")), int(g("d2")), int(g("m"))
        if g("s") in "-–" and dash.number_context(text, m.start("d2"), m.end("m")):
            return None  # "6,5 - 7%": an indicator range (extractors/dash.py)
        a.y = _int(g("y"))
        a.extra.update(d_end=m.end("d"), d2_start=m.start("d2"), **{"and": g("j").lower() in ("và", ",")})
        if not lead and (g("s") != "/" or g("j") == ","):
            return None
        if not lead:
            nxt = _next_word(text, e)
            if nxt is not None and not nxt[0].isupper() and nxt.lower() not in _BARE_DM_NEXT:
                return None
        if not a.extra["and"] and a.d2 <= a.d:
            return None
    elif rule in ("my", "mmy"):
        if not lead and _DOC_BEFORE_MY.search(text[max(0, s - 24):s]):
            return None  # "Nghị quyết 11/2023": a document number
        a.grain, a.m, a.y = "month", _month(g("m")), int(g("y"))
        if rule == "mmy":
            a.m2 = int(g("m2"))
            if a.m2 <= a.m:
                return None
    elif rule == "first":
        a.grain = "day" if g("fu").lower() == "ngày" else "week"
        a.m, a.y, a.d = _month(g("m")), _int(g("y")), 1
    elif rule == "month":
        nxt = _next_word(text, e)
        if nxt is not None and nxt.lower() in ("lần", "đợt", "buổi"):
            return None  # "mỗi tháng 2 lần"
        a.grain, a.m = "month", _month(g("m"))
        _yrel(a, g("yrel"))
        dr = " ".join((g("dir") or "").lower().split())
        a.prefer = {"tới": "future", "vừa qua": "past", "qua": "past"}.get(dr, "nearest")
    elif rule == "quarter":
        q = g("q").lower()
        a.grain = "quarter"
        a.extra["q"] = _ROMAN.get(q) or (int(q) if q.isdigit() else _NUM_WORDS[q])
        a.y = _int(g("y"))
    elif rule == "qrel":
        a.grain, a.rel = "quarter", ("quarter", REL_UNIT[" ".join(g("r").lower().split())])
    elif rule == "nmonths":
        n = _num(g("n")) if not g("n").isdigit() else int(g("n"))
        if not 1 <= n <= 12:
            return None
        a.grain, a.y, a.extra["n"] = "month", _int(g("y")), n
        a.rel = None if a.y else ("nmonths", 0)  # "6 tháng đầu năm": this year
        a.extra["pos"] = (g("pos") or "đầu").lower()
    elif rule == "yrange":
        a.grain, a.y, a.y2 = "year", int(g("y")), int(g("y2"))
        if not a.y < a.y2 <= a.y + 100:
            return None
        if not lead and g("j").lower() in ("đến", "tới"):
            return None  # "2016 đến 2020" without "từ"/"giai đoạn" is too loose
    elif rule == "kyear":  # "Luật Hải quan 2014", "Tết 2024", "tầm nhìn 2045", "cùng kỳ 2019"
        a.grain, a.y = "year", int(g("y"))
    elif rule in ("year", "byear"):
        a.grain, a.y = "year", int(g("y"))
        if rule == "byear":
            nxt = _next_word(text, e)
            if nxt is not None and not nxt[0].isupper() and nxt.lower() not in _BARE_Y_NEXT:
                return None
    elif rule == "nyear":
        # "Đề án … Bình Định 2025.", "PCI 2017,": a year closing a name
        w = _WORD_BEFORE.search(text[max(0, s - 30):s])
        if not w or not w.group(1)[0].isupper() or w.group(1).lower() in _NOT_NAME_BEFORE_YEAR:
            return None
        a.grain, a.y = "year", int(g("y"))
    elif rule == "nay":
        a.rel = ("day", 0)
    elif rule == "anch":  # "hôm sau", "tuần trước đó": against the date last mentioned
        u = (g("u") or "ngày").lower()
        a.grain = {"năm": "year", "tháng": "month", "ngày": "day", "tuần": "week"}[u]
        a.rel = ("anchor", 1 if g("hr").lower() == "sau" else -1)
    elif rule == "cach":  # "cách đây năm năm", "hơn hai năm trước" (§6): approximate, from publication
        n = int(g("n")) if g("n").isdigit() else _num(g("n"))
        a.grain = {"năm": "year", "tháng": "month", "ngày": "day", "tuần": "week"}[g("u").lower()]
        a.rel = ("before", n)
        a.extra["approx"] = True
        ap = _APPROX_BEFORE.search(text[max(0, s - 8):s])
        if ap:  # "hơn hai năm trước": the approx word opens the span (not a first word: speed)
            a.start = s - len(ap.group(0))
    elif rule == "half":  # "nửa năm trước": six months back
        a.grain, a.rel = "month", ("before", 6)
    elif rule == "before":
        n = int(g("n")) if g("n").isdigit() else _num(g("n"))
        a.grain = {"năm": "year", "tháng": "month", "ngày": "day", "tuần": "week"}[g("u").lower()]
        a.rel = ("before", n)
    elif rule == "early":
        a.grain = "year"
    elif rule == "same":
        a.rel = ("same", 0)
        said = m.group(rule).lower()
        a.extra["day_only"] = "ngày" in said
        a.extra["year_only"] = "năm" in said  # "Cùng năm đó": the year of the last date
    elif rule in ("relday", "partday"):
        r = " ".join(g("r").lower().split())
        a.rel = ("day", REL_DAY[r])
        if rule == "partday":
            a.extra["dp"] = g("dp").lower()
    elif rule == "relunit":
        u = g("u").lower()
        r = " ".join(g("r").lower().split())
        if u == "tuần" and r == "nay" or u != "năm" and r == "ngoái" or u == "năm" and r in (
                "này", "qua", "vừa qua"):
            return None  # "Năm qua" in a year-end review is that year: not resolved
        nxt = _next_word(text, e)
        if nxt is not None and nxt.lower() in _COMPARE_NEXT:
            return None  # "năm sau cao hơn năm trước": every year, not a date
        a.grain = {"tuần": "week", "tháng": "month", "năm": "year"}[u]
        a.rel = (a.grain, REL_UNIT[r])
    elif rule == "xmas":
        a.m, a.d = 12, 25
    elif rule == "now":
        a.rel = ("day", 0)
    elif rule == "lunch":
        a.rel = ("day", 0)
    elif rule == "season":
        a.extra["season"] = g("se").lower()
    elif rule == "ago":
        u = g("u").lower()
        a.extra.update(n=_num(g("n")), unit={"s": "giây", "tiếng": "giờ"}.get(u, u),
                       dir=1 if g("r").lower().split()[0] in ("tới", "tiếp") else -1)
    elif rule == "weekday":
        a.extra["wd"] = 6 if g("sun") else _WEEKDAYS[g("wd").lower()]
        a.extra["wk"] = " ".join((g("wk") or "").lower().split())
        a.extra["bare_ok"] = _weekday_reading(m, text)
    elif rule == "clock":
        hh_s = g("hh")
        hh = int(hh_s) if hh_s.isdigit() else _num(hh_s)
        mi = int(g("mi")) if g("mi") else 0
        if g("half"):
            mi = 30
        if g("kem"):
            hh, mi = hh - 1, 60 - int(g("kem"))
        dp = (g("dp") or "").lower().split()[-1:] or [""]
        ap = (g("ap") or "").lower()
        if not (g("mi") or g("half") or g("kem") or ap or g("hh_only")
                or "giờ" in m.group(rule).lower()):
            return None
        if ap == "pm" and hh < 12 or dp[0] in ("chiều", "tối", "đêm") and 1 <= hh < 12:
            hh, a.extra["fixed"] = hh + 12, True
        elif ap or dp[0]:
            a.extra["fixed"] = True
        if hh > 23:
            return None
        a.time = f"{hh:02d}:{mi:02d}"
        r = " ".join((g("r") or "").lower().split())
        if r:
            a.rel = ("day", REL_DAY[r])
            a.extra["dp_start"] = m.start("dp")
    if not _valid(a.y, a.m, a.d) or a.d2 is not None and not _valid(a.y, a.m, a.d2):
        if rule in ("dmy", "dmyw") or rule == "dm" and lead:  # "31/2/2025", "ngày 30/2" (§6)
            a.extra["impossible"] = text[m.start("d"):e]
            return a
        return None
    if rule in ("dmy", "my", "yrange", "ddm") and a.y is not None and _CODE_AFTER.match(text[e:e + 4]):
        return None  # the year of "15/2020/NĐ-CP" belongs to the document code
    return a


# ---------------------------------------------------------------- resolution


def _last_day(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _quarter(y: int, q: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 3 * q - 2, 1), _last_day(y, 3 * q)


#: How far into the next calendar year an unwritten year may place a date: a forecast or a
#: coming event, not next year's anniversary (on 2/11/2025 "ngày 21/1" is 2025-01-21,
#: GUIDELINES.md §3.2). Within the publication's own year the nearest side wins, ahead or back
#: (published 20/2/2025 "ngày 15/4" is 2025-04-15, §6).
FUTURE_WINDOW = dt.timedelta(days=45)


def _pick_year(build, ref: dt.date, prefer: str, wd: int | None = None) -> int | None:
    """The year placing the date nearest `ref` (GUIDELINES.md §3.2, §6), or the first not
    before it; with a written weekday `wd`, the nearest year where the day is that weekday."""
    best: tuple[int, int] | None = None
    for y in range(ref.year - 1, ref.year + 2):
        try:
            s, e = build(y)
        except ValueError:
            continue
        if wd is not None:
            if s.weekday() != wd:
                continue
        elif prefer == "future" and e < ref or prefer == "past" and s > ref:
            continue
        elif prefer == "nearest" and s.year > ref.year and s > ref + FUTURE_WINDOW:
            continue
        dist = 0 if s <= ref <= e else min(abs((s - ref).days), abs((e - ref).days))
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1] if best else None


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _bounds(a: Atom, y: int) -> tuple[dt.date, dt.date]:
    """start/end of an atom given its (first) year."""
    if a.rule in ("yrange",):
        return dt.date(a.y, 1, 1), dt.date(a.y2, 12, 31)
    if a.grain == "year":
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if a.grain == "quarter":
        return _quarter(y, a.extra["q"])
    if a.rule == "nmonths":
        n = a.extra["n"]
        if a.extra["pos"] == "cuối":
            return dt.date(y, 13 - n, 1), dt.date(y, 12, 31)
        return dt.date(y, 1, 1), _last_day(y, n)
    if a.grain == "month":
        return dt.date(y, a.m, 1), _last_day(y, a.m2 or a.m)
    if a.grain == "week":  # first week of a month: the week starting on its first Monday
        d1 = dt.date(y, a.m, 1)
        s = d1 + dt.timedelta(days=(7 - d1.weekday()) % 7)
        return s, s + dt.timedelta(days=6)
    s = dt.date(y, a.m, a.d)
    return s, dt.date(y, a.m, a.d2) if a.d2 and not a.extra.get("and") else s


def _resolve_rel(a: Atom, ref: dt.datetime | None, last: DateValue | None) -> DateValue | None:
    if a.rel and a.rel[0] == "same":
        if last is None or last.start is None:
            return None
        # "cùng ngày": one day, the last one mentioned (a range's last day), never a range (§6)
        day = last.end or last.start
        if a.extra.get("year_only"):
            y = day.year
            return DateValue(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), grain="year",
                             relative=True)
        if a.extra.get("day_only"):
            if last.grain != "day":
                return None
            return DateValue(start=day, end=day, grain="day", relative=True, time=a.time,
                             year_inferred=last.year_inferred)
        return last.model_copy(update={"relative": True, "time": a.time})
    if a.rel and a.rel[0] == "anchor":  # "hôm sau", "tuần trước đó": from the last date
        if last is None or last.start is None:
            return None
        k, base = a.rel[1], (last.end if a.rel[1] > 0 else last.start) or last.start
        upd = {"relative": True, "year_inferred": last.year_inferred, "time": a.time}
        if a.grain == "day":
            d = base + dt.timedelta(days=k)
            return DateValue(start=d, end=d, grain="day", **upd)
        if a.grain == "week":
            mon = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=k)
            return DateValue(start=mon, end=mon + dt.timedelta(days=6), grain="week", **upd)
        if a.grain == "month":
            y, m = _add_months(base.year, base.month, k)
            return DateValue(start=dt.date(y, m, 1), end=_last_day(y, m), grain="month", **upd)
        y = base.year + k
        return DateValue(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), grain="year", **upd)
    if ref is None:
        return None
    r = ref.date()
    kind, k = a.rel if a.rel else ("day", 0)
    if kind == "before":  # "Hai năm trước": the year (month, day) that far back
        ap = bool(a.extra.get("approx"))  # "cách đây", "hơn hai năm trước" (§6)
        if a.grain == "year":
            return DateValue(start=dt.date(r.year - k, 1, 1), end=dt.date(r.year - k, 12, 31),
                             grain="year", relative=True, approx=ap)
        if a.grain == "month":
            y, m = _add_months(r.year, r.month, -k)
            return DateValue(start=dt.date(y, m, 1), end=_last_day(y, m), grain="month",
                             relative=True, approx=ap)
        d = r - dt.timedelta(days=k * (7 if a.grain == "week" else 1))
        return DateValue(start=d, end=d, grain="day", relative=True, approx=ap)
    if kind == "nmonths":
        s, e = _bounds(a, r.year)
        return DateValue(start=s, end=e, grain="month", relative=True)
    if a.rule == "season":
        se = a.extra["season"]
        spans = {"xuân": ((3, 20), (6, 20)), "hè": ((6, 21), (9, 23)), "hạ": ((6, 21), (9, 23)),
                 "thu": ((9, 23), (12, 20)), "đông": ((12, 21), (3, 20))}[se]
        y0 = r.year - 1 if se == "đông" and r.month < 6 else r.year
        s = dt.date(y0, *spans[0])
        e = dt.date(y0 + 1 if se == "đông" else y0, *spans[1])
        return DateValue(start=s, end=e, grain="day", relative=True)
    if a.rule == "ago":
        n, unit, dr = a.extra["n"], a.extra["unit"], a.extra["dir"]
        if unit in ("giây", "phút", "giờ"):
            delta = {"giây": dt.timedelta(seconds=n), "phút": dt.timedelta(minutes=n),
                     "giờ": dt.timedelta(hours=n)}[unit]
            t0, t1 = (ref - delta, ref) if dr < 0 else (ref, ref + delta)
            return DateValue(start=t0.date(), end=t1.date(), grain="day", relative=True)
        if unit == "ngày":
            s = r + dt.timedelta(days=-n if dr < 0 else 1)
            return DateValue(start=s, end=s + dt.timedelta(days=n - 1), grain="day", relative=True)
        if unit == "tuần":
            mon = r - dt.timedelta(days=r.weekday())
            s = mon + dt.timedelta(weeks=-n if dr < 0 else 1)
            return DateValue(start=s, end=s + dt.timedelta(days=7 * n - 1), grain="week", relative=True)
        if unit == "tháng":
            y, m = _add_months(r.year, r.month, -n if dr < 0 else 1)
            y2, m2 = _add_months(y, m, n - 1)
            return DateValue(start=dt.date(y, m, 1), end=_last_day(y2, m2), grain="month", relative=True)
        y = r.year - n if dr < 0 else r.year + 1
        return DateValue(start=dt.date(y, 1, 1), end=dt.date(y + n - 1, 12, 31), grain="year", relative=True)
    if a.rule == "weekday":
        wd, wk = a.extra["wd"], a.extra["wk"]
        mon = r - dt.timedelta(days=r.weekday())
        if wk in ("tuần này", "này"):
            d = mon + dt.timedelta(days=wd)
        elif wk in ("tuần tới", "tuần sau"):
            d = mon + dt.timedelta(days=7 + wd)
        elif wk == "tuần trước":
            d = mon + dt.timedelta(days=wd - 7)
        elif wk in ("vừa rồi", "vừa qua"):
            d = r - dt.timedelta(days=(r.weekday() - wd) % 7 or 7)
        elif a.extra.get("nearest"):  # a bare weekday in news: the nearest one (issue 18)
            ahead = (wd - r.weekday()) % 7
            d = r + dt.timedelta(days=ahead) if ahead <= 3 else r - dt.timedelta(days=7 - ahead)
        else:  # the coming one (Duckling's convention)
            d = r + dt.timedelta(days=(wd - r.weekday()) % 7 or 7)
        return DateValue(start=d, end=d, grain="day", relative=True)
    if a.rule == "clock":
        day = r + dt.timedelta(days=a.rel[1] if a.rel else 0)
        if not a.rel:
            hh, mi = int(a.time[:2]), int(a.time[3:])
            cands = [hh] if a.extra.get("fixed") or hh >= 12 else [hh, hh + 12]
            if all(dt.time(h % 24, mi) < ref.time() for h in cands):
                day = r + dt.timedelta(days=1)
        return DateValue(start=day, end=day, grain="day", time=a.time, relative=True)
    if kind == "day":
        d = r + dt.timedelta(days=k)
        return DateValue(start=d, end=d, grain="day", relative=True, time=a.time)
    if kind == "week":
        s = r - dt.timedelta(days=r.weekday()) + dt.timedelta(weeks=k)
        return DateValue(start=s, end=s + dt.timedelta(days=6), grain="week", relative=True)
    if kind == "month":
        y, m = _add_months(r.year, r.month, k)
        return DateValue(start=dt.date(y, m, 1), end=_last_day(y, m), grain="month", relative=True)
    if kind == "quarter":
        q = (r.month - 1) // 3 + 1 + k
        y = r.year + (q - 1) // 4
        s, e = _quarter(y, (q - 1) % 4 + 1)
        return DateValue(start=s, end=e, grain="quarter", relative=True)
    s, e = dt.date(r.year + k, 1, 1), dt.date(r.year + k, 12, 31)
    return DateValue(start=s, end=e, grain="year", relative=True)


def _resolve_lunar(a: Atom, ref: dt.datetime | None, last_year: int | None) -> DateValue:
    lu = a.extra["lunar"]
    month, day, leap = lu["month"], lu["day"], lu["leap"]

    def build(y: int) -> tuple[dt.date, dt.date]:
        span = lunar.month_span(y, month, leap) if day is None else (
            (d := lunar.to_solar(y, month, day, leap)) and (d, d))
        if not span:
            raise ValueError("no such lunar day")
        return span

    y, inferred = a.y, a.y is None and not a.extra.get("cc")
    if y is None and a.extra.get("hint_year"):
        y = a.extra["hint_year"]  # "9.2.2026 (tức 22 tháng chạp)": the lunar year of that day
    if y is None and a.extra.get("cc"):
        near = ref.year if ref is not None else last_year
        y = lunar.year_of_canchi(a.extra["cc"], near) if near is not None else None
    if y is None and ref is not None:
        y = _pick_year(build, ref.date(), a.prefer)
    elif y is None:
        y = last_year
    info = LunarDay(month=month, day=day, leap=leap, year=None if inferred else y)
    try:
        s, e = build(y) if y is not None else (None, None)
    except ValueError:
        s = e = None
    return DateValue(start=s, end=e, grain=a.grain, year_inferred=inferred, time=a.time,
                     calendar="lunar", lunar=info)


def _resolve_dayonly(a: Atom, ref: dt.datetime | None, last: DateValue | None) -> DateValue | None:
    """A day number without its month: the month of the last day-grain date, else the month
    placing it nearest the publication date."""
    d, d2 = a.d, a.d2 or a.d
    cands: list[tuple[int, int]] = []
    if last is not None and last.start is not None and last.grain == "day":
        cands = [(last.start.year, last.start.month)]
    elif ref is not None:
        r = ref.date()
        cands = sorted((_add_months(r.year, r.month, k) for k in (-1, 0, 1)),
                       key=lambda ym: abs((dt.date(ym[0], ym[1], 1) - r).days + d - 1))
    for y, m in cands:
        try:
            return DateValue(start=dt.date(y, m, d), end=dt.date(y, m, d2), grain="day",
                             year_inferred=True, time=a.time)
        except ValueError:
            continue
    return None


def _resolve(a: Atom, ref: dt.datetime | None, last_year: int | None, profile: Profile,
             last: DateValue | None) -> DateValue | None:
    if "impossible" in a.extra:  # kept so a steward sees it (§6), like bad_grouping indicators
        return DateValue(grain="day", raw=a.extra["impossible"], anomaly="impossible_date",
                         time=a.time)
    if "lunar" in a.extra:
        return _resolve_lunar(a, ref, last_year)
    if a.extra.get("dayonly") and a.m is None:
        return _resolve_dayonly(a, ref, last)
    if a.rel and a.rel[0] == "nmonths" and ref is None:
        if last_year is None:  # "9 tháng đầu năm" with no publication date: the preceding full date's year
            return None
        s, e = _bounds(a, last_year)
        return DateValue(start=s, end=e, grain="month", relative=True, year_inferred=True)
    if a.rel is not None or a.rule in ("season", "ago", "weekday", "clock", "now", "lunch"):
        return _resolve_rel(a, ref, last)
    if a.extra.get("yy"):
        pivot = (ref.year if ref else dt.date.today().year) % 100 + 10
        a.y = (2000 if a.y <= pivot else 1900) + a.y
    grain = "day" if a.d2 and a.extra.get("and") is False else a.grain
    if a.y is not None:
        s, e = _bounds(a, a.y)
        return DateValue(start=s, end=e, grain=grain, time=a.time)
    prefer = a.prefer if a.prefer != "nearest" or profile == "news" else "future"
    y: int | None = None
    if "yrel" in a.extra or "ysame" in a.extra:
        if "ysame" in a.extra:
            y = last.start.year if last is not None and last.start is not None else last_year
        elif ref is not None:
            y = ref.year + a.extra["yrel"]
        if y is None:
            return DateValue(grain=grain, year_inferred=True, relative=True, month=a.m, day=a.d)
        s, e = _bounds(a, y)
        return DateValue(start=s, end=e, grain=grain, time=a.time, relative=True,
                         year_inferred=True)
    if ref is not None:
        wd = a.extra.get("wd") if a.grain == "day" and a.d is not None else None
        y = _pick_year(lambda yy: _bounds(a, yy), ref.date(), prefer, wd)
        if y is None and wd is not None:  # a weekday no nearby year fits: the written day wins
            y = _pick_year(lambda yy: _bounds(a, yy), ref.date(), prefer)
    elif last_year is not None:
        y = last_year
    if y is None:
        return DateValue(grain=grain, year_inferred=True, month=a.m, day=a.d, time=a.time)
    s, e = _bounds(a, y)
    return DateValue(start=s, end=e, grain=grain, year_inferred=True, time=a.time)


def _merge_range(a: Atom, b: Atom, vb: DateValue) -> None:
    """"từ A đến B": A borrows the year/month it does not write from B (as resolved)."""
    if a.rule == "early":
        a.m, a.d = 1, 1
        a.grain = b.grain if b.grain != "year" else "year"
    if a.rule == "donly":
        a.m = vb.start.month if vb.start else b.m
    if a.y is None and vb.start is not None and a.rel is None:
        a.y = vb.start.year
        if (a.m or 1, a.d or 1) > (vb.start.month, vb.start.day):
            a.y -= 1


_GRAIN_ORDER = ("day", "week", "month", "quarter", "year")


_NO_RANGE = frozenset({"weekday", "clock", "now", "ago", "same", "anch"})
_PAREN_OPEN = regex.compile(r"\s*\(\s*")
_SPACE = regex.compile(r"[ \t]+")
_WEEKDAY_LIST = regex.compile(r"\s*(?:,|và|hoặc|[-–]|đến|tới)\s*", regex.I)
_AND_GAP = regex.compile(r"\s*(?:,|và)\s*", regex.I)
_LEAD_BEFORE = regex.compile(rf"{LEAD_D}\s*$", regex.I)
_DP_BEFORE = regex.compile(rf"(?<![\p{{L}}])(?:buổi\s+)?{DAYPART}\s+$", regex.I)
_STANDALONE_END = regex.compile(r"\s*(?:[,;:)]|\.(?!\d)|$)")
_APPROX_BEFORE = regex.compile(rf"(?<![\p{{L}}]){APPROX}\s+$", regex.I)
_TUC = regex.compile(r"(?<![\p{L}])tức(?:\s+là)?\s+(?:từ\s+)?$", regex.I)
_AFTER_DATE_WEEKDAY = regex.compile(r"\s*[(,]\s*$")


def _rangeable(a: Atom, b: Atom) -> bool:
    """Impossible dates never join a range; a lunar date joins a lunar one or "nay"."""
    if "impossible" in a.extra or "impossible" in b.extra:
        return False
    la, lb = "lunar" in a.extra, "lunar" in b.extra
    return la == lb or la and b.rule == "nay" or lb and a.rule == "nay"


def _close_days(a: Atom, b: Atom) -> bool:
    """"30/4 - 1/5": two bare days a few days apart (a holiday, a short event) are a range."""
    if None in (a.d, a.m, b.d, b.m) or a.y is not None or b.y is not None:
        return False
    try:
        gap = (dt.date(2001 if b.m < a.m else 2000, b.m, b.d) - dt.date(2000, a.m, a.d)).days
    except ValueError:
        return False
    return 0 < gap <= 31


def parse(text: str, ref: dt.date | dt.datetime | None = None,
          profile: Profile = "news") -> list[ParsedDate]:
    """All date expressions in `text`, resolved against `ref` (the publication date)."""
    if ref is not None and not isinstance(ref, dt.datetime):
        ref = dt.datetime(ref.year, ref.month, ref.day, 12)
    rx = _DATE if _LUNAR_WORDS.search(text) else _DATE_SOLAR
    atoms = [a for a in (_atom(m, text) for m in rx.finditer(text)) if a is not None]
    out: list[ParsedDate] = []
    last_year: int | None = None
    last: DateValue | None = None
    last_day: DateValue | None = None  # the last day-grain date: what "cùng ngày" means (§6)

    def emit(p: ParsedDate) -> None:
        nonlocal last, last_day
        out.append(p)
        if p.value.start is not None:
            last = p.value
            if p.value.grain == "day":
                last_day = p.value

    def resolve(a: Atom) -> DateValue | None:
        anchor = last_day if a.rel and (a.rel[0] == "same" and a.extra.get("day_only")
                                        or a.rel[0] == "anchor" and a.grain == "day") \
            or a.extra.get("dayonly") else last
        return _resolve(a, ref, last_year, profile, anchor)

    i = 0
    while i < len(atoms):
        a = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        # "tháng 3 đến tháng 8 âm lịch", "tháng 4, tháng 5 âm lịch": one marker for both months
        if nxt is not None and a.rule == "month" and a.y is None and "yrel" not in a.extra and \
                "ysame" not in a.extra and "lunar" in nxt.extra and nxt.rule == "lmonth" and \
                _WEEKDAY_LIST.fullmatch(text[a.end:nxt.start]):
            a.extra.update(lunar={"month": a.m, "day": None, "leap": False}, cc=None)
        # "trong đêm 6 và ngày 7.10": a listed day takes the month written after it (like "23 và 24/1")
        if a.rule == "donly" and nxt is not None and nxt.m is not None and nxt.d is not None and \
                nxt.grain == "day" and "lunar" not in nxt.extra and _AND_GAP.fullmatch(text[a.end:nxt.start]):
            a.m, a.y, a.extra["dayonly"] = nxt.m, nxt.y, False
            a.extra.update(nxt.extra.get("yrel") is not None and {"yrel": nxt.extra["yrel"]} or {})
            if _valid(a.y, a.m, a.d):
                a.rule = "dm"
        # "9.2.2026 (tức 22 tháng chạp)": the lunar date restates the Gregorian one before it
        if "lunar" in a.extra and a.y is None and not a.extra.get("cc") and last is not None \
                and last.start is not None and _TUC.search(text[max(0, a.start - 16):a.start]):
            a.extra["hint_year"] = lunar.to_lunar(last.start)[0]
        # weekday or clock time right before a date: the date carries it
        if nxt is not None and a.rule in ("weekday", "clock") and nxt.rule not in (
                "weekday", "clock", "now") and (_WEEKDAY_GAP if a.rule == "weekday" else _CLOCK_GAP
                                                 ).match(text[a.end:nxt.start]):
            if a.rule == "clock":
                nxt.time = a.time
                nxt.extra["clock_start"] = a.start
                if int(a.time[:2]) < 12 and not a.extra.get("fixed") and regex.match(
                        r"(?i)(?:chiều|tối|đêm)", text[nxt.start:nxt.end]):
                    nxt.time = f"{int(a.time[:2]) + 12:02d}{a.time[2:]}"  # "9 giờ tối 4.4"
            elif not a.extra["wk"] and a.extra["bare_ok"]:
                nxt.extra["wd"] = a.extra["wd"]  # "chủ nhật ngày 9 tháng 4" fixes the year (§6)
            i += 1
            continue
        # a list of weekdays, "cuối tuần (thứ bảy, chủ nhật)": recurring days, not dates
        if a.rule == "weekday" and (
                nxt is not None and nxt.rule == "weekday" and _WEEKDAY_LIST.fullmatch(text[a.end:nxt.start])
                or i > 0 and atoms[i - 1].rule == "weekday"
                and _WEEKDAY_LIST.fullmatch(text[atoms[i - 1].end:a.start])):
            i += 1
            continue
        # a weekday right after a date, "ngày 9/4 (Chủ nhật)": part of that date
        if a.rule == "weekday" and out and not a.extra["wk"] and \
                _AFTER_DATE_WEEKDAY.fullmatch(text[out[-1].end:a.start]):
            i += 1
            continue
        # a day then a clock time ("hôm nay lúc 2 giờ chiều")
        if nxt is not None and nxt.rule == "clock" and a.grain == "day" and not nxt.rel and \
                _COMMA_GAP.fullmatch(text[a.end:nxt.start]):
            a.time, a.end = nxt.time, a.end if profile == "news" else nxt.end
            atoms.pop(i + 1)
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        nxt2 = atoms[i + 2] if i + 2 < len(atoms) else None
        # "từ 7 giờ ngày 3.9 đến 7 giờ ngày 4.9": the second clock time joins its day, so the
        # range is not split (§6)
        if nxt is not None and nxt2 is not None and nxt.rule == "clock" and not nxt.rel and \
                a.rule not in _NO_RANGE and nxt2.rule not in _NO_RANGE and \
                _RANGE_GAP.fullmatch(text[a.end:nxt.start]) and \
                _CLOCK_GAP.match(text[nxt.end:nxt2.start]) and \
                _CLOCK_GAP.match(text[nxt.end:nxt2.start]).end() == nxt2.start - nxt.end:
            nxt2.time = nxt2.time or nxt.time
            nxt2.extra["gap_to"] = nxt.start
            atoms.pop(i + 1)
            nxt, nxt2 = nxt2, atoms[i + 2] if i + 2 < len(atoms) else None
        # "chiều nay 15/3": the written date is the day the relative word names (one fact)
        if nxt is not None and a.rule in ("relday", "partday") and nxt.rule in ("dm", "dmy") and \
                _SPACE.fullmatch(text[a.end:nxt.start]) and nxt.extra.get("wd") is None:
            nxt.start, nxt.lead = a.start, True
            i += 1
            continue
        # "Từ hôm nay (02/11) đến ngày 04/11": the written date stands for "hôm nay"
        if nxt is not None and nxt2 is not None and a.rule in ("relday", "partday") and \
                nxt.rule in ("dm", "dmy") and _PAREN_OPEN.fullmatch(text[a.end:nxt.start]):
            close = _CLOSE_PAREN.match(text[nxt.end:nxt.end + 4])
            if close and _RANGE_GAP.fullmatch(text[nxt.end + close.end():nxt2.start]):
                nxt.start, nxt.extra["gap_from"] = a.start, nxt.end + close.end()
                nxt.extra["said_rel"] = True  # "từ chiều nay (28/4) …": relative as written
                i += 1
                continue
        # a range "A – B", "từ A đến B"
        a_end = a.extra.get("gap_from", a.end)
        b_start = nxt.extra.get("gap_to", nxt.start) if nxt is not None else 0
        a_from = a.extra.get("clock_start", a.start)
        if nxt is not None and _RANGE_GAP.fullmatch(text[a_end:b_start]) and \
                a.rule not in _NO_RANGE and nxt.rule not in _NO_RANGE | {"donly", "early"} and \
                _rangeable(a, nxt) and \
                (a.rule in _PARTIAL or a.extra.get("partial") or _FROM_BEFORE.search(text[max(0, a_from - 10):a_from])
                 or _TO_END.search(text[a_end:b_start]) and a.grain == nxt.grain == "day"
                 or text[a.start:a.start + 2].lower() == "từ"
                 or _DASH_GAP.search(text[a.end:b_start])) \
                and not (a.rule == "dm" and not a.lead and nxt.rule == "dm" and not nxt.lead
                         and "đến" not in text[a.end:b_start] and not _close_days(a, nxt)):
            now = DateValue(grain="day", relative=True)  # "nay" without a publication date
            if "lunar" in a.extra and "lunar" in nxt.extra and nxt.y is None and not nxt.extra.get("cc"):
                # the end of a lunar range is not before its start: "22 tháng chạp đến hết mùng 6 tết"
                va0 = resolve(a)
                if va0 is not None and va0.start is not None:
                    ly = lunar.to_lunar(va0.start)[0]
                    for hint in (ly, ly + 1):
                        nxt.extra["hint_year"] = hint
                        vb0 = resolve(nxt)
                        if vb0 is not None and vb0.start is not None and vb0.start >= va0.start:
                            break
            vb = resolve(nxt) or (now if nxt.rule == "nay" else None)
            if vb is not None and "lunar" not in a.extra:
                _merge_range(a, nxt, vb)
            va = resolve(a) or (now if a.rule == "nay" else None)
            open_ok = "nay" in (a.rule, nxt.rule)  # "từ năm 2016 đến nay": an end may be unknown
            if va and vb and (va.start and vb.end and va.start <= vb.end
                              or open_ok and (va.start or vb.end or a.rule == "early")):
                lo = max(0, a_from - 10)
                fm = _FROM_BEFORE.search(text[lo:a_from])
                start = lo + fm.start() if fm else a.start
                grain = min(va.grain, vb.grain, key=_GRAIN_ORDER.index)
                if open_ok:  # the written side's grain: "từ năm 2016 đến nay" is a year range
                    grain = va.grain
                val = DateValue(start=va.start, end=vb.end, grain=grain,
                                year_inferred=va.year_inferred or vb.year_inferred,
                                relative=va.relative or vb.relative or bool(a.extra.get("said_rel")),
                                time=va.time if fm or a_from == a.start else None,
                                calendar=va.calendar, lunar=va.lunar)
                emit(ParsedDate(start, nxt.end, val, "range"))
                if nxt.y is not None and nxt.d is not None:
                    last_year = nxt.y
                i += 2
                continue
        i += 1
        if profile == "news" and a.rule == "clock" and a.rel:
            a.start = a.extra["dp_start"]  # "3 giờ chiều ngày mai": the day from "chiều"
        elif a.rule in _PARTIAL and not a.extra.get("dayonly") or a.extra.get("partial") or profile == "news" and a.rule in _FULL_ONLY and not (
                a.rule == "weekday" and (a.extra["wk"] or a.extra["bare_ok"])):
            continue  # a weekday counts in news with its week or direction, or read as a day
        if a.rule == "weekday" and profile == "news" and not a.extra["wk"]:
            a.extra["nearest"] = True  # "thứ Hai": the nearest Monday around publication
        if a.rule == "ddm" and a.extra.get("and"):
            # "23 và 24/1": two day facts; the first one's span ends at its day number
            for s, e, d in ((a.start, a.extra["d_end"], a.d), (a.extra["d2_start"], a.end, a.d2)):
                v = resolve(Atom("dm", s, e, y=a.y, m=a.m, d=d, lead=True))
                if v:
                    emit(ParsedDate(s, e, v, "ddm_and"))
            continue
        v = resolve(a)
        if v is None:
            continue
        if v.relative and not v.year_inferred and v.start is not None:
            # "năm nay", "Hai năm trước", "cùng ngày": no year is written (GUIDELINES.md §3.2)
            v = v.model_copy(update={"year_inferred": True})
        emit(ParsedDate(a.start, a.end, v, a.rule))
        if a.y is not None and a.d is not None and a.m is not None and a.rule in ("dmy", "dmyw") \
                and "impossible" not in a.extra:
            last_year = a.y
    return out


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    text = doc.text
    return [Fact.at(text, "date", p.start, p.end, p.value, p.rule)
            for p in parse(text, doc.published, "news")]


# ---------------------------------------------------------------- the kind's contract
# The value model and the spec every other module reads this kind through (pipeline.types).

Grain = Literal["day", "week", "month", "quarter", "year"]


class LunarDay(Value):
    """§6: the lunar day-month as written ("mùng 6 tháng Giêng" → month 1, day 6)."""

    month: int = Field(ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=30)  # None for a whole lunar month
    leap: bool = False  # tháng nhuận
    year: int | None = None  # the lunar year (its Gregorian number) when known


class DateValue(Value):
    """§3.2: a calendar reference, `end` inclusive."""

    start: dt.date | None = None
    end: dt.date | None = None
    grain: Grain
    year_inferred: bool = False
    time: str | None = None  # "HH:MM"
    month: int | None = None  # only when start/end are unknown (no year could be inferred)
    day: int | None = None
    relative: bool = False  # resolved from "hôm qua", "năm nay", "cùng ngày" …
    calendar: Literal["gregorian", "lunar"] = "gregorian"  # §6: start/end are Gregorian
    lunar: LunarDay | None = None  # what the lunar phrase said, when calendar is "lunar"
    approx: bool = False  # §6: "cách đây hai năm", "hơn hai năm trước"
    raw: str | None = None  # the written parts of an impossible date ("31/2/2025")
    anomaly: Literal["impossible_date"] | None = None  # start/end null, raw kept


def _key(v: dict) -> tuple:
    if v.get("start") is None and v.get("end") is None:
        # No year could be inferred (or an impossible date): what is written is the key.
        return (None, None, v.get("month"), v.get("day"), v.get("raw"))
    return (v.get("start"), v.get("end"))


def _problems(v: DateValue) -> list[str]:
    out = []
    if v.start and v.end and v.start > v.end:
        out.append(f"date start {v.start} after end {v.end}")
    # An open range ("từ ngày 20/7 tới nay" without a publication date) or a relative
    # date that cannot be resolved legitimately leaves start or end null.
    if v.month is not None and not 1 <= v.month <= 12:
        out.append(f"date month {v.month} out of range")
    if v.day is not None and not 1 <= v.day <= 31:
        out.append(f"date day {v.day} out of range")
    if v.anomaly == "impossible_date" and not v.raw:
        out.append("an impossible date keeps its written parts in raw")
    return out


def _summary(v: dict) -> str:
    if v.get("start") is None:
        return v.get("raw") or f"?-{v.get('month')}-{v.get('day')} {v['grain']}"
    rng = v["start"] if v["start"] == v["end"] else f"{v['start']}…{v['end']}"
    lunar = " lunar" if v.get("calendar") == "lunar" else ""
    return f"{rng} {v['grain']}{lunar}" + (f" {v['time']}" if v.get("time") else "")


SPEC = register(KindSpec(
    name=KIND, value_model=DateValue, extract=extract, requires=REQUIRES, key=_key,
    guideline_fields=("start", "end", "grain", "year_inferred", "time", "month", "day"),
    record_fields=("start", "end", "grain"),
    view="dates",
    # Date values have start/end too; they become date_start/date_end beside the span's.
    view_columns=(
        ("date_start", "$.start", "First day (ISO)"),
        ("date_end", "$.end", "Last day, inclusive (ISO)"),
        ("grain", "$.grain", "day | week | month | quarter | year"),
        ("year_inferred", "$.year_inferred", "1 when the year was not written"),
        ("time", "$.time", "HH:MM when given"),
        ("month", "$.month", "Month, only when no year could be inferred"),
        ("day", "$.day", "Day, only when no year could be inferred"),
        ("relative", "$.relative", "1 when resolved from hôm qua, năm nay, cùng ngày …"),
        ("calendar", "$.calendar", "gregorian | lunar (start/end are Gregorian either way)"),
        ("lunar_month", "$.lunar.month", "Lunar month as written (calendar lunar)"),
        ("lunar_day", "$.lunar.day", "Lunar day as written (calendar lunar)"),
        ("approx", "$.approx", "1 for approximate dates (cách đây hai năm)"),
        ("anomaly", "$.anomaly", "impossible_date when the written date cannot exist"),
        ("raw", "$.raw", "The written parts of an impossible date"),
    ),
    validate=_problems, summary=_summary,
    colour="black on bright_green", label="Calendar references (GUIDELINES.md §3.2)",
))

"""Who owns "a-b" / "a - b": a day range, a month-day range, a month range or a number range.

GUIDELINES.md §6: "a-b" of small numbers is a date only with a month after it ("5-7/3",
"9 - 15.6", "5-7 tháng 3") or a date word before it ("ngày 5-7", "từ ngày 16 - 22"); followed by
a unit or a counted noun it is an indicator range ("2-3 tiếng", "5-7 lần", "20-25 con",
"6,5 - 7%"). One function decides, from what surrounds the span, so the `date` and `indicator`
extractors never both take it. Word lists: extractors/data/date_dash.csv and the indicator
units (extractors/data/units.csv).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import regex
from vnfacts.extractors.lexicon import read_csv

Reading = Literal["day", "month_day", "month", "number"]

#: "a-b": two unsigned integers joined by a hyphen or an en/em dash, spaces allowed.
DASH = regex.compile(r"(?P<a>\d{1,4})\s*[-–—]\s*(?P<b>\d{1,4})")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for _, r in read_csv("date_dash.csv")[1]:
        out.setdefault(r["group"], set()).add(r["word"])
    units = {r["surface"].lower() for _, r in read_csv("units.csv")[1]}
    out.setdefault("number_after", set()).update(units - out.get("not_unit_after", set()))
    return {k: frozenset(v) for k, v in out.items()}


def _longest_first(words: frozenset[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    w = _words()
    date_before = regex.compile(rf"(?<![\p{{L}}])(?:{_longest_first(w['date_before'])})\s+$", regex.I)
    month_before = regex.compile(rf"(?<![\p{{L}}])(?:{_longest_first(w['month_before'])})\s+$", regex.I)
    unit_after = regex.compile(rf"\s*(?:{_longest_first(w['number_after'])})(?![\p{{L}}])", regex.I)
    not_unit = regex.compile(rf"\s+(?:{_longest_first(w['not_unit_after'])})(?![\p{{L}}])", regex.I)
    return date_before, month_before, unit_after, not_unit


# A month written right after the range: "/3", ".6", "-10" (then not more digits of an amount),
# or "tháng 3".
_MONTH_AFTER = regex.compile(
    r"\s*(?:[/.\-]\s*(?:0?[1-9]|1[0-2])(?![\d,]|\.\d)|\s+tháng\s+(?:0?[1-9]|1[0-2]|\p{L}+))", regex.I)
# "7%", "7,5" (decimal comma), "7.500" (thousands), "3/ngày" (a rate); "15.6" is a day.month
_NUMBER_AFTER = regex.compile(r"\s*(?:%|,\d|\.\d{3}|/\s*\p{L})")
_DECIMAL_BEFORE = regex.compile(r"(?:\d[.,]|[.,])$")  # "6,5 - 7": the range starts inside a number


def number_context(text: str, start: int, end: int) -> bool:
    """Whether the span sits in a number's context whatever its form: inside a decimal
    ("6,5 - 7"), before "%" or a decimal part, or before a unit or counted noun ("2-3 tiếng")."""
    before, after = text[max(0, start - 24):start], text[end:end + 40]
    _, _, unit_after, not_unit = _patterns()
    return bool(_DECIMAL_BEFORE.search(before) or _NUMBER_AFTER.match(after)
                or not_unit.match(after) is None and unit_after.match(after))


def reading(text: str, start: int, end: int) -> Reading:
    """How `text[start:end]` ("5-7", "9 - 15", "2-3") reads in its context.

    "month_day": days with their month after ("5-7/3"); "month": months ("tháng 5-7");
    "day": date-owned after a date word, the month unwritten ("ngày 5-7", or the d-m style
    "ngày 31-10", which `date` reads as one day); "number": an indicator range, the default.
    """
    m = DASH.fullmatch(text, start, end)
    if m is None:
        return "number"
    a, b = int(m["a"]), int(m["b"])
    before, after = text[max(0, start - 24):start], text[end:end + 40]
    date_before, month_before, unit_after, not_unit = _patterns()
    if _DECIMAL_BEFORE.search(before) or _NUMBER_AFTER.match(after):
        return "number"
    if month_before.search(before) and 1 <= a < b <= 12:
        return "month"
    if 1 <= a < b <= 31 and _MONTH_AFTER.match(after):
        return "month_day"
    if not_unit.match(after) is None and unit_after.match(after):
        return "number"  # a unit or a counted noun after: "ngày 2-3 lần" too
    if date_before.search(before) and 1 <= a <= 31 and 1 <= b <= 31:
        return "day"
    return "number"

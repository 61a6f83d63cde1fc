"""The Vietnamese lunar calendar (âm lịch, UTC+7) for `date` facts (GUIDELINES.md §6).

Conversion is `lunar_vn` (MIT, pure Python, no dependencies, 1900–2100): Hồ Ngọc Đức's
astronomical algorithm computed for UTC+7, so Tết 1985 is 1985-01-21 (the Chinese calendar,
UTC+8, has 1985-02-20). tests/test_lunar.py checks it against an independent implementation
(`vnlunar`'s own port, dev extra) on every day from 1900 to 2100.

Years here are lunar years named by the Gregorian year their Tết falls in.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lunar_vn import convert_lunar_to_solar, convert_solar_to_lunar

TZ = 7.0  # Vietnam; the calendar Vietnam has used since 1968 (Hồ Ngọc Đức's tables)
FIRST_YEAR, LAST_YEAR = 1900, 2100

_STEMS = ("giáp", "ất", "bính", "đinh", "mậu", "kỷ", "canh", "tân", "nhâm", "quý")
_BRANCHES = ("tý", "sửu", "dần", "mão", "thìn", "tỵ", "ngọ", "mùi", "thân", "dậu", "tuất", "hợi")
_BRANCH_ALIASES = {"mẹo": "mão", "tị": "tỵ"}


@lru_cache(maxsize=4096)
def to_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date | None:
    """The Gregorian day of lunar day/month/year, or None when that day does not exist
    (a 30th in a 29-day month, a leap month the year does not have, out of range)."""
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12 or not 1 <= day <= 30:
        return None
    try:
        d = convert_lunar_to_solar(day, month, year, int(leap), TZ)
    except ValueError:
        return None
    back = convert_solar_to_lunar(d.day, d.month, d.year, TZ)
    if (back.day, back.month, back.year, bool(back.leap)) != (day, month, year, leap):
        return None  # the library rolls a 30th over into the next month
    return d


def to_lunar(d: dt.date) -> tuple[int, int, int, bool]:
    """(year, month, day, leap) of a Gregorian day."""
    lu = convert_solar_to_lunar(d.day, d.month, d.year, TZ)
    return lu.year, lu.month, lu.day, bool(lu.leap)


def month_span(year: int, month: int, leap: bool = False) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a lunar month."""
    first = to_solar(year, month, 1, leap)
    if first is None:
        return None
    last = to_solar(year, month, 30, leap) or to_solar(year, month, 29, leap)
    return first, last  # type: ignore[return-value]


def year_of_canchi(name: str, near: int) -> int | None:
    """The year named "Giáp Thìn" (stem + branch) nearest `near`: the cycle is 60 years."""
    parts = name.lower().split()
    if len(parts) != 2:
        return None
    stem, branch = parts[0], _BRANCH_ALIASES.get(parts[1], parts[1])
    if stem not in _STEMS or branch not in _BRANCHES:
        return None
    si, bi = _STEMS.index(stem), _BRANCHES.index(branch)
    if si % 2 != bi % 2:
        return None  # no such pair in the cycle
    # 1984 was Giáp Tý: stem (y - 4) % 10, branch (y - 4) % 12
    base = next(y for y in range(1984, 2044) if (y - 4) % 10 == si and (y - 4) % 12 == bi)
    return min((base + 60 * k for k in range(-3, 3)), key=lambda y: abs(y - near))


def canchi_of_year(year: int) -> str:
    """"Giáp Thìn" for 2024."""
    return f"{_STEMS[(year - 4) % 10].capitalize()} {_BRANCHES[(year - 4) % 12].capitalize()}"

"""The lunar calendar (extractors/lunar.py): every day 1900–2100 against an independent
implementation (vnlunar's own port of the astronomical algorithm, dev extra), and known dates."""

from __future__ import annotations

import datetime as dt

import pytest
from vnfacts.extractors import lunar

D = dt.date


def test_every_day_1900_2100_agrees_with_vnlunar():
    vn = pytest.importorskip("vnlunar.core")
    d, last, n = D(1900, 1, 1), D(2100, 12, 31), 0
    bad = []
    while d <= last:
        ours = lunar.to_lunar(d)
        ref = vn.convert_solar_to_lunar(d.day, d.month, d.year, 7.0)
        theirs = (ref["year"], ref["month"], ref["day"], bool(ref["leap"]))
        if ours != theirs:
            bad.append((d, ours, theirs))
        # and back: the lunar day converts to this Gregorian day
        y, m, day, leap = ours
        if lunar.to_solar(y, m, day, leap) != d and y >= lunar.FIRST_YEAR:
            bad.append((d, "back", lunar.to_solar(y, m, day, leap)))
        d += dt.timedelta(days=1)
        n += 1
    assert n == 73414
    assert bad == []


# (lunar year, month, day, leap) → Gregorian; Vietnamese calendar (UTC+7)
KNOWN = [
    ((1985, 1, 1, False), D(1985, 1, 21)),  # Tết 1985: Vietnam 21/1, China (UTC+8) 20/2
    ((2007, 1, 1, False), D(2007, 2, 17)),  # Tết 2007: Vietnam 17/2, China 18/2
    ((2024, 1, 1, False), D(2024, 2, 10)),  # Tết Giáp Thìn
    ((2025, 1, 15, False), D(2025, 2, 12)),  # Rằm tháng Giêng Ất Tỵ
    ((2025, 3, 10, False), D(2025, 4, 7)),  # Giỗ Tổ Hùng Vương 2025
    ((2025, 6, 1, True), D(2025, 7, 25)),  # tháng 6 nhuận Ất Tỵ
    ((2024, 12, 23, False), D(2025, 1, 22)),  # ông Công ông Táo before Tết Ất Tỵ
]


@pytest.mark.parametrize("lun,greg", KNOWN, ids=[str(k[0]) for k in KNOWN])
def test_known_days(lun, greg):
    assert lunar.to_solar(*lun) == greg
    assert lunar.to_lunar(greg) == lun


@pytest.mark.parametrize("lun", [(2025, 5, 1, True), (2025, 2, 30, False), (1899, 1, 1, False),
                                 (2025, 13, 1, False)])
def test_days_that_do_not_exist(lun):
    """No leap 5th month in 2025, a 29-day month has no 30th, out of range: None."""
    assert lunar.to_solar(*lun) is None


def test_month_span_and_canchi():
    assert lunar.month_span(2025, 1) == (D(2025, 1, 29), D(2025, 2, 27))
    assert lunar.year_of_canchi("Giáp Thìn", 2025) == 2024
    assert lunar.year_of_canchi("Ất Tỵ", 2020) == 2025
    assert lunar.year_of_canchi("Canh Tý", 1990) == 1960
    assert lunar.year_of_canchi("Giáp Sửu", 2025) is None  # no such pair
    assert lunar.canchi_of_year(2026) == "Bính Ngọ"

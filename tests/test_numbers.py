"""pipeline.numbers: Vietnamese digit notation, scale words, number words (GUIDELINES.md §3.5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vnfacts.pipeline.numbers import parse_digits, parse_number, parse_words


@pytest.mark.parametrize(("text", "value"), [
    ("41.262", 41262),            # seed 003: "." groups thousands
    ("1.608", 1608),
    ("1,5", 1.5),                 # "," is the decimal mark
    ("3,961", 3.961),             # "3,961 tấn ngà voi": decimal, not 3961
    ("1.409.234,568", 1409234.568),
    ("7.103.112", 7103112),
    ("05", 5),
    ("2600", 2600),
    (",77", 0.77),
    ("1,200,000", 1200000),       # two commas cannot be a decimal mark
])
def test_digits(text: str, value: float) -> None:
    p = parse_digits(text)
    assert p.value == pytest.approx(value) and p.anomaly is None


@pytest.mark.parametrize("text", ["16.4582", "1.5", "12.34.567", "1,2,3"])
def test_bad_grouping_keeps_raw(text: str) -> None:
    p = parse_number(text)
    assert (p.value, p.anomaly, p.raw) == (None, "bad_grouping", text)


@pytest.mark.parametrize(("text", "value"), [
    ("1,5 triệu", 1_500_000),
    ("3,14 tỷ", 3_140_000_000),
    ("3,14 tỉ", 3_140_000_000),
    ("1tr2", 1_200_000),
    ("5 nghìn", 5_000),
    ("2 tỷ 500 triệu", 2_500_000_000),
    ("12.119 tỷ", 12_119_000_000_000),
    ("132,96 triệu", 132_960_000),   # no binary noise
    ("18 vạn", 180_000),
    ("hai", 2),
    ("mười lăm", 15),
    ("hai mươi mốt", 21),
    ("hai mốt", 21),
    ("bốn mươi tư", 44),
    ("một trăm linh năm", 105),
    ("một trăm lẻ tư", 104),
    ("năm trăm tư", 540),
    ("tám trăm rưỡi", 850),
    ("một nghìn không trăm linh năm", 1005),
    ("một ngàn mốt", 1100),
    ("hai trăm nghìn", 200_000),
    ("một triệu hai", 1_200_000),
    ("mười triệu rưỡi", 10_500_000),
    ("chín chín tỷ chín", 99_900_000_000),
    ("một nghìn tỷ", 1_000_000_000_000),
    ("hai chục", 20),
    ("không phẩy không năm", 0.05),
    ("một chấm năm triệu", 1_500_000),
    ("âm sáu mươi", -60),
    ("- 1.200.000", -1_200_000),
    ("1,2M", 1_200_000),
    ("100K", 100_000),
])
def test_scales_and_words(text: str, value: float) -> None:
    assert parse_number(text).value == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "cán bộ", "hai cán bộ", "mốt mốt mốt", "trăm trăm hai ba"])
def test_not_numbers(text: str) -> None:
    assert parse_words(text) is None


@pytest.mark.shared
def test_duckling_numerals_all_pass(shared_dir: Path) -> None:
    cases = [json.loads(line) for line in (shared_dir / "peer" / "duckling_numeral_vi.jsonl").open(encoding="utf-8")]
    failed = [c["text"] for c in cases
              if parse_number(c["text"]).value != pytest.approx(float(c["expected"]))]
    assert (len(cases) - len(failed), len(cases)) == (53, 53), failed


@pytest.mark.shared
def test_conformance_script_prints_both(shared_dir: Path, root_dir: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(root_dir / "scripts" / "conformance_numbers.py"),
                          "--shared", str(shared_dir)], capture_output=True, text=True, check=True)
    assert "Duckling numeral_vi: 53/53 passed" in out.stdout
    assert "NeMo ITN vi" in out.stdout


@pytest.mark.parametrize("word, value", [
    ("hai", 2), ("tư", 4), ("bẩy", 7), ("mười", 10), ("mười một", 11), ("mười hai", 12),
])
def test_counting_words(word: str, value: int) -> None:
    """The one small-number vocabulary the date grammar and the indicator's scan read."""
    from vnfacts.pipeline.numbers import counting_words

    assert counting_words(12)[word] == value
    assert parse_words(word) == value  # the same numbers the number grammar reads


def test_counting_words_exclude_after_ten_forms() -> None:
    from vnfacts.pipeline.numbers import counting_words

    words = counting_words(12)
    assert not {"mốt", "lăm", "nhăm", "mười ba"} & set(words)
    assert counting_words(19)["mười lăm"] == 15

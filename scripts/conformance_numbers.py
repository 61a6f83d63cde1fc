"""Number parsing against peer suites: Duckling's Vietnamese numerals (all must pass) and the
written-form NeMo ITN cases that are cardinals, decimals and money (pass rate printed).

Duckling's numerals are also run through the whole pipeline (segment + extractors, as
`vnfacts extract` does), each written as a count of a unit: "Đơn vị đã tiếp nhận {text} tấn
hàng." must give one indicator with that value and unit "tấn" — every form but the K/M/G
suffixes, which news does not write before a unit (counted as skipped).

Usage: python scripts/conformance_numbers.py [--shared ../shared] [-v]
Cases whose NeMo expected output is not a number ("3000 năm", "iPhone 15": NeMo leaves a word
unconverted) have no numeric answer and are counted as skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnfacts.pipeline.numbers import BIG_SCALES, parse_number  # noqa: E402

# NeMo money output: a number, an optional scale word, a currency symbol.
_NEMO = regex.compile(r"(?P<neg>-)?(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>triệu|tỷ|tỉ|nghìn|vạn)?\s*[$€₩]?(?:RM)?")


_CURRENCY = regex.compile(r"\s(?:đô la mỹ|đô la|đô|euro|ơ rô|won|uôn|ringgit)(?=\s|$)")


def nemo_value(expected: str) -> float | None:
    """The number a NeMo written form stands for ("1.5 tỷ" → 1.5e9; "." is its decimal point)."""
    m = _NEMO.fullmatch(expected.strip())
    if not m:
        return None
    v = float(m["num"]) * (BIG_SCALES[m["scale"]] if m["scale"] else 1)
    return -v if m["neg"] else v


def _same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def run_duckling(path: Path, verbose: bool) -> tuple[int, int]:
    ok = total = 0
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        total += 1
        got = parse_number(case["text"]).value
        if _same(got, float(case["expected"])):
            ok += 1
        elif verbose:
            print(f"  FAIL duckling {case['text']!r}: expected {case['expected']}, got {got}")
    return ok, total


SENTENCE = "Đơn vị đã tiếp nhận {text} tấn hàng."
_SUFFIXED = regex.compile(r"\d[kKmMgG]$")


def run_duckling_extract(path: Path, verbose: bool) -> tuple[int, int, int]:
    """Duckling's numerals inside a sentence, through the pipeline: (passed, total, skipped)."""
    from vnfacts.pipeline.api import extract_text

    ok = total = skipped = 0
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        if _SUFFIXED.search(case["text"]):
            skipped += 1
            continue
        total += 1
        facts = [f for f in extract_text(SENTENCE.format(text=case["text"])) if f.kind == "indicator"]
        got = [(f.value.value, f.value.unit) for f in facts]  # type: ignore[union-attr]
        if len(got) == 1 and got[0][1] == "tấn" and got[0][0] is not None and _same(got[0][0], float(case["expected"])):
            ok += 1
        elif verbose:
            print(f"  FAIL duckling-extract {case['text']!r}: expected {case['expected']} tấn, got {got}")
    return ok, total, skipped


def run_nemo(path: Path, verbose: bool) -> tuple[int, int, int]:
    ok = total = skipped = 0
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        if case.get("category") not in ("cardinal", "decimal", "money"):
            continue
        want = nemo_value(case["expected"])
        if want is None:
            skipped += 1
            continue
        total += 1
        text = _CURRENCY.sub(" ", case["text"]).strip()
        got = parse_number(text).value
        if _same(got, want):
            ok += 1
        elif verbose:
            print(f"  FAIL nemo {case['category']} {case['text']!r}: expected {want}, got {got}")
    return ok, total, skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT / ".." / "shared")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each failing case")
    args = ap.parse_args(argv)
    peer = args.shared / "peer"
    if not peer.is_dir():
        print(f"conformance_numbers: {peer} not found; skipped")
        return 0
    d_ok, d_total = run_duckling(peer / "duckling_numeral_vi.jsonl", args.verbose)
    print(f"Duckling numeral_vi: {d_ok}/{d_total} passed")
    e_ok, e_total, e_skip = run_duckling_extract(peer / "duckling_numeral_vi.jsonl", args.verbose)
    print(f"Duckling numeral_vi in a sentence through the pipeline: {e_ok}/{e_total} passed, "
          f"{e_skip} skipped (K/M/G suffix forms)")
    n_ok, n_total, n_skip = run_nemo(peer / "nemo_itn_vi.jsonl", args.verbose)
    rate = 100.0 * n_ok / n_total if n_total else 0.0
    print(f"NeMo ITN vi (cardinal, decimal, money; written form): {n_ok}/{n_total} passed "
          f"({rate:.1f}%), {n_skip} skipped (expected output not a number)")
    return 0 if d_ok == d_total and e_ok == e_total else 1


if __name__ == "__main__":
    sys.exit(main())

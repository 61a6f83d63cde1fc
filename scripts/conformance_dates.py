"""Date parser conformance on the peer suites in ../shared/peer (Duckling VI time, dateparser VI).

Each Duckling case's text is parsed as a whole document published at its reference time.
A value case passes when the calendar date of our widest date fact equals the expected
date; an interval case when our start and (inclusive) end equal the expected from/to
(Duckling's `to` is exclusive: a midnight `to` means the day before). Hour, minute and second
cases pass on their calendar date: we keep dates, not instants. A bare month ("tháng 6")
passes on the coming or the nearest past one.

Two profiles of extractors.date.parse are scored:
  news  what the `date` extractor emits (GUIDELINES.md §3.2: no clock times alone, no
        durations "3 ngày tới", no weekdays alone; years inferred nearest the publication);
  full  the same parser with those readings switched on and Duckling's future preference.

Issue 18's figure ("extract"): the value cases of grain day, week, month, quarter and year through
the `date` extractor as `vnfacts extract` runs it (pipeline.api.extract_text, the reference time as
publication date). A day or month without a written year passes on the guide's nearest year or
Duckling's coming one (the same month and day, one year apart); a bare weekday on the previous
or the next one (GUIDELINES.md §3.2, §6).

Usage: python scripts/conformance_dates.py [--shared ../shared] [--failures]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnfacts.extractors.date import ParsedDate, parse  # noqa: E402

DATEPARSER_REFERENCE = "41/160"  # ../shared/peer/dateparser_on_duckling_time_vi.summary.json
_BARE_MONTH = re.compile(r"^tháng \S+$")


def _wall(ts: str) -> dt.datetime:
    """The reference/expected time as local wall time (its own offset dropped)."""
    return dt.datetime.fromisoformat(ts).replace(tzinfo=None)


def _inclusive_end(ts: str) -> dt.date:
    t = _wall(ts)
    return t.date() - dt.timedelta(days=1) if t.time() == dt.time(0) else t.date()


def _widest(found: list[ParsedDate]) -> ParsedDate | None:
    return max(found, key=lambda p: (p.end - p.start, -p.start), default=None)


def check_case(case: dict, profile: str) -> tuple[bool, str]:
    """(passed, what we produced) for one Duckling case."""
    ref = _wall(case["reference_time"])
    found = parse(case["text"], ref, profile)  # type: ignore[arg-type]
    best = _widest(found)
    got = "-" if best is None else f"{best.value.start}..{best.value.end} ({best.rule})"
    if case["kind"] == "negative" or case["expected"] is None:
        return not found, got
    if best is None or best.value.start is None:
        return False, got
    v = best.value
    if case["kind"] == "interval":
        exp = case["expected"]
        return v.start == _wall(exp["from"]).date() and v.end == _inclusive_end(exp["to"]), got
    want = _wall(case["expected"]).date()
    if case["grain"] == "month" and _BARE_MONTH.match(case["text"]):
        return v.start.month == want.month and abs(v.start.year - want.year) <= 1, got
    return v.start == want, got


EXTRACT_GRAINS = ("day", "week", "month", "quarter", "year")


def check_extract(case: dict) -> tuple[bool, str]:
    """(passed, what we produced) for one value case through the extractor (issue 18)."""
    from vnfacts.pipeline.api import extract_text

    ref = _wall(case["reference_time"])
    facts = [f for f in extract_text(case["text"], ref, ["date"]) if f.kind == "date"]
    best = max(facts, key=lambda f: (f.end - f.start, -f.start), default=None)
    got = "-" if best is None else f"{best.value.start}..{best.value.end} ({best.rule})"
    if best is None or best.value.start is None:
        return False, got
    v, want = best.value, _wall(case["expected"]).date()
    if v.start == want:
        return True, got
    if v.year_inferred and v.grain in ("day", "month") and \
            (v.start.month, v.start.day) == (want.month, want.day) and abs(v.start.year - want.year) == 1:
        return True, got  # the guide's nearest year where Duckling takes the coming one
    if best.rule == "weekday" and v.start == want - dt.timedelta(days=7):
        return True, got  # a bare weekday: the previous one where Duckling takes the next
    return False, got


def run_extract(path: Path, show_failures: bool) -> tuple[int, int]:
    cases = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    cases = [c for c in cases if c["kind"] == "value" and c["grain"] in EXTRACT_GRAINS]
    ok, failures = 0, []
    for c in cases:
        passed, got = check_extract(c)
        ok += passed
        if not passed:
            failures.append(f"  {c['text']!r}: expected {c['expected'][:10]}, got {got}")
    print(f"\nissue 18 (vnfacts extract, value cases of grain {'/'.join(EXTRACT_GRAINS)}): "
          f"{ok}/{len(cases)} = {ok / len(cases):.1%}")
    if show_failures and failures:
        print("\n".join(failures))
    return ok, len(cases)


def run_duckling(path: Path, show_failures: bool) -> dict[str, int]:
    cases = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    totals = {"news": 0, "full": 0}
    failures: list[str] = []
    for c in cases:
        key = f"{c['kind']}:{c['grain']}"
        for profile in ("news", "full"):
            ok, got = check_case(c, profile)
            per[key][profile][0] += ok
            per[key][profile][1] += 1
            totals[profile] += ok
            if profile == "full" and not ok:
                failures.append(f"  {c['text']!r}: expected {c['expected']}, got {got}")
    dp = _dateparser_figures(path)
    ref_summary = json.loads((path.parent / "dateparser_on_duckling_time_vi.summary.json").read_text())
    ref_grain = ref_summary["summary"]["default"]["per_grain"]
    print(f"Duckling VI time corpus: {len(cases)} cases ({path.name})")
    print("hour/minute/second cases are scored on their calendar date (we keep dates, not instants)")
    print(f"{'kind:grain':<18}{'news':>9}{'full':>9}{'dateparser':>12}")
    for key in sorted(per):
        n, f = per[key]["news"], per[key]["full"]
        print(f"{key:<18}{f'{n[0]}/{n[1]}':>9}{f'{f[0]}/{f[1]}':>9}{ref_grain.get(key, '-'):>12}")
    tn, tf = f"{totals['news']}/{len(cases)}", f"{totals['full']}/{len(cases)}"
    print(f"{'TOTAL':<18}{tn:>9}{tf:>9}{dp or DATEPARSER_REFERENCE:>12}")
    if dp is None:
        print(f"dateparser: not installed, reference figure {DATEPARSER_REFERENCE} from peer summary")
    if show_failures and failures:
        print("failures (full profile):")
        print("\n".join(failures))
    return totals


def _dateparser_figures(path: Path) -> str | None:
    """dateparser's value-case figure on the same corpus, when it is importable."""
    try:
        import dateparser  # type: ignore[import-not-found]
    except ImportError:
        return None
    ok = 0
    n = 0
    for line in path.open(encoding="utf-8"):
        c = json.loads(line)
        n += 1
        if c["kind"] != "value":
            continue
        ref = _wall(c["reference_time"])
        got = dateparser.parse(c["text"], languages=["vi"], settings={"RELATIVE_BASE": ref})
        ok += got is not None and got.date() == _wall(c["expected"]).date()
    return f"{ok}/{n}"


_EN_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}


def run_dateparser_suite(path: Path) -> None:
    """The dateparser VI cases that state a calendar date: do we find it?"""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    ok = n = 0
    skipped: dict[str, int] = defaultdict(int)
    missed: list[str] = []
    ref = dt.datetime(2015, 1, 9, 12)
    for r in rows:
        text, check, exp = r["text"], r["check"], r["expected"]
        if check == "search_and_parse":
            want = [(s, dt.date.fromisoformat(d[:10])) for s, d in exp]
            got = [(text[p.start:p.end], p.value.start) for p in parse(text, ref)]
            for s, d in want:
                n += 1
                hit = any(d == gd and s in gs for gs, gd in got)
                ok += hit
                if not hit:
                    missed.append(f"  {s!r}: expected {d}, got {[str(gd) for _, gd in got]}")
        elif check.startswith("translation_to_english") and (
                m := re.search(r"(\d{1,2})[ /](\w+|\d\d)[ /](\d{4})", str(exp))):
            day, mon, year = m.groups()  # "07/01/2015" is day/month, as Vietnamese writes it
            month = int(mon) if mon.isdigit() else _EN_MONTHS.get(mon.lower())
            if month is None:
                skipped[check] += 1
                continue
            want_d = dt.date(int(year), month, int(day))
            n += 1
            ok += any(p.value.start == want_d for p in parse(text, ref))
        elif check == "freshness_parser" and exp.get("ago", {}).keys() == {"days"} and \
                exp["ago"]["days"] <= 1:
            n += 1
            want_d = ref.date() - dt.timedelta(days=exp["ago"]["days"])
            ok += any(p.value.start == want_d for p in parse(text, ref))
        else:
            skipped[check] += 1
    print(f"\ndateparser VI suite ({path.name}): {ok}/{n} calendar-date cases found; "
          f"not applicable (durations, 'N ngày trước', language checks): "
          + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    if missed:
        print("missed (a bare month in a history text takes the year nearest the publication "
              "date, GUIDELINES.md §3.2, not the narrative's year):")
        print("\n".join(missed))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT / ".." / "shared")
    ap.add_argument("--failures", action="store_true", help="list the failing cases")
    args = ap.parse_args()
    peer = args.shared.resolve() / "peer"
    if not (peer / "duckling_time_vi.jsonl").is_file():
        print(f"no peer suites under {peer}; skipped")
        return 0
    run_duckling(peer / "duckling_time_vi.jsonl", args.failures)
    run_extract(peer / "duckling_time_vi.jsonl", args.failures)
    if (peer / "dateparser_vi.jsonl").is_file():
        run_dateparser_suite(peer / "dateparser_vi.jsonl")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Linearity benchmark: extraction time on pathological inputs at n, 2n, 4n, 8n.

Each input is built to tempt a regex into backtracking (100,000 digits and dots, runs of
"cửa khẩu cửa khẩu…", long whitespace, lead words with nothing after them, deeply nested
HTML …). For each size the script prints the time of the stage it targets and the ratio to
the previous size: linear work doubles (ratio ≈ 2), quadratic quadruples. The growth
exponent over the whole range, log(t(8n)/t(n)) / log 8, is 1.0 for linear work and 2.0
for quadratic; an input whose exponent exceeds --max-exponent is flagged.

Benchmarks are scripts, never timed asserts in tests: the tests (tests/test_robustness.py)
assert behaviour on the same inputs (no exception, bounded result), not time.

    .venv/bin/python scripts/pathological.py              # all inputs, n = 12,500 chars
    .venv/bin/python scripts/pathological.py --n 50000 --only digits,gates
    .venv/bin/python scripts/pathological.py --stage extract   # extractors only (no segmenter)
    .venv/bin/python scripts/pathological.py --one-article     # time and peak memory, below

`--one-article` is issue 21's check: ONE article of 100k, 200k, 400k and 800k characters
of realistic news text on one line (the bundled corpus joined, repeated) and of random
digits and dots, each in a fresh process (so its peak RSS is that article's), timed for
segmentation (sentences and every word token) and for the whole pipeline (segment + all
extractors, under the default article budget). Every doubling should cost ≤ 2.3× time and
the peak RSS should stay under 400 MB at 800k.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vnfacts.pipeline.api import make_article  # noqa: E402
from vnfacts.pipeline.body import extract_body  # noqa: E402
from vnfacts.pipeline.encodings import decode_bytes, unicode_to_tcvn3, unicode_to_vni  # noqa: E402
from vnfacts.pipeline.normalize import normalize_text  # noqa: E402
from vnfacts.pipeline.runner import process  # noqa: E402
from vnfacts.pipeline.types import Doc, Fact, kind_names, spec  # noqa: E402  # noqa: E402

_SENTENCE = "Ngày 21/1/2021, Đại tá Nguyễn Văn Thuận kiểm tra cửa khẩu quốc tế Hữu Nghị."


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


#: name → (builder of an input of about n characters, what it targets)
INPUTS: dict[str, tuple[Callable[[int], str], str]] = {
    "digits": (lambda n: _fill("1234567890.", n), "numbers: one huge digit-and-dot run"),
    "digit_groups": (lambda n: _fill("1.000.000,5 ", n), "indicator: grouped numbers without units"),
    "gates": (lambda n: _fill("cửa khẩu ", n), "border_gate: lead words with no name"),
    "gate_names": (lambda n: _fill("Cửa khẩu Quốc Tế Hữu Nghị Lạng Sơn ", n), "border_gate: capitalised runs"),
    "spaces": (lambda n: "Ngày" + " " * n + "21/1", "normalize: one long whitespace run"),
    "mixed_space": (lambda n: _fill(" \t\u00a0\u200b\n", n), "normalize: mixed invisible space"),
    "dates": (lambda n: _fill("ngày 1/1/ tháng 1/ năm ", n), "date: lead words and half dates"),
    "doc_codes": (lambda n: _fill("số 12/2020/NĐ-CP-", n), "document: endless issuer chain"),
    "slashes": (lambda n: _fill("1/2/", n), "date/document: slash chains"),
    "titles": (lambda n: _fill("Đại tá Thượng tá Chủ tịch ", n), "official: titles with no name"),
    "caps": (lambda n: _fill("Nguyễn Văn A ", n), "official: one endless capitalised name"),
    "dashes": (lambda n: _fill("10-12-", n), "indicator: endless range"),
    "dots": (lambda n: "." * n, "segment: one endless sentence end"),
    "no_space": (lambda n: _fill("cửakhẩu", n), "everything: one endless word"),
    # legacy letters inside UTF-8: what --stage decode repairs
    "tcvn3_text": (lambda n: _fill(unicode_to_tcvn3(_SENTENCE) + "\n", n), "decode: TCVN3 repair"),
    "vni_text": (lambda n: _fill(unicode_to_vni(_SENTENCE) + "\n", n), "decode: VNI repair"),
}
HTML_INPUTS: dict[str, Callable[[int], str]] = {
    "nested_html": lambda n: "<div>" * (n // 11) + "<p>Cửa khẩu Hữu Nghị</p>" + "</div>" * (n // 11),
    "unclosed_html": lambda n: "<b>" * (n // 3) + "Ngày 21/1/2021",
}


def _time(fn: Callable[[], object], repeat: int = 2) -> float:
    """Best of `repeat` runs: the machine's noise only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _extract_only(text: str) -> None:
    doc = Doc(make_article(text))  # no segmenter: the extractors' regexes alone
    prior: dict[str, list[Fact]] = {}
    for kind in kind_names():
        prior[kind] = spec(kind).extract(doc, prior)


def measure(name: str, n: int, stage: str) -> list[float]:
    times = []
    for k in (1, 2, 4, 8):
        if name in HTML_INPUTS:
            raw = HTML_INPUTS[name](n * k)
            times.append(_time(lambda raw=raw: extract_body(raw, "html")))
            continue
        text = INPUTS[name][0](n * k)
        if stage == "extract":
            times.append(_time(lambda text=text: _extract_only(text)))
        elif stage == "normalize":
            times.append(_time(lambda text=text: normalize_text(text)))
        elif stage == "decode":
            times.append(_time(lambda text=text: decode_bytes(text.encode())))
        else:
            times.append(_time(lambda text=text: process(make_article(text))))
    return times


ONE_SIZES = (100_000, 200_000, 400_000, 800_000)
MAX_RATIO, MAX_PEAK_MB = 2.3, 400


def _realistic(n: int) -> str:
    """n characters of real news text on one line: the bundled corpus joined, repeated."""
    from vnfacts.pipeline.ingest import iter_articles

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [a.text for a in iter_articles([str(root)]) if hasattr(a, "text")]
    line = " ".join(" ".join(t.split()) for t in texts)
    return _fill(line + " ", n)


def _digits(n: int) -> str:
    rnd = random.Random(21)
    return "".join(rnd.choice("0123456789.") for _ in range(n))


ONE_INPUTS: dict[str, Callable[[int], str]] = {"realistic": _realistic, "digits_dots": _digits}


def _one_child(spec_json: str) -> None:
    """In a fresh process: build the article, warm up, time one stage, report peak RSS."""
    from vnfacts.pipeline.segment import segment

    name, n, stage = json.loads(spec_json)
    text = ONE_INPUTS[name](n)
    process(make_article("Ngày 21/1/2021, Đại tá Nguyễn Văn A thăm cửa khẩu Hữu Nghị."))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    art = make_article(text)
    t = time.perf_counter()
    error = None
    if stage == "segment":
        doc = segment(art)
        for s in doc.sentences:
            s.tokens  # noqa: B018 - the lazy tokens, read as an extractor would
    else:
        error = process(art).error
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": secs, "peak_mb": peak, "base_mb": base,
                      "error": (error or "")[:120] or None}))


def one_article(stages: list[str], sizes: tuple[int, ...] = ONE_SIZES) -> int:
    """Print time and peak RSS of one long article per size; returns how many failed."""
    print(f"one article on one line, sizes {', '.join(f'{s // 1000}k' for s in sizes)} chars; "
          f"each in a fresh process (peak RSS includes the loaded models, base = after warm-up)")
    print(f"{'input':<12} {'stage':<9} " + " ".join(f"{f'{s // 1000}k s':>8}" for s in sizes)
          + "   ratios            " + " ".join(f"{f'{s // 1000}k MB':>7}" for s in sizes)
          + "  flag")
    bad = 0
    for name in ONE_INPUTS:
        for stage in stages:
            rows = []
            for n in sizes:
                out = subprocess.run([sys.executable, __file__, "--_one", json.dumps([name, n, stage])],
                                     capture_output=True, text=True, check=False)
                try:
                    rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
                except (IndexError, ValueError):
                    rows.append({"seconds": float("nan"), "peak_mb": float("nan"), "base_mb": 0,
                                 "error": (out.stderr.strip().splitlines() or ["crashed"])[-1]})
            times = [r["seconds"] for r in rows]
            ratios = [b / a if a > 0.05 else float("nan") for a, b in zip(times, times[1:], strict=False)]
            over = [r for r in ratios if r == r and r > MAX_RATIO]
            fat = rows[-1]["peak_mb"] >= MAX_PEAK_MB
            errors = {r["error"] for r in rows if r["error"]}
            flag = ("SUPERLINEAR " if over else "") + ("MEMORY " if fat else "") + (
                "ERROR " if errors else "") or "ok"
            bad += bool(over or fat)
            print(f"{name:<12} {stage:<9} " + " ".join(f"{t:8.2f}" for t in times) + "   "
                  + " ".join(f"{r:5.2f}" for r in ratios) + "   "
                  + " ".join(f"{r['peak_mb']:7.0f}" for r in rows) + f"  {flag.strip()}"
                  + f"  (base {rows[0]['base_mb']:.0f} MB)", flush=True)
            for e in sorted(errors):
                print(f"{'':22}error: {e}")
    return bad


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--_one":
        _one_child(sys.argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=12_500, help="base size in characters (default 12,500)")
    ap.add_argument("--only", help="comma-separated input names (default: all)")
    ap.add_argument("--stage", choices=["pipeline", "extract", "normalize", "decode"],
                    default="pipeline", help="what to time (default: segment + all extractors)")
    ap.add_argument("--max-exponent", type=float, default=1.35,
                    help="flag growth faster than n^this (default 1.35; linear is 1, quadratic 2)")
    ap.add_argument("--one-article", action="store_true",
                    help="time and peak memory of ONE article of 100k…800k chars (issue 21)")
    ap.add_argument("--one-stages", default="segment,pipeline",
                    help="with --one-article: stages to time (segment, pipeline)")
    args = ap.parse_args()
    if args.one_article:
        return 1 if one_article(args.one_stages.split(",")) else 0
    names = args.only.split(",") if args.only else [*INPUTS, *HTML_INPUTS]
    unknown = [x for x in names if x not in INPUTS and x not in HTML_INPUTS]
    if unknown:
        ap.error(f"unknown input(s): {', '.join(unknown)}")

    n = args.n
    process(make_article("Ngày 21/1/2021, Đại tá Nguyễn Văn A thăm cửa khẩu Hữu Nghị."))  # warm-up
    print(f"stage={args.stage}  sizes: n={n:,} 2n 4n 8n chars  (ratio = time(2k)/time(k); linear ≈ 2)")
    print(f"{'input':<14} {'n':>8} {'2n':>8} {'4n':>8} {'8n':>8}   ratios             8n/n   exp  flag")
    flagged = 0
    for name in names:
        times = measure(name, n, args.stage)
        ratios = [b / a if a > 1e-4 else float("nan") for a, b in zip(times, times[1:], strict=False)]
        total = times[-1] / max(times[0], 1e-4)
        exponent = math.log(total) / math.log(8)
        # Tiny timings are noise: only an input that takes real time at 8n can flag.
        bad = exponent > args.max_exponent and times[-1] > 0.1
        flagged += bad
        print(f"{name:<14} " + " ".join(f"{t:8.3f}" for t in times) + "   "
              + " ".join(f"{r:5.2f}" for r in ratios)
              + f"  {total:6.2f} {exponent:5.2f}  {'SUPERLINEAR' if bad else 'ok'}")
    print(f"\n{flagged} input(s) flagged" if flagged else "\nall inputs scale linearly")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())

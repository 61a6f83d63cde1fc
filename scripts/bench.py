"""Throughput of the pipeline against underthesea's own baselines (`make bench`).

On the ../shared corpus bodies (read through pipeline.ingest, repeated to --articles, each
copy made unique by a short suffix line so the database stores them all), one run prints
articles/s and characters/s for:

- the pipeline (segment + extract) in this process, 1 worker, over all articles, with the
  cost of each stage (segment and each extractor) on one pass over the unique texts;
- the same with the local engine's N worker processes (engine.process_stream);
- end to end: `vnfacts run --workers N` into a temporary database (and `--engine dask`
  when dask is installed), in a subprocess that reports its peak RSS and its workers';
- `underthesea.word_tokenize` alone (whole article texts, one pass over the unique texts)
  and `underthesea.ner` alone, sentence by sentence, on a sample (it is slow);

then the ratios the issue sets targets for (pipeline ≥ 0.8× word_tokenize, ≥ 10× ner).
Peak RSS comes from resource.getrusage: this process, and the largest of its children (the
worker processes). The machine's load average is printed: figures are noisy when it is high.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _mb(kb: int) -> float:
    return kb / 1024  # ru_maxrss is in KiB on Linux


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                      if ln.startswith("MemTotal"))
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        mem = "?"
    import underthesea

    return {"nproc": str(os.cpu_count()), "cpu": cpu, "memory": mem,
            "python": platform.python_version(), "underthesea": underthesea.__version__,
            "load average (1, 5, 15 min)": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def load_texts(shared: Path, n: int, limit: int | None = None) -> tuple[list, list]:
    """(unique articles, n articles: the unique ones repeated, copies made unique)."""
    from pipeline.ingest import iter_articles
    from pipeline.types import Article, text_sha256

    unique = [a for a in iter_articles([str(shared / "corpus")]) if isinstance(a, Article)]
    unique = unique[:limit] if limit else unique
    if not unique:
        raise SystemExit(f"no articles under {shared / 'corpus'}")
    out = []
    k = 0
    while len(out) < n:
        for a in unique:
            if len(out) >= n:
                break
            if k == 0:
                out.append(a)
                continue
            text = f"{a.text}\n\nBản {k}."
            sha = text_sha256(text)
            out.append(a.model_copy(update={"text": text, "sha256": sha, "id": sha[:16],
                                            "source": f"{a.source}#{k}"}))
        k += 1
    return unique, out


def rate(label: str, seconds: float, articles: int, chars: int, note: str = "") -> dict:
    r = {"label": label, "seconds": seconds, "articles": articles, "chars": chars,
         "art_s": articles / seconds, "chars_s": chars / seconds, "note": note}
    print(f"  {label:<44} {r['art_s']:8.1f} art/s {r['chars_s']:>10,.0f} chars/s "
          f"({articles} art, {seconds:.1f} s){'  ' + note if note else ''}", flush=True)
    return r


def stage_costs(unique: list) -> tuple[dict, dict[str, float]]:
    """One pass of the pipeline over the unique texts, timing segment and each extractor
    (the same calls runner.process makes, in its order)."""
    from extractors import ORDER, module, plan
    from pipeline.segment import segment

    cost: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    for a in unique:
        t = time.perf_counter()
        doc = segment(a)
        cost["segment"] += time.perf_counter() - t
        prior: dict = {}
        for kind in plan(set(ORDER)):
            t = time.perf_counter()
            prior[kind] = list(module(kind).extract(doc, prior))
            cost[f"extract:{kind}"] += time.perf_counter() - t
    total = time.perf_counter() - t0
    r = rate("pipeline, 1 worker (unique texts, by stage)", total, len(unique),
             sum(len(a.text) for a in unique))
    return r, dict(cost)


def e2e(args: list[str]) -> dict:
    """`vnfacts run ARGS` in a subprocess; seconds and peak RSS (itself, largest worker)."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--_e2e", json.dumps(args)],
                         capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t
    if out.returncode not in (0, 1):
        print(out.stdout[-2000:], out.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"vnfacts run failed ({out.returncode})")
    usage = json.loads(out.stdout.strip().splitlines()[-1])
    return {"seconds": seconds, **usage}


def _e2e_child(argv: str) -> None:
    from pipeline.cli import main

    try:
        main.main(json.loads(argv), standalone_mode=False)
    except SystemExit:
        pass
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"rss_parent_mb": _mb(me), "rss_worker_mb": _mb(kids)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--ner-articles", type=int, default=15,
                    help="articles whose sentences the ner baseline runs on")
    ap.add_argument("--unique", type=int, default=None,
                    help="use only the first N unique articles (a quick smoke run)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask engine run")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--_e2e", help=argparse.SUPPRESS)
    ns = ap.parse_args()
    if ns._e2e:
        _e2e_child(ns._e2e)
        return

    import underthesea

    from pipeline import engine
    from pipeline.runner import process
    from pipeline.segment import segment

    info = machine()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    t = time.perf_counter()
    unique, arts = load_texts(Path(ns.shared).resolve(), ns.articles, ns.unique)
    chars = sum(len(a.text) for a in arts)
    uchars = sum(len(a.text) for a in unique)
    print(f"texts: {len(unique)} unique ../shared/corpus articles ({uchars:,} chars), repeated "
          f"to {len(arts)} ({chars:,} chars); ingest {time.perf_counter() - t:.1f} s", flush=True)
    process(unique[0])  # load models before timing anything
    results: dict = {"machine": info}

    print("baselines (one pass over the unique texts):", flush=True)
    t = time.perf_counter()
    for a in unique:
        underthesea.word_tokenize(a.text)
    results["word_tokenize"] = rate("underthesea.word_tokenize alone", time.perf_counter() - t,
                                    len(unique), uchars)
    sample = unique[:ns.ner_articles]
    sents = [s for a in sample for s in (a.text[x.start:x.end] for x in segment(a).sentences)]
    underthesea.ner(sents[0])
    t = time.perf_counter()
    for s in sents:
        underthesea.ner(s)
    results["ner"] = rate("underthesea.ner alone, sentence by sentence", time.perf_counter() - t,
                          len(sample), sum(len(a.text) for a in sample),
                          note=f"sample: {len(sample)} articles, {len(sents)} sentences")
    t = time.perf_counter()
    for a in sample:
        process(a)
    results["pipeline_ner_sample"] = rate("pipeline, 1 worker, on the ner sample",
                                          time.perf_counter() - t, len(sample),
                                          sum(len(a.text) for a in sample))
    results["stages_run"], cost = stage_costs(unique)
    total = sum(cost.values())
    for k, v in sorted(cost.items(), key=lambda kv: -kv[1]):
        print(f"    {k:<24} {v:7.2f} s  {100 * v / total:5.1f} %  "
              f"{1000 * v / len(unique):6.1f} ms/article")
    results["stages"] = cost

    print(f"pipeline (segment + extract) over {len(arts)} articles:", flush=True)
    t = time.perf_counter()
    for _ in engine.process_stream(arts, None, workers=1):
        pass
    results["pipeline_1"] = rate("1 worker (in process)", time.perf_counter() - t,
                                 len(arts), chars)
    results["rss_1_mb"] = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    t = time.perf_counter()
    for _ in engine.process_stream(arts, None, workers=ns.workers):
        pass
    results["pipeline_n"] = rate(f"{ns.workers} workers (process pool, incl. model load)",
                                 time.perf_counter() - t, len(arts), chars)
    results["rss_worker_mb"] = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"  peak RSS: 1-worker process {results['rss_1_mb']:.0f} MB (holds the "
          f"{len(arts)} texts); largest pool worker {results['rss_worker_mb']:.0f} MB", flush=True)

    print(f"end to end (vnfacts run into a temporary database, {len(arts)} articles):", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in arts:
                fh.write(json.dumps({"text": a.text, "title": a.title, "url": a.url,
                                     "published": a.published.isoformat() if a.published
                                     else None}, ensure_ascii=False) + "\n")
        runs = [("local", ["--workers", str(ns.workers)])]
        if not ns.no_dask:
            try:
                import distributed  # noqa: F401

                runs.append(("dask", ["--engine", "dask", "--workers", str(ns.workers)]))
            except ImportError:
                print("  (dask not installed: no Dask run)")
        for name, extra in runs:
            db = Path(tmp) / f"{name}.db"
            u = e2e(["run", str(src), "--db", str(db), "-q", *extra])
            results[f"e2e_{name}"] = {**rate(f"vnfacts run {' '.join(extra)}", u["seconds"],
                                             len(arts), chars, note="incl. startup"), **u}
            print(f"    peak RSS: parent {u['rss_parent_mb']:.0f} MB, largest worker "
                  f"{u['rss_worker_mb']:.0f} MB; db {db.stat().st_size / 2**20:.0f} MB",
                  flush=True)

    p1, pn = results["pipeline_1"]["art_s"], results["pipeline_n"]["art_s"]
    st = results["stages_run"]["chars_s"]
    print("ratios:")
    print(f"  {ns.workers} workers / 1 worker:               {pn / p1:5.2f}×  (target ≥ 1.7× on 2 cores)")
    print(f"  pipeline / word_tokenize (chars/s):    {st / results['word_tokenize']['chars_s']:5.2f}×"
          "  (target ≥ 0.8×)")
    ps = results["pipeline_ner_sample"]["chars_s"]
    print(f"  pipeline / ner sentence by sentence:   {ps / results['ner']['chars_s']:5.2f}×"
          "  (target ≥ 10×; both on the ner sample)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if ns.json:
        Path(ns.json).write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()

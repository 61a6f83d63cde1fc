"""Throughput of the pipeline against underthesea's own baselines (`make bench`).

On the ../shared corpus bodies (read through pipeline.ingest, repeated to --articles, each
copy made unique by a short suffix line so the database stores them all), one run prints
articles/s and characters/s for:

- the pipeline (segment + extract) in this process, 1 worker, over all articles, with the
  cost of each stage (segment and each extractor) on one pass over the unique texts;
- the same with the local engine's N worker processes (engine.process_stream);
- end to end: `vnfacts run` with 1 and with N workers into a temporary database (and
  `--engine dask` when dask is installed), in a subprocess that reports its peak RSS and
  its workers'; the input is a JSONL dump of the texts, so ingest is timed too;
- `underthesea.word_tokenize` alone (whole article texts, one pass over the unique texts)
  and `underthesea.ner` alone, sentence by sentence, on a sample (it is slow);

then the ratios the issue sets targets for (pipeline ≥ 0.8× word_tokenize, ≥ 10× ner).
Peak RSS: resource.getrusage for this process, the VmHWM of each worker process (sampled
from /proc) for the workers. CPU seconds are printed beside wall time: on a machine shared
with other work, CPU-bound scaling (1-worker CPU × N / pool CPU) is the load-independent
figure. The machine's load average is printed: figures are noisy when it is high.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _mb(kb: int) -> float:
    return kb / 1024  # ru_maxrss is in KiB on Linux


class PeakRSS:
    """Samples the peak RSS (VmHWM) of this process's descendants every `every` seconds.

    ru_maxrss of a spawned child is useless here: Linux carries the forking parent's high
    water mark across exec, so every worker would report at least the parent's size."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak: dict[int, tuple[int, int]] = {}  # pid -> (depth, peak KiB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            parents: dict[int, int] = {}
            hwm: dict[int, int] = {}
            for d in os.listdir("/proc"):
                if not d.isdigit():
                    continue
                try:
                    status = Path(f"/proc/{d}/status").read_text()
                except OSError:
                    continue
                fields = dict(ln.split(":", 1) for ln in status.splitlines() if ":" in ln)
                parents[int(d)] = int(fields.get("PPid", "0").strip())
                if "VmHWM" in fields:
                    hwm[int(d)] = int(fields["VmHWM"].split()[0])
            for pid, kb in hwm.items():
                depth, p = 0, pid
                while p and p != me and depth < 10:
                    p, depth = parents.get(p, 0), depth + 1
                if p == me and pid != me:
                    old = self.peak.get(pid, (depth, 0))
                    self.peak[pid] = (depth, max(old[1], kb))
            self._stop.wait(self.every)

    def largest(self, min_depth: int = 1, max_depth: int = 99) -> float:
        """MB: the largest peak among descendants at these depths (1 = children)."""
        return max((kb for d, kb in self.peak.values() if min_depth <= d <= max_depth),
                   default=0) / 1024


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
    from vnfacts.pipeline.ingest import iter_articles
    from vnfacts.pipeline.types import Article, text_sha256

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
    from vnfacts.pipeline.segment import segment
    from vnfacts.pipeline.types import kind_names, plan, spec

    cost: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    for a in unique:
        t = time.perf_counter()
        doc = segment(a)
        cost["segment"] += time.perf_counter() - t
        prior: dict = {}
        for kind in plan(set(kind_names())):
            t = time.perf_counter()
            prior[kind] = list(spec(kind).extract(doc, prior))
            cost[f"extract:{kind}"] += time.perf_counter() - t
    total = time.perf_counter() - t0
    r = rate("pipeline, 1 worker (unique texts, by stage)", total, len(unique),
             sum(len(a.text) for a in unique))
    return r, dict(cost)


def e2e(args: list[str]) -> dict:
    """`vnfacts run ARGS` in a subprocess; seconds and peak RSS (itself, largest worker)."""
    t = time.perf_counter()
    with PeakRSS() as peak:
        out = subprocess.run([sys.executable, __file__, "--_e2e", json.dumps(args)],
                             capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t
    if out.returncode not in (0, 1):
        print(out.stdout[-2000:], out.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"vnfacts run failed ({out.returncode})")
    usage = json.loads(out.stdout.strip().splitlines()[-1])
    # depth 1: the `vnfacts run` process; 2+: its workers (and Dask's nannies, scheduler)
    return {"seconds": seconds, **usage, "rss_parent_mb": peak.largest(1, 1),
            "rss_worker_mb": peak.largest(2)}


def _e2e_child(argv: str) -> None:
    from vnfacts.pipeline.cli import main

    try:
        main.main(json.loads(argv), standalone_mode=False)
    except SystemExit:
        pass
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"cpu_parent_s": me.ru_utime + me.ru_stime,
                      "cpu_workers_s": kids.ru_utime + kids.ru_stime}))


def baselines_and_pipeline(ns: argparse.Namespace, unique: list, arts: list, results: dict) -> None:
    """underthesea's baselines, the pipeline by stage, and the pipeline in a process pool."""
    import underthesea
    from vnfacts.pipeline import engine
    from vnfacts.pipeline.runner import process
    from vnfacts.pipeline.segment import segment

    chars = sum(len(a.text) for a in arts)
    uchars = sum(len(a.text) for a in unique)
    process(unique[0])  # load models before timing anything
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
    c0 = time.process_time()
    for _ in engine.process_stream(arts, None, workers=1):
        pass
    results["pipeline_1"] = rate("1 worker (in process)", time.perf_counter() - t,
                                 len(arts), chars)
    results["pipeline_1"]["cpu_s"] = time.process_time() - c0
    results["rss_1_mb"] = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    t = time.perf_counter()
    c0 = time.process_time()
    with PeakRSS() as peak:
        for _ in engine.process_stream(arts, None, workers=ns.workers):
            pass
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_kids = kids.ru_utime + kids.ru_stime
    results["pipeline_n"] = rate(f"{ns.workers} workers (process pool, incl. model load)",
                                 time.perf_counter() - t, len(arts), chars)
    results["pipeline_n"]["cpu_workers_s"] = cpu_kids
    results["pipeline_n"]["cpu_parent_s"] = time.process_time() - c0
    results["rss_worker_mb"] = peak.largest(1, 1)
    print(f"  CPU: 1 worker {results['pipeline_1']['cpu_s']:.1f} s; pool workers {cpu_kids:.1f} s "
          f"+ parent {results['pipeline_n']['cpu_parent_s']:.1f} s (CPU-bound scaling "
          f"without other load ≈ {ns.workers * results['pipeline_1']['cpu_s'] / max(cpu_kids, results['pipeline_n']['cpu_parent_s'] * ns.workers, 1e-9):.2f}×)",
          flush=True)
    print(f"  peak RSS: 1-worker process {results['rss_1_mb']:.0f} MB (it holds all "
          f"{len(arts)} texts); largest pool worker {results['rss_worker_mb']:.0f} MB", flush=True)


def end_to_end(ns: argparse.Namespace, arts: list, results: dict) -> None:
    """`vnfacts run` from a JSONL dump into a temporary database: 1 and N local workers
    (alternating, `--repeat` times: single wall-clock figures are noisy on a shared
    machine), then the Dask engine once."""
    chars = sum(len(a.text) for a in arts)
    print(f"end to end (vnfacts run into a temporary database, {len(arts)} articles):", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in arts:
                fh.write(json.dumps({"text": a.text, "title": a.title, "url": a.url,
                                     "published": a.published.isoformat() if a.published
                                     else None}, ensure_ascii=False) + "\n")
        runs = [("local_1", ["--workers", "1"]), ("local", ["--workers", str(ns.workers)])]
        runs *= ns.repeat
        if not ns.no_dask:
            try:
                import distributed  # noqa: F401

                runs.append(("dask", ["--engine", "dask", "--workers", str(ns.workers)]))
            except ImportError:
                print("  (dask not installed: no Dask run)")
        for name, extra in runs:
            db = Path(tmp) / f"{name}.db"
            db.unlink(missing_ok=True)
            u = e2e(["run", str(src), "--db", str(db), "-q", *extra])
            r = {**rate(f"vnfacts run {' '.join(extra)}", u["seconds"], len(arts), chars,
                        note="incl. startup"), **u}
            results.setdefault(f"e2e_{name}_all", []).append(r)
            results[f"e2e_{name}"] = r
            print(f"    peak RSS: vnfacts process {u['rss_parent_mb']:.0f} MB, largest worker "
                  f"{u['rss_worker_mb']:.0f} MB; CPU: vnfacts process {u['cpu_parent_s']:.1f} s, "
                  f"workers {u['cpu_workers_s']:.1f} s; db {db.stat().st_size / 2**20:.0f} MB",
                  flush=True)


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
    ap.add_argument("--e2e-only", action="store_true",
                    help="only the end-to-end runs (worker scaling), no baselines")
    ap.add_argument("--repeat", type=int, default=1,
                    help="end-to-end 1-worker/N-worker pairs to run (the median ratio is printed)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--no-one-article", action="store_true",
                    help="skip the one-long-article figures (scripts/pathological.py --one-article)")
    ap.add_argument("--_e2e", help=argparse.SUPPRESS)
    ns = ap.parse_args()
    if ns._e2e:
        _e2e_child(ns._e2e)
        return

    info = machine()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    t = time.perf_counter()
    unique, arts = load_texts(Path(ns.shared).resolve(), ns.articles, ns.unique)
    chars = sum(len(a.text) for a in arts)
    uchars = sum(len(a.text) for a in unique)
    print(f"texts: {len(unique)} unique ../shared/corpus articles ({uchars:,} chars), repeated "
          f"to {len(arts)} ({chars:,} chars); ingest {time.perf_counter() - t:.1f} s", flush=True)
    results: dict = {"machine": info}
    if not ns.e2e_only:
        baselines_and_pipeline(ns, unique, arts, results)
    end_to_end(ns, arts, results)

    print("ratios:")
    if not ns.e2e_only:
        p1, pn = results["pipeline_1"]["art_s"], results["pipeline_n"]["art_s"]
        print(f"  {ns.workers} workers / 1 worker, pipeline:     {pn / p1:5.2f}×"
              "  (process pool alone, articles already read)")
    pairs = sorted(n["art_s"] / o["art_s"]
                   for o, n in zip(results["e2e_local_1_all"], results["e2e_local_all"], strict=True))
    median = statistics.median(pairs)
    spread = f"; {len(pairs)} pairs, {pairs[0]:.2f}–{pairs[-1]:.2f}×" if len(pairs) > 1 else ""
    print(f"  {ns.workers} workers / 1 worker, end to end:   {median:5.2f}×  (target ≥ 1.7× on 2 "
          f"cores; vnfacts run, ingest to database{spread})")
    results["e2e_scaling"] = {"median": median, "pairs": pairs}
    if not ns.e2e_only:
        st = results["stages_run"]["chars_s"]
        print(f"  pipeline / word_tokenize (chars/s):    {st / results['word_tokenize']['chars_s']:5.2f}×"
              "  (target ≥ 0.8×)")
        ps = results["pipeline_ner_sample"]["chars_s"]
        print(f"  pipeline / ner sentence by sentence:   {ps / results['ner']['chars_s']:5.2f}×"
              "  (target ≥ 10×; both on the ner sample)")
    if not ns.no_one_article:
        # Issue 21: time and peak memory of ONE article of 100k…800k characters.
        print("one long article (scripts/pathological.py --one-article):", flush=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "pathological.py"), "--one-article"],
                       check=False)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if ns.json:
        Path(ns.json).write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()

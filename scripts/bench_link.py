"""`vnfacts link` at scale: the corpus's facts repeated (article ids made unique) to
50,000, 100,000 and 200,000 facts; each size linked in a fresh process (one core: the link
is single-threaded), with wall time and peak memory (ru_maxrss). `make bench` runs it.

    python scripts/bench_link.py [--sizes 50000,100000,200000] [--base out/bench_link_base.db]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CHILD = """
import json, resource, sys, time
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.store.links import link_run
store = Store.open(sys.argv[1])
t = time.perf_counter()
c = link_run(store, 1)
dt = time.perf_counter() - t
store.close()
print(json.dumps({"seconds": dt, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "articles": c.articles, "mentions": c.mentions, "indicators": c.indicators,
                  "people": c.people, "points": c.points}))
"""


def base_db(path: Path, shared: Path) -> Path:
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(Path(sys.executable).parent / "vnfacts"), "run", str(shared / "corpus"),
                        "--db", str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def scaled_db(base: Path, dst: Path, facts: int) -> int:
    """A database of about `facts` facts: whole copies of the base run's articles, each
    copy's article ids suffixed ("-3"), FTS left out (the link never reads it)."""
    from vnfacts.pipeline.store import Store

    for p in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm")):
        p.unlink(missing_ok=True)
    Store.open(dst).close()
    con = sqlite3.connect(dst)
    con.execute("DROP TRIGGER IF EXISTS articles_ai")
    for t in [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]:
        con.execute(f"DROP TRIGGER [{t}]")
    con.execute("ATTACH ? AS b", [str(base)])
    (per_copy,) = con.execute("SELECT count(*) FROM b.facts WHERE run_id = 1").fetchone()
    con.execute("INSERT INTO runs (id, started, version, config) VALUES (1, 'bench', 'bench', '{}')")
    copies = max(1, round(facts / per_copy))
    for k in range(copies):
        sfx = f"-{k}"
        con.execute("INSERT INTO articles SELECT id || ?, source, title, url, publisher, published, "
                    "format, sha256, text, ingested_at, encoding FROM b.articles", [sfx])
        con.execute("INSERT INTO run_articles SELECT 1, article_id || ?, source FROM b.run_articles "
                    "WHERE run_id = 1", [sfx])
        con.execute("INSERT INTO facts (run_id, article_id, kind, start, [end], text, value, rule, "
                    "confidence) SELECT 1, article_id || ?, kind, start, [end], text, value, rule, "
                    "confidence FROM b.facts WHERE run_id = 1", [sfx])
    con.commit()
    (n,) = con.execute("SELECT count(*) FROM facts").fetchone()
    con.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50000,100000,200000")
    ap.add_argument("--base", default=str(ROOT / "out" / "bench_link_base.db"))
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--json", help="also write the figures to this file")
    ns = ap.parse_args()
    base = base_db(Path(ns.base), Path(ns.shared))
    rows = []
    for size in (int(s) for s in ns.sizes.split(",")):
        dst = ROOT / "out" / f"bench_link_{size}.db"
        t = time.perf_counter()
        n = scaled_db(base, dst, size)
        build = time.perf_counter() - t
        out = subprocess.run([sys.executable, "-c", _CHILD, str(dst)], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
        r = json.loads(out.strip().splitlines()[-1]) | {"facts": n, "build_seconds": build}
        rows.append(r)
        print(f"vnfacts link: {n:>8,} facts ({r['articles']:,} articles, {r['mentions']:,} official "
              f"mentions, {r['indicators']:,} series sources) in {r['seconds']:5.1f} s "
              f"= {n / r['seconds']:,.0f} facts/s, peak memory {r['maxrss_mb']:.0f} MB "
              f"({r['people']:,} people, {r['points']:,} points)")
        for p in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm")):
            p.unlink(missing_ok=True)
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        print(f"memory as input grows {b['facts'] / a['facts']:.1f}x: "
              f"{a['maxrss_mb']:.0f} MB → {b['maxrss_mb']:.0f} MB ({b['maxrss_mb'] / a['maxrss_mb']:.2f}x)")
    if ns.json:
        Path(ns.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

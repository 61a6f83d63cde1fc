"""Score `vnfacts link` against gold/links/: person-link precision/recall, series points right.

    python scripts/score_links.py --db out/links.db            # a linked database
    python scripts/score_links.py --build out/links.db         # run + link first (~40 s)

--build runs the pipeline on ../shared/corpus, corpus/ and the development general news
(../shared/general minus the held-out lines of gold/general/selection.json), then links.
Exit 1 when a figure is below its target (precision 0.97, recall 0.90, points 0.90).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"precision": 0.97, "recall": 0.90, "points": 0.90}


def dev_general(shared: Path, out: Path) -> Path:
    """../shared/general/articles.jsonl without its held-out lines (never read them)."""
    sel = json.loads((ROOT / "gold" / "general" / "selection.json").read_text(encoding="utf-8"))
    held = {e["line"] for e in sel["heldout"]}
    dst = out.parent / "general_dev.jsonl"
    with open(shared / "general" / "articles.jsonl", encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as o:
        for i, line in enumerate(f, 1):
            if i not in held:
                o.write(line)
    return dst


def build(db: Path, shared: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    vnfacts = [str(Path(sys.executable).parent / "vnfacts")]
    gen = dev_general(shared, db)
    subprocess.run([*vnfacts, "run", str(ROOT / "corpus"), str(shared / "corpus"), str(gen),
                    "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*vnfacts, "link", "--db", str(db)], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a database `vnfacts link` has linked")
    ap.add_argument("--build", metavar="DB", help="run the pipeline and link into DB first")
    ap.add_argument("--gold", default=str(ROOT / "gold" / "links"))
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ns = ap.parse_args()
    if ns.build:
        build(Path(ns.build), Path(ns.shared))
    db = ns.build or ns.db
    if not db:
        ap.error("give --db or --build")

    from vnfacts.pipeline.link_score import (
        load_people_gold,
        load_series_gold,
        score_people,
        score_series,
    )
    from vnfacts.pipeline.store import Store
    from vnfacts.pipeline.store.links import mention_people, point_predictions

    gold = Path(ns.gold)
    with Store.open(db, readonly=True) as store:
        ps = score_people(load_people_gold(gold / "people.json"), mention_people(store))
        points = load_series_gold(gold / "series.json")
        predicted = point_predictions(store)
        ss = score_series(points, predicted)
        per_sample = {k: score_series([p for p in points if p.get("sample") == k], predicted)
                      for k in sorted({p.get("sample") for p in points})}
    print(f"people: {ps.mentions} gold mentions ({ps.found} found as official facts) in "
          f"{ps.units} article-person units; cross-article links gold {ps.gold_links}, "
          f"predicted {ps.predicted_links}, correct {ps.correct_links}")
    print(f"  link precision {ps.precision:.3f} (target {TARGETS['precision']})  "
          f"recall {ps.recall:.3f} (target {TARGETS['recall']})")
    print(f"series: {ss.right}/{ss.points} points right = {ss.accuracy:.3f} "
          f"(target {TARGETS['points']}); wrong by field: {ss.wrong}")
    print("  by sample: " + ", ".join(f"{k}: {v.right}/{v.points} = {v.accuracy:.3f}"
                                      for k, v in per_sample.items())
          + " (sample 1 tuned the rules, sample 2 drawn after)")
    ok = (ps.precision >= TARGETS["precision"] and ps.recall >= TARGETS["recall"]
          and ss.accuracy >= TARGETS["points"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

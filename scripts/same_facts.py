"""Are the facts of a full run the same at two revisions? (a refactor's proof, `make same-facts`)

Runs `vnfacts run` over the same inputs twice, once with the code of git revision --base
(exported with `git archive` into a temporary folder and imported from there, so the
installed package is not touched) and once with this working tree, each into its own
database, then compares every fact of every article: kind, offsets, text, the whole value,
the rule that fired and the confidence. Prints the counts and the first differences; exits
1 when any fact differs, 0 when the two runs are identical.

    python scripts/same_facts.py --base 25b7891                 # ../shared/corpus + corpus/
    python scripts/same_facts.py --base main ../shared/general/articles.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The installed layout (pyproject's package-dir): vnfacts/ plus pipeline/ and extractors/
# mounted under it. The exported revision is arranged the same way for import.
_MOUNTS = {"pipeline": "pipeline", "extractors": "extractors"}
# An editable install puts its own finder on sys.meta_path, ahead of PYTHONPATH: the child
# drops it when it is to import the exported revision.
_PRELUDE = ("import os, sys\n"
            "if os.environ.get('SAME_FACTS_ROOT'):\n"
            "    sys.meta_path[:] = [f for f in sys.meta_path\n"
            "                        if 'editable' not in getattr(f, '__module__', '')]\n"
            "    sys.path[:0] = os.environ['SAME_FACTS_ROOT'].split(os.pathsep)\n")
_WHERE = _PRELUDE + "import vnfacts; print(vnfacts.__file__)"
_RUN = _PRELUDE + "from vnfacts.pipeline.cli import main; sys.exit(main())"


def export(rev: str, dest: Path) -> list[Path]:
    """The tree of `rev` under dest/tree; the import roots: dest/imp (whose `vnfacts` is it)
    and the tree."""
    tree = dest / "tree"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    pkg = dest / "imp" / "vnfacts"
    shutil.copytree(tree / "vnfacts", pkg)
    for name, folder in _MOUNTS.items():
        (pkg / name).symlink_to(tree / folder, target_is_directory=True)
    # the tree itself too: revisions before the `vnfacts` package imported `pipeline` directly
    return [dest / "imp", tree]


def run(inputs: list[str], db: Path, import_roots: list[Path] | None) -> None:
    env = dict(os.environ)
    if import_roots is not None:
        env["SAME_FACTS_ROOT"] = os.pathsep.join(map(str, import_roots))
    where = subprocess.run([sys.executable, "-c", _WHERE],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    print(f"  vnfacts from {where}", flush=True)
    out = subprocess.run([sys.executable, "-c", _RUN, "run", *inputs, "--db", str(db), "-q"],
                         env=env, capture_output=True, text=True, check=False)
    # 1 may mean "some input failed, recorded in the run": a run must exist all the same
    if out.returncode not in (0, 1) or not _has_run(db):
        sys.exit(f"vnfacts run failed ({out.returncode}):\n{out.stderr[-3000:]}")


def _has_run(db: Path) -> bool:
    from vnfacts.pipeline.store import Store

    if not db.exists():
        return False
    with Store.open(db, readonly=True) as store:
        return store.latest_run_id() is not None


def facts(db: Path) -> dict[str, list[str]]:
    """{article id: its facts as canonical JSON lines} of the database's latest run (articles
    with facts: only the facts table is read, so a base of another schema version compares)."""
    from vnfacts.pipeline.store import Store

    with Store.open(db, readonly=True) as store:
        run_id = store.latest_run_id()
        by_article = store.facts_by_article(run_id)
    return {aid: [json.dumps(f.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
                  for f in fs] for aid, fs in by_article.items()}


def compare(base: dict[str, list[str]], head: dict[str, list[str]], show: int) -> int:
    """Prints the differences; returns how many facts differ (either side)."""
    only_base, only_head = sorted(base.keys() - head.keys()), sorted(head.keys() - base.keys())
    for label, ids in (("only in base", only_base), ("only in head", only_head)):
        if ids:
            print(f"articles {label}: {len(ids)} (e.g. {', '.join(ids[:3])})")
    differing = 0
    shown = 0
    for aid in sorted(base.keys() & head.keys()):
        b, h = set(base[aid]), set(head[aid])
        gone, new = sorted(b - h), sorted(h - b)
        differing += len(gone) + len(new)
        for sign, lines in (("-", gone), ("+", new)):
            for line in lines:
                if shown < show:
                    print(f"  {aid} {sign} {line[:300]}")
                    shown += 1
    n_base = sum(len(v) for v in base.values())
    n_head = sum(len(v) for v in head.values())
    print(f"articles: base {len(base)}, head {len(head)}; facts: base {n_base}, head {n_head}; "
          f"differing facts: {differing}")
    return differing + len(only_base) + len(only_head)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="inputs of `vnfacts run` (default: ../shared/corpus "
                    "and corpus/)")
    ap.add_argument("--base", required=True, help="git revision of the code to compare with")
    ap.add_argument("--show", type=int, default=20, help="differences to print")
    ap.add_argument("--keep", help="keep the two databases in this folder")
    ns = ap.parse_args()
    inputs = ns.inputs or [str(ROOT.parent / "shared" / "corpus"), str(ROOT / "corpus")]
    inputs = [str(Path(p).resolve()) for p in inputs]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(ns.keep) if ns.keep else Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        base_db, head_db = tmp / "base.db", tmp / "head.db"
        for db in (base_db, head_db):
            db.unlink(missing_ok=True)
        print(f"base: {ns.base}", flush=True)
        with tempfile.TemporaryDirectory() as code:
            run(inputs, base_db, export(ns.base, Path(code)))
        print("head: this working tree", flush=True)
        run(inputs, head_db, None)
        n = compare(facts(base_db), facts(head_db), ns.show)
    print("identical" if n == 0 else "DIFFERENT")
    sys.exit(1 if n else 0)


if __name__ == "__main__":
    main()

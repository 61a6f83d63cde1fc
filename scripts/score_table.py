"""The README's accuracy table: value and record F1 per kind on each gold set, from
`vnfacts score --json` over the databases `make score` wrote (out/<set>.db).

    .venv/bin/python scripts/score_table.py [gold gold/heldout gold/general gold/general/heldout]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("document", "date", "official", "border_gate", "indicator")


def main(argv: list[str]) -> int:
    sets = argv or ["gold", "gold/heldout", "gold/general", "gold/general/heldout"]
    exe = Path(sys.executable).with_name("vnfacts")
    print("| set | mode | " + " | ".join(KINDS) + " |")
    print("|---|---|" + "---|" * len(KINDS))
    for g in sets:
        db = ROOT / "out" / (g.replace("/", "_") + ".db")
        out = subprocess.run([str(exe), "score", "--gold", g, "--db", str(db), "--json"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
        s = json.loads(out)
        for mode in ("value", "record"):
            cells = []
            for k in KINDS:
                f = s["modes"][mode][k]["f"]
                n = s["gold_facts"][k]
                cells.append("–" if f is None else f"{f:.3f} ({n})" if mode == "value" else f"{f:.3f}")
            print(f"| {g} ({s['articles']} articles) | {mode} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

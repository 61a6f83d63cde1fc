"""Anchor hand-written gold sources (gold/src/<slug>.json) into gold files (gold/<slug>.json).

A source lists facts in text order with their exact surface `text` and `value`; this tool
finds each surface in the article's stored body text (the output of `pipeline.ingest`),
searching from the previous fact's start so repeated surfaces anchor in order, and writes a
`pipeline.types.GoldFile` with offsets, the article id and the body's sha256.

Disambiguation: a fact may carry `"ctx": "longer text containing the surface"`; the context
is searched first and the surface is then anchored inside it (for short surfaces such as
"Sơn" that also occur inside other words or names). Surfaces match on word boundaries only,
unless the fact says `"loose": true` (scraped text with glued words: "Hà Nội40 cựu chiến binh").
A fact never overlaps an earlier fact of the same kind (one mention, one fact).

Usage:
    .venv/bin/python scripts/gold_anchor.py                # every gold/src/*.json
    .venv/bin/python scripts/gold_anchor.py gold/src/001_9b752b208f5696a5.json
    .venv/bin/python scripts/gold_anchor.py --check        # = vnfacts gold check
Exit status 1 when any source fails; nothing is written for a failing source.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vnfacts.pipeline.types import Article, GoldFile  # noqa: E402

SRC_DIR = ROOT / "gold" / "src"
OUT_DIR = ROOT / "gold"


class AnchorError(Exception):
    """A source that cannot be anchored: the message says which fact and why."""


RAW = False  # --raw: the file's NFC text stands in for the body (checks surfaces only)


def _raw_article(full: Path, line: int | None) -> Article:
    from vnfacts.pipeline.api import make_article

    text = full.read_text(encoding="utf-8")
    if line is not None:
        text = json.loads(text.splitlines()[line - 1]).get("content", "")
    return make_article(text, source=str(full))


def load_article(path: str, line: int | None = None) -> Article:
    """The stored article for a repo-relative path (and 1-based line of a .jsonl file)."""

    full = (ROOT / path).resolve()
    if not full.is_file():
        raise AnchorError(f"article file not found: {path}")
    if RAW:
        return _raw_article(full, line)
    # Exactly as `vnfacts gold check` re-ingests it, so the sha256 agrees.
    from vnfacts.pipeline.gold import GoldError, ingest_ref
    from vnfacts.pipeline.types import GoldArticleRef

    try:
        return ingest_ref(GoldArticleRef(path=path, line=line), ROOT)
    except GoldError as e:
        raise AnchorError(str(e)) from e


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_surface(body: str, surface: str, cursor: int, limit: int | None = None,
                 taken: list[tuple[int, int]] | None = None, loose: bool = False) -> int:
    """First start >= cursor where `surface` occurs on word boundaries (-1 when absent);
    a place overlapping a span in `taken` (facts of the same kind already anchored: one
    mention is one fact) is skipped."""
    end_limit = len(body) if limit is None else limit
    i = body.find(surface, cursor, end_limit)
    while i >= 0:
        j = i + len(surface)
        before = body[i - 1] if i > 0 else " "
        after = body[j] if j < len(body) else " "
        ok_left = loose or not (_is_word(surface[0]) and _is_word(before))
        ok_right = loose or not (_is_word(surface[-1]) and _is_word(after))
        free = not taken or all(j <= s or i >= e for s, e in taken)
        if ok_left and ok_right and free:
            return i
        i = body.find(surface, i + 1, end_limit)
    return -1


def anchor_facts(body: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Offsets for each source fact, in order; raises AnchorError on the first miss."""
    out: list[dict[str, Any]] = []
    used: dict[str, list[tuple[int, int]]] = {}  # kind → anchored spans
    cursor = 0
    for n, f in enumerate(facts):
        surface = f["text"]
        taken = used.setdefault(f["kind"], [])
        loose = bool(f.get("loose"))
        ctx = f.get("ctx")
        if ctx:
            c = body.find(ctx, cursor)
            if c < 0:
                raise AnchorError(f"fact #{n} {f['kind']} {surface!r}: context {ctx!r} "
                                  f"not found after offset {cursor}")
            i = find_surface(body, surface, c, c + len(ctx), taken, loose)
        else:
            i = find_surface(body, surface, cursor, taken=taken, loose=loose)
        if i < 0:
            where = find_surface(body, surface, 0)
            hint = (f" (it occurs earlier, at {where}: facts out of order?)" if where >= 0
                    else " (not in the stored body at all)")
            raise AnchorError(f"fact #{n} {f['kind']} {surface!r} not found after offset "
                              f"{cursor}{hint}")
        out.append({"kind": f["kind"], "start": i, "end": i + len(surface), "text": surface,
                    "value": f["value"]})
        taken.append((i, i + len(surface)))
        cursor = i
    return out


def anchor_source(src_path: Path, write: bool = True) -> GoldFile:
    """Anchor one source file and (optionally) write gold/<slug>.json."""
    src = json.loads(src_path.read_text(encoding="utf-8"))
    ref = src["article"]
    art = load_article(ref["path"], ref.get("line"))
    facts = anchor_facts(art.text, src["facts"])
    gold = GoldFile.model_validate({
        "article": ref, "id": art.id, "sha256": art.sha256, "published": art.published,
        "review": src["review"], "facts": facts,
    })
    for f in gold.facts:  # the model check: offsets read back the surface
        assert art.text[f.start:f.end] == f.text
    claimed = src.get("published")
    detected = art.published_date.isoformat() if art.published_date else None
    if claimed and claimed != detected:
        print(f"  note {src_path.name}: published in source {claimed}, detected {detected}",
              file=sys.stderr)
    if write:
        from vnfacts.pipeline.gold import dump_gold  # the project's one gold-file format

        # gold/src/X.json → gold/X.json; gold/heldout/src/X.json → gold/heldout/X.json
        out_dir = src_path.resolve().parent.parent if src_path.resolve().parent.name == "src" else OUT_DIR
        (out_dir / src_path.name).write_text(dump_gold(gold), encoding="utf-8")
    return gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sources", nargs="*", type=Path, help="gold/src/*.json (default: all)")
    ap.add_argument("--check", action="store_true", help="verify gold/*.json, write nothing")
    ap.add_argument("--dry-run", action="store_true", help="anchor but do not write")
    ap.add_argument("--raw", action="store_true",
                    help="interim: anchor in the raw file text (implies --dry-run)")
    args = ap.parse_args(argv)
    global RAW
    RAW = args.raw
    if RAW:
        args.dry_run = True
    failed = 0
    if args.check:  # the project's own check: schema, sha256, offsets, values, duplicates
        from vnfacts.pipeline.gold import check

        rep = check(OUT_DIR, ROOT)
        for problem in rep.problems:
            print(f"FAIL {problem}", file=sys.stderr)
        print(f"checked {rep.files} gold files, {rep.facts} facts, {len(rep.problems)} problems")
        return 0 if rep.ok else 1
    paths = args.sources or sorted(SRC_DIR.glob("*.json"))
    for p in paths:
        try:
            gold = anchor_source(p, write=not args.dry_run)
        except (AnchorError, ValueError, KeyError) as e:
            failed += 1
            print(f"FAIL {p.name}: {e}", file=sys.stderr)
            continue
        counts: dict[str, int] = {}
        for f in gold.facts:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        print(f"ok   {p.name}: {len(gold.facts)} facts {counts}")
    print(f"{len(paths) - failed}/{len(paths)} anchored")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

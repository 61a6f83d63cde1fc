"""Official names: the `official` extractor against an underthesea NER baseline, on the gold set.

For every gold file (gold/*.json) the article is re-ingested exactly as the pipeline would
(pipeline.gold.ArticleSource), segmented (pipeline.segment), and

- baseline: `underthesea.ner` sentence by sentence; every PER span is an official name;
- ours: `extractors.run_all(doc, ["official"])`;

both scored in value mode (GUIDELINES.md §4): per article, the set of names (norm_key) against
the gold `official` names; precision/recall/F1 micro-averaged over articles. For ours also the
title accuracy on matched names (the value's title against the gold title of the same name,
norm_key; a gold person with no title counts as matched only when ours has none either) and the
record F1: each person as (name, rank, title, organization), all four right to count.

Runs on any gold folder: the border set (gold/, gold/heldout/) and the general-news set
(gold/general/, gold/general/heldout/); `make score` prints all four.

    .venv/bin/python scripts/ner_baseline.py [--gold gold/] [--no-ner] [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnfacts.pipeline.gold import ArticleSource, GoldError, iter_gold  # noqa: E402
from vnfacts.pipeline.runner import run_all  # noqa: E402
from vnfacts.pipeline.segment import segment  # noqa: E402
from vnfacts.pipeline.text import norm_key  # noqa: E402
from vnfacts.pipeline.types import Doc  # noqa: E402


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def row(self, label: str) -> str:
        return (f"{label:<22} P={self.p:.3f} R={self.r:.3f} F1={self.f:.3f} "
                f"(tp={self.tp} fp={self.fp} fn={self.fn})")


@dataclass
class Report:
    ours: PRF = field(default_factory=PRF)
    ner: PRF = field(default_factory=PRF)
    records: PRF = field(default_factory=PRF)
    title_ok: int = 0
    title_n: int = 0
    articles: int = 0
    errors: list[str] = field(default_factory=list)
    seconds_ours: float = 0.0
    seconds_ner: float = 0.0


def ner_names(doc: Doc) -> set[str]:
    """PER spans of underthesea.ner, sentence by sentence (the baseline)."""
    from underthesea import ner

    names: set[str] = set()
    text = doc.text
    for sent in doc.sentences:
        cur: list[str] = []
        for word, _pos, _chunk, tag in ner(text[sent.start:sent.end]):
            if tag == "B-PER" or (tag == "I-PER" and not cur):
                if cur:
                    names.add(" ".join(cur))
                cur = [word]
            elif tag == "I-PER":
                cur.append(word)
            else:
                if cur:
                    names.add(" ".join(cur))
                cur = []
        if cur:
            names.add(" ".join(cur))
    return {norm_key(n) for n in names if n.strip()}


def _record(v) -> tuple:
    """A person as the record F1 compares it: name, rank, title, organization (norm_key)."""
    return tuple(norm_key(x) if x else None
                 for x in (v.name, v.rank, v.title, v.organization))


def evaluate(gold_dir: Path, *, with_ner: bool = True, show: bool = False,
             root: Path = ROOT) -> Report:
    rep = Report()
    source = ArticleSource(root)
    for path, gf in iter_gold(gold_dir):
        try:
            article = source.get(gf.article)
        except GoldError as e:
            rep.errors.append(f"{path.name}: {e}")
            continue
        if article.sha256 != gf.sha256:
            rep.errors.append(f"{path.name}: article text changed under the gold (sha256)")
            continue
        if gf.published is not None and article.published is None:
            article = article.model_copy(update={"published": gf.published})
        rep.articles += 1
        doc = segment(article)
        gold_people: dict[str, str | None] = {}
        gold_records: set[tuple] = set()
        for f in gf.facts:
            if f.kind == "official":
                gold_people.setdefault(norm_key(f.value.name), f.value.title)
                gold_records.add(_record(f.value))
        t0 = time.perf_counter()
        facts = run_all(doc, ["official"])
        rep.seconds_ours += time.perf_counter() - t0
        ours: dict[str, str | None] = {}
        our_records: set[tuple] = set()
        for f in facts:
            ours.setdefault(norm_key(f.value.name), f.value.title)
            our_records.add(_record(f.value))
        rep.ours.add(set(gold_people), set(ours))
        rep.records.add(gold_records, our_records)
        if show:
            for r in sorted(gold_records - our_records, key=str):
                print(f"  record-miss  {path.name}: {r}")
            for r in sorted(our_records - gold_records, key=str):
                print(f"  record-extra {path.name}: {r}")
        for name in set(gold_people) & set(ours):
            rep.title_n += 1
            g, o = gold_people[name], ours[name]
            rep.title_ok += (norm_key(g) if g else None) == (norm_key(o) if o else None)
            if show and (norm_key(g) if g else None) != (norm_key(o) if o else None):
                print(f"  title {path.name}: {name}: gold {g!r} ours {o!r}")
        if show:
            for n in sorted(set(gold_people) - set(ours)):
                print(f"  miss  {path.name}: {n}")
            for n in sorted(set(ours) - set(gold_people)):
                print(f"  extra {path.name}: {n}")
        if with_ner:
            t0 = time.perf_counter()
            rep.ner.add(set(gold_people), ner_names(doc))
            rep.seconds_ner += time.perf_counter() - t0
    return rep


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "gold")
    ap.add_argument("--no-ner", action="store_true", help="skip the (slow) NER baseline")
    ap.add_argument("--show", action="store_true", help="list misses, extras, title mismatches")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not args.gold.is_dir():
        # the general-news gold and its held-out part arrive separately: not there yet is no error
        print(f"official names: no gold directory {args.gold}, skipped")
        return 0
    rep = evaluate(args.gold, with_ner=not args.no_ner, show=args.show)
    for e in rep.errors:
        print("skipped:", e, file=sys.stderr)
    print(f"official names on {rep.articles} gold articles in {args.gold} (value mode, micro)")
    if not args.no_ner:
        print(rep.ner.row("underthesea.ner PER") + f"  {rep.seconds_ner:.1f}s")
    print(rep.ours.row("extractors.official") + f"  {rep.seconds_ours:.2f}s")
    print(rep.records.row("records (ours)") + "  name+rank+title+organization")
    acc = rep.title_ok / rep.title_n if rep.title_n else 0.0
    print(f"{'title accuracy (ours)':<22} {acc:.3f} ({rep.title_ok}/{rep.title_n} matched names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fact diffs for stewards: what a run added, removed and changed against a base run or gold.

Pure functions over Fact lists; the terminal rendering is pipeline/cli/render.py, the HTML
report pipeline/report.py. "changed" means same kind and same span with a different value; a fact
whose span moved shows as one removed and one added.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex
from vnfacts.pipeline.score import guideline_value
from vnfacts.pipeline.types import Fact, kind_names, spec

STATUSES: tuple[str, ...] = ("added", "removed", "changed", "same")

# A sentence ends at . ! ? … (followed by space) or at a line break; bounded look so a
# text without punctuation costs at most CONTEXT characters each side.
CONTEXT = 240
_SENT_END = regex.compile(r"[.!?…]['\"”’)]*+\s|\n")


def compared_value(f: Fact, guideline_only: bool) -> dict[str, Any]:
    """The value a diff compares: all fields, or only GUIDELINES.md §3's (for gold diffs,
    since gold files do not carry pipeline enrichments such as gazetteer ids)."""
    return guideline_value(f) if guideline_only else f.value_json()


def _key(f: Fact, guideline_only: bool) -> tuple[Any, ...]:
    return (f.kind, f.start, f.end,
            json.dumps(compared_value(f, guideline_only), sort_keys=True, ensure_ascii=False))


def _order(f: Fact) -> tuple[int, int, str]:
    return (f.start, f.end, f.kind)


def diff_facts(base: Sequence[Fact], head: Sequence[Fact], *, guideline_only: bool = False
               ) -> tuple[list[Fact], list[Fact], list[tuple[Fact, Fact]], int]:
    """(added, removed, changed as (base, head) pairs, number unchanged), in text order."""
    head_left = Counter(_key(f, guideline_only) for f in head)
    base_rest: list[Fact] = []
    same = 0
    for f in base:
        k = _key(f, guideline_only)
        if head_left[k] > 0:
            head_left[k] -= 1
            same += 1
        else:
            base_rest.append(f)
    head_rest: list[Fact] = []
    for f in head:
        k = _key(f, guideline_only)
        if head_left[k] > 0:
            head_left[k] -= 1
            head_rest.append(f)
    # Same kind and span, different value: a change; pair them in order of appearance.
    by_span: dict[tuple[str, int, int], list[Fact]] = {}
    for f in head_rest:
        by_span.setdefault((f.kind, f.start, f.end), []).append(f)
    changed: list[tuple[Fact, Fact]] = []
    removed: list[Fact] = []
    for f in base_rest:
        cands = by_span.get((f.kind, f.start, f.end))
        if cands:
            changed.append((f, cands.pop(0)))
        else:
            removed.append(f)
    added = [f for fs in by_span.values() for f in fs]
    added.sort(key=_order)
    removed.sort(key=_order)
    changed.sort(key=lambda p: _order(p[1]))
    return added, removed, changed, same


@dataclass
class ArticleDiff:
    """One article's diff. `text` is the stored body text the offsets index."""

    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    changed: list[tuple[Fact, Fact]] = field(default_factory=list)
    same: int = 0
    guideline_only: bool = False  # values compared on GUIDELINES.md §3 fields only
    base: list[Fact] = field(default_factory=list)  # all facts of each side (for scoring)
    head: list[Fact] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def counts(self) -> dict[str, Counter[str]]:
        """{status: Counter(kind)} (status "same" is not broken down by kind)."""
        out: dict[str, Counter[str]] = {s: Counter() for s in STATUSES}
        out["added"].update(f.kind for f in self.added)
        out["removed"].update(f.kind for f in self.removed)
        out["changed"].update(h.kind for _, h in self.changed)
        out["same"]["all"] = self.same
        return out


def article_diff(article_id: str, text: str, base: Sequence[Fact], head: Sequence[Fact],
                 *, title: str | None = None, url: str | None = None,
                 source: str | None = None, guideline_only: bool = False) -> ArticleDiff:
    added, removed, changed, same = diff_facts(base, head, guideline_only=guideline_only)
    return ArticleDiff(article_id=article_id, text=text, title=title, url=url, source=source,
                       added=added, removed=removed, changed=changed, same=same,
                       guideline_only=guideline_only,
                       base=list(base), head=list(head))


def summary(diffs: Iterable[ArticleDiff]) -> dict[str, dict[str, int]]:
    """{kind: {added, removed, changed, articles}} over all diffs, every kind present."""
    out = {k: {"added": 0, "removed": 0, "changed": 0, "articles": 0} for k in kind_names()}
    for d in diffs:
        c = d.counts()
        touched: set[str] = set()
        for status in ("added", "removed", "changed"):
            for kind, n in c[status].items():
                out[kind][status] += n
                touched.add(kind)
        for kind in touched:
            out[kind]["articles"] += 1
    return out


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous sentence end to the next."""
    lo = max(0, start - CONTEXT)
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    hi = min(len(text), end + CONTEXT)
    m = _SENT_END.search(text, max(end, s), hi)
    e = m.start() + (1 if text[m.start()] in ".!?…" else 0) if m else hi
    # A sentence longer than the window: cut at a word boundary, not mid-word.
    if s == lo and lo > 0:
        ws = text.find(" ", lo, start)
        s = ws + 1 if ws >= 0 else lo
    if e == hi and hi < len(text):
        ws = text.rfind(" ", end, hi)
        e = ws if ws >= 0 else hi
    # Trim surrounding whitespace, never cutting into the span itself.
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, max(e, end)


def value_summary(f: Fact) -> str:
    """A short human reading of a fact's value for listings (its kind's `summary`)."""
    return spec(f.kind).summary(f.value_json())


def value_changes(old: Fact, new: Fact, guideline_only: bool = False
                  ) -> list[tuple[str, Any, Any]]:
    """The value fields that differ: [(field, old, new)]."""
    a, b = compared_value(old, guideline_only), compared_value(new, guideline_only)
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]

"""The extractor registry: one module per fact kind, each a pure function of a segmented Doc.

Every extractor module defines

    KIND: str                      # the fact kind it produces
    REQUIRES: tuple[str, ...]      # kinds whose facts it reads (run before it)
    def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]

`prior` holds the facts of the kinds run before it (at least its REQUIRES), so the date
extractor's years are not counted again as indicators, documents can link to their dates,
and so on. Extractors import only pipeline.types, pipeline.text and their own data files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import import_module
from types import ModuleType

from pipeline.types import KINDS, Doc, Fact

# Run order: each kind after those it requires.
ORDER: tuple[str, ...] = ("date", "document", "border_gate", "official", "indicator")
assert set(ORDER) == set(KINDS)

Extractor = Callable[[Doc, Mapping[str, Sequence[Fact]]], list[Fact]]


def module(kind: str) -> ModuleType:
    if kind not in ORDER:
        raise KeyError(f"unknown fact kind {kind!r}; known: {', '.join(ORDER)}")
    return import_module(f"extractors.{kind}")


def plan(kinds: Iterable[str] | None = None) -> list[str]:
    """The kinds to run, in order, for the requested kinds plus what they require."""
    wanted = set(ORDER if kinds is None else kinds)
    for k in wanted:
        module(k)  # validates the name
    changed = True
    while changed:
        changed = False
        for k in list(wanted):
            for r in module(k).REQUIRES:
                if r not in wanted:
                    wanted.add(r)
                    changed = True
    return [k for k in ORDER if k in wanted]


def run_all(doc: Doc, kinds: Iterable[str] | None = None) -> list[Fact]:
    """Run the requested extractors (and their requirements) on one doc; facts in text order."""
    requested = set(ORDER if kinds is None else kinds)
    prior: dict[str, list[Fact]] = {}
    for k in plan(requested):
        prior[k] = module(k).extract(doc, prior)
    facts = [f for k, fs in prior.items() if k in requested for f in fs]
    facts.sort(key=lambda f: (f.start, f.end, ORDER.index(f.kind)))
    return facts

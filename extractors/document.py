"""`document` facts (GUIDELINES.md §3). Placeholder: replaced by the dedicated issue's work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.types import Doc, Fact

KIND = "document"
REQUIRES: tuple[str, ...] = ("date",)


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    return []

"""The one CSV reader for the project's data tables (pipeline/data/ and extractors/data/).

A table is UTF-8 CSV with a header line; `#` lines anywhere are comments, blank lines are
skipped, and `#@ column: value` lines are directives: a table-wide default for a column its
rows leave empty (used for the provenance of positional tables). Where a table is looked up
by name (the $VNFACTS_DATA override, extractors/data/, pipeline/data/) is the lexicon's
business (`vnfacts.extractors.lexicon.table_path`); this module reads a given path.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["read_csv"]


def _data_lines(path: Path, directives: dict[str, str]) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for no, line in enumerate(fh, 1):
            stripped = line.lstrip()
            if stripped.startswith("#@"):
                key, _, value = stripped[2:].partition(":")
                directives[key.strip()] = value.strip()
            elif not stripped.startswith("#") and stripped.strip():
                yield no, line


def read_csv(path: Path, fieldnames: Sequence[str] | None = None
             ) -> tuple[list[str], list[tuple[int, dict[str, str]]], dict[str, str]]:
    """Header, rows (with their line numbers) and `#@` directives of one table; a column a
    row lacks takes the directive's value. `fieldnames` for a table with no header line."""
    directives: dict[str, str] = {}
    lines = list(_data_lines(path, directives))
    numbers = [no for no, _ in lines]
    reader = csv.DictReader((line for _, line in lines), fieldnames=fieldnames)
    rows: list[tuple[int, dict[str, str]]] = []
    for i, r in enumerate(reader):
        if None in r:
            raise ValueError(f"{path.name}:{numbers[reader.line_num - 1]}: more cells than columns")
        for k, v in directives.items():
            if r.get(k) in (None, ""):
                r[k] = v
        # a row is one line unless a quoted cell spans lines: the line number of its start
        rows.append((numbers[min(i + (0 if fieldnames else 1), len(numbers) - 1)], r))
    header = list(reader.fieldnames or [])
    return header, rows, directives

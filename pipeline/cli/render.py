"""Terminal rendering of fact diffs (rich): the CLI's side of pipeline.diff."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.diff import (
    ArticleDiff,
    sentence_bounds,
    summary,
    value_changes,
    value_summary,
)
from vnfacts.pipeline.score import gold_outcomes
from vnfacts.pipeline.types import Fact, kind_names

_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}
_SIGN = {"added": "+", "removed": "-", "changed": "~"}
_OUTCOME_STYLE = {"incorrect": "yellow", "partial": "cyan", "missed": "red", "spurious": "magenta"}


def _in_sentence(text: str, f: Fact, style: str) -> Text:
    s, e = sentence_bounds(text, f.start, f.end)
    t = Text("    ")
    t.append(text[s:f.start].replace("\n", " "))
    t.append(text[f.start:f.end], style=f"bold {style} underline")
    t.append(text[f.end:e].replace("\n", " "))
    return t


def summary_table(diffs: Sequence[ArticleDiff], title: str = "Fact diff by kind") -> Table:
    table = Table(title=title)
    table.add_column("kind")
    for col, style in (("added", "green"), ("removed", "red"), ("changed", "yellow")):
        table.add_column(col, justify="right", style=style)
    table.add_column("articles", justify="right")
    for kind, c in summary(diffs).items():
        table.add_row(kind, str(c["added"]), str(c["removed"]), str(c["changed"]),
                      str(c["articles"]))
    return table


def render_terminal(diffs: Sequence[ArticleDiff], console: Console | None = None, *,
                    kinds: Iterable[str] | None = None, base_label: str = "base",
                    head_label: str = "head") -> None:
    """Summary table, then each changed article's facts with their sentence."""
    console = console or Console()
    wanted = set(kinds) if kinds else set(kind_names())
    console.print(summary_table(diffs, f"Fact diff by kind: {head_label} vs {base_label}"))
    for d in diffs:
        rows: list[tuple[str, Fact, Fact | None]] = [
            *(("added", f, None) for f in d.added if f.kind in wanted),
            *(("removed", f, None) for f in d.removed if f.kind in wanted),
            *(("changed", h, b) for b, h in d.changed if h.kind in wanted),
        ]
        if not rows:
            continue
        rows.sort(key=lambda r: (r[1].start, r[1].end))
        head = Text(f"\n{d.article_id}", style="bold")
        if d.title:
            head.append(f"  {d.title}")
        if d.source:
            head.append(f"  [{d.source}]", style="dim")
        console.print(head)
        for status, f, old in rows:
            style = _STYLE[status]
            line = Text(f"  {_SIGN[status]} {f.kind:<11} ", style=style)
            line.append(repr(f.text))
            line.append(f"  @{f.start}-{f.end}  ", style="dim")
            if old is None:
                line.append(value_summary(f))
            else:
                line.append("; ".join(f"{k}: {a!r} → {b!r}"
                                     for k, a, b in value_changes(old, f, d.guideline_only)))
            if f.rule and status != "removed":
                line.append(f"  ({f.rule})", style="dim")
            console.print(line)
            console.print(_in_sentence(d.text, f, style))
        if d.guideline_only:  # against gold: each fact's outcome and the fields that differ
            for t in gold_outcomes(d.base, d.head):
                if t.outcome == "correct" or t.fact.kind not in wanted:
                    continue
                line = Text(f"  [{t.outcome}] {t.fact.kind} {t.fact.text!r}",
                            style=_OUTCOME_STYLE[t.outcome])
                if t.fields:
                    line.append("  " + ", ".join(t.fields), style="bold")
                console.print(line)

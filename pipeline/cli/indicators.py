"""`vnfacts indicators`: the reported quantities of a run, with article, date and period."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.cli._common import db_option, open_store, resolve_run, run_option, write_csv

_TABLE_COLS = ("published", "period", "value", "unit", "object", "approx", "text", "article")


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if v == int(v) else f"{v:g}"


@click.command("indicators")
@db_option
@run_option
@click.option("--unit", default=None, metavar="UNIT",
              help='Only this unit, as stored: "lượt", "buổi", "đồng", "%".')
@click.option("--province", default=None, metavar="NAME",
              help="Only articles about this province: a border gate of the article lies in it, "
                   "or its title/text names it (as written, e.g. \"Lạng Sơn\").")
@click.option("--csv", "as_csv", is_flag=True, help="CSV on stdout (all columns) instead of a table.")
def indicators_cmd(db_path: str, run_id: int | None, unit: str | None, province: str | None,
                   as_csv: bool) -> None:
    """List the indicators (reported quantities) of a run: value, unit, object, approx,
    the article with its publication date, and the period the number is reported for.
    Values of impossible groupings ("16.4582") are empty with anomaly bad_grouping.

    \b
    Example:
        vnfacts indicators --db out/facts.db --unit lượt
        vnfacts indicators --db out/facts.db --province "Lai Châu" --csv > lai_chau.csv
    """
    from vnfacts.pipeline.store.indicators import COLUMNS, indicator_report

    with open_store(db_path) as store:
        run_id = resolve_run(store, run_id, db_path)
        rows = indicator_report(store, run_id, unit=unit, province=province)

    if as_csv:
        write_csv(COLUMNS, rows)
        return
    t = Table(title=f"run {run_id}: {len(rows)} indicators", title_justify="left")
    for col in _TABLE_COLS:
        t.add_column(col, overflow="fold", justify="right" if col == "value" else "left")
    for r in rows:
        period = "" if r.period_start is None else (
            r.period_start if r.period_start == r.period_end else f"{r.period_start}…{r.period_end}")
        value = _fmt(r.value) if r.anomaly is None else f"? {r.raw} ({r.anomaly})"
        if r.range_max is not None:
            value += f"–{_fmt(r.range_max)}"
        cells = (r.published or "", period, value, r.unit or "", r.object or "",
                 r.approx or ("vague" if r.vague else ""), r.text, r.article_id[:8])
        # Scraped text is data: Text() keeps "[bold]" literal.
        t.add_row(*(Text(c) for c in cells))
    Console(highlight=False).print(t)


COMMANDS = [indicators_cmd]

"""`vnfacts series`: indicator series (what, where, when) with each point's articles."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.cli._common import db_option, open_store, write_csv


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


@click.command("series")
@db_option
@click.option("--object", "obj", default=None, metavar="TEXT",
              help='What is measured (a part of the object): "kim ngạch xuất nhập khẩu".')
@click.option("--gate", default=None, metavar="NAME", help='Only series placed at this gate: "Hữu Nghị".')
@click.option("--province", default=None, metavar="NAME", help="Only series placed in this province.")
@click.option("--unit", default=None, metavar="UNIT", help='Only this unit: "tấn", "lượt", "usd".')
@click.option("--contradictions", is_flag=True,
              help="Only points of a series and period reported with two or more values.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV on stdout instead of tables.")
def series_cmd(db_path: str, obj: str | None, gate: str | None, province: str | None,
               unit: str | None, contradictions: bool, as_csv: bool) -> None:
    """Print indicator series as `vnfacts link` grouped them: one table per series (object,
    unit, per, place), one row per point (period, value) with the articles reporting it;
    a point reported by several papers is one row with all its sources, and a period
    with two values is marked CONTRADICTION.

    \b
    Example:
        vnfacts series --object "kim ngạch xuất nhập khẩu" --gate "Hữu Nghị" --db out/facts.db
        vnfacts series --unit tấn --province "Lạng Sơn" --db out/facts.db
        vnfacts series --contradictions --csv --db out/facts.db > contradictions.csv
    """
    from vnfacts.pipeline.store.links import SERIES_COLUMNS, has_links, series_points

    with open_store(db_path) as store:
        if not has_links(store):
            raise click.ClickException(f"no links in {db_path}: run `vnfacts link --db {db_path}`")
        points = series_points(store, object=obj, gate=gate, province=province, unit=unit,
                               contradictions_only=contradictions)
    if as_csv:
        write_csv(SERIES_COLUMNS, points)
        return
    con = Console(highlight=False, width=None if sys.stdout.isatty() else 200)  # pipes: no wrapping
    if not points:
        con.print("no series point matches")
        return
    by: dict[int, list] = {}
    for p in points:
        by.setdefault(p.series_id, []).append(p)
    for sid, pts in by.items():
        p0 = pts[0]
        unit_s = p0.unit + (f"/{p0.per}" if p0.per else "")
        where = f"{p0.place_kind} {p0.place}" if p0.place else "no place"
        t = Table(title=Text(f"series {sid}: {p0.object} ({unit_s}) — {where}"), title_justify="left")
        for col in ("period", "value", "sources", "published", "articles", ""):
            t.add_column(col, overflow="fold", justify="right" if col in ("value", "sources") else "left")
        for p in pts:
            period = "" if p.period_start is None else (
                p.period_start if p.period_start == p.period_end else f"{p.period_start}…{p.period_end}")
            t.add_row(*(Text(c) for c in (period, _fmt(p.value), str(p.sources), p.first_published or "",
                                          " ".join(i[:8] for i in p.article_ids),
                                          "CONTRADICTION" if p.contradicted else "")))
        con.print(t)


COMMANDS = [series_cmd]

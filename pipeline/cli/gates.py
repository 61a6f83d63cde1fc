"""`vnfacts gates`: the border gates a run found, with counts, dates and articles."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.cli._common import db_option, open_store, resolve_run, run_option, write_csv


@click.command("gates")
@db_option
@run_option
@click.option("--csv", "as_csv", is_flag=True, help="CSV on stdout instead of a table.")
@click.option("--missing", is_flag=True,
              help="Only gate names seen in the articles but absent from the gazetteer.")
def gates_cmd(db_path: str, run_id: int | None, as_csv: bool, missing: bool) -> None:
    """List the border gates of a run: mentions, articles, first and last publication
    dates and the article ids. Gates the gazetteer lacks show an empty gazetteer_id;
    `ambiguous` counts mentions left unresolved (two gates named Thanh Thủy).

    \b
    Example:
        vnfacts gates --db out/facts.db
        vnfacts gates --db out/facts.db --run 2 --csv > gates.csv
        vnfacts gates --missing --db out/facts.db   # names to add to border_gates.csv
    """
    from vnfacts.pipeline.store.gates import COLUMNS, MISSING_COLUMNS, gate_report, missing_report

    with open_store(db_path) as store:
        run_id = resolve_run(store, run_id, db_path)
        rows = missing_report(store, run_id) if missing else gate_report(store, run_id)
    if missing:
        from vnfacts.extractors.border_gate import lookup

        # a run older than the gazetteer may name gates added since: only still-absent names
        rows = [r for r in rows if not lookup(r.name)]
        COLUMNS = MISSING_COLUMNS  # noqa: N806 - the columns of this report

    if as_csv:
        write_csv(COLUMNS, rows)
        return
    what = "gate names absent from the gazetteer" if missing else "gates"
    t = Table(title=f"run {run_id}: {len(rows)} {what}", title_justify="left")
    for col in COLUMNS:
        t.add_column(col, overflow="fold", no_wrap=col == "name",
                     justify="right" if col in ("mentions", "articles", "ambiguous") else "left")
    for r in rows:
        d = r.as_dict()
        # Short id prefixes in the table (`vnfacts show` takes them); --csv has full ids.
        d["article_ids"] = " ".join(i[:8] for i in r.article_ids)
        t.add_row(*(Text("" if d[c] is None else str(d[c])) for c in COLUMNS))
    Console(highlight=False).print(t)


COMMANDS = [gates_cmd]

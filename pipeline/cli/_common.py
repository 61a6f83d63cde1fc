"""Helpers shared by the report commands: open the store read-only, resolve a run, write CSV."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import click

if TYPE_CHECKING:
    from pipeline.store import Store


class _Row(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


# The options every run report takes (gates, indicators): one definition, one help text.
db_option = click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False),
                         help="The database `vnfacts run` wrote.")
run_option = click.option("--run", "run_id", type=int, default=None, metavar="RUN",
                          help="Which run (default: the latest).")


def open_store(db_path: str) -> Store:
    """Open `db_path` read-only; a store error becomes a clean CLI error, not a traceback."""
    from pipeline.store import Store, StoreError

    try:
        return Store.open(db_path, readonly=True)
    except StoreError as e:
        raise click.ClickException(str(e)) from None


def resolve_run(store: Store, run_id: int | None, db_path: str) -> int:
    """`run_id` if that run exists, the latest run when None; else a CLI error. A run that
    is not finished (killed half-way, or still running) is reported on stderr: its figures
    are partial."""
    info = store.run(run_id) if run_id is not None else store.latest_run()
    if info is None:
        raise click.ClickException(f"no run {run_id} in {db_path}" if run_id is not None
                                   else f"no runs in {db_path}")
    if info.finished is None:
        done = store.latest_run(finished=True)
        hint = f"; the latest finished run is {done.id} (--run {done.id})" if done else ""
        click.echo(f"warning: run {info.id} is not finished (interrupted, or still running): "
                   f"what it shows is partial{hint}", err=True)
    return info.id


def write_csv(columns: Sequence[str], rows: Iterable[_Row]) -> None:
    """Rows (anything with `as_dict()`) as CSV with a header on stdout."""
    w = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r.as_dict())

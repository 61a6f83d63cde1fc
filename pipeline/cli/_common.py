"""Helpers shared by the report commands: open the store read-only, resolve a run, write CSV."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import click

if TYPE_CHECKING:
    from vnfacts.pipeline.store import Store


class _Row(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


# The options every run report takes (gates, indicators): one definition, one help text.
db_option = click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False),
                         help="The database `vnfacts run` wrote.")
run_option = click.option("--run", "run_id", default=None, metavar="RUN",
                          help="Which run: a number or 'latest' (the default).")


def open_store(db_path: str) -> Store:
    """`review.open_store` (read-only), its error a clean CLI error, not a traceback."""
    from vnfacts.pipeline.review import ReviewError
    from vnfacts.pipeline.review import open_store as _open

    try:
        return _open(db_path)
    except ReviewError as e:
        raise click.ClickException(str(e)) from None


def resolve_run(store: Store, run_id: int | str | None, db_path: str | None = None) -> int:
    """`review.resolve_run` ("latest"/None = the newest run, else a number) as a CLI error.
    A run that is not finished (killed half-way, or still running) is reported on stderr:
    its figures are partial."""
    from vnfacts.pipeline.review import ReviewError
    from vnfacts.pipeline.review import resolve_run as _resolve

    try:
        rid = _resolve(store, run_id)
    except ReviewError as e:
        raise click.ClickException(str(e)) from None
    info = store.run(rid)
    if info is not None and info.finished is None:
        done = store.latest_run(finished=True)
        hint = f"; the latest finished run is {done.id} (--run {done.id})" if done else ""
        click.echo(f"warning: run {info.id} is not finished (interrupted, or still running): "
                   f"what it shows is partial{hint}", err=True)
    return rid


def write_csv(columns: Sequence[str], rows: Iterable[_Row]) -> None:
    """Rows (anything with `as_dict()`) as CSV with a header on stdout."""
    w = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r.as_dict())

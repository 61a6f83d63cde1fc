"""`vnfacts load`: import Parquet shards (written by `vnfacts run --engine dask --shards`)."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape
from vnfacts.pipeline.cli.run import EXIT_FAILED, EXIT_FATAL, summary_table


@click.command("load")
@click.argument("shards_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="SQLite database to write (created if missing).")
@click.option("--resume", type=int, default=None, metavar="RUN",
              help="Continue loading into run RUN, skipping the articles it already holds.")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(min=1),
              help="Articles per database transaction.")
def load_cmd(shards_dir: str, db_path: str, resume: int | None, batch_size: int) -> None:
    """Load the Parquet shards in SHARDS_DIR into a database, as one run.

    The run's config is the shards' manifest.json (paths, kinds, engine). Exit status as
    `vnfacts run`: 0, 1 when some articles failed (their errors are loaded too), 2 fatal.

    \b
    Example:
        vnfacts run big.jsonl --db out/facts.db --engine dask --shards /shared/shards
        vnfacts load /shared/shards --db out/facts.db
    """
    from vnfacts.pipeline.engine import load_shards
    from vnfacts.pipeline.engine_dask import DaskUnavailable
    from vnfacts.pipeline.store import Store, StoreError

    err = Console(stderr=True)
    try:
        with Store.open(db_path) as store:
            summary = load_shards(store, shards_dir, resume=resume, batch_size=batch_size)
    except (StoreError, DaskUnavailable, FileNotFoundError) as e:
        err.print(f"[red]error:[/] {escape(str(e))}", soft_wrap=True)
        raise SystemExit(EXIT_FATAL) from None
    Console().print(summary_table(summary))
    if summary.errors:
        raise SystemExit(EXIT_FAILED)


COMMANDS = [load_cmd]

"""`vnfacts link`: the cross-article step (people, series, gate views) over a database."""

from __future__ import annotations

import time

import click
from vnfacts.pipeline.cli._common import resolve_run, run_option


@click.command("link")
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The database `vnfacts run` (or `vnfacts load`) wrote.")
@run_option
@click.option("--rebuild", is_flag=True,
              help="Drop the link tables first and relink every article of the run.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None,
              help="Also write a static page: a chart per series, a timeline per person.")
def link_cmd(db_path: str, run_id: int | None, rebuild: bool, html_path: str | None) -> None:
    """Link a run's facts across articles: official mentions to people, indicators to
    series points, gates to the officials and indicators around them. Incremental: the
    articles already linked are skipped, so a new run adds only its new articles.

    \b
    Example:
        vnfacts link --db out/facts.db
        vnfacts link --db out/facts.db --run 2 --html out/dataset.html
        vnfacts link --db out/facts.db --rebuild
    """
    from vnfacts.pipeline.store import Store, StoreError, links

    try:
        store = Store.open(db_path)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    with store:
        run_id = resolve_run(store, run_id, db_path)
        if rebuild:
            links.drop_links(store)
        t0 = time.perf_counter()
        try:
            c = links.link_run(store, run_id)
        except StoreError as e:
            raise click.ClickException(str(e)) from None
        dt = time.perf_counter() - t0
        click.echo(f"run {run_id}: linked {c.articles} new articles in {dt:.1f} s: "
                   f"{c.mentions} official mentions ({c.linked} to people, {c.ambiguous} "
                   f"ambiguous), {c.indicators} indicators into series points. "
                   f"Now {c.people} people, {c.series} series, {c.points} points.")
        if html_path:
            from vnfacts.pipeline.report_dataset import dataset_page

            with open(html_path, "w", encoding="utf-8") as f:
                f.write(dataset_page(store))
            click.echo(f"wrote {html_path}")


COMMANDS = [link_cmd]

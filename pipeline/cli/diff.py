"""`vnfacts diff`: what a run added, removed and changed against another run or the gold files."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from vnfacts.pipeline.types import kind_names


@click.command("diff")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="The vnfacts database holding the runs.")
@click.option("--base", default=None, help="Base run id (or use --gold).")
@click.option("--head", default=None, help="Head run id (default: the latest run).")
@click.option("--gold", "gold_dir", default=None, type=click.Path(file_okay=False),
              help="Compare the head run with the gold files in this directory instead.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(kind_names()),
              help="Only these kinds (repeatable).")
@click.option("--html", "html_path", default=None, type=click.Path(dir_okay=False),
              help="Also write a self-contained HTML report here.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary table in the terminal.")
def diff_cmd(db_path: str, base: str | None, head: str | None, gold_dir: str | None,
             kinds: tuple[str, ...], html_path: str | None, quiet: bool) -> None:
    """Facts added, removed and changed (same span, new value) per article, with the sentence.

    \b
    Examples:
        vnfacts diff --db out/facts.db --base 1 --head 2
        vnfacts diff --db out/gold.db --gold gold/ --html out/diff.html
    """
    from vnfacts.pipeline.cli.render import render_terminal, summary_table
    from vnfacts.pipeline.gold import GoldError, iter_gold
    from vnfacts.pipeline.report import render_html
    from vnfacts.pipeline.review import (
        ReviewError,
        gold_diffs,
        open_store,
        resolve_run,
        run_diffs,
    )

    if (base is None) == (gold_dir is None):
        raise click.UsageError("give exactly one of --base RUN and --gold DIR")
    try:
        store = open_store(db_path)
        with store:
            head_id = resolve_run(store, head)
            if gold_dir is not None:
                diffs, missing = gold_diffs(store, head_id, list(iter_gold(gold_dir)), kinds or None)
                base_label = f"gold {gold_dir}"
            else:
                base_id = resolve_run(store, base)
                diffs, missing = run_diffs(store, base_id, head_id, kinds or None), []
                base_label = f"run {base_id}"
    except (GoldError, ReviewError) as e:
        raise click.ClickException(str(e)) from e
    head_label = f"run {head_id}"
    console = Console()
    for p in missing:
        Console(stderr=True).print(f"[yellow]warning:[/] {p}: its article is not in {head_label}")
    if quiet:
        console.print(summary_table(diffs, f"Fact diff by kind: {head_label} vs {base_label}"))
    else:
        render_terminal(diffs, console, kinds=kinds or None, base_label=base_label,
                        head_label=head_label)
    if html_path:
        out = Path(html_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(diffs, title=f"vnfacts diff: {head_label} vs {base_label}",
                                   base_label=base_label, head_label=head_label),
                       encoding="utf-8")
        console.print(f"HTML report: {out}")


COMMANDS = [diff_cmd]

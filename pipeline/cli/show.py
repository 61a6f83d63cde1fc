"""`vnfacts show`: one stored article with its facts highlighted, then a table of the facts."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.types import Article, Fact, kind_names, spec


def style(kind: str) -> str:
    """The kind's highlight (its spec's colour; readable on dark and light terminals)."""
    try:
        return spec(kind).colour
    except KeyError:
        return "reverse"


# Control characters (ESC, BEL, CSI …) in stored text would reach the terminal, which obeys
# them; each becomes U+FFFD, one for one, so fact offsets still fit. Ingest already strips
# them: this guards databases written by other tools or older versions.
_CONTROLS = {c: "\ufffd" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


def printable(s: str | None) -> str:
    """`s` safe to print on a terminal: controls replaced, length unchanged."""
    return (s or "").translate(_CONTROLS)


def render_body(article: Article, facts: list[Fact]) -> Text:
    """The body as data (a Text, never parsed as markup) with each fact's span styled."""
    body = Text(printable(article.text))
    for f in facts:
        body.stylize(style(f.kind), f.start, f.end)
    return body


def facts_table(facts: list[Fact]) -> Table:
    t = Table(title=f"{len(facts)} facts", title_justify="left")
    for col in ("#", "kind", "span", "text", "value", "rule"):
        t.add_column(col, overflow="fold")
    for i, f in enumerate(facts, 1):
        value = {k: v for k, v in f.value_json().items() if v not in (None, [], False)}
        # Cells are Text objects: scraped text like "[bold]" must print literally.
        t.add_row(str(i), Text(f.kind, style=style(f.kind)), f"{f.start}–{f.end}",
                  Text(printable(f.text)), Text(json.dumps(value, ensure_ascii=False)),
                  Text(printable(f.rule)))
    return t


@click.command("show")
@click.argument("article_id")
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The database `vnfacts run` wrote.")
@click.option("--run", "run_id", type=int, default=None, metavar="RUN",
              help="Whose facts to show (default: the latest run that processed the article).")
@click.option("--kinds", default=None, metavar="KIND,…", help="Only these fact kinds.")
def show_cmd(article_id: str, db_path: str, run_id: int | None, kinds: str | None) -> None:
    """Print article ARTICLE_ID (an id or a unique prefix) with its facts highlighted.

    \b
    Example:
        vnfacts show 59d61834de31c26f --db out/facts.db
    """
    from vnfacts.pipeline.cli._common import open_store
    from vnfacts.pipeline.cli.run import parse_kinds

    out = Console(highlight=False)
    with open_store(db_path) as store:
        article = store.article(article_id)
        if article is None:
            raise click.ClickException(f"no article {article_id!r} in {db_path} (or the prefix is ambiguous)")
        if run_id is None:
            info = store.latest_run(article_id=article.id)
            run_id = info.id if info else None
        facts = store.facts(run_id, article.id, parse_kinds(kinds)) if run_id is not None else []

    head = Text()
    head.append(printable(article.title) or "(untitled)", style="bold")
    head.append(f"\n{printable(article.id)}  {printable(article.source)}")
    if article.published:
        head.append(f"  published {article.published.isoformat()}")
    head.append(f"  run {run_id}" if run_id is not None else "  (no run processed it)")
    out.print(head)
    legend = Text("kinds: ")
    for k in kind_names():
        legend.append(f" {k} ", style=style(k))
        legend.append(" ")
    out.print(legend)
    out.rule()
    out.print(render_body(article, facts))
    out.rule()
    out.print(facts_table(facts))


COMMANDS = [show_cmd]

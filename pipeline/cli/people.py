"""`vnfacts people NAME`: one person's roles over time, with the articles behind each."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.cli._common import db_option, open_store


@click.command("people")
@click.argument("name")
@db_option
def people_cmd(name: str, db_path: str) -> None:
    """Print the people named NAME (the whole name, else any name containing it) as
    `vnfacts link` joined them: per role (title, organization, rank) the first and last
    publication date seen and the supporting articles; then the mentions left ambiguous.

    \b
    Example:
        vnfacts people "Phạm Anh Tuấn" --db out/facts.db
        vnfacts people "Hùng" --db out/facts.db
    """
    from vnfacts.pipeline.store.links import find_people, has_links

    with open_store(db_path) as store:
        if not has_links(store):
            raise click.ClickException(f"no links in {db_path}: run `vnfacts link --db {db_path}`")
        people, unresolved = find_people(store, name)
    con = Console(highlight=False, width=None if sys.stdout.isatty() else 200)  # pipes: no wrapping
    if not people and not unresolved:
        con.print(Text(f"no person named {name!r}"))
        return
    for p in people:
        t = Table(title=Text(f"person {p.id}: {p.name}" + (f" ({p.provinces})" if p.provinces else "")
                             + f" — {p.mentions} mentions in {p.articles} articles, "
                             f"{p.first_seen or '?'} … {p.last_seen or '?'}"),
                  title_justify="left")
        for col in ("first", "last", "rank", "title", "organization", "mentions", "articles"):
            t.add_column(col, overflow="fold", justify="right" if col == "mentions" else "left")
        for r in p.roles:
            t.add_row(*(Text(c) for c in (r.first_seen or "", r.last_seen or "", r.rank or "",
                                          r.title or "", r.organization or "", str(r.mentions),
                                          " ".join(i[:8] for i in r.article_ids))))
        con.print(t)
        if p.maybe:
            con.print(Text(f"  flagged: kept apart from person {', '.join(map(str, p.maybe))} "
                           "on nothing but the name; a steward may merge them"))
    if unresolved:
        t = Table(title="ambiguous mentions (not linked)", title_justify="left")
        for col in ("published", "name", "title", "organization", "article", "why", "candidates"):
            t.add_column(col, overflow="fold")
        for u in unresolved:
            t.add_row(*(Text(c) for c in (u.published or "", u.name, u.title or "",
                                          u.organization or "", u.article_id[:8], u.why,
                                          ", ".join(map(str, u.candidates)))))
        con.print(t)


COMMANDS = [people_cmd]

"""`vnfacts gold …`: draft, check, accept and run the gold files (GUIDELINES.md §4)."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from vnfacts.pipeline.types import kind_names

_GOLD = click.option("--gold", "gold_dir", default="gold", show_default=True,
                     type=click.Path(file_okay=False), help="Directory of gold files.")


# Gold article paths are relative to the repository root; tests point it elsewhere.
_ROOT = click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
                     help="Directory gold article paths are relative to (default: the current "
                          "directory, a checkout's top).")


def _root(root: str | None) -> Path:
    from vnfacts.pipeline.gold import default_root

    return Path(root) if root else default_root()


def _fail(e: Exception) -> click.ClickException:
    return click.ClickException(str(e))


@click.group("gold")
def gold_grp() -> None:
    """Gold files: draft from a run, check, accept a reviewed run, run the gold articles.

    \b
    Workflow:
        vnfacts gold draft ARTICLE --db out/facts.db       # unreviewed draft to correct
        vnfacts gold check                                # before committing gold/
        vnfacts gold run --db out/gold.db                 # pipeline on the gold articles
        vnfacts diff --db out/gold.db --gold gold/ --html out/diff.html
        vnfacts gold accept ARTICLE --from RUN --db out/gold.db   # after agreeing with the diff
    """


@gold_grp.command("check")
@_GOLD
@_ROOT
def check_cmd(gold_dir: str, root: str | None) -> None:
    """Validate every gold file: schema, sha256 of the re-ingested article, offsets, values.

    Prints one line per problem and exits 1 if there is any; unreviewed files are listed.
    """
    from vnfacts.pipeline.gold import GoldError, check, schema_text

    try:
        rep = check(gold_dir, _root(root))
    except GoldError as e:
        raise _fail(e) from e
    schema_file = Path(gold_dir) / "schema.json"
    if schema_file.is_file() and schema_file.read_text(encoding="utf-8") != schema_text():
        rep.problems.append(f"{schema_file}: out of date with GoldFile (run vnfacts gold schema)")
    for p in rep.problems:
        click.echo(f"ERROR {p}", err=True)
    for u in rep.unreviewed:
        click.echo(f"UNREVIEWED {u}")
    click.echo(f"{rep.files} gold files, {rep.facts} facts, {len(rep.unreviewed)} unreviewed, "
               f"{len(rep.problems)} problems")
    if rep.problems:
        sys.exit(1)


@gold_grp.command("agree")
@click.argument("a_dir", type=click.Path(file_okay=False, exists=True))
@click.argument("b_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def agree_cmd(a_dir: str, b_dir: str, as_json: bool) -> None:
    """Agreement of two independent labellings of the same articles (A_DIR, B_DIR: gold
    folders, paired by article id): value and record agreement per kind, per-field
    agreement and the outcomes, as `vnfacts score` reports a run.

    \b
    Example:
        vnfacts gold agree gold/general/agreement/first gold/general/agreement
    """
    from vnfacts.pipeline.cli.score import fields_table, outcomes_table, scores_table
    from vnfacts.pipeline.gold import GoldError, agreement

    try:
        scores, lone = agreement(a_dir, b_dir)
    except GoldError as e:
        raise _fail(e) from e
    if as_json:
        out = scores.to_json()
        out.update(a=a_dir, b=b_dir, only_one=lone)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"{scores.articles} articles labelled in both {a_dir} and {b_dir}"
                  + (f" ({len(lone)} in only one, not compared)" if lone else ""))
    for mode in ("value", "record"):
        console.print(scores_table(scores, mode))
    console.print(fields_table(scores))
    console.print(outcomes_table(scores))


@gold_grp.command("schema")
@_GOLD
@click.option("--check", "only_check", is_flag=True, help="Exit 1 if schema.json is out of date.")
def schema_cmd(gold_dir: str, only_check: bool) -> None:
    """Write the GoldFile JSON Schema to GOLD/schema.json."""
    from vnfacts.pipeline.gold import schema_text

    path = Path(gold_dir) / "schema.json"
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if only_check:
        if current != schema_text():
            raise click.ClickException(f"{path} is out of date (run vnfacts gold schema)")
        click.echo(f"{path} is up to date")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    click.echo(f"wrote {path}")


def _run_article(store, article: str, run: str | None):  # noqa: ANN001, ANN202
    """(article, run id): the run defaults to the latest that processed the article."""
    from vnfacts.pipeline.review import ReviewError, resolve_run

    art = store.article(article)
    if art is None:
        raise ReviewError(f"no article {article!r} in {store.path}")
    if run is None:  # a full run first: a --kinds run would draft only some kinds
        info = store.latest_run(article_id=art.id, all_kinds=True) or store.latest_run(
            article_id=art.id)
        if info is None:
            raise ReviewError(f"no run processed article {art.id}")
        return art, info.id
    return art, resolve_run(store, run)


@gold_grp.command("draft")
@click.argument("article")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False))
@click.option("--run", default=None, help="Run whose facts seed the draft (default: latest "
              "run that processed the article).")
@click.option("-o", "--output", default=None,
              help="Where to write (default GOLD/<source stem>.json; '-' for stdout).")
@_GOLD
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@_ROOT
def draft_cmd(article: str, db_path: str, run: str | None, output: str | None, gold_dir: str,
              force: bool, root: str | None) -> None:
    """Write an unreviewed gold draft of ARTICLE (id or id prefix) from a run's facts."""
    from vnfacts.pipeline.gold import GoldError, default_path, dump_gold, make_gold, ref_for
    from vnfacts.pipeline.review import ReviewError, open_store

    try:
        with open_store(db_path) as store:
            art, run_id = _run_article(store, article, run)
            facts = store.facts(run_id, article_id=art.id)
        ref = ref_for(art, _root(root))
        gf = make_gold(art, facts, ref, by="vnfacts gold draft", reviewed=False,
                       note=f"draft from run {run_id} of {db_path}; correct every fact, then set "
                            "reviewed (or use vnfacts gold accept)")
    except (GoldError, ReviewError) as e:
        raise _fail(e) from e
    text = dump_gold(gf)
    if output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output) if output else default_path(gold_dir, ref, art.id)
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists (use --force to overwrite)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {path}: {len(gf.facts)} facts, unreviewed")


@gold_grp.command("accept")
@click.argument("article")
@click.option("--from", "run", required=True, help="The reviewed run whose facts become gold.")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False))
@_GOLD
@click.option("--by", default=None, help="Steward's name (default: $USER).")
@click.option("--note", default=None, help="Review note stored in the gold file.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(kind_names()),
              help="Accept only these kinds; the gold's other kinds are kept.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask after showing the diff.")
@_ROOT
def accept_cmd(article: str, run: str, db_path: str, gold_dir: str, by: str | None,
               note: str | None, kinds: tuple[str, ...], yes: bool, root: str | None) -> None:
    """Make run RUN's facts for ARTICLE its gold, after showing the diff against current gold."""
    from vnfacts.pipeline.cli.render import render_terminal
    from vnfacts.pipeline.diff import article_diff
    from vnfacts.pipeline.gold import (
        GoldError,
        default_path,
        dump_gold,
        find_gold,
        make_gold,
        ref_for,
    )
    from vnfacts.pipeline.review import ReviewError, open_store

    try:
        with open_store(db_path) as store:
            art, run_id = _run_article(store, article, run)
            facts = store.facts(run_id, article_id=art.id)
        try:
            here = ref_for(art, _root(root))
        except GoldError:
            here = None
        found = find_gold(gold_dir, art.id, here) if Path(gold_dir).is_dir() else None
        old = list(found[1].facts) if found else []
        if kinds:
            # Partial accept: the run's facts of these kinds, the gold's facts of the others.
            facts = [f for f in facts if f.kind in kinds] + [f for f in old if f.kind not in kinds]
        ref = found[1].article if found else ref_for(art, _root(root))
        steward = by or os.environ.get("USER") or getpass.getuser()
        gf = make_gold(art, facts, ref, by=steward, reviewed=True,
                       note=note or f"accepted from run {run_id}")
    except (GoldError, ReviewError) as e:
        raise _fail(e) from e
    d = article_diff(art.id, art.text, old, facts, title=art.title, source=art.source,
                     guideline_only=True)
    render_terminal([d], Console(), base_label="gold" if found else "no gold",
                    head_label=f"run {run_id}")
    path = found[0] if found else default_path(gold_dir, ref, art.id)
    if not d.has_changes and found and found[1].review.reviewed and found[1].sha256 == art.sha256:
        click.echo(f"{path}: gold already equals run {run_id}; nothing to do")
        return
    if not yes and not click.confirm(f"Write these {len(facts)} facts to {path} as reviewed gold?"):
        raise SystemExit(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_gold(gf), encoding="utf-8")
    click.echo(f"wrote {path}: {len(facts)} facts, reviewed by {steward}")


@gold_grp.command("run")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="Database to write the run into (created if missing).")
@_GOLD
@click.option("--kind", "kinds", multiple=True, type=click.Choice(kind_names()))
@_ROOT
def run_cmd(db_path: str, gold_dir: str, kinds: tuple[str, ...], root: str | None) -> None:
    """Ingest exactly the gold articles (files and .jsonl lines) and run the pipeline on them.

    Fails (nothing written) when gold articles are missing (../shared absent), exits 1 when
    an article's text changed; extractor errors are printed and stored in the run's errors
    table.
    """
    from vnfacts.pipeline.gold import GoldError, iter_gold, run_gold

    try:
        golds = [gf for _, gf in iter_gold(gold_dir)]
        run_id, problems, errors = run_gold(golds, db_path, _root(root), kinds=kinds or None)
    except GoldError as e:
        raise _fail(e) from e
    for p in problems:
        click.echo(f"ERROR {p}", err=True)
    for p in errors:
        click.echo(f"WARNING {p}", err=True)
    click.echo(f"run {run_id}: {len(golds)} gold articles into {db_path}")
    if problems:
        sys.exit(1)


COMMANDS = [gold_grp]

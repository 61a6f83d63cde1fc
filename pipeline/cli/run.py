"""`vnfacts run`: the pipeline over files/directories into a SQLite database."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text
from vnfacts.pipeline.body import parse_published as body_published
from vnfacts.pipeline.types import kind_names

#: Exit codes: 0 every article processed, 1 some failed (stored as errors), 2 fatal.
EXIT_OK, EXIT_FAILED, EXIT_FATAL = 0, 1, 2


#: --article-budget, shared by `run` and `extract`.
budget_option = click.option(
    "--article-budget", "budget", type=click.FloatRange(min=0), default=None,
    metavar="SECONDS",
    help="Time one article may take in segment + extract; past it the rest of the article "
         "is given up and stored as its error (default 120, or $VNFACTS_ARTICLE_BUDGET; "
         "0: no limit).")


def parse_kinds(value: str | None) -> list[str] | None:
    """"date,official" → ["date", "official"] (validated against the known kinds)."""
    if value is None:
        return None
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in kind_names()]
    if unknown or not kinds:
        raise click.BadParameter(
            f"unknown kind(s) {', '.join(unknown) or '(none)'}; known: {', '.join(kind_names())}")
    return kinds


def parse_published(value: str | None) -> dt.datetime | None:
    """An ISO date or datetime; naive values are read in Vietnam time."""
    if value is None:
        return None
    try:  # the one coercion (body.parse_published), but only ISO is accepted on the CLI
        dt.datetime.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"not an ISO date/datetime: {value!r}") from e
    return body_published(value)


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed and task.completed and task.elapsed:
            speed = task.completed / task.elapsed
        return Text(f"{speed:,.1f} articles/s" if speed else "… articles/s", style="cyan")


def summary_table(summary: object) -> Table:
    """The end-of-run table: articles, facts per kind, errors, run id, db path."""
    s = summary  # engine.RunSummary
    t = Table(title=f"vnfacts run {s.run_id}", show_header=False, title_justify="left")
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row("run id", str(s.run_id))
    t.add_row("database", escape(s.db))
    t.add_row("articles", f"{s.articles:,}")
    if s.skipped:
        t.add_row("  already done (resume)", f"{s.skipped:,}")
    for kind in kind_names():
        t.add_row(f"facts: {kind}", f"{s.facts.get(kind, 0):,}")
    t.add_row("facts: total", f"{sum(s.facts.values()):,}")
    t.add_row("errors", Text(f"{s.errors:,}", style="red" if s.errors else "green"))
    rate = s.processed / s.seconds if s.seconds else 0.0
    t.add_row("time", f"{s.seconds:.1f} s ({rate:,.1f} articles/s)")
    return t


@click.command("run")
@click.argument("paths", nargs=-1, type=str)
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="SQLite database to write (created if missing).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes; 1 runs in-process.")
@click.option("--resume", "resume", type=int, default=None, metavar="RUN",
              help="Continue run RUN, skipping the articles it already processed "
                   "(PATHs default to the run's own).")
@click.option("--kinds", default=None, metavar="KIND,…",
              help=f"Fact kinds to extract (default all: {','.join(kind_names())}).")
@click.option("--published", default=None, metavar="ISO",
              help="Publication date for inputs that carry none (e.g. 2013-01-22).")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(min=1),
              help="Articles per database transaction.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="local: processes here; dask: a Dask cluster "
              "(pip install 'vnfacts[dask]'; --workers then sizes the LocalCluster, "
              "default one per core).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="With --engine dask: an existing Dask scheduler (address or scheduler "
                   "file); default: start a LocalCluster.")
@click.option("--shards", "shards", default=None, type=click.Path(file_okay=False),
              metavar="DIR", help="With --engine dask: workers write Parquet shards into DIR "
              "(shared by all workers; re-running skips what is there), then they are loaded "
              "into --db (as `vnfacts load DIR --db FILE` does).")
@budget_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run_cmd(paths: Sequence[str], db_path: str, workers: int, resume: int | None,
            kinds: str | None, published: str | None, batch_size: int, quiet: bool,
            engine: str = "local", scheduler: str | None = None,
            shards: str | None = None, budget: float | None = None) -> None:
    """Extract facts from PATH... (files, directories, - for stdin) into a database.

    Exit status: 0 when every article was processed, 1 when some failed (their errors are
    stored, the others written), 2 when the database cannot be written or the worker
    processes cannot start, 130 on Ctrl-C (the
    run is then left unfinished; continue it with --resume).

    \b
    Example:
        vnfacts run corpus/ --db out/facts.db --workers 4
        vnfacts run --db out/facts.db --resume 3
        vnfacts run corpus/ --db out/facts.db --engine dask --scheduler tcp://HOST:8786
    """
    from vnfacts.pipeline.engine import ResumeRefused, RunInterrupted, WorkersFailed, run
    from vnfacts.pipeline.engine_dask import DaskUnavailable, require
    from vnfacts.pipeline.store import Store, StoreError

    err = Console(stderr=True)
    out = Console()
    kinds_l = parse_kinds(kinds)
    pub = parse_published(published)
    if (scheduler or shards) and engine != "dask":
        raise click.UsageError("--scheduler and --shards need --engine dask")
    if shards and resume is not None:
        raise click.UsageError("--shards resumes by itself: run the same command again")
    if not paths and resume is None:
        raise click.UsageError("give at least one PATH (or - for stdin)")
    if engine == "dask":
        ctx = click.get_current_context()
        if ctx.get_parameter_source("workers") is click.core.ParameterSource.DEFAULT:
            workers = 0  # the Dask engine: one worker per core (or the scheduler's workers)
        try:
            require("dask", "distributed", *(["pyarrow"] if shards else []))
        except DaskUnavailable as e:
            err.print(f"[red]error:[/] {escape(str(e))}", soft_wrap=True)
            raise SystemExit(EXIT_FATAL) from None
    created = len(Store.created_dirs)
    try:
        store = Store.open(db_path)
    except StoreError as e:
        err.print(f"[red]error:[/] {escape(str(e))}", soft_wrap=True)
        raise SystemExit(EXIT_FATAL) from None
    for d in Store.created_dirs[created:]:
        err.print(f"note: created the folder {escape(d)} for the database", highlight=False,
                  soft_wrap=True)
    try:
        if resume is not None and store.run(resume) is None:
            raise click.BadParameter(f"no run {resume} in {db_path}", param_hint="--resume")
        with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"),
                      TextColumn("{task.completed:,} articles"), _RateColumn(),
                      TimeElapsedColumn(), console=err, disable=quiet, transient=False) as bar:
            task = bar.add_task("resuming" if resume is not None else "extracting", total=None)
            last = [0.0]

            def progress(n: int) -> None:
                now = time.monotonic()
                if now - last[0] >= 0.1:  # rich redraws on its own; don't lock per article
                    bar.update(task, completed=n)
                    last[0] = now

            try:
                summary = run(store, list(paths), kinds=kinds_l, workers=workers,
                              published=pub, resume=resume, batch_size=batch_size,
                              on_progress=progress, engine=engine,  # type: ignore[arg-type]
                              scheduler=scheduler, budget=budget, shards=shards)
            except ResumeRefused as e:
                raise click.BadParameter(str(e), param_hint="--kinds") from None
            except ValueError as e:  # no paths to resume; shards of other kinds
                raise click.UsageError(str(e)) from None
            # The bar ends on what the summary says: the articles the run holds.
            bar.update(task, total=summary.articles, completed=summary.articles,
                       description="done")
    except (StoreError, WorkersFailed) as e:
        err.print(f"[red]error:[/] {escape(str(e))}", soft_wrap=True)
        if e.run_id is not None:
            err.print(f"Run {e.run_id} is not marked finished; once fixed, continue it with\n"
                      f"  vnfacts run --db {escape(db_path)} --resume {e.run_id}", highlight=False,
                      soft_wrap=True)
        raise SystemExit(EXIT_FATAL) from None
    except DaskUnavailable as e:
        err.print(f"[red]error:[/] {escape(str(e))}", soft_wrap=True)
        raise SystemExit(EXIT_FATAL) from None
    except RunInterrupted as e:
        err.print(f"interrupted: run {e.run_id} keeps what was written; continue it with\n"
                  f"  vnfacts run --db {escape(db_path)} --resume {e.run_id}", highlight=False,
                  soft_wrap=True)
        raise SystemExit(130) from None
    finally:
        store.close()

    out.print(summary_table(summary))
    if summary.processed == 0 and summary.skipped == 0 and not summary.articles:
        from vnfacts.pipeline.ingest import EXTENSIONS

        err.print(f"[yellow]warning:[/] no input found under {escape(' '.join(paths))} "
                  f"(files read: {' '.join(sorted(EXTENSIONS))})", soft_wrap=True)
    if summary.errors:
        for row in summary.error_rows[:10]:
            line = Text("failed ", style="red")
            line.append(f"{row['source']} [{row['stage']}]: {row['message']}")
            err.print(line, highlight=False)
        raise SystemExit(EXIT_FAILED)


COMMANDS = [run_cmd]

"""`vnfacts extract`: facts as JSON lines on stdout, no database."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import click
from vnfacts.pipeline.cli.run import budget_option, parse_kinds, parse_published


@click.command("extract")
@click.argument("paths", nargs=-1, type=str)
@click.option("--published", default=None, metavar="ISO",
              help="Publication date for inputs that carry none (e.g. 2013-01-22).")
@click.option("--kinds", default=None, metavar="KIND,…",
              help="Fact kinds to extract (default all).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes; 1 runs in-process.")
@budget_option
def extract_cmd(paths: Sequence[str], published: str | None, kinds: str | None,
                workers: int, budget: float | None = None) -> None:
    """Print one JSON object per article: {"id", "source", "title", "published", "facts"}.

    Reads PATH... (files, directories) or stdin when no PATH or - is given. An input that
    fails is reported on stderr as {"source", "stage", "error"}; the exit status is then 1.

    \b
    Example:
        echo "Ngày 21/1, Đại tá Lương Văn Sơn ..." | vnfacts extract --published 2013-01-22
    """
    from vnfacts.pipeline.engine import process_stream
    from vnfacts.pipeline.ingest import iter_inputs

    items = iter_inputs(list(paths) or ["-"], stdin=sys.stdin.buffer, published=parse_published(published))
    failed = 0
    for res in process_stream(items, parse_kinds(kinds), workers=workers, budget=budget):
        a = res.article
        if a is not None:
            obj = {"id": a.id, "source": a.source, "title": a.title,
                   "published": a.published.isoformat() if a.published else None,
                   "facts": [f.to_json() for f in res.facts]}
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        if res.error is not None:
            failed += 1
            err = {"source": res.source, "stage": res.stage, "error": res.error}
            sys.stderr.write(json.dumps(err, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if failed:
        raise SystemExit(1)


COMMANDS = [extract_cmd]

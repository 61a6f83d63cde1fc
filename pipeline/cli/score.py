"""`vnfacts score`: precision/recall/F1 of a run against the gold files, and the CI gate."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from pipeline.score import MODES, OVERALL, Scores, below_thresholds, score_corpus
from pipeline.types import kind_names


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def scores_table(scores: Scores, mode: str) -> Table:
    t = Table(title=f"{mode}: {scores.articles} gold articles")
    for col in ("kind", "gold", "pred", "tp", "fp", "fn", "P", "R", "F1"):
        t.add_column(col, justify="left" if col == "kind" else "right")
    for kind in (*kind_names(), OVERALL):
        s = scores.by_mode[mode][kind]
        empty = len(s) == 0
        gold = sum(scores.gold_facts.values()) if kind == OVERALL else scores.gold_facts[kind]
        pred = sum(scores.pred_facts.values()) if kind == OVERALL else scores.pred_facts[kind]
        t.add_row(kind, str(gold), str(pred), str(s.tp), str(s.fp), str(s.fn),
                  _fmt(None if empty else s.precision), _fmt(None if empty else s.recall),
                  _fmt(None if empty else s.fscore),
                  style="bold" if kind == OVERALL else None)
    return t


@click.command("score")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="The vnfacts database holding the run.")
@click.option("--run", "run", default=None, help="Run id (default: the latest run).")
@click.option("--gold", "gold_dir", default="gold", show_default=True,
              type=click.Path(file_okay=False), help="Directory of gold files.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--thresholds", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Gate: fail (exit 1) when a kind's F1 is below its minimum in this JSON file.")
@click.option("--gate-mode", type=click.Choice(MODES), default="value", show_default=True,
              help="Which mode's F1 the thresholds apply to.")
def score_cmd(db_path: str, run: str | None, gold_dir: str, as_json: bool,
              thresholds: str | None, gate_mode: str) -> None:
    """Score a run against the gold files (strict, span and value modes; docs/guidelines.md §4).

    Only the gold articles are scored; they are matched to the run's articles by sha256.

    \b
    Examples:
        vnfacts score --db out/gold.db
        vnfacts score --db out/gold.db --json
        vnfacts score --db out/gold.db --thresholds gold/thresholds.json
    """
    from pipeline.diff import render_terminal
    from pipeline.gold import GoldError, iter_gold
    from pipeline.store.review import ReviewError, gold_diffs, open_store, resolve_run

    err = Console(stderr=True)
    try:
        golds = list(iter_gold(gold_dir))
        store = open_store(db_path)
        run_id = resolve_run(store, run)
    except (GoldError, ReviewError) as e:
        raise click.ClickException(str(e)) from e
    with store:
        diffs, missing = gold_diffs(store, run_id, golds)
    scores = score_corpus((d.base, d.head) for d in diffs)
    for p in missing:
        err.print(f"[yellow]warning:[/] {p}: its article is not in run {run_id}; not scored")
    if as_json:
        out = scores.to_json()
        out.update(run=run_id, db=db_path, gold=gold_dir, missing=[str(p) for p in missing])
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        console = Console()
        if not golds:
            console.print(f"no gold files in {gold_dir}: nothing to score")
        for mode in MODES:
            console.print(scores_table(scores, mode))
    if thresholds is None:
        return
    limits = json.loads(Path(thresholds).read_text(encoding="utf-8"))
    failed = below_thresholds(scores, limits, gate_mode)
    if missing:
        err.print(f"[red]gate: {len(missing)} gold article(s) missing from run {run_id}[/]")
    if failed:
        for kind, (f1, minimum) in failed.items():
            err.print(f"[red]gate: {kind} {gate_mode} F1 {_fmt(f1)} < {minimum:.3f}[/]")
        render_terminal(diffs, err, kinds=failed, base_label="gold", head_label=f"run {run_id}")
    if failed or missing:
        raise SystemExit(1)
    err.print(f"gate: every kind's {gate_mode} F1 is at or above {thresholds}")


COMMANDS = [score_cmd]

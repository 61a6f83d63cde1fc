"""`vnfacts score`: precision/recall/F1 of a run against the gold files, and the CI gate."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from vnfacts.pipeline.score import MODES, OUTCOMES, OVERALL, Scores, below_thresholds, score_corpus
from vnfacts.pipeline.types import kind_names


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


def fields_table(scores: Scores) -> Table:
    """Per-field accuracy: of the keys both sides have, how often each record field is right."""
    t = Table(title="record fields of matched keys")
    for col in ("kind", "field", "right", "of", "accuracy"):
        t.add_column(col, justify="left" if col in ("kind", "field") else "right")
    for kind in kind_names():
        for f, (right, of) in scores.fields[kind].items():
            t.add_row(kind, f, str(right), str(of), _fmt(right / of if of else None))
    return t


def outcomes_table(scores: Scores) -> Table:
    """nervaluate's five outcomes per kind (one-to-one span pairs)."""
    t = Table(title="outcomes (span pairs)")
    t.add_column("kind")
    for o in OUTCOMES:
        t.add_column(o, justify="right")
    for kind in kind_names():
        t.add_row(kind, *(str(scores.outcomes[kind][o]) for o in OUTCOMES))
    return t


def regressions(scores: Scores, baseline: dict, tolerance: float) -> list[str]:
    """Kinds and modes whose F1 fell more than `tolerance` below the recorded baseline."""
    out = []
    for mode, kinds in baseline.get("f1", {}).items():
        for kind, old in kinds.items():
            new = scores.f1(mode, kind)
            if old is not None and (new is None or new + tolerance < old - 1e-9):
                out.append(f"{kind} {mode} F1 {_fmt(new)} < baseline {old:.3f} - {tolerance:g}")
    return out


def baseline_json(scores: Scores, gold_dir: str) -> dict:
    return {"_comment": f"Figures of the last accepted run on {gold_dir} (vnfacts score "
                        "--write-baseline); the gate fails when one drops by more than the "
                        "tolerance. Re-record only when a change is meant to move them.",
            "f1": {m: {k: (None if (f := scores.f1(m, k)) is None else round(f, 4))
                       for k in kind_names()} for m in ("value", "record")}}


@click.command("score")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="The vnfacts database holding the run.")
@click.option("--run", "run", default=None, help="Run id (default: the latest run).")
@click.option("--gold", "gold_dir", default="gold", show_default=True,
              type=click.Path(file_okay=False), help="Directory of gold files.")
@click.option("--mode", "modes", multiple=True, type=click.Choice(MODES),
              help="Modes to print (default all: strict, span, value, record).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--thresholds", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Gate: fail (exit 1) when a kind's F1 is below its minimum in this JSON "
                   "file ({kind: min} for value mode, or {mode: {kind: min}}).")
@click.option("--gate-mode", type=click.Choice(MODES), default="value", show_default=True,
              help="Which mode a flat thresholds file applies to.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Regression guard: fail when a value or record F1 drops below this "
                   "recorded file's figure by more than --tolerance.")
@click.option("--tolerance", type=float, default=0.02, show_default=True,
              help="With --baseline: the drop allowed.")
@click.option("--write-baseline", is_flag=True,
              help="With --baseline: record this run's figures there instead of checking.")
def score_cmd(db_path: str, run: str | None, gold_dir: str, modes: tuple[str, ...],
              as_json: bool, thresholds: str | None, gate_mode: str, baseline: str | None,
              tolerance: float, write_baseline: bool) -> None:
    """Score a run against the gold files (strict, span, value and record modes, per-field
    accuracy and the five outcomes; docs/guidelines.md §4).

    Only the gold articles are scored; they are matched to the run's articles by sha256.
    Record mode counts a fact when its key matches and the fields a user reads are right.

    \b
    Examples:
        vnfacts score --db out/gold.db
        vnfacts score --db out/gold.db --mode record --json
        vnfacts score --db out/gold.db --thresholds gold/thresholds.json
        vnfacts score --gold gold/general/heldout --db out/gh.db \\
            --baseline gold/general/heldout/heldout-baseline.json
    """
    from vnfacts.pipeline.cli.render import render_terminal
    from vnfacts.pipeline.gold import GoldError, iter_gold
    from vnfacts.pipeline.review import ReviewError, gold_diffs, open_store, resolve_run

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
        for mode in modes or MODES:
            console.print(scores_table(scores, mode))
        if not modes or "record" in modes:
            console.print(fields_table(scores))
            console.print(outcomes_table(scores))
    failed_any = bool(missing and (thresholds or baseline))
    if missing and (thresholds or baseline):
        err.print(f"[red]gate: {len(missing)} gold article(s) missing from run {run_id}[/]")
    if baseline is not None:
        bpath = Path(baseline)
        if write_baseline:
            bpath.write_text(json.dumps(baseline_json(scores, gold_dir), ensure_ascii=False,
                                        indent=1) + "\n", encoding="utf-8")
            err.print(f"baseline written to {baseline}")
        else:
            drops = regressions(scores, json.loads(bpath.read_text(encoding="utf-8")), tolerance)
            for d in drops:
                err.print(f"[red]regression: {d}[/]")
            failed_any |= bool(drops)
            if not drops:
                err.print(f"regression guard: no figure below {baseline} by more than {tolerance:g}")
    if thresholds is not None:
        limits = json.loads(Path(thresholds).read_text(encoding="utf-8"))
        by_mode = ({m: v for m, v in limits.items() if m in MODES}
                   if any(m in MODES for m in limits) else {gate_mode: limits})
        for mode, lim in by_mode.items():
            failed = below_thresholds(scores, lim, mode)
            for kind, (f1, minimum) in failed.items():
                err.print(f"[red]gate: {kind} {mode} F1 {_fmt(f1)} < {minimum:.3f}[/]")
            if failed:
                render_terminal(diffs, err, kinds=failed, base_label="gold",
                                head_label=f"run {run_id}")
                failed_any = True
        if not failed_any:
            err.print(f"gate: every kind's F1 is at or above {thresholds}")
    if failed_any:
        raise SystemExit(1)


COMMANDS = [score_cmd]

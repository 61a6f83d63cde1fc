"""The CLI commands run/extract/show, and the README documenting every registered command."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from vnfacts.extractors.date import DateValue
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.types import ArticleResult, Fact

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
N_CORPUS = len([p for p in CORPUS.iterdir() if p.suffix == ".txt"])


def _command_names() -> list[str]:
    names = []
    for name, cmd in sorted(main.commands.items()):
        names.append(name)
        if isinstance(cmd, click.Group):
            names.extend(f"{name} {sub}" for sub in sorted(cmd.commands))
    return names


def _readme_commands() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"^## Commands\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m, "README.md has no '## Commands' section"
    return m.group(1)


@pytest.mark.parametrize("name", _command_names())
def test_every_command_is_in_readme(name: str) -> None:
    assert re.search(rf"vnfacts {re.escape(name)}\b", _readme_commands()), \
        f"README.md '## Commands' lacks an example of `vnfacts {name}`"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_help_has_an_example(name: str) -> None:
    res = CliRunner().invoke(main, [name, "--help"])
    assert res.exit_code == 0
    assert re.search(r"Examples?:|Workflow:", res.output)
    assert f"vnfacts {name}" in res.output


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_run_prints_summary_and_reruns_add_a_run(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "out" / "facts.db"
    res = runner.invoke(main, ["run", str(CORPUS), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    for label in ("run id", "database", "articles", "facts: date", "facts: indicator", "errors"):
        assert label in res.stdout
    assert re.search(rf"articles\s*│\s*{N_CORPUS}\s", res.stdout)
    res2 = runner.invoke(main, ["run", str(CORPUS), "--db", str(db), "-q"])
    assert res2.exit_code == 0
    with Store.open(db, readonly=True) as s:
        assert s.db["articles"].count == N_CORPUS
        assert [r.id for r in s.runs()] == [1, 2]
        assert all(r.finished and r.articles == N_CORPUS for r in s.runs())


def test_run_with_failing_inputs_exits_1_and_keeps_the_rest(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    missing = tmp_path / "missing.txt"
    res = runner.invoke(main, ["run", str(CORPUS), str(missing), "--db", str(db), "-q"])
    assert res.exit_code == 1
    assert "missing.txt" in res.stderr
    with Store.open(db, readonly=True) as s:
        run = s.latest_run()
        assert (run.articles, run.errors, run.finished is not None) == (N_CORPUS, 1, True)
        assert s.errors(run.id)[0]["stage"] == "ingest"


def test_run_article_budget_is_applied_and_recorded(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    res = runner.invoke(main, ["run", str(CORPUS), "--db", str(db), "-q",
                               "--article-budget", "0.000001"])
    assert res.exit_code == 1
    with Store.open(db, readonly=True) as s:
        run = s.latest_run()
        assert run.config["budget"] == 1e-06  # a resume runs under the same budget
        errors = s.errors(run.id)
        assert len(errors) == N_CORPUS
        assert all("article time budget of 1e-06 s" in e["message"] for e in errors)


def test_run_over_nothing_warns(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.docx").write_bytes(b"PK")
    res = runner.invoke(main, ["run", str(tmp_path / "empty"), "--db", str(tmp_path / "f.db"), "-q"])
    assert res.exit_code == 0
    assert "no input found under" in res.stderr and ".jsonl" in res.stderr
    res = runner.invoke(main, ["run", str(CORPUS), "--db", str(tmp_path / "f.db"), "-q"])
    assert "no input found" not in res.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--kinds", "date,bogus"], "unknown kind"),
    (["--published", "22/1/2013"], "not an ISO date"),
    (["--workers", "0"], "--workers"),
    (["--resume", "7"], "no run 7"),
])
def test_run_rejects_bad_options(runner: CliRunner, tmp_path: Path, args: list[str],
                                 message: str) -> None:
    res = runner.invoke(main, ["run", str(CORPUS), "--db", str(tmp_path / "f.db"), *args])
    assert res.exit_code == 2
    assert message in res.output


def test_run_unwritable_db_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    res = runner.invoke(main, ["run", str(CORPUS), "--db", str(blocker / "f.db")])
    assert res.exit_code == 2
    assert "cannot open database" in res.stderr
    assert "Traceback" not in res.output


def test_resume_without_paths_uses_the_runs_own(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    assert runner.invoke(main, ["run", str(CORPUS), "--db", str(db), "-q",
                                "--kinds", "date"]).exit_code == 0
    res = runner.invoke(main, ["run", "--db", str(db), "--resume", "1", "-q"])
    assert res.exit_code == 0, res.output
    assert re.search(rf"already done \(resume\)\s*│\s*{N_CORPUS}\s", res.stdout)
    bad = runner.invoke(main, ["run", "--db", str(db), "--resume", "1", "--kinds", "official"])
    assert bad.exit_code == 2 and "cannot change kinds" in bad.output


def test_extract_prints_one_json_line_per_article(runner: CliRunner) -> None:
    res = runner.invoke(main, ["extract", str(CORPUS), "--kinds", "date,indicator"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == N_CORPUS
    for row in rows:
        assert list(row) == ["id", "source", "title", "published", "facts"]
        assert {f["kind"] for f in row["facts"]} <= {"date", "indicator"}
        assert all(set(f) == {"kind", "start", "end", "text", "value", "rule", "confidence"}
                   for f in row["facts"])


@pytest.mark.parametrize(("stdin", "published", "expected_published"), [
    ("Ngày 21/1, Đại tá Lương Văn Sơn dự hội nghị.", "2013-01-22", "2013-01-22T00:00:00+07:00"),
    ('{"title": "Tin [x]", "text": "Năm 2016 có 3 buổi.", "published": "2021-05-06"}\n', None,
     "2021-05-06T00:00:00+07:00"),
])
def test_extract_reads_stdin(runner: CliRunner, stdin: str, published: str | None,
                             expected_published: str) -> None:
    args = ["extract", "-"] + (["--published", published] if published else [])
    res = runner.invoke(main, args, input=stdin.encode("utf-8"))
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert row["published"] == expected_published
    assert row["source"].startswith("-")


def test_extract_reports_failures_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert res.exit_code == 1
    assert res.stdout == ""
    err = json.loads(res.stderr.splitlines()[-1])
    assert (err["stage"], err["source"]) == ("ingest", str(tmp_path / "nope.txt"))


SCRAPED = "Tin [bold]đậm[/bold] và <script>alert(1)</script> ngày 21/1 [red]x"


def _stored(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "f.db"
    a = make_article(SCRAPED, published="2013-01-22", source="s.html", title="[i]Tiêu đề[/i]")
    i = a.text.index("ngày 21/1")
    f = Fact.at(a.text, "date", i, i + 9, DateValue(start=dt.date(2013, 1, 21),
                end=dt.date(2013, 1, 21), grain="day", year_inferred=True), "date.test_rule")
    with Store.open(db) as s:
        run = s.start_run({}, "test")
        s.write_batch(run, [ArticleResult(article=a, source=a.source, facts=[f])])
        s.finish_run(run)
    return db, a.id


def test_show_prints_scraped_text_literally(runner: CliRunner, tmp_path: Path) -> None:
    db, aid = _stored(tmp_path)
    res = runner.invoke(main, ["show", aid[:8], "--db", str(db)], terminal_width=200)
    assert res.exit_code == 0, res.output
    for literal in ("[bold]đậm[/bold]", "<script>alert(1)</script>", "[red]x", "[i]Tiêu đề[/i]"):
        assert literal in res.stdout
    assert "date.test_rule" in res.stdout
    assert "2013-01-21" in res.stdout
    assert "1 facts" in res.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["show", "ffffffff", "--db", "{db}"], "no article"),
    (["show", "x", "--db", "{missing}"], "does not exist"),
])
def test_show_errors(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    db, _ = _stored(tmp_path)
    args = [a.format(db=db, missing=tmp_path / "missing.db") for a in args]
    res = runner.invoke(main, args)
    assert res.exit_code != 0
    assert message in res.output

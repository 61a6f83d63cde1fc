"""`vnfacts run` and the report commands as a new user meets them (issue 21): unfinished
runs are flagged, a created --db folder is announced, the summary agrees with the bar."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.store import Store

TEXT = ("Ngày 21/1/2021, Đồn Biên phòng cửa khẩu quốc tế Lào Cai tổ chức {i} buổi tuyên "
        "truyền cho 1.262 lượt người.")


def _corpus(d: Path, n: int) -> Path:
    d.mkdir(parents=True)
    for i in range(n):
        (d / f"{i}.txt").write_text(TEXT.format(i=i + 2), encoding="utf-8")
    return d


def test_reports_warn_about_an_unfinished_run(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", 2)
    db = tmp_path / "f.db"
    cli = CliRunner()
    assert cli.invoke(main, ["run", str(corpus), "--db", str(db), "-q"]).exit_code == 0
    assert cli.invoke(main, ["run", str(corpus), "--db", str(db), "-q"]).exit_code == 0
    with Store.open(db) as store:
        store.reopen_run(2)  # as a run killed half-way leaves it
    for cmd in ("gates", "indicators"):
        res = cli.invoke(main, [cmd, "--db", str(db)])
        assert res.exit_code == 0, res.output
        assert "warning: run 2 is not finished" in res.stderr and "--run 1" in res.stderr
        res = cli.invoke(main, [cmd, "--db", str(db), "--run", "1"])
        assert "warning" not in res.stderr


def test_a_db_folder_that_did_not_exist_is_announced(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", 1)
    db = tmp_path / "new" / "deeper" / "f.db"
    res = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    assert f"created the folder {db.parent}" in res.stderr.replace("\n", "")
    res = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), "-q"])
    assert "created the folder" not in res.stderr


def test_the_summary_counts_what_the_progress_bar_ends_on(tmp_path: Path) -> None:
    # The summary said "articles 8" where the bar said "done 11": failed inputs and
    # duplicates were counted by the bar only.
    corpus = _corpus(tmp_path / "c", 3)
    (corpus / "dup.txt").write_text(TEXT.format(i=2), encoding="utf-8")  # 0.txt again
    (corpus / "bad.txt").write_bytes(b"\x00\x01" * 50)
    res = CliRunner().invoke(main, ["run", str(corpus), "--db", str(tmp_path / "f.db")])
    assert res.exit_code == 1, res.output
    assert "done 3 articles" in " ".join(res.stderr.split())
    import re

    assert re.search(r"articles\s+│?\s*3\b", res.stdout), res.stdout


def test_score_help_and_gold_readme_point_to_the_project_guide(root_dir: Path) -> None:
    res = CliRunner().invoke(main, ["score", "--help"])
    assert "docs/guidelines.md" in res.output
    readme = (root_dir / "gold" / "README.md").read_text(encoding="utf-8")
    assert "docs/guidelines.md" in readme
    assert "(GUIDELINES.md" not in readme and " GUIDELINES §" not in readme

"""Gold tooling (pipeline/gold.py, `vnfacts gold|score|diff`) on a small corpus in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from vnfacts.extractors.border_gate import BorderGateValue
from vnfacts.extractors.indicator import IndicatorValue
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.gold import (
    GoldError,
    check,
    dump_gold,
    ingest_ref,
    load_gold,
    make_gold,
    ref_for,
    schema_text,
)
from vnfacts.pipeline.types import Fact, GoldArticleRef

ROOT = Path(__file__).resolve().parents[1]

BODY = ("Lào Cai: phối hợp tuyên truyền khu vực biên giới\n\n"
        "Hai đơn vị đã tuyên truyền cho 41.262 lượt người dân tại Cửa khẩu Quốc tế Lào Cai "
        "và Cửa khẩu Quốc tế số 2 Kim Thành.\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny repository: corpus/a.txt and an empty gold/."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _facts(text: str) -> list[Fact]:
    s = text.index("41.262 lượt")
    g = text.index("Cửa khẩu Quốc tế Lào Cai")
    return [
        Fact.at(text, "indicator", s, s + 11, IndicatorValue(value=41262, unit="lượt"), "t"),
        Fact.at(text, "border_gate", g, g + 24,
                BorderGateValue(name="Lào Cai", class_="quốc tế"), "t"),
    ]


def _write_gold(repo: Path, *, reviewed: bool = True, facts: list[Fact] | None = None) -> Path:
    art = ingest_ref(GoldArticleRef(path="corpus/a.txt"), repo)
    gf = make_gold(art, _facts(art.text) if facts is None else facts,
                   ref_for(art, repo), by="tester", reviewed=reviewed)
    path = repo / "gold" / "a.json"
    path.write_text(dump_gold(gf), encoding="utf-8")
    return path


def test_schema_json_is_up_to_date() -> None:
    assert (ROOT / "gold" / "schema.json").read_text(encoding="utf-8") == schema_text()


def test_ref_for_and_roundtrip(repo: Path) -> None:
    path = _write_gold(repo)
    gf = load_gold(path)
    assert gf.article.path == "corpus/a.txt" and gf.article.line is None
    assert gf.id == gf.sha256[:16] and len(gf.facts) == 2
    assert [f.text for f in gf.facts] == ["41.262 lượt", "Cửa khẩu Quốc tế Lào Cai"]
    assert "rule" not in path.read_text(encoding="utf-8")  # gold facts carry no rule
    rep = check(repo / "gold", repo)
    assert (rep.ok, rep.files, rep.facts, rep.unreviewed) == (True, 1, 2, [])


def _edit(path: Path, fn) -> None:  # noqa: ANN001
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _shift(d: dict) -> None:
    d["facts"][0]["start"] += 1
    d["facts"][0]["end"] += 1


# (mutation of the gold JSON or of the article, expected problem text)
MUTATIONS = [
    ("text changed", None, "article text changed under its gold"),
    ("offsets", _shift, "text[start:end] is '1.262 lượt '"),
    ("missing sha", lambda d: d.pop("sha256"), "schema: sha256: Field required"),
    ("bad kind", lambda d: d["facts"][0].update(kind="person"), "unknown fact kind 'person'"),
    ("id", lambda d: d.update(id="0" * 16), "is not the first 16 hex digits of sha256"),
    ("file gone", lambda d: d["article"].update(path="corpus/gone.txt"),
     "article file corpus/gone.txt not found"),
    ("range", lambda d: d["facts"][0]["value"].update(range_max=5),
     "indicator range_max 5 < value 41262"),
    ("duplicate", lambda d: d["facts"].append(d["facts"][0]), "duplicate fact"),
]


@pytest.mark.parametrize(("mutate", "problem"), [m[1:] for m in MUTATIONS],
                         ids=[m[0] for m in MUTATIONS])
def test_check_fails_loudly(repo: Path, mutate, problem: str) -> None:  # noqa: ANN001
    path = _write_gold(repo)
    if mutate is None:
        (repo / "corpus" / "a.txt").write_text(BODY.replace("41.262", "41.263"), encoding="utf-8")
    else:
        _edit(path, mutate)
    rep = check(repo / "gold", repo)
    assert not rep.ok
    assert any(problem in p for p in rep.problems), rep.problems
    res = CliRunner().invoke(main, ["gold", "check", "--gold", "gold", "--root", str(repo)])
    assert res.exit_code == 1
    assert problem in res.output


def test_unreviewed_is_reported_not_failed(repo: Path) -> None:
    _write_gold(repo, reviewed=False)
    res = CliRunner().invoke(main, ["gold", "check", "--gold", "gold", "--root", str(repo)])
    assert res.exit_code == 0, res.output
    assert "UNREVIEWED gold/a.json" in res.output
    assert "1 gold files, 2 facts, 1 unreviewed, 0 problems" in res.output


def test_reserved_names_are_not_gold(repo: Path) -> None:
    (repo / "gold" / "thresholds.json").write_text('{"date": 0.5}', encoding="utf-8")
    (repo / "gold" / "schema.json").write_text(schema_text(), encoding="utf-8")
    assert check(repo / "gold", repo).files == 0


def test_workflow_run_accept_score_gate_diff(repo: Path) -> None:
    """gold run → accept → score (gate passes) → gold loses a fact → gate fails with a diff."""
    cli = CliRunner()
    _write_gold(repo, reviewed=False, facts=[])
    res = cli.invoke(main, ["gold", "run", "--db", "out/g.db", "--root", str(repo)])
    assert res.exit_code == 0, res.output
    assert "run 1: 1 gold articles into out/g.db" in res.output
    gf = load_gold(repo / "gold" / "a.json")

    res = cli.invoke(main, ["gold", "accept", gf.id[:8], "--from", "1", "--db", "out/g.db",
                            "--by", "steward", "--yes", "--root", str(repo)])
    assert res.exit_code == 0, res.output
    accepted = load_gold(repo / "gold" / "a.json")
    assert accepted.review.reviewed and accepted.review.by == "steward"
    kinds = {f.kind for f in accepted.facts}
    assert {"indicator", "border_gate"} <= kinds, accepted.facts

    (repo / "gold" / "thresholds.json").write_text(json.dumps(dict.fromkeys(kinds, 1.0)))
    res = cli.invoke(main, ["score", "--db", "out/g.db", "--json",
                            "--thresholds", "gold/thresholds.json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    assert scores["articles"] == 1 and scores["modes"]["strict"]["overall"]["f"] == 1.0

    # The steward's gold now says the indicator is not there: value F1 drops, the gate fails.
    _edit(repo / "gold" / "a.json",
          lambda d: d.update(facts=[f for f in d["facts"] if f["kind"] != "indicator"]))
    res = cli.invoke(main, ["score", "--db", "out/g.db", "--thresholds", "gold/thresholds.json"])
    assert res.exit_code == 1
    assert "gate: indicator value F1 0.000 < 1.000" in res.output
    assert "+ indicator" in res.output and "41.262 lượt" in res.output

    res = cli.invoke(main, ["diff", "--db", "out/g.db", "--gold", "gold", "--html", "out/d.html"])
    assert res.exit_code == 0, res.output
    page = (repo / "out" / "d.html").read_text(encoding="utf-8")
    assert 'class="f-added k-indicator"' in page


def test_draft_to_stdout_and_refuse_overwrite(repo: Path) -> None:
    cli = CliRunner()
    _write_gold(repo, reviewed=False, facts=[])
    assert cli.invoke(main, ["gold", "run", "--db", "g.db", "--root", str(repo)]).exit_code == 0
    gid = load_gold(repo / "gold" / "a.json").id
    res = cli.invoke(main, ["gold", "draft", gid, "--db", "g.db", "-o", "-", "--root", str(repo)])
    assert res.exit_code == 0, res.output
    draft = json.loads(res.stdout)
    assert draft["review"]["reviewed"] is False and draft["article"] == {"path": "corpus/a.txt"}
    assert any(f["text"] == "41.262 lượt" for f in draft["facts"])
    res = cli.invoke(main, ["gold", "draft", gid, "--db", "g.db", "-o", "gold/a.json"])
    assert res.exit_code == 1 and "exists" in res.output


@pytest.mark.parametrize(("args", "message"), [
    (["score", "--db", "nope.db"], "no database at nope.db"),
    (["diff", "--db", "g.db"], "give exactly one of --base RUN and --gold DIR"),
    (["diff", "--db", "g.db", "--base", "7", "--head", "1"], "no run 7"),
    (["gold", "accept", "ffff", "--from", "1", "--db", "g.db", "--yes"], "no article 'ffff'"),
])
def test_cli_errors(repo: Path, args: list[str], message: str) -> None:
    cli = CliRunner()
    _write_gold(repo, reviewed=False, facts=[])
    assert cli.invoke(main, ["gold", "run", "--db", "g.db", "--root", str(repo)]).exit_code == 0
    res = cli.invoke(main, args)
    assert res.exit_code != 0
    assert message in res.output


# ------------------------------------------------------------------ the real gold set


@pytest.mark.shared
def test_repository_gold_files_check(shared_dir: Path) -> None:
    rep = check(ROOT / "gold", ROOT)
    assert rep.problems == []
    assert rep.files == len([p for p in (ROOT / "gold").glob("*.json")
                             if p.name not in ("schema.json", "thresholds.json")])


@pytest.mark.shared
@pytest.mark.parametrize(("line", "title_part"), [(1, "Mái nhà chung"), (2, None)])
def test_jsonl_record_ref(shared_dir: Path, line: int, title_part: str | None) -> None:
    ref = GoldArticleRef(path="../shared/corpus/baomoi_records.jsonl", line=line)
    art = ingest_ref(ref, ROOT)
    assert art.source.endswith(f"baomoi_records.jsonl:{line}")
    if title_part:
        assert title_part in (art.title or "")
    assert ref_for(art, ROOT) == ref


@pytest.mark.shared
def test_jsonl_record_missing_line(shared_dir: Path) -> None:
    with pytest.raises(GoldError, match="no such article line"):
        ingest_ref(GoldArticleRef(path="../shared/corpus/baomoi_records.jsonl", line=100000), ROOT)


def test_diff_between_runs(repo: Path) -> None:
    """Run 2 extracts only indicators: against run 1 the diff compares indicators only (it
    listed every other kind as "removed"), and they are the same."""
    cli = CliRunner()
    _write_gold(repo, reviewed=False, facts=[])
    assert cli.invoke(main, ["gold", "run", "--db", "g.db", "--root", str(repo)]).exit_code == 0
    assert cli.invoke(main, ["gold", "run", "--db", "g.db", "--root", str(repo),
                             "--kind", "indicator"]).exit_code == 0
    res = cli.invoke(main, ["diff", "--db", "g.db", "--base", "1", "--head", "2",
                            "--html", "d.html"])
    assert res.exit_code == 0, res.output
    assert "- border_gate" not in res.output
    assert "+ indicator" not in res.output and "~ indicator" not in res.output
    page = (repo / "d.html").read_text(encoding="utf-8")
    assert 'class="f-removed k-' not in page
    assert "f-added" not in page.split("</table>", 2)[-1]  # nothing added in the articles
    res = cli.invoke(main, ["diff", "--db", "g.db", "--base", "1", "--head", "1", "-q"])
    assert res.exit_code == 0 and "│ border_gate │     0 │       0 │       0 │" in res.output


def test_accept_after_text_change_replaces_gold(repo: Path) -> None:
    """Text changed under its gold: check fails; accepting a run on the new text rewrites the
    same gold file (found by its article reference), and check passes again."""
    cli = CliRunner()
    _write_gold(repo)
    (repo / "corpus" / "a.txt").write_text(BODY.replace("Hai đơn vị", "Ba đơn vị"),
                                           encoding="utf-8")
    assert cli.invoke(main, ["gold", "check", "--root", str(repo)]).exit_code == 1
    res = cli.invoke(main, ["gold", "run", "--db", "g.db", "--root", str(repo)])
    assert res.exit_code == 1 and "changed under its gold" in res.output
    new_id = next(iter(sqlite_utils.Database(repo / "g.db")["articles"].rows))["id"]
    res = cli.invoke(main, ["gold", "accept", new_id, "--from", "1", "--db", "g.db", "--yes",
                            "--root", str(repo)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (repo / "gold").iterdir()) == ["a.json"]
    assert load_gold(repo / "gold" / "a.json").id == new_id
    res = cli.invoke(main, ["gold", "check", "--root", str(repo)])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(("ref", "aid", "name"), [
    (GoldArticleRef(path="corpus/001_9b752b208f5696a5.txt"), "9b752b208f5696a5",
     "001_9b752b208f5696a5.json"),
    (GoldArticleRef(path="../shared/corpus/baomoi_records.jsonl", line=7), "59d61834de31c26f",
     "baomoi_records_L7_59d61834de31c26f.json"),
    (GoldArticleRef(path="../../etc/passwd"), "../../x y", "passwd_x_y.json"),
    (GoldArticleRef(path="a/<script>.html"), "id", "script_id.json"),
])
def test_default_path_is_sanitised(tmp_path: Path, ref: GoldArticleRef, aid: str, name: str
                                   ) -> None:
    from vnfacts.pipeline.gold import default_path

    path = default_path(tmp_path / "gold", ref, aid)
    assert path.parent == tmp_path / "gold" and path.name == name


@pytest.mark.shared
def test_ref_for_keeps_a_symlinked_corpus_path(shared_dir: Path, tmp_path: Path) -> None:
    # Many users keep their data behind a symlink: the ref names the link, not its target.
    (tmp_path / "repo").mkdir()
    (tmp_path / "shared").symlink_to(shared_dir, target_is_directory=True)
    ref = GoldArticleRef(path="../shared/corpus/baomoi_records.jsonl", line=3)
    art = ingest_ref(ref, tmp_path / "repo")
    assert ref_for(art, tmp_path / "repo") == ref


def test_gold_run_fails_when_gold_articles_are_missing(repo: Path) -> None:
    # It printed "76 gold articles into out/gold.db" when 71 were missing (../shared absent).
    _write_gold(repo)
    (repo / "corpus" / "a.txt").unlink()
    res = CliRunner().invoke(main, ["gold", "run", "--db", "g.db", "--root", str(repo)])
    assert res.exit_code != 0
    assert "1 of 1 gold articles are missing" in res.output and "../shared" in res.output
    assert "gold articles into" not in res.output
    assert not (repo / "g.db").exists()

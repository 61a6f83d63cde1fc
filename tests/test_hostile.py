"""Hostile content (issue 9): scraped text is data. It never executes in the HTML report,
never drives a terminal through `vnfacts show`, never becomes a path outside its directory,
and never becomes SQL."""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser
from vnfacts.pipeline.api import extract_text, make_article
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.diff import ArticleDiff
from vnfacts.pipeline.engine import run
from vnfacts.pipeline.gold import default_path, safe_name
from vnfacts.pipeline.report import render_html
from vnfacts.pipeline.store import SCHEMA_TABLES, Store
from vnfacts.pipeline.types import ArticleResult, GoldArticleRef

ROOT = Path(__file__).resolve().parents[1]

XSS = ('<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
       '<svg onload=alert(4)></svg>"><iframe src=javascript:alert(5)>')
SENTENCE = "Ngày 21/1/2021, Đại tá Nguyễn Văn Thuận kiểm tra cửa khẩu quốc tế Hữu Nghị."
SQL_TITLE = "'); DROP TABLE facts;--"


# ------------------------------------------------------------------ the HTML report


def _report(text: str, title: str, url: str | None) -> LexborHTMLParser:
    facts = extract_text(text, published="2021-01-22")
    diff = ArticleDiff(article_id="<b>id</b>", text=make_article(text).text, title=title, url=url,
                       added=facts)
    return LexborHTMLParser(render_html([diff], title=title))


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.example/x",
])
def test_report_never_links_a_dangerous_url(url: str) -> None:
    dom = _report(f"{XSS} {SENTENCE}", XSS, url)
    hrefs = [a.attributes.get("href") or "" for a in dom.css("a")]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    assert url.strip() in dom.body.text()  # shown, as text  # type: ignore[union-attr]


@pytest.mark.parametrize("url", ["https://baobienphong.vn/a?b=1&c=<2>", "http://x.vn/\"onmouseover=alert(1)"])
def test_report_links_web_urls_with_escaped_attributes(url: str) -> None:
    dom = _report(SENTENCE, "t", url)
    (link,) = [a for a in dom.css("a") if not (a.attributes.get("href") or "").startswith("#")]
    assert link.attributes.get("href") == url
    assert set(link.attributes) == {"href", "rel"}


def test_report_text_and_title_never_become_markup() -> None:
    dom = _report(f"{XSS}\n{SENTENCE}", XSS, None)
    assert dom.css("script, iframe, svg, img, object, embed") == []
    handlers = [(n.tag, k) for n in dom.css("*") for k in n.attributes if k.lower().startswith("on")]
    assert handlers == []
    body = dom.body.text()  # type: ignore[union-attr]
    assert "<script>alert(1)</script>" in body and 'onerror="alert(2)"' in body


# ------------------------------------------------------------------ vnfacts show


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[Path, str]:
    src = tmp_path / "in.jsonl"
    rec = {"title": f"{SQL_TITLE} \x1b]0;pwned\x07[bold red]x[/]", "url": "javascript:alert(1)\x1b[2J",
           # a page that shows markup as text (escaped), plus terminal escapes and rich markup
           "text": f"<p>{html.escape(XSS)}\x1b[2J\x1b]8;;http://evil/\x07link\x1b]8;;\x07</p>"
                   f"<p>[blink]{SENTENCE}[/blink]</p>"}
    src.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    db = tmp_path / "f.db"
    with Store.open(db) as store:
        s = run(store, [str(src)])
        (article,) = store.articles(s.run_id)
    return db, article.id


def test_show_prints_hostile_text_literally_and_without_controls(hostile_db: tuple[Path, str]) -> None:
    db, aid = hostile_db
    res = CliRunner().invoke(main, ["show", aid, "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\x07" not in res.output
    for literal in ("<script>alert(1)</script>", "[blink]", "[bold red]x[/]", SQL_TITLE):
        assert literal in res.output


def test_show_neutralises_controls_already_in_a_database(hostile_db: tuple[Path, str]) -> None:
    db, aid = hostile_db
    conn = sqlite3.connect(db)  # a database another tool wrote: controls inside the text
    conn.execute("UPDATE articles SET text = ?, title = ? WHERE id = ?",
                 ["\x1b[2J\x1b[31mred\x9b1m " + SENTENCE, "\x1b]0;t\x07", aid])
    conn.commit()
    conn.close()
    res = CliRunner().invoke(main, ["show", aid, "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert not regex.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", res.output)
    assert "\ufffd[2J\ufffd[31mred" in res.output


# ------------------------------------------------------------------ paths


@pytest.mark.parametrize(("ref_path", "line", "article_id"), [
    ("../../../../etc/passwd", None, "0123456789abcdef"),
    ("corpus/a.jsonl", 3, "../../../tmp/evil"),
    ("/abs/path/to/x.txt", None, "/etc/cron.d/x"),
    ("..\\..\\windows\\system32\\x.html", None, "..\\..\\x"),
    ("corpus/\x00nul.txt", None, "a\x00b"),
    ("corpus/" + "a" * 500 + ".txt", None, "b" * 300),
])
def test_gold_paths_stay_inside_the_gold_dir(tmp_path: Path, ref_path: str, line: int | None,
                                             article_id: str) -> None:
    gold = tmp_path / "gold"
    path = default_path(gold, GoldArticleRef(path=ref_path, line=line), article_id)
    assert path.parent == gold
    assert path.resolve().parent == gold.resolve()
    assert len(path.name) < 255 and "\x00" not in path.name


@pytest.mark.parametrize("name", ["..", ".", "", "/", "../x", "a/../../b", "\\..\\"])
def test_safe_name_is_one_harmless_component(name: str) -> None:
    out = safe_name(name)
    assert out and "/" not in out and "\\" not in out and out not in (".", "..")


# ------------------------------------------------------------------ SQL


def test_sql_in_titles_and_text_is_stored_as_data(hostile_db: tuple[Path, str]) -> None:
    db, aid = hostile_db
    with Store.open(db, readonly=True) as store:
        tables = set(store.db.table_names())
        assert set(SCHEMA_TABLES) <= tables
        article = store.article(aid)
        assert article is not None and article.title is not None
        assert article.title.startswith(SQL_TITLE)
        assert store.db.execute("SELECT count(*) FROM facts").fetchone()[0] > 0


@pytest.mark.parametrize("lookup", ["' OR '1'='1", "%", "_", "' OR 1=1 --", "\"; DROP TABLE articles; --"])
def test_article_lookup_with_hostile_ids_finds_nothing(hostile_db: tuple[Path, str], lookup: str) -> None:
    db, _ = hostile_db
    with Store.open(db, readonly=True) as store:
        assert store.article(lookup) is None
        assert set(SCHEMA_TABLES) <= set(store.db.table_names())


# SQL assembled with f-strings / format / % may only interpolate placeholders, identifiers
# from the schema constants, or `?` lists: never a value. Each allowed interpolation is here.
_ALLOWED = {
    "BUSY_TIMEOUT_MS", "marks", "','.join('?' * len(ids))", "','.join('?' * len(kinds))",
    "', '.join(f'[{c}]' for c in cols)", "', '.join(_ARTICLES)", "', '.join('?' * len(_ARTICLES))",
    "', '.join(f'articles.{c}' for c in _META)",
}
_SQL_FSTRING = regex.compile(
    r"""f(?P<q>["'])(?P<body>(?:SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER|WITH|"""
    r"""\s*AND|\s*WHERE|\s*OR|ON CONFLICT|\s*ORDER|\s*LIMIT)[^\n]*?)(?P=q)""", regex.I)


def _sql_fstrings() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*ROOT.glob("pipeline/store/*.py"), *ROOT.glob("pipeline/cli/*.py"),
                        *ROOT.glob("pipeline/*.py")]):
        for m in _SQL_FSTRING.finditer(path.read_text(encoding="utf-8")):
            for expr in regex.findall(r"\{((?:[^{}]|\{[^{}]*\})+)\}", m["body"]):
                found.append((path.name, expr.split("!")[0].split(":")[0].strip()))
    return found


def test_sql_is_built_from_parameters_only() -> None:
    found = _sql_fstrings()
    assert found, "the scan must see the store's SQL"
    unexpected = [(f, e) for f, e in found if e not in _ALLOWED]
    assert unexpected == []


def test_sql_scan_would_catch_a_value() -> None:
    sample = 'db.execute(f"SELECT * FROM articles WHERE title = \'{title}\'")'
    exprs = [e for m in _SQL_FSTRING.finditer(sample) for e in regex.findall(r"\{([^{}]+)\}", m["body"])]
    assert exprs == ["title"] and "title" not in _ALLOWED


def test_errors_table_keeps_hostile_messages_as_data(tmp_path: Path) -> None:
    with Store.open(tmp_path / "e.db") as store:
        rid = store.start_run({}, "test")
        store.write_batch(rid, [ArticleResult(source=SQL_TITLE, error=f"{XSS} {SQL_TITLE}", stage="ingest")])
        (row,) = store.errors(rid)
        assert (row["source"], row["message"]) == (SQL_TITLE, f"{XSS} {SQL_TITLE}")
        assert set(SCHEMA_TABLES) <= set(store.db.table_names())

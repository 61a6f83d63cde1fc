"""ingest: every input form and format, sidecar metadata, errors that never stop the stream."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from vnfacts.pipeline.ingest import expand_paths, iter_articles, iter_inputs
from vnfacts.pipeline.types import VN_TZ, Article, ArticleResult, text_sha256

BODY = "Ngày 21/1, Bộ chỉ huy Bộ đội Biên phòng tỉnh Lào Cai tổ chức hội nghị."
HTML = ("<div><h1>H&#7897;i ngh&#7883; s&#417; k&ecirc;&#769;t</h1><time datetime='2025-11-02T07:55:00.000Z'>1 giờ trước</time>"
        f"<p>{BODY}</p></div>")


def _vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN_TZ)


def _articles(items: list[Article | ArticleResult]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


@pytest.mark.parametrize(
    ("name", "content", "fmt", "title", "published"),
    [
        ("a.txt", f"Hội nghị sơ kết\n\n{BODY}\n\nTin liên quan\n\nBài khác", "txt", None, None),
        ("a.md", f"Hội nghị sơ kết\n===\n\n![ảnh](https://x.vn/a.jpg)\n\n{BODY}\n", "md", "Hội nghị sơ kết", None),
        ("a.html", HTML, "html", "Hội nghị sơ kết", _vn(2025, 11, 2, 14, 55)),
        ("a.htm", HTML, "html", "Hội nghị sơ kết", _vn(2025, 11, 2, 14, 55)),
        ("a.json", json.dumps({"title": "Tít", "content": HTML, "time": "2025-11-01T17:00:00Z"}),
         "json", "Tít", _vn(2025, 11, 2, 0, 0)),  # record metadata wins over the page's <time>
        ("a.jsonl", json.dumps({"headline": "Tít", "text": BODY, "date": "2025-04-22 15:17:00"}) + "\n",
         "jsonl", "Tít", _vn(2025, 4, 22, 15, 17)),
    ],
)
def test_every_format(tmp_path: Path, name: str, content: str, fmt: str, title: str | None,
                      published: dt.datetime | None) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (art,) = list(iter_articles([str(path)]))
    assert isinstance(art, Article)
    assert art.format == fmt
    assert BODY in art.text and "Tin liên quan" not in art.text and "https" not in art.text
    assert art.sha256 == text_sha256(art.text) and art.id == art.sha256[:16]
    assert art.source == (f"{path}:1" if fmt == "jsonl" else str(path))
    assert art.title == title
    assert art.published == published


def test_jsonl_streams_and_survives_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    lines = [
        json.dumps({"content": "<p>Bản tin một.</p>", "url": "https://a.vn/1", "publisher": "Báo A"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        json.dumps({"body": "Bản tin hai."}),
        json.dumps({"html": "<nav>menu</nav>"}),  # nothing left after the body stage
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = [(r.source.rsplit(":", 1)[1], type(r).__name__, getattr(r, "stage", None)) for r in iter_articles([str(path)])]
    assert got == [("1", "Article", None), ("2", "ArticleResult", "ingest"), ("4", "ArticleResult", "ingest"),
                   ("5", "ArticleResult", "ingest"), ("6", "Article", None), ("7", "ArticleResult", "body")]
    first = next(iter(iter_articles([str(path)])))
    assert isinstance(first, Article)
    assert (first.text, first.url, first.publisher) == ("Bản tin một.", "https://a.vn/1", "Báo A")


class _NoWholeRead(io.BytesIO):
    """A stream that refuses to be read whole: ingest must iterate it."""

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("read the whole stream")
        return super().read(size)


@pytest.mark.parametrize(
    ("data", "sources", "fmt"),
    [
        (b'{"text": "Tin m\\u1ed9t."}\n{"text": "Tin hai."}\n', ["-:1", "-:2"], "jsonl"),
        (("\ufeffTin một.\r\nDòng hai.").encode(), ["-"], "txt"),
        ("<p>Tin&nbsp;một</p>".encode(), ["-"], "html"),
    ],
)
def test_stdin(data: bytes, sources: list[str], fmt: str) -> None:
    stream = _NoWholeRead(data) if fmt == "jsonl" else io.BytesIO(data)
    got = list(iter_articles(["-"], stdin=stream))
    assert [a.source for a in got] == sources
    assert all(isinstance(a, Article) and a.format == fmt and a.text for a in got)


def test_directories_globs_sidecar_and_errors(tmp_path: Path) -> None:
    sub = tmp_path / "corpus" / "sub"
    sub.mkdir(parents=True)
    (tmp_path / "corpus" / "b.txt").write_text("Tin B.", encoding="utf-8")
    (sub / "a.md").write_text("Tin A\n===\n\nThân A.", encoding="utf-8")
    (sub / "notes.csv").write_text("x,y", encoding="utf-8")
    (sub / ".hidden.txt").write_text("ẩn", encoding="utf-8")
    (tmp_path / "corpus" / "corpus-index.jsonl").write_text(
        json.dumps({"file": "b.txt", "title": "Tít B", "url": "https://b.vn", "publisher": "Báo B",
                    "published": "2025-11-02T07:55:00.000Z"}) + "\n"
        + json.dumps({"file": "a.md", "published": "2013-01-22"}) + "\n",  # found from sub/ (parent dir)
        encoding="utf-8",
    )
    paths = list(expand_paths([str(tmp_path / "corpus")]))
    assert [Path(p).name for p in paths] == ["b.txt", "a.md"]
    assert list(expand_paths([str(tmp_path / "**" / "*.md")])) == [str(sub / "a.md")]
    got = {Path(a.source).name: a for a in _articles(list(iter_articles([str(tmp_path / "corpus")])))}
    b = got["b.txt"]
    assert (b.title, b.url, b.publisher, b.published) == ("Tít B", "https://b.vn", "Báo B", _vn(2025, 11, 2, 14, 55))
    assert got["a.md"].published == _vn(2013, 1, 22, 0, 0)
    assert got["a.md"].title == "Tin A"
    (err,) = list(iter_articles([str(tmp_path / "nope.txt")]))
    assert isinstance(err, ArticleResult) and err.stage == "ingest" and err.error


def test_symlinked_directories_are_followed_without_looping(tmp_path: Path) -> None:
    """A corpus assembled from links reads every linked directory, each real directory once
    (y is x again: the same files); a link back up is cut."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.txt").write_text("Năm 2016.", encoding="utf-8")
    (real / "sub" / "b.txt").write_text("Năm 2017.", encoding="utf-8")
    (real / "sub" / "up").symlink_to(real, target_is_directory=True)  # a cycle
    links = tmp_path / "links"
    links.mkdir()
    for name in ("x", "y"):
        (links / name).symlink_to(real, target_is_directory=True)
    got = [os.path.relpath(p, links) for p in expand_paths([str(links)])]
    assert got == ["x/a.txt", "x/sub/b.txt"]


def test_links_between_sibling_directories_do_not_multiply_the_walk(tmp_path: Path) -> None:
    # Every directory links to every other one: walking each path through the links visited
    # 1,956 inputs for 6 files (factorial); each real directory once gives the 6 files.
    dirs = [tmp_path / f"d{i}" for i in range(6)]
    for i, d in enumerate(dirs):
        d.mkdir()
        (d / f"f{i}.txt").write_text(f"Năm {2010 + i}.", encoding="utf-8")
    for d in dirs:
        for other in dirs:
            if other != d:
                (d / f"to_{other.name}").symlink_to(other, target_is_directory=True)
    got = list(expand_paths([str(tmp_path)]))
    assert sorted(os.path.basename(p) for p in got) == [f"f{i}.txt" for i in range(6)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_an_unreadable_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Năm 2016.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("Năm 2017.", encoding="utf-8")
    locked.chmod(0)
    try:
        got = list(iter_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    errs = [g for g in got if isinstance(g, ArticleResult)]
    assert [(e.source, e.stage) for e in errs] == [(str(locked), "ingest")]
    assert "unreadable directory" in errs[0].error


def test_an_unreadable_directory_is_reported_via_onerror(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # The same as root (who reads everything): os.walk's listing of one directory fails.
    (tmp_path / "ok.txt").write_text("Năm 2016.", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    got = list(iter_inputs([str(tmp_path)]))
    errs = [g for g in got if isinstance(g, ArticleResult)]
    assert [e.source for e in errs] == [str(tmp_path / "locked")]
    assert [g.source for g in got if not isinstance(g, ArticleResult)] == [str(tmp_path / "ok.txt")]


def test_default_published_and_precedence(tmp_path: Path) -> None:
    plain = tmp_path / "p.txt"
    plain.write_text("Tin.\n", encoding="utf-8")
    stamped = tmp_path / "s.txt"
    stamped.write_text("Tin\nNgày cập nhật 28/12/2019\nThân.", encoding="utf-8")
    default = _vn(2020, 1, 1, 0, 0)
    p, s = list(iter_articles([str(plain), str(stamped)], published=default))
    assert isinstance(p, Article) and isinstance(s, Article)
    assert p.published == default
    assert s.published == _vn(2019, 12, 28, 0, 0)  # the page stamp beats the caller's default


def test_cp1258_fallback(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Bi\u00ean pho\u0300ng".encode("cp1258"))  # cp1258 writes tones as combining marks
    (a,) = list(iter_articles([str(path)]))
    assert isinstance(a, Article)
    assert (a.text, a.encoding) == ("Biên phòng", "cp1258")


@pytest.mark.shared
def test_whole_shared_corpus_ingests(shared_dir: Path) -> None:
    items = list(iter_articles([str(shared_dir / "corpus")]))
    errors = [(r.source, r.error) for r in items if isinstance(r, ArticleResult)]
    assert errors == []
    arts = _articles(items)
    assert len(arts) == 340  # 140 files + 200 baomoi records
    assert sum(a.format == "jsonl" for a in arts) == 200
    assert all(a.text.strip() for a in arts)
    # all begin with their title; a few baomoi records are video/photo posts with a short body
    assert all(a.text.startswith(a.title) for a in arts if a.format != "txt")
    assert sum(len(a.text) < 300 for a in arts) <= 8
    first = next(a for a in arts if a.source.endswith("baomoi_records.jsonl:1"))
    assert first.published == _vn(2025, 11, 2, 14, 55)  # "time": "2025-11-02T07:55:00.000Z"
    assert first.publisher == "Báo Hà Tĩnh"


@pytest.mark.shared
def test_seeds_ingest(shared_dir: Path) -> None:
    arts = _articles(list(iter_articles([str(shared_dir / "seeds" / "*.txt")])))
    assert len(arts) == 5
    by = {Path(a.source).name[:3]: a for a in arts}
    assert by["003"].published == _vn(2021, 5, 6, 0, 0)
    assert by["004"].published == _vn(2019, 12, 28, 0, 0)


def test_inputs_are_named_first_and_read_later(tmp_path: Path) -> None:
    """iter_inputs reads no file (a RawInput per file, per .jsonl line); load_input of
    it, or of its bytes read elsewhere (with_bytes: a Dask client), gives the articles."""
    from vnfacts.pipeline.ingest import iter_inputs, load_input, with_bytes
    from vnfacts.pipeline.types import RawInput

    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"text": "Năm 2016."}\n\n{"text": "Năm 2017."}\n', "utf-8")
    raws = list(iter_inputs([str(tmp_path)]))
    assert [(Path(r.source).name, r.fmt, r.data is None) for r in raws] == [
        ("a.html", "html", True), ("d.jsonl:1", "jsonl", False), ("d.jsonl:3", "jsonl", False)]
    direct = [a for r in raws for a in load_input(r)]
    shipped = [a for r in raws for a in load_input(with_bytes(r))]
    assert direct == shipped == list(iter_articles([str(tmp_path)]))
    assert direct[0].text.endswith(BODY)
    assert [a.text for a in direct[1:]] == ["Năm 2016.", "Năm 2017."]
    gone = RawInput(source="gone.txt", fmt="txt", path=str(tmp_path / "gone.txt"))
    (err,) = load_input(gone)
    assert (err.stage, err.error.split(":")[0]) == ("ingest", "FileNotFoundError")
    assert with_bytes(gone).error == err.error

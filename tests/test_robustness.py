"""Bad and pathological input (issue 9): whatever arrives, the pipeline keeps going, says what
it could not read (an `errors` row / an ArticleResult error), and bounds its work.

Behaviour only: timing of the pathological inputs is scripts/pathological.py's job.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import regex
from conftest import patch_extract
from vnfacts.pipeline import runner
from vnfacts.pipeline.api import extract_text, make_article
from vnfacts.pipeline.engine import run
from vnfacts.pipeline.ingest import iter_articles
from vnfacts.pipeline.normalize import normalize_text
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.types import Article, ArticleResult, Doc, Fact, kind_names, spec

SENTENCE = "Ngày 21/1/2021, Đại tá Nguyễn Văn Thuận kiểm tra cửa khẩu quốc tế Hữu Nghị, đón 1.200 lượt khách."


def _facts(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in extract_text(text, published="2021-01-22")]


EXPECTED = _facts(SENTENCE)


def test_the_reference_sentence_has_facts_of_every_kind() -> None:
    assert {k for k, _ in EXPECTED} >= {"date", "official", "border_gate", "indicator"}


# ------------------------------------------------------------------ messy but readable text


@pytest.mark.parametrize("variant", [
    unicodedata.normalize("NFD", SENTENCE),  # combining marks (Windows-1258 style)
    SENTENCE.replace("Nguyễn", "Nguy\u200bễn\u200d").replace("Hữu", "\u2060Hữu"),  # zero-width
    "\ufeff" + SENTENCE,  # BOM
    SENTENCE.replace(" ", "\u00a0", 5).replace(", ", ",\t"),  # NBSP, tabs
    SENTENCE.replace("kiểm", "ki\x00ểm"),  # a NUL byte
    SENTENCE.replace("Đại", "\u00d0ại"),  # Icelandic eth for Đ
    SENTENCE.replace(", ", ",\x1b\x07\x08\x7f\x9b "),  # ESC, BEL, BS, DEL, CSI controls
], ids=["nfd", "zero-width", "bom", "nbsp-tabs", "nul", "eth", "controls"])
def test_noise_is_normalized_away_and_facts_survive(variant: str) -> None:
    assert normalize_text(variant) == SENTENCE
    assert _facts(variant) == EXPECTED


@pytest.mark.parametrize(("raw", "clean"), [
    (f"{SENTENCE}\r\n\r\n\r\nĐoạn hai.\r\n", f"{SENTENCE}\n\nĐoạn hai."),  # CRLF
    (f"{SENTENCE}\rĐoạn hai.", f"{SENTENCE}\nĐoạn hai."),  # old Mac CR
    (f"{SENTENCE}\u2028Đoạn hai.", f"{SENTENCE}\nĐoạn hai."),  # Unicode line separator
])
def test_line_endings(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@pytest.mark.parametrize(("old", "new"), [("Chính uỷ", "Chính ủy"), ("Thuỷ", "Thủy"), ("hoà", "hòa")])
def test_mixed_tone_conventions_give_the_same_official(old: str, new: str) -> None:
    text = "Đại tá Nguyễn Văn Sơn, {} Bộ đội Biên phòng tỉnh, dự hội nghị."
    a = [f.value for f in extract_text(text.format(old), kinds=["official"])]
    b = [f.value for f in extract_text(text.format(new), kinds=["official"])]
    assert [v.name for v in a] == [v.name for v in b] == ["Nguyễn Văn Sơn"]  # type: ignore[union-attr]


# ------------------------------------------------------------------ unreadable files


def _ingest_one(tmp_path: Path, name: str, data: bytes) -> Article | ArticleResult:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = list(iter_articles([str(path)]))
    return item


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(200)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty body"),
    ("blank.html", b"  \n\t\r\n ", "empty body"),
    ("only-markup.html", b"<html><head><script>var a=1;</script></head><body> </body></html>", "empty body"),
    ("image.html", PNG, "not text: a PNG image"),
    ("paper.html", PDF, "not text: a PDF document"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(500), "not text: a JPEG image"),
    ("archive.json", b"PK\x03\x04" + bytes(100), "not text: a ZIP archive"),
    ("noise.txt", bytes(range(32)) * 64, "not text: binary data"),
    ("broken.json", b'{"text": "Ng\xc3\xa0y 1/1', "JSONDecodeError"),
    ("number.json", b"42", "record is a int, not an object"),
    ("notext.json", json.dumps({"title": "Bài", "url": "https://a.vn"}).encode(),
     "no text/content/body/html field"),
])
def test_unreadable_input_is_a_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    item = _ingest_one(tmp_path, name, data)
    assert isinstance(item, ArticleResult) and item.error is not None
    assert message in item.error


@pytest.mark.parametrize(("data", "text", "encoding"), [
    # one invalid byte in UTF-8: the rest is still read as UTF-8, the byte becomes U+FFFD
    (SENTENCE.encode()[:20] + b"\xff" + SENTENCE.encode()[20:], None, "utf-8-lossy"),
    # a few NULs inside text are noise, not a binary file
    (SENTENCE.encode().replace(b" ", b" \x00", 3), SENTENCE, "utf-8"),
    # UTF-16 with its BOM (Windows Notepad "Unicode")
    (SENTENCE.encode("utf-16"), SENTENCE, "utf-16"),
])
def test_odd_bytes_are_still_read(tmp_path: Path, data: bytes, text: str | None, encoding: str) -> None:
    item = _ingest_one(tmp_path, "a.txt", data)
    assert isinstance(item, Article)
    assert item.encoding == encoding
    if text is not None:
        assert item.text == text
    else:
        assert "\ufffd" in item.text and item.text.endswith("1.200 lượt khách.")


def test_jsonl_broken_line_in_the_middle_is_one_error_row(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    good = [json.dumps({"title": f"Bài {i}", "text": f"{SENTENCE} (bài {i})"}, ensure_ascii=False) for i in range(4)]
    lines = [good[0], good[1], '{"title": "cut off", "text": "Ngày 2', good[2],
             json.dumps({"title": "no body"}), "\x00\x00\x00", good[3]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "f.db") as store:
        summary = run(store, [str(path)], kinds=["date"])
        errors = sorted((e["source"].rsplit(":", 1)[1], e["stage"]) for e in store.errors(summary.run_id))
        assert (summary.articles, summary.errors) == (4, 3)
        assert errors == [("3", "ingest"), ("5", "ingest"), ("6", "ingest")]
        assert store.run(summary.run_id).finished is not None  # type: ignore[union-attr]


@pytest.mark.slow
def test_50_mb_html_page(tmp_path: Path) -> None:
    # Mostly inline script data and markup, as real bloated pages are; the body is small.
    filler = "<script>var d=" + json.dumps(["x" * 1000] * 20_000) + ";</script>\n"
    page = ("<html><head><title>Tin biên giới</title>" + filler + "</head><body>"
            + "<div class='ad'><span>quảng cáo</span></div>\n" * 100_000
            + f"<article><p>{SENTENCE}</p></article></body></html>")
    data = page.encode()
    assert len(data) > 24_000_000
    data += b"<!-- " + b"-" * (52_000_000 - len(data)) + b" -->"
    item = _ingest_one(tmp_path, "big.html", data)
    assert isinstance(item, Article), item
    # the script and the comment are gone; the repeated ad line is kept once (boilerplate)
    assert item.text == f"quảng cáo\n\n{SENTENCE}"


# ------------------------------------------------------------------ pathological text


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


PATHOLOGICAL = {
    "digits_and_dots": _fill("1234567890.", 100_000),
    "grouped_numbers": _fill("1.000.000,5 ", 30_000),
    "gate_lead_words": _fill("cửa khẩu ", 60_000),
    "capitalised_run": _fill("Cửa Khẩu Quốc Tế Hữu Nghị ", 30_000),
    "long_whitespace": "Ngày" + " \t\u00a0" * 30_000 + "21/1/2021",
    "date_lead_words": _fill("ngày 1/1/ tháng 1/ năm ", 30_000),
    "issuer_chain": "số 12/2020/" + "NĐ-CP-" * 5_000,
    "slash_chain": _fill("1/2/", 30_000),
    "titles_no_name": _fill("Đại tá Thượng tá Chủ tịch ", 30_000),
    "endless_range": _fill("10-12-", 30_000),
    "one_word": _fill("cửakhẩu", 30_000),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_gives_a_bounded_result(name: str) -> None:
    text = PATHOLOGICAL[name]
    doc = Doc(make_article(text))  # the extractors alone: the segmenter is not under test
    prior: dict[str, list[Fact]] = {}
    for kind in kind_names():
        prior[kind] = spec(kind).extract(doc, prior)
    facts = [f for fs in prior.values() for f in fs]
    assert len(facts) <= len(doc.text) // 2  # at most one fact per two characters
    assert all(doc.text[f.start:f.end] == f.text for f in facts)


def test_pathological_article_through_the_runner() -> None:
    result = runner.process(make_article(PATHOLOGICAL["gate_lead_words"][:20_000]))
    assert result.error is None
    assert all(f.kind == "border_gate" or f.kind == "indicator" for f in result.facts)


@pytest.mark.parametrize(("text", "tokens"), [
    (_fill("10-12-", 30_000), ["10-12-10-12-10-12-10"]),  # one endless run: one token
    ("xem https://x.vn/" + "a" * 300 + " ngay", ["xem", "https://x.vn/aaaaaaa", "ngay"]),
])
def test_long_runs_without_spaces_are_one_token(text: str, tokens: list[str]) -> None:
    # underthesea's tokenizer is quadratic in such a run; the segmenter passes it through.
    from vnfacts.pipeline.segment import segment

    doc = segment(make_article(text))
    assert [t.text[:20] for s in doc.sentences for t in s.tokens] == tokens


def test_deeply_nested_html_is_read(tmp_path: Path) -> None:
    # 100,000 nested elements: quadratic in the parser unless the nesting is capped first.
    page = "<html><body>" + "<div><span>" * 50_000 + f"<p>{SENTENCE}</p>" + "</span></div>" * 50_000
    item = _ingest_one(tmp_path, "nested.html", page.encode())
    assert isinstance(item, Article) and item.text == SENTENCE


# ------------------------------------------------------------------ the time budget


_CATASTROPHIC = regex.compile(r"(a|aa)+$")  # exponential on "aaa…ab": the guard's target


def test_time_budget_turns_a_runaway_pattern_into_that_articles_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = spec("indicator").extract

    def runaway(doc: Doc, prior: dict) -> list[Fact]:
        _CATASTROPHIC.search("a" * 60 + "b")  # would run for years
        return real(doc, prior)

    patch_extract(monkeypatch, "indicator", runaway)
    result = runner.process(make_article(SENTENCE, published="2021-01-22"), budget=1.0)
    assert result.stage == "extract:indicator"
    assert result.error is not None and "BudgetExceeded" in result.error
    # the kinds extracted before the budget ran out are kept
    assert {f.kind for f in result.facts} == {"date", "official", "border_gate"}


def test_time_budget_leaves_normal_articles_alone() -> None:
    result = runner.process(make_article(SENTENCE, published="2021-01-22"), budget=30.0)
    assert result.error is None
    assert [(f.kind, f.text) for f in result.facts] == EXPECTED


@pytest.mark.parametrize("workers", [1, 2])
def test_time_budget_reaches_the_workers(workers: int) -> None:
    """`vnfacts run/extract --article-budget` → engine → the worker's runner.process."""
    from vnfacts.pipeline import engine

    (res,) = engine.process_stream([make_article(SENTENCE, published="2021-01-22")], None,
                                   workers=workers, budget=1e-6)
    assert res.error is not None and "article time budget of 1e-06 s" in res.error
    assert res.facts == []

"""Steward diffs (pipeline/diff.py) and the HTML report's escaping (pipeline/report.py)."""

from __future__ import annotations

import html
import io
import re

import pytest
from rich.console import Console
from vnfacts.extractors.border_gate import BorderGateValue
from vnfacts.extractors.date import DateValue
from vnfacts.extractors.indicator import IndicatorValue
from vnfacts.pipeline.cli.render import render_terminal
from vnfacts.pipeline.diff import (
    article_diff,
    diff_facts,
    sentence_bounds,
    summary,
    value_summary,
)
from vnfacts.pipeline.report import anchor_id, highlighted_text, render_html, safe_link
from vnfacts.pipeline.types import Fact

TEXT = ("Tuyên truyền cho 41.262 lượt người dân. Năm 2016, hai đơn vị đã phối hợp tại "
        "Cửa khẩu Quốc tế Lào Cai và Cửa khẩu Quốc tế số 2 Kim Thành.\nHơn 2600 tin, bài.")


def at(surface: str, kind: str = "indicator", value=None) -> Fact:  # noqa: ANN001
    s = TEXT.index(surface)
    if value is None:
        value = IndicatorValue(value=41262, unit="lượt")
    return Fact.at(TEXT, kind, s, s + len(surface), value, rule="t")


LUOT = at("41.262 lượt")
LUOT_PERSON = at("41.262 lượt", value=IndicatorValue(value=41262, unit="người"))
YEAR = at("Năm 2016", "date", DateValue(start="2016-01-01", end="2016-12-31", grain="year"))
LC = at("Cửa khẩu Quốc tế Lào Cai", "border_gate",
        BorderGateValue(name="Lào Cai", class_="quốc tế"))
LC_GID = at("Cửa khẩu Quốc tế Lào Cai", "border_gate",
            BorderGateValue(name="Lào Cai", class_="quốc tế", gazetteer_id="vn-lao-cai"))
LC_SHORT = at("Lào Cai", "border_gate", BorderGateValue(name="Lào Cai"))
TIN = at("Hơn 2600 tin", value=IndicatorValue(value=2600, unit="tin", approx="more_than"))


@pytest.mark.parametrize(("base", "head", "added", "removed", "changed", "same", "guideline"), [
    ([LUOT, YEAR], [LUOT, YEAR], [], [], [], 2, False),
    ([LUOT], [LUOT_PERSON], [], [], [(LUOT, LUOT_PERSON)], 0, False),
    ([LUOT], [LUOT, TIN], [TIN], [], [], 1, False),
    ([LUOT, TIN], [TIN], [], [LUOT], [], 1, False),
    # A span that moved is removed + added, not changed.
    ([LC], [LC_SHORT], [LC_SHORT], [LC], [], 0, False),
    # A gazetteer id is a change run-to-run, not against gold (guideline fields only).
    ([LC], [LC_GID], [], [], [(LC, LC_GID)], 0, False),
    ([LC], [LC_GID], [], [], [], 1, True),
])
def test_diff_facts(base, head, added, removed, changed, same, guideline) -> None:  # noqa: ANN001
    assert diff_facts(base, head, guideline_only=guideline) == (added, removed, changed, same)


@pytest.mark.parametrize(("surface", "sentence"), [
    ("41.262 lượt", "Tuyên truyền cho 41.262 lượt người dân."),
    ("Năm 2016", "Năm 2016, hai đơn vị đã phối hợp tại Cửa khẩu Quốc tế Lào Cai và Cửa khẩu "
                 "Quốc tế số 2 Kim Thành."),
    ("Hơn 2600 tin", "Hơn 2600 tin, bài."),
])
def test_sentence_bounds(surface: str, sentence: str) -> None:
    s = TEXT.index(surface)
    a, b = sentence_bounds(TEXT, s, s + len(surface))
    assert TEXT[a:b] == sentence


def test_sentence_bounds_long_text_cuts_at_words() -> None:
    text = "từ " * 400 + "41.262 lượt" + " người" * 400
    s = text.index("41.262")
    a, b = sentence_bounds(text, s, s + 11)
    assert text[a:b].startswith("từ ") and text[a:b].endswith("người")
    assert b - a < 520


@pytest.mark.parametrize(("fact", "shown"), [
    (LUOT, "41262 lượt"),
    (TIN, "2600 tin (more_than)"),
    (YEAR, "2016-01-01…2016-12-31 year"),
    (LC, "Lào Cai · quốc tế"),
])
def test_value_summary(fact: Fact, shown: str) -> None:
    assert value_summary(fact) == shown


def test_summary_and_terminal() -> None:
    d = article_diff("abc", TEXT, [LUOT, LC], [LUOT_PERSON, TIN], title="Bài viết")
    assert summary([d])["indicator"] == {"added": 1, "removed": 0, "changed": 1, "articles": 1}
    assert summary([d])["border_gate"] == {"added": 0, "removed": 1, "changed": 0, "articles": 1}
    buf = io.StringIO()
    render_terminal([d], Console(file=buf, width=200, color_system=None), base_label="gold")
    out = buf.getvalue()
    assert "+ indicator   'Hơn 2600 tin'" in out
    assert "- border_gate 'Cửa khẩu Quốc tế Lào Cai'" in out
    assert "~ indicator   '41.262 lượt'" in out and "unit: 'lượt' → 'người'" in out
    assert "Tuyên truyền cho 41.262 lượt người dân." in out  # the sentence around it


# ------------------------------------------------------------------ HTML escaping

EVIL = '<script>document.title="pwned"</script><img src=x onerror="alert(1)">'


@pytest.mark.parametrize(("url", "link"), [
    ("https://baomoi.com/a.epi", True),
    ("http://x.vn/?q=1&b=<2>", True),
    ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("/relative", False),
])
def test_safe_link(url: str, link: bool) -> None:
    out = safe_link(url)
    assert out.startswith("<a ") is link
    assert "<script>" not in out and "<2>" not in out


@pytest.mark.parametrize(("aid", "expected"), [
    ("59d61834de31c26f", "a-59d61834de31c26f"),
    ('"><script>', "a-_script_"),
    ("../../etc/passwd", "a-_etc_passwd"),
])
def test_anchor_id(aid: str, expected: str) -> None:
    assert anchor_id(aid) == expected


def test_html_escapes_everything() -> None:
    text = f"Tiêu đề {EVIL} tại Cửa khẩu Hữu Nghị."
    s = text.index("Cửa khẩu")
    gate = Fact.at(text, "border_gate", s, s + len("Cửa khẩu Hữu Nghị"),
                   BorderGateValue(name='Hữu Nghị"><b>x</b>'), rule='r"<i>')
    s2 = text.index("<script>")
    weird = Fact.at(text, "indicator", s2, s2 + 20, IndicatorValue(value=1, unit="<u>"), rule="t")
    d = article_diff('id"><script>alert(2)</script>', text, [], [gate, weird],
                     title=EVIL, url="javascript:alert(3)", source=EVIL)
    page = render_html([d], title=EVIL, base_label=EVIL, head_label="run 2")
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert "<b>x</b>" not in page and "<i>" not in page and "<u>" not in page
    assert 'href="javascript' not in page.lower()
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page


def test_highlight_overlapping_spans() -> None:
    d = article_diff("a1", TEXT, [LC], [LC_SHORT, LUOT_PERSON], title="t")
    d.changed = [(LUOT, LUOT_PERSON)]
    d.added = [LC_SHORT]
    out = highlighted_text(d, "a-a1")
    # "Lào Cai" is inside the removed gate and is itself added: both classes on that piece.
    assert 'class="f-added f-removed k-border_gate"' in out
    assert '<mark class="f-removed k-border_gate"' in out and ">Cửa khẩu Quốc tế </mark>" in out
    assert 'class="f-changed k-indicator"' in out and ">41.262 lượt</mark>" in out
    # The text round-trips: stripping the tags gives back the (escaped) article.
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == TEXT


def _many_facts(n: int) -> tuple[str, list[Fact], list[Fact]]:
    text = "Năm 2016. " * n
    base = [Fact.at(text, "date", i * 10, i * 10 + 8, value=DateValue(start="2016-01-01", end="2016-12-31", grain="year"), rule="r")
            for i in range(n)]
    head = [Fact.at(text, "date", i * 10 + 4, i * 10 + 8, value=DateValue(start="2016-01-01", end="2016-12-31", grain="year"), rule="r")
            for i in range(n)]
    return text, base, head


@pytest.mark.slow
def test_html_diff_is_linear_in_facts_per_article() -> None:
    # One piece per cut, every mark scanned for every piece: 5k, 10k, 20k changed facts took
    # 3.4, 8.2, 23.7 s. A ratio, not a time: 8× the facts must cost well under 64× (quadratic).
    import time

    def took(n: int) -> float:
        text, base, head = _many_facts(n)
        d = article_diff("a1", text, base, head)
        t = time.perf_counter()
        out = highlighted_text(d, "a-a1")
        secs = time.perf_counter() - t
        assert out.count("<mark") == 2 * n and html.unescape(re.sub(r"<[^>]+>", "", out)) == text
        return secs

    took(500)  # warm-up
    small, large = min(took(1500) for _ in range(2)), took(12_000)
    assert large / small < 20, f"{small:.3f} s → {large:.3f} s"

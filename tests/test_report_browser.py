"""The HTML diff report in a real headless Chromium: what is shown, and that nothing runs.

Skips (with the reason) when Chromium is absent on a developer machine; under CI (`CI` set)
a missing browser is a failure — .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from vnfacts.extractors.border_gate import BorderGateValue
from vnfacts.extractors.date import DateValue
from vnfacts.extractors.indicator import IndicatorValue
from vnfacts.pipeline.diff import article_diff
from vnfacts.pipeline.report import render_html
from vnfacts.pipeline.types import Fact

pytestmark = pytest.mark.browser

# A scraped page's text: if any of this ran, the title would change or a node would appear.
EVIL = ("<script>document.title='pwned';document.body.appendChild("
        "document.createElement('pwned-node'))</script>"
        "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">")
TEXT = (f"Biên phòng Lào Cai {EVIL}\n\n"
        "Ngày 21/1, hai đơn vị đã tuyên truyền cho 41.262 lượt người dân tại "
        "Cửa khẩu Quốc tế Lào Cai và Cửa khẩu Quốc tế số 2 Kim Thành.")
TITLE = "vnfacts diff: run 2 vs run 1"


def _fact(kind: str, surface: str, value) -> Fact:  # noqa: ANN001
    s = TEXT.index(surface)
    return Fact.at(TEXT, kind, s, s + len(surface), value, rule="t")


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed but CI is set: .ci/run must install it")
        pytest.skip("chromium not installed (apt-get install -y chromium); the report's "
                    "browser check did not run")
    return exe


def _run(exe: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={profile}", "--virtual-time-budget=3000", *args],
            capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    luot = _fact("indicator", "41.262 lượt", IndicatorValue(value=41262, unit="lượt"))
    luot2 = _fact("indicator", "41.262 lượt", IndicatorValue(value=41262, unit="người"))
    day = _fact("date", "Ngày 21/1", DateValue(start="2013-01-21", end="2013-01-21", grain="day"))
    lc = _fact("border_gate", "Cửa khẩu Quốc tế Lào Cai", BorderGateValue(name="Lào Cai"))
    kt = _fact("border_gate", "Cửa khẩu Quốc tế số 2 Kim Thành",
               BorderGateValue(name="Kim Thành"))
    d1 = article_diff(f'x"><b>{EVIL}', TEXT, [luot, lc, kt], [day, luot2, kt],
                      title=f"Bài {EVIL}", url="javascript:alert(1)", source="corpus/x.txt")
    d2 = article_diff("same", "Không đổi.", [], [], title="unchanged")
    path = tmp_path_factory.mktemp("report") / "diff.html"
    path.write_text(render_html([d1, d2], title=TITLE, base_label="run 1", head_label="run 2"),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dom(chromium: str, report: Path) -> HTMLParser:
    res = _run(chromium, "--dump-dom", report.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    assert "<html" in res.stdout
    return HTMLParser(res.stdout)


def test_nothing_executed(dom: HTMLParser) -> None:
    assert dom.css_first("title").text() == TITLE
    assert dom.css("script") == [] and dom.css("img") == []
    assert dom.css("pwned-node") == []
    assert dom.body.attributes.get("data-pwned") is None


def test_script_text_shown_literally(dom: HTMLParser) -> None:
    body_text = dom.css_first("div.text").text()
    assert EVIL in body_text
    assert f"Bài {EVIL}" == dom.css_first("section.article h2").text()


@pytest.mark.parametrize(("selector", "texts"), [
    ("mark.f-added.k-date", ["Ngày 21/1"]),
    ("mark.f-removed.k-border_gate", ["Cửa khẩu Quốc tế Lào Cai"]),
    ("mark.f-changed.k-indicator", ["41.262 lượt"]),
])
def test_highlighted_spans(dom: HTMLParser, selector: str, texts: list[str]) -> None:
    assert [m.text() for m in dom.css(selector)] == texts


def test_summary_and_links(dom: HTMLParser) -> None:
    rows = {r.css("td")[0].text(): [c.text() for c in r.css("td")[1:]]
            for r in dom.css("#summary tbody tr")}
    assert rows["indicator"] == ["0", "0", "1", "1"]
    assert rows["border_gate"] == ["0", "1", "0", "1"]
    assert rows["date"] == ["1", "0", "0", "1"]
    links = [a.attributes["href"] for a in dom.css("#articles a")]
    assert len(links) == 1  # the unchanged article is not listed
    target = links[0][1:]
    assert dom.css_first(f"section#{target}") is not None
    assert target.replace("-", "").replace("_", "").isalnum()
    assert not any(a.attributes.get("href", "").lower().startswith("javascript")
                   for a in dom.css("a"))
    assert "javascript:alert(1)" in dom.css_first("section.article p.meta").text()


def test_screenshot(chromium: str, report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    res = _run(chromium, f"--screenshot={shot}", "--window-size=1200,1400", report.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_control_unescaped_page_does_run(chromium: str, tmp_path: Path) -> None:
    """The detector works: the same text inserted raw (no escaping, no CSP) does execute."""
    raw = tmp_path / "raw.html"
    raw.write_text(f"<!DOCTYPE html><html><head><title>{TITLE}</title></head>"
                   f"<body><div>{EVIL}</div></body></html>", encoding="utf-8")
    res = _run(chromium, "--dump-dom", raw.as_uri())
    dom = HTMLParser(res.stdout)
    assert dom.css_first("title").text() == "pwned"
    assert len(dom.css("pwned-node")) == 1

"""body: raw page/record text in, the article body out (GUIDELINES.md §1), pure.

Kept: title, lead, paragraphs, captions, bylines, the article's own dateline
("(Ngày đăng :06/05/2021 12:00:00 SA)", "Ngày cập nhật 28/12/2019").
Dropped: site menus and breadcrumbs before the article, related-news lists and everything
after their heading ("Tin liên quan", "Các tin khác" …), "Xem chi tiết" teasers, a lead
repeated as a teaser (the "Summary:" of scraped records, an adjacent duplicate paragraph),
image markup and link-only lines of converted pages, share/feedback buttons, visitor
counters, site footers (responsible editor, address, phone, e-mail, copyright).

The output is normalized (pipeline.normalize): it is the stored text all offsets refer to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex
from vnfacts.pipeline.html import html_to_text
from vnfacts.pipeline.normalize import normalize_text
from vnfacts.pipeline.types import VN_TZ


@dataclass(frozen=True, slots=True)
class BodyText:
    """The body of one article and what the raw text says about it."""

    text: str
    title: str | None = None
    published: dt.datetime | None = None  # from the page stamp / markup, Vietnam time
    publisher: str | None = None
    url: str | None = None


# ---------------------------------------------------------------- line rules

# A heading that starts the related-news list: it and everything after it go.
_CUT = regex.compile(
    r"^(?:tin|bài)\s(?:liên\squan|khác|cùng\s(?:chuyên\smục|chủ\sđề|loại)|mới(?:\snhất)?|"
    r"đọc\snhiều(?:\snhất)?|xem\snhiều(?:\snhất)?|nổi\sbật|đã\sđưa)"
    r"|^các\s(?:tin|bài)\s(?:khác|liên\squan|đã\sđưa|mới)|^xem\sthêm|^đọc\sthêm|^có\sthể\sbạn\squan\stâm"
    r"|^bình\sluận|^ý\skiến\sbạn\sđọc|^gửi\sbình\sluận|^chungnhantinnhiemmang",
    regex.I | regex.V1,
)
_CUT_LINE = regex.compile(r"^\P{L}{0,3}+(?P<h>[\p{L} ]{4,40}+)\P{L}{0,3}+$")

# Single lines that are page chrome wherever they are.
_CHROME = regex.compile(
    r"^(?:"
    # counters: "Tổng truy cập 7.103.112", "Truy cập hiện tại 3.619 khách", "2168 người online"
    r"[\d.,]++\s(?:người|khách)\s(?:online|trực\stuyến|đang\struy\scập)"
    r"|[\p{L} ]{0,30}?truy\scập[\p{L} ]{0,30}?:?\s*+[\d.,]++(?:\s(?:khách|lượt|người))?"
    r"|thống\skê\struy\scập|đang\s(?:online|truy\scập)\s*+:?\s*+[\d.,]*+"
    # footer: responsible editor, address, phones, e-mail, copyright, licence
    r"|chịu\strách\snhiệm\s(?:nội\sdung|xuất\sbản|chính)\s*+:.*|(?:trụ\ssở|địa\schỉ)(?:\scơ\squan)?\s*+:.*"
    r"|(?:điện\sthoại|đt|tel|fax|hotline|email|e-mail)\s*+:.{0,120}+"
    r"|ghi\srõ\snguồn\b.*|bản\squyền\sthuộc\b.*|copyright\b.*|©.*|giấy\sphép\s(?:số|xuất\sbản|hoạt\sđộng)\b.*"
    r"|cơ\squan\schủ\squản\s*+:.*|trưởng\sban\sbiên\stập\s*+:.*|(?:phát\striển|thiết\skế)\sbởi\b.*"
    # breadcrumbs
    r"|trang\schủ\b.{0,80}+"
    # buttons and menu items, alone on their line (optionally with a count)
    r"|(?:tìm\skiếm|liên\skết\swebsite|xem\stin\stheo\sngày|phản\shồi|chia\ssẻ|share|in\sbài(?:\sviết)?|"
    r"gửi\sbài(?:\sviết)?|gửi\scho\sbạn\sbè|lưu\stin|báo\slỗi|bình\sluận|thích|like|tweet|facebook|"
    r"zalo|twitter|quay\slại|về\sđầu\strang|lên\sđầu\strang|img|\[img\]|print)\s*+[:\d().,]*+"
    # "Xem chi tiết" teasers
    r"|.{0,40}?xem\schi\stiết\b.*"
    r")$",
    regex.I | regex.V1,
)
# A line of no letters and no digits (rules, bullets, stray punctuation).
_NO_WORDS = regex.compile(r"^[^\p{L}\p{N}]*+$")

# ---------------------------------------------------------------- markdown (converted pages)

_MD_UNDERLINE = regex.compile(r"^[ \t]*+(?:={3,}+|-{3,}+|\*{3,}+|_{3,}+)[ \t]*+$", regex.M)
_MD_IMAGE = regex.compile(
    r"!\[[^\]\n]{0,2000}+\]\([^)\s]{0,4000}+(?:\s++\"[^\"\n]{0,2000}+\")?\s*+\)"  # ![alt](url "title")
    r"|!\[[^\]\n]{0,2000}+\]\([^)\n]{0,4000}+\)"
)
_MD_LINK = regex.compile(r"\[([^\]\n]{0,2000}+)\]\(([^)\s]{0,4000}+)(?:\s\"[^\"\n]{0,2000}+\")?\)")
_MD_LINK_LINE = regex.compile(
    r"^[ \t]*+(?:\[[^\]\n]{0,2000}+\]\([^)\s]{0,4000}+(?:\s++\"[^\"\n]{0,2000}+\")?\s*+\)[ \t]*+)++$", regex.M
)
_MD_EMPH = regex.compile(r"(\*\*|__)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
_MD_HEADING = regex.compile(r"^[ \t]{0,3}+#{1,6}+[ \t]++", regex.M)
_MD_MORE = regex.compile(r"^more(?=\()", regex.M)  # hddtvn: "more(HDDTVN) – <lead>"
_MD_EMOJI = regex.compile(r":[a-z_]{2,30}+:")

# ---------------------------------------------------------------- scraped-record header (.txt)

_HEADER = regex.compile(
    r"^(?P<k>Title|Source|Link|URL|Published Date|Published|Date|Author|Tags|Summary|Content)"
    r":[ \t]?+(?P<v>.*)$",
    regex.M,
)

# ---------------------------------------------------------------- publication stamps

_STAMP = regex.compile(
    r"(?:ngày\sđăng|ngày\scập\snhật|cập\snhật(?:\slúc)?|đăng\sngày|đăng\slúc|ngày\sxuất\sbản|"
    r"xuất\sbản|thời\sgian\sđăng|published\sdate|published|posted)\s*+:?\s*+"
    r"(?:(?:thứ\s(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\snhật)\s*+,?\s*+)?"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*+[,-]?\s*+(?:lúc\s)?(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*+(?P<ap>SA|CH|AM|PM)?)?",
    regex.I | regex.V1,
)
_WEEKDAY_STAMP = regex.compile(
    r"^(?:thứ\s(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\snhật)\s*+,\s*+"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s*+,\s*+(?P<H>\d{1,2}):(?P<M>\d{2}))?",
    regex.I | regex.V1 | regex.M,
)


def _stamp_datetime(m: regex.Match[str]) -> dt.datetime | None:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    hour = int(m["H"]) if m["H"] else 0
    minute = int(m["M"]) if m["M"] else 0
    ap = (m.groupdict().get("ap") or "").upper()
    if ap in ("SA", "AM") and hour == 12:
        hour = 0
    elif ap in ("CH", "PM") and hour < 12:
        hour += 12
    if not (0 <= hour < 24 and 0 <= minute < 60):
        hour = minute = 0
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def find_stamp(text: str, window: int = 2000) -> dt.datetime | None:
    """The publication/update stamp near the top of a page ("(Ngày đăng :06/05/2021
    12:00:00 SA)", "Ngày cập nhật 28/12/2019", "Thứ bảy, 17/2/2024, 21:35 (GMT+7)")."""
    head = text[:window]
    for rx in (_STAMP, _WEEKDAY_STAMP):
        for m in rx.finditer(head):
            # A bare "ngày 9/12/2021" inside a sentence is a date fact, not a stamp: the lead
            # word must start its line or follow "(".
            start = m.start()
            before = head[max(0, start - 2):start]
            if rx is _STAMP and start > 0 and not before.endswith(("\n", "(", "( ")):
                continue
            ts = _stamp_datetime(m)
            if ts is not None:
                return ts
    return None


def parse_published(value: object) -> dt.datetime | None:
    """Record/sidecar metadata → aware datetime in Vietnam time.

    UTC ("2025-11-02T07:55:00.000Z") and offset timestamps are converted; naive ones
    ("2025-04-22 15:17:00", "2013-01-22") are read as Vietnam time."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):  # epoch seconds (or ms)
        secs = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(secs, tz=dt.UTC).astimezone(VN_TZ)
    if isinstance(value, dt.datetime):
        ts = value
    elif isinstance(value, dt.date):
        ts = dt.datetime(value.year, value.month, value.day)
    else:
        s = str(value).strip()
        try:
            ts = dt.datetime.fromisoformat(s)
        except ValueError:
            m = _STAMP.search("Ngày đăng " + s) or _WEEKDAY_STAMP.search(s)
            return _stamp_datetime(m) if m else None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=VN_TZ)
    return ts.astimezone(VN_TZ)


# ---------------------------------------------------------------- per-format preparation


def _from_markdown(raw: str) -> str:
    s = raw
    # Teaser line "[:gift:Xem chi tiết ở đây:gift:](url)<repeated caption>" (a setext h2).
    s = regex.sub(r"^.{0,200}?Xem\schi\stiết.*$", "", s, flags=regex.M | regex.I)
    s = _MD_UNDERLINE.sub("", s)
    s = _MD_IMAGE.sub("", s)
    s = _MD_LINK_LINE.sub("", s)  # lines that are only links: related articles, tags
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_EMPH.sub(r"\2", s)
    s = _MD_HEADING.sub("", s)
    s = _MD_MORE.sub("", s)
    return _MD_EMOJI.sub("", s)


def _from_record_text(raw: str) -> tuple[str, str | None, dt.datetime | None, str | None, str | None]:
    """Scraped records with a "Title: / Source: / Link: / … / Content:" header."""
    head: dict[str, str] = {}
    content_at = None
    for m in _HEADER.finditer(raw):
        key = m["k"].lower()
        if key in head:
            continue
        head[key] = m["v"].strip()
        if key == "content":
            content_at = m.start("v")
            break
    if content_at is None or "title" not in head:
        return raw, None, None, None, None
    title = head.get("title") or None
    # Keep the title and the article's dateline; drop source/link/author/tags and the
    # summary, which repeats the lead.
    lines = [title or ""]
    stamp = head.get("published date") or head.get("published") or head.get("date") or ""
    published = None
    if stamp and stamp.upper() != "N/A":
        lines.append(stamp)
        m = _WEEKDAY_STAMP.search(stamp) or _STAMP.search("Ngày đăng " + stamp)
        published = _stamp_datetime(m) if m else None
    text = "\n\n".join([*lines, raw[content_at:]])
    return text, title, published, head.get("source") or None, head.get("link") or head.get("url")


def _clean_lines(text: str, title: str | None) -> str:
    lines = text.split("\n")
    # Menus/breadcrumbs before the title: when the known title is a line near the top, the
    # article starts there.
    if title:
        key = " ".join(title.split()).casefold()
        for i, line in enumerate(lines[:40]):
            if " ".join(line.split()).casefold() == key:
                lines = lines[i:]
                break
    # A leading run of >= 3 short menu-like lines (no digits, no sentence punctuation).
    run = 0
    for line in lines:
        words = line.split()
        if 0 < len(words) <= 6 and not regex.search(r"[\d.:;!?\"“”()]", line):
            run += 1
        else:
            break
    if run >= 3:
        lines = lines[run:]
    out: list[str] = []
    prev: str | None = None  # the last non-blank line kept, stripped (no backward scan:
    for line in lines:       # a page of repeated lines between blanks made that quadratic)
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        m = _CUT_LINE.match(stripped)
        if m and _CUT.fullmatch(m["h"].strip()):
            break
        if _CHROME.match(stripped) or _NO_WORDS.match(stripped):
            continue
        # A paragraph repeated right after itself (image alt + caption, lead + teaser).
        if prev == stripped:
            continue
        out.append(line)
        prev = stripped
    return "\n".join(out)


def extract_body(raw: str, fmt: str, *, title: str | None = None) -> BodyText:
    """Body text of one raw article. `fmt`: txt | md | html (json/jsonl records pass their
    body field with the format it is in: html when it holds markup, else txt). `title`, when
    the metadata knows it, marks where the article starts (menus before it are dropped)."""
    hint = title
    fmt = fmt.lower().lstrip(".")
    title = publisher = url = None
    published = None
    text = raw
    if fmt in ("html", "htm"):
        page = html_to_text(raw)
        text, title, publisher = page.text, page.title, page.publisher
        published = parse_published(page.published) if page.published else None
    elif fmt in ("md", "markdown"):
        first = raw.lstrip().split("\n", 1)[0].lstrip("# ").strip()
        title = first or None
        text = _from_markdown(raw)
    else:
        text, title, published, publisher, url = _from_record_text(raw)
    text = normalize_text(text)
    title = normalize_text(title) if title else None
    text = normalize_text(_clean_lines(text, title or (normalize_text(hint) if hint else None)))
    if published is None:
        published = find_stamp(text)
    return BodyText(text=text, title=title or None, published=published, publisher=publisher, url=url)

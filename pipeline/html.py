"""HTML → text with a real parser (selectolax/lexbor): whole pages or DOM fragments.

Entities are decoded by the parser; inline elements (a, b, em, span …) do not break lines,
block elements do (a blank line between blocks, a line break for <br>). Page chrome that is
never article body (scripts, buttons, share bars, photo viewers, the baomoi meta bar) is
removed before the walk; the metadata it carries (title, <time datetime>, publisher) is
read first and returned beside the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose whole subtree is never body text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "button", "iframe", "form", "input",
    "select", "textarea", "nav", "head", "object", "embed", "canvas", "audio", "video",
    "picture", "source", "img", "footer", "aside", "menu",
)
# Site chrome by class/role: share bars, photo viewers (PhotoSwipe), baomoi's meta bar
# ("15 giờ trước", "1 liên quan", "Gốc"), related-news boxes, comments, breadcrumbs.
_DROP_SELECTORS = ", ".join((
    *_DROP_TAGS,
    ".content-meta", ".content-social", ".pswp", ".breadcrumb", ".breadcrumbs",
    "[class*='share']", "[class*='social']", "[class*='comment']", "[class*='related']",
    "[class*='relate-']", "[id*='comment']", "[role='navigation']", "[aria-hidden='true']",
))
_BLOCK_TAGS = frozenset((
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
))
_CELL_TAGS = frozenset(("td", "th"))
_WS = regex.compile(r"[ \t\r\n\f]++")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Text of an HTML page or fragment, plus the metadata its markup carries."""

    text: str
    title: str | None = None
    published: str | None = None  # raw value (ISO string from <time datetime> / meta)
    publisher: str | None = None


def _attr(node: LexborNode | None, name: str) -> str | None:
    if node is None:
        return None
    value = node.attributes.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _metadata(tree: LexborHTMLParser) -> tuple[str | None, str | None, str | None]:
    h1 = tree.css_first("h1")
    title = _WS.sub(" ", h1.text()).strip() if h1 is not None else None
    if not title:
        title = _attr(tree.css_first("meta[property='og:title']"), "content")
    if not title:
        node = tree.css_first("title")
        title = _WS.sub(" ", node.text()).strip() or None if node is not None else None
    published = (
        _attr(tree.css_first("meta[property='article:published_time']"), "content")
        or _attr(tree.css_first("meta[itemprop='datePublished']"), "content")
        or _attr(tree.css_first("[itemprop='datePublished']"), "datetime")
        or _attr(tree.css_first("time[datetime]"), "datetime")
    )
    publisher = (
        _attr(tree.css_first("meta[property='og:site_name']"), "content")
        or _attr(tree.css_first(".bm-card-source"), "title")  # baomoi: the original paper
    )
    return title, published, publisher


def _walk(root: LexborNode) -> str:
    """Text of `root`: block boundaries → "\\n\\n", <br> → "\\n", other whitespace collapsed."""
    out: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    pre = 0
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            if tag == "pre":
                pre -= 1
            out.append("\t" if tag in _CELL_TAGS else "\n\n")
            continue
        if tag == "-text":
            s = node.text_content or ""
            out.append(s if pre else _WS.sub(" ", s))
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag is None or tag.startswith("-"):  # comments, doctype
            continue
        if tag in _CELL_TAGS:  # table cells: a tab after each, the row breaks the line
            stack.append((node, True))
        elif tag in _BLOCK_TAGS:
            out.append("\n\n")
            stack.append((node, True))
            if tag == "pre":
                pre += 1
        children: list[LexborNode] = []
        child = node.first_child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
    return "".join(out)


# The HTML parser checks the open-element stack at each tag, so its time grows with the
# square of the nesting depth (a hostile page of 100,000 nested <div>s takes hours). Tags
# nested deeper than any real page are dropped first, in one linear pass (browsers cap
# depth too). Tags whose end tag is optional (p, li, td …) are not counted: old pages leave
# them open by the thousand.
MAX_DEPTH = 256
_TAG = regex.compile(r"<(/?+)([a-zA-Z][a-zA-Z0-9:-]{0,30}+)([^<>]{0,4000}+)>")
_UNCOUNTED = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "rt", "rp",
))


def limit_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """`html` with the tags nested deeper than `max_depth` removed (their text kept)."""
    if html.count("<") <= max_depth:  # cannot nest that deep: the common case, no pass
        return html
    depth = 0

    def visit(m: regex.Match[str]) -> str:
        nonlocal depth
        if m.group(2).lower() in _UNCOUNTED or m.group(3).endswith("/"):
            return m.group(0)
        if m.group(1):  # a closing tag: kept when its element was
            if depth == 0:  # a stray end tag: the parser ignores it
                return m.group(0)
            depth -= 1
            return m.group(0) if depth < max_depth else ""
        depth += 1
        return m.group(0) if depth <= max_depth else ""

    return _TAG.sub(visit, html)


def html_to_text(html: str) -> HtmlText:
    """Parse `html` (page or fragment) and return its visible body text and metadata.

    The text is not yet normalized (NBSP etc. survive): pipeline.normalize does that.
    """
    tree = LexborHTMLParser(limit_nesting(html))
    title, published, publisher = _metadata(tree)
    for node in tree.css(_DROP_SELECTORS):
        node.decompose()
    root = tree.body or tree.root
    text = _walk(root) if root is not None else ""
    # Tidy what the walk leaves: spaces around line breaks, runs of blank lines.
    text = regex.sub(r"[ \t]*+\n[ \t]*+", "\n", text)
    text = regex.sub(r"\n{3,}+", "\n\n", text)
    return HtmlText(text=text.strip(), title=title, published=published, publisher=publisher)


_LOOKS_HTML = regex.compile(
    r"<(?:p|div|br|span|a|h[1-6]|img|figure|html|body|article|section|table|li|strong|em)\b[^>]{0,2000}+>"
    r"|</[a-z][a-z0-9]{0,15}+\s*+>|<!doctype\shtml",
    regex.I,
)


def looks_like_html(s: str) -> bool:
    """True when `s` contains HTML markup (a record's `content` may be HTML or plain text)."""
    return _LOOKS_HTML.search(s, 0, 20000) is not None

"""The self-contained HTML diff report for stewards (`vnfacts diff --html FILE`).

Safety rules (scraped pages are hostile input): every piece of article text, title, id, rule
and value goes through `html.escape` (quote=True, also in attributes); only http(s) URLs
become links; anchor ids are reduced to [A-Za-z0-9_-]; no script is emitted, and a CSP meta
forbids any that might slip in.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from urllib.parse import urlsplit

import regex
from vnfacts.pipeline.diff import ArticleDiff, summary, value_changes, value_summary
from vnfacts.pipeline.score import gold_outcomes
from vnfacts.pipeline.types import Fact

_UNSAFE_ID = regex.compile(r"[^A-Za-z0-9_-]++")

CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
table{border-collapse:collapse;margin:.5rem 0} td,th{border:1px solid #ccc;padding:.2rem .6rem}
td.n{text-align:right} .meta{color:#666;font-size:.85rem}
.text{white-space:pre-wrap;line-height:1.6;background:#fafafa;border:1px solid #eee;padding:.8rem}
mark{padding:0 .1em;border-radius:2px}
mark.f-added{background:#c8f7c5;border-bottom:2px solid #1a7f37}
mark.f-removed{background:#ffd2d2;border-bottom:2px solid #cf222e;text-decoration:line-through}
mark.f-changed{background:#fff0b3;border-bottom:2px solid #9a6700}
mark.f-added.f-removed,mark.f-added.f-changed,mark.f-removed.f-changed{background:#e3d0ff}
.legend mark{margin-right:.6rem} ul.facts{font-size:.9rem} ul.facts code{background:#f2f2f2;font-family:inherit}
"""


def esc(s: object) -> str:
    """Escape for both element text and quoted attribute values."""
    return html.escape("" if s is None else str(s), quote=True)


def anchor_id(article_id: str, seen: set[str] | None = None) -> str:
    """A safe, unique element id for an article (never used as a path)."""
    base = "a-" + (_UNSAFE_ID.sub("_", article_id)[:64] or "x")
    aid = base
    if seen is not None:
        for n in itertools.count(2):
            if aid not in seen:
                break
            aid = f"{base}-{n}"
        seen.add(aid)
    return aid


def safe_link(url: str | None) -> str:
    """A link for http(s) URLs; anything else (javascript:, data:, relative) as plain text."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme in ("http", "https"):
        return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'
    return f"<span class=\"url\">{esc(url)}</span>"


def _fact_title(status: str, f: Fact, old: Fact | None, guideline_only: bool = False) -> str:
    if old is None:
        return f"{status} {f.kind}: {value_summary(f)}" + (f" [{f.rule}]" if f.rule else "")
    changes = "; ".join(f"{k}: {a!r} → {b!r}"
                        for k, a, b in value_changes(old, f, guideline_only))
    return f"changed {f.kind}: {changes}"


def highlighted_text(d: ArticleDiff, aid: str) -> str:
    """The article text, escaped, with each added/removed/changed span in a <mark>.

    Overlapping spans are cut at every boundary; a piece covered by several facts carries
    all their classes and titles, so nothing nests and nothing is dropped.
    """
    marks: list[tuple[int, int, str, str, str]] = []  # start, end, status, kind, title
    for f in d.added:
        marks.append((f.start, f.end, "added", f.kind, _fact_title("added", f, None)))
    for f in d.removed:
        marks.append((f.start, f.end, "removed", f.kind, _fact_title("removed", f, None)))
    for old, new in d.changed:
        marks.append((new.start, new.end, "changed", new.kind, _fact_title("changed", new, old,
                                                                 d.guideline_only)))
    text = d.text
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    first_seen: set[int] = set()
    out: list[str] = []
    # A sweep over the cuts keeps the marks open at each piece: scanning every mark for
    # every piece was quadratic (20k changed facts: 24 s). Every start and end is a cut, so
    # an open mark covers the whole piece.
    by_start = sorted(range(len(marks)), key=lambda i: marks[i][0])
    open_: set[int] = set()
    nxt = 0
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        while nxt < len(by_start) and marks[by_start[nxt]][0] <= a:
            open_.add(by_start[nxt])
            nxt += 1
        open_ = {i for i in open_ if marks[i][1] > a} if open_ else open_
        cover = sorted(i for i in open_ if b <= marks[i][1])
        piece = esc(text[a:b])
        if not cover:
            out.append(piece)
            continue
        classes = sorted({f"f-{marks[i][2]}" for i in cover} | {f"k-{marks[i][3]}" for i in cover})
        title = "\n".join(marks[i][4] for i in cover)
        ident = ""
        starting = [i for i in cover if i not in first_seen]
        if starting:
            ident = f' id="{esc(aid)}-m{starting[0]}"'
            first_seen.update(starting)
        out.append(f'<mark class="{esc(" ".join(classes))}" title="{esc(title)}"{ident}>'
                   f"{piece}</mark>")
    return "".join(out)


def _fact_list(d: ArticleDiff) -> str:
    rows: list[tuple[int, str]] = []
    for f in d.added:
        rows.append((f.start, f"<li class=\"added\">+ {esc(f.kind)} <code>{esc(f.text)}</code> "
                              f"{esc(value_summary(f))}</li>"))
    for f in d.removed:
        rows.append((f.start, f"<li class=\"removed\">− {esc(f.kind)} <code>{esc(f.text)}</code> "
                              f"{esc(value_summary(f))}</li>"))
    for old, new in d.changed:
        ch = "; ".join(f"{k}: {a!r} → {b!r}"
                       for k, a, b in value_changes(old, new, d.guideline_only))
        rows.append((new.start, f"<li class=\"changed\">~ {esc(new.kind)} <code>{esc(new.text)}"
                                f"</code> {esc(ch)}</li>"))
    rows.sort(key=lambda r: r[0])
    out = "<ul class=\"facts\">" + "".join(r for _, r in rows) + "</ul>"
    if d.guideline_only:  # against gold: every fact's outcome, and which fields differ
        tags = [t for t in gold_outcomes(d.base, d.head) if t.outcome != "correct"]
        if tags:
            out += "<ul class=\"outcomes\">" + "".join(
                f"<li class=\"o-{esc(t.outcome)}\">[{esc(t.outcome)}] {esc(t.fact.kind)} "
                f"<code>{esc(t.fact.text)}</code>"
                + (f" <b>{esc(', '.join(t.fields))}</b>" if t.fields else "") + "</li>"
                for t in tags) + "</ul>"
    return out


def render_html(diffs: Sequence[ArticleDiff], *, title: str = "vnfacts diff",
                base_label: str = "base", head_label: str = "head") -> str:
    """The whole report as one HTML string (inline CSS, no scripts, no external resources)."""
    changed = [d for d in diffs if d.has_changes]
    seen: set[str] = set()
    ids = [anchor_id(d.article_id, seen) for d in changed]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">head <b>{esc(head_label)}</b> against base <b>{esc(base_label)}</b>; '
        f"{len(diffs)} articles compared, {len(changed)} with differences.</p>",
        '<p class="legend"><mark class="f-added">added</mark><mark class="f-removed">removed'
        '</mark><mark class="f-changed">changed (same span, new value)</mark></p>',
        '<table id="summary"><thead><tr><th>kind</th><th>added</th><th>removed</th>'
        "<th>changed</th><th>articles</th></tr></thead><tbody>",
    ]
    for kind, c in summary(diffs).items():
        parts.append(f"<tr><td>{esc(kind)}</td><td class=\"n\">{c['added']}</td>"
                     f"<td class=\"n\">{c['removed']}</td><td class=\"n\">{c['changed']}</td>"
                     f"<td class=\"n\">{c['articles']}</td></tr>")
    parts.append("</tbody></table>")
    parts.append('<table id="articles"><thead><tr><th>article</th><th>added</th><th>removed'
                 "</th><th>changed</th></tr></thead><tbody>")
    for d, aid in zip(changed, ids, strict=True):
        label = d.title or d.source or d.article_id
        parts.append(f'<tr><td><a href="#{esc(aid)}">{esc(label)}</a></td>'
                     f'<td class="n">{len(d.added)}</td><td class="n">{len(d.removed)}</td>'
                     f'<td class="n">{len(d.changed)}</td></tr>')
    parts.append("</tbody></table>")
    for d, aid in zip(changed, ids, strict=True):
        parts.append(f'<section class="article" id="{esc(aid)}">')
        parts.append(f"<h2>{esc(d.title or d.article_id)}</h2>")
        meta = [f"id {esc(d.article_id)}"]
        if d.source:
            meta.append(f"source {esc(d.source)}")
        if d.url:
            meta.append(safe_link(d.url))
        parts.append(f'<p class="meta">{" · ".join(meta)} · <a href="#summary">top</a></p>')
        parts.append(_fact_list(d))
        parts.append(f'<div class="text">{highlighted_text(d, aid)}</div></section>')
    parts.append("</body></html>")
    return "\n".join(parts)

"""A static page of the linked dataset (`vnfacts link --html FILE`): one inline SVG chart
per series with two or more dated points, one timeline per person seen in two or more
articles. No script, no network, no external asset; every string goes through `esc`
(pipeline.report's escaping: scraped text is hostile input)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vnfacts.pipeline.report import esc
from vnfacts.pipeline.types import iso_day

if TYPE_CHECKING:
    from vnfacts.pipeline.store import Store
    from vnfacts.pipeline.store.links import PersonReport, SeriesPoint

CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem} .meta{color:#666;font-size:.85rem}
svg{background:#fafafa;border:1px solid #eee} svg text{font-size:10px;fill:#444}
"""
W, H, PAD = 560, 160, 40


def _x(d: dt.date, lo: dt.date, hi: dt.date) -> float:
    span = max((hi - lo).days, 1)
    return PAD + (W - 2 * PAD) * (d - lo).days / span


def series_svg(points: Sequence[SeriesPoint]) -> str:
    """A line chart of a series' dated points (x: period start, y: value); '' if < 2."""
    pts = [(d, p) for p in points if (d := iso_day(p.period_start)) is not None]
    if len(pts) < 2:
        return ""
    pts.sort(key=lambda t: t[0])
    lo, hi = pts[0][0], pts[-1][0]
    vmax = max(p.value for _, p in pts) or 1.0
    vmin = min(0.0, min(p.value for _, p in pts))
    def y(v: float) -> float:
        return H - PAD / 2 - (H - PAD) * (v - vmin) / ((vmax - vmin) or 1.0)
    xy = [(_x(d, lo, hi), y(p.value)) for d, p in pts]
    line = " ".join(f"{a:.1f},{b:.1f}" for a, b in xy)
    marks = "".join(
        f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{"#cf222e" if p.contradicted else "#0969da"}">'
        f"<title>{esc(p.period_start)}: {esc(f'{p.value:g}')} ({p.sources} sources)</title></circle>"
        for (a, b), (_, p) in zip(xy, pts, strict=True))
    return (f'<svg width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img">'
            f'<polyline points="{line}" fill="none" stroke="#0969da" stroke-width="1.5"/>{marks}'
            f'<text x="{PAD}" y="{H - 4}">{esc(lo.isoformat())}</text>'
            f'<text x="{W - PAD}" y="{H - 4}" text-anchor="end">{esc(hi.isoformat())}</text>'
            f'<text x="4" y="12">{esc(f"{vmax:g}")}</text></svg>')


def person_svg(person: PersonReport) -> str:
    """A timeline: one bar per role from first to last publication date seen."""
    roles = [(a, b, r) for r in person.roles
             if (a := iso_day(r.first_seen)) is not None and (b := iso_day(r.last_seen)) is not None]
    if not roles:
        return ""
    lo = min(a for a, _, _ in roles)
    hi = max(b for _, b, _ in roles)
    row = 18
    h = row * len(roles) + 20
    bars = []
    for i, (a, b, r) in enumerate(roles):
        x0, x1 = _x(a, lo, hi), _x(b, lo, hi)
        label = " ".join(x for x in (r.rank, r.title, r.organization) if x)
        bars.append(f'<rect x="{x0:.1f}" y="{i * row + 4}" width="{max(x1 - x0, 4):.1f}" '
                    f'height="{row - 6}" fill="#8250df"><title>{esc(label)}: {esc(a)} … '
                    f'{esc(b)}, {r.mentions} mentions</title></rect>'
                    f'<text x="{min(x1 + 6, W - 150):.1f}" y="{i * row + 15}">{esc(label[:60])}</text>')
    return (f'<svg width="{W}" height="{h}" viewBox="0 0 {W} {h}" role="img">{"".join(bars)}'
            f'<text x="{PAD}" y="{h - 3}">{esc(lo.isoformat())}</text>'
            f'<text x="{W - PAD}" y="{h - 3}" text-anchor="end">{esc(hi.isoformat())}</text></svg>')


def render(people: Sequence[PersonReport], series: Sequence[Sequence[SeriesPoint]]) -> str:
    """The whole page from typed values (no store access: testable on its own)."""
    parts = ['<!doctype html><html lang="vi"><head><meta charset="utf-8">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'\">",
             f"<title>vnfacts dataset</title><style>{CSS}</style></head><body>",
             "<h1>vnfacts: people and series across articles</h1>",
             f'<p class="meta">{len(people)} people seen in two or more articles; '
             f"{len(series)} series with two or more dated points.</p><h2>Series</h2>"]
    for pts in series:
        p0 = pts[0]
        unit = p0.unit + (f"/{p0.per}" if p0.per else "")
        where = f"{p0.place_kind} {p0.place}" if p0.place else "no place"
        parts.append(f"<h3>{esc(p0.object)} ({esc(unit)}), {esc(where)}</h3>{series_svg(pts)}")
    parts.append("<h2>People</h2>")
    for p in people:
        parts.append(f"<h3>{esc(p.name)}</h3><p class=\"meta\">{p.mentions} mentions in "
                     f"{p.articles} articles, {esc(p.first_seen or '?')} … "
                     f"{esc(p.last_seen or '?')}</p>{person_svg(p)}")
    parts.append("</body></html>\n")
    return "".join(parts)


def dataset_page(store: Store, max_people: int = 200, max_series: int = 200) -> str:
    from vnfacts.pipeline.store.links import iter_people, series_points

    people = list(iter_people(store, min_articles=2))[:max_people]
    by: dict[int, list[SeriesPoint]] = {}
    for p in series_points(store):
        if p.period_start:
            by.setdefault(p.series_id, []).append(p)
    series = [v for v in by.values() if len({p.period_start for p in v}) >= 2][:max_series]
    return render(people, series)

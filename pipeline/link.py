"""The cross-article layer: official mentions linked to people, indicators grouped into
series of points (docs/dataset.md).

Pure logic over typed values: no SQL, no CLI (pipeline/store/links.py reads the facts and
writes the tables; pipeline/cli/link.py drives it). Two small in-memory indexes carry the
state between articles, sized by the distinct people and series points, never by the
mentions: `PeopleIndex` (name key → the people of that name, each a `Person` profile) and
`SeriesIndex` (series key → id, point key → id). Both are loaded back from the tables, so a
later `vnfacts link` adds new articles to them without relinking the old ones.

People: mentions of one name in one article are one person (the official extractor already
resolves "ông Hùng" to its full name). Each such group is compared with the people already
known under the same `norm_key` name: a conflict (another province, an organization sharing
no distinctive word, a rank lower than one held earlier) rules a person out; among the
others, the strongest evidence decides (same organization > same province > same title).
Two people tied on the best evidence leave the mention unlinked (no person) and `ambiguous`,
with the candidates listed; nothing but the name in common makes a new person, also flagged
`ambiguous` with the candidates: never forced into a merge.

Series: an indicator with a value and an object belongs to the series of (object, unit,
per, place); its point is its period (the indicator's own, else the date of its sentence).
The place is read from the same sentence first
(a border gate, a national scope such as "cả nước", a province named, an official's
organization), then the article (its most
frequent province). An article's only gate is not taken for a figure's place: reports
quote national and provincial totals beside the gate they are about. Points with the same value are one point with every
source kept; two values for one series and period are a contradiction (a store view).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
from vnfacts.extractors.lexicon import provinces, read_csv
from vnfacts.pipeline.text import norm_key as _norm_key
from vnfacts.pipeline.text import strip_marks
from vnfacts.pipeline.types import iso_day

# Names, organizations and titles repeat across articles: normalize each once.
norm_key = lru_cache(maxsize=1 << 16)(_norm_key)

_DATA = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------- lexicons (data files)


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for _, row in read_csv(_DATA / "link_words.csv")[1]:
        out.setdefault(row["kind"], set()).add(norm_key(row["word"]))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _rank_levels() -> dict[str, int]:
    """rank key → level (higher is senior); army/police ladder only (ranks.csv rank_order)."""
    out: dict[str, int] = {}
    for _, row in read_csv("ranks.csv")[1]:
        if row["force"] != "QĐND+CAND":
            continue
        level = 100 - int(row["rank_order"])
        for name in [row["rank"], *filter(None, row["variants"].split(";"))]:
            out[norm_key(name)] = level
    return out


@lru_cache(maxsize=1)
def _provinces() -> tuple[dict[str, str], Any]:
    """(province key → its name after the 2025 merger, a pattern finding province names),
    from the one province table (extractors/lexicon.py)."""
    merged: dict[str, str] = {}
    names: list[str] = []
    for p in provinces():
        after = p.name if p.era == "from_2025" else (p.successor or p.name)
        for form in p.forms:
            merged.setdefault(norm_key(form), norm_key(after))
            names.append(form)
    # Longest first ("Bà Rịa - Vũng Tàu" before "Vũng Tàu"); whole words only.
    alt = "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return merged, regex.compile(rf"(?<!\p{{L}})(?:tỉnh |thành phố |TP\.? ?)?({alt})(?!\p{{L}})")


# ---------------------------------------------------------------- shared helpers


_QUOTED = regex.compile(r'“[^”]*”|"[^"]*"')


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start: after . ! ? … or a line break followed by a capital,
    digit or quote (a cheap splitter; the link only asks "same sentence?")."""
    starts = [0]
    for m in regex.finditer(r"(?:[.!?…]+[\"”')\]]*\s+|\n+)(?=[\p{Lu}\d\"“'(\-–•])", text):
        starts.append(m.end())
    return starts


def sentence_index(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class OfficialMention:
    """One official fact, with what the link compares."""

    fact_id: int
    article_id: str
    published: dt.date | None
    start: int
    name: str
    title: str | None = None
    rank: str | None = None
    organization: str | None = None
    province: str | None = None


@dataclass(frozen=True, slots=True)
class PersonLink:
    """The link decision for one mention: its person (None on a tie), why, how sure;
    `ambiguous` with `candidates` when other people of the name could be meant."""

    fact_id: int
    person_id: int | None
    why: str
    confidence: float
    ambiguous: bool = False
    candidates: tuple[int, ...] = ()


def base_title(title: str | None) -> str | None:
    """The office a title names, without Phó/Quyền/nguyên/Thường trực: "Phó Chủ tịch Thường
    trực" → "chủ tịch" (so a promotion compares equal)."""
    if not title:
        return None
    t = norm_key(title)
    words = _words()
    changed = True
    while changed:
        changed = False
        for p in words["title_prefix"]:
            if t.startswith(p + " "):
                t, changed = t[len(p) + 1:], True
        for s in words["title_suffix"]:
            if t.endswith(" " + s):
                t, changed = t[: -len(s) - 1], True
    return t or None


_SYNONYMS = {"hoa kỳ": "mỹ", "chiến tranh": "quốc phòng"}  # data: link_words.csv, kind synonym


def _org_norm(org: str) -> str:
    k = norm_key(org)
    for a in _words().get("synonym", ()):
        if a in k:
            k = k.replace(a, _SYNONYMS.get(a, a))
    return k


def org_words(org: str) -> frozenset[str]:
    """The distinctive syllables of an organization (mark-free, generic words dropped)."""
    generic = _words()["generic_org"]
    return frozenset(strip_marks(w) for w in _org_norm(org).split() if w not in generic)


def _initials(org: str) -> str:
    generic = _words()["generic_org"] - {"đồng"}
    return strip_marks("".join(w[0] for w in _org_norm(org).split()
                               if w not in generic and w.isalpha()))


def _compact(org: str) -> set[str]:
    """Abbreviations written in an organization ("GD-ĐT", "QLDA"), hyphens dropped."""
    return {strip_marks(w.replace("-", "")) for w in _org_norm(org).split()
            if len(w.replace("-", "")) >= 2 and not w.replace("-", "").isdigit()}


def orgs_compatible(a: str, b: str) -> bool:
    """Could two organizations as written be one body? One extends the other ("Ủy ban nhân
    dân tỉnh" / "… tỉnh Gia Lai"); the distinctive syllables of one are all in the other
    ("Quốc phòng" / "Bộ Quốc phòng"), or half of both together are shared; or one is the
    other's abbreviation ("Bộ GD-ĐT" / "Bộ Giáo dục và Đào tạo")."""
    ka, kb = _org_norm(a), _org_norm(b)
    if ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "):
        return True
    wa, wb = org_words(a), org_words(b)
    if not wa or not wb:
        return False
    if wa <= wb or wb <= wa or len(wa & wb) / len(wa | wb) >= 0.5:
        return True
    ia, ib = _initials(a), _initials(b)
    return (len(ia) >= 3 and ia in _compact(b)) or (len(ib) >= 3 and ib in _compact(a))


def province_key(p: str | None) -> str | None:
    if not p:
        return None
    k = norm_key(p)
    return _provinces()[0].get(k, k)


@dataclass(slots=True)
class Person:
    """A person's profile: what later mentions are compared with (bounded sets)."""

    id: int
    name: str
    key: str
    provinces: set[str] = field(default_factory=set)  # province keys (after the 2025 merger)
    orgs: list[str] = field(default_factory=list)  # organizations as written, distinct keys
    titles: set[str] = field(default_factory=set)  # base titles
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    rank_hi: tuple[int, dt.date | None] | None = None  # highest rank and when first seen
    mentions: int = 0
    articles: int = 0

    MAX_ORGS = 16  # a profile stays small however often a person is mentioned

    def add(self, group: _Group) -> None:
        self.provinces |= group.provinces
        keys = {norm_key(o) for o in self.orgs}
        for o in group.orgs:
            if norm_key(o) not in keys and len(self.orgs) < self.MAX_ORGS:
                self.orgs.append(o)
                keys.add(norm_key(o))
        self.titles |= group.titles
        d = group.published
        if d is not None:
            self.first_seen = d if self.first_seen is None else min(self.first_seen, d)
            self.last_seen = d if self.last_seen is None else max(self.last_seen, d)
        if group.rank is not None:
            hi = self.rank_hi
            if hi is None or group.rank > hi[0]:
                self.rank_hi = (group.rank, d)
            elif group.rank == hi[0] and d is not None and (hi[1] is None or d < hi[1]):
                self.rank_hi = (hi[0], d)
        self.mentions += group.n
        self.articles += 1

    def to_json(self) -> dict[str, Any]:
        return {"provinces": sorted(self.provinces), "orgs": self.orgs,
                "titles": sorted(self.titles),
                "rank_hi": None if self.rank_hi is None else [self.rank_hi[0], _iso(self.rank_hi[1])]}

    @classmethod
    def from_row(cls, id: int, name: str, key: str, profile: dict[str, Any],
                 first_seen: str | None, last_seen: str | None, mentions: int,
                 articles: int) -> Person:
        hi = profile.get("rank_hi")
        return cls(id=id, name=name, key=key, provinces=set(profile.get("provinces", ())),
                   orgs=list(profile.get("orgs", ())), titles=set(profile.get("titles", ())),
                   first_seen=iso_day(first_seen), last_seen=iso_day(last_seen),
                   rank_hi=None if hi is None else (hi[0], iso_day(hi[1])),
                   mentions=mentions, articles=articles)


@dataclass(slots=True)
class _Group:
    """The mentions of one name in one article, their attributes pooled."""

    key: str
    name: str
    published: dt.date | None
    fact_ids: list[int]
    provinces: set[str]
    orgs: list[str]
    titles: set[str]
    rank: int | None
    n: int


def _groups(mentions: Sequence[OfficialMention]) -> list[_Group]:
    by_key: dict[str, list[OfficialMention]] = {}
    for m in mentions:
        k = norm_key(m.name)
        if k:
            by_key.setdefault(k, []).append(m)
    out = []
    levels = _rank_levels()
    for k, ms in by_key.items():
        orgs: list[str] = []
        for m in ms:
            if m.organization and all(norm_key(m.organization) != norm_key(o) for o in orgs):
                orgs.append(m.organization)
        ranks = [levels[norm_key(m.rank)] for m in ms if m.rank and norm_key(m.rank) in levels]
        out.append(_Group(
            key=k, name=Counter(m.name for m in ms).most_common(1)[0][0],
            published=ms[0].published, fact_ids=[m.fact_id for m in ms],
            provinces={p for m in ms if (p := province_key(m.province))},
            orgs=orgs, titles={t for m in ms if (t := base_title(m.title))},
            rank=max(ranks) if ranks else None, n=len(ms)))
    return out


# Evidence levels, strongest first: (name, confidence).
SAME_ORG = ("same organization", 0.95)
SAME_PROVINCE = ("same province", 0.85)
SAME_NATIONAL_TITLE = ("same national office", 0.9)
SAME_TITLE = ("same title, nothing conflicting", 0.75)
SAME_RANK = ("same rank, nothing conflicting", 0.7)


def compare(group: _Group, person: Person) -> tuple[str, float] | str:
    """The evidence that `group` is `person` ((why, confidence)), or why it cannot be (str)."""
    if group.provinces and person.provinces and not group.provinces & person.provinces:
        return "another province"
    org_ok = None
    if group.orgs and person.orgs:
        org_ok = any(orgs_compatible(a, b) for a in group.orgs for b in person.orgs)
        if not org_ok:
            return "another organization"
    hi = person.rank_hi
    if (group.rank is not None and hi is not None and group.rank < hi[0]
            and group.published and hi[1] and group.published > hi[1]):
        return "a lower rank after a higher one"
    if org_ok:
        return SAME_ORG
    if group.provinces and group.provinces & person.provinces:
        return SAME_PROVINCE
    common = group.titles & person.titles
    if common & _words()["national_title"]:
        return SAME_NATIONAL_TITLE
    if common:
        return SAME_TITLE
    if group.rank is not None and hi is not None and group.rank == hi[0]:
        return SAME_RANK
    return "only the name in common"


class PeopleIndex:
    """name key → the people of that name; `link` assigns one article's mentions."""

    def __init__(self, people: Iterable[Person] = (), next_id: int = 1) -> None:
        self.by_key: dict[str, list[Person]] = {}
        self.next_id = next_id
        for p in people:
            self.by_key.setdefault(p.key, []).append(p)
            self.next_id = max(self.next_id, p.id + 1)
        self.dirty: dict[int, Person] = {}  # people created or changed since `take_dirty`

    def take_dirty(self) -> list[Person]:
        out = list(self.dirty.values())
        self.dirty = {}
        return out

    def link(self, mentions: Sequence[OfficialMention]) -> list[PersonLink]:
        """Link the official mentions of ONE article (mentions of one name there are one
        person); new people are created, profiles updated."""
        out: list[PersonLink] = []
        for g in _groups(mentions):
            known = self.by_key.get(g.key, [])
            scored: list[tuple[float, str, Person]] = []
            name_only: list[Person] = []
            for p in known:
                ev = compare(g, p)
                if isinstance(ev, tuple):
                    scored.append((ev[1], ev[0], p))
                elif ev == "only the name in common":
                    name_only.append(p)
            scored.sort(key=lambda t: -t[0])
            person: Person | None = None
            if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                conf, why, person = scored[0]
                why = f"{why} as person {person.id}"
                if name_only:  # someone else of this name could still be meant
                    conf = round(conf - 0.1, 2)
                    why += f"; {len(name_only)} other of this name without evidence"
                amb, cands = False, ()
            elif scored:  # a tie on the best evidence: flagged, not forced
                best = scored[0][0]
                cands = tuple(sorted(p.id for c, _, p in scored if c == best))
                why = f"{scored[0][1]} with {len(cands)} people"
                conf, amb = 0.0, True
            else:
                # Nobody fits (a new person), or someone of this name might but nothing
                # supports it: then a new person too, flagged with the candidates, so a
                # steward can merge; later mentions with evidence join whichever fits.
                person = Person(id=self.next_id, name=g.name, key=g.key)
                self.next_id += 1
                self.by_key.setdefault(g.key, []).append(person)
                if name_only:
                    cands = tuple(sorted(p.id for p in name_only))
                    why, conf, amb = "only the name in common: kept apart", 0.5, True
                else:
                    reason = "; ".join(sorted({r for p in known
                                               if isinstance(r := compare(g, p), str)}))
                    why = "first mention of this name" if not known else f"new person: {reason}"
                    conf, amb, cands = 1.0 if not known else 0.9, False, ()
            if person is not None:
                person.add(g)
                self.dirty[person.id] = person
            out.extend(PersonLink(fid, person.id if person else None, why, conf, amb, cands)
                       for fid in g.fact_ids)
        return out


# ---------------------------------------------------------------- series


@dataclass(frozen=True, slots=True)
class IndicatorMention:
    fact_id: int
    article_id: str
    published: dt.date | None
    start: int
    value: float | None
    unit: str | None
    object: str | None
    per: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    approx: str | None = None


@dataclass(frozen=True, slots=True)
class GateMention:
    start: int
    name: str
    key: str  # gazetteer id, else the name's key
    province: str | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date fact (its span of days): dates a figure its own period lacks."""

    start: int
    period_start: str
    period_end: str


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # gate | province | organization | country | none
    name: str | None
    key: str
    how: str  # where it was read: "sentence", "article"


NO_PLACE = Place("none", None, "", "none")


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the link reads of one article."""

    article_id: str
    published: dt.date | None
    text: str
    officials: tuple[OfficialMention, ...] = ()
    indicators: tuple[IndicatorMention, ...] = ()
    gates: tuple[GateMention, ...] = ()
    dates: tuple[DateMention, ...] = ()


def periods(art: ArticleFacts) -> dict[int, tuple[str | None, str | None, str]]:
    """fact id → (period start, end, how) of each indicator: its own period, else the date
    of the same sentence nearest before it ("Tại Ấn Độ, trong ngày 29/4, … 386.888 ca"),
    else the nearest after it; else none."""
    starts = sentence_starts(art.text)
    by_sent: dict[int, list[DateMention]] = {}
    for d in art.dates:
        by_sent.setdefault(sentence_index(starts, d.start), []).append(d)
    out: dict[int, tuple[str | None, str | None, str]] = {}
    for ind in art.indicators:
        if ind.period_start or ind.period_end:
            out[ind.fact_id] = (ind.period_start, ind.period_end, "indicator")
            continue
        ds = by_sent.get(sentence_index(starts, ind.start), [])
        before = [d for d in ds if d.start < ind.start]
        d = max(before, key=lambda d: d.start) if before else (
            min(ds, key=lambda d: d.start) if ds else None)
        out[ind.fact_id] = ((d.period_start, d.period_end, "date in sentence") if d
                            else (None, None, "none"))
    return out


def places(art: ArticleFacts) -> dict[int, Place]:
    """fact id → the place of each indicator of an article (see the module docstring)."""
    starts = sentence_starts(art.text)
    merged = _provinces()[0]
    sent_gates: dict[int, list[GateMention]] = {}
    for g in art.gates:
        sent_gates.setdefault(sentence_index(starts, g.start), []).append(g)
    sent_orgs: dict[int, list[OfficialMention]] = {}
    for o in art.officials:
        if o.organization:
            sent_orgs.setdefault(sentence_index(starts, o.start), []).append(o)
    prov_count: Counter[str] = Counter()
    prov_name: dict[str, str] = {}
    found = _provinces_in(art.text)  # once per article; sentences pick theirs by offset
    found_at = [m.start() for m in found]
    for p in [*(g.province for g in art.gates), *(o.province for o in art.officials),
              *(m.group(1) for m in found)]:
        if p:
            k = merged.get(norm_key(p), norm_key(p))
            prov_count[k] += 1
            prov_name.setdefault(k, p)
    out: dict[int, Place] = {}
    national: dict[int, bool] = {}  # per sentence, computed once
    for ind in art.indicators:
        si = sentence_index(starts, ind.start)
        lo, hi = starts[si], starts[si + 1] if si + 1 < len(starts) else len(art.text)
        gs = sent_gates.get(si)
        if gs:
            g = min(gs, key=lambda g: abs(g.start - ind.start))
            out[ind.fact_id] = Place("gate", g.name, g.key, "sentence")
            continue
        # Quoted names do not count: "Cả nước chung tay xóa nhà tạm" is a campaign.
        if si not in national:
            sent = _norm_key(_QUOTED.sub(" ", art.text[lo:hi]))
            national[si] = any(w in sent for w in _words()["national"])
        if national[si]:
            out[ind.fact_id] = Place("country", "Việt Nam", "việt nam", "sentence")
            continue
        i = bisect.bisect_left(found_at, lo)
        m = found[i] if i < len(found) and found[i].end() <= hi else None
        if m:
            k = norm_key(m.group(1))
            out[ind.fact_id] = Place("province", m.group(1), merged.get(k, k), "sentence")
            continue
        c = _abroad(art.text, lo, hi)
        if c:
            out[ind.fact_id] = Place("country", c, norm_key(c), "sentence")
            continue
        os_ = sent_orgs.get(si)
        if os_:
            o = min(os_, key=lambda o: abs(o.start - ind.start))
            out[ind.fact_id] = Place("organization", o.organization, norm_key(o.organization or ""),
                                     "sentence")
            continue
        if prov_count:
            k, _ = prov_count.most_common(1)[0]
            out[ind.fact_id] = Place("province", prov_name[k], k, "article")
            continue
        out[ind.fact_id] = NO_PLACE
    return out


def _is_person(m: Any) -> bool:
    # "Chủ tịch Hồ Chí Minh", "tư tưởng Hồ Chí Minh": the province needs its prefix.
    return norm_key(m.group(1)) in _words()["person_not_place"] and m.group(0) == m.group(1)


def _provinces_in(text: str, lo: int = 0, hi: int | None = None) -> list[Any]:
    pattern = _provinces()[1]
    return [m for m in pattern.finditer(text, lo, len(text) if hi is None else hi)
            if not _is_person(m)]


@lru_cache(maxsize=1)
def _abroad_pattern() -> Any:
    names = [r["country"] for _, r in read_csv("official_countries.csv")[1] if r["country"]]
    alt = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(?:[Tt]ại|[Ởở]) ({alt})(?!\p{{L}})")


def _abroad(text: str, lo: int, hi: int) -> str | None:
    """A foreign country the sentence places its figures in ("Tại Ấn Độ, …")."""
    m = _abroad_pattern().search(text, lo, hi)
    return m.group(1) if m else None


def object_key(obj: str) -> str:
    return norm_key(obj.strip(" ,.:;-–"))


SeriesKey = tuple[str, str, str, str, str]  # object key, unit, per, place kind, place key


@dataclass(frozen=True, slots=True)
class SeriesRow:
    id: int
    object: str
    object_key: str
    unit: str
    per: str
    place_kind: str
    place: str | None
    place_key: str


@dataclass(frozen=True, slots=True)
class PointRow:
    id: int
    series_id: int
    period_start: str | None
    period_end: str | None
    value: float


@dataclass(frozen=True, slots=True)
class PointSource:
    """One indicator fact as a source of a series point."""

    fact_id: int
    point_id: int
    series_id: int
    article_id: str
    published: dt.date | None
    value: float
    approx: str | None
    place_how: str
    period_how: str = "indicator"  # indicator | date in sentence | none


def _value_key(v: float) -> float:
    return round(float(v), 6)


class SeriesIndex:
    """series key → id and point key → id; `add` places one article's indicators."""

    def __init__(self, series: Iterable[SeriesRow] = (), points: Iterable[PointRow] = ()) -> None:
        self.series: dict[SeriesKey, int] = {}
        self.points: dict[tuple[int, str | None, str | None, float], int] = {}
        self.next_series = 1
        self.next_point = 1
        for s in series:
            self.series[(s.object_key, s.unit, s.per, s.place_kind, s.place_key)] = s.id
            self.next_series = max(self.next_series, s.id + 1)
        for p in points:
            self.points[(p.series_id, p.period_start, p.period_end, _value_key(p.value))] = p.id
            self.next_point = max(self.next_point, p.id + 1)

    def add(self, art: ArticleFacts) -> tuple[list[SeriesRow], list[PointRow], list[PointSource]]:
        """The new series, the new points and the sources of one article's indicators."""
        new_series: list[SeriesRow] = []
        new_points: list[PointRow] = []
        sources: list[PointSource] = []
        usable = [i for i in art.indicators if i.value is not None and i.object and object_key(i.object)]
        if not usable:
            return new_series, new_points, sources
        sub = ArticleFacts(art.article_id, art.published, art.text, art.officials,
                           tuple(usable), art.gates, art.dates)
        where = places(sub)
        when = periods(sub)
        for ind in usable:
            pl = where[ind.fact_id]
            p_start, p_end, p_how = when[ind.fact_id]
            assert ind.object is not None and ind.value is not None
            sk = (object_key(ind.object), (ind.unit or "").lower(), (ind.per or "").lower(),
                  pl.kind, pl.key)
            sid = self.series.get(sk)
            if sid is None:
                sid = self.series[sk] = self.next_series
                self.next_series += 1
                new_series.append(SeriesRow(sid, ind.object.strip(), sk[0], sk[1], sk[2], pl.kind,
                                            pl.name, pl.key))
            pk = (sid, p_start, p_end, _value_key(ind.value))
            pid = self.points.get(pk)
            if pid is None:
                pid = self.points[pk] = self.next_point
                self.next_point += 1
                new_points.append(PointRow(pid, sid, p_start, p_end, ind.value))
            sources.append(PointSource(ind.fact_id, pid, sid, art.article_id, art.published,
                                       ind.value, ind.approx, pl.how, p_how))
        return new_series, new_points, sources

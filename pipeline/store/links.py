"""The cross-article tables and views (`vnfacts link`, `people`, `series`): all their SQL.

Tables (created by `ensure_schema`; the facts tables are only read):

- ``link_articles(article_id PK, run_id, linked_at)``: the articles linked so far, and from
  which run's facts; a later `vnfacts link` skips them (incremental);
- ``people(id PK, name, name_key, first_seen, last_seen, mentions, articles, provinces,
  organizations, titles, profile JSON)``;
- ``person_mentions(fact_id PK, run_id, article_id, person_id, name, name_key, title, rank,
  organization, province, published, why, confidence, ambiguous, candidates JSON)``:
  ``ambiguous`` = 1 when other people could be meant (``candidates``); ``person_id`` is
  NULL when two of them fit equally (the link is not forced);
- ``series(id PK, object, object_key, unit, per, place_kind, place, place_key, place_norm)``;
- ``series_points(id PK, series_id, period_start, period_end, value)``: one per distinct
  value of a series and period (duplicates merged);
- ``series_sources(fact_id PK, run_id, point_id, series_id, article_id, published, value,
  approx, place_how, period_how)``: every indicator fact behind a point (all sources kept).

Views: ``person_roles``, ``series_table``, ``contradictions``, ``gate_timeline``,
``gate_officials``, ``gate_indicators`` (see VIEW_DOCS; Datasette metadata reads them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vnfacts.pipeline.link import (
    ArticleFacts,
    DateMention,
    GateMention,
    IndicatorMention,
    OfficialMention,
    PeopleIndex,
    Person,
    PersonLink,
    PointRow,
    PointSource,
    SeriesIndex,
    SeriesRow,
)
from vnfacts.pipeline.text import norm_key
from vnfacts.pipeline.types import iso_day

if TYPE_CHECKING:  # the type only: the store imports this module
    from vnfacts.pipeline.store import Store

LINK_TABLES: dict[str, dict[str, Any]] = {
    "link_articles": {"article_id": str, "run_id": int, "linked_at": str},
    "people": {"id": int, "name": str, "name_key": str, "first_seen": str, "last_seen": str,
               "mentions": int, "articles": int, "provinces": str, "organizations": str,
               "titles": str, "profile": str},
    "person_mentions": {"fact_id": int, "run_id": int, "article_id": str, "person_id": int,
                        "name": str, "name_key": str, "title": str, "rank": str, "organization": str,
                        "province": str, "published": str, "why": str, "confidence": float,
                        "ambiguous": int, "candidates": str},
    "series": {"id": int, "object": str, "object_key": str, "unit": str, "per": str,
               "place_kind": str, "place": str, "place_key": str, "place_norm": str},
    "series_points": {"id": int, "series_id": int, "period_start": str, "period_end": str,
                      "value": float},
    "series_sources": {"fact_id": int, "run_id": int, "point_id": int, "series_id": int,
                       "article_id": str, "published": str, "value": float, "approx": str,
                       "place_how": str, "period_how": str},
}
_PKS = {"link_articles": "article_id", "people": "id", "person_mentions": "fact_id",
        "series": "id", "series_points": "id", "series_sources": "fact_id"}

TABLE_DOCS: dict[str, str] = {
    "link_articles": "Articles `vnfacts link` has linked, and the run whose facts it read",
    "people": "One row per person: official mentions linked across articles by name, "
              "organization, province (named as after the 2025 mergers) and time",
    "person_mentions": "Each official mention's person, why it was linked and how sure "
                       "(person_id empty and ambiguous = 1 when it could be several people)",
    "series": "Indicator series: what is measured (object, unit, per) and where (place)",
    "series_points": "One point per series, period and value; duplicates merged",
    "series_sources": "Every indicator fact behind a series point (all sources kept)",
}

# Gate facts of linked articles only, from the run they were linked from (no duplicates
# when an article was processed by several runs).
_LINKED_GATES = """
  SELECT b.fact_id, b.article_id, b.name, b.province,
         COALESCE(b.gazetteer_id, '?' || b.name) AS gate_key, substr(a.published, 1, 10) AS day
  FROM border_gates b
  JOIN link_articles l ON l.article_id = b.article_id AND l.run_id = b.run_id
  JOIN articles a ON a.id = b.article_id
"""

VIEWS: dict[str, str] = {
    "person_roles": """
SELECT m.person_id, p.name, m.title, m.organization, m.rank,
       min(m.published) AS first_seen, max(m.published) AS last_seen,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       group_concat(DISTINCT m.article_id) AS article_ids
FROM person_mentions m JOIN people p ON p.id = m.person_id
GROUP BY m.person_id, m.title, m.organization, m.rank
""",
    "series_table": """
SELECT pt.id AS point_id, s.id AS series_id, s.object, s.unit, s.per, s.place_kind, s.place,
       pt.period_start, pt.period_end, pt.value,
       count(src.fact_id) AS sources, count(DISTINCT src.article_id) AS articles,
       group_concat(DISTINCT src.article_id) AS article_ids,
       min(src.published) AS first_published
FROM series_points pt JOIN series s ON s.id = pt.series_id
LEFT JOIN series_sources src ON src.point_id = pt.id
GROUP BY pt.id
""",
    "contradictions": """
WITH per AS (
  SELECT pt.series_id, pt.period_start, pt.period_end, pt.value,
         group_concat(DISTINCT src.article_id) AS arts
  FROM series_points pt JOIN series_sources src ON src.point_id = pt.id
  WHERE pt.period_start IS NOT NULL GROUP BY pt.id
)
SELECT s.id AS series_id, s.object, s.unit, s.per, s.place_kind, s.place,
       per.period_start, per.period_end, count(*) AS values_reported,
       group_concat(per.value, ' | ') AS "values",
       (SELECT count(DISTINCT src.article_id) FROM series_sources src
        JOIN series_points p2 ON p2.id = src.point_id
        WHERE p2.series_id = s.id AND p2.period_start IS per.period_start
          AND p2.period_end IS per.period_end) AS articles,
       group_concat(per.arts, ',') AS article_ids
FROM per JOIN series s ON s.id = per.series_id
GROUP BY s.id, per.period_start, per.period_end
HAVING count(*) > 1 AND articles > 1
""",
    "gate_timeline": f"""
WITH g AS ({_LINKED_GATES})
SELECT gate_key, max(name) AS name, max(province) AS province, substr(day, 1, 7) AS month,
       count(*) AS mentions, count(DISTINCT article_id) AS articles
FROM g GROUP BY gate_key, month
""",
    "gate_officials": f"""
WITH g AS ({_LINKED_GATES})
SELECT g.gate_key, max(g.name) AS gate, m.person_id, p.name AS person,
       group_concat(DISTINCT m.title) AS titles, count(DISTINCT g.article_id) AS articles,
       min(g.day) AS first, max(g.day) AS last, group_concat(DISTINCT g.article_id) AS article_ids
FROM g JOIN person_mentions m ON m.article_id = g.article_id
JOIN people p ON p.id = m.person_id
GROUP BY g.gate_key, m.person_id
""",
    "gate_indicators": f"""
WITH g AS (SELECT DISTINCT gate_key, name, article_id, day FROM ({_LINKED_GATES}))
SELECT g.gate_key, g.name AS gate, src.fact_id, src.series_id, s.object, s.unit,
       src.value, pt.period_start, pt.period_end, g.day AS published, g.article_id,
       CASE WHEN s.place_kind = 'gate' AND s.place = g.name THEN 1 ELSE 0 END AS placed_here
FROM g JOIN series_sources src ON src.article_id = g.article_id
JOIN series s ON s.id = src.series_id JOIN series_points pt ON pt.id = src.point_id
""",
}

VIEW_DOCS: dict[str, tuple[str, dict[str, str], list[str]]] = {
    # view → (description, column docs, facets)
    "person_roles": ("A person's roles over time: one row per title, organization and rank, "
                     "with first and last publication dates and the supporting articles",
                     {"person_id": "people.id", "first_seen": "Earliest publication date",
                      "last_seen": "Latest publication date"}, ["title", "organization"]),
    "series_table": ("Series points with what, where and when, merged duplicates counted",
                     {"sources": "Indicator facts reporting this value",
                      "articles": "Distinct articles among them"}, ["unit", "place_kind", "place"]),
    "contradictions": ("Two or more values for one series and period, reported by two or more "
                       "articles (values within one article are usually sub-measures the "
                       "object does not tell apart): for a steward",
                       {"values": "The values reported, ' | '-separated",
                        "articles": "Distinct articles reporting them"}, ["unit", "place"]),
    "gate_timeline": ("Mentions of each border gate per month (linked articles)",
                      {"month": "YYYY-MM of publication"}, ["name", "province"]),
    "gate_officials": ("Officials mentioned in the same article as a border gate",
                       {"articles": "Articles naming both"}, ["gate"]),
    "gate_indicators": ("Indicators of the articles naming a gate",
                        {"placed_here": "1 when the series' place is this gate"},
                        ["gate", "unit", "placed_here"]),
}

_INDEXES = [("person_mentions", ["person_id"]), ("person_mentions", ["article_id"]),
            ("person_mentions", ["name_key"]),
            ("people", ["name_key"]), ("series_points", ["series_id"]),
            ("series_sources", ["point_id"]), ("series_sources", ["article_id"]),
            ("series", ["object_key"])]


def ensure_schema(store: Store) -> None:
    db = store.db
    with store._tx():  # IMMEDIATE (or a savepoint inside the schema's transaction)
        for name, cols in LINK_TABLES.items():
            db[name].create(cols, pk=_PKS[name], if_not_exists=True)
        for table, cols in _INDEXES:
            db[table].create_index(cols, if_not_exists=True)
        for name, sql in VIEWS.items():
            db.create_view(name, sql.strip(), replace=True)


def drop_links(store: Store) -> None:
    """Remove every link table and view (`vnfacts link --rebuild`)."""
    with store._tx():
        for name in VIEWS:
            store.db.view(name).drop(ignore=True)  # type: ignore[attr-defined]
        for name in LINK_TABLES:
            store.db.table(name).drop(ignore=True)


def has_links(store: Store) -> bool:
    """Has `vnfacts link` linked anything in this database?"""
    if not store.db["link_articles"].exists():
        return False
    return store.db.execute("SELECT 1 FROM link_articles LIMIT 1").fetchone() is not None


COLUMN_DOCS: dict[str, str] = {
    "person_id": "people.id", "fact_id": "facts.id of the fact", "run_id": "runs.id",
    "article_id": "articles.id", "series_id": "series.id", "point_id": "series_points.id",
    "name_key": "Normalized name (pipeline.text.norm_key)", "why": "Why the link was made",
    "confidence": "How sure the link is, 0..1", "ambiguous": "1 when other people could be meant",
    "candidates": "The people it could also be (JSON list of people.id)",
    "object_key": "Normalized object", "place_kind": "gate | province | organization | country | none",
    "place": "Where the figure is about, as written", "place_key": "Gazetteer id or normalized name",
    "place_norm": "Normalized place name", "place_how": "Where the place was read: sentence | article",
    "period_how": "Where the period was read: indicator | date in sentence | none",
    "period_start": "Period the figure is for: start (ISO)", "period_end": "Period: end (ISO)",
    "published": "Publication date of the article (ISO)", "gate_key": "Gazetteer id, else ? + name",
    "profile": "What later mentions are compared with (JSON)",
}


def metadata_part(db: Any) -> dict[str, dict[str, Any]]:
    """The Datasette metadata of the link tables and views, their columns read from `db`
    (a database with the schema: the store passes a scratch in-memory one)."""
    out: dict[str, dict[str, Any]] = {}
    for name in [*LINK_TABLES, *VIEWS]:
        t = db[name] if name in LINK_TABLES else db.view(name)  # type: ignore[attr-defined]
        desc, docs, facets = (TABLE_DOCS[name], {}, []) if name in LINK_TABLES else VIEW_DOCS[name]
        cols = {c.name: docs.get(c.name) or COLUMN_DOCS.get(c.name) or c.name.replace("_", " ")
                for c in t.columns}
        out[name] = {"description": desc, "columns": cols, **({"facets": facets} if facets else {})}
    db.close()
    return out


# ---------------------------------------------------------------- reading state and facts


def load_people(store: Store) -> PeopleIndex:
    rows = store.db.execute(
        "SELECT id, name, name_key, profile, first_seen, last_seen, mentions, articles FROM people")
    return PeopleIndex(Person.from_row(r[0], r[1], r[2], json.loads(r[3] or "{}"), r[4], r[5],
                                       r[6], r[7]) for r in rows)


def load_series(store: Store) -> SeriesIndex:
    series = (SeriesRow(*r) for r in store.db.execute(
        "SELECT id, object, object_key, unit, per, place_kind, place, place_key FROM series"))
    points = (PointRow(*r) for r in store.db.execute(
        "SELECT id, series_id, period_start, period_end, value FROM series_points"))
    return SeriesIndex(series, points)


def pending_articles(store: Store, run_id: int) -> list[str]:
    """Article ids of `run_id` not linked yet, by publication date (then id)."""
    return [r[0] for r in store.db.execute(
        "SELECT ra.article_id FROM run_articles ra JOIN articles a ON a.id = ra.article_id "
        "WHERE ra.run_id = ? AND ra.article_id NOT IN (SELECT article_id FROM link_articles) "
        "ORDER BY a.published IS NULL, a.published, ra.article_id", [run_id])]


def read_articles(store: Store, run_id: int, ids: Sequence[str]) -> list[ArticleFacts]:
    """The linkable facts (officials, indicators, gates) of some articles of a run."""
    marks = ",".join("?" * len(ids))
    meta = {r[0]: (r[1], iso_day(r[2])) for r in store.db.execute(
        f"SELECT id, text, published FROM articles WHERE id IN ({marks})", list(ids))}
    per: dict[str, tuple[list[OfficialMention], list[IndicatorMention], list[GateMention],
                         list[DateMention]]] = {i: ([], [], [], []) for i in ids}
    for fid, aid, kind, start, value in store.db.execute(
            f"SELECT id, article_id, kind, start, value FROM facts WHERE run_id = ? "
            f"AND article_id IN ({marks}) "
            f"AND kind IN ('official', 'indicator', 'border_gate', 'date') "
            f"ORDER BY article_id, start, id", [run_id, *ids]):
        v = json.loads(value)
        pub = meta[aid][1]
        if kind == "official":
            per[aid][0].append(OfficialMention(
                fid, aid, pub, start, v.get("name") or "", v.get("title"), v.get("rank"),
                v.get("organization"), v.get("province")))
        elif kind == "indicator":
            period = v.get("period") or {}
            per[aid][1].append(IndicatorMention(
                fid, aid, pub, start, v.get("value"), v.get("unit"), v.get("object"),
                v.get("per"), period.get("start"), period.get("end"), v.get("approx")))
        elif kind == "date":
            if v.get("start") and v.get("end"):
                per[aid][3].append(DateMention(start, v["start"], v["end"]))
        else:
            per[aid][2].append(GateMention(start, v.get("name") or "",
                                           v.get("gazetteer_id") or norm_key(v.get("name") or ""),
                                           v.get("province")))
    return [ArticleFacts(aid, meta[aid][1], meta[aid][0], tuple(o), tuple(i), tuple(g), tuple(d))
            for aid, (o, i, g, d) in per.items() if aid in meta]


# ---------------------------------------------------------------- writing


def _title(key: str) -> str:
    """A province key (after the 2025 mergers, lowercased) as a name: "gia lai" → "Gia Lai"."""
    return " ".join(w[:1].upper() + w[1:] for w in key.split())


def _person_row(p: Person) -> tuple[Any, ...]:
    return (p.id, p.name, p.key, p.first_seen.isoformat() if p.first_seen else None,
            p.last_seen.isoformat() if p.last_seen else None, p.mentions, p.articles,
            ", ".join(sorted(_title(k) for k in p.provinces)), " | ".join(p.orgs), ", ".join(sorted(p.titles)),
            json.dumps(p.to_json(), ensure_ascii=False))


def write_chunk(store: Store, run_id: int, arts: Sequence[ArticleFacts],
                links: Sequence[PersonLink], mentions: dict[int, OfficialMention],
                people: Sequence[Person], series: Sequence[SeriesRow],
                points: Sequence[PointRow], sources: Sequence[PointSource]) -> None:
    """One chunk of linked articles in ONE transaction (a kill leaves whole chunks)."""
    def go() -> None:
        c = store.db.conn
        c.executemany("INSERT OR REPLACE INTO people VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      [_person_row(p) for p in people])
        rows = []
        for lk in links:
            m = mentions[lk.fact_id]
            rows.append((lk.fact_id, run_id, m.article_id, lk.person_id, m.name, norm_key(m.name), m.title, m.rank,
                         m.organization, m.province,
                         m.published.isoformat() if m.published else None, lk.why,
                         lk.confidence, int(lk.ambiguous),
                         json.dumps(list(lk.candidates)) if lk.candidates else None))
        c.executemany("INSERT OR REPLACE INTO person_mentions VALUES "
                      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        c.executemany("INSERT INTO series VALUES (?,?,?,?,?,?,?,?,?)",
                      [(s.id, s.object, s.object_key, s.unit, s.per, s.place_kind, s.place,
                        s.place_key, norm_key(s.place or "")) for s in series])
        c.executemany("INSERT INTO series_points VALUES (?,?,?,?,?)",
                      [(p.id, p.series_id, p.period_start, p.period_end, p.value) for p in points])
        c.executemany("INSERT OR REPLACE INTO series_sources VALUES (?,?,?,?,?,?,?,?,?,?)",
                      [(s.fact_id, run_id, s.point_id, s.series_id, s.article_id,
                        s.published.isoformat() if s.published else None, s.value, s.approx,
                        s.place_how, s.period_how) for s in sources])
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        c.executemany("INSERT OR REPLACE INTO link_articles VALUES (?,?,?)",
                      [(a.article_id, run_id, now) for a in arts])
    store._write(go)


@dataclass(frozen=True, slots=True)
class LinkCounts:
    articles: int
    mentions: int
    linked: int
    ambiguous: int
    people: int
    indicators: int
    series: int
    points: int


def link_run(store: Store, run_id: int, chunk: int = 200) -> LinkCounts:
    """Link the not-yet-linked articles of `run_id`, `chunk` articles per transaction."""
    ensure_schema(store)
    people = load_people(store)
    series = load_series(store)
    ids = pending_articles(store, run_id)
    n_m = n_l = n_a = n_i = 0
    for i in range(0, len(ids), chunk):
        arts = read_articles(store, run_id, ids[i:i + chunk])
        links: list[PersonLink] = []
        mentions: dict[int, OfficialMention] = {}
        new_s: list[SeriesRow] = []
        new_p: list[PointRow] = []
        srcs: list[PointSource] = []
        for a in arts:
            mentions.update((m.fact_id, m) for m in a.officials)
            links.extend(people.link(a.officials))
            s, p, src = series.add(a)
            new_s += s
            new_p += p
            srcs += src
        n_m += len(links)
        n_l += sum(lk.person_id is not None for lk in links)
        n_a += sum(lk.ambiguous for lk in links)
        n_i += len(srcs)
        write_chunk(store, run_id, arts, links, mentions, people.take_dirty(), new_s, new_p, srcs)
    counts = store.db.execute(
        "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM series), "
        "(SELECT count(*) FROM series_points)").fetchone()
    return LinkCounts(len(ids), n_m, n_l, n_a, counts[0], n_i, counts[1], counts[2])


# ---------------------------------------------------------------- reports


@dataclass(frozen=True, slots=True)
class Role:
    title: str | None
    organization: str | None
    rank: str | None
    first_seen: str | None
    last_seen: str | None
    mentions: int
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonReport:
    id: int
    name: str
    provinces: str
    first_seen: str | None
    last_seen: str | None
    mentions: int
    articles: int
    roles: tuple[Role, ...]
    maybe: tuple[int, ...] = ()  # people it was kept apart from on nothing but the name


@dataclass(frozen=True, slots=True)
class UnresolvedMention:
    fact_id: int
    article_id: str
    name: str
    title: str | None
    organization: str | None
    published: str | None
    why: str
    candidates: tuple[int, ...]


def find_people(store: Store, name: str) -> tuple[list[PersonReport], list[UnresolvedMention]]:
    """The people whose name matches `name` (the whole normalized name, else a part of it),
    with their roles over time; and the ambiguous mentions of those names."""
    key = norm_key(name)
    rows = store.db.execute("SELECT id FROM people WHERE name_key = ? ORDER BY id", [key]).fetchall()
    if not rows:
        rows = store.db.execute("SELECT id FROM people WHERE instr(name_key, ?) > 0 "
                                "ORDER BY name_key, id", [key]).fetchall()
    out = []
    for (pid,) in rows:
        p = store.db.execute("SELECT id, name, provinces, first_seen, last_seen, mentions, articles "
                             "FROM people WHERE id = ?", [pid]).fetchone()
        roles = tuple(
            Role(r[0], r[1], r[2], r[3], r[4], r[5], tuple(sorted((r[6] or "").split(","))))
            for r in store.db.execute(
                "SELECT title, organization, rank, first_seen, last_seen, mentions, article_ids "
                "FROM person_roles WHERE person_id = ? ORDER BY first_seen IS NULL, first_seen, "
                "title", [pid]))
        maybe = sorted({c for (cs,) in store.db.execute(
            "SELECT candidates FROM person_mentions WHERE person_id = ? AND ambiguous = 1 "
            "AND candidates IS NOT NULL", [pid]) for c in json.loads(cs)})
        maybe += [r[0] for r in store.db.execute(  # and the later ones kept apart from it
            "SELECT DISTINCT m.person_id FROM person_mentions m, json_each(m.candidates) j "
            "WHERE m.ambiguous = 1 AND m.person_id IS NOT NULL AND j.value = ?", [pid])]
        out.append(PersonReport(p[0], p[1], p[2] or "", p[3], p[4], p[5], p[6], roles,
                                tuple(sorted(set(maybe) - {pid}))))
    keys = {norm_key(r.name) for r in out} or {key}
    marks = ",".join("?" * len(keys))
    unresolved = [
        UnresolvedMention(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(json.loads(r[7] or "[]")))
        for r in store.db.execute(
            f"SELECT fact_id, article_id, name, title, organization, published, why, candidates "
            f"FROM person_mentions WHERE ambiguous = 1 AND person_id IS NULL AND name_key IN ({marks}) "
            f"ORDER BY published, fact_id", list(keys))]
    return out, unresolved


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    series_id: int
    object: str
    unit: str
    per: str
    place_kind: str
    place: str | None
    period_start: str | None
    period_end: str | None
    value: float
    sources: int
    article_ids: tuple[str, ...]
    first_published: str | None
    contradicted: bool

    def as_dict(self) -> dict[str, Any]:
        return {c: (",".join(v) if isinstance(v, tuple) else v)
                for c in SERIES_COLUMNS for v in [getattr(self, c)]}


SERIES_COLUMNS = ("series_id", "object", "unit", "per", "place_kind", "place", "period_start",
                  "period_end", "value", "sources", "article_ids", "first_published",
                  "contradicted")


def series_points(store: Store, object: str | None = None, gate: str | None = None,
                  province: str | None = None, unit: str | None = None,
                  contradictions_only: bool = False) -> list[SeriesPoint]:
    """Points of the series matching the filters (object: a part of the normalized object;
    gate/province: a part of the place's name), in series then period order."""
    sql = ("SELECT t.series_id, t.object, t.unit, t.per, t.place_kind, t.place, t.period_start, "
           "t.period_end, t.value, t.sources, t.article_ids, t.first_published, "
           "EXISTS (SELECT 1 FROM contradictions c WHERE c.series_id = t.series_id "
           "AND c.period_start IS t.period_start AND c.period_end IS t.period_end) "
           "FROM series_table t JOIN series s ON s.id = t.series_id WHERE 1 = 1")
    params: list[Any] = []
    if object:
        sql += " AND instr(s.object_key, ?) > 0"
        params.append(norm_key(object))
    if gate:
        sql += " AND s.place_kind = 'gate' AND instr(s.place_norm, ?) > 0"
        params.append(norm_key(gate))
    if province:
        sql += " AND s.place_kind = 'province' AND instr(s.place_norm, ?) > 0"
        params.append(norm_key(province))
    if unit:
        sql += " AND s.unit = ?"
        params.append(unit.strip().lower())
    sql += (" ORDER BY t.series_id, t.period_start IS NULL, t.period_start, t.period_end, "
            "t.first_published, t.value")
    out = [SeriesPoint(*r[:10], tuple(sorted((r[10] or "").split(","))), r[11], bool(r[12]))
           for r in store.db.execute(sql, params)]
    return [p for p in out if p.contradicted] if contradictions_only else out


def iter_people(store: Store, min_articles: int = 2) -> Iterator[PersonReport]:
    """Every person seen in at least `min_articles` articles (for the HTML page)."""
    for (pid, name) in store.db.execute(
            "SELECT id, name FROM people WHERE articles >= ? ORDER BY articles DESC, name",
            [min_articles]).fetchall():
        people, _ = find_people(store, name)
        yield from (p for p in people if p.id == pid)


# ---------------------------------------------------------------- predictions for scoring


def mention_people(store: Store) -> dict[tuple[str, int, int], int | None]:
    """(article id, start, end) of each linked official mention → its person id."""
    return {(a, s, e): p for a, s, e, p in store.db.execute(
        "SELECT m.article_id, f.start, f.[end], m.person_id FROM person_mentions m "
        "JOIN facts f ON f.id = m.fact_id")}


def point_predictions(store: Store) -> dict[tuple[str, int, int], dict[str, Any]]:
    """(article id, start, end) of each indicator in a series → its point and place."""
    out = {}
    for a, s, e, v, u, ps, pe, pk, pl in store.db.execute(
            "SELECT src.article_id, f.start, f.[end], pt.value, se.unit, pt.period_start, "
            "pt.period_end, se.place_kind, se.place FROM series_sources src "
            "JOIN facts f ON f.id = src.fact_id JOIN series_points pt ON pt.id = src.point_id "
            "JOIN series se ON se.id = src.series_id"):
        out[(a, s, e)] = {"value": v, "unit": u, "period_start": ps, "period_end": pe,
                          "place_kind": pk, "place": pl}
    return out

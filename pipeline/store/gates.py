"""The gates report: every border gate a run found, with how often, where and when.

The first query a researcher runs ("everything reported about Hữu Nghị"): one row per gate —
per gazetteer id; per name for gates the gazetteer lacks or could not resolve — with mention
and article counts, the first and last publication dates and the article ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from vnfacts.pipeline.store import Store

# A gate's key: its gazetteer id, else "?" + the name as written (unlisted or ambiguous).
# Class/province/country come from the mentions (most frequent value), so the report needs
# no gazetteer; `ambiguous` counts the mentions left unresolved.
GATES_SQL = """
WITH g AS (
  SELECT b.fact_id, b.article_id, b.name, b.class, b.province, b.country, b.gazetteer_id,
         COALESCE(b.gazetteer_id, '?' || b.name) AS gate_key,
         CASE WHEN json_array_length(COALESCE(b.ambiguous, '[]')) > 0 THEN 1 ELSE 0 END AS amb,
         substr(ra.published, 1, 10) AS day  -- the date this run used, not the latest run's
  FROM border_gates b
  JOIN run_articles ra ON ra.run_id = b.run_id AND ra.article_id = b.article_id
  WHERE b.run_id = :run
),
top AS (  -- the most frequent non-null value of a column per gate
  SELECT gate_key, col, val FROM (
    SELECT gate_key, col, val, ROW_NUMBER() OVER (
      PARTITION BY gate_key, col ORDER BY count(*) DESC, val) AS rk
    FROM (SELECT gate_key, 'class' AS col, class AS val FROM g
          UNION ALL SELECT gate_key, 'province', province FROM g
          UNION ALL SELECT gate_key, 'country', country FROM g
          UNION ALL SELECT gate_key, 'name', name FROM g)
    WHERE val IS NOT NULL GROUP BY gate_key, col, val)
  WHERE rk = 1
)
SELECT g.gate_key,
       (SELECT val FROM top t WHERE t.gate_key = g.gate_key AND col = 'name') AS name,
       max(g.gazetteer_id) AS gazetteer_id,
       (SELECT val FROM top t WHERE t.gate_key = g.gate_key AND col = 'class') AS class,
       (SELECT val FROM top t WHERE t.gate_key = g.gate_key AND col = 'province') AS province,
       (SELECT val FROM top t WHERE t.gate_key = g.gate_key AND col = 'country') AS country,
       count(*) AS mentions,
       count(DISTINCT g.article_id) AS articles,
       sum(g.amb) AS ambiguous,
       min(g.day) AS first,
       max(g.day) AS last,
       (SELECT group_concat(article_id, ',') FROM (
          SELECT DISTINCT article_id FROM g AS g2 WHERE g2.gate_key = g.gate_key
          ORDER BY article_id)) AS article_ids
FROM g
GROUP BY g.gate_key
ORDER BY mentions DESC, articles DESC, name
"""

COLUMNS: tuple[str, ...] = ("name", "gazetteer_id", "class", "province", "country", "mentions",
                            "articles", "ambiguous", "first", "last", "article_ids")


@dataclass(frozen=True, slots=True)
class GateRow:
    """One gate of the report; `article_ids` sorted, dates ISO (YYYY-MM-DD) or None."""

    name: str
    gazetteer_id: str | None
    class_: str | None
    province: str | None
    country: str | None
    mentions: int
    articles: int
    ambiguous: int
    first: str | None
    last: str | None
    article_ids: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "gazetteer_id": self.gazetteer_id, "class": self.class_,
                "province": self.province, "country": self.country, "mentions": self.mentions,
                "articles": self.articles, "ambiguous": self.ambiguous, "first": self.first,
                "last": self.last, "article_ids": ",".join(self.article_ids)}


def gate_report(store: Store, run_id: int) -> list[GateRow]:
    """The gates of run `run_id`, most mentioned first."""
    rows = store.db.execute(GATES_SQL, {"run": run_id}).fetchall()
    return [
        GateRow(name=r[1], gazetteer_id=r[2], class_=r[3], province=r[4], country=r[5],
                mentions=r[6], articles=r[7], ambiguous=r[8], first=r[9], last=r[10],
                article_ids=tuple((r[11] or "").split(",")) if r[11] else ())
        for r in rows
    ]


# Gate names the gazetteer lacks: mentions with no gazetteer id and no candidates (an
# ambiguous mention names known gates). One row per name as written (spaces collapsed).
MISSING_SQL = """
WITH g AS (
  SELECT b.article_id, b.name, b.class, substr(a.published, 1, 10) AS day
  FROM border_gates b JOIN articles a ON a.id = b.article_id
  WHERE b.run_id = :run AND b.gazetteer_id IS NULL
    AND json_array_length(COALESCE(b.ambiguous, '[]')) = 0
)
SELECT name,
       (SELECT class FROM g AS g2 WHERE g2.name = g.name AND class IS NOT NULL
        GROUP BY class ORDER BY count(*) DESC, class LIMIT 1) AS class,
       count(*) AS mentions, count(DISTINCT article_id) AS articles, min(day), max(day),
       (SELECT group_concat(article_id, ',') FROM (
          SELECT DISTINCT article_id FROM g AS g3 WHERE g3.name = g.name ORDER BY article_id))
FROM g GROUP BY name ORDER BY mentions DESC, articles DESC, name
"""

MISSING_COLUMNS: tuple[str, ...] = ("name", "class", "mentions", "articles", "first", "last",
                                    "article_ids")


@dataclass(frozen=True, slots=True)
class MissingRow:
    """A gate name seen in the articles of a run that the gazetteer lacks."""

    name: str
    class_: str | None
    mentions: int
    articles: int
    first: str | None
    last: str | None
    article_ids: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "class": self.class_, "mentions": self.mentions,
                "articles": self.articles, "first": self.first, "last": self.last,
                "article_ids": ",".join(self.article_ids)}


def missing_report(store: Store, run_id: int) -> list[MissingRow]:
    """Gate names of run `run_id` with no gazetteer row, most mentioned first."""
    rows = store.db.execute(MISSING_SQL, {"run": run_id}).fetchall()
    return [MissingRow(name=r[0], class_=r[1], mentions=r[2], articles=r[3], first=r[4],
                       last=r[5], article_ids=tuple(r[6].split(",")) if r[6] else ())
            for r in rows]

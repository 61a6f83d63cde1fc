"""The indicators report: every reported quantity of a run, with its article, publication
date and period — the table a researcher charts ("lượt người reached per year").

Filters: `unit` (as stored, lowercased: "lượt", "đồng", "%"), and `province`: an article
belongs to a province when one of its border_gate facts in the run has that province, or
when its title or body text contains the province name as written ("Lạng Sơn"; SQLite's
instr is case-sensitive and Vietnamese has no ASCII case folding, so the name is matched as
given and in title case).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vnfacts.pipeline.store import Store

INDICATORS_SQL = """
SELECT i.fact_id, i.article_id, a.title, substr(ra.published, 1, 10) AS published,
       i.text, i.value, i.unit, i.object, i.approx, i.range_max, i.vague, i.raw, i.anomaly,
       i.period_start, i.period_end, i.start, i.rule
FROM indicators i JOIN articles a ON a.id = i.article_id
JOIN run_articles ra ON ra.run_id = i.run_id AND ra.article_id = i.article_id  -- its date
WHERE i.run_id = :run
  AND (:unit IS NULL OR i.unit = :unit)
  AND (:province IS NULL
       OR EXISTS (SELECT 1 FROM border_gates b
                  WHERE b.run_id = i.run_id AND b.article_id = i.article_id
                    AND (b.province = :province OR b.province = :province_title))
       OR instr(a.text, :province) > 0 OR instr(a.text, :province_title) > 0
       OR instr(COALESCE(a.title, ''), :province) > 0
       OR instr(COALESCE(a.title, ''), :province_title) > 0)
ORDER BY ra.published IS NULL, ra.published, i.article_id, i.start
"""

COLUMNS: tuple[str, ...] = (
    "article_id", "published", "period_start", "period_end", "value", "unit", "object",
    "approx", "range_max", "vague", "anomaly", "raw", "text", "title", "fact_id", "rule",
)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator fact of the report (dates ISO YYYY-MM-DD or None)."""

    fact_id: int
    article_id: str
    title: str | None
    published: str | None
    text: str
    value: float | None
    unit: str | None
    object: str | None
    approx: str | None
    range_max: float | None
    vague: bool
    raw: str | None
    anomaly: str | None
    period_start: str | None
    period_end: str | None
    rule: str

    def as_dict(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in COLUMNS}


def _title(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


def indicator_report(store: Store, run_id: int, unit: str | None = None,
                     province: str | None = None) -> list[IndicatorRow]:
    """The indicators of run `run_id`, by publication date then text order."""
    params = {"run": run_id, "unit": unit.strip().lower() if unit else None,
              "province": province.strip() if province else None,
              "province_title": _title(province.strip()) if province else None}
    rows = store.db.execute(INDICATORS_SQL, params).fetchall()
    return [
        IndicatorRow(fact_id=r[0], article_id=r[1], title=r[2], published=r[3], text=r[4],
                     value=r[5], unit=r[6], object=r[7], approx=r[8], range_max=r[9],
                     vague=bool(r[10]), raw=r[11], anomaly=r[12], period_start=r[13],
                     period_end=r[14], rule=r[16] or "")
        for r in rows
    ]

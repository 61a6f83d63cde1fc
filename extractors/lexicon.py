"""The one lexicon module (issue 15): reading reference tables, building word patterns, and
the province table with the 2025 merger.

- `load_table(name, RowModel)`: reads a table through the one CSV reader
  (pipeline/tables.py). It skips `#` comment lines anywhere,
  reads `#@ column: value` directives (a table-wide default for a column its rows lack, used
  for the provenance of positional tables), and validates each row with a pydantic model, so a
  malformed row fails at import with its file and line.
- `Provenance`: the columns every table carries (`source_ids` into extractors/data/sources.csv,
  `status` ∈ verified | corpus | unverified, `evidence`), plus `field_status` for a row that
  mixes sources ("class=unverified": that one field no source confirms).
- `alternation(words, ...)`: a longest-first regex alternation of words.
- The key family (`norm_key`, `tone_key`, `fold_key`, `offset_key`) lives in pipeline/text.py
  and is re-exported here.
- `province_of(text)`, `after_2025(name)`, `province_on(name, day)`: the 63 provinces before
  and the 34 after Nghị quyết 202/2025/QH15, with their written variants.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import regex
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from vnfacts.pipeline import tables
from vnfacts.pipeline.text import fold_key, norm_key, offset_key, tone_key, unify_tones

__all__ = [
    "DATA", "PIPELINE_DATA", "OVERRIDE_ENV", "STATUSES", "Row", "Provenance", "Status", "Pipe", "YesNo", "OptStr",
    "load_table", "read_csv", "table_path", "alternation", "norm_key", "tone_key", "fold_key",
    "offset_key", "unify_tones", "Province", "MERGER", "provinces", "province_of", "after_2025",
    "province_on", "sources", "weakest",
]

DATA = Path(__file__).resolve().parent / "data"
PIPELINE_DATA = Path(__file__).resolve().parent.parent / "pipeline" / "data"

Status = Literal["verified", "corpus", "unverified"]
#: strongest first: `weakest()` of a fact's rows is what the fact reports
STATUSES: tuple[Status, ...] = ("verified", "corpus", "unverified")


def _split(sep: str) -> Any:
    def split(v: object) -> object:
        if isinstance(v, str):
            return tuple(x.strip() for x in v.split(sep) if x.strip())
        return v
    return split


def _yes_no(v: object) -> object:
    if isinstance(v, str):
        if v not in ("yes", "no", ""):
            raise ValueError(f"expected yes/no, got {v!r}")
        return v == "yes"
    return v


def _fields(v: object) -> object:
    """"class=unverified;district=unverified" → {"class": "unverified", ...}."""
    if isinstance(v, str):
        out = {}
        for part in (p.strip() for p in v.split(";") if p.strip()):
            field, _, status = part.partition("=")
            out[field.strip()] = status.strip()
        return out
    return v


#: a `|`-separated list column ("Móng Cái|Bắc Luân")
Pipe = Annotated[tuple[str, ...], BeforeValidator(_split("|"))]
#: a yes/no column (empty reads no)
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
#: an optional text column (empty reads None)
OptStr = Annotated["str | None", BeforeValidator(lambda v: v or None)]


class Row(BaseModel):
    """Base of every row model: frozen, unknown columns ignored (a reader names what it uses)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class Provenance(Row):
    """The provenance columns of every table (docs/data.md)."""

    source_ids: Annotated[tuple[str, ...], BeforeValidator(_split(";"))]
    status: Status
    evidence: str = ""
    field_status: Annotated[dict[str, Status], BeforeValidator(_fields)] = {}

    def status_of(self, field: str) -> Status:
        """The status of one field: its own when the row mixes sources, else the row's."""
        return self.field_status.get(field, self.status)


def weakest(statuses: Iterable[Status | None]) -> Status | None:
    """The least trusted of some statuses (None ignored; None when none is given)."""
    seen = [s for s in statuses if s is not None]
    return max(seen, key=STATUSES.index) if seen else None


T = TypeVar("T", bound=BaseModel)


#: a folder whose tables are read before the shipped ones: a steward tries a corrected copy
#: of a table without editing the package (docs/data.md)
OVERRIDE_ENV = "VNFACTS_DATA"


def table_path(name: str | Path) -> Path:
    """A table by file name ($VNFACTS_DATA first, then extractors/data/, then pipeline/data/)
    or by path."""
    p = Path(name)
    if p.is_absolute() or len(p.parts) > 1:
        return p
    override = os.environ.get(OVERRIDE_ENV)
    for folder in ((Path(override),) if override else ()) + (DATA, PIPELINE_DATA):
        if (folder / p).is_file():
            return folder / p
    return DATA / p


def read_csv(name: str | Path, fieldnames: Sequence[str] | None = None
             ) -> tuple[list[str], list[tuple[int, dict[str, str]]], dict[str, str]]:
    """Header, rows (with their line numbers) and `#@` directives of a table found by
    `table_path` (the reader itself is vnfacts.pipeline.tables.read_csv)."""
    return tables.read_csv(table_path(name), fieldnames)


def load_table(name: str | Path, model: type[T], fieldnames: Sequence[str] | None = None
               ) -> list[T]:
    """Every row of a table as `model`; a bad row raises ValueError naming file and line."""
    _, rows, _ = read_csv(name, fieldnames)
    out: list[T] = []
    for line, r in rows:
        try:
            out.append(model.model_validate(r))
        except ValidationError as e:
            raise ValueError(f"{table_path(name).name}:{line}: {e}") from e
    return out


@cache
def sources() -> dict[str, dict[str, str]]:
    """extractors/data/sources.csv by id."""
    _, rows, _ = read_csv("sources.csv")
    return {r["id"]: r for _, r in rows}


# ---------------------------------------------------------------- patterns

def alternation(words: Iterable[str], *, space: str = r"\s+", end: str = "",
                group: bool = True) -> str:
    """A regex alternation of `words`, longest first (so "hữu nghị quan" wins over "hữu
    nghị"), each escaped, its spaces matching `space`; `end` is appended after the group
    (a boundary such as r"(?![\\p{L}\\p{N}])"). group=False gives the bare alternatives."""
    parts = [space.join(regex.escape(w) for w in word.split(" ")) if " " in word else regex.escape(word)
             for word in sorted(set(words), key=lambda w: (-len(w), w))]
    body = "|".join(parts)
    return (f"(?:{body})" if group else body) + end


# ---------------------------------------------------------------- provinces

#: Nghị quyết 202/2025/QH15: the 34 provinces and cities run from this day (docs/data.md).
MERGER = dt.date(2025, 7, 1)

Era = Literal["before_2025", "from_2025"]


class Province(Provenance):
    """One row of extractors/data/provinces.csv: a province or city of one era."""

    era: Era
    name: str  # short canonical name ("Lạng Sơn", "Hồ Chí Minh", "Thừa Thiên Huế")
    full_name: str  # "Tỉnh Lạng Sơn", "Thành phố Hồ Chí Minh"
    code: str  # the General Statistics Office code
    variants: Pipe = ()
    successor: OptStr = None  # before_2025 rows: the from_2025 province it became part of
    effective: OptStr = None  # from_2025 rows: the day the unit started (ISO)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, self.full_name, *self.variants)


@cache
def provinces(era: Era | None = None) -> tuple[Province, ...]:
    """The province table; one era only when `era` is given."""
    rows = tuple(load_table("provinces.csv", Province))
    return tuple(p for p in rows if era is None or p.era == era)


@cache
def _by_form() -> dict[str, tuple[Province, ...]]:
    out: dict[str, tuple[Province, ...]] = {}
    for p in provinces():
        for f in p.forms:
            k = norm_key(f)
            if p not in out.get(k, ()):
                out[k] = (*out.get(k, ()), p)
    return out


def province_of(text: str, day: dt.date | None = None) -> Province | None:
    """The province a written name refers to ("TP.HCM", "Thừa Thiên - Huế", "tỉnh Hà Giang"),
    or None. Tone placement is unified but tones count ("Huệ" is not "Huế"). A name of both
    eras ("Lào Cai" before and after it absorbed Yên Bái) is read by `day`: on or after the
    merger the new province, otherwise (and with no day) the one before."""
    k = norm_key(text)
    cands = _by_form().get(k)
    if cands is None:
        for prefix in ("tỉnh ", "thành phố ", "tp. ", "tp "):
            if k.startswith(prefix) and (cands := _by_form().get(k[len(prefix):])):
                break
        else:
            return None
    era = "from_2025" if day is not None and day >= MERGER else "before_2025"
    exact = [p for p in cands if norm_key(p.name) == k] or list(cands)
    return next((p for p in exact if p.era == era), exact[0])


def after_2025(name: str) -> str | None:
    """The name of the province a province (any era, any variant) belongs to after the
    merger: "Hà Giang" → "Tuyên Quang", "Tuyên Quang" → "Tuyên Quang"; None if unknown."""
    p = province_of(name)
    if p is None:
        return None
    return p.name if p.era == "from_2025" else p.successor


def province_on(name: str, day: dt.date | None) -> str | None:
    """The name to report for a province on a day: the new one from the merger on."""
    p = province_of(name)
    if p is None:
        return None
    if day is not None and day >= MERGER and p.era == "before_2025":
        return p.successor
    return p.name


@cache
def province_pattern() -> regex.Pattern[str]:
    """A pattern over every written form of every province, on an `offset_key` copy."""
    forms = {norm_key(f) for p in provinces() for f in p.forms}
    return regex.compile(r"(?<![\p{L}\p{N}])" + alternation(forms, space=r"[ \t\u00a0]+")
                         + r"(?![\p{L}\p{N}])", regex.V1)

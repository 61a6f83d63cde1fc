"""The typed values every stage passes on: Article, Doc (with Sentence and Token), Fact.

This module is the floor of the project: it imports nothing from the rest of it.
Field names of the value models follow ../shared/GUIDELINES.md §3 exactly (docs/guidelines.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["document", "date", "official", "border_gate", "indicator"]
KINDS: tuple[Kind, ...] = ("document", "date", "official", "border_gate", "indicator")

#: Vietnam time: publication stamps given in UTC are read in it (GUIDELINES.md §3.2).
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def text_sha256(text: str) -> str:
    """sha256 of the stored (NFC) body text: the article id and the gold files' anchor."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(BaseModel):
    """One ingested article: metadata plus the stored body text all offsets refer to."""

    model_config = ConfigDict(extra="forbid")

    id: str  # first 16 hex digits of sha256(text)
    source: str  # path, "path:LINE" for a record of a .jsonl file, or "-" / "-:LINE" for stdin
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.datetime | None = None  # timezone-aware, in Vietnam time
    format: str  # txt | md | html | json | jsonl
    sha256: str
    text: str  # NFC body text
    encoding: str | None = None  # detected source encoding ("utf-8", "cp1258", "tcvn3", "vni")

    @property
    def published_date(self) -> dt.date | None:
        if self.published is None:
            return None
        ts = self.published
        if ts.tzinfo is not None:
            ts = ts.astimezone(VN_TZ)
        return ts.date()


@dataclass(frozen=True, slots=True)
class RawInput:
    """An input named but not yet read: a file (`path`) or the bytes of one JSONL record or
    of stdin (`data`). Cheap to make and to send to a worker process, where
    `pipeline.ingest.load_input` reads, decodes and parses it into Articles."""

    source: str  # what its results and errors are named by: path, "path:LINE", "-", "-:LINE"
    fmt: str | None  # txt | md | html | json | jsonl (one record); None: sniff the bytes
    path: str | None = None
    data: bytes | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # the sidecar row (corpus-index.jsonl)
    published: dt.datetime | None = None  # the caller's default publication date


@dataclass(frozen=True, slots=True)
class Token:
    """A word (underthesea's segmentation) with code-point offsets into the stored text.

    `text` is always `doc.text[start:end]`, never underthesea's rewritten string.
    """

    start: int
    end: int
    text: str
    pos: str | None = None


class Sentence:
    """A sentence span of the stored text; its tokens are computed on first access when the
    segmenter gives a `loader` (word segmentation is most of the pipeline's cost, and only
    some extractors read tokens of some sentences)."""

    __slots__ = ("start", "end", "_tokens", "_loader")

    def __init__(
        self, start: int, end: int, tokens: tuple[Token, ...] = (),
        loader: Callable[[], tuple[Token, ...]] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self._tokens: tuple[Token, ...] | None = None if loader is not None else tuple(tokens)
        self._loader = loader

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = self._loader()  # type: ignore[misc]
            self._loader = None
        return self._tokens

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sentence):
            return NotImplemented
        return (self.start, self.end, self.tokens) == (other.start, other.end, other.tokens)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Sentence(start={self.start}, end={self.end}, tokens={self.tokens!r})"


@dataclass(slots=True)
class Doc:
    """A segmented article: what extractors receive."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> dt.date | None:
        return self.article.published_date

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset` (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None


# ---------------------------------------------------------------- values (GUIDELINES.md §3)


#: how far a reference-table row is backed (extractors/lexicon.py, docs/data.md)
ReferenceStatus = Literal["verified", "corpus", "unverified"]


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Period(_Value):
    """A span of time a fact is reported for or a programme runs over (ISO dates, inclusive)."""

    start: dt.date | None = None
    end: dt.date | None = None


class DocumentValue(_Value):
    """§3.1: a numbered document reference."""

    code: str  # canonical: spaces removed, dashes unified ("5115/CTr-BTTTT-BTLBP")
    number: str  # as written, leading zeros kept ("03")
    year: int | None = None
    doc_type: str | None = None  # type code ("CTr", "NĐ"), null for công văn
    doc_type_name: str | None = None  # full name from extractors/data/doc_types.csv
    issuers: list[str] = Field(default_factory=list)  # codes as written ("BTTTT")
    issuers_expanded: list[str | None] = Field(default_factory=list)  # same order; None = unknown/ambiguous
    title: str | None = None  # the programme/document name when the sentence gives it
    signed: dt.date | None = None
    period: Period | None = None
    # the least-backed reference row used for doc_type_name/issuers_expanded (docs/data.md)
    reference_status: ReferenceStatus | None = None


Grain = Literal["day", "week", "month", "quarter", "year"]


class LunarDay(_Value):
    """§6: the lunar day-month as written ("mùng 6 tháng Giêng" → month 1, day 6)."""

    month: int = Field(ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=30)  # None for a whole lunar month
    leap: bool = False  # tháng nhuận
    year: int | None = None  # the lunar year (its Gregorian number) when known


class DateValue(_Value):
    """§3.2: a calendar reference, `end` inclusive."""

    start: dt.date | None = None
    end: dt.date | None = None
    grain: Grain
    year_inferred: bool = False
    time: str | None = None  # "HH:MM"
    month: int | None = None  # only when start/end are unknown (no year could be inferred)
    day: int | None = None
    relative: bool = False  # resolved from "hôm qua", "năm nay", "cùng ngày" …
    calendar: Literal["gregorian", "lunar"] = "gregorian"  # §6: start/end are Gregorian
    lunar: LunarDay | None = None  # what the lunar phrase said, when calendar is "lunar"
    approx: bool = False  # §6: "cách đây hai năm", "hơn hai năm trước"
    raw: str | None = None  # the written parts of an impossible date ("31/2/2025")
    anomaly: Literal["impossible_date"] | None = None  # start/end null, raw kept


class OfficialValue(_Value):
    """§3.3: a named person presented with a role."""

    name: str
    rank: str | None = None
    title: str | None = None
    organization: str | None = None
    roles: list[str] = Field(default_factory=list)
    province: str | None = None


GateClass = Literal["quốc tế", "chính", "phụ", "lối mở", "lối thông quan"]


class BorderGateValue(_Value):
    """§3.4: a named border crossing."""

    name: str
    class_: GateClass | None = Field(default=None, alias="class")
    province: str | None = None
    country: str | None = None
    gazetteer_id: str | None = None
    ambiguous: list[str] = Field(default_factory=list)  # candidate ids when unresolved
    # verified | corpus | unverified: how far the reference row behind the value is backed by
    # a source (docs/data.md); None when no row was used
    reference_status: ReferenceStatus | None = None


Approx = Literal["more_than", "less_than", "about"]


class IndicatorValue(_Value):
    """§3.5: a reported quantity."""

    value: float | None
    unit: str | None = None
    object: str | None = None
    approx: Approx | None = None
    range_max: float | None = None
    vague: bool = False
    per: str | None = None  # §6: a rate's denominator ("45.000 đồng/kg" → "kg")
    raw: str | None = None
    anomaly: Literal["bad_grouping"] | None = None
    period: Period | None = None


VALUE_MODELS: dict[str, type[_Value]] = {
    "document": DocumentValue,
    "date": DateValue,
    "official": OfficialValue,
    "border_gate": BorderGateValue,
    "indicator": IndicatorValue,
}

AnyValue = DocumentValue | DateValue | OfficialValue | BorderGateValue | IndicatorValue


class Fact(BaseModel):
    """One extracted fact: `text == article.text[start:end]`, offsets in code points."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str
    value: AnyValue
    rule: str = ""
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0

    @model_validator(mode="before")
    @classmethod
    def _value_by_kind(cls, data: Any) -> Any:
        # Parse `value` with the model its kind names, not by trying each union member.
        if isinstance(data, dict) and isinstance(data.get("value"), dict):
            model = VALUE_MODELS.get(data.get("kind", ""))
            if model is not None:
                data = {**data, "value": model.model_validate(data["value"])}
        return data

    @model_validator(mode="after")
    def _check(self) -> Fact:
        if self.end < self.start:
            raise ValueError(f"end {self.end} < start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("len(text) must equal end - start")
        if not isinstance(self.value, VALUE_MODELS[self.kind]):
            raise ValueError(f"value of a {self.kind} fact must be {VALUE_MODELS[self.kind].__name__}")
        return self

    @classmethod
    def at(
        cls, doc_text: str, kind: Kind, start: int, end: int, value: AnyValue, rule: str,
        confidence: float = 1.0,
    ) -> Fact:
        """Build a fact whose text is read from the stored text, so offsets cannot drift."""
        return cls(kind=kind, start=start, end=end, text=doc_text[start:end], value=value,
                   rule=rule, confidence=confidence)

    def value_json(self) -> dict[str, Any]:
        return self.value.model_dump(mode="json", by_alias=True)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "start": self.start, "end": self.end, "text": self.text,
            "value": self.value_json(), "rule": self.rule, "confidence": self.confidence,
        }


class ArticleResult(BaseModel):
    """What processing one article produces: the article and its facts, or the error."""

    article: Article | None = None
    source: str
    facts: list[Fact] = Field(default_factory=list)
    error: str | None = None
    stage: str | None = None


# ---------------------------------------------------------------- gold files (GUIDELINES.md §4)


class GoldArticleRef(BaseModel):
    """Where a gold file's article comes from: a path relative to the repository root
    ("corpus/001_….txt", "../shared/corpus/052_….html"), plus the 1-based line for a record
    of a .jsonl file."""

    model_config = ConfigDict(extra="forbid")

    path: str
    line: int | None = None


class GoldReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewed: bool
    by: str
    date: dt.date
    note: str | None = None


class GoldFact(Fact):
    """A gold fact: a Fact whose rule/confidence are not needed."""

    rule: str = "gold"


class GoldFile(BaseModel):
    """One hand-checked gold file per article."""

    model_config = ConfigDict(extra="forbid")

    article: GoldArticleRef
    id: str
    sha256: str  # of the stored body text; `vnfacts gold check` fails when it changes
    published: dt.datetime | None = None
    review: GoldReview
    facts: list[GoldFact]

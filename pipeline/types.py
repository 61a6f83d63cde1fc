"""The typed values every stage passes on: Article, Doc (with Sentence and Token), Fact.

This module is the floor of the project: it imports nothing from the rest of it. It also
holds the registry of fact kinds: each extractor module declares its kind once, as a
`KindSpec` (value model, extract, scoring key and fields, view, display), and every other
module reads kinds from here (`kind_specs`, `spec`, `plan`), never from a list of its own.
The built-in kinds are imported by module name on first use (`BUILTIN_KIND_MODULES`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, model_validator

#: Vietnam time: publication stamps given in UTC are read in it (GUIDELINES.md §3.2).
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def iso_day(value: str | None) -> dt.date | None:
    """The day of a stored ISO date or timestamp ("2025-01-22T08:00:00+07:00" → 2025-01-22);
    None for no value or a value that is not ISO."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


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


# ---------------------------------------------------------------- values and kind specs


#: how far a reference-table row is backed (extractors/lexicon.py, docs/data.md)
ReferenceStatus = Literal["verified", "corpus", "unverified"]


class Value(BaseModel):
    """Base of every kind's value model (GUIDELINES.md §3): strict fields, aliases on output."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Period(Value):
    """A span of time a fact is reported for or a programme runs over (ISO dates, inclusive)."""

    start: dt.date | None = None
    end: dt.date | None = None


Extract = Callable[["Doc", Mapping[str, Sequence["Fact"]]], list["Fact"]]


def _no_problems(value: Any) -> list[str]:
    return []


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything the project knows about one fact kind, declared once by its extractor
    module (`SPEC = register(KindSpec(...))`); types, store views, scorer, diff, gold checks,
    `show` and the Datasette metadata all read it from the registry below."""

    name: str
    value_model: type[Value]
    extract: Extract
    #: value-level key (GUIDELINES.md §4), from the value's JSON: the set scored per article
    key: Callable[[dict[str, Any]], tuple[Any, ...]]
    #: the fields GUIDELINES.md §3 defines: "same value" in strict mode and gold diffs
    guideline_fields: tuple[str, ...]
    #: the fields a user reads: record-mode scoring compares these on key-matched facts
    record_fields: tuple[str, ...]
    #: SQL view flattening the value: its name and (column, JSON path) pairs
    view: str
    view_columns: tuple[tuple[str, str], ...]
    requires: tuple[str, ...] = ()  # kinds whose facts `extract` reads (run before it)
    #: record fields compared as free text (object, organization): see pipeline.score
    text_fields: tuple[str, ...] = ()
    #: numeric fields, rounded before comparison (float noise from unit multiplication)
    numeric_fields: tuple[str, ...] = ()
    validate: Callable[[Any], list[str]] = _no_problems  # semantic checks of a gold value
    summary: Callable[[dict[str, Any]], str] = repr  # one line for diffs and `show`
    colour: str = "cyan"  # terminal highlight in `show` and diffs
    label: str = ""  # a human name for the kind (Datasette, docs)


#: The built-in kinds' modules, in run order (each after the kinds it requires). Resolved
#: against this package's root, so the same names work installed under `vnfacts`.
BUILTIN_KIND_MODULES: tuple[str, ...] = (
    "extractors.date", "extractors.document", "extractors.border_gate",
    "extractors.official", "extractors.indicator",
)
_ROOT = __name__.rsplit(".", 2)[0] + "." if __name__.count(".") >= 2 else ""
_REGISTRY: dict[str, KindSpec] = {}
_LOADED = False


def register(spec: KindSpec) -> KindSpec:
    """Add (or replace) a kind; returns it, so a module can write `SPEC = register(...)`."""
    for r in spec.requires:
        if r not in _REGISTRY and r != spec.name:
            _load_builtins()
            if r not in _REGISTRY:
                raise ValueError(f"kind {spec.name!r} requires unknown kind {r!r}")
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a kind (tests that register a toy kind clean up with this)."""
    _REGISTRY.pop(name, None)


def _load_builtins() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for mod in BUILTIN_KIND_MODULES:
        import_module(_ROOT + mod)  # each module registers its SPEC


def kind_specs() -> tuple[KindSpec, ...]:
    """Every registered kind in run order: the built-in kinds in BUILTIN_KIND_MODULES order,
    then the others as registered, each after the kinds it requires (whatever order the
    modules happened to be imported in)."""
    _load_builtins()
    builtin = [m.rsplit(".", 1)[1] for m in BUILTIN_KIND_MODULES]
    rank = {n: (builtin.index(n) if n in builtin else len(builtin) + i)
            for i, n in enumerate(_REGISTRY)}
    out: list[str] = []

    def visit(name: str) -> None:
        if name not in out:
            for r in sorted(_REGISTRY[name].requires, key=rank.__getitem__):
                visit(r)
            out.append(name)

    for name in sorted(_REGISTRY, key=rank.__getitem__):
        visit(name)
    return tuple(_REGISTRY[n] for n in out)


def kind_names() -> tuple[str, ...]:
    return tuple(s.name for s in kind_specs())


def spec(kind: str) -> KindSpec:
    """The spec of `kind`; KeyError naming the known kinds otherwise."""
    _load_builtins()
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise KeyError(f"unknown fact kind {kind!r}; known: {', '.join(kind_names())}") from None


def plan(kinds: Iterable[str] | None = None) -> list[str]:
    """The kinds to run, in run order, for the requested kinds plus what they require."""
    names = kind_names()
    wanted = set(names if kinds is None else kinds)
    for k in wanted:
        spec(k)  # validates the name
    stack = list(wanted)
    while stack:
        for r in spec(stack.pop()).requires:
            if r not in wanted:
                wanted.add(r)
                stack.append(r)
    return [k for k in names if k in wanted]


class Fact(BaseModel):
    """One extracted fact: `text == article.text[start:end]`, offsets in code points."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str
    value: SerializeAsAny[Value]
    rule: str = ""
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0

    @model_validator(mode="before")
    @classmethod
    def _value_by_kind(cls, data: Any) -> Any:
        # Parse `value` with the model its kind names, not by trying each union member.
        if isinstance(data, dict) and isinstance(data.get("value"), dict):
            try:
                model = spec(data.get("kind", "")).value_model
            except KeyError as e:  # a ValueError: pydantic reports it as a validation error
                raise ValueError(e.args[0]) from None
            data = {**data, "value": model.model_validate(data["value"])}
        return data

    @model_validator(mode="after")
    def _check(self) -> Fact:
        if self.end < self.start:
            raise ValueError(f"end {self.end} < start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("len(text) must equal end - start")
        model = spec(self.kind).value_model
        if not isinstance(self.value, model):
            raise ValueError(f"value of a {self.kind} fact must be {model.__name__}")
        return self

    @classmethod
    def at(
        cls, doc_text: str, kind: str, start: int, end: int, value: Value, rule: str,
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

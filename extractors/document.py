"""`document` facts (GUIDELINES.md §3.1): numbered administrative, legal and Party documents.

One compiled pattern (`_DOC`) finds the number shapes of NĐ 30/2020/NĐ-CP Phụ lục I
(`5115/CTr-BTTTT-BTLBP`, `586/TCT-CS`), normative documents with a year (`15/2020/NĐ-CP`,
`19-2017/NQ-CP`) and Party documents (`57-NQ/TW`), with the spacing and dash variants news
writes (`03 /CTr - STTTT`, en dashes, `01//2018/QĐ-TTg`). The type and issuer codes are
looked up in extractors/data/doc_types.csv and issuers.csv (both keep their sources; ambiguous
issuers such as BCT are never expanded). A document is linked to the dates of its sentence
(`prior["date"]`): the signing date written right after it and a programme period.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Literal

import regex
from pydantic import Field
from vnfacts.extractors.lexicon import Provenance, Status, YesNo, load_table, weakest
from vnfacts.pipeline.types import Doc, Fact, KindSpec, Period, ReferenceStatus, Value, register

KIND = "document"
REQUIRES: tuple[str, ...] = ("date",)


class DocType(Provenance):
    """A row of extractors/data/doc_types.csv."""

    code: str
    name: str
    system: Literal["admin", "normative", "party", "practice"]


class Issuer(Provenance):
    """A row of extractors/data/issuers.csv."""

    code: str
    name: str
    level: str = ""
    ambiguous: YesNo = False

# A code group: upper case, with the few mixed-case codes of NĐ 30 (CTr, QĐi, TTg, QyĐ, SNgV):
# a lower-case letter never follows another, so "Phan", "Bộ" are not codes.
_TOK = r"\p{Lu}(?:[\p{Lu}\d&]|[a-zđ](?![a-zđ\p{Ll}])){0,15}+(?![\p{L}\d])"
_DASH = r"\s?[-–—]\s?"
_DOC = regex.compile(
    rf"""(?<![\p{{L}}\p{{N}}/.,\-–])(?P<num>\d{{1,5}})(?![\d.,]\d)
    (?:\s?(?:/{{1,2}}|[-–])\s?(?P<year>(?:19|20)\d\d)\s?/\s?      # 15/2020/NĐ-CP, 19-2017/NQ-CP
      |\s?[-–]\s?(?P<ptype>{_TOK})\s?/\s?                          # 57-NQ/TW (Party)
      |\s?/{{1,2}}\s?(?=\p{{Lu}}))                                 # 5115/CTr-…, 586/TCT-CS
    (?P<codes>{_TOK}(?:{_DASH}{_TOK}){{0,5}}+)""",
    regex.VERBOSE,
)
_DOC_WORD_BEFORE = regex.compile(
    r"(?i)(?:số|văn\s+bản|công\s+văn|công\s+điện|quyết\s+định|nghị\s+định|nghị\s+quyết|"
    r"thông\s+tư|chỉ\s+thị|kế\s+hoạch|chương\s+trình|kết\s+luận|hướng\s+dẫn|thông\s+báo|"
    r"sắc\s+lệnh|luật)\s*:?\s*$")
_TITLE_HEAD = regex.compile(
    r"(?i)(?<![\p{L}])(?:chương\s+trình|kế\s+hoạch|quy\s+chế|đề\s+án|dự\s+án|chiến\s+lược|"
    r"thỏa\s+thuận|quy\s+định|chỉ\s+thị|nghị\s+quyết|quyết\s+định|kết\s+luận|hướng\s+dẫn|"
    r"thông\s+báo|công\s+văn|công\s+điện|nghị\s+định|thông\s+tư|luật)(?![\p{L}])")
_GROUP_SEP = regex.compile(r"\s?[-–—]\s?")
_SO_TAIL = regex.compile(r"(?i)\s*(?:số\s*:?\s*)?$")
_SIGNED_GAP = regex.compile(r"\s*,?\s*(?:(?:được\s+)?(?:ký|ban\s+hành)\s+)?")
_PARTY_ISSUERS = frozenset({"TW", "TƯ", "TU", "HU", "ĐU", "VPTW", "BBT", "BCT", "QU", "ĐUQSTW"})


@cache
def _doc_types() -> dict[tuple[str, str], DocType]:
    """(code, system) → row, system one of admin|normative|party|practice."""
    return {(r.code, r.system): r for r in load_table("doc_types.csv", DocType)}


@cache
def _type_codes() -> frozenset[str]:
    return frozenset(c for c, _ in _doc_types())


@cache
def _issuers() -> dict[str, Issuer | None]:
    """code → row, None when the code is ambiguous (BCT, BTC, SNV …)."""
    out: dict[str, Issuer | None] = {}
    for r in load_table("issuers.csv", Issuer):
        code = r.code.replace(" ", "")
        prev = out.get(code)
        if r.ambiguous or code in out and (prev is None or prev.name != r.name):
            out[code] = None  # two readings: never guess
        elif prev is None:
            out[code] = r
    return out


def _known(tok: str) -> bool:
    return tok in _type_codes() or tok in _issuers()


def _plausible(tok: str) -> bool:
    """A code group: a known code, or at least two capitals ("UBNDPTDS"), not "Km50"."""
    return _known(tok) or sum(c.isupper() for c in tok) >= 2


def _expand(code: str, names: dict[str, Issuer | None]) -> Issuer | None:
    if code == "TƯ":
        code = "TW"
    if code not in names and (m := regex.fullmatch(r"(\p{Lu}+)\d+", code)):
        code = m.group(1)  # "QH15": the 15th Quốc hội
    return names.get(code)


def _unglue(tok: str) -> list[str]:
    """"UBNDPTDS" (a dash dropped) → ["UBND", "PTDS"]: a known issuer glued to a unit code."""
    if _known(tok) or len(tok) < 4:
        return [tok]
    for k in range(len(tok) - 2, 1, -1):
        head, rest = tok[:k], tok[k:]
        if head in _issuers() and sum(c.isupper() for c in rest) >= 2:
            return [head, rest]
    return [tok]


def _type_row(code: str | None, year: int | None, party: bool) -> DocType | None:
    if code is None:
        return None
    types = _doc_types()
    order = (("normative", "admin") if year else ("party",) if party else ("admin",)) + (
        "admin", "normative", "party", "practice")
    for system in order:
        if (code, system) in types:
            return types[(code, system)]
    return None


def parse_code(m: regex.Match) -> tuple[int, DocumentValue] | None:
    """The value of one `_DOC` match and the end of its accepted span (trailing junk cut)."""
    toks = _GROUP_SEP.split(m.group("codes"))
    keep = 0
    for t in toks:
        if not _plausible(t):
            break
        keep += 1
    if keep == 0:
        return None
    toks = toks[:keep]
    # the span ends at the last kept code group
    end = m.start("codes")
    text = m.string
    for t in toks:
        end = text.index(t, end) + len(t)
    toks = [part for t in toks for part in _unglue(t)]
    ptype, year = m.group("ptype"), m.group("year")
    if ptype is not None and ptype not in _type_codes():
        return None
    year_i = int(year) if year else None
    if ptype:
        doc_type, issuers = ptype, toks
    elif toks[0] in _type_codes() and (len(toks) > 1 or year_i):
        doc_type, issuers = toks[0], toks[1:]
    else:
        doc_type, issuers = None, toks  # công văn: no type code (§3.1)
    if not (year_i or ptype or doc_type or _known(toks[0])
            or _DOC_WORD_BEFORE.search(text[max(0, m.start() - 14):m.start()])):
        return None
    party = bool(ptype) or bool(_PARTY_ISSUERS & set(issuers))
    names = _issuers()
    # canonical: spaces dropped, dashes unified, "//" and the "-" of "19-2017/…" read "/", a
    # dropped dash restored ("UBNDPTDS" → "UBND-PTDS")
    num = m.group("num")
    if ptype:
        code = f"{num}-{ptype}/" + "-".join(toks)
    else:
        code = f"{num}/{year}/" + "-".join(toks) if year else f"{num}/" + "-".join(toks)
    type_row = _type_row(doc_type, year_i, party)
    issuer_rows = [_expand(i, names) for i in issuers]
    # the least-backed row behind the expansions: a steward filters on it (docs/data.md)
    status: Status | None = weakest(r.status for r in (type_row, *issuer_rows) if r is not None)
    value = DocumentValue(
        code=code, number=m.group("num"), year=year_i, doc_type=doc_type,
        doc_type_name=type_row.name if type_row else None,
        issuers=issuers,
        issuers_expanded=[r.name if r else None for r in issuer_rows],
        reference_status=status,
    )
    return end, value


def _title(text: str, start: int) -> str | None:
    """The programme's name written right before the number ("Chương trình phối hợp … số")."""
    lo = max(0, start - 90)
    window = text[lo:start]
    tail = _SO_TAIL.search(window)
    cut = tail.start() if tail else len(window)
    heads = list(_TITLE_HEAD.finditer(window, 0, cut))
    if not heads:
        return None
    h = heads[-1]
    phrase = window[h.start():cut].strip()
    if not regex.fullmatch(r"[\p{L} ]+", phrase) or len(phrase.split()) <= len(h.group().split()):
        return None  # only the type word ("Nghị định 15/2020/NĐ-CP"): no name
    return phrase


def _link(doc: Doc, start: int, end: int, value: DocumentValue, dates: Sequence[Fact]) -> None:
    """Signing date and programme period from the date facts of the same sentence."""
    text = doc.text
    sent = doc.sentence_at(start)
    s1 = sent.end if sent else min(len(text), end + 300)
    for f in dates[bisect_left(dates, end, key=lambda f: f.start):]:
        if f.start >= s1:
            break
        v = f.value
        if value.signed is None and f.text[:4].lower() == "ngày" and v.grain == "day" \
                and v.start == v.end and v.start is not None \
                and _SIGNED_GAP.fullmatch(text[end:f.start]):
            value.signed = v.start
        elif value.period is None and v.start and v.end and v.start.year != v.end.year \
                and v.grain == "year":
            value.period = Period(start=v.start, end=v.end)
    value.title = _title(text, start)


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    text = doc.text
    dates = sorted(prior.get("date", ()), key=lambda f: f.start)
    out: list[Fact] = []
    for m in _DOC.finditer(text):
        parsed = parse_code(m)
        if parsed is None:
            continue
        end, value = parsed
        _link(doc, m.start(), end, value, dates)
        out.append(Fact.at(text, "document", m.start(), end, value,
                           "party" if m.group("ptype") else "normative" if m.group("year") else "admin"))
    return out


# ---------------------------------------------------------------- the kind's contract
# The value model and the spec every other module reads this kind through (pipeline.types).


class DocumentValue(Value):
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


def _problems(v: DocumentValue) -> list[str]:
    if not v.code or any(c.isspace() for c in v.code):
        return [f"document code {v.code!r} must be non-empty, without spaces"]
    return []


SPEC = register(KindSpec(
    name=KIND, value_model=DocumentValue, extract=extract, requires=REQUIRES,
    key=lambda v: ("".join(v["code"].split()),),
    guideline_fields=("code", "number", "year", "doc_type", "issuers"),
    record_fields=("code", "doc_type", "issuers", "signed"),
    view="documents",
    view_columns=(
        ("code", "$.code", 'Canonical code, spaces removed, dashes unified ("5115/CTr-BTTTT-BTLBP")'),
        ("number", "$.number", "Number as written, leading zeros kept"),
        ("year", "$.year", "Year in the code, if any"),
        ("doc_type", "$.doc_type", 'Type code ("CTr", "NĐ"); null for công văn'),
        ("doc_type_name", "$.doc_type_name", "Full name of the type"),
        ("issuers", "$.issuers", "Issuer codes as written (JSON list)"),
        ("issuers_expanded", "$.issuers_expanded", "Issuer names, same order (JSON list; null = unknown)"),
        ("title", "$.title", "Programme/document name when the sentence gives it"),
        ("signed", "$.signed", "Signing date (ISO)"),
        ("period_start", "$.period.start", "Period the document covers: start (ISO)"),
        ("period_end", "$.period.end", "Period: end (ISO, inclusive)"),
        ("reference_status", "$.reference_status", "verified | corpus | unverified: how far the reference row behind the value is backed (docs/data.md)"),
    ),
    validate=_problems, summary=lambda v: v["code"],
    colour="black on bright_cyan", label="Numbered document references (GUIDELINES.md §3.1)",
))

"""`border_gate` facts (GUIDELINES.md §3.4, §5): named border crossings, resolved against
the gazetteer extractors/data/border_gates.csv.

Matching runs over a *key* copy of the stored text (unified tones, lowercased) that has the
same length, so key offsets are text offsets. One compiled pattern finds a trigger
("cửa khẩu [quốc tế|chính|phụ] [đường bộ|đường sắt] [số II]", "CKQT", "CK", "lối mở",
"lối thông quan") followed by a gazetteer alias, or by a capitalised name the gazetteer
lacks. List members and the foreign side of a pair ("Lào Cai – Hà Khẩu") follow the first
name; bare names count once the article has spoken of that gate. Span rules are in
docs/guidelines.md, "Border gates: decided cases".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, get_args

import regex
from pydantic import BeforeValidator, Field
from vnfacts.extractors.lexicon import (
    DATA,
    MERGER,
    OptStr,
    Pipe,
    Provenance,
    Status,
    YesNo,
    alternation,
    load_table,
    norm_key,
    offset_key,
    provinces,
    weakest,
)
from vnfacts.pipeline.types import Doc, Fact, KindSpec, ReferenceStatus, Value, register

KIND = "border_gate"
REQUIRES: tuple[str, ...] = ()

GATES_CSV = DATA / "border_gates.csv"  # the shipped table ($VNFACTS_DATA may override it)
__all__ = ["MERGER", "Gate", "GATES", "ALIASES", "lookup", "load_gates", "extract"]
GateClass = Literal["quốc tế", "chính", "phụ", "lối mở", "lối thông quan"]
CLASSES: tuple[str, ...] = get_args(GateClass)


class Gate(Provenance):
    """One gazetteer row (see extractors/data/border_gates.csv and docs/data.md)."""

    id: str
    name: str
    aliases: Pipe
    class_: Annotated[GateClass | None, BeforeValidator(lambda v: v or None)] = Field(alias="class")
    mode: Literal["road", "rail", "river"]
    province: OptStr = None
    province_after_2025: OptStr = None
    country: Literal["Trung Quốc", "Lào", "Campuchia"]
    side: Literal["vn", "foreign"]
    counterpart: str = ""
    bare: YesNo = False  # may be matched without a trigger once the article spoke of it
    homonym: str = ""
    note: str = ""

    def province_on(self, day: dt.date | None) -> str | None:
        if day is not None and day >= MERGER:
            return self.province_after_2025 or self.province
        return self.province

    def reference_status(self, day: dt.date | None) -> Status:
        """How far the sources back the fields a fact reports (name, class, province)."""
        prov = "province_after_2025" if day is not None and day >= MERGER else "province"
        return weakest(self.status_of(f) for f in ("name", "class", prov)) or self.status


def load_gates(path: str | Path = "border_gates.csv") -> dict[str, Gate]:
    return {g.id: g for g in load_table(path, Gate)}


GATES = load_gates()
# Province names a gate name may also be ("cửa khẩu Lào Cai" vs "khu vực cửa khẩu Lào Cai").
PROVINCE_KEYS = frozenset(norm_key(f) for p in provinces() for f in (p.name, *p.variants))

#: alias key → ids of the gates it names (several for homonyms and rail/road twins)
ALIASES: dict[str, tuple[str, ...]] = {}
for _g in GATES.values():
    for _a in _g.aliases:
        _k = norm_key(_a)
        if _g.id not in ALIASES.get(_k, ()):
            ALIASES[_k] = (*ALIASES.get(_k, ()), _g.id)


def lookup(name: str) -> list[Gate]:
    """Gates a name (any tone convention or case) may refer to."""
    return [GATES[i] for i in ALIASES.get(norm_key(name), ())]


# ---------------------------------------------------------------- patterns (compiled once)

_SP = r"[ \t\u00a0]+"
_END = r"(?![\p{L}\p{N}])"


def _alt(keys: Sequence[str]) -> str:
    # Longest first, so "hữu nghị quan" wins over "hữu nghị".
    return alternation(keys, space=_SP)


_NAMES = _alt(list(ALIASES))
_MODS = (r"quốc[ ]t[ếể]|qt|chính|phụ|song[ ]phương|quốc[ ]gia|đường[ ]bộ|đường[ ]sắt|đường[ ]sông"
         r"|số[ ](?:ii|i|2|1)|liên[ ]vận(?:[ ]quốc[ ]tế)?|ga(?:[ ]đường[ ]sắt)?")
# "cửa khẩu" with any tone on either syllable: news misspell it ("cừa khẩu", "của khẩu",
# "cửa khẫu") and GUIDELINES.md §6 counts those.
_CUA = "c[uùúủũụưừứửữự]a"
_KHAU = "kh[âầấẩẫậ]u"
_TRIGGER = (rf"(?P<trig>(?<![\p{{L}}])(?:{_CUA}{_SP}{_KHAU}(?:{_SP}(?:{_MODS})){{0,5}}|ckqt|(?:hq)?ck(?:{_SP}(?:{_MODS})){{0,3}}"
            rf"|lối{_SP}mở|lối{_SP}thông{_SP}quan))")
# A known name, or up to four words to test as a name the gazetteer lacks.
_MAIN = regex.compile(
    rf"{_TRIGGER}(?:{_SP}|[ \t\u00a0]*:[ \t\u00a0]*|(?P<paren>[ \t\u00a0]*\([ \t\u00a0]*))(?:(?P<name>{_NAMES}){_END}|(?P<unk>\p{{L}}+(?:{_SP}\p{{L}}+){{0,3}}))",
    regex.V1,
)
# "các cửa khẩu lớn ở Cao Bằng như Tà Lùng, Trà Lĩnh": names introduced by "như".
_NHU = regex.compile(rf"[^.;:!?\n]{{0,50}}?(?<!\p{{L}})như:?{_SP}(?P<name>{_NAMES}){_END}", regex.V1)
# After a name: an optional parenthesis, then a list or pair separator and a known name.
_CONT = regex.compile(
    rf"[ \t\u00a0]*(?:\([^()\n]{{1,40}}\)[ \t\u00a0]*)?(?P<sep>,|;|và|[-–—/])[ \t\u00a0]*"
    rf"(?:(?P<pre>ga|{_CUA}{_SP}{_KHAU}|ck)(?:{_SP}(?:{_MODS})){{0,4}}{_SP})?(?P<name>{_NAMES}){_END}",
    regex.V1,
)
_BARE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?P<name>{_alt([norm_key(a) for g in GATES.values() if g.bare for a in g.aliases])}){_END}",
    regex.V1,
)
# Words before a bare name that make it a place or an organisation, not the gate (§5:
# "Hải quan Hoành Mô" is not a mention).
_NOT_BARE_BEFORE = regex.compile(
    r"(?:xã|phường|thị[ ]trấn|thị[ ]xã|huyện|thành[ ]phố|tp\.?|tỉnh|đồn(?:[ ]\d+)?|biên[ ]phòng|biên[ ]giới|chốt|định[ ]cư|bp|bđbp|trạm"
    r"|hải[ ]quan|chi[ ]cục|khu[ ]kinh[ ]tế|kkt|ga|cầu|sông|suối|bản|thôn|đội|ban|trường|chợ"
    r"|đường|quốc[ ]lộ|núi|đèo|huân[ ]chương|hội|cụm|khu|làng|mốc"
    # a road or zone named for the gate is not the gate (GUIDELINES.md §6): "cao tốc Hữu
    # Nghị - Chi Lăng", "Khu công nghiệp Mộc Bài", "dự án cao tốc Đồng Đăng – Trà Lĩnh"
    r"|cao[ ]tốc|tuyến|công[ ]nghiệp|kcn|đô[ ]thị|thương[ ]mại"
    r"|(?:cao[ ]tốc|quốc[ ]lộ|đường|tuyến)[ \t\u00a0]+(?:\p{L}+[ \t\u00a0]+){1,3}[-–—][ \t\u00a0]*"
    r")[ \t\u00a0]*$",
    regex.V1,
)
# After a name inside parentheses: another list member follows.
_LIST_NEXT = regex.compile(r"[ \t\u00a0]*(?:,|;|và(?![\p{L}]))", regex.V1)
_PLAIN_CUA_KHAU = regex.compile(rf"{_CUA}{_SP}{_KHAU}", regex.V1)
# Before a plain "cửa khẩu" + province name, these make it the province's gates or zone
# ("khu vực cửa khẩu Lào Cai", "KKT cửa khẩu Lào Cai"), not the gate named Lào Cai.
_AREA_BEFORE = regex.compile(
    r"(?:khu[ ]vực|kkt|khu[ ]kinh[ ]tế|các|những|\d+)[ \t\u00a0]*$", regex.V1)
_WORD = regex.compile(r"\p{L}+", regex.V1)
_RAIL = regex.compile(r"(?<!\p{L})(?:đường[ \t\u00a0]+sắt|ga)(?!\p{L})", regex.V1)
_PLURAL_BEFORE = regex.compile(
    r"(?:các|những|cặp|hai|ba|bốn|năm|sáu|bảy|tám|\d+)[ \t\u00a0]+$", regex.V1)
# One Vietnamese syllable, loosely: foreign names ("Torkham", "Chaman") fail it.
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?",
    regex.V1,
)
# Capitalised words after "cửa khẩu" that are not a gate's name.
_NOT_NAMES = frozenset({
    "cảng", "sân", "sân bay", "ga", "hàng", "việt nam", "trung quốc", "lào", "campuchia",
    "tây nguyên", "tây nam", "tây bắc", "đông bắc", "bắc bộ", "nam bộ", "quốc", "biên",
    "hải", "biên giới", "cục", "chi", "đồn", "ban", "khu", "bộ", "nhà", "thái lan",
})

_SURNAMES = frozenset({
    "nguyễn", "trần", "lê", "phạm", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "ngô", "dương", "lương", "triệu", "nông", "lục", "hà", "đàm", "lã",
})

_STATED: dict[str, GateClass] = {
    "quốc tế": "quốc tế", "quốc tể": "quốc tế", "qt": "quốc tế", "ckqt": "quốc tế",
    "chính": "chính", "song phương": "chính", "quốc gia": "chính", "phụ": "phụ",
    "lối mở": "lối mở", "lối thông quan": "lối thông quan",
}
_STATED_RE = regex.compile(
    r"(?<![\p{L}])(?:ckqt|quốc[ ]t[ếể]|qt|chính|song[ ]phương|quốc[ ]gia|phụ|lối[ ]mở"
    r"|lối[ ]thông[ ]quan)(?![\p{L}])", regex.V1)


def _stated_class(trigger_key: str) -> GateClass | None:
    m = _STATED_RE.search(" ".join(trigger_key.split()))
    return _STATED[m.group(0)] if m else None


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


@dataclass(slots=True)
class _Ctx:
    doc_text: str
    key: str
    day: dt.date | None


def _province_hits(ctx: _Ctx, gate: Gate, lo: int, hi: int) -> int:
    names = {p for p in (gate.province, gate.province_after_2025) if p}
    window = ctx.key[max(lo, 0):hi]
    return sum(window.count(norm_key(p)) for p in names)


def _resolve(ctx: _Ctx, ids: Sequence[str], trig_key: str, stated: GateClass | None,
             at: int) -> list[Gate]:
    """Narrow a name's candidates: mode from the trigger, the stated class, then the province
    the article names (near the mention first, then anywhere). More than one left: ambiguous."""
    cands = [GATES[i] for i in ids]
    if len(cands) > 1:
        rail = _RAIL.search(trig_key) is not None
        by_mode = [g for g in cands if (g.mode == "rail") == bool(rail)]
        cands = by_mode or cands
    if len(cands) > 1 and stated:
        by_class = [g for g in cands if g.class_ == stated]
        cands = by_class or cands
    for lo, hi in ((at - 300, at + 300), (0, len(ctx.key))):
        if len(cands) <= 1:
            break
        hits = [g for g in cands if _province_hits(ctx, g, lo, hi)]
        if len(hits) == 1:
            cands = hits
    return cands


def _value(ctx: _Ctx, name_text: str, cands: Sequence[Gate], stated: GateClass | None
           ) -> BorderGateValue:
    if len(cands) == 1:
        g = cands[0]
        return BorderGateValue(name=g.name, class_=stated or g.class_, province=g.province_on(ctx.day),
                               country=g.country, gazetteer_id=g.id,
                               reference_status=g.reference_status(ctx.day))
    if not cands:  # a named gate the list lacks: as written, so a steward sees it
        return BorderGateValue(name=" ".join(name_text.split()), class_=stated)
    one = {g.name for g in cands}
    countries = {g.country for g in cands}
    return BorderGateValue(
        name=cands[0].name if len(one) == 1 else " ".join(name_text.split()),
        class_=stated, country=countries.pop() if len(countries) == 1 else None,
        ambiguous=sorted(g.id for g in cands))


def _unknown_name(ctx: _Ctx, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised words starting at `start` (at most `end`), when they look like a
    Vietnamese place name; None otherwise."""
    words = list(_WORD.finditer(ctx.doc_text, start, end))
    run = []
    for w in words:
        if not _is_capitalised(w.group(0)) or (run and norm_key(w.group(0)) in _SURNAMES):
            break  # "cửa khẩu Pò Hèn Nguyễn Văn A": a person follows the name
        run.append(w)
    if len(run) < 2:  # one-word unknowns are mostly foreign ("Torkham") or generic
        return None
    s, e = run[0].start(), run[-1].end()
    k = norm_key(ctx.doc_text[s:e])
    first = k.split()[0]
    if k in _NOT_NAMES or first in _NOT_NAMES or k in PROVINCE_KEYS:
        return None
    if not all(_SYLLABLE.fullmatch(w) for w in k.split()):
        return None
    return s, e


# Cheap pre-check on the raw text: most articles name no gate, and building the key is the
# costly part.
_ANY_TRIGGER = regex.compile(rf"(?i){_CUA}[ \t\u00a0]+{_KHAU}|ck|lối[ \t\u00a0]+(?:mở|thông)", regex.V1)


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    text = doc.text
    if _ANY_TRIGGER.search(text) is None:
        return []
    ctx = _Ctx(text, offset_key(text), doc.published)
    key = ctx.key
    facts: list[Fact] = []
    spoken: dict[str, Gate] = {}  # resolved gates mentioned with a trigger so far
    covered = bytearray(len(text))  # 1 where a fact already spans the text

    def add(s: int, e: int, value: BorderGateValue, rule: str, conf: float) -> None:
        facts.append(Fact.at(text, KIND, s, e, value, rule, conf))
        covered[s:e] = b"\x01" * (e - s)

    pos = 0
    while (m := _MAIN.search(key, pos)) is not None:
        pos = m.end()
        trig = m.group("trig")
        ts = m.start("trig")
        if trig.startswith(("ck", "hqck")) and not text[ts:ts + trig.index("ck") + 2].isupper():
            pos = m.start() + 1
            continue
        stated = _stated_class(trig)
        rule = ("ckqt" if trig.startswith("ckqt") else "ck_abbr" if "ck" in trig[:4]
                else "loi_thong_quan" if trig.startswith("lối thông") else
                "loi_mo" if trig.startswith("lối mở") else "cua_khau")
        plural = bool(_PLURAL_BEFORE.search(key[max(0, ts - 20):ts]))
        # "3 cửa khẩu phụ (Bình Nghi, Na Hình, Nà Nưa)": a list in parentheses, one fact per
        # gate (GUIDELINES.md §6), each spanning its name.
        paren_list = bool(m.group("paren") and m.group("name") is not None
                          and _LIST_NEXT.match(key, m.end("name")))
        if m.group("name") is None or (m.group("paren") and not paren_list
                                       and not key.startswith(")", m.end("name"))):
            nhu = _NHU.match(key, m.end("trig"))
            if nhu is not None and _is_capitalised(text[nhu.start("name"):nhu.end("name")]):
                ns, ne = nhu.span("name")
                span_at, rule, plural = ns, "list", True
            elif m.group("unk") is not None and not m.group("paren"):
                span = _unknown_name(ctx, m.start("unk"), m.end("unk"))
                if span is None:
                    pos = m.end("trig")
                    continue
                add(ts, span[1], _value(ctx, text[span[0]:span[1]], [], stated),
                    rule + "+unlisted", 0.6)
                pos = span[1]
                continue
            else:
                pos = m.end("trig")
                continue
        else:
            ns, ne = m.span("name")
            span_at = ns if paren_list else ts
            plural = plural or paren_list
            if (norm_key(key[ns:ne]) in PROVINCE_KEYS and _PLAIN_CUA_KHAU.fullmatch(trig)
                    and _AREA_BEFORE.search(key[max(0, ts - 20):ts])):
                continue
        cands = _resolve(ctx, ALIASES[norm_key(key[ns:ne])], trig, stated, ns)
        value = _value(ctx, text[ns:ne], cands, stated)
        span_end = ne + 1 if m.group("paren") and span_at == ts else ne
        add(span_at, span_end, value, rule + ("+ambiguous" if value.ambiguous else ""),
            0.5 if value.ambiguous else 0.95)
        pos = span_end
        if len(cands) == 1:
            spoken.setdefault(cands[0].id, cands[0])
        prev_side = cands[0].side if len(cands) == 1 else "vn"
        # List members and the foreign side of a pair: the name only.
        while (c := _CONT.match(key, pos)) is not None:
            cs, ce = c.span("name")
            ids = ALIASES[norm_key(c.group("name"))]
            sep = c.group("sep")
            is_province = norm_key(c.group("name")) in PROVINCE_KEYS
            if is_province and sep != "và" and not plural:
                break  # "Kim Thành, Lào Cai": the province, not a second gate
            if not _is_capitalised(text[cs:ce]):
                break
            pair = sep in "-–—/"
            ctrig, cstated, span_at, crule = trig, stated, cs, "pair" if pair else "list"
            pre = c.group("pre")
            if pre is not None and pre != "ga":  # "… và cửa khẩu Mộc Bài": its own trigger
                if pre == "ck" and not text[c.start("pre"):c.start("pre") + 2].isupper():
                    break
                ctrig = key[c.start("pre"):cs]
                cstated, span_at, crule = _stated_class(ctrig), c.start("pre"), rule
            ccands = _resolve(ctx, ids, ctrig, cstated, cs)
            if pair and prev_side == "vn" and any(g.side == "foreign" for g in ccands):
                ccands = [g for g in ccands if g.side == "foreign"]
            cvalue = _value(ctx, text[cs:ce], ccands, cstated)
            add(span_at, ce, cvalue, crule + ("+ambiguous" if cvalue.ambiguous else ""),
                0.5 if cvalue.ambiguous else 0.9)
            if len(ccands) == 1:
                spoken.setdefault(ccands[0].id, ccands[0])
            pos = ce

    # Bare names of gates the article has already spoken of (after that first mention).
    first_at: dict[str, int] = {}
    for f in facts:
        gid = f.value.gazetteer_id  # type: ignore[union-attr]
        if gid is not None:
            first_at.setdefault(gid, f.start)
    for b in (_BARE.finditer(key) if any(g.bare for g in spoken.values()) else ()):
        bs, be = b.span("name")
        if covered[bs] or covered[be - 1]:
            continue
        ids = [i for i in ALIASES[norm_key(b.group("name"))] if i in spoken and first_at[i] < bs]
        if len(ids) != 1 or not GATES[ids[0]].bare:
            continue
        if not all(_is_capitalised(w) for w in text[bs:be].split()):
            continue
        if _NOT_BARE_BEFORE.search(key[max(0, bs - 30):bs]):
            continue
        add(bs, be, _value(ctx, text[bs:be], [GATES[ids[0]]], None), "bare", 0.8)

    facts.sort(key=lambda f: (f.start, f.end))
    return facts


# ---------------------------------------------------------------- the kind's contract
# The value model and the spec every other module reads this kind through (pipeline.types).


class BorderGateValue(Value):
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


def _problems(v: BorderGateValue) -> list[str]:
    return [] if v.name.strip() else ["border_gate name is empty"]


SPEC = register(KindSpec(
    name=KIND, value_model=BorderGateValue, extract=extract, requires=REQUIRES,
    key=lambda v: (norm_key(v["name"]),),
    guideline_fields=("name", "class", "province", "country"),
    record_fields=("name", "class", "province", "country"),
    view="border_gates",
    view_columns=(
        ("name", "$.name", "Canonical gate name (gazetteer)"),
        ("class", "$.class", "quốc tế | chính | phụ | lối mở | lối thông quan"),
        ("province", "$.province", "Vietnamese province"),
        ("country", "$.country", "Neighbour country"),
        ("gazetteer_id", "$.gazetteer_id", "Id in the gate gazetteer; null when unknown"),
        ("ambiguous", "$.ambiguous", "Candidate gazetteer ids when unresolved (JSON list)"),
        ("reference_status", "$.reference_status", "verified | corpus | unverified: how far the reference row behind the value is backed (docs/data.md)"),
    ),
    validate=_problems,
    summary=lambda v: " · ".join(b for b in (v["name"], v.get("class"), v.get("province")) if b),
    colour="black on bright_magenta", label="Named border crossings (GUIDELINES.md §3.4)",
))

"""`official` facts (GUIDELINES.md §3.3): a named person presented with a rank, title or party role.

Regex + gazetteer over the stored text, compiled once at import from extractors/data/
(ranks.csv, titles.csv, org_abbrevs.csv, official_surnames.csv, official_provinces.csv,
official_countries.csv, official_nonperson.csv); no NER, no POS. Names are capitalised runs
that start with a family name (or, for foreign officials, plain-Latin words Vietnamese cannot
spell); titles and ranks are matched tone-blind, so "Chính uỷ" and the typo "Phó Chỉnh ủy"
find their entry in the title list. Three passes:

1. *introductions*, the orders of §3.3:
   - cue + name + chain: "Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy BĐBP",
     "đồng chí Hồ Khánh Quang, Giám đốc Sở …", "Nguyễn Chí Quang, TUV, Phó Trưởng Ban …"
     (rule ``name_title``; ``rank_name`` when only a rank is written);
   - title + organization + name: "Giám đốc Sở TT&TT tỉnh Lạng Sơn Nguyễn Khắc Lịch"
     (rule ``title_name``);
2. every later full-name mention of a known person ("ông Hà Đức Thuận", "Lương Văn Sơn")
   (rule ``repeat``);
3. short mentions, cue + given name ("ông Thuận", "Đại tá Sơn", "bà Vân"): span on the given
   name, value the full person (rule ``short``).

Every fact of one person carries the same value: the fields merged over all its
introductions in text order (first non-null wins; roles are unioned).
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
from pydantic import Field
from vnfacts.extractors.lexicon import read_csv
from vnfacts.pipeline.text import norm_key, tone_key, unify_tones
from vnfacts.pipeline.types import Doc, Fact, KindSpec, Value, register

KIND = "official"
REQUIRES: tuple[str, ...] = ()

DATA = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------- keys and tone-blind patterns

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=65536)
def _char_class(c: str) -> str:
    """A regex class matching `c` with any tone mark (or none)."""
    d = unicodedata.normalize("NFD", c.lower())
    base = unicodedata.normalize("NFC", "".join(x for x in d if x not in _TONE_MARKS))
    if len(base) != 1 or base not in "aăâeêioôơuưy":
        return regex.escape(c)
    variants = {base} | {unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + m)
                         for m in _TONE_MARKS}
    return "[" + "".join(sorted(variants)) + "]"


@lru_cache(maxsize=512)
def _char_pat(c: str, tone_blind: bool) -> str:
    if c == " ":
        return r"[ \u00A0]+"
    if not tone_blind:
        return regex.escape(c)
    cls = _char_class(c)
    if cls.startswith("["):
        return "[" + cls[1:-1] + cls[1:-1].upper() + "]"
    return "[" + regex.escape(c.lower()) + regex.escape(c.upper()) + "]" if c.isalpha() else cls


def trie_pattern(phrases: list[str], tone_blind: bool = True) -> str:
    """One regex for many phrases, factored as a character trie so that a position that
    cannot start any phrase fails on its first character (a flat alternation tries every
    branch). Tone-blind phrases match any tone and either case."""
    trie: dict = {}
    for ph in phrases:
        node = trie
        for c in (tone_key(ph) if tone_blind else ph):
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        end = "" in node
        for c in sorted(k for k in node if k):
            alts.append(_char_pat(c, tone_blind) + emit(node[c]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # longest first: the optional tail is greedy, so "Phó Chính ủy" wins over "Phó"
        return f"(?:{body})?" if end else body

    return emit(trie)


def _read(name: str) -> list[dict[str, str]]:
    return [r for _, r in read_csv(DATA / name)[1]]


def _split(v: str) -> list[str]:
    return [x.strip() for x in v.split("|") if x.strip()]


# ---------------------------------------------------------------- reference data

RANKS: dict[str, str] = {}  # tone_key(variant) -> canonical rank
for _r in _read("ranks.csv"):
    for _v in [_r["rank"], *_split(_r["variants"])]:
        RANKS[tone_key(_v)] = _r["rank"]


@dataclass(frozen=True, slots=True)
class _Title:
    title: str
    kind: str  # head | role | after (a post only when written after the name: "cán bộ")
    unit: str  # the unit noun the title embeds ("Ban" in "Trưởng ban"), or ""
    party_fold: bool


TITLES: dict[str, _Title] = {}  # tone_key -> title; the first row wins a tone-blind clash
TITLES_EXACT: dict[str, _Title] = {}  # norm_key -> title ("Trưởng ban" vs "Trưởng bản")
for _r in _read("titles.csv"):
    _t = _Title(_r["title"], _r["kind"], _r["unit"], _r["party_fold"] == "yes")
    for _v in [_r["title"], *_split(_r["variants"])]:
        TITLES.setdefault(tone_key(_v), _t)
        TITLES_EXACT[norm_key(_v)] = _t

ORG_ABBREVS: dict[str, str] = {r["abbr"]: r["expansion"] for r in _read("org_abbrevs.csv")}
SURNAMES: frozenset[str] = frozenset(r["surname"] for r in _read("official_surnames.csv"))
PROVINCES: dict[str, str] = {}
for _r in _read("official_provinces.csv"):
    for _v in [_r["province"], *_split(_r["variants"])]:
        PROVINCES[tone_key(_v)] = _r["province"]
NONPERSON: frozenset[str] = frozenset(tone_key(r["phrase"]) for r in _read("official_nonperson.csv"))
COUNTRIES: frozenset[str] = frozenset(tone_key(r["country"]) for r in _read("official_countries.csv"))
#: places a name candidate may start with ("tỉnh Quảng Ninh Vũ Văn Diện", "Thủ tướng Malaysia
#: Anwar Ibrahim"): moved to the organization
PLACES: frozenset[str] = frozenset(PROVINCES) | COUNTRIES
#: clause words, place words … (official_words.csv): list name -> words
_WORDS: dict[str, frozenset[str]] = {}
for _r in _read("official_words.csv"):
    _WORDS[_r["list"]] = _WORDS.get(_r["list"], frozenset()) | {_r["word"]}

# ---------------------------------------------------------------- compiled patterns

_SP = r"[ \u00A0]+"
# a lost space: a capitalised word glued to the end of the previous one ("Huế,Phó hiệu
# trưởngTrường …", "xãVạn TườngLữ Thế Lâm"); a lookahead at the end of a word
_GLUE = r"(?=\p{Lu}\p{Ll})"
_GLUE_SPLIT_RE = regex.compile(r"(?<=\p{L})(?=\p{Lu}\p{Ll})")
# a capitalised syllable ("Nguyễn", "A"; Ê Đê / Gia Rai "H’Vi")
_CAPW = r"(?:H[’'])?\p{Lu}[\p{Ll}\p{M}]{0,13}"
_SURNAME = trie_pattern(sorted(SURNAMES), tone_blind=False)
# A strict name starts with a family name; a loose one only needs capitals (after a strong cue).
_NAME_STRICT = rf"(?:{_SURNAME}|H[’']\p{{Lu}}[\p{{Ll}}\p{{M}}]{{0,7}})(?:{_SP}{_CAPW}){{1,3}}"
# Names are an open set (GUIDELINES.md §6): a family name missing from the list is still a
# name when a middle name follows it ("Lò Văn Pọm", "Sùng A Hồ"), but not in common nouns
# written in title case ("Sở Văn Hóa", "Thị Xã")
_MIDDLES = _WORDS["name_middle"]
_NOT_MIDDLE_RE = regex.compile(r"(?:Văn (?:Hóa|Hoá|Học|Phòng|Nghệ|Bản|Miếu|Thư|Kiện)|Thị (?:Xã|Trấn|Trường))\b")
_NAME_OPEN = (rf"(?!(?:{_SURNAME}){_SP})(?!\p{{Lu}}+[ ])(?:{_CAPW}){_SP}(?!{_NOT_MIDDLE_RE.pattern})"
              rf"(?:{'|'.join(sorted(_MIDDLES))})(?:{_SP}{_CAPW}){{1,2}}")
# a foreign name: 2-3 capitalised words of plain Latin letters ("Donald Trump", "Hun Manet")
_NAME_FOREIGN = r"[A-Z][a-z'-]{1,13}(?:[ ][A-Z][a-z'-]{1,13}){1,2}"
_NAME_END = rf"(?![\p{{L}}\p{{M}}])(?!{_SP}\p{{Lu}})"  # the capitalised run ends here

_RANK_ALTS = trie_pattern(sorted(RANKS))
_STRONG_HON = r"[Đđ]ồng[ \u00A0]+chí|[Đđ]/[Cc]"
_WEAK_HON = r"[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị"
_CUE = rf"(?:{_STRONG_HON}|{_WEAK_HON}|(?:{_RANK_ALTS}))"

RANK_RE = regex.compile(rf"(?:{_RANK_ALTS})(?![\p{{L}}\p{{M}}])")
STRONG_HON_RE = regex.compile(_STRONG_HON)
_THUONG_TRUC = rf"(?:{_SP}{trie_pattern(['thường trực'])})"
TITLE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:(?P<q>[Qq]uyền|[Nn]guyên){_SP})?"
    rf"(?P<t>{trie_pattern(sorted(TITLES))})"
    rf"(?P<tt>{_THUONG_TRUC})?(?:(?![\p{{L}}\p{{M}}])|{_GLUE})"
)
TOKEN_RE = regex.compile(
    r"TP\.(?=[ \u00A0]+\p{Lu})|"  # "UBND TP. Vinh": the abbreviation's dot ends nothing
    r"\p{L}[\p{L}\p{M}\p{N}]*(?:[&./'’-]\p{L}[\p{L}\p{M}\p{N}]*)*|\p{N}+(?:[.,/]\p{N}+)*|\S"
)
_PARTY_COMMITTEE_RE = regex.compile(
    r"(?i:(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)[ ]ủy|Trung[ ]ương(?:[ ]Đảng)?|Chi[ ]bộ)(?![\p{L}\p{M}])"
)
# multi-word rows of org_abbrevs.csv are casing/tone fixes ("Bộ chỉ huy" → "Bộ Chỉ huy")
_CASING_RE = regex.compile(
    "|".join(regex.escape(a) for a in sorted(ORG_ABBREVS, key=len, reverse=True) if " " in a)
)
ABBR_RE = regex.compile(
    r"(?<![\p{L}\p{M}&])(?:"
    + "|".join(regex.escape(a) for a in sorted(ORG_ABBREVS, key=len, reverse=True))
    # "Sở GD-ĐTCà Mau": an acronym glued to the next capitalised word still ends there
    + r")(?:(?![\p{L}\p{M}&])|(?=\p{Lu}\p{Ll}))"
)
# exact spelling (tones unified) on the canonical organization: tone-blind would take "Huệ" for "Huế"
_PROVINCE_FORMS = {unify_tones(v): r["province"] for r in _read("official_provinces.csv")
                   for v in [r["province"], *_split(r["variants"])]}
PROVINCE_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:" + trie_pattern(sorted(_PROVINCE_FORMS), tone_blind=False)
    + r")(?![\p{L}\p{M}])"
)
# Words that end an organization: verbs and prepositions of the clause around the person.
_STOP = _WORDS["stop"]
# lowercase bigrams inside organization names whose first word is otherwise a clause verb
_KEEP2 = _WORDS["keep2"]
_DELIM = frozenset(",;:.!?()[]\"“”‘’…–—-/|+*=<>«»")
_PLACE_WORDS = _WORDS["place"]
# "Cục Cảnh sát phòng chống tội phạm về môi trường": a stop word that continues a phrase
_KEEP3 = _WORDS["keep3"]
# "Cục Phòng, chống ma túy": a comma inside an organization name (the words either side)
_COMMA_PAIRS = frozenset(tuple(tone_key(x) for x in w.split("|")) for w in _WORDS["comma_pair"])


# lowercase words after an organization's head that end its descriptive part: a place word
# names a place next, a clause word ends the organization
_NOT_AFTER_HEAD = (r"(?:xã|phường|huyện|quận|tỉnh|thị|thành|thôn|xóm|ấp|bản|và|của|cùng|với|"
                   r"là|do|cho|tại|ông|bà|đồng)(?![\p{L}\p{M}])")


def _cased(words: frozenset[str]) -> list[str]:
    """Each word as listed and, for a head of two words or more ("công ty"), with its first
    letter in the other case; a one-word head only capitalised ("Quốc hội", "Môi trường" are
    no "Hội", "Trường")."""
    out = set(words)
    for w in words:
        if " " in w:
            out.add(w[0].swapcase() + w[1:])
    return sorted(out)


# An organization's head noun (+ legal form / school level) right before a capitalised run:
# the run names the organization ("Công ty TNHH Pouchen Việt Nam", "Trường THCS Hoàng Hoa
# Thám", "Sở Y Tế"), never a person (GUIDELINES.md §6)
_ORG_HEAD_BEFORE_RE = regex.compile(
    # matched in reverse from the name: only a match that ends right before it counts, and a
    # forward search would try every start position of the window
    # ("Quốc Hội", "Thượng Viện" are no "Hội", "Viện")
    r"(?r)(?:(?<![\p{L}\p{M}])(?<!(?:Quốc|Thượng|Hạ)[ \u00A0])|(?<=\p{Ll})(?=\p{Lu}))(?:" + trie_pattern(_cased(_WORDS["org_head"]), tone_blind=False) + r")"
    r"(?:[ \u00A0]+(?:" + trie_pattern(_cased(_WORDS["org_form"]), tone_blind=False)
    + r"|\p{Lu}{2,}|(?!" + _NOT_AFTER_HEAD + r")\p{Ll}[\p{Ll}\p{M}]*)){0,8}[ \u00A0]+$"
)
# … and a two-word name after capitalised words of such a name ("Công ty Than Hà Lầm")
_ORG_HEAD_LOOSE_RE = regex.compile(
    _ORG_HEAD_BEFORE_RE.pattern.replace(r"|\p{Lu}{2,}|", r"|\p{Lu}{2,}|\p{Lu}[\p{Ll}\p{M}]*|", 1)
)


def _unit_name_at(text: str, start: int, name: str) -> bool:
    """Whether the name at `start` belongs to an organization's name (see above)."""
    lo = max(0, start - 80)
    return bool(_ORG_HEAD_BEFORE_RE.search(text, lo, start)
                or (len(name.split()) == 2 and _ORG_HEAD_LOOSE_RE.search(text, lo, start)))


# A parenthesis that names a parent unit or the place of the organization before it:
# "Đội Kiểm soát Hải quan (Chi cục Hải quan khu vực VIII)", "Công an xã Phước An (huyện Tuy
# Phước)" — part of the organization, as written
_ORG_HEAD_KEYS = frozenset(tone_key(w) for w in _WORDS["org_head"])
_PAREN_UNIT_RE = regex.compile(
    r"\([ \u00A0]*(?:" + trie_pattern(sorted(_WORDS["paren_unit"]), tone_blind=False)
    + r")(?![\p{L}\p{M}])[^()\n]{0,80}\)"
    + r"|\([ \u00A0]*(?:" + PROVINCE_RE.pattern + r")[ \u00A0]*\)"  # "(Sóc Trăng)"
)
# Lines that are a byline, a source or a footer (GUIDELINES.md §1) carry no officials.
_NOT_BODY_LINE_RE = regex.compile(
    r"(?i)^\s*(?:chịu trách nhiệm|trưởng ban biên tập|tổng biên tập\s*:|giấy phép|bản quyền|"
    r"địa chỉ|điện thoại|email|nguồn\s*:|ảnh\s*:|tác giả\s*:|theo\s+\S+\s*$)"
)
_RELATED_RE = regex.compile(
    r"(?im)^[ \t#*]*(?:tin liên quan|các tin khác|tin cùng chuyên mục|bài viết liên quan|"
    r"tin khác|xem thêm|đọc thêm)[ \t:]*$"
)

# ---------------------------------------------------------------- helpers


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _is_acronym(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_DASH_SPACING_RE = regex.compile(r"(?<=\S)[ ]*([–—-])[ ]+(?=\S)|(?<=\S)[ ]+([–—-])[ ]*(?=\S)")
_TRAILING_RE = regex.compile(r"(?:[ ]+(?:và|cùng|với|của|tại|thuộc))+$")
_PAREN_ACRONYM_RE = regex.compile(r"[ \u00A0]*\((?:\p{Lu}|[&-])+\)")


_ADMIN_CASE_RE = regex.compile(
    r"(?<=\S[ ])(?:Thành phố(?! Hồ Chí Minh)|Thị xã|Thị trấn|Huyện|Xã|Phường|Quận)(?![ ](?:ủy|Ủy|uỷ))(?![\p{L}\p{M}])"
)
#: place words an organization keeps lowercase at its start ("phường Bắc Sơn", "thôn Mỹ Đà")
_ADMIN_WORDS = frozenset({"xã", "phường", "thị", "thôn", "xóm", "ấp", "bản", "huyện", "quận",
                          "tỉnh", "thành", "khu", "làng"})


def _expand(m: regex.Match[str]) -> str:
    out = ORG_ABBREVS[m.group(0)]
    end = m.end()
    if end < len(m.string) and m.string[end].isalpha():
        out += " "  # glued to the next word ("GD-ĐTCà Mau")
    return out


# a Vietnamese lowercase word (a non-ASCII letter at its end) glued to a capitalised one;
# brand names glued in ASCII ("NutiFood") are left alone
_GLUED_WORD_RE = regex.compile(r"(?<=[\p{Ll}--\p{ASCII}])(?=\p{Lu}\p{Ll})", regex.V1)
_TP_GLUED_RE = regex.compile(r"(?<![\p{L}\p{M}])TP\.(?=\p{Lu}\p{Ll})")


@lru_cache(maxsize=4096)
def canonical_org(org: str) -> str:
    """Organization as written, abbreviations expanded and tones unified."""
    s = _PAREN_ACRONYM_RE.sub("", org)  # "Ủy ban nhân dân (UBND) tỉnh": the gloss repeats
    s = _TP_GLUED_RE.sub("TP. ", s)  # "TP.Đà Nẵng"
    s = ABBR_RE.sub(_expand, s)
    s = _GLUED_WORD_RE.sub(" ", s)  # "xãVạn Tường" (a lost space)
    s = unify_tones(" ".join(s.split()))
    # "UBND Thị xã Bỉm Sơn" → "… thị xã Bỉm Sơn": administrative words inside a name are
    # lowercase (the gold spelling); "Thành ủy", "Huyện ủy" are names, kept
    s = _ADMIN_CASE_RE.sub(lambda m: m.group(0).lower(), s)
    w = s.split(" ", 2)
    if s[:1].islower() and (w[0] in _ORG_LOWER or " ".join(w[:2]) in _ORG_LOWER) \
            and w[0] not in _ADMIN_WORDS:
        s = s[0].upper() + s[1:]  # "trường Mầm non Xuân Lam" → "Trường …"
    s = _DASH_SPACING_RE.sub(lambda m: f" {m.group(1) or m.group(2)} ", s)  # "cán bộ- Thanh tra"
    s = _TRAILING_RE.sub("", s)  # "Sở … và" (before "đồng chí …")
    return _CASING_RE.sub(lambda m: ORG_ABBREVS[m.group(0)], s)


# a province name right after one of these is a commune's or district's name ("xã Hòa Bình")
_SUB_PLACE_BEFORE_RE = regex.compile(
    r"(?i:xã|phường|thị trấn|huyện|quận|thị xã|thôn|ấp|bản|xóm|làng|đường|(?<!thành[ ])phố)"
    r"[ \u00A0]+$"
)
# the organization is provincial but names no province: "Ủy ban nhân dân tỉnh", "Tỉnh ủy"
_PROVINCIAL_RE = regex.compile(r"(?<![\p{L}\p{M}])(?:tỉnh|Tỉnh(?= ủy| đoàn))(?![\p{L}\p{M}])")


def _provinces_in(text: str):
    """Canonical provinces named in `text` (exact spelling, tones unified), in order."""
    for m in PROVINCE_RE.finditer(text):
        if not _SUB_PLACE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            yield _PROVINCE_FORMS[m.group(0)]


def article_province(text: str) -> str | None:
    """The province an article is about: the one it names most often (the first on a tie).
    The table is extractors/data/official_provinces.csv (pre-2025 units), read at import
    into PROVINCE_RE/_PROVINCE_FORMS; the shared province lexicon replaces it there."""
    counts: dict[str, int] = {}
    for p in _provinces_in(unify_tones(text)):
        counts[p] = counts.get(p, 0) + 1
    return max(counts, key=lambda p: counts[p]) if counts else None  # dicts keep first-seen order


def _province(org: str | None, article: str | None = None) -> str | None:
    """The province an organization names; for a provincial one that names none ("UBND
    tỉnh"), the article's province."""
    if not org:
        return None
    found = next(_provinces_in(org), None)
    if found is None and article and _PROVINCIAL_RE.search(org):
        return article
    return found


def _canon_title(surface: str) -> _Title | None:
    """The title a surface names: exact spelling first, then tone-blind (typo repair)."""
    return TITLES_EXACT.get(norm_key(surface)) or TITLES.get(tone_key(surface))


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in TOKEN_RE.finditer(text, start, end):
        a, w = m.start(), m.group()
        tail = w[1:]
        if tail.islower() or not tail.lower().islower() or tail.isupper():
            out.append(_Tok(a, m.end(), w))  # the usual case, checked in C
            continue
        # words glued by a lost space ("trưởngTrường", "TP.HCMNguyễn", "xãVạn"): split where
        # a capitalised word starts inside the token
        for g in _GLUE_SPLIT_RE.finditer(w):
            out.append(_Tok(a, m.start() + g.start(), text[a:m.start() + g.start()]))
            a = m.start() + g.start()
        out.append(_Tok(a, m.end(), text[a:m.end()]))
    return out


@dataclass(slots=True)
class _Intro:
    """What one introduction says about a person."""

    name: str
    start: int
    end: int
    rule: str
    rank: str | None = None
    title: str | None = None
    organization: str | None = None
    roles: list[str] = field(default_factory=list)
    strong: bool = False  # presented with a role (vs a bare honorific)
    chain_end: int = 0
    items: list[tuple[str, str | None]] = field(default_factory=list)  # titles in text order
    via_cue: bool = False  # title + organization, then ", ông/bà" + name

    def settle(self) -> None:
        """One title: a state or military post wins over a party post written before it
        ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh" → "Chủ tịch"), except the province's own
        "Bí thư Tỉnh ủy" and a National Assembly delegation; the other posts become roles
        ("Chủ tịch Hội đồng nhân dân tỉnh"). A deputy alone ("ĐBQH X") has that as title."""
        items = self.items
        if not items:
            for r in _DEPUTY_ROLES:
                if r in self.roles:
                    self.title = r
                    self.roles.remove(r)
                    break
            return
        first = 0
        if _PARTY_POST_RE.match(items[0][0]) and not _TOP_SECRETARY_RE.fullmatch(items[0][0]):
            first = next((i for i, (t, _) in enumerate(items)
                          if i and not _PARTY_POST_RE.match(t) and not _DELEGATION_RE.match(t)), 0)
        self.title, self.organization = items[first]
        for i, (t, o) in enumerate(items):
            r = _as_role(t, o)
            if i != first and r not in self.roles:
                self.roles.append(r)


_PARTY_POST_RE = regex.compile(r"(?:Phó )?Bí thư")
_TOP_SECRETARY_RE = regex.compile(r"Bí thư (?:Tỉnh|Thành) ủy")
_DELEGATION_RE = regex.compile(r"(?:Phó )?Trưởng đoàn")
_DEPUTY_ROLES = ("Đại biểu Quốc hội", "Đại biểu Hội đồng nhân dân tỉnh")


def _as_role(title: str, org: str | None) -> str:
    """A second post as a role: "Chủ tịch Hội đồng nhân dân tỉnh"; the unit a title embeds
    is written once ("Trưởng ban" + "Ban Công tác phụ nữ" → "Trưởng Ban Công tác phụ nữ")."""
    if not org or org in title:
        return title
    tw, ow = title.split(), org.split()
    # the longest end of the title that the organization starts with is written once
    # ("Bí thư Đảng ủy" + "Đảng ủy Công an Trung ương" → "Bí thư Đảng ủy Công an Trung ương")
    for k in range(min(len(tw) - 1, len(ow)), 0, -1):
        if [w.lower() for w in tw[-k:]] == [w.lower() for w in ow[:k]]:
            return " ".join(tw[:-k] + ow)
    return f"{title} {org}"


def _scan_org(text: str, pos: int, limit: int, max_tokens: int = 14) -> tuple[int, int] | None:
    """The extent of an organization phrase starting at `pos` (None when empty)."""
    toks = _tokens(text, pos, min(limit, pos + 160))
    first = last = None
    prev_end = pos
    place = 0  # 1: after "tỉnh"/"huyện"…; 2: after the capitalised place name that follows
    skip = 0
    skip_until = 0
    counted = 0
    for i, t in enumerate(toks):
        if skip:
            skip -= 1
            continue
        if t.start < skip_until:
            continue
        counted += 1
        if counted > max_tokens:
            break
        gap = text[prev_end:t.start]
        if "\n" in gap:
            break
        low = t.text.lower()
        if _paren_acronym(toks, i):
            skip = 2  # "Ủy ban nhân dân (UBND) tỉnh"
            continue
        if t.text == "(" and last is not None:
            pm = _PAREN_UNIT_RE.match(text, t.start, limit)
            if pm:  # "Đội … (Chi cục Hải quan khu vực VIII)": the parent, as written, ends it
                last = pm.end()
            break
        if t.text == "," and last is not None and _comma_inside(toks, i):
            prev_end = t.end  # "Cục Phòng, chống ma túy và tội phạm"
            continue
        if t.text in _DELIM:
            # "Phòng Quản lý Tài sản – Cục Tài vụ quản trị": a dash joining a parent unit
            if (t.text in "–—-" and last is not None and i + 1 < len(toks)
                    and _is_cap(toks[i + 1].text)
                    and not TITLE_RE.match(text, toks[i + 1].start)
                    and not RANK_RE.match(text, toks[i + 1].start)
                    and not _NAME_AT_RE.match(text, toks[i + 1].start)):
                prev_end = t.end
                continue
            break
        if STRONG_HON_RE.match(text, t.start):
            break  # "… và đồng chí Nguyễn Trọng Ngữ": the next person
        if low == "và" and i + 1 < len(toks) and (
                toks[i + 1].text[:1].isdigit() or TITLE_RE.match(text, toks[i + 1].start)):
            break  # "Chánh Thanh tra và 2 Phó Chánh thanh tra": the next people
        cap = _is_cap(t.text) or t.text[:1].isdigit()
        if not cap:
            bigram = f"{low} {toks[i + 1].text.lower()}" if i + 1 < len(toks) else low
            if first is None and bigram == "chỉ đạo":
                pass  # "Trưởng Ban chỉ đạo …": the board's name, not the verb
            elif bigram in _STOP2 or (low in _STOP and bigram not in _KEEP2
                                    and not _kept3(toks, i)):
                break
            if place == 2 and low not in _PLACE_WORDS:
                break
            # ("trường" names a school, whose name goes on in lowercase: "trường Mầm non X")
            place = 1 if low in _PLACE_WORDS and low != "trường" else place
        else:
            if first is not None and TITLE_RE.match(text, t.start) and toks[i - 1].text != "Đoàn":
                break  # (but "Đoàn Đại biểu Quốc hội" is one unit)
            if RANK_RE.match(text, t.start) or STRONG_HON_RE.match(text, t.start):
                break
            place = 2 if place else 0
        if first is None:
            first = t.start
        last = t.end
        prev_end = t.end
    if first is None or last is None:
        return None
    return first, last


def _clause_not_org(org: str) -> bool:
    """An organization must start capitalised or with a unit or place noun: "Giám đốc ôn
    lại chặng đường …" goes on with the clause, not an organization."""
    if org[:1].isupper() or org[:1].isdigit():
        return False
    words = org.lower().split()[:3]
    return not any(" ".join(words[:k]) in _ORG_LOWER for k in (1, 2, 3)) \
        and words[0] not in _PLACE_WORDS


_ORG_LOWER = _WORDS["org_lower"]


_STOP2 = _WORDS["stop2"]


def _kept3(toks: list[_Tok], i: int) -> bool:
    """A stop word that ends a lowercase phrase of an organization name ("tội phạm về")."""
    return i >= 2 and " ".join(t.text.lower() for t in toks[i - 2:i + 1]) in _KEEP3


def _comma_inside(toks: list[_Tok], i: int) -> bool:
    """Whether the comma at toks[i] joins two halves of one name ("Phòng, chống")."""
    left = [tone_key(" ".join(t.text for t in toks[max(0, i - k):i])) for k in (1, 2)]
    right = [tone_key(" ".join(t.text for t in toks[i + 1:i + 1 + k])) for k in (1, 2)]
    return any((a, b) in _COMMA_PAIRS for a in left for b in right)


def _paren_acronym(toks: list[_Tok], i: int) -> bool:
    return (toks[i].text == "(" and i + 2 < len(toks) and _is_acronym(toks[i + 1].text)
            and toks[i + 2].text == ")")


_BOARD_RE = regex.compile(r"Hội đồng (?i:quản trị|thành viên|sáng lập)(?![\p{L}\p{M}])")
_PARENT_SPLIT_RE = regex.compile(
    r"[ \u00A0]*(?:\bthuộc\b|[–—-](?=[ \u00A0]*(?:Cục|Sở|Công an|Chi cục|Tổng cục|Bộ|Văn phòng|Ban)\b))"
    r"[ \u00A0]*"
)


def _title_value(
    text: str, m: regex.Match[str], org_span: tuple[int, int] | None
) -> tuple[str, str | None]:
    """(title, organization) from a title match and the organization phrase after it."""
    info = _canon_title(m.group("t"))
    assert info is not None
    head = info.title
    if m.group("tt"):
        head += " Thường trực"
    if m.group("q"):
        # "Quyền Cục trưởng" (acting), "nguyên Đồn trưởng" (former): kept, as written
        q = m.group("q")
        head = (q.capitalize() if q.lower() == "quyền" else q.lower()) + " " + head
    org = canonical_org(text[org_span[0]:org_span[1]]) if org_span else None
    if org and not info.unit and _clause_not_org(org) and not org.startswith("nhà trường"):
        org = None
    board = _BOARD_RE.match(org) if org else None
    if board:
        # "Phó Chủ tịch HĐQT NutiFood": the board is part of the post, the firm the organization
        rest = org[board.end():].strip()
        return f"{head} Hội đồng {board.group(0)[9:].lower()}", rest or None
    if info.unit == "Phòng" and org:
        # "Trưởng phòng Quản lý Tài sản – Cục Tài vụ quản trị": the room is in the title,
        # the organization is the unit it belongs to
        ps = _PARENT_SPLIT_RE.search(org)
        if ps:
            return f"{head} {org[:ps.start()]}", org[ps.end():]
        # "Phó Trưởng phòng CSGT Công an tỉnh": no separator, so the room and its parent are
        # one organization and the title is the head's (GUIDELINES.md §6)
        return head, org if org.lower().startswith("phòng ") else f"Phòng {org}"
    if info.unit:
        # "Trưởng ban Tuyên giáo …" → the unit is "Ban Tuyên giáo …"
        if org and not (org + " ").lower().startswith(info.unit.lower() + " "):
            org = f"{info.unit} {org}"  # "Phó Trưởng ban Ban Tuyên giáo …" writes it twice
    if info.party_fold and org:
        pc = _PARTY_COMMITTEE_RE.search(org)
        if pc and (pc.start() == 0 or info.unit):
            prefix = head
            if info.unit and prefix.lower().endswith(" " + info.unit.lower()):
                prefix = prefix[: -len(info.unit) - 1]  # the unit is written again in `org`
            return " ".join(f"{prefix} {org[: pc.end()]}".split()), org
    return head, org


# (a photo caption's position in parentheses may come between: "Ông Rah Lan Chung (bên phải),
# Phó bí thư Thường trực Tỉnh ủy Gia Lai")
_SEP_RE = regex.compile(
    r"[ \u00A0]*(?:\((?:bên|thứ|giữa|đứng|ngồi|hàng|người)(?![\p{L}\p{M}])[^()\n]{0,30}\)"
    r"[ \u00A0]*)?(?:\([ \u00A0]*|(?:[,–—-]|:)?[ \u00A0]*\n?[ \u00A0]*"
    # "ông Nguyễn Đức Cường là Chánh Thanh tra", "ông X, hiện là Phó Giám đốc Sở …" (but
    # "(hiện là …)" after a title written before the name is a role: not a chain)
    r"(?:(?:(?:hiện|đang)[ \u00A0]+)?là[ \u00A0]+)?)"
)
# between two posts of one person: a comma, or "kiêm" (concurrently)
_COMMA_RE = regex.compile(r"[ \u00A0]*(?:[,;]|kiêm)?[ \u00A0]*\n?[ \u00A0]*")


def _role_at(text: str, tm: regex.Match[str], limit: int) -> tuple[str, int]:
    """(canonical role, end): "UVTV Thành ủy" → "Ủy viên Ban Thường vụ Thành ủy"."""
    info = _canon_title(tm.group("t"))
    assert info is not None
    role, end = info.title, tm.end()
    if role.startswith("Ủy viên Ban Thường vụ"):
        pc = _PARTY_COMMITTEE_RE.search(tm.group(0))
        if pc is None:
            pc = _PARTY_COMMITTEE_RE.match(text, _skip_ws(text, end), limit)
            end = pc.end() if pc else end
        if pc is not None:
            committee = unify_tones(pc.group(0))
            role = "Ủy viên Ban Thường vụ " + committee[0].upper() + committee[1:]
    return role, end


def _parse_chain(text: str, pos: int, limit: int, intro: _Intro) -> None:
    """Roles and titles written after a name: ", TUV, Phó Trưởng Ban Tuyên giáo Tỉnh ủy"."""
    m = _SEP_RE.match(text, pos, limit)
    p = m.end() if m else pos
    while p < limit:
        tm = TITLE_RE.match(text, p, limit)
        info = _canon_title(tm.group("t")) if tm else None
        if tm is None or info is None:
            break
        if info.kind == "role":
            role, end = _role_at(text, tm, limit)
            if role not in intro.roles:
                intro.roles.append(role)
            p = end
        else:
            nxt_person = _title_then_name(text, tm, limit)
            if nxt_person is not None and not nxt_person[0].via_cue:
                # "Tổng Bí thư Tô Lâm, Chủ tịch nước Lương Cường": the title is the next person's
                break
            org = _scan_org(text, tm.end(), limit)
            intro.items.append(_title_value(text, tm, org))
            p = org[1] if org else tm.end()
        intro.strong = True
        intro.chain_end = p
        nxt = _COMMA_RE.match(text, p, limit).end()
        if nxt == p or not TITLE_RE.match(text, nxt, limit):
            break
        p = nxt
    _share_orgs(intro.items)


# "Phó Giám đốc, Thủ trưởng Cơ quan điều tra Công an tỉnh": the investigation agency belongs
# to the unit the first post heads
_INVESTIGATION_RE = regex.compile(r"(?i:Cơ quan (?:Cảnh sát |An ninh )?điều tra)[ \u00A0]+")


def _share_orgs(items: list[tuple[str, str | None]]) -> None:
    """A state post written without its organization before a second post that has one
    takes that organization ("Phó Giám đốc, Thủ trưởng Cơ quan điều tra Công an tỉnh Nghệ
    An" → "Phó Giám đốc" of "Công an tỉnh Nghệ An"); party posts keep their own committee."""
    for j in range(len(items) - 1, 0, -1):
        (t0, o0), (_t1, o1) = items[j - 1], items[j]
        if o0 is None and o1 and not _PARTY_POST_RE.match(t0) and not _PARTY_COMMITTEE_RE.match(o1):
            m = _INVESTIGATION_RE.match(o1)
            items[j - 1] = (t0, o1[m.end():] if m else o1)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u00a0":
        i += 1
    return i


_LOCAL_PLACE_WORDS = _WORDS["local_place"]
def _name_continues(text: str, end: int, limit: int) -> bool:
    """True when the capitalised run goes on as a word, not a name: "Đoàn Kinh tế",
    "Đoàn Đại biểu"; a name is followed by punctuation, a verb or a clause word."""
    toks = _tokens(text, end, min(limit, end + 30))
    if not toks or toks[0].text in _DELIM or "\n" in text[end:toks[0].start]:
        return False
    low = toks[0].text.lower()
    if low in _STOP or (len(toks) > 1 and f"{low} {toks[1].text.lower()}" in _STOP2):
        return False
    return low in _NAME_BREAKERS


_VN_SYLLABLE_RE = regex.compile(
    r"(?i)(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)


def _valid_name(name: str) -> bool:
    k = tone_key(name)
    if k in NONPERSON or k in PLACES:
        return False
    parts = name.split()
    if tone_key(parts[0]) in PLACES:
        return False  # "Thủ tướng Malaysia Anwar đã …": a country before a one-word name
    if all(_FOREIGN_WORD_RE.fullmatch(p) for p in parts) and not _is_surname(parts[0]):
        # plain Latin letters: a foreign name needs a word Vietnamese cannot spell ("Chi Ma"
        # is a Vietnamese place without its marks) and no organization word ("Clime Capital")
        if all(_VN_SYLLABLE_RE.fullmatch(p) for p in parts):
            return False
        if any(tone_key(p) in NONPERSON for p in parts):
            return False
    # the first two syllables naming a province ("Cao Bằng Lê Hải") is a place, not a person
    return tone_key(" ".join(parts[:2])) not in PLACES


def _strip_place_prefix(text: str, start: int, name: str) -> tuple[int, str]:
    """Move a province's or country's words from the front of a name candidate to the
    organization ("Quảng Ninh Vũ Văn Diện", "Malaysia Anwar Ibrahim", "Thái Lan Phumtham …")."""
    parts = name.split(" ")
    # "Quảng Ninh Vũ Văn Diện": the syllable before the candidate completes a province
    prev = _PREV_WORD_RE.search(text, max(0, start - 20), start)
    if prev and len(parts) >= 3 and tone_key(prev.group(1) + " " + parts[0]) in PLACES:
        if _is_surname(parts[1]) or _FOREIGN_WORD_RE.fullmatch(parts[1]):
            off = len(parts[0]) + 1
            return start + off, " ".join(parts[1:])
    for n in (3, 2, 1):
        if len(parts) - n >= 2 and tone_key(" ".join(parts[:n])) in PLACES:
            off = len(" ".join(parts[:n])) + 1
            return start + off, " ".join(parts[n:])
    return start, name


_PREV_WORD_RE = regex.compile(r"(\p{L}+)\.?[ \u00A0]+$")
_LINE_WINDOW = 600


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The line around `pos`; a line hard-wrapped after a comma or dash goes on into the next
    ("… đồng chí Nguyễn Trọng Ngữ,\nPhó Chỉnh ủy …")."""
    # bounded: every scan looks at most a few hundred characters around a name, and a giant
    # one-line text must not make each lookup walk the whole line
    lo = max(0, pos - _LINE_WINDOW)
    a = text.rfind("\n", lo, pos) + 1 or lo
    b = text.find("\n", pos, pos + _LINE_WINDOW)
    if b < 0 and pos + _LINE_WINDOW < len(text):
        b = pos + _LINE_WINDOW
    for _ in range(2):
        if b < 0 or b + 1 >= len(text) or text[b + 1] == "\n":
            break
        before = text[max(a, b - 3):b].rstrip()
        if not before or before[-1] not in ",–-":
            break
        nb = text.find("\n", b + 1)
        b = nb
    return a, len(text) if b < 0 else b


def _excluded(text: str, pos: int, body_end: int) -> bool:
    if pos >= body_end:
        return True
    a = text.rfind("\n", max(0, pos - _LINE_WINDOW), pos) + 1
    if a == 0 and pos > _LINE_WINDOW:
        return False  # a long line is no byline or footer
    return bool(_NOT_BODY_LINE_RE.match(text, a, pos + 1))


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls in one of `spans` (sorted, non-overlapping)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _preceded_by_place_word(text: str, start: int) -> bool:
    m = _PREV_WORD_RE.search(text, max(0, start - 12), start)
    return bool(m and m.group(1).lower() in _PLACE_WORDS)


# ---------------------------------------------------------------- passes


_RUN_RE = regex.compile(
    rf"(?:(?<![\p{{L}}\p{{M}}\p{{N}}&/])|(?<=\p{{L}})(?=\p{{Lu}}\p{{Ll}}))"
    rf"{_CAPW}(?:{_SP}{_CAPW})+(?:(?![\p{{L}}\p{{M}}\p{{N}}&])|{_GLUE})"
)
_CUE_BEFORE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?P<cue>{_CUE}(?:{_SP}(?:{_RANK_ALTS}))?){_SP}$"
)
# lowercase words that continue a capitalised word into a common noun, not a name
_NAME_BREAKERS = _WORDS["name_breaker"]
_DOAN_LEVELS = frozenset({"Thành", "Tỉnh", "Huyện", "Quận"})  # "Thành Đoàn" is the youth union
_LEAD_CUES = frozenset({"Ông", "Bà", "Anh", "Chị"})
_WORD_RE = regex.compile(r"\S+")


_FOREIGN_WORD_RE = regex.compile(r"[A-Z][a-z'-]{1,13}")


def _is_surname(word: str) -> bool:
    return word in SURNAMES or word.startswith(("H’", "H'"))


def _name_start(words: list[tuple[int, int, str]], k: int) -> bool:
    """Whether a full name can start at words[k]: a listed family name, or any capitalised
    word followed by a middle name and one or two more ("Lò Văn Pọm"; the open set)."""
    if _is_surname(words[k][2]):
        return True
    n = len(words)
    return (3 <= n - k <= 4 and words[k + 1][2] in _MIDDLES and not _is_acronym(words[k][2])
            and not _NOT_MIDDLE_RE.match(f"{words[k + 1][2]} {words[k + 2][2]}")
            and tone_key(words[k][2]) not in _ORG_HEAD_KEYS)


def _candidates(text: str, body_end: int):
    """(start, end, name, cue) for each capitalised run that can be a full name."""
    for m in _RUN_RE.finditer(text, 0, body_end):
        words = [(w.start(), w.end(), w.group()) for w in _WORD_RE.finditer(text, m.start(), m.end())]
        cue = ""
        if words[0][2] in _LEAD_CUES:
            cue = words[0][2]
            words = words[1:]
        for k in range(2, len(words)):
            if TITLE_RE.match(text, words[k][0]):  # "ông Lê Hoàng Minh Chủ tịch HĐTV"
                words = words[:k]
                break
        if len(words) < 2:
            continue
        if not cue:
            cm = _CUE_BEFORE_RE.search(text, max(0, words[0][0] - 40), words[0][0])
            cue = cm.group("cue") if cm else ""
        for k in (3, 2, 1):  # "Tổng thống Mỹ Donald Trump": the country is not the name
            if len(words) - k >= 2 and tone_key(" ".join(w[2] for w in words[:k])) in PLACES:
                words, cue = words[k:], ""
                break
        strong = bool(cue) and bool(RANK_RE.match(cue) or STRONG_HON_RE.match(cue))
        n = len(words)
        if strong and n <= 4:
            i = 0
        else:
            i = next((k for k in range(n - 1) if _name_start(words, k) and n - k <= 4
                      and not (k and words[k][2] == "Đoàn" and words[k - 1][2] in _DOAN_LEVELS)
                      and not (k and n - k == 4 and _is_surname(words[k + 1][2]))),
                     None)
            if i is None:
                if not (n <= 3 and all(_FOREIGN_WORD_RE.fullmatch(w[2]) for w in words)):
                    continue
                i = 0  # a foreign name: an official only with a title before or after it
            if i:
                cue = ""
        start, end = words[i][0], words[-1][1]
        name = text[start:end]
        if not cue:
            start, name = _strip_place_prefix(text, start, name)
        yield start, end, " ".join(name.split()), cue


_CHAIN_GAP_RE = regex.compile(r"[ \u00A0]*(?:,|kiêm)[ \u00A0]*")


def _earlier_titles(
    text: str, titles: list[regex.Match[str]], first: regex.Match[str], limit: int, intro: _Intro
) -> None:
    """"Phó Chủ tịch nước, Phó Chủ tịch thứ nhất Hội đồng … Võ Thị Ánh Xuân": titles chained
    by commas before the one next to the name; the first is the person's title."""
    nxt = first
    for tm in reversed(titles):
        info = _canon_title(tm.group("t"))
        if info is None or info.kind == "after":
            break
        other = _title_then_name(text, tm, limit)
        if other is not None and other[0].start < nxt.start():
            break  # another person's title and name come between
        if info.kind == "role":
            role, stop = _role_at(text, tm, limit)
            org = None
        else:
            org = _scan_org(text, tm.end(), limit)
            stop = org[1] if org else tm.end()
        gap = _CHAIN_GAP_RE.match(text, stop, nxt.start())
        if gap is None or gap.end() != nxt.start():
            break
        if info.kind == "role":
            if role not in intro.roles:
                intro.roles.insert(0, role)
        else:
            intro.items.insert(0, _title_value(text, tm, org))
        nxt = tm


def _introductions(text: str, body_end: int) -> list[_Intro]:
    intros: list[_Intro] = []
    claimed: list[tuple[int, int]] = []  # chains after names: their titles are not title+name
    for start, end, name, cue in _candidates(text, body_end):
        if not _valid_name(name) or _excluded(text, start, body_end):
            continue
        if not cue and _unit_name_at(text, start, name):
            continue  # "Trường THCS Hoàng Hoa Thám", "Công ty Pouchen Vina": a name of a unit
        placey = not cue and _preceded_by_place_word(text, start)  # "đường Lê Lợi", "tỉnh X …"
        line_start, line_end = _line_bounds(text, end)
        limit = min(line_end, body_end)
        intro = _Intro(name=name, start=start, end=end, rule="name_title")
        for rm in RANK_RE.finditer(cue):
            intro.rank = RANKS.get(tone_key(rm.group(0)))
        _parse_chain(text, end, limit, intro)
        if intro.chain_end:
            claimed.append((end, intro.chain_end))
        if not intro.items:
            # title + organization + name, the title within the same line before the name
            titles = list(TITLE_RE.finditer(text, max(line_start, start - 160), start))
            for k in range(len(titles) - 1, max(-1, len(titles) - 4), -1):  # the 3 nearest
                tm = titles[k]
                info = _canon_title(tm.group("t"))
                if info is None or info.kind == "after":
                    continue
                if _inside(claimed, tm.start()):
                    break
                found = _title_then_name(text, tm, limit)
                if found is None or not (start <= found[0].start < end):
                    continue
                b_intro, org_span = found
                intro.start, intro.name = b_intro.start, b_intro.name
                intro.rank = intro.rank or b_intro.rank
                if info.kind == "role":  # "ĐBQH Đoàn Thị Lê An"
                    intro.roles.append(info.title)
                else:
                    intro.items.append(_title_value(text, tm, org_span))
                _earlier_titles(text, titles[:k], tm, limit, intro)
                intro.rule, intro.strong = "title_name", True
                break
        intro.settle()
        if placey and intro.rule != "title_name":
            continue
        if intro.rank and not intro.strong:
            intro.rule = "rank_name"
            intro.strong = True
        intros.append(intro)
    return intros


_NAME_AT_RE = regex.compile(
    rf"(?P<name>{_NAME_STRICT}|{_NAME_OPEN}){_NAME_END}|(?P<foreign>{_NAME_FOREIGN}){_NAME_END}"
)
_ORG_TAIL_RE = regex.compile(rf"[ ,–—\-\u00A0]*(?:(?:{_RANK_ALTS})[ \u00A0]*)?$")


def _title_then_name(
    text: str, tm: regex.Match[str], limit: int
) -> tuple[_Intro, tuple[int, int] | None] | None:
    """Title + organization + name: the name ends the capitalised run after the title."""
    toks = _tokens(text, tm.end(), min(limit, tm.end() + 160))
    prev_end = tm.end()
    rank: str | None = None
    skip = 0
    skip_until = 0
    tai_at = None  # "Đại sứ Australia tại Việt Nam …": the organization ends before "tại"
    for i, t in enumerate(toks[:28]):
        if skip:
            skip -= 1
            continue
        if t.start < skip_until:
            continue
        if t.text == "kiêm" and i + 1 < len(toks):
            km = TITLE_RE.match(text, toks[i + 1].start, limit)
            if km:  # "Phó Chủ tịch kiêm Tổng Thư ký Ủy ban … Nguyễn Thị Thu Hà"
                skip_until = prev_end = km.end()
                continue
        if "\n" in text[prev_end:t.start]:
            return None
        if _paren_acronym(toks, i):
            skip = 2
            continue
        if t.text == "(" and i:
            pm = _PAREN_UNIT_RE.match(text, t.start, limit)
            if pm:  # "Đội trưởng Đội Kiểm soát Hải quan (Chi cục …) Lê Minh Khoa"
                skip_until = prev_end = pm.end()
                continue
        if t.text in ",–—-" and i and i + 1 < len(toks):
            cm = _CUE_NAME_RE.match(text, toks[i + 1].start, limit)
            if cm:
                # "Chủ tịch UBND xã Hòa Bình, ông Nguyễn Văn Lợi", "Thủ tướng Phần Lan, ông
                # Petteri Orpo" (GUIDELINES.md §6): the name after the honorific is the person
                found = _cue_name(text, tm, cm, t.start if tai_at is None else tai_at, rank)
                return found
        if t.text == "," and i and _comma_inside(toks, i):
            prev_end = t.end
            continue
        if (t.text in "–-" and i and i + 1 < len(toks) and _is_cap(toks[i + 1].text)
                and not RANK_RE.match(text, toks[i + 1].start)):
            # "Hội đồng Thi đua – Khen thưởng tỉnh"
            prev_end = t.end
            continue
        if t.text in _DELIM:
            # "Chỉ huy trưởng BĐBP tỉnh, Đại tá Nguyễn Văn A"
            if (t.text in ",–—-" and i + 1 < len(toks)
                    and RANK_RE.match(text, toks[i + 1].start)):
                prev_end = t.end
                continue
            return None
        low = t.text.lower()
        if STRONG_HON_RE.match(text, t.start) or t.text in _LEAD_CUES:
            return None  # "Giám đốc Sở … và đồng chí Nguyễn Trọng Ngữ": another person
        if not _is_cap(t.text):
            if low == "tại" and i and _place_at(toks, i + 1):
                tai_at = tai_at if tai_at is not None else t.start
                prev_end = t.end
                continue
            bigram = f"{low} {toks[i + 1].text.lower()}" if i + 1 < len(toks) else low
            if bigram in _STOP2 or (low in _STOP and bigram not in _KEEP2
                                    and not _kept3(toks, i)):
                return None
            prev_end = t.end
            continue
        rm = RANK_RE.match(text, t.start)
        if rm:
            rank = RANKS.get(tone_key(rm.group(0)))
            prev_end = rm.end()
            continue
        nm = _NAME_AT_RE.match(text, t.start, limit)
        if nm and i and t.text == "Đoàn" and toks[i - 1].text in _DOAN_LEVELS:
            nm = None
        if (nm and nm.group("name") and i and _is_cap(toks[i - 1].text)
                and len(nm.group("name").split()) == 4
                and _is_surname(nm.group("name").split()[1])):
            nm = None  # "huyện Hải Hà Hồ Đức Quang": the place ends with a family name
        if nm and _unit_name_at(text, nm.start(), nm.group(0)):
            prev_end = nm.end()  # "Công ty Pouchen Vina", "ĐH Tôn Đức Thắng": the firm's name
            continue
        if nm and t.start >= prev_end:
            name = nm.group("name") or nm.group("foreign")
            start = nm.start()
            start, name = _strip_place_prefix(text, start, name)
            if not _valid_name(name) or _name_continues(text, nm.end(), limit):
                prev_end = nm.end()
                continue
            before = _PREV_WORD_RE.search(text, max(0, start - 12), start)
            if before and before.group(1).lower() in _LOCAL_PLACE_WORDS and len(name.split()) < 3:
                prev_end = nm.end()  # "Chủ tịch UBND xã Hà Nha": the commune, not a person
                continue
            org_text_end = start if tai_at is None else tai_at
            org_start = _skip_ws(text, tm.end())
            # trim the ", Rank" between organization and name
            seg = text[org_start:org_text_end]
            seg_m = _ORG_TAIL_RE.search(seg)
            org_end = org_start + (seg_m.start() if seg_m else len(seg))
            org_span = (org_start, org_end) if org_end > org_start else None
            intro = _Intro(name=name, start=start, end=nm.end(), rule="title_name", rank=rank,
                           strong=True)
            return intro, org_span
        prev_end = t.end
    return None


_CUE_NAME_RE = regex.compile(
    rf"(?:[Ôô]ng|[Bb]à|[Tt]hầy|{_STRONG_HON}){_SP}(?P<name>{_CAPW}(?:{_SP}{_CAPW}){{1,3}})"
    rf"(?![\p{{L}}\p{{M}}])(?!{_SP}\p{{Lu}})"
)


def _cue_name(
    text: str, tm: regex.Match[str], cm: regex.Match[str], org_end: int, rank: str | None
) -> tuple[_Intro, tuple[int, int] | None] | None:
    """Title + organization, a comma or dash, ông/bà + name: an open-set name (any
    capitalised run after the honorific), never a place or an organization's name."""
    start, end = cm.span("name")
    name = " ".join(cm.group("name").split())
    if not _valid_name(name):
        return None
    org_start = _skip_ws(text, tm.end())
    seg = text[org_start:org_end]
    seg_m = _ORG_TAIL_RE.search(seg)
    stop = org_start + (seg_m.start() if seg_m else len(seg))
    intro = _Intro(name=name, start=start, end=end, rule="title_name", rank=rank, strong=True,
                   via_cue=True)
    return intro, ((org_start, stop) if stop > org_start else None)


def _place_at(toks: list[_Tok], i: int) -> bool:
    """Whether a country or province name starts at toks[i] ("tại Việt Nam")."""
    return any(tone_key(" ".join(t.text for t in toks[i:i + k])) in PLACES for k in (1, 2, 3)
               if i + k <= len(toks))


_PAREN_RE = regex.compile(r"[ \u00A0]*\([^()]*\)")


def _merge(intros: list[_Intro], text: str = "") -> dict[str, OfficialValue]:
    people: dict[str, OfficialValue] = {}
    for it in sorted(intros, key=lambda i: i.start):
        if not it.strong:
            continue
        # "H’Vi Êban" and "H'Vi Êban" are one person, named with the plain apostrophe
        it.name = it.name.replace("’", "'")
        v = people.get(it.name)
        if v is None:
            v = people[it.name] = OfficialValue(name=it.name)
        v.rank = v.rank or it.rank
        if v.title in _DEPUTY_ROLES and it.title and it.title not in _DEPUTY_ROLES:
            v.roles.insert(0, v.title)  # "ĐBQH Quản Minh Cường" … "Bí thư Tỉnh ủy Quản Minh Cường"
            v.title = v.organization = None
        if v.title is None and it.title:
            v.title, v.organization = it.title, it.organization
        elif v.organization is None and it.organization and v.title == it.title:
            v.organization = it.organization
        for r in it.roles:
            if r not in v.roles and r != v.title:
                v.roles.append(r)
    province = None
    if text and any(v.organization and _PROVINCIAL_RE.search(v.organization)
                    for v in people.values()):
        province = article_province(text)
    for v in people.values():
        v.province = _province(v.organization, province)
        if v.organization and "(" in v.organization:
            # "Phòng Kinh tế thị xã Vĩnh Châu (tỉnh Sóc Trăng)": the parenthesis gives the
            # province and the parent unit, the organization is the unit before it
            v.organization = _PAREN_RE.sub("", v.organization).strip() or None
        v.roles = [_PAREN_RE.sub("", r) for r in v.roles]
    return people


# a title (and a country) right before a short mention: "Ngoại trưởng Mohamad", "Thủ tướng
# Malaysia Anwar"
_TITLE_BEFORE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:{trie_pattern(sorted(TITLES))})"
    rf"(?:{_SP}(?:{trie_pattern(sorted(COUNTRIES))}))?{_SP}$"
)


def _is_foreign(parts: list[str]) -> bool:
    return all(_FOREIGN_WORD_RE.fullmatch(p) for p in parts) and not _is_surname(parts[0])


_NEXT_CAP_RE = regex.compile(rf"{_SP}\p{{Lu}}")


def _find_word(text: str, word: str, end: int):
    """Start offsets of `word` as a whole word in text[:end]."""
    i = text.find(word, 0, end)
    n = len(word)
    glue_ok = word[:1].isupper() and word[1:2].islower()  # "xãVạn TườngLữ Thế Lâm"
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if (glue_ok or not (before.isalpha() or unicodedata.combining(before))) and not (
                after.isalpha() or unicodedata.combining(after)):
            yield i
        i = text.find(word, i + n, end)


def _body_end(text: str) -> int:
    m = _RELATED_RE.search(text)
    return m.start() if m else len(text)


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    text = doc.text
    body_end = _body_end(text)
    intros = _introductions(text, body_end)
    people = _merge(intros, text)
    if not people:
        return []
    facts: dict[tuple[int, int], Fact] = {}
    rules = {(i.start, i.end): i.rule for i in intros if i.strong}

    # every mention of a known full name (str.find: a handful of people per article, and no
    # regex to compile per article)
    first_at: dict[str, int] = {}
    taken: list[tuple[int, int]] = []
    for name in sorted(people, key=len, reverse=True):
        # "H’Vi Êban" is also written "H'Vi Êban"
        spellings = {name, name.replace("'", "’"), name.replace("’", "'")}
        for start in sorted(i for sp in spellings for i in _find_word(text, sp, body_end)):
            end = start + len(name)
            if _excluded(text, start, body_end) or _inside(taken, start):
                continue
            bisect.insort(taken, (start, end))
            first_at[name] = min(first_at.get(name, start), start)
            facts[(start, end)] = Fact.at(text, "official", start, end, people[name],
                                          rules.get((start, end), "repeat"))

    # short mentions: cue + given name of a person already introduced ("ông Thuận")
    by_given: dict[str, list[tuple[int, str]]] = {}
    for n in people:
        parts = n.split()
        # a Vietnamese name is called by its last word, a foreign one by its first or its last
        # ("ông Mohamad" for Mohamad Hasan, "Thủ tướng Malaysia Anwar", "Tổng thống Trump")
        for short in {parts[0], parts[-1]} if _is_foreign(parts) else {parts[-1]}:
            by_given.setdefault(short, []).append((first_at.get(n, 0), n))
    covered = sorted(facts)
    for given, cands in by_given.items():
        for start in _find_word(text, given, body_end):
            end = start + len(given)
            if _NEXT_CAP_RE.match(text, end):
                continue  # "Sơn La": the run goes on
            cm = _CUE_BEFORE_RE.search(text, max(0, start - 40), start)
            if cm is None and _is_foreign(cands[0][1].split()):
                # a title is a cue for a foreign name only ("Bí thư Thành ủy" is no "Thành")
                cm = _TITLE_BEFORE_RE.search(text, max(0, start - 60), start)
            if cm is None or _excluded(text, start, body_end):
                continue
            if _inside(covered, start):
                continue
            before = [c for c in cands if c[0] < start] or cands
            name = max(before)[1]
            facts[(start, end)] = Fact.at(text, "official", start, end, people[name], "short")
    return sorted(facts.values(), key=lambda f: f.start)


# ---------------------------------------------------------------- the kind's contract
# The value model and the spec every other module reads this kind through (pipeline.types).


class OfficialValue(Value):
    """§3.3: a named person presented with a role."""

    name: str
    rank: str | None = None
    title: str | None = None
    organization: str | None = None
    roles: list[str] = Field(default_factory=list)
    province: str | None = None


def _problems(v: OfficialValue) -> list[str]:
    return [] if v.name.strip() else ["official name is empty"]


SPEC = register(KindSpec(
    name=KIND, value_model=OfficialValue, extract=extract, requires=REQUIRES,
    key=lambda v: (norm_key(v["name"]),),
    guideline_fields=("name", "rank", "title", "organization", "roles"),
    record_fields=("name", "rank", "title", "organization"),
    text_fields=("organization",),
    view="officials",
    view_columns=(
        ("name", "$.name", "Full name as written"),
        ("rank", "$.rank", "Military/police rank (Đại tá …)"),
        ("title", "$.title", 'Position, normalized ("Chính ủy")'),
        ("organization", "$.organization", "Organization, abbreviations expanded"),
        ("roles", "$.roles", "Party roles (JSON list)"),
        ("province", "$.province", "Province of the organization"),
    ),
    validate=_problems,
    summary=lambda v: " · ".join(
        b for b in (v.get("rank"), v["name"], v.get("title"), v.get("organization")) if b),
    colour="black on bright_yellow", label="Named people presented with a role (GUIDELINES.md §3.3)",
))

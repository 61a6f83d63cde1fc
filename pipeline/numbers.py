"""Vietnamese numbers: digits ("41.262", "1,5", "1.409.234,568"), scale words ("1,5 triệu",
"3,14 tỷ", "1tr2") and number words ("hai mươi mốt", "một trăm linh năm", "hai mốt").

Pure functions over strings (GUIDELINES.md §3.5). "." groups thousands and "," is the decimal
mark; a grouping that cannot be right ("16.4582") parses to `value=None` with
`anomaly="bad_grouping"`, never to a guess. The regex sources `DIGITS_RE`, `WORDS_RE` and
`SCALE_RE` are exported so extractors can embed the same number grammar in one pattern.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

# ---------------------------------------------------------------- vocabulary

#: Digit words. "mốt" (1), "tư" (4), "lăm"/"nhăm" (5) are the forms used after tens.
DIGIT_WORDS: dict[str, int] = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
#: Multipliers above a thousand-group; "tr" is the shorthand of "1tr2".
BIG_SCALES: dict[str, int] = {
    "nghìn": 1_000, "ngàn": 1_000, "vạn": 10_000, "triệu": 1_000_000, "tr": 1_000_000,
    "tỷ": 1_000_000_000, "tỉ": 1_000_000_000,
}
_TENS = {"mươi", "chục"}
_FILLER = {"linh", "lẻ"}
_POINT = {"phẩy", "chấm"}
_NEGATIVE = {"âm", "trừ"}
_HALF = "rưỡi"
#: Every word the word grammar knows (for tokenizing and for the extractor's pattern).
NUMBER_WORDS: frozenset[str] = frozenset(
    set(DIGIT_WORDS) | set(BIG_SCALES) | _TENS | _FILLER | _POINT | {"mười", "trăm", _HALF}
)

#: Digit words written only after a ten ("hai mốt" = 21, "hai lăm" = 25), never alone.
AFTER_TENS_ONLY: frozenset[str] = frozenset({"mốt", "lăm", "nhăm"})


def counting_words(upto: int = 12) -> dict[str, int]:
    """The number words of 1..`upto` (at most 19) as they stand alone, spelled from
    DIGIT_WORDS: "hai" 2, "tư" 4, "mười" 10, "mười một" 11. The date grammar's days, months
    and quarters ("quý tư", "tháng mười một") and the indicator's first words use these, so
    the vocabulary is written once."""
    if not 1 <= upto <= 19:
        raise ValueError(f"counting_words: upto must be 1..19, not {upto}")
    units = {w: v for w, v in DIGIT_WORDS.items() if v > 0 and w not in AFTER_TENS_ONLY}
    out = {w: v for w, v in units.items() if v <= upto}
    if upto >= 10:
        out["mười"] = 10
        # "mười bốn", "mười lăm": after "mười" the after-ten forms of 5 are the usual ones
        teens = {**units, "lăm": 5}
        out |= {f"mười {w}": 10 + v for w, v in teens.items()
                if 10 + v <= upto and w not in ("năm", "tư")}
    return out


# Digit numbers: a Vietnamese grouped form, a plain run, or a bare decimal (",77").
DIGITS_RE = r"(?:\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*|,\d+)"
#: Scale words that may follow a digit number ("1,5 triệu", "5 nghìn", "1tr2").
SCALE_RE = r"(?:nghìn|ngàn|vạn|triệu|tỷ|tỉ)"
#: A run of number words (lowercase, single spaces or newlines not allowed inside).
WORDS_RE = (
    r"(?:" + "|".join(sorted(NUMBER_WORDS - {"tr"}, key=len, reverse=True)) + r")"
    r"(?:[ ](?:" + "|".join(sorted(NUMBER_WORDS - {"tr"}, key=len, reverse=True)) + r")){0,24}"
)

_VN_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = regex.compile(r"\d{1,3}(?:,\d{3}){2,}")  # "1,200,000": two commas cannot be decimal
_PLAIN = regex.compile(r"\d*(?:,\d+)?")
_TOKEN = regex.compile(r"\d[\d.,]*|,\d+|\p{L}+", regex.U)
_TR = regex.compile(r"(?<=\d)(tr)(?=\d|\b)")
_DIGIT_RUN = regex.compile(r"\d[\d.,]*")
_MINUS = regex.compile(r"^-\s*")
_SUFFIX = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed number: `value` is None when the text is not a number or is malformed."""

    value: float | None
    raw: str
    anomaly: str | None = None


def _num(x: float) -> float:
    # 15 significant digits: drops binary noise of scaling (132,96 triệu → 132960000.00000001).
    return float(f"{x:.15g}")


# ---------------------------------------------------------------- digits


def parse_digits(s: str) -> Parsed:
    """A digit number in Vietnamese notation: "41.262" → 41262, "1,5" → 1.5, ",77" → 0.77,
    "1.409.234,568" → 1409234.568; "16.4582" → value None, anomaly "bad_grouping"."""
    raw = s.strip()
    t = raw.replace(" ", "")
    if not t or not any(c.isdigit() for c in t):
        return Parsed(None, raw)
    if "." in t:
        if not _VN_GROUPED.fullmatch(t):
            return Parsed(None, raw, "bad_grouping")
        t = t.replace(".", "")
    elif _EN_GROUPED.fullmatch(t):
        t = t.replace(",", "")
    if not _PLAIN.fullmatch(t) or t.count(",") > 1:
        return Parsed(None, raw, "bad_grouping")
    return Parsed(_num(float(t.replace(",", "."))), raw)


# ---------------------------------------------------------------- words

_Tok = float | str  # a digit-number token's value, or a lowercased word


def _sub100(toks: list[_Tok]) -> float | None:
    """0–99 (or any digit-number token): "mười lăm", "hai mươi mốt", "hai mốt", "linh năm"."""
    n = len(toks)
    if n == 0:
        return 0.0
    if n == 1 and isinstance(toks[0], float):
        return toks[0]
    if any(isinstance(t, float) for t in toks):
        return None
    w = [str(t) for t in toks]
    if w[0] in _FILLER:
        return float(DIGIT_WORDS[w[1]]) if n == 2 and w[1] in DIGIT_WORDS else None
    if w[0] == "mười":
        if n == 1:
            return 10.0
        return 10.0 + DIGIT_WORDS[w[1]] if n == 2 and w[1] in DIGIT_WORDS and w[1] != "không" else None
    if w[0] not in DIGIT_WORDS or w[0] in ("mốt", "lăm", "nhăm") and n > 1:
        return None
    d = DIGIT_WORDS[w[0]]
    if n == 1:
        return float(d)
    if w[1] in _TENS:
        if n == 2:
            return 10.0 * d
        return 10.0 * d + DIGIT_WORDS[w[2]] if n == 3 and w[2] in DIGIT_WORDS else None
    if n == 2 and w[1] in DIGIT_WORDS and d > 0:  # "hai mốt" = 21, "bốn ba" = 43
        return 10.0 * d + DIGIT_WORDS[w[1]]
    return None


def _single_digit(toks: list[_Tok]) -> float | None:
    """A lone digit after a scale abbreviates the next place down ("năm trăm tư" = 540,
    "một triệu hai" = 1.2 triệu, "1tr2"); "rưỡi" is half the scale."""
    if len(toks) != 1:
        return None
    t = toks[0]
    if isinstance(t, float):
        return t if t < 10 and t == int(t) else None
    if t == _HALF:
        return 5.0
    d = DIGIT_WORDS.get(t)
    return float(d) if d else None


def _sub1000(toks: list[_Tok]) -> float | None:
    if "trăm" not in toks:
        return _sub100(toks)
    i = toks.index("trăm")
    left, right = toks[:i], toks[i + 1:]
    h = 1.0 if not left else _sub100(left)
    if h is None or h >= 10 and not isinstance(left[0], float):
        return None
    ab = _single_digit(right)
    if ab is not None:
        return h * 100 + ab * 10
    r = _sub100(right)
    return None if r is None or r >= 100 else h * 100 + r


def _integer(toks: list[_Tok]) -> float | None:
    scales = [(BIG_SCALES[t], i) for i, t in enumerate(toks) if isinstance(t, str) and t in BIG_SCALES]
    if not scales:
        if len(toks) > 1 and toks[-1] == _HALF and "trăm" not in toks:  # "hai đô rưỡi" = 2.5
            v = _sub1000(toks[:-1])
            return None if v is None else v + 0.5
        return _sub1000(toks)
    top = max(s for s, _ in scales)
    i = max(i for s, i in scales if s == top)  # "một nghìn tỷ": the last "tỷ" takes "một nghìn"
    left, right = toks[:i], toks[i + 1:]
    lv = 1.0 if not left else _integer(left)
    if lv is None:
        return None
    ab = _single_digit(right)
    if ab is not None:
        return (lv + ab / 10) * top
    rv = _integer(right)
    if rv is None or rv >= top:
        return None
    return lv * top + rv


def _tokens(s: str) -> list[_Tok] | None:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(s.lower()):
        t = m.group()
        if t[0].isdigit() or t[0] == ",":
            p = parse_digits(t)
            if p.value is None:
                return None
            out.append(p.value)
        elif t in NUMBER_WORDS or t in _NEGATIVE:
            out.append(t)
        else:
            return None
    return out


def parse_words(s: str) -> float | None:
    """Number words and mixed forms: "hai mươi mốt nghìn không trăm mười một" → 21011,
    "một trăm linh năm" → 105, "1,5 triệu" → 1500000, "1tr2" → 1200000, "không phẩy năm" → 0.5."""
    s = unicodedata.normalize("NFC", s)
    s = _TR.sub(r" \1 ", s.lower())
    toks = _tokens(s)
    if not toks:
        return None
    sign = 1.0
    if toks[0] in _NEGATIVE:
        sign, toks = -1.0, toks[1:]
    if not toks:
        return None
    point = next((i for i, t in enumerate(toks) if t in _POINT), None)
    if point is None:
        v = _integer(toks)
        return None if v is None else _num(sign * v)
    ip, rest = toks[:point], toks[point + 1:]
    digits = ""
    j = 0
    while j < len(rest) and isinstance(rest[j], str) and rest[j] in DIGIT_WORDS and rest[j] != "mốt":
        digits += str(DIGIT_WORDS[str(rest[j])])
        j += 1
    tail = rest[j:]
    if not digits or any(not (isinstance(t, str) and t in BIG_SCALES) for t in tail):
        return None
    iv = _integer(ip) if ip else 0.0
    if iv is None:
        return None
    v = iv + float("0." + digits)
    for t in tail:  # "một chấm năm triệu" = 1.5 triệu
        v *= BIG_SCALES[str(t)]
    return _num(sign * v)


_SIGNED = regex.compile(r"(?P<neg>-|−|âm\s)?\s*(?P<num>\d[\d.,]*|,\d+)(?P<suf>[kKmMgG])?")


def parse_number(s: str) -> Parsed:
    """Any written number: digits, digits with a scale word or K/M/G suffix, number words."""
    raw = s.strip()
    t = unicodedata.normalize("NFC", " ".join(raw.split()))
    m = _SIGNED.fullmatch(t)
    if m:
        p = parse_digits(m["num"])
        if p.value is None:
            return Parsed(None, raw, p.anomaly)
        v = p.value * (_SUFFIX[m["suf"].lower()] if m["suf"] else 1)
        return Parsed(_num(-v if m["neg"] else v), raw)
    bad = _DIGIT_RUN.search(t)
    if bad and parse_digits(bad.group()).anomaly:
        return Parsed(None, raw, "bad_grouping")
    t = _MINUS.sub("âm ", t)
    return Parsed(parse_words(t), raw)


def number_value(s: str) -> float | None:
    """`parse_number(s).value`: the number, or None."""
    return parse_number(s).value

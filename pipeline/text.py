"""Shared text helpers for stages and extractors: pure functions over strings."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Old-style ("hoà", "thuỷ", "uỷ") → the convention most news uses ("hòa", "thủy", "ủy")
# (GUIDELINES.md §2). Only open syllables move: "hoàn", "thuyền" keep their marks, and the
# "u" of "qu" is part of the consonant ("quý" is already right).
_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ",
    "o": "òóỏõọ", "u": "ùúủũụ",
}
_MOVE: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _i, _toned in enumerate(_TONED[_second]):
        for _up1 in (False, True):
            for _up2 in (False, True):
                _a = _first.upper() if _up1 else _first
                _b = _toned.upper() if _up2 else _toned
                _c = _TONED[_first][_i].upper() if _up1 else _TONED[_first][_i]
                _d = _second.upper() if _up2 else _second
                _MOVE[_a + _b] = _c + _d
_OLD_STYLE = regex.compile(
    r"(?<![qQ\p{L}])(?:[hHtTlLkKxXsSnNđĐ]|[tT][hH]|[kK][hH]|[nN][gG]|[cC])?\K(?:"
    + "|".join(sorted(_MOVE, key=len, reverse=True))
    + r")(?!\p{L})"
)


def unify_tones(s: str) -> str:
    """Move tone marks to the convention of GUIDELINES.md §2: "Chính uỷ" → "Chính ủy"."""
    s = unicodedata.normalize("NFC", s)
    return _OLD_STYLE.sub(lambda m: _MOVE[m.group(0)], s)


# ---------------------------------------------------------------- the key family
# One place for every lookup key of the project (issue 15). Each key is NFC, maps the
# Icelandic eth "Ð/ð" (U+00D0/U+00F0, common in PDF and Word text) to "Đ/đ", lowercases and
# collapses whitespace; they differ only in how much of the diacritics they keep:
#   norm_key   tones kept, placement unified      "Chính uỷ" = "chính ủy"
#   tone_key   tones dropped, hats/horns/đ kept    "Chỉnh ủy" = "chính uy"  (typos, "cừa khẩu")
#   fold_key   every mark dropped, đ → d           "Dong Dang" = "Đồng Đăng" (fuzzy only)
#   offset_key like norm_key but same length as the text, so its offsets are text offsets

_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})
_TONE_MARKS = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})


def unify_eth(s: str) -> str:
    """"Ð" (U+00D0, eth) → "Đ" (U+0110), and lowercase alike: same length."""
    return s.translate(_ETH)


def strip_marks(s: str) -> str:
    """Remove all diacritics ("Đồng Đăng" → "Dong Dang"), for fuzzy keys only."""
    s = unicodedata.normalize("NFD", unify_eth(s).replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def norm_key(s: str) -> str:
    """A lookup key: NFC, Ð → Đ, unified tones, lowercased, single spaces."""
    return " ".join(unify_tones(unify_eth(s)).lower().split())


@lru_cache(maxsize=65536)
def tone_key(s: str) -> str:
    """A tone-agnostic key: tone marks and their placement ignored ("Chính uỷ" = "Chỉnh ủy"),
    hats, horns, breves and đ kept; Ð → Đ, lowercased, single spaces."""
    d = unicodedata.normalize("NFD", unify_eth(s).lower())
    d = "".join(c for c in d if c not in _TONE_MARKS)
    return " ".join(unicodedata.normalize("NFC", d).split())


def fold_key(s: str) -> str:
    """An accent-free key ("dong dang"): for fuzzy look-ups only, never for display."""
    return " ".join(strip_marks(s).lower().split())


def offset_key(text: str) -> str:
    """A same-length lookup copy of `text` (Ð → Đ, unified tones, lowercase), so a match's
    offsets in the key are its offsets in the text."""
    k = unify_tones(unify_eth(text))
    if len(k) != len(text):  # moving a tone mark never changes the length; be safe anyway
        k = unify_eth(text)
    lowered = k.lower()
    if len(lowered) != len(text):  # a rare letter whose lowercase is longer: keep it as is
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in k)
    return lowered

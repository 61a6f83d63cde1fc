"""Shared text helpers for stages and extractors: pure functions over strings."""

from __future__ import annotations

import unicodedata

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


def strip_marks(s: str) -> str:
    """Remove all diacritics ("Đồng Đăng" → "Dong Dang"), for fuzzy keys only."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def norm_key(s: str) -> str:
    """A lookup key: NFC, unified tones, lowercased, single spaces."""
    return " ".join(unify_tones(s).lower().split())

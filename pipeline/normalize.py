"""normalize: the one place text is rewritten; everything after it keeps offsets into its output.

What changes: Unicode form (NFC), Ð (U+00D0, Icelandic eth) → Đ, invisible and exotic
whitespace, control characters (NUL, ESC …), line endings, runs of blank lines, exotic dashes. What never changes: letters,
tone-mark placement and spelling ("uỷ" stays "uỷ"; extractors normalize values, not text).
"""

from __future__ import annotations

import re
import unicodedata

# Characters deleted outright: NUL, BOM/ZWNBSP, zero-width space/joiners, soft hyphen, word
# joiner, LRM/RLM and the bidi embedding controls copy-pasted web text carries.
_DELETE = dict.fromkeys(
    map(ord, "\x00\ufeff\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"),
    None,
)
# Characters replaced one for one. Ð/ð (eth) look like Đ/đ and appear in legacy encodings'
# round trips (GUIDELINES.md §2). Exotic dashes → the en dash news uses; the minus sign and
# figure dash → "-" because they sit between numbers ("10−12").
_MAP = {
    "\u00d0": "\u0110", "\u00f0": "\u0111",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
    "\u2015": "\u2014", "\ufe58": "\u2014", "\ufe63": "-", "\uff0d": "-",
}
# The other C0/C1 control characters (ESC, BEL, backspace …): never text, and a terminal
# obeys them when `vnfacts show` prints scraped text (ESC[2J clears the screen).
_CONTROLS = dict.fromkeys(
    [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)], None,
)
_TABLE = {**_CONTROLS, **_DELETE, **{ord(k): v for k, v in _MAP.items()}}


def strip_controls(s: str) -> str:
    """`s` without control characters (for metadata that is not normalized: URLs …)."""
    return s.translate(_CONTROLS)

# Any horizontal space (tab, VT, FF and Unicode's Zs: NBSP, en/em spaces, ideographic
# space …) → " ", by the translate table (tests check the list against regex's \p{Zs}).
HSPACE = "\t\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
    "\u200a\u202f\u205f\u3000"
_TABLE.update(dict.fromkeys(map(ord, HSPACE), " "))
# Line breaks of every convention (CRLF, CR, NEL, LS, PS) → "\n".
_NEWLINE = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_SPACES = re.compile(r" {2,}")
_BLANKS = re.compile(r"\n{3,}")


def normalize_text(s: str) -> str:
    """NFC; Ð→Đ; strip NUL/BOM/zero-width; one space for any run of horizontal whitespace;
    "\\n" line ends, no leading/trailing spaces on a line, at most one blank line in a row;
    no leading/trailing blank lines. Idempotent."""
    # Each rewrite runs only when there is something for it to do: this runs over every
    # article's text several times, and most texts need few of them.
    s = unicodedata.normalize("NFC", s.translate(_TABLE))
    if "\r" in s or "\x85" in s or "\u2028" in s or "\u2029" in s:
        s = _NEWLINE.sub("\n", s)
    if "  " in s:
        s = _SPACES.sub(" ", s)
    # Spaces are single now: at most one before or after a line break.
    s = s.replace(" \n", "\n").replace("\n ", "\n")
    if "\n\n\n" in s:
        s = _BLANKS.sub("\n\n", s)
    return s.strip("\n ")

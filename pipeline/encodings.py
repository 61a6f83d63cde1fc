"""Legacy Vietnamese encodings: detect Windows-1258, TCVN3 (ABC) and VNI and convert to Unicode.

Provincial sites still serve pages typed with the pre-Unicode font encodings. They arrive two
ways: as bytes that are not UTF-8 (the page was saved in the legacy encoding), or as UTF-8
text whose letters are the legacy bytes read as Latin-1/Windows-1252 ("Ch\u00ad\u00acng tr\u00d7nh"
is TCVN3 for "Chương trình", "Vieät Nam" is VNI for "Việt Nam"). Both are converted here,
before normalize (which would delete TCVN3's soft hyphen, the letter ư).

Detection scores each candidate reading by how many of its non-ASCII words are well-formed
Vietnamese syllables (onset + a known vowel nucleus + coda, at most one tone mark), minus
those that are not, and keeps the best. Tables are data: pipeline/data/tcvn3.csv (from the
TCVN 5712:1993 charmap) and pipeline/data/vni.csv (VNI-Windows chart).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex
from vnfacts.pipeline.tables import read_csv

DATA = Path(__file__).resolve().parent / "data"

UTF8, UTF16, CP1258, TCVN3, VNI = "utf-8", "utf-16", "cp1258", "tcvn3", "vni"
#: UTF-8 with some invalid bytes, each read as U+FFFD (a truncated or spliced file).
UTF8_LOSSY = "utf-8-lossy"

#: How much of a document detection reads: the decision needs a sample, not 50 MB.
SAMPLE_CHARS = 200_000
#: Words a legacy reading of UTF-8 text must gain over the text as it is to be applied.
MIN_GAIN = 3


def _rows(name: str) -> list[list[str]]:
    """A table's cells in header order (the chart tables are read by position)."""
    header, rows, _ = read_csv(DATA / name)
    return [[r[h] for h in header] for _, r in rows]


def _load_tcvn3() -> dict[int, str]:
    """Code point → Unicode for TCVN3 text read as Latin-1 or as Windows-1252."""
    table: dict[int, str] = {}
    for byte, uni, _name in _rows("tcvn3.csv"):
        b = int(byte, 16)
        table[b] = uni  # the byte read as Latin-1 (or straight from the file)
        if b < 0xA0:  # …and the same byte as Windows-1252 shows it ("‚" for 0x82)
            try:
                table[ord(bytes([b]).decode("cp1252"))] = uni
            except UnicodeDecodeError:
                pass  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252, Latin-1 only
    return table


def _load_vni() -> dict[str, str]:
    return {seq: uni for seq, uni in _rows("vni.csv")}


def _vni_translation(table: dict[str, str]) -> dict[int, str]:
    """VNI as a one-character translation: each mark byte becomes its combining marks (the
    chart's mark bytes and its one-byte letters are disjoint sets), so "Vieät" → "Vie" +
    U+0302 U+0323 + "t", and NFC composes "Việt". One pass, no per-match callback."""
    out: dict[int, str] = {}
    for seq, uni in table.items():
        if len(seq) == 1:
            out[ord(seq)] = uni
    for seq, uni in table.items():
        if len(seq) == 2:
            base = unicodedata.normalize("NFD", out.get(ord(seq[0]), seq[0]))
            marks = unicodedata.normalize("NFD", uni)[len(base):]
            assert out.setdefault(ord(seq[1]), marks) == marks, seq  # one meaning per byte
    return out


TCVN3_TABLE: dict[int, str] = _load_tcvn3()
VNI_TABLE: dict[str, str] = _load_vni()
_VNI_TRANSLATION = _vni_translation(VNI_TABLE)


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text (bytes read as Latin-1/cp1252) → Unicode: "Hµ Néi" → "Hà Nội"."""
    return text.translate(TCVN3_TABLE)


def vni_to_unicode(text: str) -> str:
    """VNI text (bytes read as cp1252) → Unicode: "Vieät Nam" → "Việt Nam"."""
    return unicodedata.normalize("NFC", text.translate(_VNI_TRANSLATION))


def unicode_to_tcvn3(text: str) -> str:
    """The inverse (for round-trip tests and fixtures); letters TCVN3 lacks pass through."""
    inverse = {}
    for cp, uni in TCVN3_TABLE.items():
        if cp >= 0xA0:  # the Latin-1 view is the canonical byte
            inverse.setdefault(uni, chr(cp))
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def unicode_to_vni(text: str) -> str:
    """The inverse of `vni_to_unicode` (for tests and fixtures)."""
    inverse = {uni: seq for seq, uni in VNI_TABLE.items()}
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def unicode_to_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258 as Vietnamese Windows wrote it: a base letter it has
    precomposed (ơ, ê, à …) plus a combining tone mark for the rest ("ộ" → "ô" + U+0323)."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", c)
        tones = "".join(t for t in decomposed if t in _TONES)
        base = unicodedata.normalize("NFC", "".join(t for t in decomposed if t not in _TONES))
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


# ------------------------------------------------------------------------- scoring

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Rhyme nuclei of Vietnamese (tone marks removed; ă â ê ô ơ ư kept): onset and coda around them.
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui "
    "uô uơ ưa ưi ưu ươ uy yê oai oay oao oeo iêu yêu uây uôi ươi ươu uya uyê uyu"
).split()
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?+"
    r"(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")"
    r"(?:ng|nh|ch|[cmnpt])?"
)
# A word for scoring: letters and marks (a symbol such as © is no word in any reading).
_WORD = regex.compile(r"[\p{L}\p{M}]{1,40}+")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=65536)  # a text's vocabulary is small; its words repeat
def is_syllable(word: str) -> bool:
    """Whether `word` is a well-formed Vietnamese syllable ("Nghiêng" yes, "Vieät" no)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return len(base) <= 7 and _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str) -> int:
    """Non-ASCII words that are Vietnamese syllables minus those that are not. One-letter
    words do not count: "©" read as TCVN3 is "â", a word, but no evidence."""
    score = 0
    for m in _WORD.finditer(text[:SAMPLE_CHARS]):
        w = m.group(0)
        if len(w) > 1 and _NON_ASCII.search(w):
            score += 1 if is_syllable(w) else -1
    return score


# ------------------------------------------------------------------------- decoding

@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _build_cp1252_fix() -> dict[int, str]:
    fix = {}
    for b in range(0x80, 0xA0):
        try:
            fix[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass  # undefined in cp1252: keep the Latin-1 reading
    return fix


_CP1252_FIX = _build_cp1252_fix()


def _cp1252(data: bytes) -> str:
    """Windows-1252, with the five bytes it leaves undefined read as Latin-1."""
    return data.decode("latin-1").translate(_CP1252_FIX)

# Characters that in running Vietnamese text mean "legacy bytes read as Latin-1": Latin-1
# letters and symbols that are not Vietnamese letters (à á â ã è é ê ì í ò ó ô õ ù ú ý are).
# The standard library's re: on a plain character class it scans ~8× faster than regex.
_LEGACY_MARKER = re.compile(
    r"[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de-\u00df"
    r"\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]"
)


_CONVERTERS = {TCVN3: tcvn3_to_unicode, VNI: vni_to_unicode}


def repair_legacy(text: str) -> tuple[str, str | None]:
    """UTF-8 text that is really TCVN3 or VNI read as Latin-1 → Unicode. Returns (text,
    encoding or None). The encoding is chosen on a sample of the whole text; then each line
    with legacy letters is converted only if that reads better (a page's Unicode menu may
    surround a legacy body). Lines past the sample follow the sample's decision, so a huge
    text costs one pass, not a score per line."""
    sample = text[:SAMPLE_CHARS]
    if len(_LEGACY_MARKER.findall(sample)) < 3:
        return text, None
    scores = {enc: vietnamese_score(conv(sample)) for enc, conv in _CONVERTERS.items()}
    enc = max(scores, key=lambda k: scores[k])
    # Real Unicode text with a few Latin-1 symbols ("© «Báo»") must never be rewritten: the
    # conversion has to gain at least MIN_GAIN well-formed words.
    if scores[enc] - max(vietnamese_score(sample), 0) < MIN_GAIN:
        return text, None
    convert = _CONVERTERS[enc]
    out: list[str] = []
    seen = 0
    for line in text.splitlines(keepends=True):
        if not _LEGACY_MARKER.search(line):
            out.append(line)
        elif seen < SAMPLE_CHARS:
            converted = convert(line)
            better = vietnamese_score(converted) > vietnamese_score(line)
            out.append(converted if better else line)
        else:
            out.append(convert(line))
        seen += len(line)
    return "".join(out), enc


def decode_bytes(data: bytes) -> Decoded:
    """Bytes → Unicode text and the encoding it was in: UTF-8 (BOM or not; legacy TCVN3/VNI
    letters inside it repaired), UTF-16 with a BOM, else the best by `vietnamese_score` of
    UTF-8 with its invalid bytes replaced, Windows-1258, TCVN3 and VNI."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16", errors="replace"), UTF16)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        repaired, enc = repair_legacy(text)
        return Decoded(repaired, enc or UTF8)
    sample = data[: SAMPLE_CHARS]
    readings = {
        UTF8_LOSSY: sample.decode("utf-8", errors="replace"),
        CP1258: unicodedata.normalize("NFC", sample.decode("cp1258", errors="replace")),
        TCVN3: tcvn3_to_unicode(sample.decode("latin-1")),
        VNI: vni_to_unicode(_cp1252(sample)),
    }
    scores = {enc: vietnamese_score(t) for enc, t in readings.items()}
    # A legacy reading must beat lossy UTF-8 by two words: one stray byte in ASCII text
    # reads as some toned letter in every legacy table. Then cp1258 wins ties.
    scores[UTF8_LOSSY] += 1
    best = max(scores, key=lambda k: (scores[k], k == UTF8_LOSSY, k == CP1258))
    if best == UTF8_LOSSY:
        return Decoded(data.decode("utf-8", errors="replace"), UTF8_LOSSY)
    if best == TCVN3:
        return Decoded(tcvn3_to_unicode(data.decode("latin-1")), TCVN3)
    if best == VNI:
        return Decoded(vni_to_unicode(_cp1252(data)), VNI)
    return Decoded(unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), CP1258)


# ------------------------------------------------------------------------- binary files

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"), (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"), (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"ID3", "an MP3 file"), (b"OggS", "an Ogg file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"), (b"SQLite format 3\x00", "an SQLite database"),
)
_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20))
_CONTROL_BYTES = bytes(sorted(_CONTROL))


def sniff_binary(data: bytes) -> str | None:
    """What a non-text file is ("a PDF document"), or None for text. Judged on the first
    8 KB: a known file signature, or more than 10% control bytes (a few NULs in text are
    noise normalize removes; an image is mostly control bytes)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return None  # a byte-order mark: text
    for magic, what in _MAGIC:
        if head.startswith(magic) and (magic != b"MZ" or head[2:4] in (b"\x90\x00", b"P\x00")):
            return what
    if head[4:12] in (b"ftypisom", b"ftypmp42", b"ftypavif", b"ftypheic") or (
        head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI ")
    ):
        return "an image, audio or video file"
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 10:
        return "binary data"
    return None

"""Legacy Vietnamese encodings (pipeline/encodings.py): tables, detection, and ingest records
the detected encoding on the article (`Article.encoding`, `articles.encoding`)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from vnfacts.pipeline.encodings import (
    CP1258,
    TCVN3,
    TCVN3_TABLE,
    UTF8,
    UTF16,
    VNI,
    VNI_TABLE,
    decode_bytes,
    is_syllable,
    repair_legacy,
    tcvn3_to_unicode,
    unicode_to_cp1258,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from vnfacts.pipeline.ingest import iter_articles
from vnfacts.pipeline.types import Article

# Short sentences in the style of the corpus (no whole articles).
SENTENCES = [
    "Chương trình phối hợp giữa Bộ đội Biên phòng tỉnh Lạng Sơn và Cục Hải quan.",
    "Ngày 21/1/2021, Đại tá Nguyễn Văn Thuận kiểm tra Cửa khẩu quốc tế Hữu Nghị.",
    "Kim ngạch xuất nhập khẩu đạt hơn 1,5 triệu USD, tăng 12% so với cùng kỳ.",
    "Đồn Biên phòng cửa khẩu Sóc Giang tổ chức tuyên truyền cho 300 lượt người dân.",
    "Quyết định số 15/2020/NĐ-CP của Chính phủ về xử phạt vi phạm hành chính.",
]
# Every toned vowel and đ, both cases: the whole alphabet a table must carry.
ALPHABET = "".join(
    unicodedata.normalize("NFC", base + tone)
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
) + "đ"


# ------------------------------------------------------------------ the tables


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("¸", "á"), ("µ", "à"), ("¶", "ả"), ("·", "ã"), ("¹", "ạ"),  # TCVN 5712 a-series
    ("¨", "ă"), ("©", "â"), ("ª", "ê"), ("«", "ô"), ("¬", "ơ"), ("\u00ad", "ư"), ("®", "đ"),
    ("§", "Đ"), ("Ð", "é"), ("×", "ì"), ("Ö", "ệ"), ("þ", "ỵ"),
])
def test_tcvn3_table_matches_the_standard(legacy: str, unicode: str) -> None:
    assert TCVN3_TABLE[ord(legacy)] == unicode


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("aù", "á"), ("aø", "à"), ("aû", "ả"), ("aõ", "ã"), ("aï", "ạ"),
    ("aâ", "â"), ("aá", "ấ"), ("aä", "ậ"), ("aê", "ă"), ("aú", "ẳ"), ("aë", "ặ"),
    ("ô", "ơ"), ("ôù", "ớ"), ("ö", "ư"), ("öï", "ự"), ("í", "í"), ("æ", "ỉ"), ("ó", "ĩ"),
    ("ò", "ị"), ("î", "ỵ"), ("ñ", "đ"), ("Ñ", "Đ"), ("AÙ", "Á"), ("OÂ", "Ô"), ("Î", "Ỵ"),
])
def test_vni_table_matches_the_chart(legacy: str, unicode: str) -> None:
    assert VNI_TABLE[legacy] == unicode
    assert vni_to_unicode(legacy) == unicode


@pytest.mark.parametrize(("legacy", "expected"), [
    ("Ch\u00ad¬ng tr×nh", "Chương trình"),
    ("Hµ Néi", "Hà Nội"),
    ("§ån Biªn phßng", "Đồn Biên phòng"),
])
def test_tcvn3_words(legacy: str, expected: str) -> None:
    assert tcvn3_to_unicode(legacy) == expected


@pytest.mark.parametrize(("legacy", "expected"), [
    ("Vieät Nam", "Việt Nam"),
    ("Ñoàn Bieân phoøng", "Đồn Biên phòng"),
    ("QUOÁC HOÄI", "QUỐC HỘI"),
])
def test_vni_words(legacy: str, expected: str) -> None:
    assert vni_to_unicode(legacy) == expected


@pytest.mark.parametrize("case", ["lower", "upper"])
def test_vni_round_trips_the_whole_alphabet(case: str) -> None:
    text = ALPHABET if case == "lower" else ALPHABET.upper()
    assert vni_to_unicode(unicode_to_vni(text)) == text


def test_tcvn3_round_trips_the_whole_lowercase_alphabet() -> None:
    legacy = unicode_to_tcvn3(ALPHABET)
    assert all(ord(c) < 0x100 for c in legacy)  # every letter has a byte
    assert tcvn3_to_unicode(legacy) == ALPHABET


@pytest.mark.parametrize("text", SENTENCES)
def test_cp1258_round_trip_through_python_codec(text: str) -> None:
    data = unicode_to_cp1258(text)
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == text
    assert "\u0323".encode("cp1258") in data or "ạ" not in text  # tones as combining marks


# ------------------------------------------------------------------ detection


@pytest.mark.parametrize(("word", "ok"), [
    ("Nghiêng", True), ("khuyến", True), ("giữa", True), ("quốc", True), ("Thuận", True),
    ("Vieät", False), ("Ch\u00ad¬ng", False), ("phèi", False), ("trưởngg", False), ("ấá", False),
])
def test_is_syllable(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize(("encode", "encoding"), [
    (lambda s: s.encode("utf-8"), UTF8),
    (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), UTF8),
    (lambda s: s.encode("utf-16"), UTF16),
    (unicode_to_cp1258, CP1258),
    (lambda s: unicode_to_tcvn3(s).encode("latin-1"), TCVN3),
    (lambda s: unicode_to_vni(s).encode("cp1252"), VNI),
    # the legacy letters already inside UTF-8 (a page saved from a .VnTime/VNI document)
    (lambda s: unicode_to_tcvn3(s).encode("utf-8"), TCVN3),
    (lambda s: unicode_to_vni(s).encode("utf-8"), VNI),
], ids=["utf8", "utf8-bom", "utf16", "cp1258", "tcvn3", "vni", "tcvn3-in-utf8", "vni-in-utf8"])
def test_detects_and_converts(text: str, encode, encoding: str) -> None:  # noqa: ANN001
    decoded = decode_bytes(encode(text))
    assert decoded.encoding == encoding
    assert unicodedata.normalize("NFC", decoded.text) == text


@pytest.mark.parametrize("text", [
    "© 2021 Báo Lạng Sơn – «Biên giới» 30°C, ±2",  # Latin-1 symbols in real Unicode text
    "Café au lait, naïve façade, Ångström",  # foreign words with Latin-1 letters
    "Hà Nội và Đà Nẵng", "",
])
def test_unicode_text_is_left_alone(text: str) -> None:
    assert repair_legacy(text) == (text, None)
    assert decode_bytes(text.encode()).text == text


def test_mixed_page_converts_only_the_legacy_lines() -> None:
    menu = "Trang chủ | Tin tức © Báo Biên phòng «Đặc biệt»"
    body = unicode_to_tcvn3(SENTENCES[0])
    text, enc = repair_legacy(f"{menu}\n{body}\n{menu}")
    assert (text, enc) == (f"{menu}\n{SENTENCES[0]}\n{menu}", TCVN3)


# ------------------------------------------------------------------ through ingest


@pytest.mark.parametrize(("name", "data", "encoding"), [
    ("tcvn3.txt", unicode_to_tcvn3(SENTENCES[1]).encode("latin-1"), TCVN3),
    ("vni.txt", unicode_to_vni(SENTENCES[1]).encode("cp1252"), VNI),
    ("cp1258.html", b"<html><body><p>" + unicode_to_cp1258(SENTENCES[1]) + b"</p></body></html>",
     CP1258),
    ("tcvn3.html", b"<p>" + unicode_to_tcvn3(SENTENCES[1]).encode("latin-1") + b"</p>", TCVN3),
    ("tcvn3-utf8.txt", unicode_to_tcvn3(SENTENCES[1]).encode("utf-8"), TCVN3),
    ("plain.txt", SENTENCES[1].encode("utf-8"), UTF8),
    ("record.jsonl", json.dumps({"title": "t", "content": unicode_to_vni(SENTENCES[1])}).encode(),
     VNI),
    ("record.json", json.dumps({"content": unicode_to_tcvn3(SENTENCES[1])}).encode(), TCVN3),
])
def test_ingest_converts_and_records_the_encoding(tmp_path: Path, name: str, data: bytes,
                                                  encoding: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (article,) = list(iter_articles([str(path)]))
    assert isinstance(article, Article), article
    assert (article.text, article.encoding) == (SENTENCES[1], encoding)


def test_encoding_is_stored_in_the_articles_table(tmp_path: Path) -> None:
    from vnfacts.pipeline.engine import run
    from vnfacts.pipeline.store import Store

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(unicode_to_vni(SENTENCES[3]).encode("cp1252"))
    (src / "b.txt").write_bytes(SENTENCES[4].encode())
    db = tmp_path / "facts.db"
    with Store.open(db) as store:
        run(store, [str(src)], kinds=["date"])
        rows = store.db.execute("SELECT text, encoding FROM articles ORDER BY encoding").fetchall()
    assert rows == [(SENTENCES[4], UTF8), (SENTENCES[3], VNI)]

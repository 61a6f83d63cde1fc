"""normalize_text: what changes (form, whitespace, Ð, dashes) and what never does (spelling)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from vnfacts.pipeline.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # NFD (decomposed marks, as macOS and some CMSs write) → NFC
        (unicodedata.normalize("NFD", "Lào Cai"), "Lào Cai"),
        # Ð (U+00D0, Icelandic eth) is Đ (GUIDELINES.md §2)
        ("\u00d0ồn Biên phòng", "Đồn Biên phòng"),
        ("\u00f0ồng chí", "đồng chí"),
        # NBSP, tabs, ideographic and en spaces → one space
        ("Ngày cập nhật\u00a028/12/2019", "Ngày cập nhật 28/12/2019"),
        ("Xem tin theo ngày\u00a0\u00a0", "Xem tin theo ngày"),
        ("2.462\tbuổi", "2.462 buổi"),
        ("Tổng  truy\u3000cập\u2002 7.103.112", "Tổng truy cập 7.103.112"),
        # zero-width characters, soft hyphen, BOM and NUL disappear
        ("\ufeffLào\u200b Cai\u00ad\x00", "Lào Cai"),
        ("cửa\u200dkhẩu", "cửakhẩu"),
        # CRLF / CR / LS → \n; runs of blank lines → one blank line; no trailing spaces
        ("Tin 1.\r\nTin 2.\rTin 3.\u2028Tin 4.", "Tin 1.\nTin 2.\nTin 3.\nTin 4."),
        ("Đoạn 1. \n\n\n\n  Đoạn 2.\n\n", "Đoạn 1.\n\nĐoạn 2."),
        ("\u00a0\n\nĐoạn 1.\n \n \nĐoạn 2.", "Đoạn 1.\n\nĐoạn 2."),
        # minus sign / non-breaking hyphen → "-"; the en dash news uses stays
        ("10\u221212 phút", "10-12 phút"),
        ("Biên phòng\u2011Hải quan", "Biên phòng-Hải quan"),
        ("giai đoạn 2012 – 2020", "giai đoạn 2012 – 2020"),
        # tone-mark placement and spelling are never touched
        ("Chính uỷ Bộ chỉ huy", "Chính uỷ Bộ chỉ huy"),
        ("Thanh Hoá, thuỷ sản, hoà bình", "Thanh Hoá, thuỷ sản, hoà bình"),
        ("Phó Chỉnh ủy", "Phó Chỉnh ủy"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@given(st.text(alphabet=st.sampled_from(list("aăâđeêoôơuưyàảãáạằẳẵắặĐÐ \u00a0\t\n\r\u200b\ufeff.,–−-"))))
def test_normalize_is_idempotent_and_clean(s: str) -> None:
    out = normalize_text(s)
    assert normalize_text(out) == out
    assert unicodedata.is_normalized("NFC", out)
    assert not any(c in out for c in "\u00a0\t\r\u200b\ufeff\u00d0\u2212")
    assert "\n\n\n" not in out and "  " not in out


@pytest.mark.slow
def test_horizontal_space_list_is_unicode_zs() -> None:
    """normalize's translate table turns exactly tab, VT, FF and Unicode's Zs into " "."""
    import regex
    from vnfacts.pipeline.normalize import HSPACE

    zs = {chr(c) for c in range(0x110000) if regex.match(r"\p{Zs}", chr(c))} - {" "}
    assert set(HSPACE) == zs | set("\t\x0b\x0c")
    for c in HSPACE:
        assert normalize_text(f"a{c} {c}b") == "a b"

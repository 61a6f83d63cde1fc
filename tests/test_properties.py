"""Property tests (Hypothesis) over random Vietnamese-heavy text: every extractor returns,
every fact keeps the offset contract and validates against its value model, the pipeline is
deterministic, and the legacy-encoding converters round-trip."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vnfacts.pipeline.api import make_doc
from vnfacts.pipeline.encodings import (
    decode_bytes,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from vnfacts.pipeline.encodings import tcvn3_to_unicode as tcvn3
from vnfacts.pipeline.normalize import normalize_text
from vnfacts.pipeline.runner import process
from vnfacts.pipeline.types import Fact, kind_names, spec

# Every vowel with every tone, both cases, plus đ/Đ: the letters the patterns care about.
_VOWELS = "".join(
    unicodedata.normalize("NFC", base + tone)
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)
LETTERS = _VOWELS + _VOWELS.upper() + "đĐbcdghklmnpqrstvxBCDGHKLMNPQRSTVX"
ALPHABET = LETTERS + "0123456789" + "./-,:" + "  \n"
FRAGMENTS = [
    "ngày", "Ngày", "tháng", "năm", "quý", "cửa khẩu", "Cửa khẩu", "quốc tế", "lối mở", "Đại tá",
    "Thượng tá", "ông", "bà", "triệu", "tỷ", "đồng", "lượt", "số", "Số", "/", "-", "–", ".", ",",
    "Hữu Nghị", "Lào Cai", "Nguyễn Văn", "Chủ tịch", "UBND tỉnh", "hơn", "khoảng", "từ", "đến",
    "NĐ-CP", "QĐ-UBND", "KH-BCH", "/2020/", "2021", "12", "1.200", "1,5", "III", "\n", " ",
]
TEXTS = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=6)),
    max_size=40,
).map(" ".join)
PUBLISHED = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)))

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str, facts: list[Fact]) -> None:
    for f in facts:
        assert text[f.start:f.end] == f.text, f
        model = spec(f.kind).value_model
        assert isinstance(f.value, model)
        model.model_validate(f.value_json())  # the stored JSON is a valid value again
        assert Fact.model_validate(f.to_json()) == f


@FAST
@given(TEXTS, PUBLISHED)
def test_every_extractor_returns_and_keeps_the_contract(text: str, published: dt.date | None) -> None:
    doc = make_doc(text, published)
    prior: dict[str, list[Fact]] = {}
    for kind in kind_names():
        facts = spec(kind).extract(doc, prior)
        assert all(f.kind == kind for f in facts)
        _check(doc.text, facts)
        prior[kind] = facts


@FAST
@given(TEXTS, PUBLISHED)
def test_pipeline_is_deterministic(text: str, published: dt.date | None) -> None:
    a = process(make_doc(text, published).article)
    b = process(make_doc(text, published).article)
    assert a.error is None, a.error
    assert [f.to_json() for f in a.facts] == [f.to_json() for f in b.facts]


@FAST
@given(st.text(max_size=200))
def test_any_unicode_normalizes_and_extracts(text: str) -> None:
    result = process(make_doc(text).article)
    assert result.error is None, result.error
    _check(result.article.text, result.facts)  # type: ignore[union-attr]
    assert normalize_text(result.article.text) == result.article.text  # type: ignore[union-attr]


WORDS = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=7), max_size=30).map(" ".join)


@FAST
@given(WORDS)
def test_vni_round_trips(text: str) -> None:
    assert vni_to_unicode(unicode_to_vni(text)) == unicodedata.normalize("NFC", text)


@FAST
@given(WORDS)
def test_tcvn3_round_trips_lowercase(text: str) -> None:
    # TCVN3 has no uppercase toned letters (the .VnTimeH font drew them): compare lowercase.
    assert tcvn3(unicode_to_tcvn3(text.lower())) == text.lower()


REAL_WORDS = st.lists(st.sampled_from(FRAGMENTS + ["©", "«", "»", "°C", "±", "café", "Ångström"]),
                      max_size=40).map(" ".join)


@FAST
@given(REAL_WORDS)
def test_utf8_vietnamese_is_never_repaired(text: str) -> None:
    decoded = decode_bytes(text.encode())
    assert (decoded.text, decoded.encoding) == (text, "utf-8")

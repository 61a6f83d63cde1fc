"""segment: underthesea words and sentences re-aligned to the stored text, and the spaCy bridge."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vnfacts.extractors.date import DateValue
from vnfacts.pipeline.api import make_doc
from vnfacts.pipeline.ingest import iter_articles
from vnfacts.pipeline.segment import segment
from vnfacts.pipeline.spacy_component import facts_to_spans, to_spacy
from vnfacts.pipeline.types import Article, Doc, Fact


def _check_offsets(doc: Doc) -> None:
    """Every token is its text's slice; sentences in bounds, ordered, disjoint; tokens inside
    their sentence; every non-space character covered by one token."""
    text = doc.text
    prev_end = 0
    covered = 0
    for s in doc.sentences:
        assert 0 <= prev_end <= s.start < s.end <= len(text)
        assert s.tokens and s.tokens[0].start == s.start and s.tokens[-1].end == s.end
        assert "\n" not in text[s.start:s.end]  # never across a paragraph break
        last = s.start
        for t in s.tokens:
            assert text[t.start:t.end] == t.text
            assert last <= t.start < t.end <= s.end
            last = t.end
            covered += sum(not c.isspace() for c in t.text)
        prev_end = s.end
    assert covered == sum(not c.isspace() for c in text)


@pytest.mark.parametrize(
    ("text", "words", "sentences"),
    [
        # underthesea returns "ủy" for "uỷ": the token keeps the stored spelling
        ("Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng.",
         ["Đại tá", "Lương Văn Sơn", "–", "Chính uỷ", "Bộ chỉ huy", "Bộ đội", "Biên phòng", "."], 1),
        ("Ông Hoà đi. Bà Thuỷ về.", ["Ông", "Hoà", "đi", ".", "Bà", "Thuỷ", "về", "."], 2),
        ("Ngày 21/1, hơn 2.600 tin…", ["Ngày", "21/1", ",", "hơn", "2.600", "tin", "…"], 1),
        ("số 5115/CTr-BTTTT-BTLBP ngày 9/12/2021", None, 1),
        # a sentence never spans a paragraph break, even without final punctuation
        ("Tin Liên Quan\nChiều 17/12, tại Hội trường", None, 2),
        ("Đoạn một\n\nĐoạn hai.\n\n\n", None, 2),
        ("", [], 0),
    ],
)
def test_segment_table(text: str, words: list[str] | None, sentences: int) -> None:
    doc = make_doc(text)
    _check_offsets(doc)
    assert len(doc.sentences) == sentences
    if words is not None:
        assert [t.text for s in doc.sentences for t in s.tokens] == words


_ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậòỏõóọùủũúụỳỷỹýỵỷĐÐUỶ0123456789")
_ALPHABET += [" ", " ", " ", "\n", ".", ",", "…", "–", "-", "/", "(", ")", "“", "”", "%", ":", "\u00a0", "\u200b"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=200))
def test_offsets_property(text: str) -> None:
    _check_offsets(make_doc(text))


@pytest.mark.shared
def test_offsets_on_every_shared_file(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    globs = [str(corpus / "*.md"), str(corpus / "*.html"), str(corpus / "*.txt"), str(shared_dir / "seeds")]
    arts = [a for a in iter_articles(globs) if isinstance(a, Article)]
    assert len(arts) == 145  # 140 corpus files (not the .jsonl) + 5 seeds
    for art in arts:
        _check_offsets(segment(art))


@pytest.mark.shared
@pytest.mark.slow
def test_offsets_on_every_baomoi_record(shared_dir: Path) -> None:
    arts = [a for a in iter_articles([str(shared_dir / "corpus" / "baomoi_records.jsonl")])
            if isinstance(a, Article)]
    assert len(arts) == 200
    for art in arts:
        _check_offsets(segment(art))


def test_pos_tags_optional() -> None:
    art = make_doc("Bộ đội Biên phòng tỉnh Lào Cai.").article
    plain = [t.pos for s in segment(art).sentences for t in s.tokens]
    tagged = segment(art, pos=True)
    _check_offsets(tagged)
    assert set(plain) == {None}
    assert [(t.text, t.pos) for s in tagged.sentences for t in s.tokens][-1] == (".", "CH")


def test_to_spacy_and_spans() -> None:
    doc = make_doc("Ngày 21/1, Bộ chỉ huy họp.\n\nChiều 17/12, tại Lào Cai.")
    sdoc = to_spacy(doc)
    assert sdoc.text == doc.text
    words = [t.text for t in sdoc if not t.is_space]
    assert words == [t.text for s in doc.sentences for t in s.tokens]
    assert [s.text.strip() for s in sdoc.sents] == ["Ngày 21/1, Bộ chỉ huy họp.", "Chiều 17/12, tại Lào Cai."]
    value = DateValue(grain="day", month=1, day=21)
    facts = [
        Fact.at(doc.text, "date", 0, 9, value, "test"),  # "Ngày 21/1": exactly two tokens
        Fact.at(doc.text, "date", 33, 37, value, "test"),  # "17/1" inside "17/12": expands
    ]
    spans = facts_to_spans(sdoc, facts)
    assert [(s.text, s.label_) for s in spans] == [("Ngày 21/1", "date"), ("17/12", "date")]
    assert list(sdoc.spans["sc"]) == spans


# Word segmentation is most of the pipeline's cost: segment() must leave tokens unloaded
# until read, and reading them must give the same exact, aligned tokens.
LAZY_CASES = [
    ("Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng. Ngày 21/1, ông thăm "
     "41.262 lượt người dân.", ["Đại tá", "Lương Văn Sơn", "Chính uỷ"]),
    ("Năm 2016, hai đơn vị tuyên truyền cho 3.795 lượt người.\nHội nghị kết thúc.",
     ["Năm", "2016", "hai", "đơn vị"]),
]


@pytest.mark.parametrize(("text", "words"), LAZY_CASES)
def test_tokens_are_lazy_and_exact(text: str, words: list[str]) -> None:
    doc = make_doc(text)
    assert doc.sentences and all(s._tokens is None for s in doc.sentences)
    got = [t.text for s in doc.sentences for t in s.tokens]
    for w in words:
        assert w in got
    for s in doc.sentences:
        assert s._tokens is not None
        for t in s.tokens:
            assert doc.text[t.start:t.end] == t.text
            assert s.start <= t.start < t.end <= s.end

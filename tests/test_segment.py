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


# ---------------------------------------------------------------- one long paragraph (issue 21)

_LINE = ("Ngày 21/1/2021, Đại tá Nguyễn Văn Thuận kiểm tra cửa khẩu quốc tế Hữu Nghị. "
         "Lượng xe qua cửa khẩu tăng 12,5% so với cùng kỳ năm 2020. ")


def _covered_once(doc: Doc) -> None:
    text = doc.text
    owner = [0] * len(text)
    for s in doc.sentences:
        for t in s.tokens:
            assert s.start <= t.start < t.end <= s.end and text[t.start:t.end] == t.text
            for i in range(t.start, t.end):
                owner[i] += 1
    # every non-space character in exactly one token (a space may sit inside a word)
    assert all(owner[i] <= 1 if c.isspace() else owner[i] == 1 for i, c in enumerate(text))


def test_a_long_run_of_digits_and_dots_is_tokenized_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # _lazy_bounds re-tokenized the whole run once per sentence boundary in it (50,000
    # digits and dots: 30 s); the run is one token, and sent_tokenize sees it masked.
    import random

    from underthesea.pipeline.word_tokenize import regex_tokenize

    rnd = random.Random(5)
    text = "".join(rnd.choice("0123456789.") for _ in range(20_000)) + " Năm 2016."
    calls: list[int] = []
    real = regex_tokenize.tokenize
    monkeypatch.setattr(regex_tokenize, "tokenize", lambda s, *a, **k: calls.append(len(s)) or real(s, *a, **k))
    doc = make_doc(text)
    _covered_once(doc)
    assert max(calls, default=0) < 1000  # never the 20,000-character run
    assert doc.sentences[0].tokens[0].text == text.split()[0]


def test_a_long_paragraph_is_word_segmented_in_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # One word_tokenize call on a 800k-character line took 44 s and 1.7 GB.
    from vnfacts.pipeline import segment as seg

    sizes: list[int] = []
    real = seg._ut_words
    monkeypatch.setattr(seg, "_ut_words", lambda p, pos: sizes.append(len(p)) or real(p, pos))
    text = (_LINE * (3 * seg.WINDOW // len(_LINE) + 1)).strip()
    doc = make_doc(text)
    _covered_once(doc)
    assert len(sizes) >= 3 and max(sizes) <= seg.WINDOW
    short = make_doc(_LINE * 3)  # an ordinary paragraph: one call, as before
    sizes.clear()
    _ = [s.tokens for s in short.sentences]
    assert len(sizes) == 1

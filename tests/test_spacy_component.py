"""The spaCy component (extra `vnfacts[spacy]`): facts as doc.spans and doc.ents."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

import vnfacts.pipeline.spacy_component  # noqa: E402,F401 - registers the "vnfacts" factory

TEXT = ("Ngày 21/1, Đại tá Lương Văn Sơn – Chính uỷ Bộ chỉ huy Bộ đội Biên phòng dự hội nghị "
        "tại Cửa khẩu Quốc tế Lào Cai với 824 buổi tuyên truyền.")


def test_component_sets_spans_ents_and_facts() -> None:
    nlp = spacy.blank("xx")
    nlp.add_pipe("vnfacts", config={"published": "2013-01-22"})
    doc = nlp(TEXT)
    got = [(s.text, s.label_) for s in doc.spans["vnfacts"]]
    assert got == [("Ngày 21/1", "date"), ("Lương Văn Sơn", "official"),
                   ("Cửa khẩu Quốc tế Lào Cai", "border_gate"), ("824 buổi", "indicator")]
    assert [e.label_ for e in doc.ents] == ["date", "official", "border_gate", "indicator"]
    fact = doc.spans["vnfacts"][0]._.fact
    assert fact.value.start.isoformat() == "2013-01-21"
    assert doc.spans["vnfacts"][1]._.fact.value.title == "Chính ủy"


def test_component_kinds_and_per_doc_publication() -> None:
    nlp = spacy.blank("xx")
    nlp.add_pipe("vnfacts", config={"kinds": ["date"]})
    doc = nlp.make_doc("Ngày 21/1, 824 buổi.")
    doc._.published = "2020-01-30"
    doc = nlp.get_pipe("vnfacts")(doc)
    assert [(s.text, s._.fact.value.start.isoformat()) for s in doc.spans["vnfacts"]] == [
        ("Ngày 21/1", "2020-01-21")]


def test_component_refuses_text_it_cannot_index() -> None:
    nlp = spacy.blank("xx")
    nlp.add_pipe("vnfacts")
    with pytest.raises(ValueError, match="NFC"):
        nlp("Chi\u0301nh uy\u0309")  # decomposed marks: our offsets index the NFC text

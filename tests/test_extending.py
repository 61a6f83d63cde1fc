"""docs/extending.md, proved: a new kind is one module's worth of code (a value model, an
extract function and a KindSpec), and every part of the project picks it up from the registry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
import regex
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.diff import value_summary
from vnfacts.pipeline.gold import value_problems
from vnfacts.pipeline.runner import process
from vnfacts.pipeline.score import score_article
from vnfacts.pipeline.store import Store, views
from vnfacts.pipeline.types import Doc, Fact, KindSpec, Value, register, unregister

import vnfacts

# ---- the toy kind: what a new extractor module would hold (plus its data and tests)

HOTLINE = regex.compile(r"\b(?:đường dây nóng|hotline)\s+(\d{3,5}(?:[ .]\d{3,4})*)", regex.I)


class HotlineValue(Value):
    number: str  # digits only


def extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]:
    return [Fact.at(doc.text, "hotline", m.start(1), m.end(1),
                    HotlineValue(number=regex.sub(r"\D", "", m.group(1))), "hotline.digits")
            for m in HOTLINE.finditer(doc.text)]


TOY = KindSpec(
    name="hotline", value_model=HotlineValue, extract=extract,
    key=lambda v: (v["number"],), guideline_fields=("number",), record_fields=("number",),
    view="hotlines", view_columns=(("number", "$.number", "Digits of the hotline"),),
    validate=lambda v: [] if v.number.isdigit() else ["number must be digits"],
    summary=lambda v: f"☎ {v['number']}", colour="black on white", label="Hotlines (toy kind)",
)

TEXT = "Ngày 21/1, người dân gọi đường dây nóng 1900 1234 để báo tin."


@pytest.fixture
def toy() -> Iterator[KindSpec]:
    register(TOY)
    yield TOY
    unregister("hotline")


def test_a_registered_kind_runs_everywhere(toy: KindSpec, tmp_path: Path) -> None:
    assert "hotline" in vnfacts.kind_names()
    # the runner (offset check, isolation) and the public API
    facts = vnfacts.extract(TEXT, published="2025-01-22", kinds=["hotline"])
    assert [(f.kind, f.text, f.value.number) for f in facts] == [("hotline", "1900 1234",
                                                                   "19001234")]
    both = process(make_article(TEXT, published="2025-01-22"), ["date", "hotline"]).facts
    assert [f.kind for f in both] == ["date", "hotline"]
    # the store: a view per kind, from the spec
    assert views()["hotlines"][-1] == "number"
    with Store.open(tmp_path / "t.db") as store:
        run = store.start_run({}, "test")
        store.write_batch(run, [process(make_article(TEXT), ["hotline"])])
        rows = list(store.db.execute("SELECT text, number FROM hotlines"))
    assert rows == [("1900 1234", "19001234")]
    # scoring, gold checks and display
    s = score_article(facts, facts)
    assert s.f1("value", "hotline") == 1.0 and s.f1("record", "hotline") == 1.0
    bad = Fact(kind="hotline", start=0, end=4, text="Ngày", value=HotlineValue(number="x"))
    assert value_problems(bad) == ["number must be digits"]
    assert value_summary(facts[0]) == "☎ 19001234"


def test_an_unknown_kind_is_refused_with_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: date, document"):
        vnfacts.spec("hotline")

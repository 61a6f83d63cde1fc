"""Gold-file tooling (GUIDELINES.md §4): load, check, draft, accept, and run the gold articles.

A gold file is `gold/NAME.json`, a `GoldFile` (pipeline/types.py); `gold/schema.json` is
that model's JSON Schema and `gold/thresholds.json` the CI gate's minimum F1s, so those two
names are not gold files. Article references are paths relative to the repository root
(plus the 1-based line for a .jsonl record); `check` re-ingests them through pipeline.ingest
and compares the sha256, so a change in the text or in ingest shows up as a failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from pydantic import ValidationError
from vnfacts.pipeline.body import parse_published
from vnfacts.pipeline.types import (
    Article,
    ArticleResult,
    Fact,
    GoldArticleRef,
    GoldFile,
    GoldReview,
    kind_specs,
    spec,
)


def default_root() -> Path:
    """What gold article paths are relative to when no root is given: the current directory
    (a checkout's top, where `make` runs), never this module's location, so an installed
    wheel works the same."""
    return Path.cwd()
RESERVED = frozenset({"schema.json", "thresholds.json", "selection.json", "heldout-baseline.json"})
_UNSAFE_NAME = regex.compile(r"[^A-Za-z0-9._-]++")


class GoldError(Exception):
    """A gold file or its article cannot be used."""


# ------------------------------------------------------------------ files


def gold_paths(gold_dir: str | Path) -> list[Path]:
    """The gold files of a directory, sorted (schema.json/thresholds.json excluded)."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise GoldError(f"no gold directory {d}")
    return sorted(p for p in d.glob("*.json") if p.name not in RESERVED)


def load_gold(path: str | Path) -> GoldFile:
    """Parse and validate one gold file (raises ValidationError / ValueError)."""
    return GoldFile.model_validate_json(Path(path).read_text(encoding="utf-8"))


def schema() -> dict[str, Any]:
    """The JSON Schema of a gold file, as written to gold/schema.json."""
    s = GoldFile.model_json_schema()
    # A fact's value is validated by its kind's model (the registry): say so in the schema,
    # one if/then per kind, with each value model's own schema among the definitions.
    defs = s.setdefault("$defs", {})
    cases = []
    for k in kind_specs():
        vs = k.value_model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(vs.pop("$defs", {}))
        defs[k.value_model.__name__] = vs
        cases.append({"if": {"properties": {"kind": {"const": k.name}}},
                      "then": {"properties": {"value": {"$ref": f"#/$defs/{k.value_model.__name__}"}}}})
    fact = defs["GoldFact"]
    fact["properties"]["kind"] = {"enum": [k.name for k in kind_specs()], "title": "Kind",
                                  "type": "string"}
    fact["properties"]["value"] = {"title": "Value", "type": "object"}
    fact["allOf"] = cases
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://vnfacts/gold/schema.json", **s}


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def dump_gold(gf: GoldFile) -> str:
    """A gold file's JSON: facts without rule/confidence (a gold fact is just the fact)."""
    data = gf.model_dump(mode="json", by_alias=True, exclude={"facts"}, exclude_none=True)
    data["review"] = gf.review.model_dump(mode="json")
    data["facts"] = [
        {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "value": f.value_json()}
        for f in sorted(gf.facts, key=lambda f: (f.start, f.end, f.kind))
    ]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def safe_name(s: str) -> str:
    """A file-name component from untrusted text (article ids, source names)."""
    return _UNSAFE_NAME.sub("_", s).strip("._")[:80] or "article"


def default_path(gold_dir: str | Path, ref: GoldArticleRef, article_id: str) -> Path:
    """gold/STEM.json for a file (the annotators' naming), gold/STEM_L{line}.json for a
    record; the id when the stem is not already there."""
    stem = safe_name(Path(ref.path).stem)
    if ref.line is not None:
        stem += f"_L{ref.line}"
    aid = safe_name(article_id)
    if aid not in stem:
        stem += f"_{aid}"
    return Path(gold_dir) / f"{stem}.json"


# ------------------------------------------------------------------ articles


def ref_for(article: Article, root: Path | None = None) -> GoldArticleRef:
    """The gold reference of an ingested article, from its `source` ("path" / "path:LINE")."""
    src, line = article.source, None
    m = regex.fullmatch(r"(.+\.jsonl):(\d+)", src)
    if m:
        src, line = m.group(1), int(m.group(2))
    if src == "-" or src.startswith("-:"):
        raise GoldError("an article read from stdin has no path to reference; ingest it from a file")
    # abspath, not resolve(): a symlinked corpus folder stays the path the user named (a
    # ref must not point at the link's target, which another machine does not have).
    rel = os.path.relpath(os.path.abspath(src), os.path.abspath(root or default_root()))
    return GoldArticleRef(path=Path(rel).as_posix(), line=line)


_LINE = regex.compile(r":(\d+)$")


def _ingest_file(path: Path) -> dict[int | None, Article | str]:
    """Every article of one input file, by .jsonl line (None for a single-article file);
    an error message in place of an article that failed to ingest."""
    from vnfacts.pipeline.ingest import iter_articles

    # A relative path when possible, so stored sources read like `vnfacts run corpus/`'s.
    shown = os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    out: dict[int | None, Article | str] = {}
    for item in iter_articles([shown]):
        m = _LINE.search(item.source)
        key = int(m.group(1)) if m and item.source[: m.start()].endswith(".jsonl") else None
        if isinstance(item, ArticleResult):
            out[key] = item.article if item.article is not None else str(item.error)
        else:
            out[key] = item
    return out


class ArticleSource:
    """Re-ingests referenced articles exactly as the pipeline would, each file once (a gold
    set of many .jsonl records reads the .jsonl one time)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_root()
        self._files: dict[str, dict[int | None, Article | str]] = {}

    def get(self, ref: GoldArticleRef) -> Article:
        label = ref.path + ("" if ref.line is None else f":{ref.line}")
        if ref.path not in self._files:
            path = self.root / ref.path
            if not path.is_file():
                raise GoldError(f"article file {ref.path} not found")
            self._files[ref.path] = _ingest_file(path)
        found = self._files[ref.path].get(ref.line)
        if found is None:
            raise GoldError(f"{label}: no such article" + (" line" if ref.line else ""))
        if isinstance(found, str):
            raise GoldError(f"cannot ingest {label}: {found}")
        return found


def ingest_ref(ref: GoldArticleRef, root: Path | None = None) -> Article:
    """Re-ingest the referenced article exactly as the pipeline would."""
    return ArticleSource(root).get(ref)


# ------------------------------------------------------------------ check


@dataclass
class CheckReport:
    files: int = 0
    problems: list[str] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)
    facts: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def value_problems(f: Fact) -> list[str]:
    """Semantic checks the pydantic model does not make (its kind's `validate`, plus spans)."""
    out = list(spec(f.kind).validate(f.value))
    if f.text != f.text.strip() or not f.text:
        out.append("span is empty or has surrounding whitespace")
    return out


def check(gold_dir: str | Path, root: Path | None = None) -> CheckReport:
    """Validate every gold file: schema, article sha256, offsets, values, duplicates."""
    rep = CheckReport()
    articles = ArticleSource(root)
    seen_ids: dict[str, str] = {}
    for path in gold_paths(gold_dir):
        rep.files += 1
        name = path.as_posix()
        try:
            gf = load_gold(path)
        except (ValidationError, ValueError) as e:
            errs = e.errors() if isinstance(e, ValidationError) else [{"loc": (), "msg": str(e)}]
            for err in errs:
                loc = ".".join(str(x) for x in err.get("loc", ()))
                rep.problems.append(f"{name}: schema: {loc}: {err['msg']}")
            continue
        rep.facts += len(gf.facts)
        if not gf.review.reviewed:
            rep.unreviewed.append(name)
        if gf.id != gf.sha256[:16]:
            rep.problems.append(f"{name}: id {gf.id} is not the first 16 hex digits of sha256")
        if gf.id in seen_ids:
            rep.problems.append(f"{name}: same article as {seen_ids[gf.id]}")
        seen_ids.setdefault(gf.id, name)
        try:
            art = articles.get(gf.article)
        except GoldError as e:
            rep.problems.append(f"{name}: {e}")
            continue
        except Exception as e:  # noqa: BLE001 - an ingest crash is this file's problem
            rep.problems.append(f"{name}: ingest failed: {type(e).__name__}: {e}")
            continue
        if art.sha256 != gf.sha256:
            rep.problems.append(
                f"{name}: article text changed under its gold: {gf.article.path}"
                f"{'' if gf.article.line is None else ':' + str(gf.article.line)} now has sha256 "
                f"{art.sha256[:16]}…, gold has {gf.sha256[:16]}… (re-review with vnfacts diff, "
                "then vnfacts gold accept)")
            continue
        text = art.text
        keys: set[tuple[Any, ...]] = set()
        for i, f in enumerate(gf.facts):
            where = f"{name}: fact {i} {f.kind} {f.text!r} @{f.start}-{f.end}"
            if f.end > len(text) or text[f.start:f.end] != f.text:
                rep.problems.append(f"{where}: text[start:end] is {text[f.start:f.end]!r}")
            for p in value_problems(f):
                rep.problems.append(f"{where}: {p}")
            key = (f.kind, f.start, f.end, json.dumps(f.value_json(), sort_keys=True))
            if key in keys:
                rep.problems.append(f"{where}: duplicate fact")
            keys.add(key)
    return rep


# ------------------------------------------------------------------ draft / accept


def make_gold(article: Article, facts: Sequence[Fact], ref: GoldArticleRef, *, by: str,
              reviewed: bool, note: str | None = None, date: dt.date | None = None) -> GoldFile:
    """A gold file for `article` holding `facts` (offsets checked against its text)."""
    for f in facts:
        if article.text[f.start:f.end] != f.text:
            raise GoldError(f"fact {f.kind} {f.text!r} @{f.start}-{f.end} does not match the text")
    return GoldFile.model_validate({
        "article": ref.model_dump(),
        "id": article.id,
        "sha256": article.sha256,
        "published": article.published,
        "review": GoldReview(reviewed=reviewed, by=by, date=date or dt.date.today(),
                             note=note).model_dump(),
        "facts": [{"kind": f.kind, "start": f.start, "end": f.end, "text": f.text,
                   "value": f.value_json()} for f in facts],
    })


def find_gold(gold_dir: str | Path, article_id: str, ref: GoldArticleRef | None = None
              ) -> tuple[Path, GoldFile] | None:
    """The gold file of an article: by id, else by its reference (the same file/line whose
    text has changed since, so the old gold is replaced rather than duplicated)."""
    by_ref = None
    for p in gold_paths(gold_dir):
        try:
            gf = load_gold(p)
        except (ValidationError, ValueError):
            continue
        if gf.id == article_id:
            return p, gf
        if ref is not None and gf.article == ref and by_ref is None:
            by_ref = (p, gf)
    return by_ref


def iter_gold(gold_dir: str | Path) -> Iterator[tuple[Path, GoldFile]]:
    """Valid gold files; an invalid one raises (run `vnfacts gold check` to see all problems)."""
    for p in gold_paths(gold_dir):
        try:
            yield p, load_gold(p)
        except (ValidationError, ValueError) as e:
            raise GoldError(f"{p}: invalid gold file (run `vnfacts gold check`): "
                            f"{str(e).splitlines()[0]}") from e


def agreement(a_dir: str | Path, b_dir: str | Path) -> tuple[Any, list[str]]:
    """Inter-annotator agreement: the articles both gold folders label (paired by id),
    scored B against A in every mode (F1 is symmetric, so "B against A" is no choice).
    Returns (pipeline.score.Scores, ids labelled in only one of the folders)."""
    from vnfacts.pipeline.score import score_corpus

    a = {gf.id: gf for _, gf in iter_gold(a_dir)}
    b = {gf.id: gf for _, gf in iter_gold(b_dir)}
    for aid in a.keys() & b.keys():
        if a[aid].sha256 != b[aid].sha256:
            raise GoldError(f"article {aid}: the two labellings index different texts")
    both = sorted(a.keys() & b.keys())
    scores = score_corpus((a[i].facts, b[i].facts) for i in both)
    return scores, sorted(a.keys() ^ b.keys())


# ------------------------------------------------------------------ gold run


def run_gold(golds: Iterable[GoldFile], db: str | Path, root: Path | None = None,
             kinds: Iterable[str] | None = None) -> tuple[int, list[str], list[str]]:
    """Ingest exactly the gold articles and run them through the runner into `db`.

    Uses the engine's `process_stream` and `Store.write_batch`, as `vnfacts run` does, so the
    facts are what a full run would store. A gold file's `published` stands in when ingest
    finds no publication date (a .txt without metadata). Returns (run id, input problems —
    an article missing or changed —, processing errors stored with the run).
    """
    from vnfacts.pipeline import __version__
    from vnfacts.pipeline.engine import process_stream
    from vnfacts.pipeline.store import Store

    golds = list(golds)
    problems: list[str] = []
    missing: list[str] = []
    source = ArticleSource(root)
    articles: list[Article] = []
    for gf in golds:
        label = gf.article.path + ("" if gf.article.line is None else f":{gf.article.line}")
        try:
            art = source.get(gf.article)
        except GoldError as e:
            missing.append(str(e))
            continue
        if art.sha256 != gf.sha256:
            problems.append(f"{label}: article text changed under its gold (run vnfacts gold check)")
        if art.published is None and gf.published is not None:
            pub = parse_published(gf.published)
            art = art.model_copy(update={"published": pub})
        articles.append(art)
    if missing:
        # Nothing is written: a run of the gold articles that were found would score as if
        # the others had no facts.
        raise GoldError(
            f"{len(missing)} of {len(golds)} gold articles are missing under {root} "
            f"(first: {missing[0]}). Most gold articles live in ../shared (the project's "
            "shared corpus, beside the repository: see README.md, \"../shared\"); put it "
            "there (the gold paths are relative to the repository: ../shared/...).")
    results = list(process_stream(articles, sorted(kinds) if kinds else None))
    with Store.open(db) as store:
        config = {"command": "gold run", "articles": len(golds),
                  "kinds": sorted(kinds) if kinds else None}
        run_id = store.start_run(config, __version__)
        store.write_batch(run_id, results)
        store.finish_run(run_id)
    errors = [f"{r.source}: {r.stage}: {r.error}" for r in results if r.error]
    return run_id, problems, errors

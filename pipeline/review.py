"""Read-side helpers for the review tools (score, diff, gold, reports) on top of `Store`:
opening a database read-only, resolving a run argument ("latest" or a number), pairing gold
files with a run's articles, and the per-article diffs. No SQL here (that is the store's)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from vnfacts.pipeline.diff import ArticleDiff, article_diff
from vnfacts.pipeline.store import Store, StoreError
from vnfacts.pipeline.types import Article, Fact, GoldFile, kind_names


class ReviewError(Exception):
    """A database, run or article the caller named does not exist."""


def open_store(path: str | Path) -> Store:
    """Open an existing database read-only (the review tools never write a run's data)."""
    try:
        return Store.open(path, readonly=True)
    except StoreError as e:
        raise ReviewError(str(e)) from e


def resolve_run(store: Store, run: str | int | None) -> int:
    """The run id named by `run` ("latest"/None = the newest run)."""
    if run is None or str(run) == "latest":
        info = store.latest_run()
        if info is None:
            raise ReviewError(f"{store.path} has no runs")
        return info.id
    try:
        rid = int(run)
    except ValueError as e:
        raise ReviewError(f"run must be a number or 'latest', not {run!r}") from e
    if store.run(rid) is None:
        known = ", ".join(str(r.id) for r in store.runs()[-10:]) or "none"
        raise ReviewError(f"no run {rid} in {store.path} (runs: {known})")
    return rid


def run_facts(store: Store, run_id: int, article_ids: Iterable[str] | None = None
              ) -> dict[str, list[Fact]]:
    """{article_id: facts in text order} for a run (optionally only some articles)."""
    return store.facts_by_article(run_id, article_ids)


# ------------------------------------------------------------------ review views


def _kinds_filter(facts: list[Fact], kinds: set[str] | None) -> list[Fact]:
    return facts if kinds is None else [f for f in facts if f.kind in kinds]


def match_gold(store: Store, run_id: int, golds: Sequence[tuple[Path, GoldFile]]
               ) -> tuple[list[tuple[Path, GoldFile, Article]], list[tuple[Path, GoldFile]]]:
    """Pair gold files with the run's articles by sha256 (or id): (matched, gold not in run)."""
    by_sha: dict[str, Article] = {}
    by_id: dict[str, Article] = {}
    for a in store.articles(run_id):
        by_sha[a.sha256] = a
        by_id[a.id] = a
    matched: list[tuple[Path, GoldFile, Article]] = []
    missing: list[tuple[Path, GoldFile]] = []
    for path, gf in golds:
        art = by_sha.get(gf.sha256) or by_id.get(gf.id)
        if art is None:
            missing.append((path, gf))
        else:
            matched.append((path, gf, art))
    return matched, missing


def gold_diffs(store: Store, run_id: int, golds: Sequence[tuple[Path, GoldFile]],
               kinds: Iterable[str] | None = None) -> tuple[list[ArticleDiff], list[Path]]:
    """Per gold article: base = gold facts, head = the run's facts. Also the gold files whose
    article the run did not process."""
    kset = set(kinds) if kinds else None
    matched, missing = match_gold(store, run_id, golds)
    facts = run_facts(store, run_id, [a.id for _, _, a in matched])
    diffs = [
        article_diff(a.id, a.text, _kinds_filter(list(gf.facts), kset),
                     _kinds_filter(facts.get(a.id, []), kset),
                     title=a.title, url=a.url, source=a.source, guideline_only=True)
        for _, gf, a in matched
    ]
    return diffs, [p for p, _ in missing]


def run_diffs(store: Store, base: int, head: int, kinds: Iterable[str] | None = None
              ) -> list[ArticleDiff]:
    """Per article of either run: base run's facts against head run's, on the kinds both
    runs extracted (a `--kinds date,official` run against a full run: not every other
    kind "removed")."""
    kset = set(kinds) if kinds else None
    done = [set((store.run(r).config.get("kinds") if store.run(r) else None) or kind_names())
            for r in (base, head)]
    common = done[0] & done[1]
    if common != set(kind_names()):
        kset = (kset & common) if kset is not None else common
    base_facts = run_facts(store, base)
    head_facts = run_facts(store, head)
    arts: dict[str, Article] = {a.id: a for a in store.articles(base)}
    for a in store.articles(head):
        arts.setdefault(a.id, a)
    return [
        article_diff(aid, a.text, _kinds_filter(base_facts.get(aid, []), kset),
                     _kinds_filter(head_facts.get(aid, []), kset),
                     title=a.title, url=a.url, source=a.source)
        for aid, a in arts.items()
    ]

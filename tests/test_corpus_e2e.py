"""The whole shared corpus through `vnfacts run`: no errors, every fact reads back from its text.

Issue 2's "done when": all 140 articles and 200 records of ../shared/corpus run with zero
errors, and `text[start:end] == fact.text` for every fact of every article.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from vnfacts.pipeline.cli import main
from vnfacts.pipeline.store import Store
from vnfacts.pipeline.types import kind_names


def test_shared_corpus_runs_with_zero_errors_and_exact_offsets(shared_dir: Path,
                                                               tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    res = CliRunner().invoke(
        main, ["run", str(shared_dir / "corpus"), "--db", str(db), "--workers", "2"])
    assert res.exit_code == 0, res.output
    with Store.open(db, readonly=True) as store:
        run_id = store.latest_run_id()
        assert run_id is not None
        assert store.errors(run_id) == []
        articles = list(store.articles(run_id))
        # 140 files + 200 records, every one a distinct text (ids are content hashes)
        assert len(articles) == len({a.id for a in articles}) == 340
        kinds: Counter[str] = Counter()
        bad = []
        for a in articles:
            for f in store.facts(run_id, article_id=a.id):
                kinds[f.kind] += 1
                if a.text[f.start:f.end] != f.text:
                    bad.append((a.source, f.start, f.end, f.text))
    assert set(kinds) == set(kind_names()), kinds
    assert bad == []

"""Full-text search through Datasette itself, with the shipped metadata (issue 21: with
`"fts_pk": "id"` a text id was compared with the FTS integer rowid, and search found
nothing). Skipped when datasette is not installed (it is in the dev extra)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from vnfacts.pipeline.api import make_article
from vnfacts.pipeline.store import METADATA_PATH, Store
from vnfacts.pipeline.types import ArticleResult

datasette_app = pytest.importorskip("datasette.app")


def test_full_text_search_through_datasette(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"  # the metadata's database key is the file's stem
    texts = ["Cửa khẩu Hữu Nghị đón 1.200 lượt khách.", "Đồn Biên phòng Lào Cai tuần tra."]
    with Store.open(db) as store:
        run = store.start_run({}, "test")
        store.write_batch(run, [ArticleResult(article=(a := make_article(t, source=f"{i}.txt")),
                                              source=a.source) for i, t in enumerate(texts)])
    meta = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    assert "fts_pk" not in meta["databases"]["facts"]["tables"]["articles"]
    ds = datasette_app.Datasette([str(db)], metadata=meta)

    async def search(q: str) -> list[str]:
        r = await ds.client.get(f"/facts/articles.json?_search={q}&_shape=array")
        assert r.status_code == 200, r.text
        return [row["source"] for row in r.json()]

    assert asyncio.run(search("Nghị")) == ["0.txt"]
    assert asyncio.run(search("tuần")) == ["1.txt"]

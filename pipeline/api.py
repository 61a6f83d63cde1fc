"""A small Python API for notebooks and tests: text in, facts out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pipeline.normalize import normalize_text
from pipeline.segment import segment
from pipeline.types import VN_TZ, Article, Doc, Fact, text_sha256


def _published(value: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def make_article(
    text: str, *, published: str | dt.date | dt.datetime | None = None, source: str = "<text>",
    title: str | None = None, url: str | None = None, publisher: str | None = None,
    fmt: str = "txt",
) -> Article:
    """An Article from plain body text (normalized here, as ingest would)."""
    body = normalize_text(text)
    sha = text_sha256(body)
    return Article(id=sha[:16], source=source, title=title, url=url, publisher=publisher,
                   published=_published(published), format=fmt, sha256=sha, text=body)


def make_doc(text: str, published: str | dt.date | dt.datetime | None = None) -> Doc:
    """A segmented Doc from plain text: what extractor tests feed their extractor."""
    return segment(make_article(text, published=published))


def extract_text(
    text: str, published: str | dt.date | dt.datetime | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Fact]:
    """Facts of the given kinds (default all) in `text`; offsets index the normalized text."""
    from extractors import run_all

    return run_all(make_doc(text, published), kinds)

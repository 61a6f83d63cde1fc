"""The library API: `extract` for one text, HTML page or file, and `Pipeline` holding the
loaded resources (like spaCy's `nlp` or presidio's `AnalyzerEngine`).

Both run exactly what the engines run for each article (`runner.process`: segment, the
extractors in order, the offset check, the time budget, error isolation), after the same
ingest (`ingest.load_input`: decoding, HTML/Markdown body extraction, NFC normalization).

    import vnfacts
    facts = vnfacts.extract("Ngày 21/1, Đại tá Lương Văn Sơn dự hội nghị.", published="2013-01-22")
    nlp = vnfacts.Pipeline(kinds=["date", "official"])
    for result in nlp.pipe(["corpus/"]):
        print(result.source, len(result.facts))
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from vnfacts.pipeline.body import parse_published
from vnfacts.pipeline.normalize import normalize_text
from vnfacts.pipeline.segment import segment
from vnfacts.pipeline.types import Article, ArticleResult, Doc, Fact, RawInput, plan, text_sha256

Published = str | dt.date | dt.datetime | None


class ExtractionFailed(RuntimeError):
    """`extract` could not read the input, or an extractor failed on it (the message says
    which stage); the facts that could still be extracted are on `.result`."""

    def __init__(self, result: ArticleResult) -> None:
        super().__init__(f"{result.source}: {result.stage}: {result.error}")
        self.result = result


def make_article(
    text: str, *, published: Published = None, source: str = "<text>",
    title: str | None = None, url: str | None = None, publisher: str | None = None,
    fmt: str = "txt",
) -> Article:
    """An Article from plain body text (normalized here, as ingest would)."""
    body = normalize_text(text)
    sha = text_sha256(body)
    return Article(id=sha[:16], source=source, title=title, url=url, publisher=publisher,
                   published=parse_published(published), format=fmt, sha256=sha, text=body)


def make_doc(text: str, published: Published = None) -> Doc:
    """A segmented Doc from plain text: what extractor tests feed their extractor."""
    return segment(make_article(text, published=published))


def _looks_like_path(x: str) -> bool:
    return len(x) < 4096 and "\n" not in x and os.path.exists(x)


class Pipeline:
    """The pipeline with its resources loaded once: `nlp(text)` → facts, `nlp.pipe(paths)` →
    one ArticleResult per article. `kinds` (default all, plus what they require) and
    `budget` (seconds per article) are fixed for the object's life."""

    def __init__(self, kinds: Iterable[str] | None = None, *, budget: float | None = None) -> None:
        self.kinds = None if kinds is None else list(kinds)
        plan(self.kinds)  # validates the names now, not at the first article
        self.budget = budget
        self._warm = False

    def warm_up(self) -> Pipeline:
        """Load underthesea's models and the extractors' tables now (else on first use)."""
        if not self._warm:
            from vnfacts.pipeline.runner import warm_up

            warm_up(self.kinds)
            self._warm = True
        return self

    def _inputs(self, source: str | bytes | Path, published: Published, fmt: str | None
                ) -> list[Article | ArticleResult]:
        from vnfacts.pipeline.ingest import iter_inputs, load_input

        pub = parse_published(published)
        if isinstance(source, Path) or (isinstance(source, str) and fmt is None
                                        and _looks_like_path(source)):
            out: list[Article | ArticleResult] = []
            for it in iter_inputs([str(source)], published=pub):
                out.extend(load_input(it) if isinstance(it, RawInput) else [it])
            return out
        data = source.encode("utf-8") if isinstance(source, str) else source
        return load_input(RawInput(source="<text>", fmt=fmt, data=data, published=pub))

    def results(self, source: str | bytes | Path, *, published: Published = None,
                fmt: str | None = None) -> list[ArticleResult]:
        """One ArticleResult per article in `source`: a text, an HTML page, bytes, or a path
        (file or directory). `fmt` (txt|md|html|json|jsonl) skips sniffing."""
        from vnfacts.pipeline.runner import process

        self.warm_up()
        return [it if isinstance(it, ArticleResult) else process(it, self.kinds, budget=self.budget)
                for it in self._inputs(source, published, fmt)]

    def __call__(self, source: str | bytes | Path, *, published: Published = None,
                 fmt: str | None = None) -> list[Fact]:
        """The facts of the one article in `source` (text, HTML, bytes or a file path).
        Raises ExtractionFailed when it cannot be read or an extractor failed on it, and
        ValueError when `source` holds several articles (use `results` or `pipe`)."""
        results = self.results(source, published=published, fmt=fmt)
        if len(results) != 1:
            raise ValueError(f"{len(results)} articles in the input; use Pipeline.results "
                             "or Pipeline.pipe for more than one")
        res = results[0]
        if res.error is not None:
            raise ExtractionFailed(res)
        return res.facts

    def pipe(self, paths: Iterable[str], *, published: Published = None,
             workers: int = 1) -> Iterator[ArticleResult]:
        """Results for every article under `paths`, streamed in input order through the
        local engine (`workers` processes; 1 runs here)."""
        from vnfacts.pipeline.engine import process_stream
        from vnfacts.pipeline.ingest import iter_inputs

        self.warm_up()
        items = iter_inputs(list(paths), published=parse_published(published))
        yield from process_stream(items, self.kinds, workers=workers, budget=self.budget)


_DEFAULT: dict[tuple[tuple[str, ...] | None, float | None], Pipeline] = {}


def extract(source: str | bytes | Path, *, published: Published = None,
            kinds: Iterable[str] | None = None, fmt: str | None = None,
            budget: float | None = None) -> list[Fact]:
    """The facts of one article: plain text, an HTML page, bytes, or a path to a file.
    Offsets index the stored (ingested, NFC) body text. See `Pipeline` for many articles."""
    key = (None if kinds is None else tuple(kinds), budget)
    nlp = _DEFAULT.get(key)
    if nlp is None:
        nlp = _DEFAULT[key] = Pipeline(kinds, budget=budget)
    return nlp(source, published=published, fmt=fmt)


def extract_text(text: str, published: Published = None,
                 kinds: Iterable[str] | None = None) -> list[Fact]:
    """The facts of `text` taken as the body itself (normalized, no body extraction), through
    the runner like everything else; raises ExtractionFailed when an extractor fails."""
    from vnfacts.pipeline.runner import process

    res = process(make_article(text, published=published), kinds)
    if res.error is not None:
        raise ExtractionFailed(res)
    return res.facts

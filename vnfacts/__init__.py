"""vnfacts: structured, verifiable facts from Vietnamese provincial news.

    import vnfacts
    facts = vnfacts.extract("Ngày 21/1, Đại tá Lương Văn Sơn dự hội nghị.", published="2013-01-22")
    nlp = vnfacts.Pipeline(kinds=["date", "official"])   # resources loaded once
    for result in nlp.pipe(["corpus/"]):
        ...

`extract` takes plain text, an HTML page, bytes or a path; both run through the runner
(offset check, time budget, error isolation), exactly as `vnfacts run` does. The stages,
store, engines and CLI are `vnfacts.pipeline`; the extractors `vnfacts.extractors`
(docs/architecture.md). A new kind is `vnfacts.register(KindSpec(...))` (docs/extending.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# In a source checkout the subpackages are the top-level folders pipeline/ and extractors/
# (the design's layout); an installed wheel has them inside this package (pyproject's
# package-dir). Only the checkout needs the extra search path.
_CHECKOUT = Path(__file__).resolve().parent.parent
if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "pipeline" / "types.py").is_file():
    __path__.append(str(_CHECKOUT))  # noqa: F821 - a package's own __path__

from vnfacts.pipeline import __version__  # noqa: E402
from vnfacts.pipeline.types import (  # noqa: E402
    Article,
    ArticleResult,
    Doc,
    Fact,
    KindSpec,
    Value,
    kind_names,
    kind_specs,
    register,
    spec,
)

__all__ = ["Article", "ArticleResult", "Doc", "ExtractionFailed", "Fact", "KindSpec",
           "Pipeline", "Value", "__version__", "extract", "kind_names", "kind_specs",
           "register", "spec"]


def __getattr__(name: str) -> Any:
    # Lazy: `import vnfacts` (and the types) must not load underthesea's models.
    if name in ("extract", "Pipeline", "ExtractionFailed"):
        from vnfacts.pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'vnfacts' has no attribute {name!r}")

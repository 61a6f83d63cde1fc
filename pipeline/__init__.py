"""vnfacts: structured, verifiable facts from Vietnamese provincial news.

Notebook use::

    from pipeline import extract_text
    facts = extract_text("Ngày 21/1, Đại tá Lương Văn Sơn ...", published="2013-01-22")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract_text", "make_doc", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import pipeline.types` does not load underthesea.
    if name in ("extract_text", "make_doc", "make_article"):
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(name)

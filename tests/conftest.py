"""Shared fixtures: the ../shared material (skipped cleanly when absent) and doc builders."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
_POOL = re.compile(r"""workers["']?\s*[=,:]\s*["']?[2-9]|engine\s*=\s*["']dask|["']dask["']""")
_POOL_MODULES = {"test_dask_engine", "test_faults"}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository; tests using it skip when it is absent."""
    if not (SHARED / "GUIDELINES.md").is_file():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def root_dir() -> Path:
    return ROOT


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Every test that reads ../shared (through the fixture) carries the `shared` marker, so
    # `-m "not shared"` (make test-fast) never depends on it and a new user sees why it skips.
    # Tests that start worker processes (a pool or a Dask cluster) carry `pool`: the fast
    # lane leaves them out (they cost seconds each to spawn and warm up).
    for item in items:
        if "shared_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)
        fn = getattr(item, "function", None)
        if fn is not None and item.get_closest_marker("pool") is None:
            try:
                src = inspect.getsource(fn)
            except (OSError, TypeError):
                continue
            params = getattr(getattr(item, "callspec", None), "params", {})
            many = isinstance(params.get("workers"), int) and params["workers"] > 1
            if many or _POOL.search(src) or item.module.__name__ in _POOL_MODULES:
                item.add_marker(pytest.mark.pool)


def patch_extract(monkeypatch: pytest.MonkeyPatch, kind: str, fn: object) -> None:
    """Replace `kind`'s extract function in the registry for one test (KindSpec is frozen:
    the runner calls the registered spec's function, not the module attribute)."""
    from dataclasses import replace

    from vnfacts.pipeline import types

    monkeypatch.setitem(types._REGISTRY, kind, replace(types.spec(kind), extract=fn))

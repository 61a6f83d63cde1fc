"""Shared fixtures: the ../shared material (skipped cleanly when absent) and doc builders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository; tests using it skip when it is absent."""
    if not (SHARED / "GUIDELINES.md").is_file():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def root_dir() -> Path:
    return ROOT

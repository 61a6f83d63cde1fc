"""The wheel installs nothing generic into site-packages: every module lives under vnfacts/."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_holds_only_the_vnfacts_package(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("vnfacts-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"vnfacts"}
    for needed in ("vnfacts/pipeline/types.py", "vnfacts/extractors/date.py",
                   "vnfacts/extractors/data/border_gates.csv",
                   "vnfacts/pipeline/data/datasette-metadata.json"):
        assert needed in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "vnfacts = vnfacts.pipeline.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()

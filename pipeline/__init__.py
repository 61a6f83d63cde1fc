"""The pipeline's stages, types, store, runner, engines and CLI (installed as vnfacts.pipeline).

The public API is the `vnfacts` package: `vnfacts.extract`, `vnfacts.Pipeline`.
"""

from importlib.metadata import PackageNotFoundError, version

try:  # written once, in pyproject.toml
    __version__ = version("vnfacts")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

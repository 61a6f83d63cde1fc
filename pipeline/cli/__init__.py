"""The `vnfacts` command: a thin click layer over the library. The only module that knows argv."""

from __future__ import annotations

import click
from vnfacts.pipeline import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vnfacts")
def main() -> None:
    """Structured, verifiable facts from Vietnamese provincial news.

    \b
    Example:
        vnfacts run corpus/ --db out/facts.db
    """


def _register() -> None:
    # Each command group lives in its own module; importing registers it on `main`.
    from importlib import import_module

    for name in ("run", "extract", "show", "score", "diff", "gold", "gates", "indicators", "load",
                 "link", "people", "series"):
        try:
            mod = import_module(f"vnfacts.pipeline.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"vnfacts.pipeline.cli.{name}":
                raise
            continue
        for cmd in getattr(mod, "COMMANDS", ()):
            main.add_command(cmd)


_register()

"""The import graph (docs/architecture.md): no circle, and the arrows only run one way.

Every import statement counts, module level or inside a function: a lazy import is still an
arrow. Modules are read as text (ast), never imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (("pipeline", "vnfacts.pipeline"), ("extractors", "vnfacts.extractors"),
            ("vnfacts", "vnfacts"))


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for folder, pkg in PACKAGES:
        for p in (ROOT / folder).rglob("*.py"):
            parts = [x for x in p.relative_to(ROOT / folder).with_suffix("").parts
                     if x != "__init__"]
            mods[".".join([pkg, *parts])] = p
    return mods


MODULES = _modules()


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:` (type-only imports are no arrows)."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return out


def _edges(name: str, path: Path) -> set[str]:
    out: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                out.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {o for o in out if o in MODULES and o != name}


GRAPH = {m: _edges(m, p) for m, p in MODULES.items()}


def _reach(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in GRAPH[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_graph_is_read() -> None:
    # Guards the test itself: an empty graph would pass everything below.
    assert "vnfacts.pipeline.runner" in GRAPH["vnfacts.pipeline.api"]
    assert "vnfacts.pipeline.types" in GRAPH["vnfacts.extractors.date"]


def test_no_import_circle() -> None:
    circles = sorted(m for m in GRAPH if m in _reach(m))
    assert circles == []


def _under(mod: str, *prefixes: str) -> bool:
    return any(mod == p or mod.startswith(p + ".") for p in prefixes)


P = "vnfacts.pipeline"
STAGES = tuple(f"{P}.{m}" for m in ("ingest", "body", "normalize", "segment", "html",
                                    "encodings", "numbers", "text", "types"))
# (who, must not import) — the design's arrows run cli → runner → stages → types only.
FORBIDDEN = [
    ("vnfacts.extractors", (f"{P}.store", f"{P}.cli", f"{P}.runner", f"{P}.engine",
                            f"{P}.engine_dask", f"{P}.api", f"{P}.score", f"{P}.gold")),
    (STAGES, (f"{P}.store", f"{P}.cli", f"{P}.engine", f"{P}.runner")),
    (f"{P}.store", (f"{P}.cli", f"{P}.diff", f"{P}.report")),
    (f"{P}.types", ("vnfacts.extractors", f"{P}.store", f"{P}.cli", f"{P}.runner")),
]


@pytest.mark.parametrize(("who", "banned"), FORBIDDEN, ids=lambda x: str(x)[:40])
def test_arrows_run_one_way(who: str | tuple[str, ...], banned: tuple[str, ...]) -> None:
    who_t = (who,) if isinstance(who, str) else who
    bad = sorted((m, t) for m in GRAPH if _under(m, *who_t)
                 for t in GRAPH[m] if _under(t, *banned))
    assert bad == []


def test_nothing_below_the_cli_imports_rich_or_the_cli() -> None:
    bad = []
    for m, p in MODULES.items():
        if _under(m, f"{P}.cli"):
            continue
        src = p.read_text(encoding="utf-8")
        if "import rich" in src or "from rich" in src:
            bad.append(m)
    assert bad == []

"""Layer lines, read from the imports: nothing in `kb/` imports the API (`api/` is the layer
above it), the model imports nothing of the project, storage only the settings, and the
synthetic generator never touches the database or the loader."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from kb.settings import REPO_ROOT

KB = REPO_ROOT / "kb"


def layer_of(path: Path) -> str:
    """`kb.<package>` for a module of a package, `kb.<module>` for a top-level module."""
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:2])


def imported_layers() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in KB.rglob("*.py"):
        layer = layer_of(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module]
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                if name.split(".")[0] in ("kb", "api"):
                    target = ".".join(name.split(".")[:2])
                    if target != layer:
                        found[layer].add(target)
    return found


def test_kb_never_imports_the_api() -> None:
    leaks = {
        layer: t
        for layer, targets in imported_layers().items()
        if (t := {x for x in targets if x.startswith("api")})
    }
    assert not leaks, f"kb/ modules importing api/: {leaks}"


def test_lower_layers_import_only_what_is_below_them() -> None:
    allowed = {
        "kb.domain": set(),
        "kb.settings": set(),
        "kb.storage": {"kb.settings"},
        "kb.synthetic": {"kb.domain"},
        "kb.writing": {"kb.domain", "kb.storage"},
    }
    found = imported_layers()
    wrong = {
        layer: found[layer] - below for layer, below in allowed.items() if found[layer] - below
    }
    assert not wrong, f"imports across layer lines: {wrong}"

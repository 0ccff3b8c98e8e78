"""Cypher statements by name: fixed files under `cypher/`, and families built at call time.

A name is the file's path below `cypher/` without the extension, such as
`schema/constraints` or `analytics/configuration_at`. Each file starts with a
`//` header saying what it answers and which parameters it takes.

A parametric family (the statements that write each of the model's labels and
relationship types, `kb.writing.statements`) is not a set of files: its module
adds a `StatementFamily` here, and its names (`load/nodes/Family`, ...) are built
from one template per kind on first use. `kb cypher show NAME` prints either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from kb.settings import REPO_ROOT

CYPHER_DIR = REPO_ROOT / "cypher"


class UnknownStatement(KeyError):
    pass


@dataclass(frozen=True)
class StatementFamily:
    """Statements built at call time: the names under `prefixes`, `build(name)` (None when
    the family has no such statement) and `names()` (all of them, for listing)."""

    prefixes: tuple[str, ...]
    build: Callable[[str], str | None]
    names: Callable[[], Iterable[str]]


_FAMILIES: list[StatementFamily] = []


def add_family(family: StatementFamily) -> None:
    """Make the family's names known to `statement` (its module calls this once)."""
    if family not in _FAMILIES:
        _FAMILIES.append(family)
        statement.cache_clear()


@cache
def statement(name: str) -> str:
    """The text of `cypher/<name>.cypher` or of a family's statement, header comments
    included."""
    for family in _FAMILIES:
        if name.startswith(family.prefixes):
            text = family.build(name)
            if text is None:
                raise UnknownStatement(name)
            return text
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR.resolve() not in path.parents or not path.is_file():
        raise UnknownStatement(name)
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The `;`-separated statements of a file, for files that hold several (the schema)."""
    body = "\n".join(
        line for line in statement(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [part.strip() for part in body.split(";") if part.strip()]


def all_names() -> list[str]:
    """Every statement's name: the files and the families added so far."""
    files = (
        str(path.relative_to(CYPHER_DIR).with_suffix("")) for path in CYPHER_DIR.rglob("*.cypher")
    )
    built = (name for family in _FAMILIES for name in family.names())
    return sorted({*files, *built})


def header(name: str) -> str:
    lines = []
    for line in statement(name).splitlines():
        if not line.startswith("//"):
            break
        lines.append(line.removeprefix("//").strip())
    return "\n".join(lines)



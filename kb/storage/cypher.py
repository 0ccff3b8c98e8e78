"""Cypher statements live as files under `cypher/`; this module reads them by name.

A name is the file's path below `cypher/` without the extension, such as
`schema/constraints` or `analytics/configuration_at`. Each file starts with a
`//` header saying what it answers and which parameters it takes.
"""

from __future__ import annotations

from functools import cache

from kb.settings import REPO_ROOT

CYPHER_DIR = REPO_ROOT / "cypher"


class UnknownStatement(KeyError):
    pass


@cache
def statement(name: str) -> str:
    """The text of `cypher/<name>.cypher`, header comments included."""
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
    return sorted(
        str(path.relative_to(CYPHER_DIR).with_suffix("")) for path in CYPHER_DIR.rglob("*.cypher")
    )


def header(name: str) -> str:
    lines = []
    for line in statement(name).splitlines():
        if not line.startswith("//"):
            break
        lines.append(line.removeprefix("//").strip())
    return "\n".join(lines)



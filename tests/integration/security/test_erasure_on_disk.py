"""What erasure leaves on disk, and `kb db rebuild`, which leaves nothing.

A scratch server (its own home and port) holds the erasure fixture, with a long statement
on one perspective of the erased family and one of the kept family. Long: Neo4j packs a
short string into its property record (not findable as bytes), while a long one is
written as its bytes (in blocks), so the files can be searched for pieces of it. After the erasure the erased
statement is still in the database's files (the transaction log at least): that is what
the issue found. After the rebuild no erased value is in the store or its transaction
log, the kept statement is (the scan sees what is there), and the graph is what it was:
every node and relationship with its properties, compared as read by Cypher before and
after, and the erased-id register with it (a reload is still refused).
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.loading import load_dataset
from kb.security.erasure import erase_family
from kb.security.roles import CLI_PRINCIPAL
from kb.settings import Settings
from kb.storage.database import Database
from kb.storage.rebuild import rebuild, store_directories
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer
from tests.dataset_rows import FIXTURES
from tests.erasure_support import IDENTIFYING

pytestmark = pytest.mark.slow

ERASED_STATEMENT = (
    "ERASED-7Q: Gary Gonewell said, on 2 April (kitchen, 09:10), that the canal route to "
    "school is unsafe; Ginny agrees #route/45%."
)
KEPT_STATEMENT = (
    "KEPT-3W: Kim Keeper's school says the shared route is fine (bus 12, 08:05); nobody "
    "disagrees #route/12%."
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def scratch(tmp_path: Path, neo4j_settings: Settings) -> Iterator[tuple[LocalServer, Settings]]:
    settings = neo4j_settings.model_copy(
        update={
            "neo4j_uri": f"bolt://127.0.0.1:{free_port()}",
            "local_home": tmp_path / "neo4j-rebuild",
            "local_heap": "512m",
            "local_pagecache": "64m",
            "neo4j_password": "kb-rebuild-password",
        }
    )
    server = LocalServer(settings)
    main_lib = LocalServer(neo4j_settings).lib
    if (main_lib / ".resolved").exists():  # the session server's jars: no Maven run
        server.home.mkdir(parents=True)
        server.lib.symlink_to(main_lib, target_is_directory=True)
    server.start()
    try:
        yield server, settings
    finally:
        server.stop()


def run(db: Database, cypher: str, **parameters: Any) -> list[dict[str, Any]]:
    """The test's own statements (the fixture's long texts, the graph read back)."""
    records, _, _ = db.driver.execute_query(
        cypher, parameters, database_=db.settings.neo4j_database
    )
    return [r.data() for r in records]


def graph(db: Database) -> tuple[Counter[str], Counter[str]]:
    """Every node (labels, properties) and relationship (ends' labels and ids, type,
    properties), as comparable text, read by Cypher independently of the rebuild."""
    nodes = run(db, "MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    relationships = run(
        db,
        "MATCH (a)-[r]->(b) RETURN labels(a) AS al, properties(a) AS ap, type(r) AS t, "
        "properties(r) AS p, labels(b) AS bl, properties(b) AS bp",
    )
    return (
        Counter(repr((sorted(n["l"]), sorted(n["p"].items()))) for n in nodes),
        Counter(
            repr((sorted(r["al"]), sorted(r["ap"].items()), r["t"], sorted(r["p"].items()),
                  sorted(r["bl"]), sorted(r["bp"].items())))
            for r in relationships
        ),
    )  # fmt: skip


def fragments(needle: str, size: int = 20, step: int = 5) -> list[bytes]:
    """Pieces of a long text: Neo4j writes a long string in blocks of about 120 bytes, each
    with its own header, so the whole text is never contiguous but a short piece is."""
    text = needle.encode("utf-8")
    if len(text) <= size:
        return [text]
    return [text[i : i + size] for i in range(0, len(text) - size + 1, step)]


def found_in_files(server: LocalServer, database: str, needles: list[str]) -> set[str]:
    """Which needles occur (any piece of them, as UTF-8 bytes) in any file of the store or
    its transaction logs."""
    found = set()
    for directory in store_directories(server, database):
        for path in directory.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                found |= {n for n in needles if any(f in content for f in fragments(n))}
    return found


def test_erasure_leaves_values_on_disk_and_the_rebuild_leaves_none(
    scratch: tuple[LocalServer, Settings], tmp_path: Path
) -> None:
    server, settings = scratch
    database = settings.neo4j_database
    with Database(settings) as db:
        apply_schema(db)
        report = load_dataset(db, FIXTURES / "erasure", reject_file=tmp_path / "r.csv")
        assert report.rejected == 0
        run(db, "MATCH (p:Perspective {id: 'PE-G1'}) SET p.statement = $s", s=ERASED_STATEMENT)
        run(db, "MATCH (p:Perspective {id: 'PE-K'}) SET p.statement = $s", s=KEPT_STATEMENT)
        erase_family(db, "FAM-GONE", CLI_PRINCIPAL)
        assert run(db, "MATCH (p:Perspective {statement: $s}) RETURN p", s=ERASED_STATEMENT) == []
        before = graph(db)
    # What the issue found: the erased value is still in the files.
    assert ERASED_STATEMENT in found_in_files(server, database, [ERASED_STATEMENT])

    said: list[str] = []
    rebuilt = rebuild(server, lambda: Database(settings), said.append)

    needles = [ERASED_STATEMENT, *IDENTIFYING, KEPT_STATEMENT]
    assert found_in_files(server, database, needles) == {KEPT_STATEMENT}
    assert not (server.home / "rebuild").exists()  # the export and the old store are gone
    with Database(settings) as db:
        assert graph(db) == before
        assert rebuilt.nodes == sum(before[0].values())
        assert rebuilt.relationships == sum(before[1].values())
        # The register came through: the erased family is still refused on a reload.
        again = load_dataset(db, FIXTURES / "erasure", reject_file=tmp_path / "again.csv")
        assert again.rejected == 13 + 31
        assert run(db, "MATCH (f:Family {id: 'FAM-GONE'}) RETURN f") == []
    assert any("exported" in line for line in said)

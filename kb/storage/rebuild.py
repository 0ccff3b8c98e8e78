"""The offline rebuild (`kb db rebuild`): the local server's graph written into a fresh store.

Deleting a node marks its records unused; their bytes stay in the store files until
reused, and every transaction that wrote or deleted them stays in the transaction log
until that log file is rotated and pruned. An erasure therefore removes a family from the
graph at once but not from the disk. Neo4j Community has no `database copy`, so the
rebuild does what a copy would: it exports the graph as it now is (nodes with labels and
properties, relationships with type and properties, each value with its Neo4j type),
stops the server, moves the database's store and transaction log directories aside,
starts on an empty store, applies the schema, writes the export back, and checks the
counts. Only then are the old directories and the export deleted: nothing an erasure
removed is in the new store or its logs, because nothing is carried over but the live
graph. On any failure the old store is put back as it was.

Run it with the API and loads stopped: a write between the export and the stop is lost.
"""

from __future__ import annotations

import base64
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j.time as neo4j_time

from kb.storage.cypher import statement
from kb.storage.database import Database
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer, ServerError
from neo4j import Query

BATCH = 2_000
# The export streams in one auto-commit read; a big store takes longer than a request may.
EXPORT_TIMEOUT_SECONDS = 6 * 3600.0
# Temporal types by the tag the export writes (ISO text keeps nanoseconds and offsets).
TEMPORALS: dict[str, Any] = {
    "datetime": neo4j_time.DateTime,
    "date": neo4j_time.Date,
    "time": neo4j_time.Time,
}


class RebuildError(ServerError):
    """The rebuild could not run or was undone; the message says which and what to do."""


@dataclass(frozen=True)
class RebuildReport:
    nodes: int
    relationships: int
    seconds: float
    bytes_before: int  # the database's store and transaction log directories, before
    bytes_after: int


# -- values ---------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """A property value as JSON, its Neo4j type kept (`{"$": tag, "v": text}` when JSON has
    no such type)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return {"$": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, neo4j_time.DateTime):
        zone = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
        return {"$": "datetime", "v": value.iso_format(), "zone": zone}
    for tag, kind in TEMPORALS.items():
        if isinstance(value, kind):
            return {"$": tag, "v": value.iso_format()}
    if isinstance(value, neo4j_time.Duration):
        return {"$": "duration", "v": list(value)}
    raise RebuildError(
        f"a property of type {type(value).__name__} cannot be rebuilt yet; nothing was changed"
    )


def decode(value: Any) -> Any:
    """The inverse of `encode`, as driver values for the write."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    tag, text = value["$"], value["v"]
    if tag == "bytes":
        return base64.b64decode(text)
    if tag == "duration":
        months, days, seconds, nanoseconds = text
        return neo4j_time.Duration(
            months=months, days=days, seconds=seconds, nanoseconds=nanoseconds
        )
    decoded = TEMPORALS[tag].from_iso_format(text)
    if tag == "datetime" and value.get("zone"):
        from zoneinfo import ZoneInfo

        decoded = decoded.astimezone(ZoneInfo(value["zone"]))
    return decoded


def _properties(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: encode(item) for key, item in properties.items()}


def _decoded(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: decode(item) for key, item in properties.items()}


# -- the rebuild ------------------------------------------------------------------------


def store_directories(server: LocalServer, database: str) -> list[Path]:
    """Where the database's bytes are: its store and its transaction logs."""
    return [
        server.data_dir / "databases" / database,
        server.data_dir / "transactions" / database,
    ]


def directory_bytes(paths: list[Path]) -> int:
    return sum(f.stat().st_size for p in paths if p.exists() for f in p.rglob("*") if f.is_file())


def export_graph(db: Database, path: Path) -> tuple[int, int]:
    """Write every node, then every relationship, one JSON object a line; (nodes, rels)."""
    counts = [0, 0]
    # One auto-commit statement each (a managed transaction would be cut off by the
    # request timeout on a big store), on the session every transaction here shares.
    with path.open("w", encoding="utf-8") as out, db.session() as session:
        for index, name in enumerate(("rebuild/export_nodes", "rebuild/export_relationships")):
            db.note_sent()
            query = Query(statement(name), timeout=EXPORT_TIMEOUT_SECONDS)
            for record in session.run(query):
                row = record.data()
                row["properties"] = _properties(row["properties"])
                row["kind"] = "node" if index == 0 else "relationship"
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts[index] += 1
    return counts[0], counts[1]


def _read(path: Path, kind: str) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            if row["kind"] == kind:
                yield row


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def write_graph(db: Database, path: Path) -> None:
    """Write the export into the (fresh, schema-applied) store."""
    new_ids: dict[str, str] = {}
    for batch in _batches(_read(path, "node")):
        if any(not row["labels"] for row in batch):
            raise RebuildError("a node without a label cannot be rebuilt yet")
        rows = [
            {"key": r["key"], "labels": r["labels"], "properties": _decoded(r["properties"])}
            for r in batch
        ]
        for written in db.write("rebuild/write_nodes", {"rows": rows}):
            new_ids[written["key"]] = written["id"]
    for batch in _batches(_read(path, "relationship")):
        rows = [
            {
                "start": new_ids[r["start"]],
                "end": new_ids[r["end"]],
                "type": r["type"],
                "properties": _decoded(r["properties"]),
            }
            for r in batch
        ]
        db.write("rebuild/write_relationships", {"rows": rows})


def _counts(db: Database) -> tuple[int, int]:
    row = db.read("rebuild/count_graph")[0]
    return int(row["nodes"]), int(row["relationships"])


def rebuild(
    server: LocalServer, open_database: Callable[[], Database], say: Callable[[str], None]
) -> RebuildReport:
    """Rebuild the local server's database into a fresh store (see the module docstring).
    `open_database` connects to the server (again after each start)."""
    if server.pid() is None:
        raise RebuildError("the local Neo4j is not running: `kb db start`, then rebuild")
    started = time.monotonic()
    database = server.settings.neo4j_database
    directories = store_directories(server, database)
    before = directory_bytes(directories)
    work = server.home / "rebuild"
    if work.exists():
        raise RebuildError(
            f"{work} exists: an earlier rebuild did not finish; its old store is there "
            "(see docs/security.md, 'What erasure guarantees on disk')"
        )
    work.mkdir(mode=0o700)
    export = work / "graph.jsonl"
    with open_database() as db:
        expected = export_graph(db, export)
    say(f"exported {expected[0]:,} nodes and {expected[1]:,} relationships")
    server.stop()
    aside = [work / f"old-{p.parent.name}" for p in directories]
    for path, old in zip(directories, aside, strict=True):
        if path.exists():
            path.rename(old)
    try:
        server.start()
        with open_database() as db:
            apply_schema(db)
            write_graph(db, export)
            found = _counts(db)
        if found != expected:
            raise RebuildError(
                f"the rebuilt store holds {found[0]:,} nodes and {found[1]:,} relationships, "
                f"not {expected[0]:,} and {expected[1]:,}"
            )
    except Exception as error:
        server.stop()
        for path, old in zip(directories, aside, strict=True):
            shutil.rmtree(path, ignore_errors=True)
            if old.exists():
                old.rename(path)
        shutil.rmtree(work, ignore_errors=True)
        server.start()
        raise RebuildError(f"rebuild undone, the store is as it was: {error}") from error
    shutil.rmtree(work)
    say("the old store, its transaction logs and the export are deleted")
    return RebuildReport(
        nodes=expected[0],
        relationships=expected[1],
        seconds=time.monotonic() - started,
        bytes_before=before,
        bytes_after=directory_bytes(directories),
    )

"""Schema as code: the constraints and indexes in `cypher/schema/constraints.cypher`."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kb.storage.cypher import statement, statements
from kb.storage.database import Database
from neo4j import ManagedTransaction

SCHEMA_FILE = "schema/constraints"
APPLIED_STATEMENT = "schema/applied"
# Sessions that create the constraints side by side (see `apply_schema`).
CONSTRAINT_SESSIONS = 2
AWAIT_SECONDS = 120


def expected_names() -> set[str]:
    """The names the schema file declares (each statement names its constraint or index)."""
    names = set()
    for text in statements(SCHEMA_FILE):
        match = re.match(r"CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", text)
        if match:
            names.add(match.group(1))
    return names


def apply_schema(db: Database) -> int:
    """Create what is missing; returns how many statements ran (all are IF NOT EXISTS or
    IF EXISTS).

    On a store that already holds data (a bulk first load's import) a `CREATE INDEX`
    returns at once and populates in the background, but a `CREATE CONSTRAINT` returns
    only once its index is populated and checked. So the indexes (and drops) go first,
    then the constraints, one label's in one session and `CONSTRAINT_SESSIONS` labels
    side by side, then one wait until every index is online."""
    texts = statements(SCHEMA_FILE)
    by_label: dict[str, list[str]] = {}
    others = []
    for text in texts:
        constraint = re.match(r"CREATE\s+CONSTRAINT\s+\w+.*?\(\w+:(\w+)\)", text, re.S)
        if constraint:
            by_label.setdefault(constraint.group(1), []).append(text)
        else:
            others.append(text)
    _run_each(db, others)
    with ThreadPoolExecutor(CONSTRAINT_SESSIONS, "kb-schema") as sessions:
        list(sessions.map(lambda group: _run_each(db, group), by_label.values()))
    with db.session() as session:
        session.run(statement("schema/await_online"), seconds=AWAIT_SECONDS).consume()
    db.note_sent(len(texts) + 1)
    return len(texts)


def _run_each(db: Database, texts: list[str]) -> None:
    """Schema statements in one session, each in its own managed transaction (they cannot
    share one with each other): retried on a transient error, such as the deadlock two
    sessions' schema changes can meet (seen with two constraints of one label)."""
    with db.session() as session:
        for text in texts:
            session.execute_write(_run_one, text)


def _run_one(tx: ManagedTransaction, text: str) -> None:
    tx.run(text).consume()


def schema_applied(db: Database) -> bool:
    """True when every declared constraint and index exists and is online."""
    return is_applied(db.read(APPLIED_STATEMENT))


def is_applied(rows: list[dict[str, Any]]) -> bool:
    """Whether the rows of `schema/applied` hold every declared name, online (for callers
    that run the statement themselves, such as the API's async /health)."""
    online = {row["name"] for row in rows if row["state"] == "ONLINE"}
    return expected_names() <= online

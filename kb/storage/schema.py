"""Schema as code: the constraints and indexes in `cypher/schema/constraints.cypher`."""

from __future__ import annotations

import re
from typing import Any

from kb.storage.cypher import statement, statements
from kb.storage.database import Database

SCHEMA_FILE = "schema/constraints"
APPLIED_STATEMENT = "schema/applied"


def expected_names() -> set[str]:
    """The names the schema file declares (each statement names its constraint or index)."""
    names = set()
    for text in statements(SCHEMA_FILE):
        match = re.match(r"CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", text)
        if match:
            names.add(match.group(1))
    return names


def apply_schema(db: Database) -> int:
    """Create what is missing; returns how many statements ran (all are IF NOT EXISTS)."""
    texts = statements(SCHEMA_FILE)
    with db.session() as session:
        for text in texts:
            # Schema statements cannot share a transaction with each other.
            session.run(text).consume()
        session.run(statement("schema/await_online"), seconds=120).consume()
    db.note_sent(len(texts) + 1)
    return len(texts)


def schema_applied(db: Database) -> bool:
    """True when every declared constraint and index exists and is online."""
    return is_applied(db.read(APPLIED_STATEMENT))


def is_applied(rows: list[dict[str, Any]]) -> bool:
    """Whether the rows of `schema/applied` hold every declared name, online (for callers
    that run the statement themselves, such as the API's async /health)."""
    online = {row["name"] for row in rows if row["state"] == "ONLINE"}
    return expected_names() <= online

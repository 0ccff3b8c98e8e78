"""How an analytic about one family reads: its statement returns the family's one row
(everything the answer needs, from one read), or no row when there is no such family."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.analytics.errors import UnknownEntity
from kb.storage.database import Database, Row


def family_row(
    db: Database, statement: str, family_id: str, parameters: Mapping[str, Any] | None = None
) -> Row:
    """The row of `statement` (with `$familyId` and `parameters`) about the family;
    `UnknownEntity` when there is none."""
    rows = db.read(statement, {"familyId": family_id, **(parameters or {})})
    if not rows:
        raise UnknownEntity("family", family_id)
    return rows[0]

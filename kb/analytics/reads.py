"""How an analytic about one family reads: its statement returns the family's one row
(everything the answer needs, from one read), or no row when there is no such family.
`family_row` reads it through the blocking driver; a `OneRead`'s answer takes it from its
rows with `the_family_row`."""

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
    return the_family_row(
        db.read(statement, {"familyId": family_id, **(parameters or {})}), family_id
    )


def the_family_row(rows: list[Row], family_id: str) -> Row:
    """The one row a family's statement answered (a `OneRead`'s too); `UnknownEntity`
    when it answered none."""
    if not rows:
        raise UnknownEntity("family", family_id)
    return rows[0]

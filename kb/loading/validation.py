"""One row in, one record or the reasons it is refused out; and a record's stored properties.

Pydantic does the checking (types, allowed values, dates, `from` not after `to`);
`kb.domain.problems` turns its errors into (column, reason) a data steward can act on,
and this module never raises for bad input.
"""

from __future__ import annotations

from functools import cache

from pydantic import ValidationError

from kb.domain.model import Node, Record, Relationship, column_name
from kb.domain.problems import field_problems
from kb.loading.sources import Problem, RawRow


def validate(record_type: type[Node] | type[Relationship], row: RawRow) -> Record | list[Problem]:
    """The row as a record, or its problems (one per column at fault)."""
    values = row.values
    defaulted = _defaulted(record_type)
    if defaulted and any(values.get(c, "") is None for c in defaulted):
        # An empty cell in a column with a default (a participation's role) means the default.
        values = {c: v for c, v in values.items() if not (v is None and c in defaulted)}
    try:
        return record_type.model_validate(values)
    except ValidationError as error:
        return [Problem(row.line, p.field, p.message) for p in field_problems(record_type, error)]


@cache
def _defaulted(record_type: type[Node] | type[Relationship]) -> frozenset[str]:
    """Columns that have a default but cannot be null."""
    return frozenset(
        column_name(record_type, name)
        for name, info in record_type.model_fields.items()
        if not info.is_required() and info.default is not None
    )

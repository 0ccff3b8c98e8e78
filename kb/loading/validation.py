"""One row in, one record or the reasons it is refused out; and a record's stored properties.

Pydantic does the checking (types, allowed values, dates, `from` not after `to`);
this module turns its errors into (column, reason) a data steward can act on,
and never raises for bad input.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from kb.domain.model import Node, Record, Relationship
from kb.loading.sources import Problem, RawRow

_SHOWN_CHARS = 40


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
        aliases = {info.alias or name for name, info in record_type.model_fields.items()}
        problems = []
        for detail in error.errors(include_url=False):
            column, reason = describe(detail, aliases)
            problems.append(Problem(row.line, column, reason))
        return problems


@cache
def _defaulted(record_type: type[Node] | type[Relationship]) -> frozenset[str]:
    """Columns that have a default but cannot be null."""
    return frozenset(
        info.alias or name
        for name, info in record_type.model_fields.items()
        if not info.is_required() and info.default is not None
    )


def describe(detail: ErrorDetails, aliases: set[str]) -> tuple[str, str]:
    """(column, reason) for one pydantic error."""
    loc = detail["loc"]
    column = str(loc[0]) if loc else ""
    kind = detail["type"]
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "missing":
        return column, "a value is required (the cell is empty or the column is missing)"
    if kind == "extra_forbidden":
        return column, "unknown column"
    if not loc:
        # Cross-field checks name the column they are about first ("to is before from").
        first = message.split(" ", 1)[0]
        column = first if first in aliases else ""
    if kind != "value_error" and "input" in detail:
        message = f"{message} (got {shown(detail['input'])})"
    return column, message


def shown(value: Any) -> str:
    """A value as a reason quotes it: short, so a reject file never copies a huge cell."""
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return f"{value[:_SHOWN_CHARS]!r}... ({len(value):,} characters)"
    if isinstance(value, dict | list):
        return type(value).__name__
    return repr(value)


def properties(record: Record, without: tuple[str, ...]) -> dict[str, Any]:
    """The record's stored properties by alias, enums as their text, identity fields left out."""
    values = record.model_dump(by_alias=True)
    return {
        name: value.value if isinstance(value, Enum) else value
        for name, value in values.items()
        if name not in without
    }

"""Pydantic's validation errors as messages people can act on, in one place: the loader's
reject reasons (per column) and the API's `BAD_USER_INPUT` problems (per property)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from kb.domain.model import Record, column_names

# A value quoted back in a message is cut to this many characters.
_SHOWN_CHARS = 40
MISSING = {"column": "a value is required (the cell is empty or the column is missing)"}


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field (`field` is its column or property name, "" when the
    problem is the record's as a whole)."""

    field: str
    message: str


def field_problems(
    record_type: type[Record],
    error: ValidationError,
    noun: str = "column",
    *,
    quote_input: bool = True,
) -> list[FieldProblem]:
    """One problem per pydantic error of validating `record_type`, named by its columns.
    `quote_input`: say which value was refused (a reject file does; an API answer, whose
    messages reach the server log, does not)."""
    aliases = set(column_names(record_type))
    details = error.errors(include_url=False, include_input=quote_input)
    return [FieldProblem(*describe(detail, aliases, noun)) for detail in details]


def describe(detail: ErrorDetails, aliases: set[str], noun: str = "column") -> tuple[str, str]:
    """(field, reason) for one pydantic error; `noun` names a field to its reader (a dataset's
    column, an API argument's property)."""
    loc = detail["loc"]
    column = str(loc[0]) if loc else ""
    kind = detail["type"]
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "missing":
        return column, MISSING.get(noun, "a value is required")
    if kind == "extra_forbidden":
        return column, f"unknown {noun}"
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

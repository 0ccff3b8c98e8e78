"""Errors the analytics raise; the API turns them into coded GraphQL errors."""

from __future__ import annotations


class InvalidArgument(ValueError):
    """An argument out of range or inconsistent with another; `argument` names it."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument
        self.message = message


class UnknownEntity(LookupError):
    """An id that names nothing of the kinds the question accepts."""

    def __init__(self, kind: str, entity_id: str) -> None:
        super().__init__(f"no {kind} with id {entity_id!r}")
        self.kind = kind
        self.entity_id = entity_id


class SearchTooBroad(RuntimeError):
    """A search stopped at its time limit; narrower arguments would answer."""


def check_range(argument: str, value: int, low: int, high: int) -> None:
    """Refuse an argument outside `low..high` (inclusive), naming it."""
    if not low <= value <= high:
        raise InvalidArgument(argument, f"{argument} must be between {low} and {high}, got {value}")

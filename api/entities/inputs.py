"""The entity graph's input types, generated from the model: ranges, sort enums, orders, filters.

Per label (`shape.LABELS`): a `<Label>SortField` enum (ID and every property the model
marks SORT, each value naming one property, the only names a statement may sort by), a
`<Label>Order` input, and a `<Label>Filter` input: `ids`; one condition per property
use (`<name>Contains`, `<name>s` any of, `<name>` range, `open`); one per related
filter (`familyId`...). Conditions are all optional; all given ones must hold.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from api.entities import vocabulary as _vocabulary  # noqa: F401  (marks the model's enums)
from api.entities.shape import LABELS, Label, filter_name, sort_value
from kb.domain.model import Use

MAX_IDS = 1000
MAX_TEXT = 200


@strawberry.input(description="Dates d with after <= d < before; either end may be left out.")
class DateRange:
    after: date | None = strawberry.field(default=None, description="On or after this date.")
    before: date | None = strawberry.field(default=None, description="Strictly before this date.")


@strawberry.input(
    description="Instants t with after <= t < before; either end may be left out. "
    "A date-time without a time zone is read as UTC."
)
class DateTimeRange:
    after: datetime | None = strawberry.field(default=None, description="At or after this instant.")
    before: datetime | None = strawberry.field(
        default=None, description="Strictly before this instant."
    )


@strawberry.enum(description="Ascending (A to Z, oldest first) or descending.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


def _sort_enum(label: Label) -> type[Enum]:
    members = {"ID": "id"} | {
        sort_value(p.name): p.name for p in label.properties if Use.SORT in p.uses
    }
    enum = Enum(f"{label.name}SortField", members)  # type: ignore[misc]
    enum.__module__ = __name__
    return strawberry.enum(enum, description=f"What {label.plural} can be sorted by (ties: by id).")


def _order(label: Label, sort_field: type[Enum]) -> type:
    namespace: dict[str, Any] = {
        "__annotations__": {"field": sort_field, "direction": SortDirection},
        "field": sort_field[sort_value(label.default_sort)],
        "direction": SortDirection.ASC,
        "__module__": __name__,
    }
    return strawberry.input(
        type(f"{label.name}Order", (), namespace), description=f"Order of {label.plural}."
    )


def _filter(label: Label) -> type:
    annotations: dict[str, Any] = {"ids": list[strawberry.ID] | None}
    namespace: dict[str, Any] = {"ids": None}
    for prop in label.properties:
        for use in (Use.CONTAINS, Use.ANY_OF, Use.RANGE):
            if use not in prop.uses:
                continue
            name = filter_name(prop, use)
            if use is Use.CONTAINS:
                annotations[name] = str | None
            elif use is Use.ANY_OF:
                annotations[name] = list[prop.annotation] | None  # type: ignore[name-defined]
            else:
                annotations[name] = (DateRange if prop.annotation is date else DateTimeRange) | None
            namespace[name] = None
        if Use.OPEN in prop.uses:
            annotations["open"] = bool | None
            namespace["open"] = strawberry.field(default=None, description=_open_filter_help(label))
    for related in label.filters:
        annotations[related.name] = strawberry.ID | None
        namespace[related.name] = strawberry.field(default=None, description=related.description)
    namespace["__annotations__"] = annotations
    namespace["__module__"] = __name__
    return strawberry.input(
        type(f"{label.name}Filter", (), namespace),
        description=f"Which {label.plural} (all conditions must hold).",
    )


def _open_filter_help(label: Label) -> str:
    prop = label.open_property
    assert prop is not None
    return f"true: {prop.name} is empty (still open); false: it is set."


SORT_FIELDS: dict[str, type[Enum]] = {label.name: _sort_enum(label) for label in LABELS}
ORDERS: dict[str, type] = {label.name: _order(label, SORT_FIELDS[label.name]) for label in LABELS}
FILTERS: dict[str, type] = {label.name: _filter(label) for label in LABELS}

globals().update(
    {cls.__name__: cls for cls in (*SORT_FIELDS.values(), *ORDERS.values(), *FILTERS.values())}
)

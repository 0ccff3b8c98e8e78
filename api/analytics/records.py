"""One way to build an analytics answer's GraphQL type from its kb.analytics record.

Most fields of an answer's type are the record's attributes of the same name: the
type's declaration is the table, and `from_record` copies each declared field,
converting it by its declared type (a nested answer type through its `of`, an enum by
value, a sequence to a list). A type states only what differs: a field read from
another attribute or a dotted path, in its class statement
(`class Engagement(FromRecord, renamed={"on": "day"})`), or one computed from the
record (`from_record(cls, record, size=...)` in its own `of`). A declared field the
record lacks is an error, not a null.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from operator import attrgetter
from typing import Any, ClassVar, Self, TypeVar

import strawberry
from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.enum import StrawberryEnumDefinition

T = TypeVar("T")
Convert = Callable[[Any], Any]
Plan = tuple[tuple[str, Callable[[Any], Any], Convert | None], ...]

# An answer's `after` and `before`: the bounds of its record's period.
PERIOD = {"after": "period.after", "before": "period.before"}

_plans: dict[type, Plan] = {}


def from_record(cls: type[T], record: object, **given: Any) -> T:
    """`cls` with each field from `given`, else from the record (see the module)."""
    values = dict(given)
    for name, read, convert in _plan(cls):
        if name not in values:
            value = read(record)
            values[name] = value if convert is None else convert(value)
    return cls(**values)


def schema_enums(vocabularies: Iterable[type[Enum]]) -> None:
    """Each kb.analytics vocabulary as the schema's enum, described by its docstring: the
    same class (strawberry marks it), so a type declares its field with it and an
    answer's value needs no copy."""
    for enum in vocabularies:
        strawberry.enum(enum, description=enum.__doc__)


class FromRecord:
    """A type whose `of(record)` is `from_record`; `renamed` (a class keyword) maps a
    field to the attribute or dotted path it is read from."""

    _renamed: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(cls, renamed: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._renamed = dict(renamed or {})

    @classmethod
    def of(cls, record: Any) -> Self:
        return from_record(cls, record)


def _plan(cls: type) -> Plan:
    """The type's data fields (not those with a resolver): where each is read, and how
    it is converted."""
    plan = _plans.get(cls)
    if plan is None:
        renamed: Mapping[str, str] = getattr(cls, "_renamed", {})
        fields = cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
        plan = tuple(
            (
                field.python_name,
                attrgetter(renamed.get(field.python_name, field.python_name)),
                _conversion(field.type),
            )
            for field in fields
            if field.base_resolver is None
        )
        _plans[cls] = plan
    return plan


def _conversion(declared: Any) -> Convert | None:
    """How a record's value becomes the declared type's; None: as it is (scalars)."""
    if isinstance(declared, StrawberryOptional):
        inner = _conversion(declared.of_type)
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if isinstance(declared, StrawberryList):
        item = _conversion(declared.of_type)
        if item is None:
            return list
        return lambda values: [item(value) for value in values]
    if isinstance(declared, StrawberryEnumDefinition):
        wrapped = declared.wrapped_cls
        return lambda value: wrapped(value.value)
    if has_object_definition(declared):
        of = getattr(declared, "of", None)
        if of is not None:
            return of  # type: ignore[no-any-return]
        return lambda value: from_record(declared, value)
    return None

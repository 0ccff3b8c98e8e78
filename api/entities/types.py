"""The entity graph's object types, generated from `shape.LABELS` and the model.

One type per label, implementing `Node`: its properties as scalar fields (a property
the model marks free text or personal is nullable and needs its reader's role), an
`open` flag for a property marked OPEN, and its relationship fields (plain lists,
single nodes, period objects with `activeOn` and their distinct ends, edge objects,
interaction connections). One type per relationship object (`Employment`...), one
union per set of labels a relationship may end at.

Answers never come from these resolvers one field at a time: the root field
translates the whole selection into one Cypher statement (`translate.py`) and
`execution.py` hands the shaped answer to GraphQL as it is. The resolvers below only
define each field's arguments; if they run, they read the answer's own value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import FunctionType
from typing import Annotated, Any, Union

import strawberry
from strawberry.types import Info

from api.entities.inputs import DateTimeRange
from api.entities.pagination import DEFAULT_PAGE_SIZE, Connection
from api.entities.shape import (
    ACTIVE_ON_HELP,
    EDGES,
    LABELS,
    UNIONS,
    Edge,
    Label,
    Link,
    edge_ends,
    edge_properties,
)
from api.entities.vocabulary import InteractionKind, InvolvementRole
from api.security.field_rules import field_help, permission_classes

__all__ = ["ENTITY_TYPES", "Connection", "DateTimeRange", "Node", "type_name"]

FIRST_HELP = "Page size, 1 to 100 (default 20)."
AFTER_HELP = "A cursor from an earlier page: start after it."


@strawberry.interface(
    description="Anything stored in the knowledge base. Ids are unique across all types, "
    "so `node(id:)` finds any of them."
)
class Node:
    id: strawberry.ID


# -- argument templates -----------------------------------------------------------------
# One function per argument list; each field gets a copy with its own return type.


def _no_arguments(root: Any, info: Info) -> Any:
    return root[info.path.key]


def _period(
    root: Any,
    info: Info,
    active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
) -> Any:
    return root[info.path.key]


def _period_with_roles(
    root: Any,
    info: Info,
    active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    roles: list[InvolvementRole] | None = None,
) -> Any:
    return root[info.path.key]


def _on_a_day(root: Any, info: Info, on: date | None = None) -> Any:
    return root[info.path.key]


def _interaction_page(
    root: Any,
    info: Info,
    first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = DEFAULT_PAGE_SIZE,
    after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
    kinds: list[InteractionKind] | None = None,
    at: DateTimeRange | None = None,
    latest_first: bool = False,
) -> Any:
    return root[info.path.key]


def resolver(template: Callable[..., Any], returns: Any) -> Callable[..., Any]:
    """A copy of `template` whose return annotation is `returns` (a type or a name here)."""
    assert isinstance(template, FunctionType)
    copy = FunctionType(template.__code__, template.__globals__, template.__name__,
                        template.__defaults__, template.__closure__)  # fmt: skip
    copy.__kwdefaults__ = template.__kwdefaults__
    copy.__annotations__ = {**template.__annotations__, "return": returns}
    return copy


def type_name(labels: tuple[str, ...]) -> str:
    """The GraphQL type of a node of these labels: the label, or the union of them."""
    return labels[0] if len(labels) == 1 else UNIONS[labels][0]


# -- generation -------------------------------------------------------------------------


def _scalar_fields(label: Label, namespace: dict[str, Any], annotations: dict[str, Any]) -> None:
    for prop in label.properties:
        annotation: Any = prop.annotation if prop.required else prop.annotation | None
        restricted = permission_classes(label.name, prop.name)
        if restricted:
            annotation = prop.annotation | None
        annotations[prop.field] = annotation
        namespace[prop.field] = strawberry.field(
            name=prop.name,
            permission_classes=restricted,
            description=field_help(label.name, prop.name) or prop.description,
        )
    if label.open_property is not None:
        annotations["open"] = bool
        namespace["open"] = strawberry.field(description=label.open_description)


# Per kind of relationship field: its arguments, and its type ({t}: the target's, {e}: the edge's).
_LINK_KINDS: dict[str, tuple[Callable[..., Any], str]] = {
    "list": (_no_arguments, "list[{t}]"),
    "one": (_no_arguments, "{t} | None"),
    "agency_on": (_on_a_day, "{t} | None"),
    "interactions": (_interaction_page, "Connection[{t}]"),
    "edges": (_no_arguments, "list[{e}]"),
    "period": (_period, "list[{e}]"),
}


def _link_fields(link: Link, namespace: dict[str, Any]) -> None:
    target = type_name(link.target)
    template, returns = _LINK_KINDS[link.kind]
    if link.roles:
        template = _period_with_roles
    namespace[f"link_{link.name}"] = strawberry.field(
        resolver=resolver(template, returns.format(t=target, e=link.edge)),
        name=link.name,
        description=link.description,
    )
    if link.distinct:
        namespace[f"link_{link.distinct}"] = strawberry.field(
            resolver=resolver(_period, f"list[{target}]"),
            name=link.distinct,
            description=link.distinct_description,
        )


def _object_type(label: Label) -> type:
    namespace: dict[str, Any] = {"__module__": __name__}
    annotations: dict[str, Any] = {}
    _scalar_fields(label, namespace, annotations)
    for link in label.links:
        _link_fields(link, namespace)
    namespace["__annotations__"] = annotations
    return strawberry.type(type(label.name, (Node,), namespace), description=label.description)


def _edge_type(edge: Edge) -> type:
    namespace: dict[str, Any] = {"__module__": __name__}
    annotations: dict[str, Any] = {}
    for prop in edge_properties(edge):
        attribute = prop.name + "_" if prop.name == "from" else prop.name
        if prop.reference:
            annotations[f"{attribute}_id"] = strawberry.ID | None
            namespace[f"{attribute}_id"] = strawberry.field(name=f"{prop.name}Id")
            continue
        annotations[attribute] = prop.annotation if prop.required else prop.annotation | None  # type: ignore[operator]
        description = edge.to_description if prop.name == "to" else None
        namespace[attribute] = strawberry.field(name=prop.name, description=description)
    for end, labels in edge_ends(edge):
        namespace[end] = strawberry.field(
            resolver=resolver(_no_arguments, type_name(labels)), name=end
        )
    for prop in edge_properties(edge):
        if prop.reference:
            namespace[prop.name] = strawberry.field(
                resolver=resolver(_no_arguments, "Node | None"),
                name=prop.name,
                description="The entity (usually an agency) the professional acts for.",
            )
    namespace["__annotations__"] = annotations
    return strawberry.type(type(edge.name, (), namespace), description=edge.description)


ENTITY_TYPES: dict[str, type] = {label.name: _object_type(label) for label in LABELS}
EDGE_TYPES: dict[str, type] = {edge.name: _edge_type(edge) for edge in EDGES.values()}
UNION_TYPES: dict[str, Any] = {
    name: Annotated[
        Union[tuple(ENTITY_TYPES[label] for label in labels)],  # noqa: UP007
        strawberry.union(name, description=description),
    ]
    for labels, (name, description) in UNIONS.items()
}
# The resolvers' return annotations name these types; they are looked up here.
globals().update(ENTITY_TYPES)
globals().update(EDGE_TYPES)
globals().update(UNION_TYPES)

"""Field rules of the entity graph: who may read, filter and sort by which property.

One declaration decides all three: the model marks each property's kind
(`kb.domain.model.Sensitivity`) and `kb.security.roles.READER` names the least role that
reads that kind. A field the role cannot read answers null with FORBIDDEN; a filter or a
sort on it is refused with FORBIDDEN before any Cypher runs, since a yes/no answer or a
ranking would reveal the hidden value one request at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from api.errors import ApiError, ErrorCode
from api.security.permissions import IsAdmin, IsAnalyst, IsSteward
from kb.domain.model import NODE_TYPES, Property, Sensitivity, properties
from kb.security.roles import READER, Principal, Role

_PERMISSION: dict[Role, type[BasePermission]] = {
    Role.ANALYST: IsAnalyst,
    Role.STEWARD: IsSteward,
    Role.ADMIN: IsAdmin,
}


@cache
def label_properties(label: str) -> dict[str, Property]:
    """The model's properties of a label by their GraphQL/Neo4j name (none for a name
    that is not a label of the model, such as a sector in a drawing)."""
    node_type = next((t for t in NODE_TYPES if t.label == label), None)
    return {} if node_type is None else {p.name: p for p in properties(node_type)}


def reader(label: str, name: str) -> Role:
    """The least role that may read (and so filter and sort by) `label.name`."""
    found = label_properties(label).get(name)
    return READER[found.sensitivity if found else Sensitivity.PSEUDONYMOUS]


def may_read(principal: Principal | None, label: str, name: str) -> bool:
    return principal is not None and principal.may(reader(label, name))


def readable(principal: Principal | None, label: str, values: dict[str, Any]) -> dict[str, Any]:
    """The entries of a node's stored properties that the principal may read."""
    return {name: value for name, value in values.items() if may_read(principal, label, name)}


def permission_classes(label: str, name: str) -> list[type[BasePermission]]:
    """`permission_classes=` for the field of `label.name` (empty: any key reads it)."""
    role = reader(label, name)
    return [] if role is Role.ANALYST else [_PERMISSION[role]]


def field_help(label: str, name: str) -> str | None:
    """The sentence a restricted field's description carries, or None."""
    found = label_properties(label).get(name)
    if found is None or reader(label, name) is Role.ANALYST:
        return None
    kind = "Free text" if found.sensitivity is Sensitivity.FREE_TEXT else "Personal data"
    return f"{kind}; needs role {reader(label, name).value} or above."


def ruled_field(label: str, name: str) -> Any:
    """A strawberry field that copies `label.name` of the model (an analytics answer's
    title or statement): its permission and the sentence its description carries."""
    return strawberry.field(
        permission_classes=permission_classes(label, name), description=field_help(label, name)
    )


def refuse_unreadable(
    principal: Principal | None, label: str, used: Iterable[tuple[str, str]]
) -> None:
    """FORBIDDEN for the first (property, argument) the principal may not read.

    `used` lists the properties a filter tests or a sort orders by, each with the
    argument that asks for it (`filter.statementContains`, `orderBy.field`)."""
    for name, argument in used:
        if not may_read(principal, label, name):
            role = reader(label, name)
            raise ApiError(
                ErrorCode.FORBIDDEN,
                f"`{argument}` uses {label}.{name}, which needs role {role.value} or above "
                "to read, so also to filter or sort by",
                argument=argument,
            )

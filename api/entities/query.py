"""The root fields of the entity graph: `node(id:)`, `nodes(ids:)` and one Relay connection
per label (`first`, `after`, `filter`, `orderBy`), generated from `shape.LABELS`.

All of them are answered together, by one statement per request (`request.py`).
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.context import Context
from api.entities.execution import Answered
from api.entities.inputs import FILTERS, ORDERS
from api.entities.pagination import DEFAULT_PAGE_SIZE, Connection
from api.entities.request import answer_root_field
from api.entities.shape import LABELS
from api.entities.types import ENTITY_TYPES, Node, resolver

FIRST_HELP = "Page size, 1 to 100 (default 20)."
AFTER_HELP = "A cursor from an earlier page (`pageInfo.endCursor`): start after it."


async def _root_page(
    root: Any,
    info: Info[Context, None],
    first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = DEFAULT_PAGE_SIZE,
    after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
    filter: Any = None,
    order_by: Any = None,
) -> Any:
    return await answer_root_field(info)


def _connection_field(label_name: str, description: str) -> Any:
    connection: Any = Connection
    page = resolver(_root_page, connection[ENTITY_TYPES[label_name]] | None)
    page.__annotations__["filter"] = FILTERS[label_name] | None
    page.__annotations__["order_by"] = ORDERS[label_name] | None
    return strawberry.field(resolver=page, description=description)


async def _node(root: Any, info: Info[Context, None], id: strawberry.ID) -> Answered:
    return await answer_root_field(info)


async def _nodes(root: Any, info: Info[Context, None], ids: list[strawberry.ID]) -> Answered:
    return await answer_root_field(info)


_namespace: dict[str, Any] = {
    "__module__": __name__,
    "node": strawberry.field(
        resolver=resolver(_node, Node | None),
        description="Any entity by its id; null when no entity has it (Relay convention).",
    ),
    "nodes": strawberry.field(
        resolver=resolver(_nodes, list[Node | None]),
        description="Entities by id, in the order asked; null where none has it.",
    ),
    **{label.root_field: _connection_field(label.name, label.root_description) for label in LABELS},
}
EntityQuery = strawberry.type(type("EntityQuery", (), _namespace))

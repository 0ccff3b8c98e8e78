"""A tiny schema of nested lists with the API's security extensions, to check the cost rule,
depth and error masking against hand counts (tests/unit/test_limits.py) and the server-side
timeout (`slow`, tests/integration/security/test_limits.py)."""

from __future__ import annotations

from typing import Any

import strawberry
from neo4j.exceptions import ServiceUnavailable
from strawberry.types import Info

from api.security.extensions import security_extensions
from kb.settings import Settings
from kb.storage.database import Database


@strawberry.type
class Leaf:
    name: str


@strawberry.type
class Branch:
    @strawberry.field
    def leaves(self, first: int = 10) -> list[Leaf]:
        return [Leaf(name=str(i)) for i in range(first)]

    label: str = "b"


@strawberry.type
class Chain:
    @strawberry.field
    def next(self) -> Chain:
        return Chain()

    end: str = "end"


@strawberry.type
class Tree:
    @strawberry.field
    def chain(self) -> Chain:
        return Chain()

    @strawberry.field
    def branches(self, first: int = 10) -> list[Branch]:
        return [Branch() for _ in range(first)]

    @strawberry.field
    def explode(self) -> str:
        raise RuntimeError("MATCH (n) RETURN n -- secret detail")

    @strawberry.field
    def down(self) -> int | None:
        raise ServiceUnavailable("Couldn't connect to 127.0.0.1:7687")

    @strawberry.field
    def slow(self, info: Info[Any, None]) -> int:
        db: Database = info.context["db"]
        return int(db.read("security/slow_for_tests")[0]["n"])


def tiny_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(query=Tree, extensions=security_extensions(settings))


def run(schema: strawberry.Schema, query: str, **context: Any) -> Any:
    return schema.execute_sync(query, context_value=context)


LIMITS = Settings(KB_API_MAX_COST=1000, KB_API_MAX_PAGE_SIZE=50)

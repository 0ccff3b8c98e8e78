"""The GraphQL schema: the root types each layer of the API contributes, merged."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from api.system import SystemQuery

Query = merge_types("Query", (SystemQuery,))

schema = strawberry.Schema(query=Query)

"""Print the one Cypher statement (and its parameters) a GraphQL request is answered with,
or the entity graph's SDL.

    python -m api.entities.explain '{ families(first: 2) { nodes { reference } } }'
    python -m api.entities.explain --role ANALYST --variables '{"id": "F1"}' query.graphql
    python -m api.entities.explain --sdl > docs/graphql/entities.graphql

No database is needed: the request is parsed, validated against the schema and planned
as the API would for a key of that role (default ADMIN), then translated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import strawberry
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, validate
from graphql.execution.values import get_variable_values

from api.entities.query import EntityQuery
from api.entities.request import plan_operation
from api.entities.translate import Statement, translate
from api.scalars import SCALAR_OVERRIDES
from api.schema import build_schema
from kb.security.roles import Principal, Role
from kb.settings import get_settings


def explain(
    query: str, variables: dict[str, Any] | None = None, role: Role = Role.ADMIN
) -> Statement:
    """The statement the entity root fields of `query` are answered with."""
    graphql_schema = build_schema(get_settings())._schema
    document = parse(query)
    problems = validate(graphql_schema, document)
    if problems:
        raise ValueError("; ".join(p.message for p in problems))
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    coerced = get_variable_values(
        graphql_schema, operation.variable_definitions or [], variables or {}
    )
    if isinstance(coerced, list):
        raise ValueError("; ".join(e.message for e in coerced))
    context = SimpleNamespace(
        principal=Principal("explain", role, "explain"),
        db=SimpleNamespace(settings=get_settings()),
    )
    planned = plan_operation(graphql_schema, operation, fragments, coerced.coerced, context)
    for key, error in planned.refused.items():
        print(f"// {key}: refused: {error.message}", file=sys.stderr)
    return translate(list(planned.plans.values()))


def entity_sdl() -> str:
    """The entity graph's part of the public schema (its root fields and every type they
    reach), as checked in at docs/graphql/entities.graphql."""
    schema = strawberry.Schema(query=EntityQuery, scalar_overrides=SCALAR_OVERRIDES)
    return schema.as_str() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("query", nargs="?", help="a GraphQL document, or a file holding one")
    parser.add_argument("--variables", default="{}", help="the variables, as JSON")
    parser.add_argument("--role", default="ADMIN", choices=[r.value for r in Role])
    parser.add_argument("--sdl", action="store_true", help="print the entity graph's SDL")
    args = parser.parse_args(argv)
    if args.sdl:
        print(entity_sdl(), end="")
        return 0
    if args.query is None:
        parser.error("a query is needed (or --sdl)")
    path = Path(args.query)
    query = path.read_text(encoding="utf-8") if path.is_file() else args.query
    try:
        statement = explain(query, json.loads(args.variables), Role(args.role))
    except ValueError as error:
        print(f"not a request the API would run: {error}", file=sys.stderr)
        return 1
    print(statement.text)
    print("// parameters: " + json.dumps(statement.parameters, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

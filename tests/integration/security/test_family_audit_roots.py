"""The audit rule from the root lists (trust's check of #13 against main): every root
connection of an entity type, asked for every scalar field of its nodes, logs exactly the
families of the entities it answers (the families a family's own row names included), as
worked out from the fixture's files (`families_oracle`), not from the code under test.
`tests/integration/security/test_family_audit.py` walks the fields below `node(id:)`.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLScalarType, get_named_type

from kb.security.roles import Role
from kb.storage.database import Database
from tests.integration.security.test_family_audit import (
    admin_events,
    entities_in,
    families_oracle,
    keyed,  # noqa: F401 (the module's fixture)
    schema,
)


def root_connections() -> list[tuple[str, str]]:
    """(root field, a selection of every scalar field of its nodes)."""
    query_type = schema._schema.query_type
    assert query_type is not None
    found = []
    for name, field in query_type.fields.items():
        connection = get_named_type(field.type)
        if not (isinstance(connection, GraphQLObjectType) and "nodes" in connection.fields):
            continue
        node = get_named_type(connection.fields["nodes"].type)
        if not isinstance(node, GraphQLObjectType) or "Node" not in [
            i.name for i in node.interfaces
        ]:
            continue
        scalars = [
            f
            for f, spec in node.fields.items()
            if isinstance(get_named_type(spec.type), GraphQLScalarType | GraphQLEnumType)
            and not spec.args
        ]
        found.append((name, " ".join(["__typename", *scalars])))
    return found


def test_the_root_lists_are_found() -> None:
    names = {name for name, _ in root_connections()}
    assert {"families", "clients", "interactions", "perspectives", "tensions"} <= names


@pytest.mark.parametrize(("field_name", "selection"), root_connections())
def test_every_root_list_logs_the_families_it_answers(
    database: Database,
    keyed: tuple[TestClient, dict[Role, str]],  # noqa: F811
    field_name: str,
    selection: str,
) -> None:
    query = f"{{ {field_name}(first: 100) {{ nodes {{ {selection} }} }} }}"
    body, logged_ids = admin_events(database, keyed, query)
    assert "errors" not in body, body
    of = families_oracle()
    answered = entities_in(body["data"][field_name])
    assert answered, "the fixture answers something"
    assert logged_ids == sorted(set().union(*(of[i] for i in answered)))

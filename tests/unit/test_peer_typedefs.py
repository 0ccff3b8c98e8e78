"""The peer's SDL (bench/peer/typedefs.py) says what the model says: every label, property,
relationship and relationship property, read back from the SDL with graphql-core."""

from __future__ import annotations

import re
from typing import Any

from graphql import parse
from graphql.language import FieldDefinitionNode, ObjectTypeDefinitionNode, TypeNode

from bench.peer.typedefs import (
    CONFIGURATION_STATEMENT,
    configuration_statement,
    cypher_map,
    typedefs,
)
from kb.analytics.configuration import LEAD_RANK, ROLE_RANK
from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES, properties

SDL = parse(typedefs())
TYPES = {d.name.value: d for d in SDL.definitions if isinstance(d, ObjectTypeDefinitionNode)}


def spelled(node: TypeNode) -> str:
    kind = type(node).__name__
    if kind == "NonNullTypeNode":
        return spelled(node.type) + "!"  # type: ignore[attr-defined]
    if kind == "ListTypeNode":
        return "[" + spelled(node.type) + "]"  # type: ignore[attr-defined]
    return str(node.name.value)  # type: ignore[attr-defined]


def fields(type_name: str) -> dict[str, FieldDefinitionNode]:
    return {f.name.value: f for f in TYPES[type_name].fields or ()}


def directive(field: FieldDefinitionNode, name: str) -> dict[str, Any] | None:
    for d in field.directives or ():
        if d.name.value == name:
            return {a.name.value: getattr(a.value, "value", None) for a in d.arguments or ()}
    return None


def relationship_fields(
    type_name: str, rel_type: str, direction: str, other: str
) -> list[FieldDefinitionNode]:
    """The fields of `type_name` that follow `rel_type` in `direction` to a list of `other`."""
    return [
        f
        for f in fields(type_name).values()
        if (d := directive(f, "relationship"))
        and d["type"] == rel_type
        and d["direction"] == direction
        and spelled(f.type) == f"[{other}!]!"
    ]


def test_every_label_is_a_node_type_with_the_models_properties() -> None:
    for node_type in NODE_TYPES:
        definition = TYPES[node_type.label]
        assert [d.name.value for d in definition.directives or ()] == ["node"]
        declared = fields(node_type.label)
        assert spelled(declared["id"].type) == "ID!"
        for prop in properties(node_type):
            assert prop.name in declared, (node_type.label, prop.name)
            assert spelled(declared[prop.name].type).endswith("!") == prop.required


def test_every_relationship_is_a_field_on_both_ends_with_its_properties() -> None:
    for rel in RELATIONSHIP_TYPES:
        own = [
            name
            for name, info in rel.model_fields.items()
            if name not in ("source_id", "target_id")
        ]
        for source in rel.sources:
            for target in rel.targets:
                out = relationship_fields(source, rel.type, "OUT", target)
                back = relationship_fields(target, rel.type, "IN", source)
                assert len(out) == 1 and len(back) == 1, (rel.type, source, target)
                props = directive(out[0], "relationship")
                assert props is not None
                if own:
                    assert props["properties"] == f"{rel.__name__}Properties"
                    aliases = {rel.model_fields[n].alias or n for n in own}
                    assert set(fields(props["properties"])) == aliases
                else:
                    assert "properties" not in props


def test_field_names_read_as_the_model_speaks() -> None:
    family = fields("Family")
    assert {"clients", "professionals", "interactions", "boundaryObjects"} <= set(family)
    assert "employedBy" in fields("Professional")
    assert {"professionals", "clients", "concerns"} <= set(fields("Interaction"))


def test_the_configuration_field_runs_our_statement_and_returns_its_columns() -> None:
    statement = configuration_statement()
    ours = CONFIGURATION_STATEMENT.read_text().splitlines()
    body = [line for line in ours if not line.lstrip().startswith("//")]
    # Our statement's lines are all there, with $at read as datetime($at), the role ranks
    # written in, no drawing asked, and nothing else changed.
    for line in body:
        line = re.sub(r"\$at\b", "datetime($at)", line)
        line = line.replace("$roleRank", cypher_map(ROLE_RANK))
        line = line.replace("$leadRank", cypher_map(LEAD_RANK))
        assert line.replace("$withDrawing", "false") in statement
    assert not {"$roleRank", "$leadRank", "$withDrawing"} & set(re.findall(r"\$\w+", statement))
    columns = re.findall(r"(\w+): \1", statement.rsplit("RETURN {", 1)[1])
    # Every column the question asks is one the statement returns (`drawing` it does not ask).
    assert set(fields("ConfigurationRows")) | {"drawing"} == set(columns)
    query = fields("Query")["familyConfiguration"]
    cypher = directive(query, "cypher")
    assert cypher is not None and cypher["columnName"] == "configuration"
    assert cypher["statement"].strip() == statement.strip()

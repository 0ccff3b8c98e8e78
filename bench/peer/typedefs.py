"""The peer's type definitions (@neo4j/graphql 7 SDL), generated from `kb/domain/model.py`.

One source of truth: every node label becomes a `@node` type with the model's
properties, every relationship type becomes `@relationship` fields on both ends
(with a `@relationshipProperties` type when the relationship has properties), and
the vocabularies become enums. Nothing per label is written here by hand.

Field names, derived from the model:
- outgoing: the relationship type in camelCase (`Professional.employedBy`,
  `Interaction.concerns`); one field per target label, suffixed with the label,
  when the type can end at several (`Perspective.onFamily`, `Perspective.onBoundaryObject`);
- incoming: the source label's plural, from its dataset file name
  (`Family.clients`, `Family.professionals`, `Interaction.professionals`).

The configuration question is a `@cypher` field on `Query` running our own
`cypher/analytics/family_configuration.cypher` statement, its columns returned as one
map: the same statement our `familyConfiguration` sends, which assembles the members,
roles, presence and the lead in the database, so both servers answer the same shape.
`python -m bench.peer.typedefs` prints the SDL.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any, get_args, get_origin

from kb.analytics.configuration import LEAD_RANK, ROLE_RANK
from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES, Node, Relationship, properties
from kb.settings import REPO_ROOT

CONFIGURATION_STATEMENT = REPO_ROOT / "cypher" / "analytics" / "family_configuration.cypher"


def camel(name: str) -> str:
    """`EMPLOYED_BY` or `boundary_objects` -> `employedBy` / `boundaryObjects`."""
    head, *rest = name.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


def plural_field(label: str) -> str:
    """A label's plural as a field name, from its dataset file (`boundary_objects`)."""
    node_type = next(t for t in NODE_TYPES if t.label == label)
    return camel(node_type.file)


def graphql_type(annotation: Any) -> str:
    """The GraphQL scalar or enum of a model value type."""
    if get_origin(annotation) is not None:  # an Annotated[...] left inside
        annotation = get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return annotation.__name__
    if annotation is datetime:
        return "DateTime"
    if annotation is date:
        return "Date"
    if annotation is bool:
        return "Boolean"
    if annotation is int:
        return "Int"
    if annotation is float:
        return "Float"
    return "String"


def relationship_properties(rel: type[Relationship]) -> list[tuple[str, str, bool]]:
    """(name, GraphQL type, required) of a relationship's own properties (not its endpoints)."""
    found = []
    for field_name, info in rel.model_fields.items():
        if field_name in ("source_id", "target_id"):
            continue
        annotation = info.annotation
        optional = type(None) in get_args(annotation)
        if optional:
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        name = info.alias or field_name
        kind = "ID" if field_name in rel.references else graphql_type(annotation)
        found.append((name, kind, not optional and info.is_required()))
    return found


def _enums() -> dict[str, type[StrEnum]]:
    used: dict[str, type[StrEnum]] = {}
    annotations = [p.annotation for t in NODE_TYPES for p in properties(t)]
    annotations += [info.annotation for r in RELATIONSHIP_TYPES for info in r.model_fields.values()]
    for annotation in annotations:
        for candidate in (annotation, *get_args(annotation)):
            if isinstance(candidate, type) and issubclass(candidate, StrEnum):
                used[candidate.__name__] = candidate
    return used


def relationship_fields(node_type: type[Node]) -> list[str]:
    """The `@relationship` fields of one label, outgoing then incoming."""
    fields: list[tuple[str, str]] = []
    for rel in RELATIONSHIP_TYPES:
        props = f', properties: "{rel.__name__}Properties"' if relationship_properties(rel) else ""
        if node_type.label in rel.sources:
            for target in rel.targets:
                name = camel(rel.type) + (target if len(rel.targets) > 1 else "")
                fields.append(
                    (name, f'[{target}!]! @relationship(type: "{rel.type}", direction: OUT{props})')
                )
        if node_type.label in rel.targets:
            for source in rel.sources:
                fields.append(
                    (
                        plural_field(source),
                        f'[{source}!]! @relationship(type: "{rel.type}", direction: IN{props})',
                    )
                )
    names = [name for name, _ in fields]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:  # a new relationship in the model needs a naming rule here
        raise ValueError(f"{node_type.label}: relationship field names clash: {clashes}")
    return [f"  {name}: {definition}" for name, definition in fields]


def node_type_sdl(node_type: type[Node]) -> str:
    lines = [f"type {node_type.label} @node {{", "  id: ID!"]
    for prop in properties(node_type):
        bang = "!" if prop.required else ""
        lines.append(f"  {prop.name}: {graphql_type(prop.annotation)}{bang}")
    lines += relationship_fields(node_type)
    return "\n".join([*lines, "}"])


def relationship_properties_sdl(rel: type[Relationship]) -> str | None:
    props = relationship_properties(rel)
    if not props:
        return None
    lines = [f"type {rel.__name__}Properties @relationshipProperties {{"]
    lines += [f"  {name}: {kind}{'!' if required else ''}" for name, kind, required in props]
    return "\n".join([*lines, "}"])


# The columns of cypher/analytics/family_configuration.cypher (see its header) that the
# question asks, as plain object types: the @cypher field returns them as one map. Dates
# and instants are text there (the statement prints them), so String here.
CONFIGURATION_TYPES = """
type ConfigurationProfessional {
  id: ID!
  name: String!
  profession: Profession!
}

type ConfigurationAgency {
  id: ID!
  name: String!
  sector: Sector!
}

type ConfigurationMember {
  professional: ConfigurationProfessional!
  agency: ConfigurationAgency
  role: String!
  since: String!
  presence: String!
  involvementRoles: [String!]!
  interactionIds: [ID!]!
  lastInteractionAt: String
}

type ConfigurationClient {
  id: ID!
  name: String!
  role: ClientRole!
  relationship: String
  since: String!
}

type ConfigurationRows {
  familyId: ID!
  reference: String!
  members: [ConfigurationMember!]!
  leadProfessional: ID
  leadSince: String
  clients: [ConfigurationClient!]!
  agencies: [ConfigurationAgency!]!
  sectors: [Sector!]!
}
"""


def cypher_map(ranks: dict[str, int]) -> str:
    """A map of vocabulary values to numbers as a Cypher literal."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in ranks.items()) + "}"


def top_level_items(text: str) -> list[str]:
    """`text` split at the commas outside brackets, braces and parentheses."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:index])
            start = index + 1
    return [*items, text[start:]]


def configuration_statement() -> str:
    """Our statement, wrapped so that its columns come back as one map.

    @neo4j/graphql hands a `DateTime` argument to a @cypher statement as ISO text, so
    `$at` is read as `datetime($at)`; the role ranks our API passes as parameters
    (kb.analytics.configuration's) are written into the text as literals, and
    `$withDrawing` as false (the question, like ours, asks for no graph).
    """
    body = "\n".join(
        line
        for line in CONFIGURATION_STATEMENT.read_text().splitlines()
        if not line.lstrip().startswith("//")
    ).strip()
    body = re.sub(r"\$at\b", "datetime($at)", body)
    body = re.sub(r"\$roleRank\b", cypher_map(ROLE_RANK), body)
    body = re.sub(r"\$leadRank\b", cypher_map(LEAD_RANK), body)
    body = re.sub(r"\$withDrawing\b", "false", body)  # the question asks for no graph
    _, keyword, columns = body.rpartition("\nRETURN ")
    if not keyword:
        raise ValueError(f"{CONFIGURATION_STATEMENT} has no final RETURN at the start of a line")
    names = [column.split(" AS ")[-1].strip() for column in top_level_items(columns)]
    projection = ", ".join(f"{name}: {name}" for name in names)
    return f"CALL () {{\n{body}\n}}\nRETURN {{{projection}}} AS configuration"


def query_sdl() -> str:
    statement = configuration_statement().replace("\\", "\\\\").replace('"""', '\\"""')
    return (
        "type Query {\n"
        "  familyConfiguration(familyId: ID!, at: DateTime!, windowDays: Int! = 90): "
        "ConfigurationRows\n"
        f'    @cypher(statement: """\n{statement}\n""", columnName: "configuration")\n'
        "}"
    )


def typedefs() -> str:
    parts = [
        "# Generated by bench/peer/typedefs.py from kb/domain/model.py: do not edit.",
        *(
            f"enum {name} {{\n" + "\n".join(f"  {v.value}" for v in enum) + "\n}"
            for name, enum in sorted(_enums().items())
        ),
        *(node_type_sdl(t) for t in NODE_TYPES),
        *(sdl for r in RELATIONSHIP_TYPES if (sdl := relationship_properties_sdl(r))),
        CONFIGURATION_TYPES.strip(),
        query_sdl(),
    ]
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    print(typedefs(), end="")

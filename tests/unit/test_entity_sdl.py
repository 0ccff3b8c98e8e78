"""The entity graph's public schema is reviewed as text: docs/graphql/entities.graphql is the
SDL the model generates, so a change to what clients see (a property added to a label, a
field made nullable, an argument renamed) shows up in the diff of that file, and a change
that breaks existing queries is named by graphql-core's own comparison."""

from __future__ import annotations

from graphql import build_schema, find_breaking_changes

from api.entities.explain import entity_sdl
from kb.settings import REPO_ROOT

CHECKED_IN = REPO_ROOT / "docs" / "graphql" / "entities.graphql"
REGENERATE = "python -m api.entities.explain --sdl > docs/graphql/entities.graphql"


def test_the_checked_in_sdl_is_the_one_the_model_generates() -> None:
    checked_in = CHECKED_IN.read_text(encoding="utf-8")
    generated = entity_sdl()
    if checked_in == generated:
        return
    breaking = find_breaking_changes(build_schema(checked_in), build_schema(generated))
    named = "; ".join(change.description for change in breaking) or "none"
    raise AssertionError(
        "the entity graph's SDL changed; review the change, then regenerate it with "
        f"`{REGENERATE}` and say in the commit what clients see. Breaking changes: {named}"
    )


def test_the_sdl_names_every_label_of_the_model_and_its_root_connection() -> None:
    from api.entities.shape import LABELS

    schema = build_schema(CHECKED_IN.read_text(encoding="utf-8"))
    query = schema.query_type
    assert query is not None
    for label in LABELS:
        assert label.name in schema.type_map, label.name
        assert label.root_field in query.fields, label.root_field
    assert {"node", "nodes"} <= set(query.fields)

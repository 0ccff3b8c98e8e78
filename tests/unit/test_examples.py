"""The GraphQL examples without a database: the examples page and the README's front-door
examples are rendered from the committed answers, every root query field has an example (or
a reason not to), every example is valid against the schema, and the block replaces only
what lies between its markers.

That each committed answer is what the API answers on the seed is
tests/integration/api/test_examples.py.
"""

from __future__ import annotations

import graphql
import pytest

from api.schema import build_schema
from docs.examples.render import (
    EXAMPLES_PAGE,
    README,
    Example,
    ExampleError,
    committed_responses,
    examples_block,
    load_examples,
    page_block,
    with_examples_block,
    with_front_door_examples,
)
from kb.settings import get_settings

SCHEMA = build_schema(get_settings())  # as the app builds it

EXAMPLES = load_examples()

# Root query fields with no example, and why: their answers change from run to run.
WITHOUT_EXAMPLE = {
    "server": "the Neo4j version of whichever server runs the tests",
    "auditEvents": "ids, times and actors of this run's own events",
    "apiKeys": "ids and creation times of this run's keys",
    "erasures": "the seed has no erasure; tokens and times of this run's own erasures",
}


def test_examples_page_is_rendered_from_the_committed_examples() -> None:
    page = EXAMPLES_PAGE.read_text(encoding="utf-8")
    expected = page_block(EXAMPLES, committed_responses(EXAMPLES))
    assert examples_block(page) == expected


def test_readme_front_door_examples_are_rendered_from_the_committed_examples() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme.count("<!-- example ") >= 2, "the README shows an analyst's and a tool's example"
    assert with_front_door_examples(readme, EXAMPLES, committed_responses(EXAMPLES)) == readme


def root_fields(example: Example) -> set[str]:
    document = graphql.parse(example.request)
    return {
        selection.name.value
        for definition in document.definitions
        if isinstance(definition, graphql.OperationDefinitionNode)
        for selection in definition.selection_set.selections
        if isinstance(selection, graphql.FieldNode)
    }


def test_every_root_query_field_has_an_example() -> None:
    query_type = graphql.build_schema(SCHEMA.as_str()).query_type
    assert query_type is not None
    shown = set().union(*(root_fields(e) for e in EXAMPLES))
    missing = set(query_type.fields) - shown - set(WITHOUT_EXAMPLE)
    assert not missing, f"root query fields without an example in docs/examples/: {missing}"
    assert shown <= set(query_type.fields)


def test_every_example_is_valid_against_the_schema() -> None:
    built = graphql.build_schema(SCHEMA.as_str())
    for example in EXAMPLES:
        assert graphql.validate(built, graphql.parse(example.request)) == [], example.name


def test_the_block_replaces_only_what_lies_between_the_markers() -> None:
    readme = "# Title\n\nbefore\n<!-- examples:start -->\nold\n<!-- examples:end -->\nafter\n"
    assert with_examples_block(readme, "\nnew\n") == (
        "# Title\n\nbefore\n<!-- examples:start -->\nnew\n<!-- examples:end -->\nafter\n"
    )
    with pytest.raises(ExampleError):
        with_examples_block("no markers here\n", "\nnew\n")

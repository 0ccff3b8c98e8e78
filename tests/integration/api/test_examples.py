"""The README's GraphQL examples are what the API answers on the seed, today.

Each `docs/examples/*.graphql` is sent through the real app (in-process, keyed, with
the role its header names) to the seed loaded by the loader; the answer must equal the
committed `.json` byte for byte (no normalisation: the examples ask for nothing volatile,
such as key ids, audit events or load times), and the README's examples block must be
what `docs/examples/render.py` makes of the committed files. A change of behaviour that
the docs do not show fails here; run `python -m docs.examples.render --reset` on an
empty (or scratch) database to bring them up to date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import graphql
import pytest
from fastapi.testclient import TestClient

from api.schema import schema
from docs.examples.render import (
    README,
    SEED,
    Example,
    ExampleError,
    committed_responses,
    example_client,
    load_examples,
    prepare_database,
    readme_block,
    readme_examples_block,
    response_text,
    role_tokens,
    run_example,
    with_examples_block,
)
from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import ensure_datasets

EXAMPLES = load_examples()

# Root query fields with no example, and why: their answers change from run to run.
WITHOUT_EXAMPLE = {
    "server": "the Neo4j version of whichever server runs the tests",
    "auditEvents": "ids, times and actors of this run's own events",
    "apiKeys": "ids and creation times of this run's keys",
}


@pytest.fixture(scope="module")
def seeded(database: Database) -> Database:
    ensure_datasets(database, SEED)
    return database


@pytest.fixture(scope="module")
def keyed(seeded: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    tokens = role_tokens(seeded)
    with example_client(seeded, seeded.settings) as client:
        yield client, tokens


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_answer_is_the_committed_response(
    keyed: tuple[TestClient, dict[Role, str]], example: Example
) -> None:
    client, tokens = keyed
    answer = run_example(client, example, tokens)
    assert example.response_path.is_file(), f"{example.response_path.name} is missing"
    committed = example.response_path.read_text(encoding="utf-8")
    assert answer == json.loads(committed)
    assert response_text(answer) == committed


def test_readme_block_is_rendered_from_the_committed_examples() -> None:
    readme = README.read_text(encoding="utf-8")
    expected = readme_block(EXAMPLES, committed_responses(EXAMPLES))
    assert readme_examples_block(readme) == expected


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
    query_type = graphql.build_schema(schema.as_str()).query_type
    assert query_type is not None
    shown = set().union(*(root_fields(e) for e in EXAMPLES))
    missing = set(query_type.fields) - shown - set(WITHOUT_EXAMPLE)
    assert not missing, f"root query fields without an example in docs/examples/: {missing}"
    assert shown <= set(query_type.fields)


def test_every_example_is_valid_against_the_schema() -> None:
    built = graphql.build_schema(schema.as_str())
    for example in EXAMPLES:
        assert graphql.validate(built, graphql.parse(example.request)) == [], example.name


def test_render_refuses_a_database_that_is_not_empty(seeded: Database) -> None:
    before = seeded.read("docs/node_count")[0]["nodes"]
    with pytest.raises(ExampleError, match="--reset"):
        prepare_database(seeded, reset=False)
    assert seeded.read("docs/node_count")[0]["nodes"] == before


def test_the_block_replaces_only_what_lies_between_the_markers() -> None:
    readme = "# Title\n\nbefore\n<!-- examples:start -->\nold\n<!-- examples:end -->\nafter\n"
    assert with_examples_block(readme, "\nnew\n") == (
        "# Title\n\nbefore\n<!-- examples:start -->\nnew\n<!-- examples:end -->\nafter\n"
    )
    with pytest.raises(ExampleError):
        with_examples_block("no markers here\n", "\nnew\n")

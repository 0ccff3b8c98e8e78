"""The README's GraphQL examples are what the API answers on the seed, today.

(The checks that need no database, the rendered block and the examples' validity against
the schema, are tests/unit/test_examples.py.) Each `docs/examples/*.graphql` is sent through the real app (in-process, keyed, with
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

import pytest
from fastapi.testclient import TestClient

from docs.examples.render import (
    SEED,
    Example,
    ExampleError,
    example_client,
    load_examples,
    prepare_database,
    response_text,
    role_tokens,
    run_example,
)
from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import ensure_datasets

EXAMPLES = load_examples()


@pytest.fixture(scope="module")
def keyed(database: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    """One client and one key per role for the module, on the seed."""
    ensure_datasets(database, SEED)
    tokens = role_tokens(database)
    with example_client(database, database.settings) as client:
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


def test_render_refuses_a_database_that_is_not_empty(seeded: Database) -> None:
    before = seeded.read("docs/node_count")[0]["nodes"]
    with pytest.raises(ExampleError, match="--reset"):
        prepare_database(seeded, reset=False)
    assert seeded.read("docs/node_count")[0]["nodes"] == before



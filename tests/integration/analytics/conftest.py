"""The analytics tests' fixture datasets and clients of the app: `small` and `client` on
tests/fixtures/analytics_small, `questions` and `questions_keyed` on tests/fixtures/questions_small
(the five later questions: trajectory, object of activity, rhythm, expertise, levels)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kb.security.roles import Role
from kb.storage.database import Database
from tests.analytics_support import SMALL
from tests.api_entities_support import dataset_fixture, open_client_fixture
from tests.questions_support import QUESTIONS
from tests.security_support import keyed_client

small = dataset_fixture(SMALL)
client = open_client_fixture("small")
questions = dataset_fixture(QUESTIONS)


@pytest.fixture
def questions_keyed(questions: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    """A client of the whole app in keyed mode on the questions fixture, with a key per role."""
    with keyed_client(questions) as pair:
        yield pair

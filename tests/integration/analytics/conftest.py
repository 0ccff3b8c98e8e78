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
from tests.api_entities_support import ensure_datasets, open_client
from tests.questions_support import QUESTIONS
from tests.security_support import keyed_client


@pytest.fixture
def small(database: Database) -> Database:
    """The database holding exactly the analytics fixture (loaded once, kept while unchanged)."""
    ensure_datasets(database, SMALL)
    return database


@pytest.fixture
def client(small: Database) -> Iterator[TestClient]:
    """A client of the whole app, in open mode, on the analytics fixture."""
    with open_client(small) as c:
        yield c


@pytest.fixture
def questions(database: Database) -> Database:
    """The database holding exactly the questions fixture (tests/fixtures/questions_small)."""
    ensure_datasets(database, QUESTIONS)
    return database


@pytest.fixture
def questions_keyed(questions: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    """A client of the whole app in keyed mode on the questions fixture, with a key per role."""
    with keyed_client(questions) as pair:
        yield pair

"""Helpers for the entity-graph API tests: datasets loaded once, a generated dataset, a client.

`ensure_datasets` loads datasets only when the database does not hold exactly them, so
a test module reads one loaded graph across its tests while other modules (which empty
the database) cannot leave it in a surprising state. `dataset_fixture` and
`open_client_fixture` make the two fixtures most test modules start with:
`small = dataset_fixture(SMALL)`, `client = open_client_fixture("small")`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.loading import load_dataset
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from tests.dataset_rows import FIXTURES

SMALL = FIXTURES / "api_small"
GENERATED_ID = "api-generated"


def ensure_datasets(db: Database, *paths: Path) -> None:
    """Make the database hold exactly these datasets (by manifest datasetId), loading if not."""
    wanted = sorted(json.loads((p / "manifest.json").read_text())["datasetId"] for p in paths)
    present = [row["id"] for row in db.read("testing/datasets_present")]
    if present == wanted:
        return
    empty_database(db)
    for path in paths:
        report = load_dataset(db, path, strict=True)
        assert not report.aborted_by_strict and not report.first_rejects, report.first_rejects


def dataset_fixture(*paths: Path) -> Any:
    """A fixture: the session's database holding exactly these datasets (loaded once, kept
    while unchanged). Named by the module attribute it is assigned to."""

    def holding(database: Database) -> Database:
        ensure_datasets(database, *paths)
        return database

    holding.__doc__ = f"The database holding exactly {', '.join(p.name for p in paths)}."
    return pytest.fixture(holding)


def open_client_fixture(dataset: str) -> Any:
    """A fixture: a client of the whole app in open mode on the database that the fixture
    named `dataset` (one made by `dataset_fixture`) returns."""

    def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
        with open_client(request.getfixturevalue(dataset)) as c:
            yield c

    return pytest.fixture(client)


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def write_generated_families(directory: Path, families: int) -> Path:
    """A dataset of `families` families built alike, so each answers the same nested query
    shape: 2 clients, 1 episode, 2 involvements, 6 interactions with 3 participants each,
    one boundary object worked on. Ids and references start with GEN."""
    directory.mkdir(parents=True, exist_ok=True)
    sectors = ["EDUCATION", "SOCIAL_CARE", "HEALTH", "MENTAL_HEALTH"]
    professions = ["TEACHER", "SOCIAL_WORKER", "HEALTH_VISITOR", "CAMHS_CLINICIAN"]
    agencies = [[f"GEN-A{i}", f"Generated agency {i}", sectors[i]] for i in range(4)]
    pros = [[f"GEN-P{i:02}", f"Generated professional {i}", professions[i % 4]] for i in range(10)]
    employed = [[p[0], f"GEN-A{i % 4}", "2020-01-01", "", "staff"] for i, p in enumerate(pros)]
    fams, clients, belongs, episodes, has_ep, involved = [], [], [], [], [], []
    interactions, participated, concerns, part_of, objects, worked = [], [], [], [], [], []
    for k in range(families):
        f = f"GEN-F{k:04}"
        fams.append([f, f"GEN family {k:04}"])
        for j, role in ((1, "CHILD"), (2, "PARENT")):
            clients.append([f"GEN-C{k:04}-{j}", f"Client {k}-{j}", role, 2015 if j == 1 else 1988])
            belongs.append([f"GEN-C{k:04}-{j}", f, "2015-01-01", "", "member"])
        e = f"GEN-E{k:04}"
        episodes.append([e, "EARLY_HELP", "2023-01-01", "", "SCHOOL", ""])
        has_ep.append([f, e])
        lead, other = f"GEN-P{k % 10:02}", f"GEN-P{(k + 3) % 10:02}"
        involved.append([lead, f, "2023-01-01", "", "LEAD_PROFESSIONAL", ""])
        involved.append([other, f, "2023-01-05", "", "CONTRIBUTOR", ""])
        bo = f"GEN-BO{k:04}"
        objects.append([bo, "SUPPORT_PLAN", f"Plan {k}", "2023-01-02"])
        concerns.append([bo, f])
        for j in range(6):
            i = f"GEN-I{k:04}-{j}"
            interactions.append([i, "MEETING", f"2023-01-{j + 2:02}T10:00:00Z", "", "OPERATIONAL"])
            participated += [[lead, i, "CHAIR"], [other, i, "ATTENDEE"]]
            participated.append([f"GEN-C{k:04}-2", i, "ATTENDEE"])
            concerns.append([i, f])
            part_of.append([i, e])
        worked.append([f"GEN-I{k:04}-0", bo, "CREATED", ""])
    files: dict[str, tuple[list[str], list[list[Any]]]] = {
        "agencies": (["id", "name", "sector"], agencies),
        "professionals": (["id", "name", "profession"], pros),
        "families": (["id", "reference"], fams),
        "clients": (["id", "name", "role", "birthYear"], clients),
        "episodes": (
            ["id", "kind", "openedAt", "closedAt", "referralSource", "closureReason"],
            episodes,
        ),
        "interactions": (["id", "kind", "at", "endsAt", "level"], interactions),
        "boundary_objects": (["id", "kind", "title", "createdAt"], objects),
        "employed_by": (["source", "target", "from", "to", "role"], employed),
        "belongs_to": (["source", "target", "from", "to", "relationship"], belongs),
        "involved_with": (["source", "target", "from", "to", "role", "onBehalfOf"], involved),
        "has_episode": (["source", "target"], has_ep),
        "participated_in": (["source", "target", "role"], participated),
        "concerns": (["source", "target"], concerns),
        "part_of": (["source", "target"], part_of),
        "worked_on": (["source", "target", "action", "section"], worked),
    }
    for name, (header, rows) in files.items():
        _write(directory / f"{name}.csv", header, rows)
    manifest = {
        "formatVersion": 1,
        "datasetId": GENERATED_ID,
        "description": f"{families} generated families of identical shape (API batching test)",
        "files": {name: f"{name}.csv" for name in files},
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return directory


@contextmanager
def open_client(db: Database, **settings: Any) -> Iterator[TestClient]:
    """A client of the whole app in open mode (every request acts as ADMIN, loopback only)."""
    app_settings = db.settings.model_copy(update={"auth_mode": "open", **settings})
    with TestClient(create_app(app_settings, database=db), raise_server_exceptions=False) as client:
        yield client


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """POST a query; the decoded body ({data, errors})."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """The `data` of a query that must succeed."""
    body = gql(client, query, **variables)
    assert "errors" not in body, body.get("errors")
    result: dict[str, Any] = body["data"]
    return result


def ids(connection: dict[str, Any]) -> list[str]:
    """The node ids of a connection's edges, in order."""
    return [edge["node"]["id"] for edge in connection["edges"]]

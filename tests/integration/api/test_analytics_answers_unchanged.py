"""The analytics that read dates and instants answer, byte for byte, what they answered
before their statements returned them as ISO-8601 text (rather than as the driver's
`neo4j.time` values, which cost the API a quarter of its CPU under the sustained mix).

`tests/fixtures/analytics_api_answers/seed.json` holds the answers the API gave on the
seed, for every family and professional, with the code before that change (main at
8e9bd2c): recorded with `python -m tests.integration.api.test_analytics_answers_unchanged`
on an empty (scratch) database. A change of behaviour fails here; record again only
when the change is meant.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from docs.examples.render import SEED, example_client, prepare_database
from kb.security.keys import create_key
from kb.security.roles import Role
from kb.settings import REPO_ROOT, get_settings
from kb.storage.database import Database
from tests.api_entities_support import ensure_datasets

RECORDED = REPO_ROOT / "tests" / "fixtures" / "analytics_api_answers" / "seed.json"
GRAPH = "graph { nodes { id type label properties } edges { id source target type properties } }"
FAMILY_QUESTIONS = {
    "caseTrajectory": f"""query Q($id: ID!) {{ caseTrajectory(familyId: $id) {{
        familyId reference
        agencies {{ order agency {{ id name sector }}
          first {{ kind on at interactionId professionalId role referralSource
                   referrers {{ id type profession clientRole agencyId sector }} }}
          firstReferral {{ kind on at interactionId }} firstAllocation {{ kind on role }}
          firstParticipation {{ kind on at interactionId professionalId }} }}
        sectors {{ order sector agencyId first {{ kind on at }} }}
        transitions {{ order fromSector toSector toAgencyId on
          through {{ kind on at interactionId referralSource referrers {{ id profession sector }} }} }}
        {GRAPH} }} }}""",
    "objectOfActivity": f"""query Q($id: ID!) {{ objectOfActivity(familyId: $id) {{
        perspectives {{ id at statement on {{ id type }}
          holder {{ id type profession clientRole agencyId sector }} revises depth thread }}
        threads {{ number rootIds depth branchPointIds sectors crossSectorRevisions }}
        revisions {{ newerId olderId days crossesSector }}
        widening {{ month perspectives revisions holders professions sectors clientVoices }}
        tensions {{ id kind status raisedAt resolvedAt daysOpen partySectors ledToRevision
                    revisionsAfter }}
        {GRAPH} }} }}""",
    "workRhythm": """query Q($id: ID!) { workRhythm(familyId: $id) {
        interactions burstiness { gaps meanGapDays sdGapDays value }
        volatility months { month size joinedIds leftIds memberIds distance } } }""",
}
PROFESSIONAL_QUESTIONS = {
    "workRhythm": """query Q($id: ID!) { workRhythm(professionalId: $id) {
        interactions burstiness { gaps meanGapDays sdGapDays value }
        volatility months { month size joinedIds leftIds memberIds distance } } }""",
}


def _ids(file: str) -> list[str]:
    with (SEED / file).open(encoding="utf-8", newline="") as rows:
        return [row["id"] for row in csv.DictReader(rows)]


def answers(client: TestClient, token: str) -> dict[str, str]:
    """Every question about every seed family and professional: the response bodies as
    the server sent them (text, not decoded), by question and id."""
    asked = [(n, d, i) for i in _ids("families.csv") for n, d in FAMILY_QUESTIONS.items()]
    asked += [
        (n, d, i) for i in _ids("professionals.csv") for n, d in PROFESSIONAL_QUESTIONS.items()
    ]
    found = {}
    for name, document, entity in asked:
        reply = client.post(
            "/graphql",
            json={"query": document, "variables": {"id": entity}},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert reply.status_code == 200, reply.text[:300]
        found[f"{name} {entity}"] = reply.text
    return found


@pytest.fixture(scope="module")
def steward_client(database: Database) -> Iterator[tuple[TestClient, str]]:
    ensure_datasets(database, SEED)
    _, token = create_key(database, Role.STEWARD, "analytics answers")
    with example_client(database, database.settings) as client:
        yield client, token


def test_the_analytics_answer_as_before_byte_for_byte(
    steward_client: tuple[TestClient, str],
) -> None:
    client, token = steward_client
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    now = answers(client, token)
    assert sorted(now) == sorted(recorded)
    assert all('"errors"' not in body for body in now.values())
    changed = [key for key in recorded if now[key] != recorded[key]]
    assert changed == [], (
        f"{len(changed)} answers changed, first {changed[0]}: {now[changed[0]][:400]}"
    )


if __name__ == "__main__":
    settings = get_settings()
    with Database(settings) as db:
        prepare_database(db, reset="--reset" in sys.argv)
        _, steward = create_key(db, Role.STEWARD, "analytics answers")
        with example_client(db, settings) as app_client:
            RECORDED.write_text(
                json.dumps(answers(app_client, steward), indent=1, sort_keys=True) + "\n",
                encoding="utf-8",
            )
    print(f"wrote {RECORDED}")

"""Inputs that used to crash the API or the loader: each is now a clear refusal.

Instants whose UTC form leaves the calendar, lone surrogates, deeply nested or non-UTF-8
JSON, a fragment bomb, HTTP-level refusals in GraphQL's error shape, schema suggestions
and the OpenAPI pages when introspection is off.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from kb.loading import load_dataset
from kb.security.roles import Role
from kb.storage.database import Database
from tests.loader_support import write_dataset
from tests.security_support import gql, keyed_client

# Their UTC forms are in year 0 and year 10000: outside Python's (and ISO's usual) calendar.
OFF_CALENDAR = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00"]
INSTANT_FIELDS = {
    "interactions": "interactions(filter: {at: {after: $t}}) { totalCount }",
    "perspectives": "perspectives(filter: {at: {before: $t}}) { totalCount }",
    "familyConfiguration": 'familyConfiguration(familyId: "FAM-KEEP", at: $t) { size }',
    "collaborationNetwork": "collaborationNetwork(level: PROFESSIONAL, after: $t) { __typename }",
    "boundaryCrossingPaths": 'boundaryCrossingPaths(from: "P1", to: "P2", before: $t) '
    "{ __typename }",
    "jointness": 'jointness(familyId: "FAM-KEEP", after: $t) { __typename }',
    "brokerage": "brokerage(after: $t) { __typename }",
}


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    (error,) = body["errors"]
    return dict(error)


# -- instants that leave the calendar in UTC -------------------------------------------


def test_an_instant_off_the_calendar_in_utc_is_bad_user_input_on_every_field(
    loaded: Database,
) -> None:
    with keyed_client(loaded) as (client, tokens):
        for name, selection in INSTANT_FIELDS.items():
            for instant in OFF_CALENDAR:
                as_variable = gql(
                    client, f"query($t: DateTime!) {{ {selection} }}", tokens[Role.ADMIN],
                    {"t": instant},
                )  # fmt: skip
                literal = selection.replace("$t", json.dumps(instant))
                as_literal = gql(client, f"{{ {literal} }}", tokens[Role.ADMIN])
                for answer in (as_variable, as_literal):
                    assert answer.status_code == 200, (name, answer.text)
                    error = only_error(answer.json())
                    assert error["extensions"]["code"] == "BAD_USER_INPUT", (name, error)
                    assert instant in error["message"] and "calendar" in error["message"]
                    assert error["locations"], (name, error)  # where in the request
                assert "$t" in only_error(as_variable.json())["message"]
        # The same instants one step inside the calendar are answered.
        inside = gql(
            client,
            "query($t: DateTime!) { interactions(filter: {at: {after: $t}}) { totalCount } }",
            tokens[Role.ADMIN],
            {"t": "0001-01-01T00:00:00-01:00"},
        ).json()
    assert inside["data"]["interactions"]["totalCount"] == 4  # all four, counted in the fixture


def test_an_instant_off_the_calendar_is_a_rejected_row_and_the_load_finishes(
    db: Database, tmp_path: Path
) -> None:
    rows = [
        {"id": "i-year-1", "kind": "MEETING", "at": OFF_CALENDAR[0]},
        {"id": "i-year-9999", "kind": "MEETING", "at": "9999-12-31T10:00:00Z",
         "endsAt": OFF_CALENDAR[1]},
        {"id": "i-fine", "kind": "MEETING", "at": "2023-01-05T09:30:00+01:00"},
    ]  # fmt: skip
    content = "".join(json.dumps(row) + "\n" for row in rows)
    root = write_dataset(tmp_path / "ds", {"interactions": ("interactions.jsonl", content)})
    rejects = tmp_path / "rejects.csv"

    report = load_dataset(db, root, reject_file=rejects)

    assert report.rejected == 2 and report.total("created") == 1
    with rejects.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["line"], r["column"]) for r in written] == [("1", "at"), ("2", "endsAt")]
    assert all("outside the calendar" in r["reason"] for r in written)
    (load,) = [
        row["load"] for row in db.read("load/loads_of_dataset", {"datasetId": "tmp-dataset"})
    ]
    assert load["status"] == "DONE" and load["rejected"] == 2

"""Helpers for the analytics tests: load a CSV dataset, read its rows back for
independent expectations (plain Python / networkx), and run GraphQL queries.

Loading goes through the project's loader, `kb.loading.load_dataset`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kb.loading import load_dataset
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from tests.dataset_rows import FIXTURES

SMALL = FIXTURES / "analytics_small"


def rows(dataset: Path, file: str) -> list[dict[str, str]]:
    """The raw CSV rows of one dataset file (empty cells as '')."""
    manifest = json.loads((dataset / "manifest.json").read_text())
    name = manifest["files"].get(file)
    if name is None:
        return []
    with (dataset / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load(db: Database, dataset: Path = SMALL) -> None:
    """Empty the database and load the dataset with the project's loader (strict)."""
    empty_database(db)
    report = load_dataset(db, dataset, strict=True)
    assert not report.aborted_by_strict and not report.first_rejects, report.first_rejects


def parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def covers(row: dict[str, str], day: date) -> bool:
    """A dated row (an allocation, a job) covers `day`: `from` given and not after it, `to`
    empty or not before it (both ends inclusive days)."""
    start, end = parse_date(row["from"]), parse_date(row["to"])
    return start is not None and start <= day and (end is None or day <= end)


def graphql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """POST a query; returns the whole response body (data and errors)."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def lead_on_day(dataset: Path, family: str, day: date) -> str | None:
    """The family's lead on `day`, straight from the CSV rows: of the lead allocations
    covering the day, a LEAD_SOCIAL_WORKER before a LEAD_PROFESSIONAL, then the latest
    start, then the smaller id."""
    rank = {"LEAD_SOCIAL_WORKER": 0, "LEAD_PROFESSIONAL": 1}
    found = [
        (rank[inv["role"]], -date.fromisoformat(inv["from"]).toordinal(), inv["source"])
        for inv in rows(dataset, "involved_with")
        if inv["target"] == family and inv["role"] in rank and covers(inv, day)
    ]
    return min(found)[2] if found else None


def members_on_day(dataset: Path, family: str, day: date, window_days: int) -> frozenset[str]:
    """A family's configuration on `day` worked out from the rows: allocations covering the
    day, and professionals in an interaction about the family within `window_days` before."""
    found = {
        inv["source"]
        for inv in rows(dataset, "involved_with")
        if inv["target"] == family and covers(inv, day)
    }
    about = {c["source"] for c in rows(dataset, "concerns") if c["target"] == family}
    when = {i["id"]: parse_instant(i["at"]).date() for i in rows(dataset, "interactions")}
    people = {p["id"] for p in rows(dataset, "professionals")}
    for part in rows(dataset, "participated_in"):
        i = part["target"]
        if (
            part["source"] in people
            and i in about
            and day - timedelta(days=window_days) <= when[i] <= day
        ):
            found.add(part["source"])
    return frozenset(found)


def statements_per_family(
    db: Database, run: Callable[[Database, str], object], families: Iterable[str]
) -> dict[str, int]:
    """How many statements `run(db, family)` sends, for each family (the round-trip tests:
    an analytic costs the same for a busy family as for a quiet one)."""
    counts = {}
    for family in families:
        before = db.statements_sent
        run(db, family)
        counts[family] = db.statements_sent - before
    return counts

"""Helpers for the analytics tests: load a CSV dataset, read its rows back for
independent expectations (plain Python / networkx), and run GraphQL queries.

Loading goes through the project's loader, `kb.loading.load_dataset`.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
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
    found = []
    for inv in rows(dataset, "involved_with"):
        start, end = parse_date(inv["from"]), parse_date(inv["to"])
        if (
            inv["target"] == family
            and inv["role"] in rank
            and start is not None
            and start <= day
            and (end is None or day <= end)
        ):
            found.append((rank[inv["role"]], -start.toordinal(), inv["source"]))
    return min(found)[2] if found else None

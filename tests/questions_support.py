"""Helpers for the tests of caseTrajectory, objectOfActivity, workRhythm, horizontalExpertise
and levels: the hand-made fixture `tests/fixtures/questions_small/`, its rows read back for
independent expectations, and small readers of those rows (sector on a day, instants)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tests.analytics_support import FIXTURES, parse_date, parse_instant, rows

QUESTIONS = FIXTURES / "questions_small"


def employer_on(dataset: Path, professional: str, day: date) -> str | None:
    """The agency employing `professional` on `day` (the most recently started, then the
    larger id, as the model's rule says), from the CSV rows."""
    current = [
        (parse_date(job["from"]) or date.min, job["target"])
        for job in rows(dataset, "employed_by")
        if job["source"] == professional
        and (parse_date(job["from"]) or date.min) <= day
        and (not job["to"] or day <= (parse_date(job["to"]) or date.max))
    ]
    return max(current)[1] if current else None


def sector_of(dataset: Path, agency: str | None) -> str | None:
    sectors = {a["id"]: a["sector"] for a in rows(dataset, "agencies")}
    return sectors.get(agency) if agency else None


def sector_on(dataset: Path, professional: str, day: date) -> str | None:
    return sector_of(dataset, employer_on(dataset, professional, day))


def instants(dataset: Path, file: str = "interactions", column: str = "at") -> dict[str, datetime]:
    return {r["id"]: parse_instant(r[column]) for r in rows(dataset, file) if r[column]}

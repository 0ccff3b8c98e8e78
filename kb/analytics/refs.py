"""Small records naming the entities an analytic answer mentions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kb.storage.values import covers, to_date


@dataclass(frozen=True)
class AgencyRef:
    id: str
    name: str
    sector: str


@dataclass(frozen=True)
class ProfessionalRef:
    id: str
    name: str
    profession: str


@dataclass(frozen=True)
class EmploymentPeriod:
    """A professional's period with an agency."""

    agency: AgencyRef
    start: date
    end: date | None


def agency_ref(row: Mapping[str, Any]) -> AgencyRef:
    """A statement's `{agency, name, sector}` (the agency's id, name and sector) as a record."""
    return AgencyRef(id=row["agency"], name=row["name"], sector=row["sector"])


def professional_ref(row: Mapping[str, Any]) -> ProfessionalRef:
    """A statement's `{id, name, profession}` (a professional's) as a record."""
    return ProfessionalRef(id=row["id"], name=row["name"], profession=row["profession"])


def employments_of(rows: list[dict[str, Any]]) -> list[EmploymentPeriod]:
    """Employment rows `{agency, name, sector, from, to}` as records."""
    found = []
    for row in rows:
        start = to_date(row["from"])
        assert start is not None
        found.append(
            EmploymentPeriod(
                agency=agency_ref(row),
                start=start,
                end=to_date(row.get("to")),
            )
        )
    return found


def employment_on(employments: list[EmploymentPeriod], day: date) -> EmploymentPeriod | None:
    """The employment that names a professional's agency on `day`.

    With two concurrent employments, the most recently started one counts (then
    the agency id), so the answer is deterministic.
    """
    current = [e for e in employments if covers(e.start, e.end, day)]
    if not current:
        return None
    return max(current, key=lambda e: (e.start, e.agency.id))


def agency_on(employments: list[EmploymentPeriod], day: date) -> AgencyRef | None:
    """The agency a professional worked for on `day` (see `employment_on`)."""
    job = employment_on(employments, day)
    return job.agency if job else None


@dataclass(frozen=True)
class Party:
    """Someone an answer names beside the work: a professional (profession; their agency
    and its sector at the time), a client (role) or an agency (its sector)."""

    id: str
    type: str  # Professional, Client or Agency
    profession: str | None = None
    agency_id: str | None = None
    sector: str | None = None
    client_role: str | None = None


def party_of(row: dict[str, Any]) -> Party:
    """A statement's `{id, type, profession, clientRole, agency, sector}` as a Party."""
    return Party(
        id=row["id"],
        type=row["type"],
        profession=row.get("profession"),
        agency_id=row.get("agency"),
        sector=row.get("sector"),
        client_role=row.get("clientRole"),
    )

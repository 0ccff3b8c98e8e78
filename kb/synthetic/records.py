"""The generator's drafts of one family's records, before they are written as rows.

Each class is named after the model label it becomes (a `ClientDraft` is written as a
`clients` row), so none of them shadows the model's or the API's classes. The pool's
drafts (agencies, professionals, employments, teams) are in `kb.synthetic.pool`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    ClientRole,
    EpisodeKind,
    InteractionKind,
    InvolvementRole,
    Level,
    ParticipationRole,
    TensionKind,
    WorkAction,
)
from kb.synthetic.pool import AgencyDraft, PeriodAtAgency, ProfessionalDraft, within

DAY = timedelta(days=1)


def workday(day: date) -> date:
    """The same day, or the Monday after a weekend."""
    while day.weekday() >= 5:
        day += DAY
    return day


@dataclass(eq=False)
class ClientDraft:
    """A child, young person, parent or carer, and their period in the family."""

    id: str
    name: str
    first_name: str
    role: ClientRole
    birth_year: int
    since: date
    until: date | None
    relationship: str

    def present(self, day: date) -> bool:
        return within(day, self.since, self.until)


@dataclass(eq=False)
class EpisodeDraft:
    kind: EpisodeKind
    opened: date
    closed: date | None
    source: str | None
    reason: str | None
    id: str = ""


@dataclass(eq=False)
class InvolvementDraft(PeriodAtAgency):
    """A professional's allocation to the family, on behalf of an agency (an `involved_with` row)."""

    role: InvolvementRole


@dataclass(eq=False)
class BoundaryObjectDraft:
    kind: BoundaryObjectKind
    title: str
    created: date
    only_agency: AgencyDraft | None = None  # before joint work, one agency's own object
    id: str = ""


@dataclass(eq=False)
class InteractionDraft:
    """An interaction, who took part and how, and what it did to which objects."""

    kind: InteractionKind
    at: datetime
    ends: datetime | None
    professionals: list[tuple[ProfessionalDraft, ParticipationRole]]
    clients: list[tuple[ClientDraft, ParticipationRole]]
    episode: EpisodeDraft | None = None
    referred_to: AgencyDraft | None = None
    work: list[tuple[BoundaryObjectDraft, WorkAction, str | None]] = field(default_factory=list)
    level: Level = Level.OPERATIONAL
    seq: int = 0
    id: str = ""
    _agencies: list[AgencyDraft] | None = None
    _counted: int = 0

    @property
    def day(self) -> date:
        return self.at.date()

    def agencies(self) -> list[AgencyDraft]:
        """The distinct agencies of the professionals taking part (computed once)."""
        if self._agencies is None or self._counted != len(self.professionals):
            seen: dict[str, AgencyDraft] = {}
            day = self.day
            for professional, _ in self.professionals:
                agency = professional.agency_on(day)
                seen.setdefault(agency.id, agency)
            self._agencies = list(seen.values())
            self._counted = len(self.professionals)
        return self._agencies


@dataclass(eq=False)
class PerspectiveDraft:
    holder_id: str
    statement: str
    at: datetime
    on: BoundaryObjectDraft | None  # None: the family
    revises: PerspectiveDraft | None
    id: str = ""


@dataclass(eq=False)
class TensionDraft:
    kind: TensionKind
    description: str
    raised: datetime
    resolved: datetime | None
    resolution: str | None
    between: list[str]
    about: InteractionDraft | BoundaryObjectDraft | None  # None: the family
    id: str = ""

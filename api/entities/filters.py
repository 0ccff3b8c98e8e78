"""Filter and order arguments of the root connections, checked and turned into parameters.

Every filter becomes Cypher parameters (null = no condition); a sort field is an enum
whose values are the only property names a statement may sort by. Ids that name an
entity the filter depends on (familyId, agencyId...) are listed by `required()` so the
resolver can answer NOT_FOUND instead of an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from api.entities.vocabulary import (
    BoundaryObjectKind,
    ClientRole,
    EpisodeKind,
    InteractionKind,
    Level,
    Profession,
    Sector,
    TeamType,
    TensionKind,
)
from api.errors import bad_input
from kb.storage.values import utc

MAX_IDS = 1000
MAX_TEXT = 200

Params = dict[str, Any]


@dataclass(frozen=True)
class Required:
    """An id a filter names that must exist with this label."""

    label: str
    id: str
    argument: str


# -- ranges -------------------------------------------------------------------


@strawberry.input(description="Dates d with after <= d < before; either end may be left out.")
class DateRange:
    after: date | None = strawberry.field(default=None, description="On or after this date.")
    before: date | None = strawberry.field(default=None, description="Strictly before this date.")


@strawberry.input(
    description="Instants t with after <= t < before; either end may be left out. "
    "A date-time without a time zone is read as UTC."
)
class DateTimeRange:
    after: datetime | None = strawberry.field(default=None, description="At or after this instant.")
    before: datetime | None = strawberry.field(
        default=None, description="Strictly before this instant."
    )


def date_bounds(span: DateRange | None, argument: str) -> tuple[date | None, date | None]:
    if span is None:
        return None, None
    if span.after is not None and span.before is not None and span.after > span.before:
        raise bad_input(
            f"`{argument}`: after ({span.after.isoformat()}) is later than before "
            f"({span.before.isoformat()})",
            argument=argument,
        )
    return span.after, span.before


def datetime_bounds(
    span: DateTimeRange | None, argument: str
) -> tuple[datetime | None, datetime | None]:
    if span is None:
        return None, None
    after = utc(span.after) if span.after is not None else None
    before = utc(span.before) if span.before is not None else None
    if after is not None and before is not None and after > before:
        raise bad_input(
            f"`{argument}`: after ({after.isoformat()}) is later than before "
            f"({before.isoformat()})",
            argument=argument,
        )
    return after, before


# -- value checks ------------------------------------------------------------------


def id_list(ids: list[strawberry.ID] | None, argument: str) -> list[str] | None:
    if ids is None:
        return None
    if len(ids) > MAX_IDS:
        raise bad_input(
            f"`{argument}` lists {len(ids)} ids; at most {MAX_IDS} are allowed",
            argument=argument,
        )
    return [str(i) for i in ids]


def text(value: str | None, argument: str) -> str | None:
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise bad_input(
            f"`{argument}` is {len(value)} characters long; at most {MAX_TEXT} are allowed",
            argument=argument,
        )
    return value


def values(members: list[Any] | None) -> list[str] | None:
    return None if members is None else [m.value for m in members]


def required(label: str, value: strawberry.ID | None, argument: str) -> list[Required]:
    return [] if value is None else [Required(label, str(value), argument)]


# -- sorting -----------------------------------------------------------------------


@strawberry.enum(description="Ascending (A to Z, oldest first) or descending.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@dataclass(frozen=True)
class Sort:
    key: str  # a property name, always a value of one of the *SortField enums
    descending: bool

    def parameters(self) -> Params:
        return {"sortKey": self.key, "descending": self.descending}


def sort(field: Enum, direction: SortDirection) -> Sort:
    return Sort(key=str(field.value), descending=direction is SortDirection.DESC)


@strawberry.enum(description="What agencies can be sorted by (ties: by id).")
class AgencySortField(Enum):
    ID = "id"
    NAME = "name"
    SECTOR = "sector"


@strawberry.enum(description="What teams can be sorted by (ties: by id).")
class TeamSortField(Enum):
    ID = "id"
    NAME = "name"
    TYPE = "type"
    LEVEL = "level"


@strawberry.enum(description="What professionals can be sorted by (ties: by id).")
class ProfessionalSortField(Enum):
    ID = "id"
    NAME = "name"
    PROFESSION = "profession"


@strawberry.enum(description="What families can be sorted by (ties: by id).")
class FamilySortField(Enum):
    ID = "id"
    REFERENCE = "reference"


@strawberry.enum(description="What clients can be sorted by (ties: by id).")
class ClientSortField(Enum):
    ID = "id"
    NAME = "name"
    ROLE = "role"
    BIRTH_YEAR = "birthYear"


@strawberry.enum(description="What episodes can be sorted by (ties: by id).")
class EpisodeSortField(Enum):
    ID = "id"
    KIND = "kind"
    OPENED_AT = "openedAt"
    CLOSED_AT = "closedAt"


@strawberry.enum(description="What interactions can be sorted by (ties: by id).")
class InteractionSortField(Enum):
    ID = "id"
    AT = "at"
    KIND = "kind"
    LEVEL = "level"


@strawberry.enum(description="What boundary objects can be sorted by (ties: by id).")
class BoundaryObjectSortField(Enum):
    ID = "id"
    TITLE = "title"
    KIND = "kind"
    CREATED_AT = "createdAt"


@strawberry.enum(description="What perspectives can be sorted by (ties: by id).")
class PerspectiveSortField(Enum):
    ID = "id"
    AT = "at"


@strawberry.enum(description="What tensions can be sorted by (ties: by id).")
class TensionSortField(Enum):
    ID = "id"
    KIND = "kind"
    RAISED_AT = "raisedAt"
    RESOLVED_AT = "resolvedAt"


@strawberry.input(description="Order of agencies.")
class AgencyOrder:
    field: AgencySortField = AgencySortField.NAME
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of teams.")
class TeamOrder:
    field: TeamSortField = TeamSortField.NAME
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of professionals.")
class ProfessionalOrder:
    field: ProfessionalSortField = ProfessionalSortField.NAME
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of families.")
class FamilyOrder:
    field: FamilySortField = FamilySortField.REFERENCE
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of clients.")
class ClientOrder:
    field: ClientSortField = ClientSortField.NAME
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of episodes.")
class EpisodeOrder:
    field: EpisodeSortField = EpisodeSortField.OPENED_AT
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of interactions.")
class InteractionOrder:
    field: InteractionSortField = InteractionSortField.AT
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of boundary objects.")
class BoundaryObjectOrder:
    field: BoundaryObjectSortField = BoundaryObjectSortField.CREATED_AT
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of perspectives.")
class PerspectiveOrder:
    field: PerspectiveSortField = PerspectiveSortField.AT
    direction: SortDirection = SortDirection.ASC


@strawberry.input(description="Order of tensions.")
class TensionOrder:
    field: TensionSortField = TensionSortField.RAISED_AT
    direction: SortDirection = SortDirection.ASC


# -- filters ------------------------------------------------------------------------
# Each filter answers the statement's parameters and the ids that must exist. Text
# conditions are case-insensitive "contains"; list conditions mean "any of".


@strawberry.input(description="Which agencies (all conditions must hold).")
class AgencyFilter:
    ids: list[strawberry.ID] | None = None
    sectors: list[Sector] | None = None
    name_contains: str | None = None

    def parameters(self) -> Params:
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "sectors": values(self.sectors),
            "nameContains": text(self.name_contains, "filter.nameContains"),
        }

    def required(self) -> list[Required]:
        return []


@strawberry.input(description="Which teams (all conditions must hold).")
class TeamFilter:
    ids: list[strawberry.ID] | None = None
    types: list[TeamType] | None = None
    levels: list[Level] | None = None
    name_contains: str | None = None

    def parameters(self) -> Params:
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "types": values(self.types),
            "levels": values(self.levels),
            "nameContains": text(self.name_contains, "filter.nameContains"),
        }

    def required(self) -> list[Required]:
        return []


@strawberry.input(description="Which professionals (all conditions must hold).")
class ProfessionalFilter:
    ids: list[strawberry.ID] | None = None
    professions: list[Profession] | None = None
    name_contains: str | None = None
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Ever employed by this agency."
    )
    family_id: strawberry.ID | None = strawberry.field(
        default=None, description="Ever involved (INVOLVED_WITH) with this family."
    )

    def parameters(self) -> Params:
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "professions": values(self.professions),
            "nameContains": text(self.name_contains, "filter.nameContains"),
            "agencyId": self.agency_id,
            "familyId": self.family_id,
        }

    def required(self) -> list[Required]:
        return required("Agency", self.agency_id, "filter.agencyId") + required(
            "Family", self.family_id, "filter.familyId"
        )


@strawberry.input(description="Which families (all conditions must hold).")
class FamilyFilter:
    ids: list[strawberry.ID] | None = None
    reference_contains: str | None = None
    professional_id: strawberry.ID | None = strawberry.field(
        default=None, description="This professional was ever involved with the family."
    )

    def parameters(self) -> Params:
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "referenceContains": text(self.reference_contains, "filter.referenceContains"),
            "professionalId": self.professional_id,
        }

    def required(self) -> list[Required]:
        return required("Professional", self.professional_id, "filter.professionalId")


@strawberry.input(description="Which clients (all conditions must hold).")
class ClientFilter:
    ids: list[strawberry.ID] | None = None
    roles: list[ClientRole] | None = None
    name_contains: str | None = None
    family_id: strawberry.ID | None = strawberry.field(
        default=None, description="Ever belonged to this family."
    )

    def parameters(self) -> Params:
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "roles": values(self.roles),
            "nameContains": text(self.name_contains, "filter.nameContains"),
            "familyId": self.family_id,
        }

    def required(self) -> list[Required]:
        return required("Family", self.family_id, "filter.familyId")


@strawberry.input(description="Which episodes (all conditions must hold).")
class EpisodeFilter:
    ids: list[strawberry.ID] | None = None
    kinds: list[EpisodeKind] | None = None
    family_id: strawberry.ID | None = None
    open: bool | None = strawberry.field(
        default=None, description="true: not closed; false: closed."
    )
    opened_at: DateRange | None = None

    def parameters(self) -> Params:
        after, before = date_bounds(self.opened_at, "filter.openedAt")
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "kinds": values(self.kinds),
            "familyId": self.family_id,
            "open": self.open,
            "openedAfter": after,
            "openedBefore": before,
        }

    def required(self) -> list[Required]:
        return required("Family", self.family_id, "filter.familyId")


@strawberry.input(description="Which interactions (all conditions must hold).")
class InteractionFilter:
    ids: list[strawberry.ID] | None = None
    kinds: list[InteractionKind] | None = None
    levels: list[Level] | None = None
    family_id: strawberry.ID | None = None
    episode_id: strawberry.ID | None = None
    participant_id: strawberry.ID | None = strawberry.field(
        default=None, description="A professional or client who took part."
    )
    at: DateTimeRange | None = None

    def parameters(self) -> Params:
        after, before = datetime_bounds(self.at, "filter.at")
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "kinds": values(self.kinds),
            "levels": values(self.levels),
            "familyId": self.family_id,
            "episodeId": self.episode_id,
            "participantId": self.participant_id,
            "atAfter": after,
            "atBefore": before,
        }

    def required(self) -> list[Required]:
        return (
            required("Family", self.family_id, "filter.familyId")
            + required("Episode", self.episode_id, "filter.episodeId")
            + required("Professional|Client", self.participant_id, "filter.participantId")
        )


@strawberry.input(description="Which boundary objects (all conditions must hold).")
class BoundaryObjectFilter:
    ids: list[strawberry.ID] | None = None
    kinds: list[BoundaryObjectKind] | None = None
    title_contains: str | None = None
    family_id: strawberry.ID | None = None
    created_at: DateRange | None = None

    def parameters(self) -> Params:
        after, before = date_bounds(self.created_at, "filter.createdAt")
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "kinds": values(self.kinds),
            "titleContains": text(self.title_contains, "filter.titleContains"),
            "familyId": self.family_id,
            "createdAfter": after,
            "createdBefore": before,
        }

    def required(self) -> list[Required]:
        return required("Family", self.family_id, "filter.familyId")


@strawberry.input(description="Which perspectives (all conditions must hold).")
class PerspectiveFilter:
    ids: list[strawberry.ID] | None = None
    statement_contains: str | None = None
    family_id: strawberry.ID | None = strawberry.field(
        default=None, description="On this family or on one of its boundary objects."
    )
    holder_id: strawberry.ID | None = strawberry.field(
        default=None, description="Held by this professional or client."
    )
    at: DateTimeRange | None = None

    def parameters(self) -> Params:
        after, before = datetime_bounds(self.at, "filter.at")
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "statementContains": text(self.statement_contains, "filter.statementContains"),
            "familyId": self.family_id,
            "holderId": self.holder_id,
            "atAfter": after,
            "atBefore": before,
        }

    def required(self) -> list[Required]:
        return required("Family", self.family_id, "filter.familyId") + required(
            "Professional|Client", self.holder_id, "filter.holderId"
        )


@strawberry.input(description="Which tensions (all conditions must hold).")
class TensionFilter:
    ids: list[strawberry.ID] | None = None
    kinds: list[TensionKind] | None = None
    open: bool | None = strawberry.field(
        default=None, description="true: not resolved yet; false: resolved."
    )
    description_contains: str | None = None
    family_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="About this family, one of its boundary objects or one of its interactions.",
    )
    party_id: strawberry.ID | None = strawberry.field(
        default=None, description="Between this professional, agency or client and others."
    )
    raised_at: DateTimeRange | None = None

    def parameters(self) -> Params:
        after, before = datetime_bounds(self.raised_at, "filter.raisedAt")
        return {
            "ids": id_list(self.ids, "filter.ids"),
            "kinds": values(self.kinds),
            "open": self.open,
            "descriptionContains": text(self.description_contains, "filter.descriptionContains"),
            "familyId": self.family_id,
            "partyId": self.party_id,
            "raisedAfter": after,
            "raisedBefore": before,
        }

    def required(self) -> list[Required]:
        return required("Family", self.family_id, "filter.familyId") + required(
            "Professional|Agency|Client", self.party_id, "filter.partyId"
        )

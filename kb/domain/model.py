"""The knowledge model as typed records: one class per node label and relationship type.

Field names are the dataset's column names (snake_case) and the aliases are the
property names in Neo4j and GraphQL (camelCase), so a steward's file, the graph
and the API speak of the same thing with the same words.

Time: dates (`from`, `to`, `openedAt`...) are calendar dates; instants (`at`,
`endsAt`, `raisedAt`...) are ISO-8601 date-times, stored in UTC. A relationship
with an empty `to` is still true.

Ids are pseudonymous strings supplied by the data, unique across the whole
knowledge base (not only within one label), so `node(id:)` needs no label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, ClassVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    ClientRole,
    EpisodeKind,
    InteractionKind,
    InvolvementRole,
    Level,
    ParticipationRole,
    Profession,
    Sector,
    TeamType,
    TensionKind,
    WorkAction,
)

Id = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$"
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def _iso_date_only(value: Any) -> Any:
    """Refuse numbers and non-ISO text: pydantic would read `20200101` as a Unix timestamp."""
    if isinstance(value, str):  # the common case first: one check per cell
        if not _ISO_DATE.match(value.strip()):
            raise ValueError(f"{value!r:.60} is not a date in the form YYYY-MM-DD")
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    return value


def _iso_instant_only(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_INSTANT.match(value.strip()):
            raise ValueError(
                f"{value!r:.60} is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])"
            )
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not an ISO-8601 date-time")
    return value


def in_utc(value: datetime) -> datetime:
    """The instant in UTC (naive is taken as UTC): the storage convention, checked once here
    for the dataset, the mutations and the API's `DateTime` arguments alike.

    ValueError when its UTC form leaves the calendar (years 1 to 9999), as
    0001-01-01T00:00+01:00 or 9999-12-31T23:30-01:00 do.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            f"{value.isoformat()!r} is outside the calendar once in UTC (years 1 to 9999)"
        ) from None


# A calendar date written YYYY-MM-DD.
Date = Annotated[date, BeforeValidator(_iso_date_only)]
# An instant written in ISO-8601, held in UTC.
Instant = Annotated[datetime, BeforeValidator(_iso_instant_only), AfterValidator(in_utc)]
_INSTANT = TypeAdapter(Instant)


def parse_instant(value: object) -> datetime:
    """An instant as a dataset cell or an API argument gives it, in UTC; ValueError (with a
    message for a person) when it is not one."""
    try:
        return _INSTANT.validate_python(value)
    except ValidationError as error:
        reason = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise ValueError(reason) from None


# -- what a property is, for those who read it -------------------------------
# A node's properties carry these as `Annotated` metadata. The API derives its per-label
# pieces from them (fields, sort enums, filters, who may read, filter and sort what);
# adding a property to a label is one edit here.


class Sensitivity(StrEnum):
    """What a property can say about a person. `kb.security.roles` decides which role
    reads each kind; a role that cannot read a property cannot filter or sort by it."""

    PSEUDONYMOUS = "pseudonymous"  # ids, names as recorded, kinds, dates
    FREE_TEXT = "free text"  # written by people: it may name anyone, the family included
    PERSONAL = "personal"  # identifies a person (a birth year)


FREE_TEXT = Sensitivity.FREE_TEXT
PERSONAL = Sensitivity.PERSONAL


class Use(StrEnum):
    """What the API offers on a property besides reading it."""

    SORT = "sort"  # a value of the label's sort enum
    CONTAINS = "contains"  # a case-insensitive `<name>Contains` text filter
    ANY_OF = "any of"  # a `<name>s` filter: any of these values (a vocabulary)
    RANGE = "range"  # a `<name>: {after, before}` filter, after inclusive, before exclusive
    OPEN = "open"  # an `open` flag and filter: true while this property is empty


SORT, CONTAINS, ANY_OF, RANGE, OPEN = Use.SORT, Use.CONTAINS, Use.ANY_OF, Use.RANGE, Use.OPEN


@dataclass(frozen=True)
class Property:
    """One property of a label as the API sees it (see `properties`)."""

    name: str  # the property name in Neo4j and GraphQL (camelCase)
    field: str  # the record's field name (snake_case)
    annotation: Any  # the value type, without None
    required: bool  # never empty once stored (a missing value takes `default`)
    default: Any  # the value of a row that left it out (None: no default)
    description: str | None
    uses: frozenset[Use]
    sensitivity: Sensitivity


@cache
def properties(node_type: type[Node]) -> tuple[Property, ...]:
    """The label's properties other than `id`, in declaration order, with their uses."""
    found = []
    for field_name, info in node_type.model_fields.items():
        if field_name == "id":
            continue
        marks = info.metadata
        annotation = info.annotation
        optional = type(None) in get_args(annotation)
        if optional:
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        found.append(
            Property(
                name=column_name(node_type, field_name),
                field=field_name,
                annotation=annotation,
                required=not optional,
                default=None if info.is_required() else info.default,
                description=info.description,
                uses=frozenset(m for m in marks if isinstance(m, Use)),
                sensitivity=next(
                    (m for m in marks if isinstance(m, Sensitivity)), Sensitivity.PSEUDONYMOUS
                ),
            )
        )
    return tuple(found)


class Record(BaseModel):
    """A row of a dataset file; `label` or `type` says what it becomes in the graph."""

    model_config = ConfigDict(
        populate_by_name=True, extra="forbid", frozen=True, str_strip_whitespace=True
    )


# -- nodes ------------------------------------------------------------------


def column_name(record: type[Record], field: str) -> str:
    """A field's one name outside Python: the dataset column, the Neo4j property and the
    GraphQL name (its camelCase alias; the field's own name when it has none)."""
    return record.model_fields[field].alias or field


def column_names(record: type[Record]) -> list[str]:
    """Every field's name outside Python (`column_name`), in declaration order."""
    return [column_name(record, field) for field in record.model_fields]


class Node(Record):
    label: ClassVar[str]
    file: ClassVar[str]
    id: Id


class Agency(Node):
    label = "Agency"
    file = "agencies"
    name: Annotated[Text, SORT, CONTAINS]
    sector: Annotated[Sector, SORT, ANY_OF]


class Team(Node):
    label = "Team"
    file = "teams"
    name: Annotated[Text, SORT, CONTAINS]
    type: Annotated[TeamType, SORT, ANY_OF]
    level: Annotated[Level, SORT, ANY_OF]


class Professional(Node):
    label = "Professional"
    file = "professionals"
    name: Annotated[Text, SORT, CONTAINS]
    profession: Annotated[Profession, SORT, ANY_OF]


class Family(Node):
    label = "Family"
    file = "families"
    reference: Annotated[Text, SORT, CONTAINS] = Field(
        description="The family's pseudonymous case reference."
    )


class Client(Node):
    label = "Client"
    file = "clients"
    name: Annotated[Text, SORT, CONTAINS]
    role: Annotated[ClientRole, SORT, ANY_OF]
    birth_year: Annotated[int | None, SORT, PERSONAL] = Field(
        None, alias="birthYear", ge=1900, le=2100
    )


class Episode(Node):
    label = "Episode"
    file = "episodes"
    kind: Annotated[EpisodeKind, SORT, ANY_OF]
    opened_at: Annotated[Date, SORT, RANGE] = Field(alias="openedAt")
    closed_at: Annotated[Date | None, SORT, OPEN] = Field(None, alias="closedAt")
    referral_source: Text | None = Field(None, alias="referralSource")
    closure_reason: Text | None = Field(None, alias="closureReason")

    @model_validator(mode="after")
    def _closed_after_opened(self) -> Episode:
        if self.closed_at is not None and self.closed_at < self.opened_at:
            raise ValueError("closedAt is before openedAt")
        return self


class Interaction(Node):
    label = "Interaction"
    file = "interactions"
    kind: Annotated[InteractionKind, SORT, ANY_OF]
    at: Annotated[Instant, SORT, RANGE]
    ends_at: Instant | None = Field(None, alias="endsAt")
    level: Annotated[Level, SORT, ANY_OF] = Level.OPERATIONAL

    @model_validator(mode="after")
    def _ends_after_start(self) -> Interaction:
        if self.ends_at is not None and self.ends_at < self.at:
            raise ValueError("endsAt is before at")
        return self


class BoundaryObject(Node):
    label = "BoundaryObject"
    file = "boundary_objects"
    kind: Annotated[BoundaryObjectKind, SORT, ANY_OF]
    # Free text: titles are written by people and may name the family (a team decision).
    title: Annotated[Text, SORT, CONTAINS, FREE_TEXT]
    created_at: Annotated[Date, SORT, RANGE] = Field(alias="createdAt")


class Perspective(Node):
    label = "Perspective"
    file = "perspectives"
    statement: Annotated[LongText, CONTAINS, FREE_TEXT]
    at: Annotated[Instant, SORT, RANGE]


class Tension(Node):
    label = "Tension"
    file = "tensions"
    kind: Annotated[TensionKind, SORT, ANY_OF]
    description: Annotated[LongText, CONTAINS, FREE_TEXT]
    raised_at: Annotated[Instant, SORT, RANGE] = Field(alias="raisedAt")
    resolved_at: Annotated[Instant | None, SORT, OPEN] = Field(None, alias="resolvedAt")
    resolution: Annotated[LongText | None, FREE_TEXT] = None

    @model_validator(mode="after")
    def _resolved_after_raised(self) -> Tension:
        if self.resolved_at is not None and self.resolved_at < self.raised_at:
            raise ValueError("resolvedAt is before raisedAt")
        return self


# -- relationships ----------------------------------------------------------


class Relationship(Record):
    """A relationship row: `source` and `target` name nodes by id.

    `sources` and `targets` list the labels an endpoint may have; `key` lists
    the fields that identify one relationship, so that loading twice merges.
    """

    type: ClassVar[str]
    file: ClassVar[str]
    sources: ClassVar[tuple[str, ...]]
    targets: ClassVar[tuple[str, ...]]
    key: ClassVar[tuple[str, ...]] = ()
    # Fields (not endpoints) that hold the id of another node, with the labels it may have.
    references: ClassVar[dict[str, tuple[str, ...]]] = {}
    source_id: Id = Field(alias="source")
    target_id: Id = Field(alias="target")


class Period(Relationship):
    """A relationship true from `from` until `to` (empty: still true)."""

    key: ClassVar[tuple[str, ...]] = ("from_",)
    from_: Date = Field(alias="from")
    to: Date | None = None

    @model_validator(mode="after")
    def _from_not_after_to(self) -> Period:
        if self.to is not None and self.from_ > self.to:
            raise ValueError("to is before from")
        return self


class EmployedBy(Period):
    type = "EMPLOYED_BY"
    file = "employed_by"
    sources = ("Professional",)
    targets = ("Agency",)
    role: Text | None = None


class MemberOf(Period):
    type = "MEMBER_OF"
    file = "member_of"
    sources = ("Professional",)
    targets = ("Team",)
    role: Text | None = None


class BelongsTo(Period):
    type = "BELONGS_TO"
    file = "belongs_to"
    sources = ("Client",)
    targets = ("Family",)
    relationship: Text | None = None


class InvolvedWith(Period):
    type = "INVOLVED_WITH"
    file = "involved_with"
    sources = ("Professional",)
    targets = ("Family",)
    key = ("role", "from_")
    references: ClassVar[dict[str, tuple[str, ...]]] = {"on_behalf_of": ("Agency",)}
    role: InvolvementRole
    on_behalf_of: Id | None = Field(None, alias="onBehalfOf")


class HasEpisode(Relationship):
    type = "HAS_EPISODE"
    file = "has_episode"
    sources = ("Family",)
    targets = ("Episode",)


class ParticipatedIn(Relationship):
    type = "PARTICIPATED_IN"
    file = "participated_in"
    sources = ("Professional", "Client")
    targets = ("Interaction",)
    role: ParticipationRole = ParticipationRole.ATTENDEE


class Concerns(Relationship):
    type = "CONCERNS"
    file = "concerns"
    sources = ("Interaction", "BoundaryObject")
    targets = ("Family",)


class PartOf(Relationship):
    type = "PART_OF"
    file = "part_of"
    sources = ("Interaction",)
    targets = ("Episode",)


class WorkedOn(Relationship):
    type = "WORKED_ON"
    file = "worked_on"
    sources = ("Interaction",)
    targets = ("BoundaryObject",)
    key = ("action",)
    action: WorkAction
    section: Text | None = None


class ReferredTo(Relationship):
    type = "REFERRED_TO"
    file = "referred_to"
    sources = ("Interaction",)
    targets = ("Agency",)


class Holds(Relationship):
    type = "HOLDS"
    file = "holds"
    sources = ("Professional", "Client")
    targets = ("Perspective",)


class On(Relationship):
    type = "ON"
    file = "on"
    sources = ("Perspective",)
    targets = ("Family", "BoundaryObject")


class Revises(Relationship):
    type = "REVISES"
    file = "revises"
    sources = ("Perspective",)
    targets = ("Perspective",)

    @model_validator(mode="after")
    def _not_itself(self) -> Revises:
        if self.source_id == self.target_id:
            raise ValueError(
                f"target is the source {self.source_id!r}: a perspective cannot revise itself"
            )
        return self


class Between(Relationship):
    type = "BETWEEN"
    file = "between"
    sources = ("Tension",)
    targets = ("Professional", "Agency", "Client")


class About(Relationship):
    type = "ABOUT"
    file = "about"
    sources = ("Tension",)
    targets = ("Family", "BoundaryObject", "Interaction")


NODE_TYPES: tuple[type[Node], ...] = (
    Agency, Team, Professional, Family, Client, Episode,
    Interaction, BoundaryObject, Perspective, Tension,
)  # fmt: skip
RELATIONSHIP_TYPES: tuple[type[Relationship], ...] = (
    EmployedBy, MemberOf, BelongsTo, InvolvedWith, HasEpisode, ParticipatedIn,
    Concerns, PartOf, WorkedOn, ReferredTo, Holds, On, Revises, Between, About,
)  # fmt: skip
RECORD_TYPES: dict[str, type[Node] | type[Relationship]] = {
    **{t.file: t for t in NODE_TYPES},
    **{t.file: t for t in RELATIONSHIP_TYPES},
}

"""GraphQL types of the analytics answers, built from kb.analytics' records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.analytics.records import FromRecord, from_record, schema_enums
from api.security.field_rules import may_read, readable, ruled_field
from api.security.permissions import principal_of
from kb.analytics import configuration as conf
from kb.analytics import jointness as jt
from kb.analytics import network as net
from kb.analytics import paths as pth
from kb.analytics import timeline as tl
from kb.analytics.graph import LABEL_PROPERTY, GraphNode
from kb.analytics.refs import ProfessionalRef
from kb.analytics.vocabulary import ANSWER_VOCABULARIES, NetworkLevel, Presence, WorkingMode

schema_enums(ANSWER_VOCABULARIES)


@strawberry.type(
    description="A node for drawing: `id` is the entity's id (sectors: `sector:<NAME>`)."
)
class GraphViewNode:
    id: strawberry.ID
    type: str
    stored_label: strawberry.Private[str]
    stored_properties: strawberry.Private[dict[str, Any]]

    @classmethod
    def of(cls, node: GraphNode) -> GraphViewNode:
        return cls(
            id=strawberry.ID(node.id),
            type=node.type,
            stored_label=node.label,
            stored_properties=node.properties,
        )

    @strawberry.field(
        description="A name to draw: the entity's name, reference, title or kind; its id when "
        "the role may not read that property (a title is free text)."
    )
    def label(self, info: Info[Any, None]) -> str:
        named_by = LABEL_PROPERTY.get(self.type)
        if named_by and not may_read(principal_of(info), self.type, named_by):
            return str(self.id)
        return self.stored_label

    @strawberry.field(
        description="The entity's properties that the role may read (free text and personal "
        "data need role STEWARD or above)."
    )
    def properties(self, info: Info[Any, None]) -> JSON:
        return JSON(readable(principal_of(info), self.type, self.stored_properties))


@strawberry.type(
    description="An edge for drawing; `id` is `TYPE:source:target[:key]`, stable across answers."
)
class GraphViewEdge(FromRecord):
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    type: str
    properties: JSON


@strawberry.type(description="Nodes and edges in the shape Cytoscape.js, vis-network and NVL draw.")
class GraphViewShape(FromRecord):
    nodes: list[GraphViewNode]
    edges: list[GraphViewEdge]


@strawberry.type
class ProfessionalSummary(FromRecord):
    id: strawberry.ID
    name: str
    profession: str


@strawberry.type
class AgencySummary(FromRecord):
    id: strawberry.ID
    name: str
    sector: str


@strawberry.type
class ClientSummary(FromRecord):
    id: strawberry.ID
    name: str
    role: str
    relationship: str | None
    since: date | None


@strawberry.type(description="A professional around the family at the moment asked about.")
class ConfigurationMember(FromRecord):
    professional: ProfessionalSummary
    agency: AgencySummary | None = strawberry.field(
        description="The agency employing them on the day (the most recently started, if several)."
    )
    sector: str | None
    role: str = strawberry.field(
        description="Their allocation's role (a lead allocation first: LEAD_SOCIAL_WORKER, then "
        "LEAD_PROFESSIONAL), else their latest participation role."
    )
    since: date = strawberry.field(
        description="Start of their allocation or first interaction in the window, whichever is earlier."
    )
    presence: Presence
    involvement_roles: list[str]
    interaction_ids: list[strawberry.ID]
    last_interaction_at: datetime | None


@strawberry.type(description="Who was around a family at an instant (DOMAIN question 1).")
class FamilyConfiguration(FromRecord, renamed={"lead_professional_since": "lead_since"}):
    family_id: strawberry.ID
    reference: str
    at: datetime
    window_days: int
    size: int
    members: list[ConfigurationMember]
    lead_professional: ConfigurationMember | None = strawberry.field(
        description="The family's lead: the member holding a lead allocation covering the day "
        "(LEAD_SOCIAL_WORKER before LEAD_PROFESSIONAL, then the most recently started, then id)."
    )
    lead_professional_since: date | None = strawberry.field(
        description="Start of the lead's lead allocation (their `since` as a member can be "
        "earlier: an interaction or another allocation before it)."
    )
    clients: list[ClientSummary]
    agencies: list[AgencySummary]
    sectors: list[str]
    answer: strawberry.Private[conf.FamilyConfiguration]

    @strawberry.field
    def graph(self) -> GraphViewShape:
        return GraphViewShape.of(self.answer.graph)

    @classmethod
    def of(cls, c: conf.FamilyConfiguration) -> FamilyConfiguration:
        return from_record(cls, c, size=len(c.members), answer=c)


@strawberry.type(
    description="The configuration from `date` on and how it differs from the one before."
)
class ConfigurationChange:
    date: date
    size: int
    members: list[ProfessionalSummary]
    joined: list[ProfessionalSummary]
    left: list[ProfessionalSummary]
    turnover: float | None = strawberry.field(
        description="1 - |A and B| / |A or B| with the previous configuration; null for the first."
    )
    lead: ProfessionalSummary | None = strawberry.field(
        description="The lead on that day (as familyConfiguration.leadProfessional)."
    )

    @classmethod
    def of(
        cls, change: tl.ConfigurationChange, people: dict[str, ProfessionalRef]
    ) -> ConfigurationChange:
        def refs(ids: tuple[str, ...]) -> list[ProfessionalSummary]:
            return [ProfessionalSummary.of(people[i]) for i in ids]

        return from_record(
            cls,
            change,
            date=change.day,
            size=len(change.members),
            members=refs(change.members),
            joined=refs(change.joined),
            left=refs(change.left),
            lead=ProfessionalSummary.of(people[change.lead]) if change.lead else None,
        )


@strawberry.type
class ServiceLength(FromRecord):
    professional: ProfessionalSummary
    days: int


@strawberry.type(
    description="How a family's configuration changed over a period (DOMAIN question 2)."
)
class ConfigurationTimeline(FromRecord, renamed={"from_": "start", "to": "end"}):
    family_id: strawberry.ID
    reference: str
    from_: date = strawberry.field(name="from")
    to: date
    window_days: int
    initial: ConfigurationChange
    changes: list[ConfigurationChange]
    mean_turnover: float | None
    distinct_professionals: int
    distinct_agencies: list[AgencySummary]
    longest_serving: ServiceLength | None
    configurations: list[FamilyConfiguration] = strawberry.field(
        description="familyConfiguration at the end of `from` and of every later day of the "
        "period on which anything in it differs from the day before (members, their agency, "
        "role, presence or since, the lead, the clients); a day not listed has the "
        "configuration of the last day listed before it. From the same read as the rest: "
        "everything a time slider needs to draw each day of the period in one request."
    )

    @classmethod
    def of(cls, t: tl.ConfigurationTimeline) -> ConfigurationTimeline:
        return from_record(
            cls,
            t,
            initial=ConfigurationChange.of(t.initial, t.professionals),
            changes=[ConfigurationChange.of(c, t.professionals) for c in t.changes],
        )


@strawberry.type(description="A step between professionals of different sectors.")
class Crossing(
    FromRecord,
    renamed={"from_professional_id": "from_professional", "to_professional_id": "to_professional"},
):
    from_professional_id: strawberry.ID
    to_professional_id: strawberry.ID
    from_sector: str
    to_sector: str
    through_id: strawberry.ID = strawberry.field(
        description="The interaction or boundary object crossed through."
    )
    through_type: str
    at: datetime
    interaction_ids: list[strawberry.ID]


@strawberry.type(description="One path, from `from` to `to`, each hop through one interaction.")
class CrossingPath:
    hops: int
    nodes: list[GraphViewNode] = strawberry.field(
        description="The path's nodes in order, from `from` to `to`: no node twice."
    )
    edges: list[GraphViewEdge] = strawberry.field(
        description="The relationships between consecutive nodes (several where an interaction "
        "worked on an object with several actions)."
    )
    crossings: list[Crossing]
    started_at: datetime | None
    ended_at: datetime | None
    graph: GraphViewShape

    @classmethod
    def of(cls, p: pth.CrossingPath) -> CrossingPath:
        shape = GraphViewShape.of(p.graph)
        by_id = {n.id: n for n in shape.nodes}
        return from_record(
            cls,
            p,
            nodes=[by_id[strawberry.ID(n.id)] for n in p.nodes],
            edges=shape.edges,
            graph=shape,
        )


@strawberry.type(description="Shortest boundary-crossing paths (DOMAIN question 5).")
class BoundaryCrossingPaths:
    from_type: str
    to_type: str
    count: int = strawberry.field(
        description="How many paths `paths` holds: at most `limit`, fewer when fewer exist."
    )
    shortest_hops: int | None = strawberry.field(
        description="Hops of the shortest path (the first of `paths`); null when there is none."
    )
    shortest_count: int | None = strawberry.field(
        description=f"How many distinct paths have `shortestHops` hops (within the arguments), "
        f"counted up to {pth.COUNT_CAP} ({pth.COUNT_CAP} means at least that many); 0 when "
        "there is no path. Counted only when asked for."
    )
    paths: list[CrossingPath]
    graph: GraphViewShape = strawberry.field(description="All the paths merged into one drawing.")

    @classmethod
    def of(cls, r: pth.PathResult) -> BoundaryCrossingPaths:
        return from_record(
            cls,
            r,
            from_type=r.source_kind.value,
            to_type=r.target_kind.value,
            count=len(r.paths),
        )


@strawberry.type(
    description="Weighted network of joint work; edge weight = shared interactions + objects."
)
class CollaborationNetwork:
    level: NetworkLevel
    family_id: strawberry.ID | None
    node_count: int
    edge_count: int
    graph: GraphViewShape

    @classmethod
    def of(cls, n: net.CollaborationNetwork) -> CollaborationNetwork:
        return from_record(cls, n, node_count=len(n.graph.nodes), edge_count=len(n.graph.edges))


@strawberry.type
class AgencyPair:
    source: strawberry.ID
    target: strawberry.ID


@strawberry.type(
    description="Share of pairs of involved agencies that did joint work (DOMAIN question 4)."
)
class Jointness(FromRecord, renamed={"agency_ids": "agencies"}):
    family_id: strawberry.ID
    agency_ids: list[strawberry.ID]
    pairs: int
    joint_pairs: list[AgencyPair]
    jointness: float | None = strawberry.field(
        description="Joint pairs / pairs; null with fewer than two agencies."
    )
    mode: WorkingMode

    @classmethod
    def of(cls, j: jt.Jointness) -> Jointness:
        return from_record(
            cls,
            j,
            joint_pairs=[
                AgencyPair(source=strawberry.ID(a), target=strawberry.ID(b))
                for a, b in j.joint_pairs
            ],
        )


@strawberry.type(description="A burst of work about a family (DOMAIN question 3).")
class Knot(FromRecord, renamed={"member_ids": "members"}):
    start: datetime
    end: datetime
    lifespan_days: float
    interaction_ids: list[strawberry.ID]
    member_ids: list[strawberry.ID]
    sectors: list[str]
    pairs: int
    new_pairs: int
    novelty: float | None = strawberry.field(
        description="Share of member pairs who had never taken part in an interaction together before the start."
    )


@strawberry.type
class CategoryShare:
    name: str
    contributions: int
    share: float


@strawberry.type(description="How evenly contributions spread over categories.")
class ShareSpread(FromRecord):
    shares: list[CategoryShare]
    entropy: float = strawberry.field(description="Shannon entropy of the shares, in bits.")
    evenness: float | None = strawberry.field(
        description="Entropy / log2(number of categories); null with fewer than two."
    )


@strawberry.type(description="One professional in one interaction that worked on an object.")
class ObjectContribution(
    FromRecord, renamed={"interaction_id": "interaction", "professional_id": "professional"}
):
    at: datetime
    interaction_id: strawberry.ID
    professional_id: strawberry.ID
    profession: str
    sector: str | None = strawberry.field(
        description="Their agency's sector on the interaction's day."
    )


@strawberry.type(
    description="Who worked on a boundary object, across sectors and professions (DOMAIN question 6)."
)
class BoundaryObjectReport(FromRecord):
    id: strawberry.ID
    kind: str
    title: str | None = ruled_field("BoundaryObject", "title")
    contributions: int = strawberry.field(
        description="(interaction, professional) pairs that worked on it."
    )
    interactions: int
    professionals: int
    sectors: ShareSpread
    professions: ShareSpread
    history: list[ObjectContribution] = strawberry.field(
        description="Its contributions in time order (then by interaction and professional id): "
        "the sectors and professions that worked on it over time."
    )


@strawberry.type(description="Gould-Fernandez brokerage of one professional, sector as the group.")
class SectorBrokerage(FromRecord, renamed={"professional_id": "professional"}):
    professional_id: strawberry.ID
    sector: str | None
    coordinator: int
    itinerant: int
    representative: int
    gatekeeper: int
    liaison: int
    total: int

"""The shape of the entity graph: what the API offers per label, stated once.

Scalar fields, sort enums and property filters come from the model
(`kb.domain.model.properties`: each property's type, uses and sensitivity). What the
model cannot say is declared here, once per label: the descriptions, the default order,
the relationship fields (each a fixed Cypher pattern over the model's relationship
types) and the filters that name a related entity. The schema (`types.py`,
`inputs.py`), the translator (`translate.py`) and the audit rule read only this.

Patterns are reviewed Cypher text with three placeholders, filled with variable names
the translator makes: `{p}` the parent node, `{t}` the target node, `{r}` the
relationship (period and edge fields). `{x}` in a filter pattern is the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from kb.domain import model
from kb.domain.model import NODE_TYPES, Node, Property, Use, properties

# -- labels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedFilter:
    """A root filter naming a related entity by id (`familyId`, `participantId`...).

    The entity must exist with one of `labels` (NOT_FOUND otherwise). `patterns` (one or
    more, any of which may hold) relate the matched node `{t}` to the named one; with a
    single pattern, the root match starts from the named node instead of scanning."""

    name: str
    labels: tuple[str, ...]
    patterns: tuple[str, ...]
    description: str | None = None


@dataclass(frozen=True)
class Link:
    """A relationship field of a label.

    kind:
    - "list": the related nodes, ordered by `order`; several patterns are a union;
    - "one": the first related node by `order`, or null;
    - "period": relationship objects (`edge`) of a period type, with `activeOn`
      (and `roles` when `roles` is set); `distinct` names the field of the distinct
      other ends in first-seen order;
    - "edges": relationship objects (`edge`) without a period;
    - "interactions": a connection of interactions (first, after, kinds, at, latestFirst);
    - "agency_on": the employer on a day (`on`, default today): the latest-starting
      employment covering it.
    """

    name: str
    kind: str
    patterns: tuple[str, ...]
    target: tuple[str, ...]
    description: str
    order: str = "{t}.id"
    edge: str | None = None
    distinct: str | None = None
    distinct_description: str | None = None
    roles: bool = False


@dataclass(frozen=True)
class Label:
    """One label of the model as the entity graph offers it."""

    node_type: type[Node]
    plural: str  # in words: "boundary objects"
    description: str
    default_sort: str  # a property name (or "id")
    root_description: str
    links: tuple[Link, ...] = ()
    filters: tuple[RelatedFilter, ...] = ()
    open_description: str | None = None  # the `open` field and filter, for an OPEN property

    @property
    def name(self) -> str:
        return self.node_type.label

    @property
    def root_field(self) -> str:
        """The root connection's field name: the plural in lowerCamel."""
        first, *rest = self.plural.split()
        return first + "".join(word.capitalize() for word in rest)

    @property
    def properties(self) -> tuple[Property, ...]:
        return properties(self.node_type)

    def prop(self, name: str) -> Property:
        return next(p for p in self.properties if p.name == name)

    @property
    def open_property(self) -> Property | None:
        return next((p for p in self.properties if Use.OPEN in p.uses), None)

    def link(self, name: str) -> Link | None:
        return next((k for k in self.links if k.name == name or k.distinct == name), None)


# -- relationship objects ---------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """A relationship type shown as an object: its properties (from the model) and its ends.

    `source` and `target` name the fields of the two ends (their labels come from the
    model's relationship type); `to_description` is said of an empty `to`."""

    name: str
    relationship: type[model.Relationship]
    description: str
    source: str
    target: str
    to_description: str | None = None


EDGES: dict[str, Edge] = {
    e.name: e
    for e in (
        Edge("Employment", model.EmployedBy,
             "A professional employed by an agency from `from` to `to`.",
             "professional", "agency", "Empty while still employed."),
        Edge("Membership", model.MemberOf,
             "A professional's membership of a team from `from` to `to`.",
             "professional", "team", "Empty while still a member."),
        Edge("FamilyMembership", model.BelongsTo,
             "A client belonging to a family from `from` to `to`.",
             "client", "family", "Empty while still true."),
        Edge("Involvement", model.InvolvedWith,
             "A professional allocated to a family (lead professional, key worker...) "
             "from `from` to `to`.",
             "professional", "family", "Empty while still involved."),
        Edge("Participation", model.ParticipatedIn, "A person's part in an interaction.",
             "participant", "interaction"),
        Edge("Work", model.WorkedOn,
             "What an interaction did to a boundary object, and in which section.",
             "interaction", "boundaryObject"),
    )
}  # fmt: skip

# Unions of labels a relationship may end at, by the labels they join.
UNIONS: dict[tuple[str, ...], tuple[str, str]] = {
    ("Professional", "Client"): ("Person", "A professional or a client."),
    ("Family", "BoundaryObject"): ("PerspectiveSubject", "What a perspective can be on."),
    ("Professional", "Agency", "Client"): ("TensionParty", "Who a tension can be between."),
    ("Family", "BoundaryObject", "Interaction"): (
        "TensionSubject",
        "What a tension can be about.",
    ),
}

ACTIVE_ON_HELP = "Only periods that cover this date (default: all periods)."


def _period(
    edge: str,
    at: str,
    name: str,
    description: str,
    order: str = "{r}.from, {t}.id",
    distinct: str | None = None,
    distinct_description: str | None = None,
    roles: bool = False,
) -> Link:
    """A period field of label `at` over the relationship type of EDGES[edge]: its
    pattern, direction and other end read from the model's relationship type."""
    rel = EDGES[edge].relationship
    out = at in rel.sources
    others = rel.targets if out else rel.sources
    ends = ("-", "->") if out else ("<-", "-")
    pattern = f"({{p}}){ends[0]}[{{r}}:{rel.type}]{ends[1]}({{t}}:{'|'.join(others)})"
    return Link(name, "period", (pattern,), others, description, order, edge=edge,
                distinct=distinct, distinct_description=distinct_description, roles=roles)  # fmt: skip


def _interactions(name: str, pattern: str, description: str) -> Link:
    return Link(name, "interactions", (pattern,), ("Interaction",), description)


def _tensions_of_party(description: str) -> Link:
    return Link("tensions", "list", ("({p})<-[:BETWEEN]-({t}:Tension)",), ("Tension",),
                description, "{t}.raisedAt, {t}.id")  # fmt: skip


def _perspectives_held(description: str) -> Link:
    return Link("perspectives", "list", ("({p})-[:HOLDS]->({t}:Perspective)",),
                ("Perspective",), description, "{t}.at, {t}.id")  # fmt: skip


def _family_of(pattern: str, description: str) -> Link:
    return Link("family", "one", (pattern,), ("Family",), description)


def _family_filter(*patterns: str, description: str | None = None) -> RelatedFilter:
    return RelatedFilter("familyId", ("Family",), patterns, description)


LABELS: tuple[Label, ...] = (
    Label(
        model.Agency, "agencies",
        "An organisation in one sector: a school, a social care service...",
        "name", "Agencies, by name unless `orderBy` says otherwise.",
        links=(
            _period("Employment", "Agency", "employments",
                    "Employment periods at this agency, earliest first.",
                    distinct="professionals",
                    distinct_description="The professionals employed here (on `activeOn`, or ever)."),
            _interactions("referralsReceived", "({p})<-[:REFERRED_TO]-({t}:Interaction)",
                          "Referrals that sent a case to this agency, oldest first."),
            _tensions_of_party("Tensions this agency is party to, oldest first."),
        ),
    ),
    Label(
        model.Team, "teams",
        "A standing or case team (TAC, TAF, core group, MASH, YOT, board...).",
        "name", "Teams, by name unless `orderBy` says otherwise.",
        links=(
            _period("Membership", "Team", "memberships",
                    "Membership periods of this team, earliest first.", distinct="members",
                    distinct_description="The team's members (on `activeOn`, or ever)."),
        ),
    ),
    Label(
        model.Professional, "professionals",
        "A practitioner of one profession, employed by agencies over time.",
        "name", "Professionals, by name unless `orderBy` says otherwise.",
        links=(
            _period("Employment", "Professional", "employments",
                    "Employment periods, earliest first."),
            Link("agency", "agency_on", ("({p})-[{r}:EMPLOYED_BY]->({t}:Agency)",), ("Agency",),
                 "The agency employing this professional on `on` (default: today); the "
                 "latest-starting employment wins if several cover the date.",
                 "{r}.from DESC, {t}.id DESC"),
            _period("Membership", "Professional", "memberships",
                    "Team membership periods, earliest first.", distinct="teams",
                    distinct_description="The teams this professional was a member of."),
            _period("Involvement", "Professional", "involvements",
                    "Allocations to families (INVOLVED_WITH: role, from, to), earliest first.",
                    "{r}.from, {t}.id, {r}.role", distinct="families",
                    distinct_description="The families this professional was involved with."),
            _interactions("interactions", "({p})-[:PARTICIPATED_IN]->({t}:Interaction)",
                          "Interactions this professional took part in, oldest first."),
            _perspectives_held("Perspectives this professional holds, oldest first."),
            _tensions_of_party("Tensions this professional is party to, oldest first."),
        ),
        filters=(
            RelatedFilter("agencyId", ("Agency",), ("({t})-[:EMPLOYED_BY]->(:Agency {id: {x}})",),
                          "Ever employed by this agency."),
            _family_filter("({t})-[:INVOLVED_WITH]->(:Family {id: {x}})",
                           description="Ever involved (INVOLVED_WITH) with this family."),
        ),
    ),
    Label(
        model.Family, "families",
        "A family (pseudonymous reference) and the work around it. Reading anything of it, "
        "or of what belongs to it, is logged in the audit trail (`readFamily`).",
        "reference", "Families, by reference unless `orderBy` says otherwise.",
        links=(
            _period("FamilyMembership", "Family", "memberships",
                    "Who belonged to the family and when, earliest first.", distinct="clients",
                    distinct_description="The family's clients (children, young people, parents...)."),
            Link("episodes", "list", ("({p})-[:HAS_EPISODE]->({t}:Episode)",), ("Episode",),
                 "Episodes of work with the family, oldest first.", "{t}.openedAt, {t}.id"),
            _period("Involvement", "Family", "involvements",
                    "Professionals allocated to the family (role, from, to), earliest first.",
                    "{r}.from, {t}.id, {r}.role", distinct="professionals",
                    distinct_description="The professionals involved with the family.", roles=True),
            _interactions("interactions", "({p})<-[:CONCERNS]-({t}:Interaction)",
                          "Interactions concerning the family, oldest first."),
            Link("boundaryObjects", "list", ("({p})<-[:CONCERNS]-({t}:BoundaryObject)",),
                 ("BoundaryObject",), "Boundary objects concerning the family, oldest first.",
                 "{t}.createdAt, {t}.id"),
            Link("perspectives", "list",
                 ("({p})<-[:ON]-({t}:Perspective)",
                  "({p})<-[:CONCERNS]-(:BoundaryObject)<-[:ON]-({t}:Perspective)"),
                 ("Perspective",),
                 "Perspectives on the family or on its boundary objects, oldest first.",
                 "{t}.at, {t}.id"),
            Link("tensions", "list",
                 ("({p})<-[:ABOUT]-({t}:Tension)",
                  "({p})<-[:CONCERNS]-(:BoundaryObject|Interaction)<-[:ABOUT]-({t}:Tension)"),
                 ("Tension",),
                 "Tensions about the family, its boundary objects or its interactions, "
                 "oldest first.", "{t}.raisedAt, {t}.id"),
        ),
        filters=(
            RelatedFilter("professionalId", ("Professional",),
                          ("(:Professional {id: {x}})-[:INVOLVED_WITH]->({t})",),
                          "This professional was ever involved with the family."),
        ),
    ),
    Label(
        model.Client, "clients",
        "A child, young person, parent or carer: a participant, not a subject.",
        "name", "Clients, by name unless `orderBy` says otherwise.",
        links=(
            _period("FamilyMembership", "Client", "memberships",
                    "The families this client belonged to and when.", distinct="families",
                    distinct_description="The families this client belonged to."),
            _interactions("interactions", "({p})-[:PARTICIPATED_IN]->({t}:Interaction)",
                          "Interactions this client took part in, oldest first."),
            _perspectives_held("Perspectives this client holds, oldest first."),
            _tensions_of_party("Tensions this client is party to, oldest first."),
        ),
        filters=(
            _family_filter("({t})-[:BELONGS_TO]->(:Family {id: {x}})",
                           description="Ever belonged to this family."),
        ),
    ),
    Label(
        model.Episode, "episodes",
        "A period of work with a family: early help, child in need, EHCP...",
        "openedAt", "Episodes, oldest first unless `orderBy` says otherwise.",
        links=(
            _family_of("({p})<-[:HAS_EPISODE]-({t}:Family)", "The family the episode belongs to."),
            _interactions("interactions", "({p})<-[:PART_OF]-({t}:Interaction)",
                          "Interactions that are part of the episode, oldest first."),
        ),
        filters=(_family_filter("(:Family {id: {x}})-[:HAS_EPISODE]->({t})"),),
        open_description="true while the episode is not closed.",
    ),
    Label(
        model.Interaction, "interactions",
        "An event: a meeting, conference, home visit, referral, assessment, phone call, "
        "information share, a contribution to a plan...",
        "at", "Interactions, oldest first unless `orderBy` says otherwise.",
        links=(
            Link("participants", "edges",
                 ("({p})<-[{r}:PARTICIPATED_IN]-({t}:Professional|Client)",),
                 ("Professional", "Client"),
                 "Who took part (professionals and clients) and in which role.", "{t}.id",
                 edge="Participation"),
            Link("boundaryObjects", "edges", ("({p})-[{r}:WORKED_ON]->({t}:BoundaryObject)",),
                 ("BoundaryObject",), "Boundary objects this interaction worked on, and how.",
                 "{t}.id, {r}.action", edge="Work"),
            _family_of("({p})-[:CONCERNS]->({t}:Family)",
                       "The family the interaction concerns (none for strategic events)."),
            Link("episode", "one", ("({p})-[:PART_OF]->({t}:Episode)",), ("Episode",),
                 "The episode the interaction is part of, if any."),
            Link("referredTo", "list", ("({p})-[:REFERRED_TO]->({t}:Agency)",), ("Agency",),
                 "For a referral: the agencies the case was referred to."),
            Link("tensions", "list", ("({p})<-[:ABOUT]-({t}:Tension)",), ("Tension",),
                 "Tensions about this interaction, oldest first.", "{t}.raisedAt, {t}.id"),
        ),
        filters=(
            _family_filter("({t})-[:CONCERNS]->(:Family {id: {x}})"),
            RelatedFilter("episodeId", ("Episode",), ("({t})-[:PART_OF]->(:Episode {id: {x}})",)),
            RelatedFilter("participantId", ("Professional", "Client"),
                          ("(:Professional|Client {id: {x}})-[:PARTICIPATED_IN]->({t})",),
                          "A professional or client who took part."),
        ),
    ),
    Label(
        model.BoundaryObject, "boundary objects",
        "A thing worked on at once by several professions: a plan, an assessment, a referral "
        "form, a chronology, a shared goal...",
        "createdAt", "Boundary objects, oldest first unless `orderBy` says otherwise.",
        links=(
            _family_of("({p})-[:CONCERNS]->({t}:Family)", "The family the object concerns."),
            Link("workedOnBy", "edges", ("({p})<-[{r}:WORKED_ON]-({t}:Interaction)",),
                 ("Interaction",), "The interactions that worked on the object, oldest first.",
                 "{t}.at, {t}.id, {r}.action", edge="Work"),
            Link("perspectives", "list", ("({p})<-[:ON]-({t}:Perspective)",), ("Perspective",),
                 "Perspectives on this object, oldest first.", "{t}.at, {t}.id"),
            Link("tensions", "list", ("({p})<-[:ABOUT]-({t}:Tension)",), ("Tension",),
                 "Tensions about this object, oldest first.", "{t}.raisedAt, {t}.id"),
        ),
        filters=(_family_filter("({t})-[:CONCERNS]->(:Family {id: {x}})"),),
    ),
    Label(
        model.Perspective, "perspectives",
        "Someone's account of what the work is about (the object of activity).",
        "at", "Perspectives, oldest first unless `orderBy` says otherwise.",
        links=(
            Link("holder", "one", ("({p})<-[:HOLDS]-({t}:Professional|Client)",),
                 ("Professional", "Client"),
                 "Who holds this perspective: a professional or a client."),
            Link("on", "one", ("({p})-[:ON]->({t}:Family|BoundaryObject)",),
                 ("Family", "BoundaryObject"),
                 "What the perspective is on: a family or a boundary object."),
            Link("revises", "list", ("({p})-[:REVISES]->({t}:Perspective)",), ("Perspective",),
                 "The earlier perspectives this one revises.", "{t}.at, {t}.id"),
            Link("revisedBy", "list", ("({p})<-[:REVISES]-({t}:Perspective)",),
                 ("Perspective",), "The later perspectives that revise this one.",
                 "{t}.at, {t}.id"),
        ),
        filters=(
            _family_filter("({t})-[:ON]->(:Family {id: {x}})",
                           "({t})-[:ON]->(:BoundaryObject)-[:CONCERNS]->(:Family {id: {x}})",
                           description="On this family or on one of its boundary objects."),
            RelatedFilter("holderId", ("Professional", "Client"),
                          ("(:Professional|Client {id: {x}})-[:HOLDS]->({t})",),
                          "Held by this professional or client."),
        ),
    ),
    Label(
        model.Tension, "tensions",
        "A disagreement, recorded rather than hidden; open until resolved.",
        "raisedAt", "Tensions, oldest first unless `orderBy` says otherwise.",
        links=(
            Link("between", "list", ("({p})-[:BETWEEN]->({t}:Professional|Agency|Client)",),
                 ("Professional", "Agency", "Client"),
                 "Who the tension is between: professionals, agencies, clients."),
            Link("about", "list", ("({p})-[:ABOUT]->({t}:Family|BoundaryObject|Interaction)",),
                 ("Family", "BoundaryObject", "Interaction"),
                 "What it is about: families, boundary objects, interactions."),
        ),
        filters=(
            _family_filter(
                "({t})-[:ABOUT]->(:Family {id: {x}})",
                "({t})-[:ABOUT]->(:BoundaryObject|Interaction)-[:CONCERNS]->(:Family {id: {x}})",
                description="About this family, one of its boundary objects or one of its "
                "interactions.",
            ),
            RelatedFilter("partyId", ("Professional", "Agency", "Client"),
                          ("({t})-[:BETWEEN]->(:Professional|Agency|Client {id: {x}})",),
                          "Between this professional, agency or client and others."),
        ),
        open_description="true while the tension is not resolved.",
    ),
)  # fmt: skip

BY_NAME: dict[str, Label] = {label.name: label for label in LABELS}
assert [label.node_type for label in LABELS] == list(NODE_TYPES), "one Label per model label"

# -- family-level data (the audit rule, api/security/family_reads.py) --------------------
# The families an entity belongs to, as a Cypher list expression of ids over the node
# `{t}` (duplicates allowed). A label absent here holds no family-level data of its own.
# These are the rules eraseFamily applies (cypher/erasure/family_footprint.cypher).
FAMILIES_OF: dict[str, str] = {
    "Family": "[{t}.id]",
    "Client": "[({t})-[:BELONGS_TO]->(f:Family) | f.id]",
    "Episode": "[(f:Family)-[:HAS_EPISODE]->({t}) | f.id]",
    "Interaction": "[({t})-[:CONCERNS]->(f:Family) | f.id]"
    " + [({t})<-[:PARTICIPATED_IN]-(:Client)-[:BELONGS_TO]->(f:Family) | f.id]",
    "BoundaryObject": "[({t})-[:CONCERNS]->(f:Family) | f.id]",
    "Perspective": "[({t})-[:ON]->(f:Family) | f.id]"
    " + [({t})-[:ON]->(:BoundaryObject)-[:CONCERNS]->(f:Family) | f.id]"
    " + [({t})<-[:HOLDS]-(:Client)-[:BELONGS_TO]->(f:Family) | f.id]",
    "Tension": "[({t})-[:ABOUT]->(f:Family) | f.id]"
    " + [({t})-[:ABOUT]->(:BoundaryObject|Interaction)-[:CONCERNS]->(f:Family) | f.id]"
    " + [({t})-[:BETWEEN]->(:Client)-[:BELONGS_TO]->(f:Family) | f.id]",
}


def family_level(label: str) -> bool:
    """Whether the label's entities belong to families (their data is family-level)."""
    return label in FAMILIES_OF


# -- derived names ----------------------------------------------------------------------


def sort_value(name: str) -> str:
    """The sort enum value of a property name: birthYear -> BIRTH_YEAR."""
    return "".join(f"_{c}" if c.isupper() else c for c in name).upper()


def filter_name(prop: Property, use: Use) -> str:
    """The filter field of a property's use: name+Contains, names (any of), name (range)."""
    if use is Use.CONTAINS:
        return f"{prop.name}Contains"
    if use is Use.ANY_OF:
        return f"{prop.name}s"
    if use is Use.RANGE:
        return prop.name
    raise ValueError(f"{use} is not a filter")


@dataclass(frozen=True)
class EdgeProperty:
    """A property of a relationship type as an edge object shows it."""

    name: str
    annotation: object
    required: bool
    default: object
    reference: tuple[str, ...] = field(default=())  # labels, for an id of another node


@cache
def edge_properties(edge: Edge) -> tuple[EdgeProperty, ...]:
    """The relationship type's own properties (not its endpoints), from the model."""
    relationship = edge.relationship
    found = []
    for field_name, info in relationship.model_fields.items():
        if field_name in ("source_id", "target_id"):
            continue
        annotation = info.annotation
        optional = annotation is not None and type(None) in getattr(annotation, "__args__", ())
        if optional:
            annotation = next(a for a in annotation.__args__ if a is not type(None))  # type: ignore[union-attr]
        annotation = getattr(annotation, "__origin__", annotation)
        found.append(
            EdgeProperty(
                name=info.alias or field_name,
                annotation=annotation,
                required=not optional,
                default=None if info.is_required() else info.default,
                reference=relationship.references.get(field_name, ()),
            )
        )
    return tuple(found)


@cache
def edge_ends(edge: Edge) -> tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]:
    """The (field, labels) of the source end and of the target end."""
    relationship = edge.relationship
    return (edge.source, relationship.sources), (edge.target, relationship.targets)

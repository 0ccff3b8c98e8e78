"""Who was around a family at a moment (DOMAIN question 1).

`family_configuration` (or `configuration_read`, which the API runs on its async door) asks
cypher/analytics/family_configuration.cypher, which assembles the answer in the
database; `configuration_of` only maps its row onto the records below.
`assemble_configuration` states the same rule in Python for the timeline's days
(kb.analytics.timeline), from rows that statement does not give; tests check the two
agree on every day of a period.

The configuration at instant `at` is every professional with an allocation
(`INVOLVED_WITH`) covering the day of `at`, plus every professional who took
part in an interaction about the family within the window: from the start of
the day `window_days` days before `at`'s day, up to `at` itself. Whole days,
so that a day's configuration in the timeline (taken at the end of the day)
is exactly this one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, partial
from typing import Any

from kb.analytics.errors import InvalidArgument
from kb.analytics.graph import GraphView, edge_from_relationship, node_from_entity
from kb.analytics.one_read import OneRead
from kb.analytics.reads import the_family_row
from kb.analytics.refs import (
    AgencyRef,
    EmploymentPeriod,
    ProfessionalRef,
    employment_on,
    employments_of,
)
from kb.analytics.vocabulary import Presence
from kb.domain.vocabulary import LEAD_ROLES, InvolvementRole
from kb.storage.database import Database
from kb.storage.values import covers, instant_of, to_date, to_instant, utc

MAX_WINDOW_DAYS = 3650

# Which allocation names a member's role when they hold several at once: a lead
# allocation first (LEAD_ROLES' order), then the others in the vocabulary's order.
ROLE_RANK = {
    role.value: rank
    for rank, role in enumerate([*LEAD_ROLES, *(r for r in InvolvementRole if r not in LEAD_ROLES)])
}
LEAD_RANK = {role.value: rank for rank, role in enumerate(LEAD_ROLES)}

STATEMENT = "analytics/family_configuration"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ClientRef:
    id: str
    name: str
    role: str
    relationship: str | None
    since: date | None


@dataclass(frozen=True)
class ConfigurationMember:
    professional: ProfessionalRef
    agency: AgencyRef | None
    role: str
    since: date
    presence: Presence
    involvement_roles: tuple[str, ...]
    interaction_ids: tuple[str, ...]
    last_interaction_at: datetime | None

    @property
    def sector(self) -> str | None:
        return self.agency.sector if self.agency else None


@dataclass(frozen=True)
class FamilyConfiguration:
    family_id: str
    reference: str
    at: datetime
    window_days: int
    members: tuple[ConfigurationMember, ...]
    lead_professional: ConfigurationMember | None
    lead_since: date | None  # start of the lead's lead allocation
    clients: tuple[ClientRef, ...]
    agencies: tuple[AgencyRef, ...]
    sectors: tuple[str, ...]
    draw: Callable[[], GraphView] = field(compare=False, repr=False)

    @cached_property
    def graph(self) -> GraphView:
        """The family, its clients, the members, their agencies and the interactions that
        count; drawn when first asked for (most answers never show it)."""
        return self.draw()


def lead_on(involvements: Iterable[dict[str, Any]], day: date) -> tuple[str, date] | None:
    """The family's lead on `day` and the start of their lead allocation, or None.

    The lead holds a lead allocation (`LEAD_ROLES`) covering the day: a lead social
    worker before a lead professional, then the most recently started allocation,
    then the smallest professional id.
    """
    found = []
    for inv in involvements:
        start, end = to_date(inv["from"]), to_date(inv.get("to"))
        if inv["role"] in LEAD_RANK and start is not None and covers(start, end, day):
            found.append((LEAD_RANK[inv["role"]], -start.toordinal(), inv["professional"], start))
    if not found:
        return None
    _, _, professional, start = min(found)
    return professional, start


def check_window(window_days: int) -> None:
    if not 0 <= window_days <= MAX_WINDOW_DAYS:
        raise InvalidArgument(
            "windowDays", f"windowDays must be between 0 and {MAX_WINDOW_DAYS}, got {window_days}"
        )


def family_configuration(
    db: Database, family_id: str, at: datetime, window_days: int = 90
) -> FamilyConfiguration:
    """The configuration around `family_id` at `at`, from one read."""
    return configuration_read(family_id, at, window_days).run(db)


def configuration_read(
    family_id: str, at: datetime, window_days: int = 90, *, with_graph: bool = True
) -> OneRead[FamilyConfiguration]:
    """`family_configuration` as a read either door runs (the API's: `run_async`).
    `with_graph=False`: the statement leaves out what only the graph view needs, and
    the answer's `graph` may not be asked for."""
    check_window(window_days)
    at = utc(at)
    parameters = {
        "familyId": family_id,
        "at": at,
        "windowDays": window_days,
        "roleRank": ROLE_RANK,
        "leadRank": LEAD_RANK,
        "withDrawing": with_graph,
    }
    return OneRead(STATEMENT, parameters, partial(configuration_of, family_id, at, window_days))


def configuration_of(
    family_id: str, at: datetime, window_days: int, rows: list[dict[str, Any]]
) -> FamilyConfiguration:
    """The statement's row (already assembled, dates as ISO text) as records."""
    row = the_family_row(rows, family_id)
    members = tuple(_member(m) for m in row["members"])
    lead = row["leadProfessional"]
    agencies = tuple(AgencyRef(**a) for a in row["agencies"])
    return FamilyConfiguration(
        row["familyId"],
        row["reference"],
        at,
        window_days,
        members,
        lead_professional=next((m for m in members if m.professional.id == lead), None),
        lead_since=to_date(row["leadSince"]),
        clients=tuple(
            ClientRef(
                id=c["id"],
                name=c["name"],
                role=c["role"],
                relationship=c["relationship"],
                since=to_date(c["since"]),
            )
            for c in row["clients"]
        ),
        agencies=agencies,
        sectors=tuple(row["sectors"]),
        draw=partial(_drawing, row, agencies),
    )


def _member(m: dict[str, Any]) -> ConfigurationMember:
    agency, last = m["agency"], m["lastInteractionAt"]
    return ConfigurationMember(
        professional=ProfessionalRef(**m["professional"]),
        agency=AgencyRef(**agency) if agency else None,
        role=m["role"],
        since=date.fromisoformat(m["since"]),
        presence=Presence(m["presence"]),
        involvement_roles=tuple(m["involvementRoles"]),
        interaction_ids=tuple(m["interactionIds"]),
        last_interaction_at=datetime.fromisoformat(last) if last else None,
    )


def _drawing(row: dict[str, Any], agencies: tuple[AgencyRef, ...]) -> GraphView:
    drawing = row["drawing"]
    if drawing is None:
        raise RuntimeError("the configuration was read without its graph (with_graph=False)")
    return configuration_graph(
        row["familyId"],
        row["reference"],
        clients=[{**c, "from": c["since"]} for c in row["clients"]],
        professionals=[m["professional"] for m in row["members"]],
        agencies=agencies,
        jobs=[(j["professional"], j["agency"], j["from"], j["to"]) for j in drawing["employments"]],
        involvements=drawing["involvements"],
        participations=[
            {**part, "at": EPOCH + timedelta(microseconds=part["at"])}
            for part in drawing["participations"]
        ],
    )


def assemble_configuration(
    row: dict[str, Any], at: datetime, window_days: int
) -> FamilyConfiguration:
    """Members, lead, clients, agencies and sectors from the statement's row."""
    day = at.date()
    people = {p["id"]: p for p in row["professionals"]}
    involvements: dict[str, list[dict[str, Any]]] = {}
    for inv in row["involvements"]:
        involvements.setdefault(inv["professional"], []).append(inv)
    participations: dict[str, list[dict[str, Any]]] = {}
    for part in row["participations"]:
        participations.setdefault(part["professional"], []).append(part)

    members = []
    jobs_of: dict[str, EmploymentPeriod] = {}
    for pid in sorted(people):
        person = people[pid]
        job = employment_on(employments_of(person["employments"]), day)
        if job is not None:
            jobs_of[pid] = job
        allocations = sorted(
            involvements.get(pid, []),
            key=lambda inv: (ROLE_RANK.get(inv["role"], 99), inv["role"]),
        )
        events = sorted(
            participations.get(pid, []),
            key=lambda part: (instant_of(part["at"]), part["interaction"]),
        )
        starts = [to_date(inv["from"]) for inv in allocations] + [
            instant_of(part["at"]).date() for part in events
        ]
        since = min(s for s in starts if s is not None)
        if allocations and events:
            presence = Presence.BOTH
        elif allocations:
            presence = Presence.ALLOCATION
        else:
            presence = Presence.INTERACTION
        role = allocations[0]["role"] if allocations else events[-1]["role"]
        members.append(
            ConfigurationMember(
                professional=ProfessionalRef(
                    id=pid, name=person["name"], profession=person["profession"]
                ),
                agency=job.agency if job else None,
                role=role,
                since=since,
                presence=presence,
                involvement_roles=tuple(dict.fromkeys(inv["role"] for inv in allocations)),
                interaction_ids=tuple(dict.fromkeys(part["interaction"] for part in events)),
                last_interaction_at=to_instant(events[-1]["at"]) if events else None,
            )
        )
    lead = lead_on(row["involvements"], day)
    lead_member = next((m for m in members if lead and m.professional.id == lead[0]), None)

    clients = tuple(
        ClientRef(
            id=c["id"],
            name=c["name"],
            role=c["role"],
            relationship=c.get("relationship"),
            since=to_date(c.get("from")),
        )
        for c in sorted(row["clients"], key=lambda c: c["id"])
    )
    # The members' agencies: a second employer that is not a member's agency is not one.
    agencies = {m.agency.id: m.agency for m in members if m.agency}
    agency_list = tuple(sorted(agencies.values(), key=lambda a: a.id))
    return FamilyConfiguration(
        row["familyId"],
        row["reference"],
        at,
        window_days,
        tuple(members),
        lead_professional=lead_member,
        lead_since=lead[1] if lead else None,
        clients=clients,
        agencies=agency_list,
        sectors=tuple(sorted({a.sector for a in agency_list})),
        draw=partial(
            configuration_graph,
            row["familyId"],
            row["reference"],
            clients=sorted(row["clients"], key=lambda c: c["id"]),
            professionals=sorted(row["professionals"], key=lambda p: p["id"]),
            agencies=agency_list,
            jobs=[(pid, job.agency.id, job.start, job.end) for pid, job in sorted(jobs_of.items())],
            involvements=row["involvements"],
            participations=row["participations"],
        ),
    )


def configuration_graph(
    family_id: str,
    reference: str,
    *,
    clients: Iterable[Mapping[str, Any]],
    professionals: Iterable[Mapping[str, Any]],
    agencies: Iterable[AgencyRef],
    jobs: Iterable[tuple[str, str, Any, Any]],
    involvements: Iterable[Mapping[str, Any]],
    participations: Iterable[Mapping[str, Any]],
) -> GraphView:
    """The family, its clients (by id), the members (by id), their agencies, each member's
    employment (professional, agency, from, to), the allocations and the participations
    that count (drawn by interaction, then professional)."""
    graph = GraphView()
    graph.add_node(node_from_entity(family_id, "Family", {"reference": reference}))
    for c in clients:
        graph.add_node(node_from_entity(c["id"], "Client", {"name": c["name"], "role": c["role"]}))
        graph.add_edge(
            edge_from_relationship(
                "BELONGS_TO", c["id"], family_id,
                {"from": c.get("from"), "relationship": c.get("relationship")},
            )
        )  # fmt: skip
    for p in professionals:
        graph.add_node(
            node_from_entity(
                p["id"], "Professional", {"name": p["name"], "profession": p["profession"]}
            )
        )
    for a in agencies:
        graph.add_node(node_from_entity(a.id, "Agency", {"name": a.name, "sector": a.sector}))
    for pid, agency, start, end in jobs:
        graph.add_edge(
            edge_from_relationship("EMPLOYED_BY", pid, agency, {"from": start, "to": end})
        )
    for inv in involvements:
        graph.add_edge(
            edge_from_relationship(
                "INVOLVED_WITH", inv["professional"], family_id,
                {"role": inv["role"], "from": inv["from"], "to": inv.get("to")},
            )
        )  # fmt: skip
    for part in sorted(participations, key=lambda p: (p["interaction"], p["professional"])):
        graph.add_node(
            node_from_entity(
                part["interaction"], "Interaction", {"kind": part["kind"], "at": part["at"]}
            )
        )
        graph.add_edge(
            edge_from_relationship(
                "PARTICIPATED_IN", part["professional"], part["interaction"], {"role": part["role"]}
            )
        )
        graph.add_edge(edge_from_relationship("CONCERNS", part["interaction"], family_id, {}))
    return graph

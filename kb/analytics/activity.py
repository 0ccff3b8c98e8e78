"""How did the object of the work change? (DOMAIN question 10; the review's expansive learning)

The object of activity around a family is what people say the work is about: the
perspectives on the family and on its boundary objects. In a period (`after` inclusive,
`before` exclusive):

- **Perspectives** stated in the period, in time order, with their holder (a
  professional's profession and their agency's sector on the day; a client's role), what
  they are on, and which perspectives they revise (`REVISES`, from the newer to the older,
  which may lie before the period).
- **Revision structure** among the period's perspectives: threads (weakly connected
  parts of the revision graph), each with its roots (revising none of the period's), its
  depth (the longest chain of revisions), its branch points (perspectives revised by two
  or more), holders and sectors; and each revision with who revised whom and whether it
  crossed a sector line (both holders' sectors known and different). A revision that
  points to a later or simultaneous perspective is data out of order: it is listed, but
  ignored for depth.
- **Widening**, month by month from the first to the last month with a perspective: the
  cumulative distinct holders, professions, sectors and client voices (clients holding a
  perspective) that have stated or revised the object.
- **Tensions** about the family, its objects or its interactions that were open at some
  moment of the period (raised before its end, not resolved before its start), as they
  stood at the period's end: RESOLVED, or OPEN; days open (to the resolution, or for an
  open one to `before` when given, else null: an answer must not depend on the day it is
  asked); the parties (professionals under their sector on the day it was raised,
  agencies, clients). A resolved tension **led to a new view** when the object was revised
  (a perspective on the family or one of its objects that revises another) within
  `revision_window_days` (default 30) from its resolution, `[resolvedAt, resolvedAt +
  days)`, whether or not that falls in the period: the review reads tensions as tools for
  disagreement, and this is the trace of one that did its work.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import networkx as nx

from kb.analytics.errors import check_range
from kb.analytics.graph import GraphNode, GraphView, edge
from kb.analytics.one_read import OneRead
from kb.analytics.period import Period, days_between
from kb.analytics.reads import the_family_row
from kb.analytics.refs import Party, party_of
from kb.analytics.vocabulary import TensionStatus
from kb.storage.database import Database
from kb.storage.values import instant_of, to_date, to_instant

DEFAULT_REVISION_WINDOW_DAYS = 30
MAX_REVISION_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Subject:
    id: str
    type: str  # Family, BoundaryObject or Interaction


@dataclass(frozen=True)
class ObjectRef:
    id: str
    kind: str
    created_at: date | None
    title: str  # free text: the API shows it to STEWARD and above


@dataclass(frozen=True)
class PerspectiveEntry:
    id: str
    at: datetime
    statement: str  # free text: the API shows it to STEWARD and above
    on: Subject
    holder: Party | None
    revises: tuple[str, ...]
    revised_by: tuple[str, ...]  # among all the family's perspectives
    depth: int  # revisions in the longest chain ending here, within the period
    thread: int  # the number of its thread


@dataclass(frozen=True)
class Revision:
    newer: str
    older: str
    newer_holder: Party | None
    older_holder: Party | None
    days: float

    @property
    def crosses_sector(self) -> bool:
        a = self.newer_holder.sector if self.newer_holder else None
        b = self.older_holder.sector if self.older_holder else None
        return a is not None and b is not None and a != b

    @property
    def same_holder(self) -> bool:
        return (
            self.newer_holder is not None
            and self.older_holder is not None
            and self.newer_holder.id == self.older_holder.id
        )


@dataclass(frozen=True)
class Thread:
    number: int
    perspectives: tuple[str, ...]
    roots: tuple[str, ...]
    depth: int
    branch_points: tuple[str, ...]
    holders: tuple[str, ...]
    sectors: tuple[str, ...]
    cross_sector_revisions: int


@dataclass(frozen=True)
class Widening:
    month: str  # YYYY-MM
    perspectives: int  # stated that month
    revisions: int  # of them, revising another
    holders: int  # cumulative, distinct
    professions: int
    sectors: int
    client_voices: int


@dataclass(frozen=True)
class TensionEntry:
    id: str
    kind: str
    raised_at: datetime
    resolved_at: datetime | None
    status: TensionStatus
    days_open: float | None
    description: str  # free text
    resolution: str | None  # free text
    about: tuple[Subject, ...]
    parties: tuple[Party, ...]
    revisions_after: tuple[str, ...]  # revising perspectives within the window after resolution

    @property
    def party_sectors(self) -> tuple[str, ...]:
        return tuple(sorted({p.sector for p in self.parties if p.sector}))

    @property
    def led_to_revision(self) -> bool | None:
        return bool(self.revisions_after) if self.status is TensionStatus.RESOLVED else None


@dataclass(frozen=True)
class ObjectOfActivity:
    family_id: str
    reference: str
    period: Period
    revision_window_days: int
    objects: tuple[ObjectRef, ...]
    perspectives: tuple[PerspectiveEntry, ...]
    revisions: tuple[Revision, ...]
    threads: tuple[Thread, ...]
    widening: tuple[Widening, ...]
    tensions: tuple[TensionEntry, ...]
    graph: GraphView


def object_of_activity(
    db: Database,
    family_id: str,
    after: datetime | None = None,
    before: datetime | None = None,
    revision_window_days: int = DEFAULT_REVISION_WINDOW_DAYS,
) -> ObjectOfActivity:
    """The family's object of activity in the period, from one read."""
    return object_of_activity_read(family_id, after, before, revision_window_days).run(db)


def object_of_activity_read(
    family_id: str,
    after: datetime | None = None,
    before: datetime | None = None,
    revision_window_days: int = DEFAULT_REVISION_WINDOW_DAYS,
) -> OneRead[ObjectOfActivity]:
    """`object_of_activity` as a read either door runs (the API's: `run_async`)."""
    check_range("revisionWindowDays", revision_window_days, 0, MAX_REVISION_WINDOW_DAYS)
    period = Period.of(after, before)
    return OneRead(
        "analytics/object_of_activity",
        {"familyId": family_id},
        lambda rows: build_object(the_family_row(rows, family_id), period, revision_window_days),
    )


def build_object(row: dict[str, Any], period: Period, window_days: int) -> ObjectOfActivity:
    every = {p["id"]: p for p in row["perspectives"]}
    at = {pid: instant_of(p["at"]) for pid, p in every.items()}
    holder = {pid: party_of(p["holder"]) if p["holder"] else None for pid, p in every.items()}
    revised_by: dict[str, list[str]] = defaultdict(list)
    for pid, p in every.items():
        for older in p["revises"]:
            revised_by[older].append(pid)
    stated = sorted((pid for pid in every if period.contains(at[pid])), key=lambda x: (at[x], x))
    inside = set(stated)

    revision_graph: nx.DiGraph[str] = nx.DiGraph()
    revision_graph.add_nodes_from(stated)
    revisions = []
    for pid in stated:
        for older in every[pid]["revises"]:
            if older in inside:
                revision_graph.add_edge(pid, older)
            if older in every:
                revisions.append(
                    Revision(
                        newer=pid,
                        older=older,
                        newer_holder=holder[pid],
                        older_holder=holder[older],
                        days=days_between(at[older], at[pid]),
                    )
                )

    depth: dict[str, int] = {}
    for pid in stated:  # in time order, so what it revises has its depth already
        earlier = [
            depth[o]
            for o in revision_graph.successors(pid)
            if o in depth and (at[o], o) < (at[pid], pid)
        ]
        depth[pid] = 1 + max(earlier) if earlier else 0

    threads: list[Thread] = []
    thread_of: dict[str, int] = {}
    parts = sorted(
        (
            sorted(part, key=lambda x: (at[x], x))
            for part in nx.weakly_connected_components(revision_graph)
        ),
        key=lambda part: (at[part[0]], part[0]),
    )
    for number, part in enumerate(parts, start=1):
        members = set(part)
        for pid in part:
            thread_of[pid] = number
        inner = [r for r in revisions if r.newer in members and r.older in members]
        threads.append(
            Thread(
                number=number,
                perspectives=tuple(part),
                roots=tuple(p for p in part if not set(every[p]["revises"]) & members),
                depth=max(depth[p] for p in part),
                branch_points=tuple(p for p in part if len(set(revised_by[p]) & members) >= 2),
                holders=tuple(sorted({h.id for p in part if (h := holder[p])})),
                sectors=tuple(sorted({h.sector for p in part if (h := holder[p]) and h.sector})),
                cross_sector_revisions=sum(1 for r in inner if r.crosses_sector),
            )
        )

    perspectives = tuple(
        PerspectiveEntry(
            id=pid,
            at=at[pid],
            statement=every[pid]["statement"],
            on=Subject(every[pid]["on"], every[pid]["onType"]),
            holder=holder[pid],
            revises=tuple(every[pid]["revises"]),
            revised_by=tuple(sorted(revised_by[pid], key=lambda x: (at[x], x))),
            depth=depth[pid],
            thread=thread_of[pid],
        )
        for pid in stated
    )
    revising = sorted((pid for pid, p in every.items() if p["revises"]), key=lambda x: (at[x], x))
    tensions = tuple(
        _tension(t, period, window_days, revising, at)
        for t in sorted(row["tensions"], key=lambda t: (instant_of(t["raisedAt"]), t["id"]))
        if _open_during(t, period)
    )
    objects = tuple(
        ObjectRef(o["id"], o["kind"], to_date(o.get("createdAt")), o["title"])
        for o in sorted(row["objects"], key=lambda o: o["id"])
    )
    return ObjectOfActivity(
        family_id=row["familyId"],
        reference=row["reference"],
        period=period,
        revision_window_days=window_days,
        objects=objects,
        perspectives=perspectives,
        revisions=tuple(revisions),
        threads=tuple(threads),
        widening=_widening(perspectives),
        tensions=tensions,
        graph=_activity_graph(row, objects, perspectives, tensions),
    )


def _open_during(tension: dict[str, Any], period: Period) -> bool:
    """Open at some instant of the period: raised before its end, not resolved before its start."""
    raised = instant_of(tension["raisedAt"])
    resolved = to_instant(tension.get("resolvedAt"))
    return (
        not period.empty and raised < period.end and (resolved is None or resolved >= period.start)
    )


def _tension(
    row: dict[str, Any],
    period: Period,
    window_days: int,
    revising: list[str],
    at: dict[str, datetime],
) -> TensionEntry:
    raised = instant_of(row["raisedAt"])
    resolved = to_instant(row.get("resolvedAt"))
    days: float | None
    if resolved is not None and resolved < period.end:
        status, days = TensionStatus.RESOLVED, days_between(raised, resolved)
        until = resolved + timedelta(days=window_days)
        after = tuple(p for p in revising if resolved <= at[p] < until)
    else:
        status, after = TensionStatus.OPEN, ()
        days = days_between(raised, period.before) if period.before is not None else None
    return TensionEntry(
        id=row["id"],
        kind=row["kind"],
        raised_at=raised,
        resolved_at=resolved if status is TensionStatus.RESOLVED else None,
        status=status,
        days_open=days,
        description=row["description"],
        resolution=row.get("resolution") if status is TensionStatus.RESOLVED else None,
        about=tuple(
            Subject(s["id"], s["type"]) for s in sorted(row["about"], key=lambda s: s["id"])
        ),
        parties=tuple(party_of(p) for p in row["parties"]),
        revisions_after=after,
    )


def _widening(perspectives: tuple[PerspectiveEntry, ...]) -> tuple[Widening, ...]:
    """Month by month, the cumulative distinct voices that stated or revised the object."""
    if not perspectives:
        return ()
    first, last = perspectives[0].at, perspectives[-1].at
    holders: set[str] = set()
    professions: set[str] = set()
    sectors: set[str] = set()
    clients: set[str] = set()
    series = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        these = [p for p in perspectives if (p.at.year, p.at.month) == (year, month)]
        for p in these:
            if p.holder is None:
                continue
            holders.add(p.holder.id)
            if p.holder.type == "Client":
                clients.add(p.holder.id)
            if p.holder.profession:
                professions.add(p.holder.profession)
            if p.holder.sector:
                sectors.add(p.holder.sector)
        series.append(
            Widening(
                month=f"{year:04d}-{month:02d}",
                perspectives=len(these),
                revisions=sum(1 for p in these if p.revises),
                holders=len(holders),
                professions=len(professions),
                sectors=len(sectors),
                client_voices=len(clients),
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(series)


def _activity_graph(
    row: dict[str, Any],
    objects: tuple[ObjectRef, ...],
    perspectives: tuple[PerspectiveEntry, ...],
    tensions: tuple[TensionEntry, ...],
) -> GraphView:
    """The family and its objects, the period's perspectives (HOLDS, ON, REVISES) and the
    tensions (ABOUT, BETWEEN). No free text: perspectives are drawn by id, objects by kind."""
    graph = GraphView()
    family = row["familyId"]
    graph.add_node(GraphNode(family, "Family", row["reference"], {"reference": row["reference"]}))
    for o in objects:
        created = o.created_at.isoformat() if o.created_at else None
        graph.add_node(
            GraphNode(o.id, "BoundaryObject", o.kind, {"kind": o.kind, "createdAt": created})
        )
        graph.add_edge(edge("CONCERNS", o.id, family))

    def add_party(p: Party) -> None:
        shown: dict[str, Any] = {
            "profession": p.profession, "sector": p.sector, "role": p.client_role,
        }  # fmt: skip
        label = p.profession or p.client_role or p.sector or p.id
        graph.add_node(
            GraphNode(p.id, p.type, label, {k: v for k, v in shown.items() if v is not None})
        )

    shown = {p.id for p in perspectives}
    for p in perspectives:
        graph.add_node(
            GraphNode(
                p.id,
                "Perspective",
                p.id,
                {"at": p.at.isoformat().replace("+00:00", "Z"), "depth": p.depth},
            )
        )
        if p.holder:
            add_party(p.holder)
            graph.add_edge(edge("HOLDS", p.holder.id, p.id))
        graph.add_edge(edge("ON", p.id, p.on.id))
    for p in perspectives:
        for older in p.revises:
            if older in shown:
                graph.add_edge(edge("REVISES", p.id, older))
    for t in tensions:
        graph.add_node(
            GraphNode(t.id, "Tension", t.kind, {"kind": t.kind, "status": t.status.value})
        )
        for s in t.about:
            if s.type == "Interaction":
                graph.add_node(GraphNode(s.id, "Interaction", s.id, {}))
            graph.add_edge(edge("ABOUT", t.id, s.id))
        for party in t.parties:
            add_party(party)
            graph.add_edge(edge("BETWEEN", t.id, party.id))
    return graph

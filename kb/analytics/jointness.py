"""Interagency, multiagency or single agency? (DOMAIN question 4)

In a period, the agencies involved with a family are those of its allocations
(`INVOLVED_WITH`: the `onBehalfOf` agency, else the professional's employer on
the allocation's first day in the period) and those of the professionals who
took part in interactions about it. Jointness is the share of pairs of these
agencies that shared at least one interaction or boundary object about the
family in the period (the AGENCY collaboration network). No joint work with
several agencies involved is multiagency; any joint work is interagency; one
agency is single agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from kb.analytics.network import network_graph
from kb.analytics.period import Period
from kb.analytics.reads import family_row
from kb.analytics.refs import agency_on, employments_of
from kb.analytics.vocabulary import NetworkLevel, WorkingMode
from kb.storage.database import Database
from kb.storage.values import to_date


@dataclass(frozen=True)
class Jointness:
    family_id: str
    agencies: tuple[str, ...]
    joint_pairs: tuple[tuple[str, str], ...]
    pairs: int
    jointness: float | None
    mode: WorkingMode


def jointness(
    db: Database, family_id: str, after: datetime | None = None, before: datetime | None = None
) -> Jointness:
    """Jointness of the agencies around a family in a period, from one read."""
    period = Period.of(after, before)
    row = family_row(
        db,
        "analytics/collaboration_network_family",
        family_id,
        {"level": NetworkLevel.AGENCY.value} | period.parameters(),
    )
    graph, ties = network_graph(row["nodes"], row["edges"])
    agencies = {node.id for node in graph.nodes}
    for involvement in row["involvements"]:
        agency = involvement.get("onBehalfOf") or _employer(involvement, period)
        if agency:
            agencies.add(agency)
    ordered = tuple(sorted(agencies))
    joint = tuple(
        (t.source, t.target) for t in ties if t.source in agencies and t.target in agencies
    )
    pairs = len(list(combinations(ordered, 2)))
    share = len(joint) / pairs if pairs else None
    if not ordered:
        mode = WorkingMode.NONE
    elif len(ordered) == 1:
        mode = WorkingMode.SINGLE_AGENCY
    elif joint:
        mode = WorkingMode.INTERAGENCY
    else:
        mode = WorkingMode.MULTIAGENCY
    return Jointness(family_id, ordered, joint, pairs, share, mode)


def _employer(involvement: dict[str, Any], period: Period) -> str | None:
    """The professional's employer on the allocation's first day in the period."""
    start = to_date(involvement["from"])
    assert start is not None
    employer = agency_on(employments_of(involvement["employments"]), period.first_day_of(start))
    return employer.id if employer else None

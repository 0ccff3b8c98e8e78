"""The analytics on the seed's planted stories (seed/README.md, seed/stories.json).

Expectations come from the seed's CSV rows and stories, recomputed here with
plain Python and networkx, never from the analytics code.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import networkx as nx

from kb.analytics.configuration import family_configuration
from kb.analytics.network import NetworkLevel, collaboration_network
from kb.analytics.paths import PathQuery, boundary_crossing_paths
from kb.analytics.timeline import configuration_timeline
from kb.storage.database import Database
from kb.storage.values import to_instant
from tests.analytics_support import lead_on_day, members_on_day, parse_date, rows
from tests.dataset_rows import SEED


def story(letter: str) -> dict[str, Any]:
    stories: list[dict[str, Any]] = json.loads((SEED / "stories.json").read_text())
    return next(s for s in stories if s["story"] == letter)


# -- independent recomputations from the CSV rows ----------------------------------


def sector_on(professional: str, day: date) -> str | None:
    sectors = {a["id"]: a["sector"] for a in rows(SEED, "agencies")}
    current = [
        (parse_date(j["from"]), j["target"])
        for j in rows(SEED, "employed_by")
        if j["source"] == professional
        and (parse_date(j["from"]) or date.min) <= day
        and (not j["to"] or day <= (parse_date(j["to"]) or date.max))
    ]
    return sectors[max(current)[1]] if current else None


def hop_graph(dataset: Path) -> nx.Graph:
    """Professionals and objects, joined once per interaction they share (>= 1 professional)."""
    people = {p["id"] for p in rows(dataset, "professionals")}
    sides: dict[str, set[str]] = {}
    for part in rows(dataset, "participated_in"):
        if part["source"] in people:
            sides.setdefault(part["target"], set()).add(part["source"])
    for work in rows(dataset, "worked_on"):
        sides.setdefault(work["source"], set()).add(work["target"])
    g = nx.Graph()
    for members in sides.values():
        for x, y in itertools.combinations(sorted(members), 2):
            if x in people or y in people:
                g.add_edge(x, y)
    return g


# -- (f) the lead professional handover ----------------------------------------------


def test_handover_shows_in_configuration_and_timeline(seeded: Database) -> None:
    f = story("f")
    last, first = date.fromisoformat(f["fromLastDay"]), date.fromisoformat(f["toFirstDay"])
    before = family_configuration(
        seeded, f["family"], datetime.combine(last, datetime.min.time(), UTC), 30
    )
    after = family_configuration(
        seeded, f["family"], datetime.combine(first, datetime.min.time(), UTC), 30
    )
    assert (
        before.lead_professional is not None
        and before.lead_professional.professional.id == f["from"]
    )
    assert (
        after.lead_professional is not None and after.lead_professional.professional.id == f["to"]
    )
    # The lead's allocation start, not their earliest presence (a joint visit came first).
    lead_starts = {
        r["source"]: parse_date(r["from"])
        for r in rows(SEED, "involved_with")
        if r["target"] == f["family"] and r["role"] == "LEAD_PROFESSIONAL"
    }
    assert before.lead_since == lead_starts[f["from"]]
    assert after.lead_since == lead_starts[f["to"]] == first
    assert after.lead_professional.since < first  # the joint home visit before the handover

    start, end = last - timedelta(days=30), first + timedelta(days=30)
    for window in (0, 30):
        t = configuration_timeline(seeded, f["family"], start, end, window)
        got = [(t.initial.day, frozenset(t.initial.members), t.initial.lead)] + [
            (c.day, frozenset(c.members), c.lead) for c in t.changes
        ]

        def on(day: date, window: int = window) -> tuple[frozenset[str], str | None]:
            return members_on_day(SEED, f["family"], day, window), lead_on_day(
                SEED, f["family"], day
            )

        expected = [(start, *on(start))]
        day = start + timedelta(days=1)
        while day <= end:
            if on(day) != expected[-1][1:]:
                expected.append((day, *on(day)))
            day += timedelta(days=1)
        assert got == expected
        # The handover is a change, whether or not the members change with it.
        assert (first, *on(first)) in expected and on(first)[1] == f["to"]


# -- (c) the case that travelled education -> social care -> CAMHS --------------------


def test_travelled_case_path_crosses_sectors(seeded: Database) -> None:
    c = story("c")
    school_referrer, camhs_clinician = (
        "pro-004",
        "pro-038",
    )  # int-cedar-012's referrer; CAMHS at fam-cedar
    shortest = nx.shortest_path_length(hop_graph(SEED), school_referrer, camhs_clinician)
    plain = boundary_crossing_paths(seeded, PathQuery(school_referrer, camhs_clinician, 6, 5))
    assert plain.paths and plain.paths[0].hops == shortest

    result = boundary_crossing_paths(
        seeded,
        PathQuery(
            school_referrer,
            camhs_clinician,
            6,
            5,
            after=datetime.fromisoformat(c["schoolInvolvedFrom"]).replace(tzinfo=UTC),
            time_respecting=True,
        ),
    )
    assert result.paths
    for path in result.paths:
        times = [to_instant(n.properties["at"]) for n in path.nodes if n.type == "Interaction"]
        assert times == sorted(times)  # type: ignore[type-var]
        # Recompute the crossings of the returned path from the employment rows.
        expected = []
        people = [(k, n) for k, n in enumerate(path.nodes) if n.type == "Professional"]
        for (k1, left), (k2, right) in itertools.pairwise(people):
            events = [n for n in path.nodes[k1 + 1 : k2] if n.type == "Interaction"]
            first_day = to_instant(events[0].properties["at"]).date()  # type: ignore[union-attr]
            last_day = to_instant(events[-1].properties["at"]).date()  # type: ignore[union-attr]
            a, b = sector_on(left.id, first_day), sector_on(right.id, last_day)
            if a and b and a != b:
                expected.append((a, b))
        assert [(x.from_sector, x.to_sector) for x in path.crossings] == expected
        assert path.crossings[0].from_sector == "EDUCATION"
        assert path.crossings[-1].to_sector == "MENTAL_HEALTH"


# -- (e) the EHCP worked on by four sectors; (a) multiagency then interagency ---------


def test_ehcp_joins_four_sectors(seeded: Database) -> None:
    e = story("e")
    network = collaboration_network(seeded, NetworkLevel.SECTOR, e["family"])
    objects = {(t.source, t.target): t.objects for t in network.ties}
    for a, b in itertools.combinations(sorted(e["sectors"]), 2):
        assert objects.get((f"sector:{a}", f"sector:{b}"), 0) >= 1, (a, b)


def test_multiagency_then_interagency(seeded: Database) -> None:
    a = story("a")
    agencies = set(a["agencies"])

    def joint_pairs(start: str, end: str) -> set[tuple[str, str]]:
        network = collaboration_network(
            seeded,
            NetworkLevel.AGENCY,
            a["family"],
            datetime.fromisoformat(start).replace(tzinfo=UTC),
            datetime.fromisoformat(end).replace(tzinfo=UTC)
            + timedelta(days=1)
            - timedelta(microseconds=1),
        )
        return {(t.source, t.target) for t in network.ties if {t.source, t.target} <= agencies}

    assert joint_pairs(a["multiagencyFrom"], a["multiagencyTo"]) == set()
    assert joint_pairs(a["interagencyFrom"], a["interagencyTo"]) == set(
        itertools.combinations(sorted(agencies), 2)
    )


# -- (d) the broker --------------------------------------------------------------------


def test_broker_is_the_only_tie_between_its_contacts(seeded: Database) -> None:
    d = story("d")
    network = collaboration_network(seeded, NetworkLevel.PROFESSIONAL)
    # The story is about interactions; shared objects (the family's plan) may join contacts.
    ties = {(t.source, t.target) for t in network.ties if t.interactions > 0}
    contacts = sorted(d["contacts"])
    for contact in contacts:
        assert tuple(sorted((d["broker"], contact))) in ties
    for pair in itertools.combinations(contacts, 2):
        assert pair not in ties

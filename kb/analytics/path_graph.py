"""The path search's view of Neo4j: its hops, layers and endpoints as fixed
statements (`cypher/analytics/paths/`), all run in the caller's one read
transaction, so the search sees one state of the graph however many round trips
it takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kb.analytics.path_search import Endpoint, FamilyWork, Frontier, Step
from kb.analytics.period import Period
from kb.analytics.vocabulary import EndpointKind
from kb.storage.database import Database, Row
from kb.storage.values import to_date
from neo4j import ManagedTransaction


class Neo4jHops:
    """A `HopGraph` over one read transaction, limited to one period."""

    def __init__(self, db: Database, tx: ManagedTransaction, period: Period) -> None:
        self.db = db
        self.tx = tx
        self.period = period
        self.params: dict[str, Any] = {
            **period.parameters(),
            # No bound at either end: the statements skip reading interaction times.
            "open": period.after is None and period.before is None,
        }

    def read(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        return self.db.run_named(self.tx, f"analytics/paths/{name}", {**self.params, **params})

    def layer(self, frontier: Frontier, forward: bool, timed: bool) -> Frontier:
        professionals = [{"id": n, "at": t} for n, (pro, t) in frontier.items() if pro]
        objects = [{"id": n, "at": t} for n, (pro, t) in frontier.items() if not pro]
        rows = self.read(
            "layer",
            {
                "professionals": professionals,
                "objects": objects,
                "forward": forward,
                "timed": timed,
            },
        )
        return {node: (bool(pro), at) for node, pro, at in rows[0]["reached"]}

    def steps(self, nodes: Mapping[str, bool]) -> dict[str, list[Step]]:
        rows = self.read(
            "steps",
            {
                "professionals": [n for n, pro in nodes.items() if pro],
                "objects": [n for n, pro in nodes.items() if not pro],
            },
        )
        return {
            row["node"]: [
                Step(interaction, int(at), node, bool(pro))
                for interaction, at, node, pro in row["steps"]
            ]
            for row in rows
        }

    def endpoint(self, kind: EndpointKind, entity: str) -> Endpoint:
        if kind is EndpointKind.PROFESSIONAL:
            return Endpoint(kind, entity)
        if kind is EndpointKind.AGENCY:
            rows = self.read("agency_endpoint", {"id": entity})
            employments = {}
            for row in rows:
                periods = []
                for start, end in row["periods"]:
                    first = to_date(start)
                    assert first is not None
                    periods.append((first, to_date(end)))
                employments[row["professional"]] = tuple(
                    sorted(periods, key=lambda p: (p[0], p[1] or date.max))
                )
            return Endpoint(kind, entity, employments=employments)
        (row,) = self.read("family_endpoint", {"id": entity})
        work = tuple(
            FamilyWork(interaction, int(at), tuple(sorted(people)))
            for interaction, at, people in sorted(row["work"], key=lambda w: w[0])
        )
        return Endpoint(kind, entity, work=work, objects=tuple(sorted(row["objects"])))

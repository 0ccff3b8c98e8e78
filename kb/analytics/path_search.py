"""The boundary-crossing path search (DOMAIN question 5), over any `HopGraph`.

A *node* is a professional or a boundary object, named by its id (ids are unique
across labels). A *hop* passes through one interaction from one node to another
that takes part in it (a professional) or that it worked on (an object), never
object to object. Endpoints: a professional; an agency (its professional
employed there on the day of the path's first, or last, interaction); a family
(reached through an interaction about it, as the last hop from a professional,
or through an object about it, at no hop).

The answer is the first `limit` simple paths (no node or interaction twice) of at
most `max_hops` hops, in the order (hops, number of nodes, the nodes' ids), with
interaction times never decreasing from source to target when `timed`. It is
found in two steps:

1. Distances. A breadth-first search from both ends, one layer per round trip,
   the side with the smaller frontier first, over walks (nodes may repeat). When
   `timed` it is an earliest-arrival search forwards and a latest-departure search
   backwards (Wu et al., "Path Problems in Temporal Graphs", VLDB 2014): each node
   keeps its best time for each number of hops that improves it. The two sides
   meeting at a node whose earliest arrival is no later than its latest departure
   give the shortest walk; a side that runs out, or depths adding up to `max_hops`
   with no meeting, prove that no path exists. An agency enters relaxed (every
   professional it employs, times bounded by the employment), so distances stay
   lower bounds and "no path" stays a proof.
2. Paths by increasing length. For each length L from the shortest walk up to
   `max_hops`, a depth-first search from the source takes steps in id order, so
   it meets the paths of that length in their final order; each node's steps are
   fetched once (a few nodes per round trip). A step is skipped when the backward
   search shows the node is further from the target than the hops left, or is
   reached too late to leave in time. The search stops at the first length that
   fills `limit` (or, when asked, once the shortest paths are counted).

No store order reaches the answer: every choice is by ids and times.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from kb.analytics.errors import SearchTooBroad
from kb.analytics.vocabulary import EndpointKind

# Shortest paths are counted up to this many (an answer of this many means "at least").
COUNT_CAP = 1000
# Nodes whose steps one round trip fetches, at most.
STEP_BATCH = 8


@dataclass(frozen=True)
class Step:
    """One hop from a node: through `interaction` (at `at`) to `node`."""

    interaction: str
    at: int  # microseconds since the epoch (UTC): cheap to read and compare
    node: str
    professional: bool


@dataclass(frozen=True)
class FamilyWork:
    """An interaction about a family endpoint, in the period, and its professionals."""

    interaction: str
    at: int  # microseconds since the epoch
    professionals: tuple[str, ...]


@dataclass(frozen=True)
class Endpoint:
    """One end of the search, with what the search needs to enter or leave it."""

    kind: EndpointKind
    id: str
    # AGENCY: each employee's periods there (inclusive days; None = still employed).
    employments: Mapping[str, tuple[tuple[date, date | None], ...]] = field(default_factory=dict)
    # FAMILY: the interactions about it (in the period) and the objects about it.
    work: tuple[FamilyWork, ...] = ()
    objects: tuple[str, ...] = ()

    def employs_on(self, professional: str, day: date) -> bool:
        return any(
            start <= day and (end is None or day <= end)
            for start, end in self.employments.get(professional, ())
        )


Frontier = Mapping[str, tuple[bool, int | None]]
# The hops into a target by the node they leave: (interaction, time, the ids they add).
LastHops = dict[str, list[tuple[str, int, tuple[str, ...]]]]


class HopGraph(Protocol):
    """The hops of the graph in the search's period (Neo4j, or a fixture in tests)."""

    def layer(self, frontier: Frontier, forward: bool, timed: bool) -> Frontier:
        """Every node one hop from the frontier (node -> (professional?, time)).

        With `timed`, only through interactions no earlier (forward) or no later
        (backward) than the frontier node's time (None: any), and each node reached
        comes with the earliest (forward) or latest (backward) of them; else None.
        """
        ...

    def steps(self, nodes: Mapping[str, bool]) -> dict[str, list[Step]]:
        """Every hop from each node (node -> professional?)."""
        ...


@dataclass(frozen=True)
class SearchOutcome:
    paths: tuple[tuple[str, ...], ...]  # node ids from source to target
    shortest_hops: int | None
    shortest_count: int | None  # None unless asked for


@dataclass
class Side:
    """One direction of the breadth-first search."""

    forward: bool
    timed: bool
    professional: dict[str, bool]
    # Per node, (hops, time) for every number of hops that improved its time.
    best: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    # Per seed (a node at 0 hops), the same for its arrivals by at least one hop: a walk
    # between two agencies that employ one professional can start or end there, but not
    # both (no path has 0 hops).
    again: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    frontier: dict[str, int | None] = field(default_factory=dict)
    pending: dict[str, int | None] = field(default_factory=dict)  # entries at depth 1
    depth: int = 0
    exhausted: bool = False

    def better(self, new: int | None, old: int | None) -> bool:
        """Whether `new` is strictly better: earlier forwards, later backwards (None: best)."""
        if not self.timed or old is None:
            return False
        if new is None:
            return True
        return new < old if self.forward else new > old

    def add(self, node: str, hops: int, at: int | None) -> bool:
        return self._add(self.best, node, hops, at)

    def _add(
        self,
        table: dict[str, list[tuple[int, int | None]]],
        node: str,
        hops: int,
        at: int | None,
    ) -> bool:
        entries = table.setdefault(node, [])
        if entries and not self.better(at, entries[-1][1]):
            return False
        if entries and entries[-1][0] == hops:
            entries[-1] = (hops, at)
        else:
            entries.append((hops, at))
        return True

    def seed(self, hops: int, node: str, professional: bool, at: int | None) -> None:
        self.professional[node] = professional
        if self.add(node, hops, at):
            if hops == 0:
                self.frontier[node] = self.best[node][-1][1]
            else:
                self.pending[node] = self.best[node][-1][1]

    @property
    def size(self) -> int:
        return len(self.frontier) + len(self.pending)

    def expand(self, graph: HopGraph) -> None:
        reached = (
            graph.layer(
                {n: (self.professional[n], t) for n, t in self.frontier.items()},
                self.forward,
                self.timed,
            )
            if self.frontier
            else {}
        )
        self.absorb(reached)

    def layer_from(self, steps: Mapping[str, list[Step]]) -> Frontier:
        """The next layer computed from the frontier's own steps (as `HopGraph.layer`)."""
        reached: dict[str, tuple[bool, int | None]] = {}
        for node, bound in self.frontier.items():
            for step in steps[node]:
                if self.timed and bound is not None and self.better(step.at, bound):
                    continue  # the hop leaves before the node is reached (forward), or after
                at = step.at if self.timed else None
                old = reached.get(step.node)
                if old is None or self.better(at, old[1]):
                    reached[step.node] = (step.professional, at)
        return reached

    def absorb(self, reached: Frontier) -> None:
        """Record one more layer: what improved becomes the frontier."""
        depth = self.depth + 1
        improved: dict[str, int | None] = {}
        for node, (professional, at) in reached.items():
            self.professional[node] = professional
            seed = node in self.best and self.best[node][0][0] == 0
            if seed:
                self._add(self.again, node, depth, at)
            if self.add(node, depth, at):
                improved[node] = at
        for node in self.pending:
            improved[node] = self.best[node][-1][1]
        self.pending = {}
        self.frontier = improved
        self.depth = depth
        self.exhausted = not improved

    def hops_left(self, node: str, at: int | None) -> float:
        """Fewest hops from `node` to this side's end, leaving at `at` (a lower bound)."""
        for hops, bound in self.best.get(node, ()):
            if not self.timed or at is None or bound is None or at <= bound:
                return hops
        return float("inf") if self.exhausted else self.depth + 1


def fits(arrival: int | None, departure: int | None) -> bool:
    return arrival is None or departure is None or arrival <= departure


def meet(forward: Side, backward: Side) -> int | None:
    """The shortest walk (at least one hop) the two sides prove, or None."""
    shortest: int | None = None
    for node in forward.best.keys() & backward.best.keys():
        for f, arrival in forward.best[node] + forward.again.get(node, []):
            for g, departure in backward.best[node] + backward.again.get(node, []):
                if (
                    f + g >= 1
                    and fits(arrival, departure)
                    and (shortest is None or f + g < shortest)
                ):
                    shortest = f + g
    return shortest


def start_side(end: Endpoint, forward: bool, timed: bool) -> Side:
    side = Side(forward, timed, {})
    if end.kind is EndpointKind.PROFESSIONAL:
        side.seed(0, end.id, True, None)
    elif end.kind is EndpointKind.AGENCY:
        for person, periods in sorted(end.employments.items()):
            side.seed(0, person, True, _employment_bound(periods, forward) if timed else None)
    else:
        for obj in end.objects:
            side.seed(0, obj, False, None)
        for work in end.work:
            for person in work.professionals:
                side.seed(1, person, True, work.at if timed else None)
    return side


def _employment_bound(periods: Sequence[tuple[date, date | None]], forward: bool) -> int | None:
    """The earliest instant a first hop can take (forward), or a bound on the latest a
    last one can (backward: the midnight after the last day; None while employed)."""
    if forward:
        return micros(min(start for start, _ in periods))
    ends = [end for _, end in periods]
    if any(end is None for end in ends) or max(e for e in ends if e) >= date.max:
        return None
    return micros(max(e for e in ends if e) + timedelta(days=1))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(moment: datetime | date) -> int:
    """Microseconds since the epoch of an instant, or of a day's first instant."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return (moment - EPOCH) // timedelta(microseconds=1)


def day_of(at: int) -> date:
    return (EPOCH + timedelta(microseconds=at)).date()


class PathSearch:
    """One search: the two sides, the fetched steps, and the depth-first search."""

    def __init__(
        self,
        graph: HopGraph,
        source: Endpoint,
        target: Endpoint,
        max_hops: int,
        timed: bool,
        deadline: float,
        now: Callable[[], float] = clock.monotonic,
        apart: Callable[[], bool] | None = None,
    ) -> None:
        self.graph = graph
        self.source = source
        self.target = target
        self.max_hops = max_hops
        self.timed = timed
        self.deadline = deadline
        self.now = now
        # A cheaper proof that the two ends are not joined at all, asked once the first
        # layers have not met (when they meet, the ends are near and it is not needed).
        self.apart = apart
        self.forward = start_side(source, True, timed)
        self.backward = start_side(target, False, timed)
        self.professional = {**self.forward.professional, **self.backward.professional}
        self.cache: dict[str, list[Step]] = {}
        self.arrivals: dict[bool, LastHops | None] = {}
        self.family_work: dict[str, list[FamilyWork]] = {}
        for work in target.work:
            for person in work.professionals:
                self.family_work.setdefault(person, []).append(work)
        self.family_objects = frozenset(target.objects)

    # -- 1. distances ---------------------------------------------------------------

    def shortest_walk(self) -> int | None:
        while True:
            self.check_time()
            found = meet(self.forward, self.backward)
            if found is not None:
                return found if found <= self.max_hops else None
            if self.forward.exhausted or self.backward.exhausted:
                return None
            if self.forward.depth + self.backward.depth >= self.max_hops:
                return None
            if self.apart is not None and min(self.forward.depth, self.backward.depth) >= 1:
                if self.apart():
                    return None
                self.apart = None
            side = self.forward if self.forward.size <= self.backward.size else self.backward
            self.expand(side)

    def expand(self, side: Side) -> None:
        """One more layer of `side`: from the frontier's steps when it is a few nodes (they
        are fetched once and the depth-first search needs them too), else one layer read."""
        self.professional.update(side.professional)
        if 0 < len(side.frontier) <= STEP_BATCH:
            missing = [n for n in side.frontier if n not in self.cache]
            if missing:
                self.fetch(missing)
            side.absorb(side.layer_from({n: self.cache[n] for n in side.frontier}))
        else:
            side.expand(self.graph)
        self.professional.update(side.professional)

    def prune_to(self, hops: int) -> None:
        """Search backwards deep enough that every step after the first is pruned exactly."""
        while not self.backward.exhausted and self.backward.depth < hops - 1:
            self.check_time()
            self.expand(self.backward)

    # -- 2. paths ---------------------------------------------------------------------

    def run(self, limit: int, count_shortest: bool) -> SearchOutcome:
        walk = self.shortest_walk()
        if walk is None:
            return SearchOutcome((), None, 0 if count_shortest else None)
        found: list[tuple[str, ...]] = []
        shortest: int | None = None
        counted = 0
        for hops in range(walk, self.max_hops + 1):
            self.prune_to(hops)
            for path in self.paths_of(hops):
                if shortest is None:
                    shortest = hops
                if hops == shortest:
                    counted += 1
                if len(found) < limit:
                    found.append(path)
                if len(found) >= limit and (
                    not count_shortest or hops != shortest or counted >= COUNT_CAP
                ):
                    break
            if shortest is not None and len(found) >= limit:
                break
        return SearchOutcome(
            tuple(found),
            shortest,
            (counted if shortest is not None else 0) if count_shortest else None,
        )

    def paths_of(self, hops: int) -> Iterator[tuple[str, ...]]:
        """Every path of exactly `hops` hops, in order: fewer nodes first, then by ids."""
        if self.source.kind is EndpointKind.FAMILY or self.target.kind is EndpointKind.FAMILY:
            yield from self.walk(hops, through_interaction=True)  # one node fewer
            yield from self.walk(hops, through_interaction=False)
        else:
            yield from self.walk(hops, through_interaction=True)

    def walk(self, hops: int, through_interaction: bool) -> Iterator[tuple[str, ...]]:
        """The depth-first search for one length and one way of reaching a family."""
        source = self.source
        if source.kind is EndpointKind.PROFESSIONAL:
            yield from self.extend(
                hops, through_interaction, [source.id], {source.id}, 0, None, source.id
            )
            return
        if source.kind is EndpointKind.AGENCY:
            for person in sorted(source.employments):
                if self.hops_left(person, None) <= hops:
                    yield from self.extend(
                        hops,
                        through_interaction,
                        [source.id, person],
                        {source.id, person},
                        0,
                        None,
                        person,
                    )
            return
        # A family source: through an interaction about it, or through an object about it.
        if through_interaction:
            starts = sorted(
                (work.interaction, person, work)
                for work in source.work
                for person in work.professionals
            )
            for interaction, person, work in starts:
                if person == self.target.id:  # F - i - the professional asked about
                    if hops == 1:
                        yield (source.id, interaction, person)
                    continue
                if self.hops_left(person, work.at) <= hops - 1:
                    yield from self.extend(
                        hops,
                        True,
                        [source.id, interaction, person],
                        {source.id, interaction, person},
                        1,
                        work.at,
                        person,
                    )
        else:
            for obj in sorted(source.objects):
                self.professional.setdefault(obj, False)
                if self.hops_left(obj, None) <= hops:
                    yield from self.extend(
                        hops, True, [source.id, obj], {source.id, obj}, 0, None, obj
                    )

    def hops_left(self, node: str, at: int | None) -> float:
        return self.backward.hops_left(node, at)

    def extend(
        self,
        hops: int,
        through_interaction: bool,
        path: list[str],
        used: set[str],
        taken: int,
        at: int | None,
        node: str,
    ) -> Iterator[tuple[str, ...]]:
        """Paths continuing `path` (ending at `node` after `taken` hops, last at `at`)."""
        self.check_time()
        target = self.target
        family_end = target.kind is EndpointKind.FAMILY
        if family_end and through_interaction and taken == hops - 1:
            # The last hop: an interaction about the family that this professional was in.
            for work in sorted(self.family_work.get(node, ()), key=lambda w: w.interaction):
                if work.interaction not in used and (not self.timed or at is None or at <= work.at):
                    yield (*path, work.interaction, target.id)
            return
        last_hops = self.last_hops(through_interaction) if taken == hops - 1 else None
        if last_hops is not None:
            # The last hop, read from the target's side (whose steps are already fetched).
            for interaction, when, tail in last_hops.get(node, ()):
                if interaction in used or any(n in used for n in tail):
                    continue
                if not self.timed or at is None or at <= when:
                    yield (*path, interaction, *tail)
            return
        choices = []
        for step in self.steps_of(node):
            if step.interaction in used or step.node in used:
                continue
            if self.timed and at is not None and step.at < at:
                continue
            agency_start = taken == 0 and self.source.kind is EndpointKind.AGENCY
            if agency_start and not self.source.employs_on(node, day_of(step.at)):
                continue
            left = hops - taken - 1
            if target.kind is EndpointKind.PROFESSIONAL and step.node == target.id:
                if left == 0:
                    yield (*path, step.interaction, step.node)
                continue
            if left == 0:
                if target.kind is EndpointKind.AGENCY and step.professional:
                    if target.employs_on(step.node, day_of(step.at)):
                        yield (*path, step.interaction, step.node, target.id)
                elif family_end and not through_interaction and step.node in self.family_objects:
                    yield (*path, step.interaction, step.node, target.id)
                continue
            if self.hops_left(step.node, step.at) <= left:
                choices.append(step)
        # A node one hop from the end takes its last hop from the family's work or the
        # target's own steps: its steps are not needed.
        needs_steps = hops - taken - 1 != 1 or not (
            (family_end and through_interaction) or self.last_hops(through_interaction) is not None
        )
        for k, step in enumerate(choices):
            if needs_steps and step.node not in self.cache:
                self.fetch([s.node for s in choices[k:] if s.node not in self.cache][:STEP_BATCH])
            used.add(step.interaction)
            used.add(step.node)
            yield from self.extend(
                hops,
                through_interaction,
                [*path, step.interaction, step.node],
                used,
                taken + 1,
                step.at,
                step.node,
            )
            used.discard(step.interaction)
            used.discard(step.node)

    def last_hops(self, through_interaction: bool) -> LastHops | None:
        """The hops into the target, by the node they leave: (interaction, time, the ids
        they add). From a professional target's steps, or from the steps of a family's
        objects; None for an agency (its employees are many) and for a family's work."""
        if through_interaction not in self.arrivals:
            self.arrivals[through_interaction] = self._last_hops(through_interaction)
        return self.arrivals[through_interaction]

    def _last_hops(self, through_interaction: bool) -> LastHops | None:
        target = self.target
        found: LastHops = {}
        if target.kind is EndpointKind.PROFESSIONAL:
            for step in self.steps_of(target.id):
                found.setdefault(step.node, []).append((step.interaction, step.at, (target.id,)))
        elif target.kind is EndpointKind.FAMILY and not through_interaction:
            missing = [o for o in sorted(self.family_objects) if o not in self.cache]
            for k in range(0, len(missing), STEP_BATCH):
                self.fetch(missing[k : k + STEP_BATCH])
            for obj in sorted(self.family_objects):
                for step in self.cache[obj]:
                    found.setdefault(step.node, []).append(
                        (step.interaction, step.at, (obj, target.id))
                    )
        else:
            return None
        for into in found.values():
            into.sort(key=lambda hop: (hop[0], hop[2]))
        return found

    def steps_of(self, node: str) -> list[Step]:
        if node not in self.cache:
            self.fetch([node])
        return self.cache[node]

    def fetch(self, nodes: list[str]) -> None:
        self.check_time()
        fetched = self.graph.steps({n: self.professional.get(n, True) for n in nodes})
        for node in nodes:
            steps = sorted(fetched.get(node, ()), key=lambda s: (s.interaction, s.node))
            self.cache[node] = steps
            for step in steps:
                self.professional.setdefault(step.node, step.professional)

    def check_time(self) -> None:
        if self.now() > self.deadline:
            raise SearchTooBroad(
                "the path search took too long; lower maxHops or narrow the period with after/before"
            )


def search(
    graph: HopGraph,
    source: Endpoint,
    target: Endpoint,
    max_hops: int,
    limit: int,
    timed: bool,
    seconds: float,
    count_shortest: bool = False,
    apart: Callable[[], bool] | None = None,
) -> SearchOutcome:
    """The first `limit` paths from `source` to `target` (see the module's docstring);
    `apart`, when given, may prove that no path exists more cheaply than the layers."""
    deadline = clock.monotonic() + seconds
    run = PathSearch(graph, source, target, max_hops, timed, deadline, apart=apart)
    return run.run(limit, count_shortest)

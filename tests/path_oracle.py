"""An independent model of boundaryCrossingPaths for small graphs: every simple path
enumerated by brute force straight from the definition, and an in-memory `HopGraph`
so kb.analytics.path_search can run on the same graph without a database.

Definition (README, boundaryCrossingPaths): a hop goes from a professional or object
through an interaction it took part in (professional) or that worked on it (object) to
another such node, never object to object; a family is reached by a last hop from a
professional through an interaction about it, or from an object about it; an agency
endpoint is a professional it employs on the day of the first (last) interaction;
simple paths (no node or interaction twice); at most `max_hops` hops; with `timed`,
interaction times never decrease along the path; ordered by hops, number of nodes,
then the ids.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from kb.analytics.path_search import Endpoint, EndpointKind, FamilyWork, Frontier, Step, micros


@dataclass
class SmallGraph:
    # interaction -> (at, professionals, objects, family concerned or None)
    interactions: dict[str, tuple[datetime, tuple[str, ...], tuple[str, ...], str | None]]
    # object -> family it concerns (or None)
    objects: dict[str, str | None]
    # professional -> [(agency, from, to)]
    employments: dict[str, list[tuple[str, date, date | None]]] = field(default_factory=dict)

    @property
    def professionals(self) -> set[str]:
        found = {p for _, ps, _, _ in self.interactions.values() for p in ps}
        return found | set(self.employments)

    def kind_of(self, entity: str) -> EndpointKind:
        if entity in self.professionals:
            return EndpointKind.PROFESSIONAL
        if any(a == entity for jobs in self.employments.values() for a, _, _ in jobs):
            return EndpointKind.AGENCY
        return EndpointKind.FAMILY

    def employed(self, professional: str, agency: str, day: date) -> bool:
        return any(
            a == agency and start <= day and (end is None or day <= end)
            for a, start, end in self.employments.get(professional, [])
        )


# -- brute force ---------------------------------------------------------------------


def every_path(
    g: SmallGraph, source: str, target: str, max_hops: int, timed: bool
) -> list[tuple[str, ...]]:
    """Every valid path, in the answer's order."""
    found = sorted(
        set(_paths(g, source, target, max_hops, timed)),
        key=lambda p: (_hops(g, p), len(p), p),
    )
    return found


def _hops(g: SmallGraph, path: tuple[str, ...]) -> int:
    return sum(1 for n in path if n in g.interactions)


def _paths(
    g: SmallGraph, source: str, target: str, max_hops: int, timed: bool
) -> Iterator[tuple[str, ...]]:
    search = _Search(g, source, target, g.kind_of(source), g.kind_of(target), max_hops, timed)
    starts: list[tuple[list[str], str]] = []  # (path so far, its last node)
    if search.s_kind is EndpointKind.PROFESSIONAL:
        starts = [([source], source)]
    elif search.s_kind is EndpointKind.AGENCY:
        starts = [
            ([source, p], p)
            for p, jobs in g.employments.items()
            if any(a == source for a, _, _ in jobs)
        ]
    else:
        starts = [([source, o], o) for o, f in g.objects.items() if f == source]
        for i, (_, ps, _, fam) in g.interactions.items():
            if fam == source:
                starts += [([source, i, p], p) for p in ps]
    for path, _ in starts:
        yield from search.grow(path)


@dataclass(frozen=True)
class _Search:
    """One brute-force search: the graph, its endpoints and their kinds, and its bounds."""

    g: SmallGraph
    source: str
    target: str
    s_kind: EndpointKind
    t_kind: EndpointKind
    max_hops: int
    timed: bool

    def grow(self, path: list[str]) -> Iterator[tuple[str, ...]]:
        g, target, t_kind = self.g, self.target, self.t_kind
        if self.valid(tuple(path)):
            yield tuple(path)
        last = path[-1]
        if last == target:
            return
        professionals = g.professionals
        room = _hops(g, tuple(path)) < self.max_hops
        for i, (_, ps, os_, fam) in g.interactions.items():
            ends = set(ps) | set(os_)
            if not room or i in path or last not in ends:
                continue
            for nxt in sorted(ends - {last}):
                if nxt in path or (last not in professionals and nxt not in professionals):
                    continue
                yield from self.grow([*path, i, nxt])
            if t_kind is EndpointKind.FAMILY and fam == target and last in ps:
                yield from self.grow([*path, i, target])
        if t_kind is EndpointKind.FAMILY and g.objects.get(last) == target and len(path) > 1:
            yield from self.grow([*path, target])
        if t_kind is EndpointKind.AGENCY and last in professionals:
            yield from self.grow([*path, target])

    def valid(self, path: tuple[str, ...]) -> bool:
        g = self.g
        if path[-1] != self.target or len(set(path)) != len(path):
            return False
        interactions = [n for n in path if n in g.interactions]
        if not 1 <= len(interactions) <= self.max_hops:
            return False
        times = [g.interactions[i][0] for i in interactions]
        if self.timed and any(a > b for a, b in itertools.pairwise(times)):
            return False
        if self.s_kind is EndpointKind.AGENCY and not g.employed(
            path[1], self.source, times[0].date()
        ):
            return False
        return self.t_kind is not EndpointKind.AGENCY or g.employed(
            path[-2], self.target, times[-1].date()
        )


# -- the same graph as a HopGraph --------------------------------------------------------


@dataclass
class MemoryGraph:
    g: SmallGraph
    layers: int = 0
    fetched: int = 0

    def _steps(self, node: str) -> list[Step]:
        professionals = self.g.professionals
        found = []
        for i, (at, ps, os_, _) in self.g.interactions.items():
            ends = set(ps) | set(os_)
            if node not in ends:
                continue
            for other in ends - {node}:
                if node in professionals or other in professionals:
                    found.append(Step(i, micros(at), other, other in professionals))
        return found

    def layer(self, frontier: Frontier, forward: bool, timed: bool) -> Frontier:
        self.layers += 1
        reached: dict[str, tuple[bool, int | None]] = {}
        for node, (_, bound) in frontier.items():
            for step in self._steps(node):
                if (
                    timed
                    and bound is not None
                    and (step.at < bound if forward else step.at > bound)
                ):
                    continue
                at = step.at if timed else None
                old = reached.get(step.node)
                if old is None or (
                    at is not None
                    and old[1] is not None
                    and (at < old[1] if forward else at > old[1])
                ):
                    reached[step.node] = (step.professional, at)
        return reached

    def steps(self, nodes: Mapping[str, bool]) -> dict[str, list[Step]]:
        self.fetched += 1
        return {n: self._steps(n) for n in nodes}


def endpoint(g: SmallGraph, entity: str) -> Endpoint:
    kind = g.kind_of(entity)
    if kind is EndpointKind.PROFESSIONAL:
        return Endpoint(kind, entity)
    if kind is EndpointKind.AGENCY:
        periods: dict[str, list[tuple[date, date | None]]] = {}
        for p, jobs in g.employments.items():
            for a, start, end in jobs:
                if a == entity:
                    periods.setdefault(p, []).append((start, end))
        return Endpoint(kind, entity, employments={p: tuple(v) for p, v in periods.items()})
    work = tuple(
        FamilyWork(i, micros(at), tuple(sorted(ps)))
        for i, (at, ps, _, fam) in sorted(g.interactions.items())
        if fam == entity
    )
    objects = tuple(sorted(o for o, f in g.objects.items() if f == entity))
    return Endpoint(kind, entity, work=work, objects=objects)

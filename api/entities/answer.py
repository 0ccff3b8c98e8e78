"""The rows of a translated statement shaped into GraphQL answers, plus the families touched.

One walk per root field over its plan (`plan.py`): each object gets its response keys
in the order asked, dates and instants as ISO-8601 text, cursors and `pageInfo`
computed from the page's window, FORBIDDEN where the role may not read a field, and
the family ids of every family-level node found on the way (the audit rule's input,
see `api/security/family_reads.py`). The value is final: GraphQL does not walk it again
(`execution.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError

from api.entities.pagination import encode_cursor
from api.entities.plan import (
    Constant,
    Edges,
    End,
    Flag,
    Lookup,
    Masked,
    Page,
    PageField,
    Projection,
    Reference,
    Related,
    Requirement,
    Value,
    requirements,
)
from api.entities.shape import family_level
from api.errors import ApiError, ErrorCode, not_found
from api.security.field_rules import reader

Path = tuple[str | int, ...]


@dataclass
class Shaped:
    """One root field's answer: its value, the errors inside it (path below the root
    field), the families it touched and the ids it named that name nothing (attempts)."""

    value: Any
    errors: list[tuple[Path, GraphQLError]] = field(default_factory=list)
    families: set[str] = field(default_factory=set)


def forbidden(label: str, name: str) -> ApiError:
    return ApiError(ErrorCode.FORBIDDEN, f"this needs role {reader(label, name).value} or above")


@dataclass
class Shaper:
    shaped: Shaped

    def node(self, projection: Projection, item: dict[str, Any] | None, path: Path) -> Any:
        if item is None:
            return None
        label = item["_label"] if len(projection.labels) > 1 else projection.labels[0]
        if label in projection.families:
            if label == "Family":
                self.shaped.families.add(item["id"])
            else:
                self.shaped.families.update(item["_f"])
        return self.fields(projection.fields[label], item, path)

    def fields(self, planned: list[Any], item: dict[str, Any], path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part in planned:
            key = part.key
            if isinstance(part, Value):
                value = item.get(part.source)
                out[key] = part.default if value is None else value
            elif isinstance(part, Constant):
                out[key] = part.value
            elif isinstance(part, Flag):
                out[key] = item[part.source]
            elif isinstance(part, Masked):
                out[key] = None
                self.shaped.errors.append(((*path, key), forbidden(part.label, part.name)))
            elif isinstance(part, Related):
                value = item[part.source]
                if part.kind in ("one", "agency_on"):
                    out[key] = self.node(part.target, value, (*path, key))
                elif part.kind == "distinct":
                    firsts = first_seen(value)
                    out[key] = [
                        self.node(part.target, x, (*path, key, i)) for i, x in enumerate(firsts)
                    ]
                else:
                    out[key] = [
                        self.node(part.target, x, (*path, key, i)) for i, x in enumerate(value)
                    ]
            elif isinstance(part, Edges):
                rows = item[part.source]
                for row in rows:
                    self.shaped.families.update(row.get("_f", ()))
                out[key] = [
                    self.fields(part.fields, x, (*path, key, i)) for i, x in enumerate(rows)
                ]
            elif isinstance(part, End | Reference):
                out[key] = self.node(part.target, item[part.source], (*path, key))
            elif isinstance(part, Page):
                out[key] = self.page(part, item[part.source], (*path, key))
            else:
                raise TypeError(f"cannot shape {part!r}")
        return out

    def page(self, page: Page, value: dict[str, Any], path: Path) -> dict[str, Any]:
        items: list[dict[str, Any]] = value["page"]
        skip, limit = page.window.skip, page.window.limit
        total = value.get("total")
        if total is not None:
            more = skip + len(items) < total
        else:
            more = len(items) > limit
            items = items[:limit]
        cursors = [encode_cursor(skip + i, page.window.scope) for i in range(len(items))]
        shown: dict[int, list[Any]] = {}

        def nodes(use: int) -> list[Any]:
            if use not in shown:
                at = (*path, "nodes")
                shown[use] = [
                    self.node(page.uses[use], item[f"u{use}"], (*at, i))
                    for i, item in enumerate(items)
                ]
            return shown[use]

        out: dict[str, Any] = {}
        for part in page.fields:
            out[part.key] = self.page_field(part, total, more, skip, cursors, nodes)
        return out

    @staticmethod
    def page_field(
        part: PageField,
        total: int | None,
        more: bool,
        skip: int,
        cursors: list[str],
        nodes: Any,
    ) -> Any:
        if part.kind == "__typename":
            return part.value
        if part.kind == "totalCount":
            return total
        if part.kind == "nodes":
            return nodes(part.use)
        if part.kind == "pageInfo":
            info = {
                "hasNextPage": more,
                "hasPreviousPage": skip > 0,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
                "__typename": "PageInfo",
            }
            return {key: info[what] for key, what in part.parts}
        if part.kind == "edges":
            edges: list[dict[str, Any]] = []
            for i, cursor in enumerate(cursors):
                edge: dict[str, Any] = {}
                for key, what in part.parts:
                    if what == "cursor":
                        edge[key] = cursor
                    elif what.startswith("node:"):
                        edge[key] = nodes(int(what[5:]))[i]
                    else:
                        edge[key] = what[1:]  # "=<type name>"
                edges.append(edge)
            return edges
        raise ValueError(part.kind)


def first_seen(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each node once, where it first appears."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            kept.append(item)
    return kept


def shape(plan: Lookup | Page, value: Any) -> Shaped | Refused:
    """A root field's answer, or the error it is (NOT_FOUND for an id a filter names);
    either way `.families` says what it touched (also on an error: attempts)."""
    shaped = Shaped(None)
    shaper = Shaper(shaped)
    if isinstance(plan, Lookup):
        found = {row["key"]: row["node"] for row in value}
        nodes = []
        for i, id_ in enumerate(plan.ids):
            node = found.get(id_)
            if node is None and plan.asks_family_data:
                shaped.families.add(id_)  # an attempt: perhaps an erased family's id
            nodes.append(shaper.node(plan.target, node, () if plan.single else (i,)))
        shaped.value = nodes[0] if plan.single else nodes
        return shaped
    missing: Requirement | None = None
    for requirement, exists, named in zip(
        requirements(plan), value.get("found", []), value.get("named", []), strict=True
    ):
        if not exists:
            missing = missing or requirement
            if any(family_level(label) for label in requirement.labels):
                shaped.families.add(requirement.id)  # an attempt at an unknown id
        shaped.families.update(named)
    for families in value.get("matched", []):
        shaped.families.update(families)
    if missing is not None:
        kind = " or ".join(label.lower() for label in missing.labels)
        error = not_found(kind, missing.id)
        error.extensions = {**(error.extensions or {}), "argument": missing.argument}
        return Refused(error, shaped.families)
    shaped.value = shaper.page(plan, value, ())
    return shaped


@dataclass
class Refused(Exception):
    """A root field answered with an error, having touched `families` all the same."""

    error: ApiError
    families: set[str]

"""Writing model records: rows as statements take them, comparing them with what is stored,
and writing the new and changed ones. The loader (a batch at a time) and the API's
mutations (one element in a transaction of their own) both write through here, so an
element is stored the same way whichever door it came in by.

Every function takes a `Run`: how to run a named statement (`db.read` or `db.write` for
a transaction of its own, `lambda name, params: db.run_named(tx, name, params)` inside
one), so the caller decides the transaction and this module only what is sent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES, Node, Record, Relationship
from kb.writing.statements import (
    node_compare_name,
    node_statement_name,
    relationship_compare_name,
    relationship_create_name,
    relationship_fresh_name,
    relationship_statement_name,
    stored_fields,
)

Params = dict[str, Any]
WritePath = Literal["merge", "new", "fresh"]
Run = Callable[[str, Mapping[str, Any]], list[dict[str, Any]]]
NODE_BY_LABEL: dict[str, type[Node]] = {n.label: n for n in NODE_TYPES}
RELATIONSHIP_BY_TYPE: dict[str, type[Relationship]] = {r.type: r for r in RELATIONSHIP_TYPES}


@dataclasses.dataclass(frozen=True)
class Provenance:
    """What every element a write creates or changes is stamped with: the dataset (`api`
    for the mutations), the load (or the audit event of a mutation), and when."""

    dataset_id: str
    load_id: str
    loaded_at: datetime

    def params(self) -> Params:
        return {"datasetId": self.dataset_id, "loadId": self.load_id, "loadedAt": self.loaded_at}


@dataclasses.dataclass(frozen=True)
class Comparison:
    """What a compare statement found, by row number (`i`): the one row it answers."""

    created: frozenset[int] = frozenset()
    unchanged: frozenset[int] = frozenset()
    updated: frozenset[int] = frozenset()
    # Nodes only: rows whose id is stored under another label, with that label.
    foreign: Mapping[int, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, answers: Sequence[Mapping[str, Any]]) -> Comparison:
        answer = answers[0] if answers else {}
        return cls(
            frozenset(answer.get("created", ())),
            frozenset(answer.get("unchanged", ())),
            frozenset(answer.get("updated", ())),
            {i: label for i, label in answer.get("foreign", ())},
        )

    def outcome(self, i: int) -> str | None:
        """'created', 'unchanged', 'updated', or None when the row is not named."""
        if i in self.unchanged:
            return "unchanged"
        if i in self.updated:
            return "updated"
        if i in self.created:
            return "created"
        return None


def wire_properties(record: Record) -> dict[str, object]:
    """The record's stored properties by stored name, as statement parameters: enums as
    their text, dates and instants as ISO-8601 text (the statement converts them)."""
    values = {}
    fields = record.__dict__  # a pydantic model's field values (cheaper than getattr, per row)
    for field, name, kind in stored_fields(type(record)):
        value = fields[field]
        if value is not None:
            if kind != "plain":
                value = value.isoformat()
            elif isinstance(value, Enum):
                value = value.value
        values[name] = value
    return values


def stored_values(record: Record, without: tuple[str, ...]) -> dict[str, Any]:
    """The record's stored properties by alias as Python values (dates as dates), enums as
    their text, the `without` names left out: for statements that match on them."""
    values = record.model_dump(by_alias=True)
    return {
        name: value.value if isinstance(value, Enum) else value
        for name, value in values.items()
        if name not in without
    }


def node_row(record: Node, i: int = 0) -> Params:
    """A node as the node statements take it: row number, id, properties."""
    return {"i": i, "id": record.id, "props": wire_properties(record)}


def relationship_row(record: Relationship, i: int = 0) -> Params:
    """A relationship as the relationship statements take it: row number, ends, properties."""
    return {
        "i": i,
        "source": record.source_id,
        "target": record.target_id,
        "props": wire_properties(record),
    }


def compare_nodes(run: Run, node: type[Node], rows: Sequence[Params]) -> Comparison:
    """Which of `rows` are stored, changed, or have an id another label holds (one read)."""
    return Comparison.of(run(node_compare_name(node), {"rows": rows}) if rows else [])


def compare_relationships(
    run: Run, rel: type[Relationship], source: str, target: str, rows: Sequence[Params]
) -> Comparison:
    """Which of `rows` are stored, changed or new; rows whose ends are gone are not named."""
    if not rows:
        return Comparison()
    return Comparison.of(run(relationship_compare_name(rel, source, target), {"rows": rows}))


def node_write(
    node: type[Node], rows: Sequence[Params], provenance: Provenance
) -> tuple[str, Params]:
    """The statement and parameters that MERGE `rows` (new or changed) with their provenance."""
    return node_statement_name(node), {"rows": rows, **provenance.params()}


def relationship_write(
    rel: type[Relationship],
    source: str,
    target: str,
    rows: Sequence[Params],
    provenance: Provenance,
    *,
    how: WritePath = "merge",
) -> tuple[str, Params]:
    """The statement and parameters that write `rows`: MERGE them ("merge"), or CREATE them
    when an end is a node the same load created, so none can be stored yet ("new"; "fresh"
    when both are, the rows then carrying their element ids `s` and `t`). It answers
    `rows`: how many were written (fewer when an end went away since the comparison)."""
    name = {
        "merge": relationship_statement_name,
        "new": relationship_create_name,
        "fresh": relationship_fresh_name,
    }[how](rel, source, target)
    return name, {"rows": rows, **provenance.params()}


def written(answers: Sequence[Mapping[str, Any]]) -> int:
    """How many rows a write statement wrote (its one answer row's `rows`)."""
    return int(answers[0]["rows"]) if answers else 0


def labels_of_ids(run: Run, ids: Iterable[str]) -> dict[str, str]:
    """The label of each id that is already a node of the model in Neo4j (one read)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {row["id"]: row["label"] for row in run("load/labels_of_ids", {"ids": wanted})}


class IdHeldElsewhere(Exception):
    """The node's id is stored under another label (ids are unique across labels)."""

    def __init__(self, node_id: str, label: str) -> None:
        super().__init__(node_id, label)
        self.node_id, self.label = node_id, label


class EndGone(Exception):
    """An end of the relationship is not (or no longer) stored."""


def write_node(run: Run, node: type[Node], record: Node, provenance: Provenance) -> str:
    """One node, compared and written unless unchanged, in the caller's transaction; its
    outcome ('created', 'updated', 'unchanged'). `IdHeldElsewhere` when another label has
    the id."""
    row = node_row(record)
    found = compare_nodes(run, node, [row])
    if 0 in found.foreign:
        raise IdHeldElsewhere(record.id, found.foreign[0])
    outcome = found.outcome(0) or "created"
    if outcome != "unchanged":
        run(*node_write(node, [row], provenance))
    return outcome


def write_relationship(
    run: Run,
    rel: type[Relationship],
    ends: tuple[str, str],
    record: Relationship,
    provenance: Provenance,
) -> str:
    """One relationship between nodes of labels `ends`, compared and written unless
    unchanged, in the caller's transaction; its outcome. `EndGone` when an end is missing."""
    row = relationship_row(record)
    outcome = compare_relationships(run, rel, *ends, [row]).outcome(0)
    if outcome is None:
        raise EndGone
    if outcome != "unchanged" and not written(
        run(*relationship_write(rel, *ends, [row], provenance))
    ):
        raise EndGone  # an end vanished between the comparison and the write
    return outcome

"""Validated, idempotent, audited writes, each in one transaction.

Input is checked with the model's pydantic records (`kb.domain.model`), labels and
types come only from the model (a fixed whitelist), and the loader's own statements
(`cypher/load/`) do the writing, so a row written here is stored exactly as a load
would store it. Provenance: `sourceDataset = "api"`, `sourceLoad` = the id of the audit
event that records the write, `loadedAt` = now. The audit event is written in the same
transaction: a write and its record stand or fall together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from api.errors import ApiError, ErrorCode, bad_input
from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES, Node, Relationship, column_name
from kb.domain.problems import field_problems
from kb.loading.references import labels_in_database
from kb.loading.statements import (
    Comparison,
    node_compare_name,
    node_statement_name,
    relationship_compare_name,
    relationship_statement_name,
    wire_properties,
)
from kb.loading.validation import properties
from kb.security.audit import event_parameters
from kb.security.roles import Principal
from kb.storage.database import Database
from neo4j import ManagedTransaction

API_DATASET = "api"
NODE_BY_LABEL: dict[str, type[Node]] = {n.label: n for n in NODE_TYPES}
RELATIONSHIP_BY_TYPE: dict[str, type[Relationship]] = {r.type: r for r in RELATIONSHIP_TYPES}


@dataclass(frozen=True)
class WriteOutcome:
    """What a write did: per element 'created', 'updated', 'unchanged' or 'deleted'."""

    audit_event_id: str
    outcomes: dict[str, int]


@dataclass(frozen=True)
class NodeWrite:
    node: type[Node]
    record: Node

    def statements(self) -> tuple[str, str, dict[str, Any]]:
        """(compare statement, write statement, row), as the loader uses them."""
        row = {"i": 0, "id": self.record.id, "props": wire_properties(self.record)}
        return node_compare_name(self.node), node_statement_name(self.node), row


@dataclass(frozen=True)
class RelationshipWrite:
    rel: type[Relationship]
    record: Relationship
    source_label: str
    target_label: str

    def statements(self) -> tuple[str, str, dict[str, Any]]:
        """(compare statement, write statement, row), as the loader uses them."""
        row = {
            "i": 0,
            "source": self.record.source_id,
            "target": self.record.target_id,
            "props": wire_properties(self.record),
        }
        ends = (self.rel, self.source_label, self.target_label)
        return relationship_compare_name(*ends), relationship_statement_name(*ends), row


def validated(record_type: type[Node] | type[Relationship], values: Any, argument: str) -> Any:
    """The record, or BAD_USER_INPUT naming each wrong field (by its alias) and why."""
    if not isinstance(values, dict):
        raise bad_input(f"{argument} must be an object of properties", argument=argument)
    try:
        return record_type.model_validate(values)
    except ValidationError as error:
        problems = [
            {"field": problem.field or argument, "message": problem.message}
            for problem in field_problems(record_type, error, noun="property", quote_input=False)
        ]
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
        raise bad_input(
            f"{argument} is not a valid {_kind(record_type)} ({summary})",
            argument=argument,
            problems=problems,
        ) from None


def node_write(db: Database, label: str, values: Any, argument: str = "properties") -> NodeWrite:
    node = NODE_BY_LABEL[label]
    record = validated(node, values, argument)
    other = labels_in_database(db, [record.id]).get(record.id)
    if other is not None and other != node.label:
        raise bad_input(
            f"id {record.id!r} already belongs to a {other}; ids are unique across labels",
            argument=argument,
        )
    return NodeWrite(node, record)


def relationship_write(
    db: Database,
    type_: str,
    values: Any,
    argument: str = "properties",
    pending: Mapping[str, str] | None = None,
) -> RelationshipWrite:
    """Validate a relationship and find its endpoints' labels (in the database, or among
    `pending` nodes written in the same transaction)."""
    rel = RELATIONSHIP_BY_TYPE[type_]
    record = validated(rel, values, argument)
    labels = {**labels_in_database(db, [record.source_id, record.target_id]), **(pending or {})}
    ends = []
    for end, id_, allowed in (
        ("source", record.source_id, rel.sources),
        ("target", record.target_id, rel.targets),
    ):
        label = labels.get(id_)
        if label is None:
            raise ApiError(
                ErrorCode.NOT_FOUND,
                f"{argument}.{end}: no entity with id {id_!r}",
                argument=argument,
            )
        if label not in allowed:
            raise bad_input(
                f"{argument}.{end}: {rel.type} goes from {'/'.join(rel.sources)} to "
                f"{'/'.join(rel.targets)}, and {id_!r} is a {label}",
                argument=argument,
            )
        ends.append(label)
    return RelationshipWrite(rel, record, ends[0], ends[1])


def write(
    db: Database,
    principal: Principal,
    operation: str,
    steps: Sequence[NodeWrite | RelationshipWrite],
    audit_ids: Sequence[str],
) -> WriteOutcome:
    """All steps and the audit event in one write transaction."""

    def work(tx: ManagedTransaction) -> WriteOutcome:
        event = event_parameters(principal, operation, audit_ids)
        provenance = {
            "datasetId": API_DATASET,
            "loadId": event["id"],
            "loadedAt": datetime.now(UTC),
        }
        outcomes: dict[str, int] = {}
        for step in steps:
            outcome = _write_step(db, tx, step, provenance)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        db.run_named(tx, "audit/record_event", event)
        return WriteOutcome(event["id"], outcomes)

    return db.in_write_transaction(work)


def _write_step(
    db: Database,
    tx: ManagedTransaction,
    step: NodeWrite | RelationshipWrite,
    provenance: Mapping[str, Any],
) -> str:
    """Compare the element with what is stored, write it unless unchanged; the outcome."""
    compare, write_name, row = step.statements()
    found = Comparison.of(db.run_named(tx, compare, {"rows": [row]}))
    if 0 in found.foreign:  # another write gave the id to another label since the check
        raise bad_input(f"id {row['id']!r} already belongs to a {found.foreign[0]}")
    outcome = found.outcome(0)
    if outcome is None:
        if isinstance(step, RelationshipWrite):
            raise ApiError(ErrorCode.NOT_FOUND, "an entity this write refers to is gone")
        outcome = "created"
    if outcome != "unchanged":
        written = db.run_named(tx, write_name, {"rows": [row], **provenance})
        if not written or not written[0]["rows"]:  # an endpoint vanished since it was checked
            raise ApiError(ErrorCode.NOT_FOUND, "an entity this write refers to is gone")
    return outcome


def delete_node(db: Database, principal: Principal, label: str, id_: str) -> WriteOutcome:
    def work(tx: ManagedTransaction) -> WriteOutcome:
        rows = db.run_named(tx, "mutations/delete_node", {"id": id_, "label": label})
        deleted = int(rows[0]["deleted"]) if rows else 0
        if deleted == 0:
            raise ApiError(ErrorCode.NOT_FOUND, f"no {label} with id {id_!r}", id=id_)
        event = event_parameters(principal, f"delete{label}", [id_])
        db.run_named(tx, "audit/record_event", event)
        return WriteOutcome(
            event["id"], {"deleted": deleted, "relationshipsDeleted": int(rows[0]["relationships"])}
        )

    return db.in_write_transaction(work)


def delete_relationship(
    db: Database, principal: Principal, type_: str, values: Any
) -> WriteOutcome:
    rel = RELATIONSHIP_BY_TYPE[type_]
    record = validated(rel, values, "properties")
    stored = properties(record, ("source", "target"))
    key = {alias: stored[alias] for alias in (column_name(rel, f) for f in rel.key)}

    def work(tx: ManagedTransaction) -> WriteOutcome:
        rows = db.run_named(
            tx,
            "mutations/delete_relationship",
            {"source": record.source_id, "target": record.target_id, "type": rel.type, "key": key},
        )
        deleted = int(rows[0]["deleted"]) if rows else 0
        if deleted == 0:
            raise ApiError(ErrorCode.NOT_FOUND, f"no such {rel.type} relationship")
        event = event_parameters(
            principal, f"delete{rel.type}", [record.source_id, record.target_id]
        )
        db.run_named(tx, "audit/record_event", event)
        return WriteOutcome(event["id"], {"deleted": deleted})

    return db.in_write_transaction(work)


def _kind(record_type: type[Node] | type[Relationship]) -> str:
    return str(getattr(record_type, "label", None) or getattr(record_type, "type", "record"))

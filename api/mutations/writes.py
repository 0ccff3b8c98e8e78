"""Validated, idempotent, audited writes, each in one transaction.

Input is checked with the model's pydantic records (`kb.domain.model`), labels and
types come only from the model (a fixed whitelist), and the writing module the loader
also writes through (`kb.writing.elements`) does the writing, so a row written here is
stored exactly as a load would store it. Provenance: `sourceDataset = "api"`, `sourceLoad` = the id of the audit
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
from kb.domain.model import Node, Relationship, column_name
from kb.domain.problems import field_problems
from kb.security.audit import event_parameters
from kb.security.roles import Principal
from kb.storage.database import Database
from kb.writing.elements import (
    NODE_BY_LABEL,
    RELATIONSHIP_BY_TYPE,
    EndGone,
    IdHeldElsewhere,
    Provenance,
    Run,
    labels_of_ids,
    stored_values,
    write_node,
    write_relationship,
)
from kb.writing.generation import advance_write_generation
from neo4j import ManagedTransaction

API_DATASET = "api"
__all__ = ["NODE_BY_LABEL", "RELATIONSHIP_BY_TYPE"]  # the mutations' schema names them


@dataclass(frozen=True)
class WriteOutcome:
    """What a write did: per element 'created', 'updated', 'unchanged' or 'deleted'."""

    audit_event_id: str
    outcomes: dict[str, int]


@dataclass(frozen=True)
class NodeWrite:
    node: type[Node]
    record: Node

    def apply(self, run: Run, provenance: Provenance) -> str:
        """Compare with what is stored and write unless unchanged; the outcome."""
        try:
            return write_node(run, self.node, self.record, provenance)
        except IdHeldElsewhere as held:  # another write gave the id to another label
            raise bad_input(f"id {held.node_id!r} already belongs to a {held.label}") from None


@dataclass(frozen=True)
class RelationshipWrite:
    rel: type[Relationship]
    record: Relationship
    source_label: str
    target_label: str

    def apply(self, run: Run, provenance: Provenance) -> str:
        """Compare with what is stored and write unless unchanged; the outcome."""
        ends = (self.source_label, self.target_label)
        try:
            return write_relationship(run, self.rel, ends, self.record, provenance)
        except EndGone:  # an endpoint vanished since it was checked
            raise ApiError(ErrorCode.NOT_FOUND, "an entity this write refers to is gone") from None


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
    other = labels_of_ids(db.read, [record.id]).get(record.id)
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
    labels = {**labels_of_ids(db.read, [record.source_id, record.target_id]), **(pending or {})}
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
        event = event_parameters(principal, operation, audit_ids, db.settings)
        provenance = Provenance(API_DATASET, event["id"], datetime.now(UTC))

        def run(name: str, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
            return db.run_named(tx, name, parameters)

        outcomes: dict[str, int] = {}
        for step in steps:
            outcome = step.apply(run, provenance)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if set(outcomes) - {"unchanged"}:
            advance_write_generation(db, tx)
        db.run_named(tx, "audit/record_event", event)
        return WriteOutcome(event["id"], outcomes)

    return db.in_write_transaction(work)


def upsert_node(db: Database, principal: Principal, label: str, values: Any) -> WriteOutcome:
    """Create or replace one entity by id, audited as `upsert<Label>`."""
    step = node_write(db, label, values)
    return write(db, principal, f"upsert{label}", [step], [step.record.id])


def upsert_relationship(
    db: Database, principal: Principal, type_: str, values: Any
) -> WriteOutcome:
    """Create or update one relationship, audited as `upsert<TYPE>` with both endpoints."""
    step = relationship_write(db, type_, values)
    ends = [step.record.source_id, step.record.target_id]
    return write(db, principal, f"upsert{type_}", [step], ends)


def delete_node(db: Database, principal: Principal, label: str, id_: str) -> WriteOutcome:
    def work(tx: ManagedTransaction) -> WriteOutcome:
        rows = db.run_named(tx, "mutations/delete_node", {"id": id_, "label": label})
        deleted = int(rows[0]["deleted"]) if rows else 0
        if deleted == 0:
            raise ApiError(ErrorCode.NOT_FOUND, f"no {label} with id {id_!r}", id=id_)
        advance_write_generation(db, tx)
        event = event_parameters(principal, f"delete{label}", [id_], db.settings)
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
    stored = stored_values(record, ("source", "target"))
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
        advance_write_generation(db, tx)
        event = event_parameters(
            principal, f"delete{rel.type}", [record.source_id, record.target_id], db.settings
        )
        db.run_named(tx, "audit/record_event", event)
        return WriteOutcome(event["id"], {"deleted": deleted})

    return db.in_write_transaction(work)


def _kind(record_type: type[Node] | type[Relationship]) -> str:
    return str(getattr(record_type, "label", None) or getattr(record_type, "type", "record"))

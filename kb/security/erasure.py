"""Erasure of a family: everything that would identify it, in one write transaction, kept
from coming back.

What goes is decided by `cypher/erasure/family_footprint.cypher` (its header lists the
rules). A family no longer present because a `deleteNode` removed it (before those were
refused; the audit says so) is erased by removing what the delete left: the family-level
nodes no family reaches (`cypher/erasure/orphan_footprint.cypher`).

In the same transaction the keyed hash of every erased id goes into the register
(`kb.security.erased`), so that reloading a dataset that still holds the family is
refused row by row until an ADMIN lifts it (`lift_erasure`); earlier audit events keep
their shape but each erased id in them becomes its token (`erased-` and 20 hex digits
of the keyed hash), the same token later events write for it; the erasure is audited
with the family's token only; and the database-wide write generation advances.

What stays on disk for a while (the store's unused records, the transaction log) is in
docs/security.md ("What erasure guarantees on disk"); `kb db rebuild` removes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.security.audit import event_parameters
from kb.security.erased import (
    TOKEN_PREFIX,
    Erasure,
    IdHasher,
    erased_families_present,
    list_erasures,
    register,
    token_of,
)
from kb.security.roles import Principal
from kb.storage.database import Database
from kb.writing.generation import advance_write_generation
from neo4j import ManagedTransaction

OPERATION = "eraseFamily"
LIFT_OPERATION = "liftErasure"
FOOTPRINT_LISTS = (
    "clients",
    "episodes",
    "interactions",
    "boundaryObjects",
    "perspectives",
    "tensions",
)


@dataclass(frozen=True)
class ErasureReport:
    """What one erasure removed: nodes per kind, relationships, audit events rewritten."""

    family_token: str
    audit_event_id: str
    nodes: dict[str, int] = field(default_factory=dict)
    nodes_removed: int = 0
    relationships_removed: int = 0
    audit_events_pseudonymised: int = 0
    # True when the family node was already gone (deleted) and its orphans were erased.
    deleted_before: bool = False


class NoSuchFamily(LookupError):
    pass


class NoSuchErasure(LookupError):
    pass


def erase_family(db: Database, family_id: str, principal: Principal) -> ErasureReport:
    """Erase the family and its footprint, all or nothing; NoSuchFamily if there is no such
    family and none was deleted under that id."""
    hasher = IdHasher(db.settings)

    def work(tx: ManagedTransaction) -> ErasureReport:
        present = bool(db.run_named(tx, "erasure/lock_family", {"familyId": family_id}))
        if present:
            footprint = db.run_named(tx, "erasure/family_footprint", {"familyId": family_id})[0]
        elif _was_deleted(db, tx, family_id):
            footprint = db.run_named(tx, "erasure/orphan_footprint", {})[0]
        else:
            raise NoSuchFamily(family_id)
        lists = {name: list(footprint[name]) for name in FOOTPRINT_LISTS}
        deleted = db.run_named(tx, "erasure/delete_nodes", {"family": family_id, **lists})[0]
        advance_write_generation(db, tx)  # the next reload compares again
        erased_ids = [family_id, *(i for ids in lists.values() for i in ids)]
        hashes = {id_: hasher(id_) for id_ in erased_ids}
        register(db, tx, hashes[family_id], list(hashes.values()))
        pseudonyms = {id_: token_of(hash_) for id_, hash_ in hashes.items()}
        rewritten = db.run_named(tx, "audit/pseudonymise_ids", {"pseudonyms": pseudonyms})
        token = pseudonyms[family_id]
        event = event_parameters(principal, OPERATION, [token], db.settings)
        db.run_named(tx, "audit/record_event", event)
        return ErasureReport(
            family_token=token,
            audit_event_id=event["id"],
            nodes={"Family": int(present), **{name: len(ids) for name, ids in lists.items()}},
            nodes_removed=int(deleted["nodes"]),
            relationships_removed=int(deleted["relationships"]),
            audit_events_pseudonymised=int(rewritten[0]["events"]) if rewritten else 0,
            deleted_before=not present,
        )

    return db.in_write_transaction(work)


def _was_deleted(db: Database, tx: ManagedTransaction, family_id: str) -> bool:
    """A family removed by deleteNode (the audit holds the delete, and the family has not
    been erased since: erasure turns the id in that event into its token)."""
    rows = db.run_named(tx, "erasure/deleted_family_events", {"familyId": family_id})
    return bool(rows) and int(rows[0]["events"]) > 0


def lift_erasure(db: Database, principal: Principal, family: str) -> Erasure:
    """Forget an erasure's ids, so that its family's rows load again (ADMIN); `family` is
    the family's id or its token. Audited (`liftErasure`, with the token); NoSuchErasure
    when the register holds no such erasure."""
    family = family.strip()
    wanted = family if family.startswith(TOKEN_PREFIX) else token_of(IdHasher(db.settings)(family))
    matching = [e for e in list_erasures(db) if e.token == wanted]
    if not matching:
        raise NoSuchErasure(family)
    erasure = matching[0]

    def work(tx: ManagedTransaction) -> Erasure:
        rows = db.run_named(tx, "erasure/lift_erasure", {"family": erasure.family_hash})
        if not rows or int(rows[0]["lifted"]) == 0:  # lifted meanwhile by someone else
            raise NoSuchErasure(family)
        advance_write_generation(db, tx)  # what a load writes has changed
        event = event_parameters(principal, LIFT_OPERATION, [erasure.token], db.settings)
        db.run_named(tx, "audit/record_event", event)
        return erasure

    return db.in_write_transaction(work)


def erase_again(db: Database, principal: Principal) -> list[ErasureReport]:
    """Erase every family the register says was erased and the graph holds again (a backup
    from before the erasure, restored; then `kb erasures import` of the kept register)."""
    return [erase_family(db, family_id, principal) for family_id in erased_families_present(db)]

"""Erasure of a family: everything that would identify it, in one write transaction.

What goes is decided by `cypher/erasure/family_footprint.cypher` (its header lists the
rules). Earlier audit events keep their shape but each erased id in them is replaced
by `erased-<hash>`, a SHA-256 of the id with a random salt that is never stored: events
about the same erased thing still group together, yet nobody can test a guessed id
against them. The erasure itself is audited with only the family's token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from kb.security.audit import event_parameters
from kb.security.roles import Principal
from kb.storage.database import Database
from kb.writing.generation import advance_write_generation
from neo4j import ManagedTransaction

OPERATION = "eraseFamily"
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


class NoSuchFamily(LookupError):
    pass


def pseudonym(salt: bytes, id_: str) -> str:
    return "erased-" + hashlib.sha256(salt + id_.encode("utf-8")).hexdigest()[:20]


def erase_family(db: Database, family_id: str, principal: Principal) -> ErasureReport:
    """Erase the family and its footprint, all or nothing; NoSuchFamily if it is not there."""

    def work(tx: ManagedTransaction) -> ErasureReport:
        if not db.run_named(tx, "erasure/lock_family", {"familyId": family_id}):
            raise NoSuchFamily(family_id)
        found = db.run_named(tx, "erasure/family_footprint", {"familyId": family_id})
        footprint = found[0]
        lists = {name: list(footprint[name]) for name in FOOTPRINT_LISTS}
        deleted = db.run_named(
            tx, "erasure/delete_nodes", {"family": footprint["family"], **lists}
        )[0]
        advance_write_generation(db, tx)  # the next reload compares again
        salt = secrets.token_bytes(32)
        erased_ids = [footprint["family"], *(i for ids in lists.values() for i in ids)]
        pseudonyms = {id_: pseudonym(salt, id_) for id_ in erased_ids}
        rewritten = db.run_named(tx, "audit/pseudonymise_ids", {"pseudonyms": pseudonyms})
        token = pseudonyms[footprint["family"]]
        event = event_parameters(principal, OPERATION, [token])
        db.run_named(tx, "audit/record_event", event)
        return ErasureReport(
            family_token=token,
            audit_event_id=event["id"],
            nodes={"Family": 1, **{name: len(ids) for name, ids in lists.items()}},
            nodes_removed=int(deleted["nodes"]),
            relationships_removed=int(deleted["relationships"]),
            audit_events_pseudonymised=int(rewritten[0]["events"]) if rewritten else 0,
        )

    return db.in_write_transaction(work)

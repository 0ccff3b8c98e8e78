"""The register of erased ids: a keyed hash of every id an erasure removed, never the id.

An erasure must outlast the nightly reload of a dataset that still holds the family.
So each erasure records, as `(:ErasedId {hash, family, erasedAt})`, the HMAC-SHA-256 of
every id it removed (the family's, its clients', episodes', interactions', boundary
objects', perspectives', tensions') keyed with a secret setting (`KB_ERASURE_KEY`, else
`KB_API_KEY_PEPPER`), and the hash of the family's id. Three readers:

- the loader refuses a row whose id, endpoint or reference is an erased id, with the
  family's token as the reason (`ErasedIds.keep`), until an ADMIN lifts the block;
- the audit writes an erased id as its token wherever an event would name it
  (`audit_forms`), so a later read of the erased family does not put its id back;
- an ADMIN lists the erasures and lifts one (`list_erasures`; lifting, audited, is
  `kb.security.erasure.lift_erasure`).

A token is `erased-` and the first 20 hex digits of the hash: the same for every event
about the same erased id, and of no use to anyone without the key for testing a guess.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kb.domain.model import Node, Relationship, column_name
from kb.settings import Settings
from kb.storage.database import Database
from neo4j import ManagedTransaction

TOKEN_PREFIX = "erased-"
TOKEN_HEX_DIGITS = 20
# Kept apart from any other use of the same secret (the pepper also keys API key hashes).
_DOMAIN = b"kb erased id\x00"


class IdHasher:
    """The keyed hash of an id, as the register stores it (64 hex digits)."""

    def __init__(self, settings: Settings) -> None:
        key = (settings.erasure_key or settings.api_key_pepper).encode("utf-8")
        self._base = hmac.new(key, _DOMAIN, hashlib.sha256)

    def __call__(self, id_: str) -> str:
        keyed = self._base.copy()
        keyed.update(id_.encode("utf-8", "surrogatepass"))
        return keyed.hexdigest()


def token_of(id_hash: str) -> str:
    """What the audit writes in place of an erased id."""
    return TOKEN_PREFIX + id_hash[:TOKEN_HEX_DIGITS]


def register(
    db: Database, tx: ManagedTransaction, family_hash: str, id_hashes: Sequence[str]
) -> None:
    """Record an erasure's ids, inside the erasure's own transaction."""
    db.run_named(
        tx, "erasure/register_erased_ids", {"family": family_hash, "hashes": list(id_hashes)}
    )


def audit_forms(settings: Settings, ids: Sequence[str]) -> dict[str, list[str]]:
    """The parameters the audit statements need to write each id, or its token if erased:
    `hashes` (looked up in the register in the same statement) and `tokens`."""
    hasher = IdHasher(settings)
    hashes = [hasher(i) for i in ids]
    return {"hashes": hashes, "tokens": [token_of(h) for h in hashes]}


# -- the loader's check -----------------------------------------------------------------


Reject = Callable[[Sequence[Any]], None]
MakeProblem = Callable[[int, str, str], Any]  # (line, column, reason): the loader's Problem


@dataclass(frozen=True)
class ErasedIds:
    """The register as a load reads it, once, before its first file."""

    families: dict[str, str]  # id hash -> the hash of its family's id (empty: none erased)
    hasher: IdHasher | None = None

    @classmethod
    def read(cls, db: Database) -> ErasedIds:
        rows = db.read("erasure/erased_ids")
        return cls({row["hash"]: row["family"] for row in rows}, IdHasher(db.settings))

    def keep(
        self,
        record_type: type[Node] | type[Relationship],
        batch: list[Any],
        reject: Reject,
        problem: MakeProblem,
    ) -> list[Any]:
        """The batch without the rows (items with `line` and `values`) that name an erased
        id as their id, an endpoint or a reference; each of those is rejected with the
        family's token, which is what an ADMIN needs to lift the block."""
        if not self.families or self.hasher is None:
            return batch
        columns = _id_columns(record_type)
        kept = []
        for item in batch:
            refusal = self._refusal(self.hasher, columns, getattr(item, "values", None))
            if refusal is None:
                kept.append(item)
            else:
                reject([problem(item.line, *refusal)])
        return kept

    def _refusal(
        self, hasher: IdHasher, columns: tuple[str, ...], values: Any
    ) -> tuple[str, str] | None:
        for column in columns if isinstance(values, dict) else ():
            value = values.get(column)
            if isinstance(value, str) and value.strip():
                family = self.families.get(hasher(value.strip()))
                if family is not None:
                    return column, _refused(family)
        return None


def _id_columns(record_type: type[Node] | type[Relationship]) -> tuple[str, ...]:
    if issubclass(record_type, Node):
        return ("id",)
    references = tuple(column_name(record_type, field) for field in record_type.references)
    return ("source", "target", *references)


def _refused(family_hash: str) -> str:
    token = token_of(family_hash)
    return (
        f"belongs to an erased family ({token}): not loaded, as erasure asks; if the family "
        f"is to come back, an ADMIN lifts the block (`kb erasures lift {token}`)"
    )


# -- listing and lifting ---------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    """One erased family in the register: its token, how many ids, when."""

    token: str
    family_hash: str
    ids: int
    erased_at: datetime


def list_erasures(db: Database) -> list[Erasure]:
    """Every erasure in the register, oldest first."""
    return [
        Erasure(
            token_of(row["family"]), row["family"], int(row["ids"]), row["erasedAt"].to_native()
        )
        for row in db.read("erasure/list_erasures")
    ]


# -- a copy for backups -------------------------------------------------------------------


def export_register(db: Database) -> list[dict[str, str]]:
    """The register as rows to keep beside the backups: hashes and times, never an id."""
    return [
        {"hash": row["hash"], "family": row["family"], "erasedAt": row["erasedAt"].iso_format()}
        for row in db.read("erasure/export_register")
    ]


def import_register(db: Database, rows: Sequence[dict[str, str]]) -> int:
    """Put exported rows back (hashes already held stay as they are); how many were new."""
    for row in rows:
        if not {"hash", "family", "erasedAt"} <= set(row):
            raise ValueError("each row needs hash, family and erasedAt (kb erasures export)")
    found = db.write("erasure/import_register", {"rows": list(rows)})
    return int(found[0]["added"]) if found else 0


def erased_families_present(db: Database) -> list[str]:
    """The ids of families in the graph whose erasure the register holds (after a backup
    taken before the erasure was restored): they are to be erased again."""
    families = {row["family"] for row in db.read("erasure/erased_ids")}
    hasher = IdHasher(db.settings)
    return sorted(
        row["id"] for row in db.read("erasure/family_ids") if hasher(row["id"]) in families
    )

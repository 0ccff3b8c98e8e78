"""API keys: a random token shown once, stored only as a (keyed) SHA-256 hash.

A token carries 256 random bits, so a fast hash is safe here (no password
stretching needed); the optional pepper (KB_API_KEY_PEPPER) makes a stolen
copy of the database useless for checking guessed tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kb.security.roles import Principal, Role
from kb.storage.database import Database

TOKEN_PREFIX = "kb_"
# Longest token accepted from a header; anything longer is not ours and is not hashed.
MAX_TOKEN_LENGTH = 256
FIND_KEY = "security/find_api_key"


@dataclass(frozen=True)
class ApiKey:
    """A stored key as listed (never with its hash or token)."""

    id: str
    role: Role
    name: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class KeyRequestError(ValueError):
    """A key request that cannot be done (bad role or name); the message says why."""


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str, pepper: str = "") -> str:
    """The stored form of a token: HMAC-SHA-256 with the pepper, or SHA-256 without one."""
    data = token.encode("utf-8")
    if pepper:
        return hmac.new(pepper.encode("utf-8"), data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def create_key(db: Database, role: Role | str, name: str) -> tuple[ApiKey, str]:
    """Create a key; returns it with its token, which is not stored and cannot be shown again."""
    try:
        role = Role(str(role).upper())
    except ValueError:
        raise KeyRequestError(
            f"unknown role {role!r}; choose one of {', '.join(r.value for r in Role)}"
        ) from None
    name = name.strip()
    if not name or len(name) > 200:
        raise KeyRequestError("a key needs a name of 1 to 200 characters saying who holds it")
    token = new_token()
    rows = db.write(
        "security/create_api_key",
        {
            "id": "key-" + secrets.token_hex(6),
            "hash": hash_token(token, db.settings.api_key_pepper),
            "role": role.value,
            "name": name,
        },
    )
    return _key(rows[0]), token


def list_keys(db: Database) -> list[ApiKey]:
    return [_key(row) for row in db.read("security/list_api_keys")]


def revoke_key(db: Database, key_id: str) -> ApiKey | None:
    """Revoke a key at once (its next request is refused); None if there is no such key."""
    rows = db.write("security/revoke_api_key", {"id": key_id})
    if not rows:
        return None
    return next(k for k in list_keys(db) if k.id == key_id)


def authenticate(db: Database, token: str) -> Principal | None:
    """The principal a token stands for, or None for an unknown, revoked or malformed token."""
    lookup = key_lookup(token, db.settings.api_key_pepper)
    return None if lookup is None else principal_of(db.read(FIND_KEY, lookup))


def key_lookup(token: str, pepper: str) -> dict[str, str] | None:
    """The parameters of `security/find_api_key` for a token; None when the token cannot
    be one of ours (no lookup is made)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    return {"hash": hash_token(token, pepper)}


def principal_of(rows: list[dict[str, Any]]) -> Principal | None:
    """The principal of an active key's row from `security/find_api_key`, if any."""
    if not rows:
        return None
    row = rows[0]
    return Principal(key_id=row["id"], role=Role(row["role"]), name=row["name"])


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _key(row: dict[str, Any]) -> ApiKey:
    return ApiKey(
        id=row["id"],
        role=Role(row["role"]),
        name=row["name"],
        created_at=_native(row["createdAt"]),
        revoked_at=_native(row["revokedAt"]),
    )

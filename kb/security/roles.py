"""Who is asking: a role per API key, ordered so that a higher role can do all a lower can."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kb.domain.model import Sensitivity


class Role(StrEnum):
    """ANALYST reads pseudonymous structure; STEWARD also reads free text and writes;
    ADMIN also manages keys, reads the audit trail and erases families."""

    ANALYST = "ANALYST"
    STEWARD = "STEWARD"
    ADMIN = "ADMIN"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def includes(self, other: Role) -> bool:
        """Whether this role may do what `other` may."""
        return self.rank >= other.rank


_RANK = {Role.ANALYST: 1, Role.STEWARD: 2, Role.ADMIN: 3}

# The least role that reads each kind of property (the model marks each property's kind).
# A role that cannot read a property cannot filter or sort by it either.
READER: dict[Sensitivity, Role] = {
    Sensitivity.PSEUDONYMOUS: Role.ANALYST,
    Sensitivity.FREE_TEXT: Role.STEWARD,
    Sensitivity.PERSONAL: Role.STEWARD,
}


@dataclass(frozen=True)
class Principal:
    """The caller of one request: the key's id (the audit's actor), its role and name."""

    key_id: str
    role: Role
    name: str

    def may(self, role: Role) -> bool:
        return self.role.includes(role)


# Who acts when the API runs with KB_AUTH_MODE=open (local development only).
OPEN_MODE_PRINCIPAL = Principal(key_id="open-mode", role=Role.ADMIN, name="open mode (no keys)")
# Who acts when the `kb` command line writes (keys, erasure from a shell).
CLI_PRINCIPAL = Principal(key_id="cli", role=Role.ADMIN, name="kb command line")

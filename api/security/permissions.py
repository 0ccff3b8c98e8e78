"""Field-level permissions by role (strawberry permission classes).

Use on any field: `@strawberry.field(permission_classes=[IsSteward])`, or
`strawberry.field(permission_classes=STEWARD_ONLY)` on a dataclass-style field.
A refused field answers null with an error whose `extensions.code` is FORBIDDEN,
so make such fields nullable (e.g. `birth_year: int | None`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.errors import ErrorCode
from kb.security.roles import Principal, Role


def principal_of(info: Info[Any, Any]) -> Principal | None:
    return getattr(info.context, "principal", None)


class _RoleAtLeast(BasePermission):
    required: ClassVar[Role]
    error_extensions = {"code": ErrorCode.FORBIDDEN.value}  # noqa: RUF012

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        principal = principal_of(info)
        return principal is not None and principal.may(self.required)


class IsAnalyst(_RoleAtLeast):
    """Any valid key (ANALYST, STEWARD or ADMIN)."""

    required = Role.ANALYST
    message = "this needs an API key with role ANALYST or above"


class IsSteward(_RoleAtLeast):
    """Free text, birth years, writes: STEWARD or ADMIN."""

    required = Role.STEWARD
    message = "this needs role STEWARD or above"


class IsAdmin(_RoleAtLeast):
    """Keys, the audit trail, erasure: ADMIN only."""

    required = Role.ADMIN
    message = "this needs role ADMIN"


# Ready-made lists for `permission_classes=`.
ANALYST_AND_ABOVE: list[type[BasePermission]] = [IsAnalyst]
STEWARD_ONLY: list[type[BasePermission]] = [IsSteward]
ADMIN_ONLY: list[type[BasePermission]] = [IsAdmin]

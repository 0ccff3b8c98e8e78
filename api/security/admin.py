"""GraphQL fields for trust itself: who am I, the audit trail, API keys (ADMIN)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import ApiError, ErrorCode, bad_input, not_found
from api.security.audit import record_audit_async, require_principal
from api.security.limits import page_size
from api.security.permissions import IsAdmin, IsAnalyst
from kb.security import audit, erased, erasure, keys
from kb.security.roles import Role

RoleEnum = strawberry.enum(Role, name="Role", description="What an API key may do.")

MAX_FILTER_LENGTH = 200


@strawberry.type(description="The caller of this request.")
class Me:
    key_id: str
    role: RoleEnum  # type: ignore[valid-type]
    name: str


@strawberry.type(description="One audited read of family-level data, or one write.")
class AuditEvent:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(description="The id of the API key that acted.")
    role: str
    operation: str
    ids: list[str] = strawberry.field(
        description="Ids concerned; an erased id is written as its 'erased-' token (a keyed "
        "hash: the same in every event about that id, and useless for testing a guess)."
    )


@strawberry.type
class AuditEventPage:
    items: list[AuditEvent]
    end_cursor: str | None
    has_next_page: bool


@strawberry.type(description="An API key as listed (its token is never shown again).")
class ApiKey:
    id: strawberry.ID
    role: RoleEnum  # type: ignore[valid-type]
    name: str
    created_at: datetime
    revoked_at: datetime | None


@strawberry.type(description="A new key; `token` is shown this once and not stored.")
class CreatedApiKey:
    key: ApiKey
    token: str


def _api_key(key: keys.ApiKey) -> ApiKey:
    return ApiKey(**asdict(key))  # the same fields, as stored (no hash, no token)


def _short(value: str | None, argument: str) -> str | None:
    if value is not None and len(value) > MAX_FILTER_LENGTH:
        raise bad_input(
            f"{argument} is longer than {MAX_FILTER_LENGTH} characters", argument=argument
        )
    return value


def _identifier(value: strawberry.ID, argument: str) -> str:
    """An id argument as text, 1 to MAX_FILTER_LENGTH characters (a clear BAD_USER_INPUT if not)."""
    text = str(value)
    if not text or len(text) > MAX_FILTER_LENGTH:
        raise bad_input(f"{argument} must be 1 to {MAX_FILTER_LENGTH} characters", argument=argument)
    return text


@strawberry.type(description="How many nodes of one kind an erasure removed.")
class ErasedCount:
    kind: str
    count: int


@strawberry.type(description="What eraseFamily removed. The family id itself is not repeated.")
class ErasureReport:
    family_token: str = strawberry.field(
        description="The unlinkable token that replaced the family id in the audit trail."
    )
    audit_event_id: str
    nodes_removed: int
    relationships_removed: int
    audit_events_pseudonymised: int
    counts: list[ErasedCount]
    family_deleted_before: bool = strawberry.field(
        description="The family node was already gone (a deleteNode, before those were "
        "refused): what the delete left, family-level nodes no family reaches, was erased."
    )


@strawberry.type(
    description="An erasure in the register: loads refuse its family's rows until lifted."
)
class Erasure:
    family_token: str = strawberry.field(description="The family's token (as in the audit).")
    ids: int = strawberry.field(description="How many erased ids the register holds for it.")
    erased_at: datetime


@strawberry.type
class SecurityQuery:
    @strawberry.field(permission_classes=[IsAnalyst], description="Who this API key is.")
    def me(self, info: Info[Context, None]) -> Me:
        principal = require_principal(info.context)
        return Me(key_id=principal.key_id, role=principal.role, name=principal.name)

    @strawberry.field(
        permission_classes=[IsAdmin],
        description="The audit trail, newest first (ADMIN). `after` is the previous endCursor.",
    )
    async def audit_events(
        self,
        info: Info[Context, None],
        first: int = 50,
        after: str | None = None,
        operation: str | None = None,
        actor: str | None = None,
    ) -> AuditEventPage | None:
        size = page_size(first, info.context.db.settings)
        await record_audit_async(info.context, "auditEvents", [])
        try:
            events, more = await run_in_threadpool(
                audit.list_events,
                info.context.db,
                first=size,
                after=_short(after, "after"),
                operation=_short(operation, "operation"),
                actor=_short(actor, "actor"),
            )
        except LookupError:
            raise bad_input("after is not a cursor of this list", argument="after") from None
        return AuditEventPage(
            items=[AuditEvent(**asdict(e)) for e in events],  # the same fields, as stored
            end_cursor=events[-1].id if events else None,
            has_next_page=more,
        )

    @strawberry.field(
        permission_classes=[IsAdmin],
        description="The erasures whose families a load refuses, oldest first (ADMIN).",
    )
    async def erasures(self, info: Info[Context, None]) -> list[Erasure] | None:
        await record_audit_async(info.context, "erasures", [])
        found = await run_in_threadpool(erased.list_erasures, info.context.db)
        return [_erasure(e) for e in found]

    @strawberry.field(permission_classes=[IsAdmin], description="Every API key (ADMIN).")
    async def api_keys(self, info: Info[Context, None]) -> list[ApiKey] | None:
        return [_api_key(k) for k in await run_in_threadpool(keys.list_keys, info.context.db)]


@strawberry.type
class SecurityMutation:
    @strawberry.mutation(permission_classes=[IsAdmin], description="Create an API key (ADMIN).")
    async def create_api_key(
        self,
        info: Info[Context, None],
        role: RoleEnum,  # type: ignore[valid-type]
        name: str,
    ) -> CreatedApiKey:
        try:
            key, token = await run_in_threadpool(keys.create_key, info.context.db, role, name)
        except keys.KeyRequestError as error:
            raise bad_input(str(error), argument="name") from None
        await record_audit_async(info.context, "createApiKey", [key.id])
        return CreatedApiKey(key=_api_key(key), token=token)

    @strawberry.mutation(permission_classes=[IsAdmin], description="Revoke an API key (ADMIN).")
    async def revoke_api_key(self, info: Info[Context, None], id: strawberry.ID) -> ApiKey:
        key_id = str(id)
        if len(key_id) > MAX_FILTER_LENGTH:
            raise bad_input("id is too long", argument="id")
        principal = info.context.principal
        if principal is not None and principal.key_id == key_id:
            raise ApiError(ErrorCode.BAD_USER_INPUT, "a key cannot revoke itself", argument="id")
        key = await run_in_threadpool(keys.revoke_key, info.context.db, key_id)
        if key is None:
            raise not_found("API key", key_id)
        info.context.key_cache.forget_key(key_id)  # refused here at once; elsewhere within
        # KB_API_KEY_CACHE_SECONDS (each API process keeps its own key lookups)
        await record_audit_async(info.context, "revokeApiKey", [key_id])
        return _api_key(key)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Erase a family and everything that would identify it, in one "
        "transaction (ADMIN). See README, Security.",
    )
    async def erase_family(self, info: Info[Context, None], id: strawberry.ID) -> ErasureReport:
        family_id = _identifier(id, "id")
        principal = require_principal(info.context)
        try:
            report = await run_in_threadpool(
                erasure.erase_family, info.context.db, family_id, principal
            )
        except erasure.NoSuchFamily:
            raise not_found("family", family_id) from None
        return ErasureReport(
            family_token=report.family_token,
            audit_event_id=report.audit_event_id,
            nodes_removed=report.nodes_removed,
            relationships_removed=report.relationships_removed,
            audit_events_pseudonymised=report.audit_events_pseudonymised,
            counts=[ErasedCount(kind=k, count=v) for k, v in report.nodes.items()],
            family_deleted_before=report.deleted_before,
        )

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Lift an erasure (ADMIN): loads write its family's rows again. `family` "
        "is the family's id or its token. Audited (liftErasure).",
    )
    async def lift_erasure(self, info: Info[Context, None], family: strawberry.ID) -> Erasure:
        named = _identifier(family, "family")
        try:
            lifted = await run_in_threadpool(
                erasure.lift_erasure, info.context.db, require_principal(info.context), named
            )
        except erasure.NoSuchErasure:
            raise ApiError(
                ErrorCode.NOT_FOUND, "no erasure of that family is in the register"
            ) from None
        return _erasure(lifted)


def _erasure(found: erased.Erasure) -> Erasure:
    return Erasure(family_token=found.token, ids=found.ids, erased_at=found.erased_at)

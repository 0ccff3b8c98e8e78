"""Authentication: turn the request's API key into a `Principal`, or refuse with 401.

Keys come as `Authorization: Bearer <key>` or `X-API-Key: <key>`. In open mode
(KB_AUTH_MODE=open, loopback only) every request acts as ADMIN without a key.
"""

from __future__ import annotations

import logging

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse

from api.errors import RETRY_AFTER_SECONDS, ApiError, ErrorCode, database_error, error_body
from api.security.key_cache import KeyCache
from kb.security.roles import OPEN_MODE_PRINCIPAL, Principal
from kb.settings import Settings
from kb.storage.database import AsyncDatabase

# The same logger as the error policy's one line per GraphQL request with errors.
refusals = logging.getLogger("kb.api.errors")

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kb"'}


class Refused(HTTPException):
    """A request refused before GraphQL runs (401, 503); rendered GraphQL-style with a code
    by `refused_response`, so clients always find `errors[].extensions.code`."""

    def __init__(
        self, status_code: int, code: ErrorCode, message: str, headers: dict[str, str]
    ) -> None:
        super().__init__(status_code, message, headers=headers)
        self.code = code

    @classmethod
    def because(cls, error: ApiError) -> Refused:
        """The refusal for a coded error met before GraphQL ran (a database failure)."""
        if error.code is ErrorCode.UNAVAILABLE:
            return cls(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                error.code,
                error.message,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return cls(status.HTTP_400_BAD_REQUEST, error.code, error.message, headers={})


def refused_response(request: Request, error: Exception) -> JSONResponse:
    """The GraphQL-shaped answer to a refusal, and its one log line (no traceback)."""
    assert isinstance(error, Refused)
    level = logging.WARNING if error.code is ErrorCode.UNAVAILABLE else logging.INFO
    refusals.log(
        level, "request refused before GraphQL: %s (HTTP %d)", error.code, error.status_code
    )
    body = error_body(error.code, error.detail)
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


def token_from(request: Request) -> str | None:
    """The key the client sent, or None when it sent none."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return ""  # present but not a bearer token: counts as a wrong credential
    api_key = request.headers.get("x-api-key")
    if api_key is not None:
        return api_key.strip()
    return None


def wants_ide(request: Request) -> bool:
    """A browser fetching the GraphiQL page (the page itself holds no data)."""
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


async def principal_for(
    request: Request, settings: Settings, db: AsyncDatabase, keys: KeyCache
) -> Principal | None:
    """The caller, or HTTPException 401/503. None only for an anonymous GraphiQL page load.
    Keys are looked up through `keys` (at most `KB_API_KEY_CACHE_SECONDS` stale)."""
    if settings.auth_mode == "open":
        return OPEN_MODE_PRINCIPAL
    token = token_from(request)
    if token is None:
        if wants_ide(request) and "query" not in request.query_params:
            return None
        raise Refused(
            status.HTTP_401_UNAUTHORIZED,
            ErrorCode.UNAUTHENTICATED,
            "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
            headers=CHALLENGE,
        )
    try:
        principal = await keys.principal(db, token)
    except Exception as error:
        mapped = database_error(error, db.settings.neo4j_query_timeout)
        if mapped is None:
            raise
        raise Refused.because(mapped) from None
    if principal is None:
        raise Refused(
            status.HTTP_401_UNAUTHORIZED,
            ErrorCode.UNAUTHENTICATED,
            "the API key is unknown or revoked",
            headers=CHALLENGE,
        )
    return principal

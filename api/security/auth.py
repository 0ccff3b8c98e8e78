"""Authentication: turn the request's API key into a `Principal`, or refuse with 401.

Keys come as `Authorization: Bearer <key>` or `X-API-Key: <key>`. In open mode
(KB_AUTH_MODE=open, loopback only) every request acts as ADMIN without a key.
"""

from __future__ import annotations

import ipaddress
import logging

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.errors import RETRY_AFTER_SECONDS, ApiError, ErrorCode, database_error
from kb.security.keys import authenticate
from kb.security.roles import OPEN_MODE_PRINCIPAL, Principal
from kb.settings import Settings
from kb.storage.database import Database

log = logging.getLogger("kb.security")
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
    body = {"errors": [{"message": error.detail, "extensions": {"code": error.code.value}}]}
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


class OpenModeRefused(RuntimeError):
    """Open mode asked for on an address that is not loopback."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_auth_mode(settings: Settings, host: str | None = None) -> None:
    """Refuse open mode off loopback; warn loudly when it is on. Called at start-up."""
    if settings.auth_mode != "open":
        return
    bound = host or settings.api_host
    if not is_loopback(bound):
        raise OpenModeRefused(
            f"KB_AUTH_MODE=open serves everyone as ADMIN without keys and is only allowed on "
            f"a loopback address, and the API would listen on {bound!r} (KB_API_HOST or "
            "--host). Use KB_AUTH_MODE=keys."
        )
    banner = "!" * 72
    log.warning(
        "\n%s\n!! KB_AUTH_MODE=open: NO API KEYS. Every request acts as ADMIN.\n"
        "!! For local development on %s only. Never use with real data.\n%s",
        banner,
        bound,
        banner,
    )


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


async def principal_for(request: Request, settings: Settings, db: Database) -> Principal | None:
    """The caller, or HTTPException 401/503. None only for an anonymous GraphiQL page load."""
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
        principal = await run_in_threadpool(authenticate, db, token)
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

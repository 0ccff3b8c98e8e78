"""The /graphql router with trust built in: who is asking, and HTTP statuses that say why.

The status is worked out from the finished response (not from shared state), so
concurrent requests cannot see each other's: 503 when the database was
unreachable, 403 when every requested root field was refused, 401 for
UNAUTHENTICATED, 200 otherwise (GraphQL's usual partial answers).
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from cross_web import HTTPException
from fastapi import Request, status
from graphql import GraphQLError
from starlette.responses import HTMLResponse, Response
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from api.context import Context
from api.errors import ErrorCode
from api.security.auth import Refused, principal_for
from api.security.errors import MASKED_MESSAGE
from api.security.request_json import decode_request_json
from api.web.routes import graphiql_page
from kb.settings import Settings

log = logging.getLogger("kb.api.errors")


def status_for(body: GraphQLHTTPResponse | list[GraphQLHTTPResponse]) -> int | None:
    """The HTTP status a GraphQL answer deserves, or None to keep the default."""
    answers: list[Any] = body if isinstance(body, list) else [body]
    codes = [
        (error.get("extensions") or {}).get("code")
        for answer in answers
        for error in (answer.get("errors") or [])
    ]
    if not codes:
        return None
    if ErrorCode.UNAVAILABLE.value in codes:
        return 503
    nothing_answered = all(
        answer.get("data") is None or all(v is None for v in (answer.get("data") or {}).values())
        for answer in answers
    )
    if nothing_answered and all(c == ErrorCode.UNAUTHENTICATED.value for c in codes):
        return 401
    if nothing_answered and all(c == ErrorCode.FORBIDDEN.value for c in codes):
        return 403
    return None


class SecureGraphQLRouter(GraphQLRouter[Context, None]):
    def encode_json(self, data: object) -> bytes | str:
        """Answers encoded by orjson (several times faster than the standard library);
        what orjson refuses (a lone surrogate in a string, an integer beyond 64 bits) is
        encoded by the standard library, which escapes it."""
        try:
            return orjson.dumps(data)
        except orjson.JSONEncodeError:
            return super().encode_json(data)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        """GraphiQL from this server's own copies of its assets (api/web), not a CDN."""
        return graphiql_page()

    def decode_json(self, data: str | bytes) -> object:
        """UTF-8, at most 32 levels deep, real text in every string: or a 400
        (api/security/request_json.py)."""
        return decode_request_json(data)

    def parse_json(self, data: str | bytes) -> Any:
        """JSON that is not an object (or a batch list) is a 400, not strawberry's 500."""
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "the request body must be a JSON object with a 'query'")
        return parsed

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """strawberry's own refusals (a batch, text/plain, JSON that is not an object) in
        GraphQL's error shape, like every other refusal (`Refused`), not as plain text."""
        try:
            return await super().run(request, context=context, root_value=root_value)
        except HTTPException as refusal:
            code = (
                ErrorCode.LIMIT_EXCEEDED
                if refusal.status_code == status.HTTP_413_CONTENT_TOO_LARGE
                else ErrorCode.BAD_USER_INPUT
            )
            raise Refused(refusal.status_code, code, refusal.reason, headers={}) from None

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Last net: an error that still has no code (a library's own exception) is masked."""
        if result.errors:
            result.errors = [_coded(error) for error in result.errors]
        return await super().process_result(request, result)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        status = status_for(response_data)
        if status is not None:
            response.status_code = status
            if status == 503:
                response.headers["Retry-After"] = "5"
        return response


def _coded(error: GraphQLError) -> GraphQLError:
    if "code" in (error.extensions or {}):
        return error
    log.error("GraphQL error without a code, masked: %s", error.message)
    return GraphQLError(
        MASKED_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL"}
    )


def context_getter(settings: Settings) -> Any:
    async def context(request: Request) -> Context:
        state = request.app.state
        principal = await principal_for(request, settings, state.async_db, state.key_cache)
        return Context(
            db=state.db,
            async_db=state.async_db,
            audit_log=state.audit_log,
            key_cache=state.key_cache,
            principal=principal,
        )

    return context

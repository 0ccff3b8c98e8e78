"""Error policy: every GraphQL error leaves with a code and without internals.

- Neo4j unreachable (ServiceUnavailable, SessionExpired, a dropped socket) -> UNAVAILABLE
  (the router turns it into HTTP 503);
- a Cypher transaction cut off by the server-side timeout -> LIMIT_EXCEEDED;
- validation errors -> LIMIT_EXCEEDED for the limiters, BAD_USER_INPUT otherwise;
- anything that is not a GraphQLError (an ApiError, a permission refusal) is masked:
  "Internal error" with code INTERNAL; the detail goes to the server log only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from graphql import GraphQLError
from neo4j.exceptions import ClientError, DriverError, ServiceUnavailable, SessionExpired
from strawberry.extensions import MaskErrors

from api.errors import ErrorCode

log = logging.getLogger("kb.api.errors")

UNAVAILABLE_MESSAGE = "the knowledge base's database is unavailable; try again shortly"
MASKED_MESSAGE = "Internal error; it has been logged."
# Words in the messages of strawberry's and graphql-core's limit checks.
LIMIT_MARKERS = ("maximum operation depth", "aliases found", "tokens", "exceeds maximum")
UNAVAILABLE_ERRORS = (ServiceUnavailable, SessionExpired, ConnectionError)


def is_unavailable(error: BaseException | None) -> bool:
    if isinstance(error, UNAVAILABLE_ERRORS):
        return True
    # The driver wraps socket failures it meets mid-transaction.
    return isinstance(error, DriverError) and "defunct" in str(error).lower()


def is_timeout(error: BaseException | None) -> bool:
    return isinstance(error, ClientError) and "TransactionTimedOut" in (error.code or "")


def _with_code(
    error: GraphQLError, code: ErrorCode, message: str | None = None, **details: object
) -> GraphQLError:
    return GraphQLError(
        message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code.value, **details},
    )


class ErrorPolicy(MaskErrors):
    """strawberry's MaskErrors, after giving every error that may be shown its code."""

    def __init__(self, query_timeout: float) -> None:
        super().__init__(should_mask_error=self._should_mask, error_message=MASKED_MESSAGE)
        self.query_timeout = query_timeout
        self._classify: Callable[[GraphQLError], GraphQLError] = self.classify

    @staticmethod
    def _should_mask(error: GraphQLError) -> bool:
        original = error.original_error
        return original is not None and not isinstance(original, GraphQLError)

    def classify(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if is_unavailable(original):
            log.warning("Neo4j unavailable during a GraphQL request: %s", original)
            return _with_code(error, ErrorCode.UNAVAILABLE, UNAVAILABLE_MESSAGE)
        if is_timeout(original):
            return _with_code(
                error,
                ErrorCode.LIMIT_EXCEEDED,
                f"the query ran longer than the server's limit of {self.query_timeout:g} s; "
                "ask for less (smaller pages, a narrower period)",
                limit=self.query_timeout,
            )
        if (original is None or isinstance(original, GraphQLError)) and "code" not in (
            error.extensions or {}
        ):
            # GraphQL's own errors: syntax, validation, variable and argument coercion.
            lowered = error.message.lower()
            code = (
                ErrorCode.LIMIT_EXCEEDED
                if any(marker in lowered for marker in LIMIT_MARKERS)
                else ErrorCode.BAD_USER_INPUT
            )
            return _with_code(error, code)
        if self._should_mask(error):
            log.error(
                "unexpected error in %s",
                ".".join(str(p) for p in error.path or ()) or "the operation",
                exc_info=original,
            )
        return error

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return super()._process_errors([self._classify(e) for e in errors])

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL.value}
        return masked

"""Error policy: every GraphQL error leaves with a code and without internals, and a
request with errors writes one line to the server log.

- database failures -> the code and wording of `api.errors.database_error`
  (UNAVAILABLE becomes HTTP 503 in the router; a timeout is LIMIT_EXCEEDED);
- validation errors -> LIMIT_EXCEEDED for the limiters, BAD_USER_INPUT otherwise;
- anything that is not a GraphQLError (an ApiError, a permission refusal) is masked:
  "Internal error" with code INTERNAL; the detail goes to the server log only.

Logging: one line per request that has errors, with the codes and how many of each
(a request asking a forbidden field 600 times is one line, not 600). User errors
(`api.errors.USER_ERRORS`) are logged at INFO, an unavailable database at WARNING,
both without a traceback; a fault (INTERNAL) is logged at ERROR with the traceback
of its first occurrence. strawberry's own per-error logging is off (`api.schema`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from api.errors import USER_ERRORS, ErrorCode, database_error

log = logging.getLogger("kb.api.errors")

MASKED_MESSAGE = "Internal error; it has been logged."
# Words in the messages of strawberry's and graphql-core's limit checks.
LIMIT_MARKERS = ("maximum operation depth", "aliases found", "tokens", "exceeds maximum")
# At most this many error paths are named in the log line.
PATHS_LOGGED = 3


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


def _is_fault(error: GraphQLError) -> bool:
    """Not an error the API raised on purpose: a bug, masked as INTERNAL."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def _code_of(error: GraphQLError) -> str:
    if _is_fault(error):
        return ErrorCode.INTERNAL.value
    return str((error.extensions or {}).get("code", ErrorCode.INTERNAL.value))


def log_request_errors(errors: list[GraphQLError], operation: str | None) -> None:
    """The one log line of a request with errors (classified, not yet masked)."""
    codes = Counter(_code_of(error) for error in errors)
    faults = [error for error in errors if _is_fault(error)]
    paths = [".".join(str(p) for p in error.path) for error in errors if error.path]
    where = f" at {', '.join(dict.fromkeys(paths[:PATHS_LOGGED]))}" if paths else ""
    summary = ", ".join(f"{code} x{count}" for code, count in codes.most_common())
    line = f"GraphQL {operation or 'anonymous'} operation answered with {summary}{where}"
    if faults or ErrorCode.INTERNAL.value in codes:
        first = faults[0].original_error if faults else None
        log.error(line, exc_info=first)
    elif set(codes) <= {code.value for code in USER_ERRORS}:
        log.info(line)
    else:
        log.warning(line)


class ErrorPolicy(MaskErrors):
    """strawberry's MaskErrors, after giving every error that may be shown its code."""

    def __init__(self, query_timeout: float) -> None:
        super().__init__(should_mask_error=_is_fault, error_message=MASKED_MESSAGE)
        self.query_timeout = query_timeout
        self._classify: Callable[[GraphQLError], GraphQLError] = self.classify

    def classify(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        mapped = database_error(original, self.query_timeout)
        if mapped is not None:
            details = {k: v for k, v in (mapped.extensions or {}).items() if k != "code"}
            return _with_code(error, mapped.code, mapped.message, **details)
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
        return error

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        classified = [self._classify(e) for e in errors]
        if classified:
            log_request_errors(classified, self.execution_context.operation_name)
        return super()._process_errors(classified)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL.value}
        return masked

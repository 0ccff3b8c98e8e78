"""What went wrong with a statement, as the few kinds a caller can act on.

The driver raises many exception classes and Neo4j many status codes; callers need
to know only which of these happened, so every layer asks `failure_of` instead of
testing classes or codes itself (the API turns each kind into one code and one
wording: `api/errors.py`). Anything else a statement raises is a fault: a bug in a
statement or in the code, reported as such.
"""

from __future__ import annotations

from enum import StrEnum

from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    NotALeader,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)


class Failure(StrEnum):
    """A database failure a caller can act on (retry later, or ask for less)."""

    UNAVAILABLE = "unavailable"  # the server cannot be reached, or its database is offline
    BUSY = "busy"  # a transient conflict (deadlock, lock wait) left over after the retries
    TIMEOUT = "timeout"  # the transaction ran past the server-side time limit
    MEMORY = "memory"  # the transaction needed more memory than one may use
    CONSTRAINT = "constraint"  # a write broke a uniqueness or existence constraint


# Status-code fragments, checked in this order (a memory error is also transient).
_TIMEOUT_CODES = ("TransactionTimedOut", "Transaction.Terminated", "LockClientStopped")
_MEMORY_CODES = ("MemoryPoolOutOfMemoryError", "TransactionMemoryLimit", "OutOfMemoryError")


def failure_of(error: BaseException | None) -> Failure | None:
    """The kind of database failure `error` is, or None when it is not one (a fault)."""
    if error is None:
        return None
    if isinstance(error, Neo4jError):
        code = error.code or ""
        if any(fragment in code for fragment in _TIMEOUT_CODES):
            return Failure.TIMEOUT
        if any(fragment in code for fragment in _MEMORY_CODES):
            return Failure.MEMORY
        if isinstance(error, ConstraintError):
            return Failure.CONSTRAINT
        if isinstance(error, DatabaseUnavailable | NotALeader):
            return Failure.UNAVAILABLE
        if isinstance(error, TransientError):
            return Failure.BUSY
        return None
    if isinstance(error, ConnectionAcquisitionTimeoutError):
        return Failure.BUSY  # every pooled connection stayed in use for the whole wait
    if isinstance(error, ServiceUnavailable | SessionExpired | ConnectionError):
        return Failure.UNAVAILABLE
    # The driver wraps socket failures it meets mid-transaction ("defunct connection").
    if isinstance(error, DriverError) and "defunct" in str(error).lower():
        return Failure.UNAVAILABLE
    return None

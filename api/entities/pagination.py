"""Relay connections: opaque cursors, page windows and the generic Connection type.

A cursor names a position in one ordered result (an offset, base64-encoded), so pages
are taken with SKIP/LIMIT over an order that always ends with the id as tie-break. It
also carries a short fingerprint of the query it came from (connection, filter, order),
so a cursor reused with another filter or order is refused instead of paging wrongly.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from api.errors import bad_input

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "kb:v1:"


def scope_of(*parts: object) -> str:
    """A short fingerprint of what a page is a page of (name, filter, order)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:10]


def encode_cursor(offset: int, scope: str = "") -> str:
    text = f"{_CURSOR_PREFIX}{scope}:{offset}"
    return base64.urlsafe_b64encode(text.encode()).decode("ascii")


def decode_cursor(cursor: str, scope: str = "", argument: str = "after") -> int:
    """The offset a cursor names, or BAD_USER_INPUT when this API did not issue it for
    this connection with this filter and order."""
    problem = bad_input(
        f"`{argument}` is not a cursor issued by this API (use a `cursor` or "
        f"`pageInfo.endCursor` value from an earlier answer)",
        argument=argument,
    )
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise problem from None
    if not text.startswith(_CURSOR_PREFIX):
        raise problem
    issued_for, _, offset_text = text.removeprefix(_CURSOR_PREFIX).rpartition(":")
    if not offset_text.isdigit() or len(offset_text) > 9:
        raise problem
    if issued_for != scope:
        raise bad_input(
            f"`{argument}` is a cursor of another query (a different connection, filter or "
            f"order); ask for the first page again without `{argument}`",
            argument=argument,
        )
    return int(offset_text)


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered result a page is: rows skip .. skip+limit."""

    skip: int
    limit: int
    scope: str = ""


def window(
    first: int | None, after: str | None, largest: int = MAX_PAGE_SIZE, scope: str = ""
) -> Window:
    """Check `first` (1..largest) and `after` (a cursor of `scope`) and make a window."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= largest:
        raise bad_input(
            f"`first` must be between 1 and {largest}, got {size}",
            argument="first",
            min=1,
            max=largest,
        )
    skip = 0 if after is None else decode_cursor(after, scope, "after") + 1
    return Window(skip=skip, limit=size, scope=scope)


@strawberry.type(description="One page of an ordered result (Relay connection).")
class Connection(relay.Connection[NodeType]):
    total_count: int = strawberry.field(description="How many items match, over all pages.")
    nodes: list[NodeType] = strawberry.field(description="The page's items without their cursors.")

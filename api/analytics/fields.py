"""What every analytics root field does, written once.

A field needs an API key of ANALYST or above (`analytics_field`) and is answered by
one function of kb.analytics (one or two reads, whatever the size of the answer): in a
worker thread, or on the event loop where kb.analytics has it on the async driver
(`OnLoop`), its domain errors turned into coded GraphQL errors (`answer`: nothing of
Cypher or a stack trace reaches the client), under the audit rule (`answer_audited`;
`audited` and `audited_read`, a `OneRead`'s, for a field that names at most one family).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.context import Context
from api.errors import ApiError, ErrorCode, bad_input, database_error
from api.security.family_reads import read_family_data
from api.security.permissions import ANALYST_AND_ABOVE
from kb.analytics.errors import InvalidArgument, SearchTooBroad, UnknownEntity
from kb.analytics.one_read import OneRead
from kb.settings import get_settings
from kb.storage.database import Database

T = TypeVar("T")


def analytics_field(description: str) -> Any:
    """A root field of the analytics (ANALYST or above), described for the schema."""
    return strawberry.field(permission_classes=ANALYST_AND_ABOVE, description=description)


@dataclass(frozen=True)
class OnLoop(Generic[T]):
    """An analytic on the async driver (`Context.async_db`): awaited on the event loop,
    with no worker-thread hop. `answer` takes one wherever it takes a blocking analytic."""

    read: Callable[[], Awaitable[T]]


async def answer(work: Callable[[], T] | OnLoop[T], timeout_seconds: float | None = None) -> T:
    """Run an analytic, translating its errors: a blocking one in the thread pool (one hop
    per request), an `OnLoop` one on the event loop. `timeout_seconds` is the server-side
    limit its statements run under, named in a timeout's message (the configured one
    when not given)."""
    try:
        if isinstance(work, OnLoop):
            return await work.read()
        return await run_in_threadpool(work)
    except InvalidArgument as error:
        raise bad_input(error.message, argument=error.argument) from None
    except UnknownEntity as error:
        raise ApiError(ErrorCode.NOT_FOUND, str(error), id=error.entity_id) from None
    except SearchTooBroad as error:
        raise ApiError(ErrorCode.LIMIT_EXCEEDED, str(error)) from None
    except Exception as error:
        limit = get_settings().neo4j_query_timeout if timeout_seconds is None else timeout_seconds
        mapped = database_error(error, limit)
        if mapped is None:
            raise  # a fault: the error policy masks it and logs its traceback
        raise mapped from None


async def answer_audited(
    context: Context,
    family_ids: list[str],
    work: Callable[[], T] | OnLoop[T],
    *,
    attempted: list[str] | None = None,
    touched: Callable[[T], Iterable[str]] | None = None,
) -> T:
    """`answer(work)` under the audit rule (`api.security.family_reads.read_family_data`):
    `family_ids` (the families the arguments name) logged beside the read, `attempted`
    logged if it fails, `touched(result)` (families only the answer names) before it is
    returned. A new analytics field that reaches family data calls this."""
    return await read_family_data(
        context,
        lambda: answer(work, context.db.settings.neo4j_query_timeout),
        named=family_ids,
        attempted=attempted or (),
        touched=touched,
    )


async def audited(
    info: Info[Context, None],
    family_id: strawberry.ID | None,
    work: Callable[[Database], T],
    *,
    attempted: list[str] | None = None,
    touched: Callable[[T], Iterable[str]] | None = None,
) -> T:
    """The blocking `work(db)`, in a worker thread, by `answer_audited`: the family
    `family_id` logged beside the read (None: the arguments name no family)."""
    context = info.context
    return await answer_audited(
        context, _named(family_id), lambda: work(context.db), attempted=attempted, touched=touched
    )


async def audited_read(
    info: Info[Context, None],
    family_id: strawberry.ID | None,
    read: Callable[[], OneRead[T]],
    *,
    touched: Callable[[T], Iterable[str]] | None = None,
) -> T:
    """The `OneRead` that `read()` makes, on the async driver (on the event loop), as
    `audited`; made inside `answer`, so that its argument checks are translated too."""
    context = info.context
    return await answer_audited(
        context,
        _named(family_id),
        OnLoop(lambda: read().run_async(context.async_db)),
        touched=touched,
    )


def _named(family_id: strawberry.ID | None) -> list[str]:
    return [] if family_id is None else [str(family_id)]

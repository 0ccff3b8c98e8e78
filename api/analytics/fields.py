"""What every analytics root field does, written once: it needs an API key of ANALYST or
above (`analytics_field`), and answers by running one kb.analytics function under the
audit rule, naming the family its arguments name (`audited`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from api.analytics.query import answer_audited
from api.context import Context
from api.security.permissions import ANALYST_AND_ABOVE
from kb.storage.database import Database

T = TypeVar("T")


def analytics_field(description: str) -> Any:
    """A root field of the analytics (ANALYST or above), described for the schema."""
    return strawberry.field(permission_classes=ANALYST_AND_ABOVE, description=description)


async def audited(
    info: Info[Context, None],
    family_id: strawberry.ID | None,
    work: Callable[[Database], T],
    *,
    touched: Callable[[T], Iterable[str]] | None = None,
) -> T:
    """`work(db)` answered by `answer_audited`: the family `family_id` logged beside the
    read (None: the question names no family), `touched(result)` the ones only the
    answer names."""
    context = info.context
    named = [] if family_id is None else [str(family_id)]
    return await answer_audited(context, named, lambda: work(context.db), touched=touched)

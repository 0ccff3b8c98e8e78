"""The plans and statements of recently asked requests, reused (per process, LRU).

Planning a request's entity root fields (`plan.py`) and translating them (`translate.py`)
depend on nothing but the document, the operation, the variables, the caller's role and
the page-size limit; so a request asked again (a dashboard refreshing, a client paging
the same view, the same family looked up twice) reuses both instead of walking the
selection set and building the text again. The key holds all of those, the variables as
canonical JSON: a request whose variables cannot be put so (a value of a type JSON does
not know) is planned afresh, and so is one with refused root fields (their errors are
the request's own). Bounded like the document caches (`KB_API_DOCUMENT_CACHE_SIZE`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


class PlanCache:
    """What `make()` returned for the most recently seen keys."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get_or_make(
        self,
        key: tuple[Any, ...] | None,
        size: int,
        make: Callable[[], T],
        keep: Callable[[T], bool],
    ) -> T:
        """`make()`, or what it made for `key` before; kept when `keep(made)`."""
        if key is None or size <= 0:
            return make()
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            made: T = found
            return made
        made = make()
        if keep(made):
            self._kept[key] = made
            while len(self._kept) > size:
                self._kept.popitem(last=False)
        return made


def request_key(
    raw_info: Any, variables: dict[str, Any], role: Any, page_limit: int
) -> tuple[Any, ...] | None:
    """What a request's plan depends on, or None when it cannot be keyed."""
    operation = raw_info.operation
    if operation.loc is None:
        return None
    try:
        values = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError: a value JSON does not know
        return None
    name = operation.name.value if operation.name else None
    # The schema's id: schemas built from other settings never share plans.
    return (id(raw_info.schema), page_limit, operation.loc.source.body, name, role, values)

"""The audit rule for reads of family-level data, in one place: `read_family_data`.

Family-level data is everything the knowledge base holds *of a family*: the family's
own properties and whatever belongs to it - its clients (through BELONGS_TO), its
episodes, the interactions and boundary objects that concern it (and interactions a
client of it took part in), the perspectives on it or on its boundary objects or held
by its clients, the tensions about it, its interactions or objects, or with one of its
clients as a party - and every relationship that ties such a thing to anything else
(who was allocated, who took part). It is what `eraseFamily` takes with the family.
A bare id listed on its own (`families { nodes { id } }`) is not family-level data.

Every read of it is logged as one `readFamily` audit event naming the families, and
answered only once the event is committed; a read that fails is still logged, with
the ids its arguments named, as an attempt. Which families a read touches comes from
two places, both given to `read_family_data`:
- what its arguments name (`named`: a `familyId`; `attempted`: ids that may name a
  family, such as a path's endpoints, logged only if the read fails);
- what its answer contains (`touched`: the families found in the answer).

Every API field that can reach family data calls `read_family_data` (the entity graph,
`api/entities/`, and every analytics field, `api/analytics/query.py`); a test walks
the schema to keep it so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from api.security.audit import record_audit_async, require_principal

T = TypeVar("T")

# The audit operation of a read of family-level data.
READ_FAMILY = "readFamily"


async def read_family_data(
    context: Any,
    read: Callable[[], Awaitable[T]],
    *,
    named: Iterable[str] = (),
    attempted: Iterable[str] = (),
    touched: Callable[[T], Iterable[str]] | None = None,
) -> T:
    """`await read()`, with the families it touches logged (`readFamily`) before it answers.

    - `named`: families the arguments name, known before the read; their event is written
      beside the read (the request waits for the slower of the two, not the sum), and
      stands whether the read succeeds or fails.
    - `attempted`: ids the arguments name that may be families (or an erased family's id);
      logged, as given, only when the read fails (an attempt).
    - `touched(answer)`: the families the answer contains; those not already `named` are
      logged once the answer is known, before it is returned.

    Nothing is answered unlogged: a failed audit write fails the request. No principal:
    UNAUTHENTICATED before the read starts. No family at all: no event.
    """
    require_principal(context)
    known = list(dict.fromkeys(named))
    beside = asyncio.ensure_future(_record(context, known)) if known else None
    try:
        answer = await read()
    except BaseException:
        tried = [i for i in dict.fromkeys(attempted) if i not in known]
        # The read's own error is the answer; the attempt is logged all the same.
        await asyncio.gather(
            *(w for w in (beside, _record(context, tried) if tried else None) if w),
            return_exceptions=True,
        )
        raise
    found = [] if touched is None else [i for i in dict.fromkeys(touched(answer)) if i not in known]
    if beside is not None:
        await beside
    if found:
        await _record(context, found)
    return answer


async def _record(context: Any, ids: list[str]) -> None:
    await record_audit_async(context, READ_FAMILY, ids)

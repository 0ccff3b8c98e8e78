"""API keys looked up once per `KB_API_KEY_CACHE_SECONDS`, not once per request.

Each API process keeps the answers of its recent key lookups (the principal, or
"no such active key") keyed by the token's stored hash. An answer is reused until
`seconds` after the lookup that produced it *started*, so whatever happens to a key
in the database - revoked, its role changed - is seen by every process at most
`seconds` later: a revoked key is refused within that bound, by each replica on its
own. A revocation made through this process's own API (`revokeApiKey`) forgets the
key at once. 0 turns the cache off (every request looks its key up).

At most `max_entries` answers are kept (least recently used go first), so a flood of
made-up tokens costs lookups, not memory.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from kb.security.keys import FIND_KEY, key_lookup, principal_of
from kb.security.roles import Principal
from kb.storage.database import AsyncDatabase

MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class _Answer:
    principal: Principal | None
    looked_up_at: float


class KeyCache:
    """The answers of recent key lookups, each reused for at most `seconds`."""

    def __init__(
        self,
        seconds: float,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._clock = clock
        self._answers: OrderedDict[str, _Answer] = OrderedDict()

    async def principal(self, db: AsyncDatabase, token: str) -> Principal | None:
        """Who `token` stands for, or None for an unknown, revoked or malformed token."""
        lookup = key_lookup(token, db.settings.api_key_pepper)
        if lookup is None:
            return None
        digest = lookup["hash"]
        started = self._clock()
        cached = self._answers.get(digest)
        if cached is not None and started - cached.looked_up_at < self.seconds:
            self._answers.move_to_end(digest)
            return cached.principal
        principal = principal_of(await db.read(FIND_KEY, lookup))
        if self.seconds > 0:
            self._answers[digest] = _Answer(principal, started)
            self._answers.move_to_end(digest)
            while len(self._answers) > self.max_entries:
                self._answers.popitem(last=False)
        return principal

    def forget_key(self, key_id: str) -> None:
        """Drop what is known of a key (this process revoked it: refuse it from now on)."""
        stale = [
            digest
            for digest, answer in self._answers.items()
            if answer.principal is not None and answer.principal.key_id == key_id
        ]
        for digest in stale:
            del self._answers[digest]

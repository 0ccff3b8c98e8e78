"""Key lookups cached per process with a bounded staleness (KB_API_KEY_CACHE_SECONDS):
a key revoked elsewhere (`kb keys revoke`, another replica) still works at most that
long, then is refused; one revoked through this process's API is refused at once."""

from __future__ import annotations

import time

import pytest

from kb.security.keys import create_key, revoke_key
from kb.security.roles import Role
from kb.storage.database import AsyncDatabase, Database
from tests.security_support import gql, keyed_client

ME = "{ me { keyId role } }"
STALENESS = 2.0  # seconds, for the test (the default is 5)


def test_a_key_revoked_elsewhere_is_refused_within_the_bound(db: Database) -> None:
    with keyed_client(db, api_key_cache_seconds=STALENESS) as (client, tokens):
        token = tokens[Role.ANALYST]
        key_id = gql(client, ME, token).json()["data"]["me"]["keyId"]
        revoke_key(db, key_id)  # as `kb keys revoke` or another API process would
        revoked_at = time.monotonic()
        statuses: list[tuple[float, int]] = []
        while time.monotonic() - revoked_at < STALENESS + 1:
            statuses.append((time.monotonic() - revoked_at, gql(client, ME, token).status_code))
            time.sleep(0.05)
    assert {status for _, status in statuses} <= {200, 401}
    # The cached answer is used right after the revocation (the cache is real) ...
    assert statuses[0][1] == 200
    # ... for at most the bound: a request sent that long after the revocation is refused,
    # and once refused, the key stays refused.
    assert all(status == 401 for at, status in statuses if at >= STALENESS), statuses
    first_refusal = next(at for at, status in statuses if status == 401)
    assert all(status == 401 for at, status in statuses if at >= first_refusal), statuses


def test_a_key_revoked_through_this_api_is_refused_at_once(db: Database) -> None:
    with keyed_client(db, api_key_cache_seconds=600) as (client, tokens):
        token = tokens[Role.STEWARD]
        key_id = gql(client, ME, token).json()["data"]["me"]["keyId"]
        gql(client, f'mutation {{ revokeApiKey(id: "{key_id}") {{ id }} }}', tokens[Role.ADMIN])
        assert gql(client, ME, token).status_code == 401


def test_zero_turns_the_cache_off(db: Database) -> None:
    with keyed_client(db, api_key_cache_seconds=0) as (client, tokens):
        token = tokens[Role.ANALYST]
        key_id = gql(client, ME, token).json()["data"]["me"]["keyId"]
        revoke_key(db, key_id)
        assert gql(client, ME, token).status_code == 401


def test_a_key_is_looked_up_once_per_bound_not_per_request(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups: list[str] = []
    read = AsyncDatabase.read

    async def counted(self: AsyncDatabase, name: str, *args: object) -> object:
        lookups.append(name)
        return await read(self, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(AsyncDatabase, "read", counted)
    with keyed_client(db, api_key_cache_seconds=600) as (client, tokens):
        answers = [gql(client, ME, tokens[Role.ANALYST]).status_code for _ in range(10)]
        _, other = create_key(db, Role.ANALYST, "a second key")
        answers.append(gql(client, ME, other).status_code)
        unknown = [gql(client, ME, "kb_" + "x" * 43).status_code for _ in range(3)]
    assert answers == [200] * 11 and unknown == [401] * 3
    # One lookup per key: the first key, the second, and the unknown token (its answer,
    # "no such key", is kept too).
    assert lookups.count("security/find_api_key") == 3

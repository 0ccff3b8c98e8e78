"""The offline rebuild keeps every property value with its Neo4j type: encode, through
JSON, then decode gives back an equal value of the same type."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import neo4j.time as neo4j_time
import pytest

from kb.storage.rebuild import RebuildError, decode, encode

VALUES: list[Any] = [
    "text with \u00e9 and a \n newline",
    42,
    -1.5,
    True,
    ["a", "b"],
    neo4j_time.DateTime(2020, 3, 1, 9, 0, 0, 123456789, tzinfo=dt.UTC),
    neo4j_time.DateTime(2020, 3, 1, 9, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    neo4j_time.Date(2019, 12, 31),
    neo4j_time.Duration(months=1, days=2, seconds=3, nanoseconds=4),
    b"\x00\xffbytes",
    [neo4j_time.Date(2020, 1, 1), neo4j_time.Date(2020, 1, 2)],
]


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:40] for v in VALUES])
def test_a_value_comes_back_equal_and_of_its_type(value: Any) -> None:
    back = decode(json.loads(json.dumps(encode(value))))
    assert back == value
    assert type(back) is type(value)
    if isinstance(value, neo4j_time.DateTime):
        assert back.utcoffset() == value.utcoffset()


def test_a_type_it_cannot_keep_stops_the_rebuild_before_anything_changes() -> None:
    with pytest.raises(RebuildError, match="nothing was changed"):
        encode(object())

"""Dates and instants read the same whether a statement returns the driver's temporal
values or their ISO-8601 text (kb/storage/values.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import neo4j.time
import pytest

from kb.storage.values import to_date, to_instant


def test_a_date_as_text_is_the_date() -> None:
    assert to_date("2024-02-29") == date(2024, 2, 29)
    assert to_date(neo4j.time.Date(2024, 2, 29)) == date(2024, 2, 29)
    assert to_date(None) is None


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-09T10:30:00Z",  # Neo4j's toString of a UTC instant
        "2024-07-09T11:30:00+01:00",
        "2024-07-09T11:30:00+01:00[Europe/London]",  # a named zone adds nothing
        "2024-07-09T10:30:00.000Z",
    ],
)
def test_an_instant_as_text_is_the_instant_in_utc(text: str) -> None:
    instant = to_instant(text)
    assert instant == datetime(2024, 7, 9, 10, 30, tzinfo=UTC)
    assert instant is not None and instant.utcoffset() == timedelta(0)


def test_text_and_the_drivers_value_read_alike() -> None:
    value = neo4j.time.DateTime(2023, 3, 6, 16, 45, 0, 120_000_000, tzinfo=UTC)  # nanoseconds
    assert to_instant("2023-03-06T16:45:00.12Z") == to_instant(value)
    assert to_instant(None) is None

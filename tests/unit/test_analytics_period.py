"""The period rule (kb.analytics.period): `after` inclusive, `before` exclusive, for
instants and for the days of allocations; `after == before` is empty.

Expected answers come from the definition, computed another way: a day is in the
period when the half-open intervals [day 00:00, next day 00:00) and [after, before)
overlap (max of the starts < min of the ends); checked by hand at both ends and
with hypothesis everywhere else. No database.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.analytics.errors import InvalidArgument
from kb.analytics.period import EARLIEST, LATEST, Period
from kb.storage.cypher import all_names, statement


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_instants_after_inclusive_before_exclusive() -> None:
    period = Period.of(at("2024-03-01T00:00"), at("2024-03-05T00:00"))
    assert period.contains(at("2024-03-01T00:00"))
    assert period.contains(at("2024-03-04T23:59:59.999999"))
    assert not period.contains(at("2024-03-05T00:00"))
    assert not period.contains(at("2024-02-29T23:59:59.999999"))


def test_days_of_a_period_at_both_ends() -> None:
    period = Period.of(at("2024-03-01T00:00"), at("2024-03-05T00:00"))
    assert period.days == (date(2024, 3, 1), date(2024, 3, 4))
    assert not period.touches_days(date(2024, 3, 5), None)  # starts on before's day
    assert period.touches_days(date(2024, 3, 4), None)
    assert period.touches_days(date(2024, 1, 1), date(2024, 3, 1))  # ends on after's day
    assert not period.touches_days(date(2024, 1, 1), date(2024, 2, 29))
    # A `before` later than midnight takes in part of its day, so that day is touched.
    noon = Period.of(at("2024-03-01T12:00"), at("2024-03-05T12:00"))
    assert noon.days == (date(2024, 3, 1), date(2024, 3, 5))


def test_after_equal_to_before_is_empty() -> None:
    for instant in (at("2024-03-05T00:00"), at("2024-03-05T12:00")):
        period = Period.of(instant, instant)
        assert period.empty
        assert not period.contains(instant)
        assert period.days is None
        assert not period.touches_days(date(2024, 1, 1), None)
        params = period.parameters()
        assert params["firstDay"] is None and params["lastDay"] is None


def test_after_later_than_before_is_refused() -> None:
    with pytest.raises(InvalidArgument) as refused:
        Period.of(at("2024-03-05T00:00"), at("2024-03-01T00:00"))
    assert refused.value.argument == "after"


def test_open_ends() -> None:
    period = Period.of(None, None)
    assert not period.empty
    assert period.contains(EARLIEST) and not period.contains(LATEST)
    assert period.days == (date.min, date.max)
    assert period.parameters()["after"] == EARLIEST
    assert Period.of(None, at("2024-01-01T00:00")).days == (date.min, date(2023, 12, 31))


def test_whole_days() -> None:
    period = Period.of_days(date(2024, 3, 1), date(2024, 3, 1))
    assert (period.after, period.before) == (at("2024-03-01T00:00"), at("2024-03-02T00:00"))
    assert period.days == (date(2024, 3, 1), date(2024, 3, 1))
    assert Period.of_days(date(2024, 3, 1), date.max).before is None


def test_naive_instants_are_utc() -> None:
    period = Period.of(datetime(2024, 3, 1), None)
    assert period.after == at("2024-03-01T00:00")


instants = st.datetimes(min_value=datetime(2023, 12, 25), max_value=datetime(2024, 1, 8)).map(
    lambda d: d.replace(tzinfo=UTC)
)
days = st.dates(min_value=date(2023, 12, 20), max_value=date(2024, 1, 12))


@given(instants, instants, days, st.one_of(st.none(), st.integers(0, 10)))
def test_touches_days_is_interval_overlap(
    a: datetime, b: datetime, first: date, length: int | None
) -> None:
    after, before = min(a, b), max(a, b)
    last = None if length is None else first + timedelta(days=length)
    day_start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    day_end = (
        datetime.max.replace(tzinfo=UTC)
        if last is None
        else datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
    )
    expected = max(day_start, after) < min(day_end, before)
    assert Period.of(after, before).touches_days(first, last) == expected


@given(instants, instants, instants)
def test_contains_is_half_open(a: datetime, b: datetime, t: datetime) -> None:
    after, before = min(a, b), max(a, b)
    assert Period.of(after, before).contains(t) == (after <= t and not t >= before)


# -- every statement tests a period one way ------------------------------------------

INSTANT_FORM = re.compile(r"\$after <= \w+\.at < \$before")
DAY_FORM = re.compile(r"\w+\.from <= \$lastDay AND \(\w+\.to IS NULL OR \w+\.to >= \$firstDay\)")


def period_statements() -> list[str]:
    names = [n for n in all_names() if n.startswith("analytics/")]
    return [n for n in names if "$before" in body(n) or "$lastDay" in body(n)]


def body(name: str) -> str:
    return "\n".join(
        line for line in statement(name).splitlines() if not line.lstrip().startswith("//")
    )


def test_statements_use_only_the_two_forms() -> None:
    names = period_statements()
    assert names, "no analytics statement takes a period"
    for name in names:
        text = INSTANT_FORM.sub("", DAY_FORM.sub("", body(name)))
        for parameter in ("$after", "$before", "$firstDay", "$lastDay"):
            assert parameter not in text, f"{name} uses {parameter} outside the period forms"

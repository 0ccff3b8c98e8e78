"""How a family's configuration changed (DOMAIN question 2).

Day by day: on day `d` a professional is a member when an allocation covers
`d` or they took part in an interaction about the family dated within
`[d - window_days, d]` (the configuration of `family_configuration` at the end
of day `d`). Membership is therefore a union of whole-day intervals per
professional; the configuration can only change on a day when an interval
starts or the day after one ends, so only those days are examined.

Each configuration names its lead (`configuration.lead_on`), and a day when only
the lead changes is a change too (with turnover 0).

Turnover between consecutive configurations A and B is `1 - |A and B| / |A or B|` (intersection over union)
(Jaccard distance; 0 when both are empty).

When asked, the same read also gives each day's whole configuration (members with
agency, role, presence and since; lead; clients): `configurations_by_day` lists it
on the first day and on every day anything in it differs from the day before, so a
client (the explorer's time slider) can draw every day of the period from one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from kb.analytics.configuration import (
    FamilyConfiguration,
    assemble_configuration,
    check_window,
    lead_on,
)
from kb.analytics.errors import InvalidArgument
from kb.analytics.one_read import OneRead
from kb.analytics.reads import the_family_row
from kb.analytics.refs import (
    AgencyRef,
    EmploymentPeriod,
    ProfessionalRef,
    agency_on,
    employment_on,
    employments_of,
    professional_ref,
)
from kb.storage.database import Database
from kb.storage.values import covers, instant_of, to_date, to_instant

MAX_PERIOD_YEARS = 20
STATEMENT = "analytics/configuration_timeline"

Interval = tuple[date, date]  # inclusive; date.max when open-ended


@dataclass(frozen=True)
class ConfigurationChange:
    """The configuration from `day` on, and how it differs from the one before."""

    day: date
    members: tuple[str, ...]
    joined: tuple[str, ...]
    left: tuple[str, ...]
    turnover: float | None  # None for the first snapshot of the period
    lead: str | None = None  # the lead professional's id


@dataclass(frozen=True)
class ServiceLength:
    professional: ProfessionalRef
    days: int


@dataclass(frozen=True)
class ConfigurationTimeline:
    family_id: str
    reference: str
    start: date
    end: date
    window_days: int
    initial: ConfigurationChange
    changes: tuple[ConfigurationChange, ...]
    professionals: dict[str, ProfessionalRef]
    mean_turnover: float | None
    distinct_professionals: int
    distinct_agencies: tuple[AgencyRef, ...]
    longest_serving: ServiceLength | None
    # Each day's whole configuration, when asked (`configurations_by_day`).
    configurations: tuple[FamilyConfiguration, ...] = ()


def turnover(before: Iterable[str], after: Iterable[str]) -> float:
    """Jaccard distance between two configurations; 0.0 when both are empty."""
    a, b = set(before), set(after)
    union = a | b
    if not union:
        return 0.0
    return 1.0 - len(a & b) / len(union)


def check_period(start: date, end: date) -> None:
    """`from` <= `to`, and at most 20 years of days: `to` before `from`'s 20th anniversary."""
    if start > end:
        raise InvalidArgument("from", f"from ({start}) is after to ({end})")
    limit = anniversary(start, MAX_PERIOD_YEARS)
    if end >= limit:
        raise InvalidArgument(
            "to",
            f"the period may span at most {MAX_PERIOD_YEARS} years: to must be before {limit} "
            f"(got {end})",
        )


def anniversary(day: date, years: int) -> date:
    """The same day `years` later; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, or past the calendar's end
        if day.year + years > date.max.year:
            return date.max
        return date(day.year + years, 3, 1)


def configuration_timeline(
    db: Database,
    family_id: str,
    start: date,
    end: date,
    window_days: int = 90,
    *,
    with_configurations: bool = False,
) -> ConfigurationTimeline:
    """Every change of the family's configuration between `start` and `end`, from one read;
    `with_configurations`: each day's whole configuration too (`configurations_by_day`)."""
    return timeline_read(family_id, start, end, window_days, with_configurations).run(db)


def timeline_read(
    family_id: str, start: date, end: date, window_days: int, with_configurations: bool
) -> OneRead[ConfigurationTimeline]:
    """`configuration_timeline` as a read either door runs (the API's: `run_async`)."""
    check_window(window_days)
    check_period(start, end)
    return OneRead(
        STATEMENT,
        {"familyId": family_id, "from": start, "to": end, "windowDays": window_days},
        partial(
            timeline_of,
            family_id,
            start=start,
            end=end,
            window_days=window_days,
            with_configurations=with_configurations,
        ),
    )


def timeline_of(
    family_id: str,
    rows: list[dict[str, Any]],
    *,
    start: date,
    end: date,
    window_days: int,
    with_configurations: bool,
) -> ConfigurationTimeline:
    """The timeline (and, when asked, each day's configuration) from the statement's row."""
    row = _decoded(the_family_row(rows, family_id))
    timeline = build_timeline(row, start, end, window_days)
    if with_configurations:
        days = configurations_by_day(row, start, end, window_days)
        timeline = replace(timeline, configurations=days)
    return timeline


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """The statement's row with its ISO text read back as dates and instants
    (`fromisoformat`, far cheaper than the driver's temporal values)."""

    def period(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "from": to_date(item["from"]), "to": to_date(item["to"])}

    return {
        **row,
        "involvements": [period(x) for x in row["involvements"]],
        "participations": [
            {**x, "at": datetime.fromisoformat(x["at"])} for x in row["participations"]
        ],
        "clients": [period(x) for x in row["clients"]],
        "professionals": [
            {**p, "employments": [period(e) for e in p["employments"]]}
            for p in row["professionals"]
        ],
    }


def configurations_by_day(
    row: dict[str, Any], start: date, end: date, window_days: int
) -> tuple[FamilyConfiguration, ...]:
    """familyConfiguration at the end of `start` and of every later day up to `end` on
    which it differs from the day before, from the timeline's row.

    A day's configuration depends only on what counts that day: the allocations and
    client memberships covering it, the participations dated within the window before
    it, each member's employment on it. Those change only on a day a period starts or
    the day after one ends, so only those days are assembled, and a day is listed when
    what counts differs from the day before. A day not listed has the configuration of
    the last day listed before it (its `at` apart).
    """
    candidates = {start}

    def boundary(first: date | None, last: date | None) -> None:
        for day in (first, _plus(last, 1) if last is not None else None):
            if day is not None and start < day <= end:
                candidates.add(day)

    for inv in row["involvements"]:
        boundary(to_date(inv["from"]), to_date(inv.get("to")))
    for client in row["clients"]:
        boundary(to_date(client.get("from")), to_date(client.get("to")))
    for part in row["participations"]:
        day = _instant_day(part["at"])
        boundary(day, _plus(day, window_days))
    jobs = {p["id"]: employments_of(p["employments"]) for p in row["professionals"]}
    for periods in jobs.values():
        for job in periods:
            boundary(job.start, job.end)

    found: list[FamilyConfiguration] = []
    previous: Any = None
    for day in sorted(candidates):
        counted = _counted_on(row, day, window_days)
        key = _what_counts(counted, jobs, day)
        if key != previous:
            at = datetime.combine(day, time.max, tzinfo=UTC)
            found.append(assemble_configuration(counted, at, window_days))
        previous = key
    return tuple(found)


def _counted_on(row: dict[str, Any], day: date, window_days: int) -> dict[str, Any]:
    """The timeline's row cut to what familyConfiguration's statement gives at the end of
    `day`: allocations and client memberships covering it, participations dated from
    `window_days` days before it to it, and the professionals they name."""
    oldest = _minus(day, window_days)
    involvements = [
        inv for inv in row["involvements"] if _covers(inv.get("from"), inv.get("to"), day)
    ]
    participations = [
        part for part in row["participations"] if oldest <= _instant_day(part["at"]) <= day
    ]
    clients = [c for c in row["clients"] if _covers(c.get("from"), c.get("to"), day)]
    named = {x["professional"] for x in [*involvements, *participations]}
    return {
        "familyId": row["familyId"],
        "reference": row["reference"],
        "involvements": involvements,
        "participations": participations,
        "clients": clients,
        "professionals": [p for p in row["professionals"] if p["id"] in named],
    }


def _what_counts(
    counted: dict[str, Any], jobs: dict[str, list[EmploymentPeriod]], day: date
) -> tuple[frozenset[Any], ...]:
    """Everything a day's configuration is made of, comparable from one day to the next."""

    def items(rows: list[dict[str, Any]]) -> frozenset[tuple[tuple[str, Any], ...]]:
        return frozenset(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)

    employers = frozenset(
        (p["id"], employment_on(jobs[p["id"]], day)) for p in counted["professionals"]
    )
    return (
        items(counted["involvements"]),
        items(counted["participations"]),
        items(counted["clients"]),
        employers,
    )


def _covers(first: Any, last: Any, day: date) -> bool:
    """A stored period [from, to] (to absent: open) covering `day`; no `from`: never."""
    start = to_date(first)
    return start is not None and covers(start, to_date(last), day)


def _instant_day(value: Any) -> date:
    return instant_of(value).date()


def membership_intervals(
    involvements: list[dict[str, Any]], participations: list[dict[str, Any]], window_days: int
) -> dict[str, list[Interval]]:
    """Per professional, the (merged) whole-day intervals in which they are a member."""
    raw: dict[str, list[Interval]] = {}
    for inv in involvements:
        first = to_date(inv["from"])
        last = to_date(inv.get("to")) or date.max
        assert first is not None
        raw.setdefault(inv["professional"], []).append((first, last))
    for part in participations:
        instant = to_instant(part["at"])
        assert instant is not None
        day = instant.date()
        raw.setdefault(part["professional"], []).append((day, _plus(day, window_days)))
    return {pid: _merge(spans) for pid, spans in raw.items()}


def build_timeline(
    row: dict[str, Any], start: date, end: date, window_days: int
) -> ConfigurationTimeline:
    """Snapshots at `start` and at every day the membership changes, with period figures."""
    intervals = membership_intervals(row["involvements"], row["participations"], window_days)
    candidates = {start}
    spans = [span for spans in intervals.values() for span in spans]
    for inv in row["involvements"]:  # a lead can change inside a merged membership span
        first, last = to_date(inv["from"]), to_date(inv.get("to"))
        assert first is not None
        spans.append((first, last or date.max))
    for first, last in spans:
        if start < first <= end:
            candidates.add(first)
        after = _plus(last, 1)
        if start < after <= end:
            candidates.add(after)
    snapshots: list[ConfigurationChange] = []
    previous: tuple[frozenset[str], str | None] | None = None
    for day in sorted(candidates):
        members = members_on(intervals, day)
        leading = lead_on(row["involvements"], day)
        lead = leading[0] if leading else None
        if previous is None:
            snapshots.append(
                ConfigurationChange(
                    day, tuple(sorted(members)), tuple(sorted(members)), (), None, lead
                )
            )
        elif (members, lead) != previous:
            before = previous[0]
            snapshots.append(
                ConfigurationChange(
                    day=day,
                    members=tuple(sorted(members)),
                    joined=tuple(sorted(members - before)),
                    left=tuple(sorted(before - members)),
                    turnover=turnover(before, members),
                    lead=lead,
                )
            )
        previous = (members, lead)

    people = {p["id"]: professional_ref(p) for p in row["professionals"]}
    served = {pid: _days_within(spans, start, end) for pid, spans in intervals.items()}
    served = {pid: days for pid, days in served.items() if days > 0}
    longest = None
    if served:
        best = min(served, key=lambda pid: (-served[pid], pid))
        longest = ServiceLength(professional=people[best], days=served[best])
    changes = tuple(snapshots[1:])
    turnovers = [c.turnover for c in changes if c.turnover is not None]
    return ConfigurationTimeline(
        row["familyId"],
        row["reference"],
        start,
        end,
        window_days,
        initial=snapshots[0],
        changes=changes,
        professionals=people,
        mean_turnover=sum(turnovers) / len(turnovers) if turnovers else None,
        distinct_professionals=len(served),
        distinct_agencies=_agencies_during(row["professionals"], intervals, start, end),
        longest_serving=longest,
    )


def _agencies_during(
    professionals: list[dict[str, Any]],
    intervals: dict[str, list[Interval]],
    start: date,
    end: date,
) -> tuple[AgencyRef, ...]:
    """Agencies that employed a professional on some day they were a member in the period."""
    found: dict[str, AgencyRef] = {}
    for person in professionals:
        for job in employments_of(person["employments"]):
            job_span = (job.start, job.end or date.max)
            for span in intervals.get(person["id"], []):
                first = max(span[0], job_span[0], start)
                last = min(span[1], job_span[1], end)
                if first <= last:
                    found[job.agency.id] = job.agency
    return tuple(sorted(found.values(), key=lambda a: a.id))


def members_on(intervals: dict[str, list[Interval]], day: date) -> frozenset[str]:
    return frozenset(pid for pid, spans in intervals.items() if _inside(spans, day))


def _inside(spans: list[Interval], day: date) -> bool:
    return any(first <= day <= last for first, last in spans)


def _plus(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def _minus(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


def _merge(spans: list[Interval]) -> list[Interval]:
    """Union of inclusive day intervals (touching ones join)."""
    merged: list[Interval] = []
    for first, last in sorted(spans):
        if merged and first <= _plus(merged[-1][1], 1):
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def _days_within(spans: list[Interval], start: date, end: date) -> int:
    total = 0
    for first, last in spans:
        lo, hi = max(first, start), min(last, end)
        if lo <= hi:
            total += (hi - lo).days + 1
    return total


__all__ = ["ConfigurationChange", "ConfigurationTimeline", "agency_on", "configuration_timeline"]

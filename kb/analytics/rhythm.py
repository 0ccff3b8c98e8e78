"""How bursty or steady is the work? (DOMAIN question 9)

Of a family (the interactions about it) or of a professional (the interactions they
took part in), in a period (`after` inclusive, `before` exclusive):

- Burstiness (Goh and Barabasi, "Burstiness and memory in complex systems", EPL 81,
  2008): `B = (sigma - mu) / (sigma + mu)` of the gaps between consecutive interactions
  (in days), where mu is their mean and sigma their *population* standard deviation:
  B describes the observed sequence of gaps itself, not a sample from which a larger
  population is estimated, and that is the moment the definition uses (so perfectly
  regular gaps give exactly -1, a Poisson process about 0, bursts towards 1). Null with
  fewer than two gaps (one gap has no spread to compare), or when every gap is 0.
- Volatility: the mean Jaccard distance (`kb.analytics.timeline.turnover`) between
  consecutive month-end configurations. A family's configuration on a day is the
  timeline's (an allocation covering the day, or an interaction about the family within
  `window_days` before it); a professional's is their caseload, the families whose
  configuration includes them that day. The month-ends are those of the months from the
  first to the last month with an event in the period (an interaction, an allocation's
  first or last day), each counted when its day is in the period. Null with fewer than
  two month-ends.
"""

from __future__ import annotations

import statistics
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from kb.analytics.configuration import check_window
from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.one_read import OneRead
from kb.analytics.period import EARLIEST, Period, days_between
from kb.analytics.timeline import members_on, membership_intervals, turnover
from kb.analytics.vocabulary import RhythmSubject
from kb.storage.database import Database
from kb.storage.values import instant_of, to_date

MAX_MONTHS = 12 * 20  # the timeline's 20 years


@dataclass(frozen=True)
class Burstiness:
    gaps: int  # n: consecutive pairs of interactions
    mean_days: float | None  # mu; None without a gap
    sd_days: float | None  # sigma, population; None with fewer than two gaps
    value: float | None  # B


@dataclass(frozen=True)
class MonthEnd:
    """The configuration (or caseload) at the end of a month, and the step from the one before."""

    month: str  # YYYY-MM
    day: date
    members: tuple[str, ...]
    joined: tuple[str, ...]
    left: tuple[str, ...]
    distance: float | None  # Jaccard distance from the previous month-end; None for the first


@dataclass(frozen=True)
class WorkRhythm:
    subject: RhythmSubject
    subject_id: str
    period: Period
    window_days: int
    interaction_ids: tuple[str, ...]
    first_at: datetime | None
    last_at: datetime | None
    burstiness: Burstiness
    months: tuple[MonthEnd, ...]
    volatility: float | None

    @property
    def families(self) -> tuple[str, ...]:
        """The families the answer names: the subject, or a professional's caseloads."""
        if self.subject is RhythmSubject.FAMILY:
            return (self.subject_id,)
        return tuple(sorted({f for m in self.months for f in m.members}))


def burstiness(instants: Iterable[datetime]) -> Burstiness:
    """B of the gaps between consecutive instants (sorted here), population sigma."""
    ordered = sorted(instants)
    gaps = [days_between(a, b) for a, b in pairwise(ordered)]
    if len(gaps) < 2:  # one gap has a mean but no spread to speak of
        return Burstiness(len(gaps), gaps[0] if gaps else None, None, None)
    mu = statistics.fmean(gaps)
    sigma = statistics.pstdev(gaps)
    value = (sigma - mu) / (sigma + mu) if sigma + mu > 0 else None
    return Burstiness(len(gaps), mu, sigma, value)


def work_rhythm(
    db: Database,
    family_id: str | None = None,
    professional_id: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
    window_days: int = 90,
) -> WorkRhythm:
    """Burstiness and monthly volatility of a family's or a professional's work, from one read."""
    return work_rhythm_read(family_id, professional_id, after, before, window_days).run(db)


def work_rhythm_read(
    family_id: str | None = None,
    professional_id: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
    window_days: int = 90,
) -> OneRead[WorkRhythm]:
    """`work_rhythm` as a read either door runs (the API's: `run_async`)."""
    if (family_id is None) == (professional_id is None):
        raise InvalidArgument("familyId", "give exactly one of familyId and professionalId")
    check_window(window_days)
    period = Period.of(after, before)
    subject = RhythmSubject.FAMILY if family_id is not None else RhythmSubject.PROFESSIONAL
    subject_id = family_id if family_id is not None else professional_id
    assert subject_id is not None
    asked_id: str = subject_id
    days = period.days
    window_from = (
        datetime.combine(days[0] - timedelta(days=window_days), time(), UTC)
        if days and period.after is not None and days[0] > date.min + timedelta(days=window_days)
        else EARLIEST
    )
    params = period.parameters() | {"windowFrom": window_from, "windowTo": period.end}
    if subject is RhythmSubject.FAMILY:
        name, asked = "analytics/work_rhythm_family", {"familyId": asked_id}
    else:
        name, asked = "analytics/work_rhythm_professional", {"professionalId": asked_id}

    def answer(rows: list[dict[str, Any]]) -> WorkRhythm:
        if not rows:
            raise UnknownEntity(subject.value.lower(), asked_id)
        return build_rhythm(rows[0], subject, period, window_days)

    return OneRead(name, params | asked, answer)


def build_rhythm(
    row: dict[str, Any], subject: RhythmSubject, period: Period, window_days: int
) -> WorkRhythm:
    times = {i["id"]: instant_of(i["at"]) for i in row["interactions"]}
    ordered = sorted(times, key=lambda i: (times[i], i))
    month_ends = _month_ends(row, period, [times[i] for i in ordered])
    members_at = _members_function(row, subject, window_days)
    months: list[MonthEnd] = []
    previous: frozenset[str] | None = None
    for day in month_ends:
        members = members_at(day)
        months.append(
            MonthEnd(
                month=f"{day.year:04d}-{day.month:02d}",
                day=day,
                members=tuple(sorted(members)),
                joined=tuple(sorted(members - previous)) if previous is not None else (),
                left=tuple(sorted(previous - members)) if previous is not None else (),
                distance=turnover(previous, members) if previous is not None else None,
            )
        )
        previous = members
    distances = [m.distance for m in months if m.distance is not None]
    return WorkRhythm(
        subject=subject,
        subject_id=row["id"],
        period=period,
        window_days=window_days,
        interaction_ids=tuple(ordered),
        first_at=times[ordered[0]] if ordered else None,
        last_at=times[ordered[-1]] if ordered else None,
        burstiness=burstiness(times.values()),
        months=tuple(months),
        volatility=statistics.fmean(distances) if distances else None,
    )


def _members_function(row: dict[str, Any], subject: RhythmSubject, window_days: int) -> Any:
    """day -> the configuration's members (a family's professionals, a professional's
    families), from the timeline's membership intervals."""
    if subject is RhythmSubject.FAMILY:
        intervals = membership_intervals(row["involvements"], row["participations"], window_days)
        return lambda day: members_on(intervals, day)
    per_family: dict[str, Any] = {}
    families = {r["family"] for r in row["involvements"]} | {
        r["family"] for r in row["participations"]
    }
    for family in families:
        per_family[family] = membership_intervals(
            [r for r in row["involvements"] if r["family"] == family],
            [r for r in row["participations"] if r["family"] == family],
            window_days,
        )
    professional = row["id"]
    return lambda day: frozenset(
        f for f, intervals in per_family.items() if professional in members_on(intervals, day)
    )


def _month_ends(row: dict[str, Any], period: Period, instants: list[datetime]) -> list[date]:
    """The month-ends from the first to the last month with an event in the period."""
    days = period.days
    if days is None:
        return []
    events = [t.date() for t in instants]
    for inv in row["involvements"]:
        for value in (inv["from"], inv.get("to")):
            day = to_date(value)
            if day is not None and days[0] <= day <= days[1]:
                events.append(day)
    if not events:
        return []
    first, last = min(events), max(events)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count > MAX_MONTHS:
        raise InvalidArgument(
            "after",
            f"the monthly series would cover {count} months (at most {MAX_MONTHS}); "
            "narrow the period with after and before",
        )
    ends = []
    year, month = first.year, first.month
    for _ in range(count):
        end = date(year, month, monthrange(year, month)[1])
        if days[0] <= end <= days[1]:
            ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends

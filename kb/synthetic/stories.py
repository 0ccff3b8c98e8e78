"""Family plans and the stories planted in them.

A `FamilyPlan` says how big a family's record is (clients, episodes,
interactions, objects, perspectives, tensions) and which story it carries.
Random datasets draw plans (`draw_plan`); the seed dataset's fifteen plans are
written by hand (`SEED_PLANS`). Either way `build_family` plays the plan out
with the same scenario functions, so the seed and a 100,000-family dataset
hold the same kinds of story:

(a) multiagency, then interagency - (b) a knot of strangers - (c) a case that
travels education -> social care -> CAMHS - (d) a broker between sectors -
(e) an EHCP written by four sectors - (f) a lead professional handing over -
(g) a tension between two sectors that led to a new view of the work.

In the seed (`ctx.strict_stories`) the people cast in (b) and (d) are strangers
to everyone and kept out of all other work, so the stories hold exactly.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    EpisodeKind,
    InteractionKind,
    InvolvementRole,
    ParticipationRole,
    Profession,
    TensionKind,
)
from kb.synthetic.episodes import (
    HEALTH_SEAT,
    RECIPES,
    SCHOOL_SEAT,
    Run,
    Seat,
    lead_handover,
    onward_referral,
    pick_seat,
    run_episode,
)
from kb.synthetic.everyday import fill_everyday_work, spend_object_budget
from kb.synthetic.family import FamilyBuilder, GenerationContext
from kb.synthetic.pool import WINDOW_END, WINDOW_START, ProfessionalDraft
from kb.synthetic.records import DAY, InvolvementDraft, PerspectiveDraft, TensionDraft, workday
from kb.synthetic.text import NEW_VIEW_TEXTS, SURNAMES
from kb.synthetic.views import add_perspectives, add_tensions
from kb.synthetic.writer import iso_instant


@dataclass
class FamilyPlan:
    key: str
    surname: str
    reference: str
    area_index: int
    parents: int
    child_ages: list[int]
    episodes: list[EpisodeKind]
    start: date
    interactions: int
    objects: int
    perspectives: int
    tensions: int
    story: str | None = None  # "a".."f": a scenario function; None: the generic life of a family
    multiagency: bool = False
    knot: bool = False
    travel: bool = False
    brokered: bool = False


KIND_WEIGHTS = (
    (EpisodeKind.EARLY_HELP, 40),
    (EpisodeKind.CHILD_IN_NEED, 22),
    (EpisodeKind.CHILD_PROTECTION, 12),
    (EpisodeKind.EHCP, 14),
    (EpisodeKind.YOUTH_JUSTICE, 12),
)


def draw_plan(rng: random.Random, index: int, width: int, areas: list[str]) -> FamilyPlan:
    """A random family with the seed's proportions on average."""
    n_episodes = rng.choices((0, 1, 2), (15, 70, 15))[0]
    kinds = [kind for kind, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    episodes = [rng.choices(kinds, weights)[0] for _ in range(n_episodes)]
    ages = [rng.randint(0, 17) for _ in range(rng.choices((1, 2, 3), (65, 25, 10))[0])]
    if EpisodeKind.YOUTH_JUSTICE in episodes:
        ages[0] = rng.randint(13, 17)
    elif EpisodeKind.EHCP in episodes:
        ages[0] = rng.randint(4, 15)
    span = (WINDOW_END - WINDOW_START).days - 150
    start = WINDOW_START + timedelta(days=rng.randint(0, span))
    area_index = index % len(areas)
    first = episodes[0] if episodes else None
    return FamilyPlan(
        key=f"{index + 1:0{width}d}",
        surname=rng.choice(SURNAMES),
        reference=f"{areas[area_index][:3].upper()}/{start.year}/{index + 1:06d}",
        area_index=area_index,
        parents=1 if rng.random() < 0.7 else 2,
        child_ages=ages,
        episodes=episodes,
        start=start,
        interactions=max(12, min(90, round(rng.gauss(40, 9) * (0.55, 1.0, 1.45)[n_episodes]))),
        objects=rng.choices((1, 2, 3, 4, 5), (15, 38, 32, 12, 3))[0],
        perspectives=rng.choices((0, 1, 2, 3, 4), (10, 20, 35, 25, 10))[0],
        tensions=rng.choices((0, 1, 2), (40, 40, 20))[0],
        multiagency=first in (EpisodeKind.EARLY_HELP, EpisodeKind.CHILD_IN_NEED)
        and rng.random() < 0.25,
        knot=bool(episodes) and rng.random() < 0.12,
        travel=first in (EpisodeKind.EARLY_HELP, EpisodeKind.CHILD_IN_NEED) and rng.random() < 0.25,
        brokered=first is EpisodeKind.EARLY_HELP and rng.random() < 0.08,
    )


def _seed(
    key: str,
    surname: str,
    story: str | None,
    parents: int,
    ages: list[int],
    episodes: list[EpisodeKind],
    start: date,
    counts: tuple[int, int, int, int],
) -> FamilyPlan:
    interactions, objects, perspectives, tensions = counts
    return FamilyPlan(
        key,
        surname,
        f"NM/{start.year}/{key.upper()}",
        0,
        parents,
        ages,
        episodes,
        start,
        interactions,
        objects,
        perspectives,
        tensions,
        story,
    )


# The seed: 15 families, 40 clients, 15 episodes, 600 interactions, 40 objects,
# 32 perspectives and 13 tensions; the six stories come first, then (g), played out on a
# generic family (its own work as before, the story's records added to it).
SEED_PLANS: tuple[FamilyPlan, ...] = (
    _seed("ash", "Ashworth", "a", 1, [9, 6], [EpisodeKind.EARLY_HELP], date(2023, 2, 1), (48, 3, 3, 1)),
    _seed("birch", "Birchall", "b", 2, [15], [EpisodeKind.CHILD_IN_NEED], date(2023, 9, 4), (44, 3, 2, 1)),
    _seed("cedar", "Cedarholm", "c", 1, [12, 8], [EpisodeKind.CHILD_IN_NEED], date(2023, 3, 1), (40, 3, 2, 1)),
    _seed("damson", "Damsbury", "d", 1, [10], [EpisodeKind.EARLY_HELP], date(2024, 1, 8), (36, 2, 2, 1)),
    _seed("elm", "Elmore", "e", 2, [7], [EpisodeKind.EHCP], date(2023, 10, 2), (44, 4, 2, 1)),
    _seed("fir", "Firbank", "f", 1, [4], [EpisodeKind.EARLY_HELP], date(2023, 9, 1), (38, 3, 2, 1)),
    _seed("hazel", "Hazelby", None, 2, [3], [EpisodeKind.CHILD_PROTECTION], date(2024, 5, 13), (52, 3, 2, 2)),
    _seed("holly", "Hollins", None, 1, [16], [EpisodeKind.YOUTH_JUSTICE], date(2023, 4, 17), (40, 2, 2, 1)),
    _seed("juniper", "Junipero", None, 1, [11, 5], [EpisodeKind.EARLY_HELP, EpisodeKind.CHILD_IN_NEED],
          date(2023, 3, 6), (34, 3, 2, 1)),
    _seed("larch", "Larchmont", None, 1, [13], [EpisodeKind.CHILD_IN_NEED], date(2024, 2, 5), (36, 2, 2, 1)),
    _seed("maple", "Mapleton", None, 2, [9], [EpisodeKind.EHCP], date(2024, 6, 3), (38, 3, 2, 0)),
    _seed("oak", "Oakley", "g", 1, [6, 2], [EpisodeKind.CHILD_PROTECTION], date(2023, 7, 10), (44, 3, 2, 1)),
    _seed("rowan", "Rowntree", None, 1, [15], [EpisodeKind.YOUTH_JUSTICE], date(2024, 9, 2), (36, 2, 2, 0)),
    _seed("willow", "Willoughby", None, 2, [8], [EpisodeKind.EARLY_HELP], date(2024, 4, 15), (34, 2, 2, 0)),
    _seed("yew", "Yewdale", None, 1, [14, 10], [], date(2023, 11, 6), (36, 2, 1, 0)),
)  # fmt: skip


def build_family(ctx: GenerationContext, plan: FamilyPlan, rng: random.Random) -> FamilyBuilder:
    """Play a plan out: clients, the story or the generic life, everyday work, views, tensions."""
    area = ctx.areas[plan.area_index]
    family = FamilyBuilder(ctx, area, plan.key, rng, plan.surname, plan.reference)
    family.add_clients(plan.parents, plan.child_ages)
    family.object_budget = plan.objects
    family.start = plan.start
    SCENARIOS.get(plan.story or "", generic_life)(family, plan)
    last_act = max((a.day for a in family.interactions), default=plan.start)
    ends = [ep.closed for ep in family.episodes]
    if not ends or any(end is None for end in ends):
        family.end = (
            WINDOW_END if ends else min(WINDOW_END, max(last_act, plan.start + timedelta(days=240)))
        )
    else:
        family.end = min(
            WINDOW_END, max([last_act] + [e for e in ends if e is not None]) + timedelta(days=21)
        )
    spend_object_budget(family)
    fill_everyday_work(family, plan.interactions)
    add_perspectives(family, plan.perspectives)
    add_tensions(family, plan.tensions)
    family.finish()
    for fact in family.facts:
        ctx.stories.append(fact())
    return family


# -- the generic life of a family --------------------------------------------


def generic_life(family: FamilyBuilder, plan: FamilyPlan) -> None:
    rng = family.rng
    day = plan.start
    also: list[InvolvementDraft] = []
    if plan.multiagency and plan.episodes:
        joint = workday(day + timedelta(days=rng.randint(60, 150)))
        if joint < WINDOW_END - timedelta(days=60):
            seats = rng.sample(
                (SCHOOL_SEAT, HEALTH_SEAT, Seat("housing", (Profession.HOUSING_OFFICER,))), 2
            )
            also = parallel_phase(family, day, joint, seats)
            day = joint
    runs: list[Run] = []
    for i, kind in enumerate(plan.episodes):
        if i > 0:
            previous = runs[-1].episode.closed if runs else None
            if previous is not None and previous + timedelta(days=60) < WINDOW_END:
                day = previous + timedelta(days=rng.randint(14, 45))
            else:
                day = day + timedelta(days=rng.randint(30, 120))
            if day > WINDOW_END - timedelta(days=30):
                break
        lead = None
        if plan.brokered and i == 0 and not also:
            # the voluntary-sector lead carries the work between agencies that never meet
            lead = family.pick("family-action", (Profession.FAMILY_SUPPORT_WORKER,), workday(day))
            family.broker = lead
        run = run_episode(family, kind, day, lead=lead, also=also if i == 0 else [])
        if run is None:
            continue
        runs.append(run)
        if i == 0 and also:
            close_parallel(family, also, run)
        if plan.travel and i == 0 and kind in (EpisodeKind.EARLY_HELP, EpisodeKind.CHILD_IN_NEED):
            onward_referral(
                family,
                run,
                day + timedelta(days=rng.randint(45, 100)),
                "camhs",
                (Profession.CAMHS_CLINICIAN,),
            )
        if plan.knot and i == 0:
            knot(
                family, run, run.episode.opened + timedelta(days=rng.randint(40, 120)), fresh=False
            )
    if not runs:
        universal_work(family, plan.start)


def universal_work(family: FamilyBuilder, start: date) -> None:
    """A family known only to universal services: its school and its health service."""
    rng = family.rng
    until = start + timedelta(days=rng.randint(150, 300))
    for seat, kind in (
        (SCHOOL_SEAT, InteractionKind.MEETING),
        (HEALTH_SEAT, InteractionKind.HOME_VISIT),
    ):
        pro = pick_seat(family, seat, start, until)
        if pro is None:
            continue
        inv = family.involve(pro, InvolvementRole.CONTRIBUTOR, start, until)
        day = workday(start + timedelta(days=rng.randint(0, 20)))
        if inv.covers(day):
            family.add_interaction(
                kind,
                day,
                [(pro, ParticipationRole.ATTENDEE)],
                [(c, ParticipationRole.ATTENDEE) for c in family.adults(day)],
            )
    if not family.involvements:  # a pool too small to staff the family: someone from social care
        pro = family.pick("social-care", None, start)
        if pro is None:
            raise ValueError("the professional pool is too small to staff a family")
        family.involve(pro, InvolvementRole.CONTRIBUTOR, start, until)


def parallel_phase(
    family: FamilyBuilder, start: date, joint: date, seats: list[Seat]
) -> list[InvolvementDraft]:
    """Agencies work with the family side by side, each on its own (multiagency), until `joint`."""
    rng = family.rng
    family.joint_from = joint
    first = len(family.involvements)
    for seat in seats:
        begin = workday(start + timedelta(days=rng.randint(0, 14)))
        pro = pick_seat(family, seat, begin, joint)
        if pro is None:
            continue
        inv = family.involve(pro, InvolvementRole.CONTRIBUTOR, begin, None)
        for _ in range(rng.randint(2, 3)):
            day = workday(begin + timedelta(days=rng.randint(0, max(1, (joint - begin).days - 10))))
            if day >= joint or not inv.covers(day):
                continue
            kind = InteractionKind.MEETING if seat is SCHOOL_SEAT else InteractionKind.HOME_VISIT
            act = family.add_interaction(
                kind,
                day,
                [(pro, ParticipationRole.ATTENDEE)],
                [(c, ParticipationRole.ATTENDEE) for c in family.adults(day)],
            )
            if seat is SCHOOL_SEAT and not any(bo.only_agency for bo in family.objects):
                family.add_object(BoundaryObjectKind.INFORMATION, act)
    return family.involvements[first:]


def close_parallel(
    family: FamilyBuilder,
    invs: list[InvolvementDraft],
    run: Run,
    lead: ProfessionalDraft | None = None,
) -> None:
    """Parallel involvements continue into the episode; the new lead's ends the day before.

    An involvement that would end before it begins (a colleague covering after
    the episode closed) is dropped.
    """
    for inv in invs:
        cut = (
            run.episode.opened - DAY
            if lead is not None and inv.professional is lead
            else run.episode.closed
        )
        if cut is not None and (inv.end is None or inv.end > cut):
            inv.end = cut
        if inv.end is not None and inv.end < inv.start:
            family.involvements.remove(inv)


# Who gathers around a young person in crisis: police, a doctor, CAMHS, a youth worker.
KNOT_SEATS = (
    (("police", Profession.POLICE_OFFICER),),
    (
        ("hospital", Profession.PAEDIATRICIAN),
        ("gp", Profession.GP),
        ("community-health", Profession.SCHOOL_NURSE),
    ),
    (("camhs", Profession.CAMHS_CLINICIAN), ("camhs", Profession.CLINICAL_PSYCHOLOGIST)),
    (("youth-trust", Profession.YOUTH_WORKER), ("family-action", Profession.FAMILY_SUPPORT_WORKER)),
)


# Whom a broker links: a doctor, housing, criminal justice and a school (each: first who is free).
BROKER_SEATS = (
    (
        ("gp", Profession.GP),
        ("community-health", Profession.HEALTH_VISITOR),
        ("community-health", Profession.SCHOOL_NURSE),
    ),
    (("housing", Profession.HOUSING_OFFICER), ("homes", Profession.HOUSING_OFFICER)),
    (
        ("police", Profession.POLICE_OFFICER),
        ("probation", Profession.PROBATION_OFFICER),
        ("youth-justice", Profession.YOUTH_OFFENDING_OFFICER),
    ),
    (
        ("primary", Profession.TEACHER),
        ("academy", Profession.TEACHER),
        ("send", Profession.EDUCATION_WELFARE_OFFICER),
    ),
)


def pick_first(
    family: FamilyBuilder,
    seats: tuple[tuple[str, Profession], ...],
    day: date,
    until: date | None,
    *,
    fresh: bool,
    lasting: int = 0,
) -> ProfessionalDraft | None:
    """The first seat that someone can fill (employed from `day` for `lasting` days at least)."""
    for kind, profession in seats:
        pro = family.pick(kind, (profession,), day, until, fresh=fresh)
        if pro is None:
            continue
        if all(pro.employment_on(day + timedelta(days=d)) for d in range(lasting)):
            return pro
        family.ctx.reserved.discard(pro.id)
    return None


def knot(family: FamilyBuilder, run: Run, day: date, *, fresh: bool) -> dict[str, Any] | None:
    """A crisis: for four days, people who had never worked together work densely around the child."""
    lead_role = RECIPES[run.episode.kind].lead_role
    lead = next(
        (
            i.professional
            for i in run.involvements
            if i.role is lead_role and i.covers(day) and i.covers(day + timedelta(days=3))
        ),
        None,
    )
    if lead is None:
        return None
    members: list[ProfessionalDraft] = []
    for seats in KNOT_SEATS:
        pro = pick_first(family, seats, day, day + timedelta(days=60), fresh=fresh, lasting=4)
        if pro is not None:
            members.append(pro)
    if len(members) < 4:
        return None
    end = day + timedelta(days=family.rng.randint(30, 60))
    if run.episode.closed is not None:
        end = min(end, run.episode.closed)
    for pro in members:
        emp = pro.employment_on(day)
        stop = end if emp is None or emp.end is None else min(end, emp.end)
        run.involvements.append(
            family.involve(pro, InvolvementRole.CONTRIBUTOR, day, stop, cover=False)
        )
    police, doctor, camhs, youth = members
    child = family.focus_child()
    d = timedelta(days=1)
    acts = [
        family.add_interaction(
            InteractionKind.STRATEGY_DISCUSSION,
            day,
            [
                (lead, ParticipationRole.CHAIR),
                (police, ParticipationRole.ATTENDEE),
                (doctor, ParticipationRole.ATTENDEE),
            ],
            hour=19,
        ),
        family.add_interaction(
            InteractionKind.PHONE_CALL,
            day,
            [(lead, ParticipationRole.ATTENDEE), (camhs, ParticipationRole.ATTENDEE)],
            hour=20,
        ),
        family.add_interaction(
            InteractionKind.ASSESSMENT,
            day + d,
            [(camhs, ParticipationRole.ASSESSOR), (doctor, ParticipationRole.ATTENDEE)],
            [(child, ParticipationRole.SUBJECT)],
            hour=10,
        ),
        family.add_interaction(
            InteractionKind.INFORMATION_SHARE,
            day + d,
            [(police, ParticipationRole.CONTRIBUTOR), (youth, ParticipationRole.RECIPIENT)],
            hour=15,
        ),
        family.add_interaction(
            InteractionKind.MEETING,
            day + 2 * d,
            [(lead, ParticipationRole.CHAIR)] + [(m, ParticipationRole.ATTENDEE) for m in members],
            family.present_at(day + 2 * d),
            hour=11,
        ),
        family.add_interaction(
            InteractionKind.PHONE_CALL,
            day + 3 * d,
            [(youth, ParticipationRole.ATTENDEE), (camhs, ParticipationRole.ATTENDEE)],
            hour=16,
        ),
    ]
    run.interactions.extend(acts)
    return {"lead": lead, "members": members, "acts": acts, "day": day}


# -- the seed's seven stories -----------------------------------------------


def story_episode(
    family: FamilyBuilder, kind: EpisodeKind, opened: date, closed: date, **cast: Any
) -> Run:
    """A story's episode from `opened` to `closed`: the story names its cast (`run_episode`'s
    lead, partners, referrer, also) and plays any handover itself."""
    run: Run = _must(run_episode(family, kind, opened, closed=closed, handover=False, **cast))
    return run


def story_multiagency(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(a) Four agencies work with the family in parallel; an Early Help Assessment joins them up."""
    start = plan.start
    joint = workday(start + timedelta(days=124))
    seats = [
        SCHOOL_SEAT,
        HEALTH_SEAT,
        Seat("housing", (Profession.HOUSING_OFFICER,)),
        Seat("family-hub", (Profession.FAMILY_SUPPORT_WORKER,)),
    ]
    also = parallel_phase(family, start, joint, seats)
    fsw = next(i.professional for i in also if i.agency.kind == "family-hub")
    school = next(i.professional for i in also if i.agency.kind == family.school_kind())
    run = story_episode(
        family,
        EpisodeKind.EARLY_HELP,
        joint,
        joint + timedelta(days=240),
        lead=fsw,
        partners=[],
        referrer=school,
        also=[i for i in also if i.professional is not fsw],
    )
    close_parallel(family, also, run, lead=fsw)

    def fact() -> dict[str, Any]:
        assert run.first_meeting is not None and run.plan is not None
        parallel = sorted({i.agency.id for i in also})
        return {
            "story": "a",
            "title": "From multiagency to interagency work",
            "family": family.id,
            "agencies": parallel,
            "multiagencyFrom": min(i.start for i in also).isoformat(),
            "multiagencyTo": (joint - DAY).isoformat(),
            "interagencyFrom": joint.isoformat(),
            "interagencyTo": (run.episode.closed or WINDOW_END).isoformat(),
            "episode": run.episode.id,
            "firstJointMeeting": run.first_meeting.id,
            "sharedPlan": run.plan.id,
        }

    family.facts.append(fact)


def story_knot(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(b) A young person goes missing: five people who had never worked together form a knot."""
    run = story_episode(
        family, EpisodeKind.CHILD_IN_NEED, plan.start, plan.start + timedelta(days=330)
    )
    found = knot(family, run, date(2024, 3, 8), fresh=True)
    if found is None:
        raise ValueError("the seed's knot could not be cast")

    def fact() -> dict[str, Any]:
        members = [found["lead"], *found["members"]]
        acts = found["acts"]
        return {
            "story": "b",
            "title": "A knot of professionals who had never worked together",
            "family": family.id,
            "members": [p.id for p in members],
            "sectors": sorted({p.agency_on(found["day"]).sector.value for p in members}),
            "interactions": [a.id for a in acts],
            "from": min(a.day for a in acts).isoformat(),
            "to": max(a.day for a in acts).isoformat(),
        }

    family.facts.append(fact)


def story_travel(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(c) School worries, refers to social care, which refers on to CAMHS."""
    rng = family.rng
    start = plan.start
    school = _must(
        pick_seat(
            family,
            Seat(family.school_kind(), (Profession.SENCO, Profession.HEAD_TEACHER)),
            start,
            None,
        )
    )
    school_inv = family.involve(school, InvolvementRole.CONTRIBUTOR, start, None)
    referral_day = workday(start + timedelta(days=75))
    for offset in (3, 20, 41, 62):
        day = workday(start + timedelta(days=offset))
        kind = InteractionKind.MEETING if offset % 2 else InteractionKind.PHONE_CALL
        family.add_interaction(
            kind,
            day,
            [(school, ParticipationRole.ATTENDEE)],
            [(c, ParticipationRole.ATTENDEE) for c in family.adults(day)],
        )
    run = story_episode(
        family,
        EpisodeKind.CHILD_IN_NEED,
        referral_day,
        referral_day + timedelta(days=300),
        partners=[],
        referrer=school,
        also=[school_inv],
    )
    close_parallel(family, [school_inv], run)
    onward = _must(
        onward_referral(
            family,
            run,
            referral_day + timedelta(days=rng.randint(75, 85)),
            "camhs",
            (Profession.CAMHS_CLINICIAN,),
        )
    )

    def fact() -> dict[str, Any]:
        assert run.referral is not None and onward.referred_to is not None
        first = run.referral.referred_to
        assert first is not None
        return {
            "story": "c",
            "title": "A case that travelled from education to social care to CAMHS",
            "family": family.id,
            "path": [school.agency_on(start).id, first.id, onward.referred_to.id],
            "sectors": [
                school.agency_on(start).sector.value,
                first.sector.value,
                onward.referred_to.sector.value,
            ],
            "referrals": [run.referral.id, onward.id],
            "referralDates": [run.referral.day.isoformat(), onward.day.isoformat()],
            "schoolInvolvedFrom": start.isoformat(),
        }

    family.facts.append(fact)


def story_broker(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(d) A voluntary-sector worker carries the work between a GP, housing, police and school."""
    start = workday(plan.start)
    until = start + timedelta(days=270)
    broker = _must(
        family.pick("family-action", (Profession.FAMILY_SUPPORT_WORKER,), start, until, fresh=True)
    )
    contacts = [
        _must(pick_first(family, seats, start, until, fresh=True)) for seats in BROKER_SEATS
    ]
    family.broker = broker
    run = story_episode(
        family,
        EpisodeKind.EARLY_HELP,
        start,
        until,
        lead=broker,
        partners=contacts,
        referrer=contacts[0],
    )

    def fact() -> dict[str, Any]:
        others = sorted(
            {p.id for a in family.interactions for p, _ in a.professionals if p is not broker}
        )
        return {
            "story": "d",
            "title": "A professional who brokers between sectors",
            "family": family.id,
            "broker": broker.id,
            "brokerSector": broker.agency_on(start).sector.value,
            "contacts": others,
            "contactSectors": sorted({p.agency_on(start).sector.value for p in contacts}),
            "episode": run.episode.id,
        }

    family.facts.append(fact)


def story_ehcp(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(e) An EHCP written by education, health, social care and mental health."""
    start = workday(plan.start)
    until = start + timedelta(days=150)
    seats = (
        ("send", Profession.EDUCATIONAL_PSYCHOLOGIST),
        ("hospital", Profession.PAEDIATRICIAN),
        ("social-care", Profession.SOCIAL_WORKER),
        ("camhs", Profession.CAMHS_CLINICIAN),
    )
    partners = [
        _must(family.pick(kind, (profession,), start + timedelta(days=20), until))
        for kind, profession in seats
    ]
    run = story_episode(
        family, EpisodeKind.EHCP, start, start + timedelta(days=140), partners=partners
    )

    def fact() -> dict[str, Any]:
        assert run.plan is not None
        plan_object = run.plan
        workers = {
            p.id: p.agency_on(a.day).sector.value
            for a in family.interactions
            for p, _ in a.professionals
            if any(writer is plan_object for writer, _, _ in a.work)
        }
        return {
            "story": "e",
            "title": "An EHCP worked on by four sectors",
            "family": family.id,
            "boundaryObject": plan_object.id,
            "sectors": sorted(set(workers.values())),
            "workers": sorted(workers),
            "episode": run.episode.id,
        }

    family.facts.append(fact)


def story_handover(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(f) The lead professional moves to another agency and hands the family over to a colleague."""
    role = InvolvementRole.LEAD_PROFESSIONAL
    movers = [
        p
        for p in family.area.professionals
        if len(p.employments) == 2
        and p.id not in family.ctx.reserved | family.ctx.busy
        and p.profession
        in (
            Profession.FAMILY_SUPPORT_WORKER,
            Profession.TEACHER,
            Profession.SENCO,
            Profession.SCHOOL_NURSE,
            Profession.HEALTH_VISITOR,
            Profession.EARLY_YEARS_PRACTITIONER,
            Profession.YOUTH_WORKER,
        )
        and date(2023, 9, 1) <= p.employments[1].start <= date(2024, 10, 31)
        and p.employments[0].start <= p.employments[1].start - timedelta(days=200)
    ]
    handed: tuple[ProfessionalDraft, ProfessionalDraft] | None = None
    if movers:
        lead = family.rng.choice(movers)
        moved = lead.employments[1].start
        opened = workday(moved - timedelta(days=130))
        run = story_episode(
            family, EpisodeKind.EARLY_HELP, opened, moved + timedelta(days=120), lead=lead
        )
        successor = next(
            (i.professional for i in family.involvements if i.role is role and i.start == moved),
            None,
        )
        if successor is not None:
            handed = (lead, successor)
            visit = workday(moved - timedelta(days=6))
            if visit < moved and successor.employment_on(visit) is not None:
                family.add_interaction(
                    InteractionKind.HOME_VISIT,
                    visit,
                    [(lead, ParticipationRole.ATTENDEE), (successor, ParticipationRole.ATTENDEE)],
                    [(c, ParticipationRole.ATTENDEE) for c in family.adults(visit)],
                )
    else:
        run = story_episode(
            family, EpisodeKind.EARLY_HELP, plan.start, plan.start + timedelta(days=260)
        )
        handed = lead_handover(family, run, role, plan.start + timedelta(days=130))
    if handed is None:
        raise ValueError("the seed's lead professional handover could not be cast")
    old, new = handed

    def fact() -> dict[str, Any]:
        before = next(i for i in family.involvements if i.professional is old and i.role is role)
        after = next(i for i in family.involvements if i.professional is new and i.role is role)
        assert before.end is not None
        return {
            "story": "f",
            "title": "A lead professional handing over",
            "family": family.id,
            "from": old.id,
            "fromAgency": before.agency.id,
            "fromLastDay": before.end.isoformat(),
            "to": new.id,
            "toAgency": after.agency.id,
            "toFirstDay": after.start.isoformat(),
            "fromMovedTo": old.agency_on(after.start).id
            if old.employment_on(after.start)
            else None,
            "episode": run.episode.id,
        }

    family.facts.append(fact)


# Story (g): the new view comes this many days after the tension's resolution; the
# documented window of objectOfActivity (`revisionWindowDays`) is 30.
NEW_VIEW_AFTER_DAYS = 9


def story_new_view(family: FamilyBuilder, plan: FamilyPlan) -> None:
    """(g) Two professionals of different sectors disagree about what the work is for; once
    the tension is resolved, the second revises the first one's view of the object.

    The family's own life is the generic one; the story adds two perspectives and a
    tension to it without drawing from the family's random stream, so the rest of the
    family's record is what it would be without the story.
    """
    generic_life(family, plan)
    child = family.focus_child().first_name
    joint = sorted(
        (a for a in family.interactions if len(a.agencies()) >= 2), key=lambda a: (a.at, a.seq)
    )
    for meeting in joint:
        day = meeting.day
        first = meeting.professionals[0][0]
        sector = first.agency_on(day).sector
        second = next(
            (p for p, _ in meeting.professionals if p.agency_on(day).sector is not sector), None
        )
        if second is None:
            continue
        raised = datetime.combine(day + timedelta(days=1), time(10, 0))
        resolved = raised + timedelta(days=20, hours=5)
        seen = datetime.combine(resolved.date() + timedelta(days=NEW_VIEW_AFTER_DAYS), time(11, 0))
        agency = second.employment_on(seen.date())
        if (
            seen.date() > WINDOW_END
            or agency is None
            or agency.agency is not second.agency_on(day)
            or not any(
                i.professional is second and i.covers(seen.date()) for i in family.involvements
            )
        ):
            continue
        view = PerspectiveDraft(
            first.id,
            NEW_VIEW_TEXTS["first"].format(child=child),
            datetime.combine(day, time(17, 0)),
            None,
            None,
        )
        tension = TensionDraft(
            TensionKind.PRIORITIES,
            NEW_VIEW_TEXTS["tension"].format(child=child),
            raised,
            resolved,
            NEW_VIEW_TEXTS["resolution"],
            [first.id, second.id],
            None,
        )
        new = PerspectiveDraft(
            second.id, NEW_VIEW_TEXTS["new"].format(child=child), seen, None, view
        )
        family.perspectives += [view, new]
        family.tensions.append(tension)
        break
    else:
        raise ValueError("the seed's tension that led to a new view could not be cast")

    def fact() -> dict[str, Any]:
        return {
            "story": "g",
            "title": "A tension that led to a new view",
            "family": family.id,
            "tension": tension.id,
            "meeting": meeting.id,
            "parties": [first.id, second.id],
            "partySectors": [sector.value, second.agency_on(day).sector.value],
            "raisedAt": iso_instant(raised),
            "resolvedAt": iso_instant(resolved),
            "firstView": view.id,
            "newView": new.id,
            "newViewAt": iso_instant(seen),
            "daysAfterResolution": round((seen - resolved).total_seconds() / 86400, 2),
        }

    family.facts.append(fact)


def _must(value: Any) -> Any:
    if value is None:
        raise ValueError("a seed story could not be cast from the professional pool")
    return value


SCENARIOS: dict[str, Callable[[FamilyBuilder, FamilyPlan], None]] = {
    "a": story_multiagency,
    "b": story_knot,
    "c": story_travel,
    "d": story_broker,
    "e": story_ehcp,
    "f": story_handover,
    "g": story_new_view,
}

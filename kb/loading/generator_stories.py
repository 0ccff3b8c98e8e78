"""Family plans and the stories planted in them.

A `FamilyPlan` says how big a family's record is (clients, episodes,
interactions, objects, perspectives, tensions) and which story it carries.
Random datasets draw plans (`draw_plan`); the seed dataset's fifteen plans are
written by hand (`SEED_PLANS`). Either way `build_family` plays the plan out
with the same scenario functions, so the seed and a 100,000-family dataset
hold the same kinds of story:

(a) multiagency, then interagency - (b) a knot of strangers - (c) a case that
travels education -> social care -> CAMHS - (d) a broker between sectors -
(e) an EHCP written by four sectors - (f) a lead professional handing over.

In the seed (`ctx.strict_stories`) the people cast in (b) and (d) are strangers
to everyone and kept out of all other work, so the stories hold exactly.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kb.domain.vocabulary import BoundaryObjectKind, EpisodeKind, InvolvementRole, Profession
from kb.loading.generator_episodes import (
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
from kb.loading.generator_family import (
    DAY,
    FamilyBuilder,
    GenerationContext,
    Involvement,
    K,
    R,
    workday,
)
from kb.loading.generator_pool import WINDOW_END, WINDOW_START, Pro
from kb.loading.generator_text import SURNAMES

E = EpisodeKind
P = Profession


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


KIND_WEIGHTS = ((E.EARLY_HELP, 40), (E.CHILD_IN_NEED, 22), (E.CHILD_PROTECTION, 12),
                (E.EHCP, 14), (E.YOUTH_JUSTICE, 12))  # fmt: skip


def draw_plan(rng: random.Random, index: int, width: int, areas: list[str]) -> FamilyPlan:
    """A random family with the seed's proportions on average."""
    n_episodes = rng.choices((0, 1, 2), (15, 70, 15))[0]
    kinds = [kind for kind, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    episodes = [rng.choices(kinds, weights)[0] for _ in range(n_episodes)]
    ages = [rng.randint(0, 17) for _ in range(rng.choices((1, 2, 3), (65, 25, 10))[0])]
    if E.YOUTH_JUSTICE in episodes:
        ages[0] = rng.randint(13, 17)
    elif E.EHCP in episodes:
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
        multiagency=first in (E.EARLY_HELP, E.CHILD_IN_NEED) and rng.random() < 0.25,
        knot=bool(episodes) and rng.random() < 0.12,
        travel=first in (E.EARLY_HELP, E.CHILD_IN_NEED) and rng.random() < 0.25,
        brokered=first is E.EARLY_HELP and rng.random() < 0.08,
    )


def _seed(key: str, surname: str, story: str | None, parents: int, ages: list[int],
          episodes: list[EpisodeKind], start: date, counts: tuple[int, int, int, int]) -> FamilyPlan:  # fmt: skip
    interactions, objects, perspectives, tensions = counts
    return FamilyPlan(key, surname, f"NM/{start.year}/{key.upper()}", 0, parents, ages, episodes,
                      start, interactions, objects, perspectives, tensions, story)  # fmt: skip


# The seed: 15 families, 40 clients, 15 episodes, 600 interactions, 40 objects,
# 30 perspectives and 12 tensions; the six stories come first.
SEED_PLANS: tuple[FamilyPlan, ...] = (
    _seed("ash", "Ashworth", "a", 1, [9, 6], [E.EARLY_HELP], date(2023, 2, 1), (48, 3, 3, 1)),
    _seed("birch", "Birchall", "b", 2, [15], [E.CHILD_IN_NEED], date(2023, 9, 4), (44, 3, 2, 1)),
    _seed("cedar", "Cedarholm", "c", 1, [12, 8], [E.CHILD_IN_NEED], date(2023, 3, 1), (40, 3, 2, 1)),
    _seed("damson", "Damsbury", "d", 1, [10], [E.EARLY_HELP], date(2024, 1, 8), (36, 2, 2, 1)),
    _seed("elm", "Elmore", "e", 2, [7], [E.EHCP], date(2023, 10, 2), (44, 4, 2, 1)),
    _seed("fir", "Firbank", "f", 1, [4], [E.EARLY_HELP], date(2023, 9, 1), (38, 3, 2, 1)),
    _seed("hazel", "Hazelby", None, 2, [3], [E.CHILD_PROTECTION], date(2024, 5, 13), (52, 3, 2, 2)),
    _seed("holly", "Hollins", None, 1, [16], [E.YOUTH_JUSTICE], date(2023, 4, 17), (40, 2, 2, 1)),
    _seed("juniper", "Junipero", None, 1, [11, 5], [E.EARLY_HELP, E.CHILD_IN_NEED],
          date(2023, 3, 6), (34, 3, 2, 1)),
    _seed("larch", "Larchmont", None, 1, [13], [E.CHILD_IN_NEED], date(2024, 2, 5), (36, 2, 2, 1)),
    _seed("maple", "Mapleton", None, 2, [9], [E.EHCP], date(2024, 6, 3), (38, 3, 2, 0)),
    _seed("oak", "Oakley", None, 1, [6, 2], [E.CHILD_PROTECTION], date(2023, 7, 10), (44, 3, 2, 1)),
    _seed("rowan", "Rowntree", None, 1, [15], [E.YOUTH_JUSTICE], date(2024, 9, 2), (36, 2, 2, 0)),
    _seed("willow", "Willoughby", None, 2, [8], [E.EARLY_HELP], date(2024, 4, 15), (34, 2, 2, 0)),
    _seed("yew", "Yewdale", None, 1, [14, 10], [], date(2023, 11, 6), (36, 2, 1, 0)),
)  # fmt: skip


def build_family(ctx: GenerationContext, plan: FamilyPlan, rng: random.Random) -> FamilyBuilder:
    """Play a plan out: clients, the story or the generic life, everyday work, views, tensions."""
    area = ctx.areas[plan.area_index]
    b = FamilyBuilder(ctx, area, plan.key, rng, plan.surname, plan.reference)
    b.add_clients(plan.parents, plan.child_ages)
    b.bo_budget = plan.objects
    b.start = plan.start
    SCENARIOS.get(plan.story or "", generic_life)(b, plan)
    last_act = max((a.day for a in b.acts), default=plan.start)
    ends = [ep.closed for ep in b.episodes]
    if not ends or any(end is None for end in ends):
        b.end = (
            WINDOW_END if ends else min(WINDOW_END, max(last_act, plan.start + timedelta(days=240)))
        )
    else:
        b.end = min(
            WINDOW_END, max([last_act] + [e for e in ends if e is not None]) + timedelta(days=21)
        )
    b.extra_objects()
    b.fill(plan.interactions)
    b.views(plan.perspectives)
    b.conflicts(plan.tensions)
    b.finish()
    for fact in b.facts:
        ctx.stories.append(fact())
    return b


# -- the generic life of a family --------------------------------------------


def generic_life(b: FamilyBuilder, plan: FamilyPlan) -> None:
    rng = b.rng
    day = plan.start
    also: list[Involvement] = []
    if plan.multiagency and plan.episodes:
        joint = workday(day + timedelta(days=rng.randint(60, 150)))
        if joint < WINDOW_END - timedelta(days=60):
            seats = rng.sample((SCHOOL_SEAT, HEALTH_SEAT, Seat("housing", (P.HOUSING_OFFICER,))), 2)
            also = parallel_phase(b, day, joint, seats)
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
            lead = b.pick("family-action", (P.FAMILY_SUPPORT_WORKER,), workday(day))
            b.broker = lead
        run = run_episode(b, kind, day, lead=lead, also=also if i == 0 else [])
        if run is None:
            continue
        runs.append(run)
        if i == 0 and also:
            close_parallel(b, also, run)
        if plan.travel and i == 0 and kind in (E.EARLY_HELP, E.CHILD_IN_NEED):
            onward_referral(b, run, day + timedelta(days=rng.randint(45, 100)), "camhs",
                            (P.CAMHS_CLINICIAN,))  # fmt: skip
        if plan.knot and i == 0:
            knot(b, run, run.episode.opened + timedelta(days=rng.randint(40, 120)), fresh=False)
    if not runs:
        universal_work(b, plan.start)


def universal_work(b: FamilyBuilder, start: date) -> None:
    """A family known only to universal services: its school and its health service."""
    rng = b.rng
    until = start + timedelta(days=rng.randint(150, 300))
    for seat, kind in ((SCHOOL_SEAT, K.MEETING), (HEALTH_SEAT, K.HOME_VISIT)):
        pro = pick_seat(b, seat, start, until)
        if pro is None:
            continue
        inv = b.involve(pro, InvolvementRole.CONTRIBUTOR, start, until)
        day = workday(start + timedelta(days=rng.randint(0, 20)))
        if inv.covers(day):
            b.act(kind, day, [(pro, R.ATTENDEE)], [(c, R.ATTENDEE) for c in b.adults(day)])
    if not b.invs:  # a pool too small to staff the family: someone from social care
        pro = b.pick("social-care", None, start)
        if pro is None:
            raise ValueError("the professional pool is too small to staff a family")
        b.involve(pro, InvolvementRole.CONTRIBUTOR, start, until)


def parallel_phase(
    b: FamilyBuilder, start: date, joint: date, seats: list[Seat]
) -> list[Involvement]:
    """Agencies work with the family side by side, each on its own (multiagency), until `joint`."""
    rng = b.rng
    b.joint_from = joint
    first = len(b.invs)
    for seat in seats:
        begin = workday(start + timedelta(days=rng.randint(0, 14)))
        pro = pick_seat(b, seat, begin, joint)
        if pro is None:
            continue
        inv = b.involve(pro, InvolvementRole.CONTRIBUTOR, begin, None)
        for _ in range(rng.randint(2, 3)):
            day = workday(begin + timedelta(days=rng.randint(0, max(1, (joint - begin).days - 10))))
            if day >= joint or not inv.covers(day):
                continue
            kind = K.MEETING if seat is SCHOOL_SEAT else K.HOME_VISIT
            act = b.act(kind, day, [(pro, R.ATTENDEE)], [(c, R.ATTENDEE) for c in b.adults(day)])
            if seat is SCHOOL_SEAT and not any(bo.only_agency for bo in b.bos):
                b.bo(BoundaryObjectKind.INFORMATION, act)
    return b.invs[first:]


def close_parallel(
    b: FamilyBuilder, invs: list[Involvement], run: Run, lead: Pro | None = None
) -> None:
    """Parallel involvements continue into the episode; the new lead's ends the day before.

    An involvement that would end before it begins (a colleague covering after
    the episode closed) is dropped.
    """
    for inv in invs:
        cut = (
            run.episode.opened - DAY if lead is not None and inv.pro is lead else run.episode.closed
        )
        if cut is not None and (inv.end is None or inv.end > cut):
            inv.end = cut
        if inv.end is not None and inv.end < inv.start:
            b.invs.remove(inv)


# Who gathers around a young person in crisis: police, a doctor, CAMHS, a youth worker.
KNOT_SEATS = (
    (("police", P.POLICE_OFFICER),),
    (("hospital", P.PAEDIATRICIAN), ("gp", P.GP), ("community-health", P.SCHOOL_NURSE)),
    (("camhs", P.CAMHS_CLINICIAN), ("camhs", P.CLINICAL_PSYCHOLOGIST)),
    (("youth-trust", P.YOUTH_WORKER), ("family-action", P.FAMILY_SUPPORT_WORKER)),
)


# Whom a broker links: a doctor, housing, criminal justice and a school (each: first who is free).
BROKER_SEATS = (
    (("gp", P.GP), ("community-health", P.HEALTH_VISITOR), ("community-health", P.SCHOOL_NURSE)),
    (("housing", P.HOUSING_OFFICER), ("homes", P.HOUSING_OFFICER)),
    (("police", P.POLICE_OFFICER), ("probation", P.PROBATION_OFFICER),
     ("youth-justice", P.YOUTH_OFFENDING_OFFICER)),
    (("primary", P.TEACHER), ("academy", P.TEACHER), ("send", P.EDUCATION_WELFARE_OFFICER)),
)  # fmt: skip


def pick_first(
    b: FamilyBuilder,
    seats: tuple[tuple[str, Profession], ...],
    day: date,
    until: date | None,
    *,
    fresh: bool,
    lasting: int = 0,
) -> Pro | None:
    """The first seat that someone can fill (employed from `day` for `lasting` days at least)."""
    for kind, profession in seats:
        pro = b.pick(kind, (profession,), day, until, fresh=fresh)
        if pro is None:
            continue
        if all(pro.employment_on(day + timedelta(days=d)) for d in range(lasting)):
            return pro
        b.ctx.reserved.discard(pro.id)
    return None


def knot(b: FamilyBuilder, run: Run, day: date, *, fresh: bool) -> dict[str, Any] | None:
    """A crisis: for four days, people who had never worked together work densely around the child."""
    lead_role = RECIPES[run.episode.kind].lead_role
    lead = next((i.pro for i in run.invs if i.role is lead_role and i.covers(day)
                 and i.covers(day + timedelta(days=3))), None)  # fmt: skip
    if lead is None:
        return None
    members: list[Pro] = []
    for seats in KNOT_SEATS:
        pro = pick_first(b, seats, day, day + timedelta(days=60), fresh=fresh, lasting=4)
        if pro is not None:
            members.append(pro)
    if len(members) < 4:
        return None
    end = day + timedelta(days=b.rng.randint(30, 60))
    if run.episode.closed is not None:
        end = min(end, run.episode.closed)
    for pro in members:
        emp = pro.employment_on(day)
        stop = end if emp is None or emp.end is None else min(end, emp.end)
        run.invs.append(b.involve(pro, InvolvementRole.CONTRIBUTOR, day, stop, cover=False))
    police, doctor, camhs, youth = members
    child = b.focus_child()
    d = timedelta(days=1)
    acts = [
        b.act(K.STRATEGY_DISCUSSION, day, [(lead, R.CHAIR), (police, R.ATTENDEE), (doctor, R.ATTENDEE)], hour=19),
        b.act(K.PHONE_CALL, day, [(lead, R.ATTENDEE), (camhs, R.ATTENDEE)], hour=20),
        b.act(K.ASSESSMENT, day + d, [(camhs, R.ASSESSOR), (doctor, R.ATTENDEE)], [(child, R.SUBJECT)], hour=10),
        b.act(K.INFORMATION_SHARE, day + d, [(police, R.CONTRIBUTOR), (youth, R.RECIPIENT)], hour=15),
        b.act(K.MEETING, day + 2 * d, [(lead, R.CHAIR)] + [(m, R.ATTENDEE) for m in members],
              b.family_at(day + 2 * d), hour=11),
        b.act(K.PHONE_CALL, day + 3 * d, [(youth, R.ATTENDEE), (camhs, R.ATTENDEE)], hour=16),
    ]  # fmt: skip
    run.acts.extend(acts)
    return {"lead": lead, "members": members, "acts": acts, "day": day}


# -- the seed's six stories -------------------------------------------------


def story_multiagency(b: FamilyBuilder, plan: FamilyPlan) -> None:
    """(a) Four agencies work with the family in parallel; an Early Help Assessment joins them up."""
    start = plan.start
    joint = workday(start + timedelta(days=124))
    seats = [SCHOOL_SEAT, HEALTH_SEAT, Seat("housing", (P.HOUSING_OFFICER,)),
             Seat("family-hub", (P.FAMILY_SUPPORT_WORKER,))]  # fmt: skip
    also = parallel_phase(b, start, joint, seats)
    fsw = next(i.pro for i in also if i.agency.kind == "family-hub")
    school = next(i.pro for i in also if i.agency.kind == b.school_kind())
    run = _must(run_episode(b, E.EARLY_HELP, joint, closed=joint + timedelta(days=240), lead=fsw,
                            partners=[], referrer=school, also=[i for i in also if i.pro is not fsw],
                            handover=False))  # fmt: skip
    close_parallel(b, also, run, lead=fsw)

    def fact() -> dict[str, Any]:
        assert run.first_meeting is not None and run.plan is not None
        parallel = sorted({i.agency.id for i in also})
        return {
            "story": "a",
            "title": "From multiagency to interagency work",
            "family": b.id,
            "agencies": parallel,
            "multiagencyFrom": min(i.start for i in also).isoformat(),
            "multiagencyTo": (joint - DAY).isoformat(),
            "interagencyFrom": joint.isoformat(),
            "interagencyTo": (run.episode.closed or WINDOW_END).isoformat(),
            "episode": run.episode.id,
            "firstJointMeeting": run.first_meeting.id,
            "sharedPlan": run.plan.id,
        }

    b.facts.append(fact)


def story_knot(b: FamilyBuilder, plan: FamilyPlan) -> None:
    """(b) A young person goes missing: five people who had never worked together form a knot."""
    run = _must(run_episode(b, E.CHILD_IN_NEED, plan.start, closed=plan.start + timedelta(days=330),
                            handover=False))  # fmt: skip
    found = knot(b, run, date(2024, 3, 8), fresh=True)
    if found is None:
        raise ValueError("the seed's knot could not be cast")

    def fact() -> dict[str, Any]:
        members = [found["lead"], *found["members"]]
        acts = found["acts"]
        return {
            "story": "b",
            "title": "A knot of professionals who had never worked together",
            "family": b.id,
            "members": [p.id for p in members],
            "sectors": sorted({p.agency_on(found["day"]).sector.value for p in members}),
            "interactions": [a.id for a in acts],
            "from": min(a.day for a in acts).isoformat(),
            "to": max(a.day for a in acts).isoformat(),
        }

    b.facts.append(fact)


def story_travel(b: FamilyBuilder, plan: FamilyPlan) -> None:
    """(c) School worries, refers to social care, which refers on to CAMHS."""
    rng = b.rng
    start = plan.start
    school = _must(pick_seat(b, Seat(b.school_kind(), (P.SENCO, P.HEAD_TEACHER)), start, None))
    school_inv = b.involve(school, InvolvementRole.CONTRIBUTOR, start, None)
    referral_day = workday(start + timedelta(days=75))
    for offset in (3, 20, 41, 62):
        day = workday(start + timedelta(days=offset))
        kind = K.MEETING if offset % 2 else K.PHONE_CALL
        b.act(kind, day, [(school, R.ATTENDEE)], [(c, R.ATTENDEE) for c in b.adults(day)])
    run = _must(run_episode(b, E.CHILD_IN_NEED, referral_day, closed=referral_day + timedelta(days=300),
                            partners=[], referrer=school, also=[school_inv], handover=False))  # fmt: skip
    close_parallel(b, [school_inv], run)
    onward = _must(onward_referral(b, run, referral_day + timedelta(days=rng.randint(75, 85)), "camhs",
                                   (P.CAMHS_CLINICIAN,)))  # fmt: skip

    def fact() -> dict[str, Any]:
        assert run.referral is not None and onward.referred_to is not None
        first = run.referral.referred_to
        assert first is not None
        return {
            "story": "c",
            "title": "A case that travelled from education to social care to CAMHS",
            "family": b.id,
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

    b.facts.append(fact)


def story_broker(b: FamilyBuilder, plan: FamilyPlan) -> None:
    """(d) A voluntary-sector worker carries the work between a GP, housing, police and school."""
    start = workday(plan.start)
    until = start + timedelta(days=270)
    broker = _must(b.pick("family-action", (P.FAMILY_SUPPORT_WORKER,), start, until, fresh=True))
    contacts = [_must(pick_first(b, seats, start, until, fresh=True)) for seats in BROKER_SEATS]
    b.broker = broker
    run = _must(run_episode(b, E.EARLY_HELP, start, closed=until, lead=broker, partners=contacts,
                            referrer=contacts[0], handover=False))  # fmt: skip

    def fact() -> dict[str, Any]:
        others = sorted({p.id for a in b.acts for p, _ in a.pros if p is not broker})
        return {
            "story": "d",
            "title": "A professional who brokers between sectors",
            "family": b.id,
            "broker": broker.id,
            "brokerSector": broker.agency_on(start).sector.value,
            "contacts": others,
            "contactSectors": sorted({p.agency_on(start).sector.value for p in contacts}),
            "episode": run.episode.id,
        }

    b.facts.append(fact)


def story_ehcp(b: FamilyBuilder, plan: FamilyPlan) -> None:
    """(e) An EHCP written by education, health, social care and mental health."""
    start = workday(plan.start)
    until = start + timedelta(days=150)
    seats = (("send", P.EDUCATIONAL_PSYCHOLOGIST), ("hospital", P.PAEDIATRICIAN),
             ("social-care", P.SOCIAL_WORKER), ("camhs", P.CAMHS_CLINICIAN))  # fmt: skip
    partners = [
        _must(b.pick(kind, (profession,), start + timedelta(days=20), until))
        for kind, profession in seats
    ]
    run = _must(run_episode(b, E.EHCP, start, closed=start + timedelta(days=140), partners=partners,
                            handover=False))  # fmt: skip

    def fact() -> dict[str, Any]:
        assert run.plan is not None
        plan_object = run.plan
        workers = {p.id: p.agency_on(a.day).sector.value for a in b.acts for p, _ in a.pros
                   if any(w is plan_object for w, _, _ in a.work)}  # fmt: skip
        return {
            "story": "e",
            "title": "An EHCP worked on by four sectors",
            "family": b.id,
            "boundaryObject": plan_object.id,
            "sectors": sorted(set(workers.values())),
            "workers": sorted(workers),
            "episode": run.episode.id,
        }

    b.facts.append(fact)


def story_handover(b: FamilyBuilder, plan: FamilyPlan) -> None:
    """(f) The lead professional moves to another agency and hands the family over to a colleague."""
    role = InvolvementRole.LEAD_PROFESSIONAL
    movers = [
        p for p in b.area.pros
        if len(p.employments) == 2 and p.id not in b.ctx.reserved | b.ctx.busy
        and p.profession in (P.FAMILY_SUPPORT_WORKER, P.TEACHER, P.SENCO, P.SCHOOL_NURSE,
                             P.HEALTH_VISITOR, P.EARLY_YEARS_PRACTITIONER, P.YOUTH_WORKER)
        and date(2023, 9, 1) <= p.employments[1].start <= date(2024, 10, 31)
        and p.employments[0].start <= p.employments[1].start - timedelta(days=200)
    ]  # fmt: skip
    handed: tuple[Pro, Pro] | None = None
    if movers:
        lead = b.rng.choice(movers)
        moved = lead.employments[1].start
        opened = workday(moved - timedelta(days=130))
        run = _must(run_episode(b, E.EARLY_HELP, opened, closed=moved + timedelta(days=120),
                                lead=lead, handover=False))  # fmt: skip
        successor = next((i.pro for i in b.invs if i.role is role and i.start == moved), None)
        if successor is not None:
            handed = (lead, successor)
            visit = workday(moved - timedelta(days=6))
            if visit < moved and successor.employment_on(visit) is not None:
                b.act(K.HOME_VISIT, visit, [(lead, R.ATTENDEE), (successor, R.ATTENDEE)],
                      [(c, R.ATTENDEE) for c in b.adults(visit)])  # fmt: skip
    else:
        run = _must(run_episode(b, E.EARLY_HELP, plan.start, closed=plan.start + timedelta(days=260),
                                handover=False))  # fmt: skip
        handed = lead_handover(b, run, role, plan.start + timedelta(days=130))
    if handed is None:
        raise ValueError("the seed's lead professional handover could not be cast")
    old, new = handed

    def fact() -> dict[str, Any]:
        before = next(i for i in b.invs if i.pro is old and i.role is role)
        after = next(i for i in b.invs if i.pro is new and i.role is role)
        assert before.end is not None
        return {
            "story": "f",
            "title": "A lead professional handing over",
            "family": b.id,
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

    b.facts.append(fact)


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
}

"""Episode recipes: how Early Help, Child in Need, Child Protection, EHCP and Youth Justice work unfolds.

Each recipe names who leads, who may join, who refers, which shared objects
are made and how often the work is reviewed. `run_episode` plays one out on a
`FamilyBuilder`: referral, allocation, assessment, the first joint meeting (or
strategy discussion and conference, or EHCP advice and panel), reviews and
closure. Story code passes its own cast instead of letting the recipe pick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    EpisodeKind,
    InvolvementRole,
    Level,
    Profession,
    TeamType,
    WorkAction,
)
from kb.loading.generator_family import (
    DAY,
    Act,
    Bo,
    Episode,
    FamilyBuilder,
    Involvement,
    K,
    R,
    workday,
)
from kb.loading.generator_pool import WINDOW_END, Pro, Team

P = Profession
BO = BoundaryObjectKind
SCHOOL = "school"  # replaced by the family's school (primary or academy)


@dataclass(frozen=True)
class Seat:
    kind: str
    professions: tuple[Profession, ...]


@dataclass(frozen=True)
class Recipe:
    lead: tuple[Seat, ...]
    lead_role: InvolvementRole
    partners: tuple[Seat, ...]
    partner_count: tuple[int, int]
    partner_role: InvolvementRole
    referrers: tuple[Seat | None, ...]  # None: the family refers itself
    assessment_object: BoundaryObjectKind | None
    plan_object: BoundaryObjectKind
    meeting: K
    review_every: tuple[int, int]
    duration: tuple[int, int]


HEALTH_SEAT = Seat("community-health", (P.SCHOOL_NURSE, P.HEALTH_VISITOR))
SCHOOL_SEAT = Seat(SCHOOL, (P.TEACHER, P.SENCO, P.HEAD_TEACHER))
RECIPES: dict[EpisodeKind, Recipe] = {
    EpisodeKind.EARLY_HELP: Recipe(
        (Seat("family-hub", (P.FAMILY_SUPPORT_WORKER,)), Seat("family-action", (P.FAMILY_SUPPORT_WORKER,))),
        InvolvementRole.LEAD_PROFESSIONAL,
        (SCHOOL_SEAT, HEALTH_SEAT, Seat("housing", (P.HOUSING_OFFICER,)), Seat("gp", (P.GP,)),
         Seat("youth-trust", (P.YOUTH_WORKER,))),
        (2, 3), InvolvementRole.CONTRIBUTOR,
        (SCHOOL_SEAT, HEALTH_SEAT, Seat("gp", (P.GP,)), None),
        BO.EARLY_HELP_ASSESSMENT, BO.SUPPORT_PLAN, K.TAC_MEETING, (42, 70), (100, 270),
    ),
    EpisodeKind.CHILD_IN_NEED: Recipe(
        (Seat("social-care", (P.SOCIAL_WORKER,)),), InvolvementRole.LEAD_SOCIAL_WORKER,
        (SCHOOL_SEAT, HEALTH_SEAT, Seat("gp", (P.GP,)), Seat("camhs", (P.CAMHS_CLINICIAN,)),
         Seat("homes", (P.HOUSING_OFFICER,)), Seat("family-action", (P.FAMILY_SUPPORT_WORKER,))),
        (2, 4), InvolvementRole.CONTRIBUTOR,
        (SCHOOL_SEAT, Seat("police", (P.POLICE_OFFICER,)), HEALTH_SEAT, Seat("gp", (P.GP,))),
        None, BO.CHILD_IN_NEED_PLAN, K.MEETING, (42, 84), (120, 365),
    ),
    EpisodeKind.CHILD_PROTECTION: Recipe(
        (Seat("social-care", (P.SOCIAL_WORKER,)),), InvolvementRole.LEAD_SOCIAL_WORKER,
        (Seat("police", (P.POLICE_OFFICER,)), SCHOOL_SEAT, HEALTH_SEAT, Seat("gp", (P.GP,)),
         Seat("hospital", (P.PAEDIATRICIAN,)), Seat("housing", (P.HOUSING_OFFICER,)),
         Seat("family-action", (P.FAMILY_SUPPORT_WORKER,))),
        (3, 5), InvolvementRole.CORE_GROUP,
        (Seat("police", (P.POLICE_OFFICER,)), Seat("hospital", (P.PAEDIATRICIAN,)), SCHOOL_SEAT),
        BO.CHRONOLOGY, BO.CHILD_PROTECTION_PLAN, K.CASE_CONFERENCE, (35, 42), (180, 450),
    ),
    EpisodeKind.EHCP: Recipe(
        (Seat(SCHOOL, (P.SENCO,)),), InvolvementRole.KEY_WORKER,
        (Seat("send", (P.EDUCATIONAL_PSYCHOLOGIST,)), Seat("hospital", (P.PAEDIATRICIAN,)),
         Seat("social-care", (P.SOCIAL_WORKER,)), Seat("camhs", (P.CAMHS_CLINICIAN,)), HEALTH_SEAT),
        (2, 4), InvolvementRole.CONTRIBUTOR,
        (Seat(SCHOOL, (P.SENCO,)),),
        None, BO.EHCP, K.PANEL_MEETING, (0, 0), (120, 150),
    ),
    EpisodeKind.YOUTH_JUSTICE: Recipe(
        (Seat("youth-justice", (P.YOUTH_OFFENDING_OFFICER,)),), InvolvementRole.KEY_WORKER,
        (Seat("police", (P.POLICE_OFFICER,)), Seat("academy", (P.EDUCATION_WELFARE_OFFICER, P.TEACHER)),
         Seat("camhs", (P.CAMHS_CLINICIAN,)), Seat("youth-trust", (P.YOUTH_WORKER,)),
         Seat("social-care", (P.SOCIAL_WORKER,))),
        (2, 3), InvolvementRole.CONTRIBUTOR,
        (Seat("police", (P.POLICE_OFFICER,)),),
        None, BO.CARE_PLAN, K.MEETING, (28, 56), (90, 365),
    ),
}  # fmt: skip

SOURCE_NAMES = {
    "academy": "school", "primary": "school", "community-health": "health visitor",
    "gp": "GP", "police": "police", "hospital": "hospital", "social-care": "social care",
}  # fmt: skip


@dataclass(eq=False)
class Run:
    """What one episode produced, for story facts and for later steps."""

    episode: Episode
    lead: Pro
    invs: list[Involvement] = field(default_factory=list)
    referral: Act | None = None
    first_meeting: Act | None = None
    plan: Bo | None = None
    acts: list[Act] = field(default_factory=list)


def seat_kind(b: FamilyBuilder, seat: Seat) -> str:
    return b.school_kind() if seat.kind == SCHOOL else seat.kind


def pick_seat(b: FamilyBuilder, seat: Seat, day: date, until: date | None) -> Pro | None:
    return b.pick(seat_kind(b, seat), seat.professions, day, until)


def run_episode(
    b: FamilyBuilder,
    kind: EpisodeKind,
    opened: date,
    *,
    closed: date | None = None,
    lead: Pro | None = None,
    partners: list[Pro] | None = None,
    referrer: Pro | None = None,
    also: list[Involvement] = (),  # type: ignore[assignment]
    handover: bool = True,
) -> Run | None:
    """Play out one episode; None when nobody could be allocated (a tiny pool)."""
    rng = b.rng
    recipe = RECIPES[kind]
    opened = workday(opened)
    if closed is None:
        closed = opened + timedelta(days=rng.randint(*recipe.duration))
    until = closed if closed <= WINDOW_END else None
    if lead is None:
        for seat in rng.sample(recipe.lead, len(recipe.lead)):
            lead = pick_seat(b, seat, opened, until)
            if lead is not None:
                break
    if lead is None:
        return None
    if referrer is None and kind is not EpisodeKind.EHCP:
        referrer_seat = rng.choice(recipe.referrers)
        if referrer_seat is not None:
            referrer = pick_seat(b, referrer_seat, opened, None)
    source = "self-referral"
    if kind is EpisodeKind.EHCP:
        source = "school"
    elif referrer is not None:
        source = SOURCE_NAMES.get(referrer.agency_on(opened).kind, "professional")
    ep = b.episode(kind, opened, closed, source)
    first_inv = len(b.invs)
    lead_agency = lead.agency_on(opened)
    b.involve(lead, recipe.lead_role, opened, ep.closed)
    if partners is None:
        partners = []
        count = rng.randint(*recipe.partner_count)
        seats = list(recipe.partners)
        if kind is EpisodeKind.EHCP:  # the educational psychologist always advises
            seats = seats[:1] + rng.sample(seats[1:], len(seats) - 1)
        else:
            seats = rng.sample(seats, len(seats))
        for seat in seats:
            if len(partners) >= count:
                break
            start = opened + timedelta(
                days=rng.randint(0, 3)
                if kind is EpisodeKind.CHILD_PROTECTION
                else rng.randint(5, 20)
            )
            pro = pick_seat(b, seat, start, until)
            if pro is not None and pro is not lead and pro is not referrer:
                partners.append(pro)
    for pro in partners:
        offset = rng.randint(0, 3) if kind is EpisodeKind.CHILD_PROTECTION else rng.randint(5, 20)
        start = opened + timedelta(days=offset)
        if pro.employment_on(start) is None:
            start = opened
        if pro.employment_on(start) is not None:
            b.involve(pro, recipe.partner_role, start, ep.closed)
    run = Run(ep, lead, b.invs[first_inv:])
    run.invs.extend(also)
    referral_people: list[tuple[Pro, R]] = [(lead, R.RECIPIENT)]
    clients = []
    if kind is EpisodeKind.EHCP:
        send = next(
            (i.pro for i in run.invs if i.agency.kind == "send" and i.pro.employment_on(opened)),
            None,
        )
        referral_people = [(lead, R.REFERRER)] + ([(send, R.RECIPIENT)] if send else [])
        target = b.area.agencies["send"]
    else:
        target = lead_agency
        if referrer is not None:
            referral_people.insert(0, (referrer, R.REFERRER))
        else:
            clients = [(c, R.REFERRER) for c in b.adults(opened)[:1]]
    run.referral = b.act(
        K.REFERRAL, opened, referral_people, clients, episode=ep, referred_to=target
    )
    run.acts.append(run.referral)
    still_to_make = 1 + (recipe.assessment_object is not None)
    if kind is not EpisodeKind.EHCP and b.bo_budget > still_to_make and rng.random() < 0.3:
        b.bo(BO.REFERRAL_FORM, run.referral)
    if kind is EpisodeKind.CHILD_PROTECTION:
        _protection(b, run, recipe)
    elif kind is EpisodeKind.EHCP:
        _ehcp(b, run)
    else:
        _reviewed(b, run, recipe)
    if (
        handover
        and ep.closed is not None
        and (ep.closed - opened).days > 150
        and rng.random() < 0.3
    ):
        lead_handover(b, run, recipe.lead_role, workday(opened + (ep.closed - opened) / 2))
    return run


def people_on(b: FamilyBuilder, run: Run, day: date) -> list[Involvement]:
    """Who of this episode is active on `day`; in a brokered family, the broker and one other."""
    active = [inv for inv in run.invs if inv.covers(day)]
    seen: set[str] = set()
    unique = []
    for inv in active:
        if inv.pro.id not in seen:
            seen.add(inv.pro.id)
            unique.append(inv)
    if b.broker is not None:
        broker = [i for i in unique if i.pro is b.broker]
        others = [i for i in unique if i.pro is not b.broker]
        unique = broker[:1] + ([b.rng.choice(others)] if others else [])
    lead_role = RECIPES[run.episode.kind].lead_role
    return sorted(unique, key=lambda i: 0 if i.role is lead_role else 1)


def meeting(b: FamilyBuilder, run: Run, kind: K, day: date, chair: Pro | None = None) -> Act | None:
    day = workday(day)
    people = people_on(b, run, day)
    if not people:
        return None
    pros = [(inv.pro, R.ATTENDEE) for inv in people]
    if chair is not None and chair.employment_on(day) is not None:
        pros.insert(0, (chair, R.CHAIR))
    else:
        pros[0] = (pros[0][0], R.CHAIR)
    act = b.act(kind, day, pros, b.family_at(day), episode=run.episode)
    run.acts.append(act)
    return act


def _assessment(b: FamilyBuilder, run: Run, day: date, obj: BoundaryObjectKind | None) -> None:
    day = workday(day)
    people = people_on(b, run, day)
    if not people:
        return
    adults = b.adults(day)
    act = b.act(K.ASSESSMENT, day, [(people[0].pro, R.ASSESSOR)],
                [(b.focus_child(), R.SUBJECT)] + [(c, R.ATTENDEE) for c in adults[:1]],
                episode=run.episode)  # fmt: skip
    run.acts.append(act)
    if obj is not None:
        b.bo(obj, act, force=True)


def _reviews(b: FamilyBuilder, run: Run, kind: K, start: date, every: tuple[int, int]) -> None:
    rng = b.rng
    end = run.episode.closed or WINDOW_END
    day = start + timedelta(days=rng.randint(*every))
    count = 0
    while day < end and count < 6:
        act = meeting(b, run, kind, day)
        if act is not None and run.plan is not None:
            b.work(act, run.plan, WorkAction.REVIEWED)
            if rng.random() < 0.35 and act.pros:
                b.work(
                    act,
                    run.plan,
                    WorkAction.REVISED,
                    b.section_for(run.plan, act.pros[0][0], act.day),
                )
        day += timedelta(days=rng.randint(*every))
        count += 1
    if run.episode.closed is not None:
        act = meeting(b, run, kind, run.episode.closed - timedelta(days=3))
        if act is not None and run.plan is not None:
            b.work(act, run.plan, WorkAction.REVIEWED)


def _reviewed(b: FamilyBuilder, run: Run, recipe: Recipe) -> None:
    rng = b.rng
    opened = run.episode.opened
    _assessment(b, run, opened + timedelta(days=rng.randint(7, 18)), recipe.assessment_object)
    first = meeting(b, run, recipe.meeting if b.broker is None else K.MEETING,
                    opened + timedelta(days=rng.randint(21, 35)))  # fmt: skip
    if first is None:
        return
    run.first_meeting = first
    plan = b.bo(recipe.plan_object, first, force=True)
    assert plan is not None
    run.plan = plan
    for pro, _ in first.pros[1:]:
        b.work(first, plan, WorkAction.CONTRIBUTED, b.section_for(plan, pro, first.day))
    _reviews(
        b, run, recipe.meeting if b.broker is None else K.MEETING, first.day, recipe.review_every
    )


def _protection(b: FamilyBuilder, run: Run, recipe: Recipe) -> None:
    """Strategy discussion, initial conference, core group within ten working days, then every six weeks."""
    rng = b.rng
    opened = run.episode.opened
    day = opened + DAY
    people = people_on(b, run, day) or people_on(b, run, opened)
    discussion = b.act(K.STRATEGY_DISCUSSION, day, [(inv.pro, R.ATTENDEE) for inv in people[:3]],
                       episode=run.episode, hour=rng.randint(9, 18))  # fmt: skip
    run.acts.append(discussion)
    _assessment(b, run, opened + timedelta(days=rng.randint(3, 8)), recipe.assessment_object)
    chair = b.pick("social-care", (P.SOCIAL_WORK_MANAGER,), workday(opened + timedelta(days=15)))
    conference = meeting(
        b, run, K.CASE_CONFERENCE, opened + timedelta(days=rng.randint(15, 21)), chair
    )
    if conference is None:
        return
    run.first_meeting = conference
    run.plan = b.bo(recipe.plan_object, conference, force=True)
    end = run.episode.closed
    team = Team(f"team-{b.key}-core-group-{len(b.teams) + 1}", f"Core group - {b.surname} family",
                TeamType.CORE_GROUP, Level.OPERATIONAL, "core-group")  # fmt: skip
    for inv in people_on(b, run, conference.day):
        stop = inv.end if inv.end is not None and (end is None or inv.end < end) else end
        team.members.append(
            (inv.pro, conference.day, stop, "lead" if inv.pro is run.lead else "member")
        )
    b.teams.append(team)
    _reviews(b, run, K.CORE_GROUP_MEETING, conference.day - timedelta(days=28), recipe.review_every)


def _ehcp(b: FamilyBuilder, run: Run) -> None:
    """EP assessment drafts the plan, every sector writes its section, the panel decides, the plan is issued."""
    rng = b.rng
    opened = run.episode.opened
    ep_inv = next((i for i in run.invs if i.agency.kind == "send"), None)
    day = workday(opened + timedelta(days=rng.randint(14, 30)))
    assessor = ep_inv.pro if ep_inv is not None and ep_inv.covers(day) else run.lead
    draft = b.act(K.ASSESSMENT, day, [(assessor, R.ASSESSOR)],
                  [(b.focus_child(), R.SUBJECT)] + [(c, R.ATTENDEE) for c in b.adults(day)[:1]],
                  episode=run.episode)  # fmt: skip
    run.acts.append(draft)
    plan = b.bo(BO.EHCP, draft, force=True)
    assert plan is not None
    run.plan = plan
    contributors = [inv for inv in run.invs if inv.pro is not assessor]
    for inv in contributors:
        when = workday(opened + timedelta(days=rng.randint(35, 90)))
        if not inv.covers(when):
            when = workday(max(inv.start, opened + timedelta(days=35)))
            if not inv.covers(when):
                continue
        act = b.act(K.PLAN_CONTRIBUTION, when, [(inv.pro, R.CONTRIBUTOR)], episode=run.episode)
        b.work(act, plan, WorkAction.CONTRIBUTED, b.section_for(plan, inv.pro, when))
        run.acts.append(act)
    when = workday(opened + timedelta(days=rng.randint(40, 80)))
    parents = [(c, R.CONTRIBUTOR) for c in b.adults(when)[:1]] + [(b.focus_child(), R.CONTRIBUTOR)]
    people = people_on(b, run, when)
    if people:
        voice = b.act(K.PLAN_CONTRIBUTION, when, [(people[0].pro, R.ATTENDEE)], parents,
                      episode=run.episode)  # fmt: skip
        b.work(voice, plan, WorkAction.CONTRIBUTED, b.section_for(plan, None, when))
        run.acts.append(voice)
    when = workday(opened + timedelta(days=rng.randint(95, 112)))
    panel = b.area.teams["send-panel"].members_on(when)
    lead_now = b.holder_of(InvolvementRole.KEY_WORKER, when)
    pros = [(p, R.CHAIR if i == 0 else R.ATTENDEE) for i, p in enumerate(panel)]
    if lead_now is not None:
        pros.append((lead_now, R.ATTENDEE))
    if pros:
        decision = b.act(K.PANEL_MEETING, when, pros, episode=run.episode)
        b.work(decision, plan, WorkAction.REVIEWED)
        run.acts.append(decision)
        run.first_meeting = decision
    issued = meeting(b, run, K.MEETING, opened + timedelta(days=rng.randint(115, 119)))
    if issued is not None:
        b.work(issued, plan, WorkAction.SHARED)


def lead_handover(
    b: FamilyBuilder, run: Run, role: InvolvementRole, day: date
) -> tuple[Pro, Pro] | None:
    """The lead passes the family to a colleague: one involvement ends the day before the next begins."""
    day = workday(day)
    current = next((i for i in b.invs if i.role is role and i.covers(day) and i in run.invs), None)
    if current is None or current.start >= day - timedelta(days=7):
        return None
    end = run.episode.closed
    visit_day = workday(day - timedelta(days=5))
    if visit_day >= day or not current.covers(visit_day):
        return None
    successor = b.pick(current.agency.kind, (current.pro.profession,), visit_day, end,
                       avoid=(current.pro.id,))  # fmt: skip
    if successor is None or successor.employment_on(day) is None:
        return None
    old_end = current.end
    current.end = day - DAY
    nxt = b.involve(successor, role, day, old_end)
    run.invs.append(nxt)
    visit = b.act(K.HOME_VISIT, visit_day, [(current.pro, R.ATTENDEE), (successor, R.ATTENDEE)],
                  [(c, R.ATTENDEE) for c in b.adults(visit_day)], episode=run.episode)  # fmt: skip
    run.acts.append(visit)
    return current.pro, successor


def onward_referral(
    b: FamilyBuilder,
    run: Run,
    day: date,
    kind: str,
    professions: tuple[Profession, ...],
    *,
    fresh: bool = False,
) -> Act | None:
    """The lead refers on to another agency, which joins the work a few weeks later."""
    day = workday(day)
    referrer = next(
        (
            i.pro
            for i in run.invs
            if i.role is RECIPES[run.episode.kind].lead_role and i.covers(day)
        ),
        None,
    )
    end = run.episode.closed
    if referrer is None:
        return None
    joins = workday(day + timedelta(days=b.rng.randint(14, 28)))
    if end is not None and joins >= end:
        return None
    receiver = b.pick(kind, professions, joins, end, fresh=fresh)
    if receiver is None:
        return None
    act = b.act(K.REFERRAL, day, [(referrer, R.REFERRER)], episode=run.episode,
                referred_to=b.area.agencies[kind])  # fmt: skip
    run.acts.append(act)
    run.invs.append(b.involve(receiver, InvolvementRole.CONTRIBUTOR, joins, end))
    first = b.act(K.ASSESSMENT, joins, [(receiver, R.ASSESSOR)],
                  [(b.focus_child(), R.SUBJECT)] + [(c, R.ATTENDEE) for c in b.adults(joins)[:1]],
                  episode=run.episode)  # fmt: skip
    run.acts.append(first)
    return act

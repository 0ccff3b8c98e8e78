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
    InteractionKind,
    InvolvementRole,
    Level,
    ParticipationRole,
    Profession,
    TeamType,
    WorkAction,
)
from kb.synthetic.family import FamilyBuilder
from kb.synthetic.pool import WINDOW_END, ProfessionalDraft, TeamDraft
from kb.synthetic.records import (
    DAY,
    BoundaryObjectDraft,
    EpisodeDraft,
    InteractionDraft,
    InvolvementDraft,
    workday,
)

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
    meeting: InteractionKind
    review_every: tuple[int, int]
    duration: tuple[int, int]


HEALTH_SEAT = Seat("community-health", (Profession.SCHOOL_NURSE, Profession.HEALTH_VISITOR))
SCHOOL_SEAT = Seat(SCHOOL, (Profession.TEACHER, Profession.SENCO, Profession.HEAD_TEACHER))
RECIPES: dict[EpisodeKind, Recipe] = {
    EpisodeKind.EARLY_HELP: Recipe(
        lead=(
            Seat("family-hub", (Profession.FAMILY_SUPPORT_WORKER,)),
            Seat("family-action", (Profession.FAMILY_SUPPORT_WORKER,)),
        ),
        lead_role=InvolvementRole.LEAD_PROFESSIONAL,
        partners=(
            SCHOOL_SEAT,
            HEALTH_SEAT,
            Seat("housing", (Profession.HOUSING_OFFICER,)),
            Seat("gp", (Profession.GP,)),
            Seat("youth-trust", (Profession.YOUTH_WORKER,)),
        ),
        partner_count=(2, 3),
        partner_role=InvolvementRole.CONTRIBUTOR,
        referrers=(SCHOOL_SEAT, HEALTH_SEAT, Seat("gp", (Profession.GP,)), None),
        assessment_object=BoundaryObjectKind.EARLY_HELP_ASSESSMENT,
        plan_object=BoundaryObjectKind.SUPPORT_PLAN,
        meeting=InteractionKind.TAC_MEETING,
        review_every=(42, 70),
        duration=(100, 270),
    ),
    EpisodeKind.CHILD_IN_NEED: Recipe(
        lead=(Seat("social-care", (Profession.SOCIAL_WORKER,)),),
        lead_role=InvolvementRole.LEAD_SOCIAL_WORKER,
        partners=(
            SCHOOL_SEAT,
            HEALTH_SEAT,
            Seat("gp", (Profession.GP,)),
            Seat("camhs", (Profession.CAMHS_CLINICIAN,)),
            Seat("homes", (Profession.HOUSING_OFFICER,)),
            Seat("family-action", (Profession.FAMILY_SUPPORT_WORKER,)),
        ),
        partner_count=(2, 4),
        partner_role=InvolvementRole.CONTRIBUTOR,
        referrers=(
            SCHOOL_SEAT,
            Seat("police", (Profession.POLICE_OFFICER,)),
            HEALTH_SEAT,
            Seat("gp", (Profession.GP,)),
        ),
        assessment_object=None,
        plan_object=BoundaryObjectKind.CHILD_IN_NEED_PLAN,
        meeting=InteractionKind.MEETING,
        review_every=(42, 84),
        duration=(120, 365),
    ),
    EpisodeKind.CHILD_PROTECTION: Recipe(
        lead=(Seat("social-care", (Profession.SOCIAL_WORKER,)),),
        lead_role=InvolvementRole.LEAD_SOCIAL_WORKER,
        partners=(
            Seat("police", (Profession.POLICE_OFFICER,)),
            SCHOOL_SEAT,
            HEALTH_SEAT,
            Seat("gp", (Profession.GP,)),
            Seat("hospital", (Profession.PAEDIATRICIAN,)),
            Seat("housing", (Profession.HOUSING_OFFICER,)),
            Seat("family-action", (Profession.FAMILY_SUPPORT_WORKER,)),
        ),
        partner_count=(3, 5),
        partner_role=InvolvementRole.CORE_GROUP,
        referrers=(
            Seat("police", (Profession.POLICE_OFFICER,)),
            Seat("hospital", (Profession.PAEDIATRICIAN,)),
            SCHOOL_SEAT,
        ),
        assessment_object=BoundaryObjectKind.CHRONOLOGY,
        plan_object=BoundaryObjectKind.CHILD_PROTECTION_PLAN,
        meeting=InteractionKind.CASE_CONFERENCE,
        review_every=(35, 42),
        duration=(180, 450),
    ),
    EpisodeKind.EHCP: Recipe(
        lead=(Seat(SCHOOL, (Profession.SENCO,)),),
        lead_role=InvolvementRole.KEY_WORKER,
        partners=(
            Seat("send", (Profession.EDUCATIONAL_PSYCHOLOGIST,)),
            Seat("hospital", (Profession.PAEDIATRICIAN,)),
            Seat("social-care", (Profession.SOCIAL_WORKER,)),
            Seat("camhs", (Profession.CAMHS_CLINICIAN,)),
            HEALTH_SEAT,
        ),
        partner_count=(2, 4),
        partner_role=InvolvementRole.CONTRIBUTOR,
        referrers=(Seat(SCHOOL, (Profession.SENCO,)),),
        assessment_object=None,
        plan_object=BoundaryObjectKind.EHCP,
        meeting=InteractionKind.PANEL_MEETING,
        review_every=(0, 0),
        duration=(120, 150),
    ),
    EpisodeKind.YOUTH_JUSTICE: Recipe(
        lead=(Seat("youth-justice", (Profession.YOUTH_OFFENDING_OFFICER,)),),
        lead_role=InvolvementRole.KEY_WORKER,
        partners=(
            Seat("police", (Profession.POLICE_OFFICER,)),
            Seat("academy", (Profession.EDUCATION_WELFARE_OFFICER, Profession.TEACHER)),
            Seat("camhs", (Profession.CAMHS_CLINICIAN,)),
            Seat("youth-trust", (Profession.YOUTH_WORKER,)),
            Seat("social-care", (Profession.SOCIAL_WORKER,)),
        ),
        partner_count=(2, 3),
        partner_role=InvolvementRole.CONTRIBUTOR,
        referrers=(Seat("police", (Profession.POLICE_OFFICER,)),),
        assessment_object=None,
        plan_object=BoundaryObjectKind.CARE_PLAN,
        meeting=InteractionKind.MEETING,
        review_every=(28, 56),
        duration=(90, 365),
    ),
}

SOURCE_NAMES = {
    "academy": "school",
    "primary": "school",
    "community-health": "health visitor",
    "gp": "GP",
    "police": "police",
    "hospital": "hospital",
    "social-care": "social care",
}


@dataclass(eq=False)
class Run:
    """What one episode produced, for story facts and for later steps."""

    episode: EpisodeDraft
    lead: ProfessionalDraft
    involvements: list[InvolvementDraft] = field(default_factory=list)
    referral: InteractionDraft | None = None
    first_meeting: InteractionDraft | None = None
    plan: BoundaryObjectDraft | None = None
    interactions: list[InteractionDraft] = field(default_factory=list)


def seat_kind(family: FamilyBuilder, seat: Seat) -> str:
    return family.school_kind() if seat.kind == SCHOOL else seat.kind


def pick_seat(
    family: FamilyBuilder, seat: Seat, day: date, until: date | None
) -> ProfessionalDraft | None:
    return family.pick(seat_kind(family, seat), seat.professions, day, until)


def run_episode(
    family: FamilyBuilder,
    kind: EpisodeKind,
    opened: date,
    *,
    closed: date | None = None,
    lead: ProfessionalDraft | None = None,
    partners: list[ProfessionalDraft] | None = None,
    referrer: ProfessionalDraft | None = None,
    also: list[InvolvementDraft] = (),  # type: ignore[assignment]
    handover: bool = True,
) -> Run | None:
    """Play out one episode; None when nobody could be allocated (a tiny pool)."""
    rng = family.rng
    recipe = RECIPES[kind]
    opened = workday(opened)
    if closed is None:
        closed = opened + timedelta(days=rng.randint(*recipe.duration))
    until = closed if closed <= WINDOW_END else None
    if lead is None:
        for seat in rng.sample(recipe.lead, len(recipe.lead)):
            lead = pick_seat(family, seat, opened, until)
            if lead is not None:
                break
    if lead is None:
        return None
    if referrer is None and kind is not EpisodeKind.EHCP:
        referrer_seat = rng.choice(recipe.referrers)
        if referrer_seat is not None:
            referrer = pick_seat(family, referrer_seat, opened, None)
    source = "self-referral"
    if kind is EpisodeKind.EHCP:
        source = "school"
    elif referrer is not None:
        source = SOURCE_NAMES.get(referrer.agency_on(opened).kind, "professional")
    ep = family.add_episode(kind, opened, closed, source)
    first_inv = len(family.involvements)
    lead_agency = lead.agency_on(opened)
    family.involve(lead, recipe.lead_role, opened, ep.closed)
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
            pro = pick_seat(family, seat, start, until)
            if pro is not None and pro is not lead and pro is not referrer:
                partners.append(pro)
    for pro in partners:
        offset = rng.randint(0, 3) if kind is EpisodeKind.CHILD_PROTECTION else rng.randint(5, 20)
        start = opened + timedelta(days=offset)
        if pro.employment_on(start) is None:
            start = opened
        if pro.employment_on(start) is not None:
            family.involve(pro, recipe.partner_role, start, ep.closed)
    run = Run(ep, lead, family.involvements[first_inv:])
    run.involvements.extend(also)
    referral_people: list[tuple[ProfessionalDraft, ParticipationRole]] = [
        (lead, ParticipationRole.RECIPIENT)
    ]
    clients = []
    if kind is EpisodeKind.EHCP:
        send = next(
            (
                i.professional
                for i in run.involvements
                if i.agency.kind == "send" and i.professional.employment_on(opened)
            ),
            None,
        )
        referral_people = [(lead, ParticipationRole.REFERRER)] + (
            [(send, ParticipationRole.RECIPIENT)] if send else []
        )
        target = family.area.agencies["send"]
    else:
        target = lead_agency
        if referrer is not None:
            referral_people.insert(0, (referrer, ParticipationRole.REFERRER))
        else:
            clients = [(c, ParticipationRole.REFERRER) for c in family.adults(opened)[:1]]
    run.referral = family.add_interaction(
        InteractionKind.REFERRAL, opened, referral_people, clients, episode=ep, referred_to=target
    )
    run.interactions.append(run.referral)
    still_to_make = 1 + (recipe.assessment_object is not None)
    if kind is not EpisodeKind.EHCP and family.object_budget > still_to_make and rng.random() < 0.3:
        family.add_object(BoundaryObjectKind.REFERRAL_FORM, run.referral)
    if kind is EpisodeKind.CHILD_PROTECTION:
        _protection(family, run, recipe)
    elif kind is EpisodeKind.EHCP:
        _ehcp(family, run)
    else:
        _reviewed(family, run, recipe)
    if (
        handover
        and ep.closed is not None
        and (ep.closed - opened).days > 150
        and rng.random() < 0.3
    ):
        lead_handover(family, run, recipe.lead_role, workday(opened + (ep.closed - opened) / 2))
    return run


def people_on(family: FamilyBuilder, run: Run, day: date) -> list[InvolvementDraft]:
    """Who of this episode is active on `day`; in a brokered family, the broker and one other."""
    active = [inv for inv in run.involvements if inv.covers(day)]
    seen: set[str] = set()
    unique = []
    for inv in active:
        if inv.professional.id not in seen:
            seen.add(inv.professional.id)
            unique.append(inv)
    if family.broker is not None:
        broker = [i for i in unique if i.professional is family.broker]
        others = [i for i in unique if i.professional is not family.broker]
        unique = broker[:1] + ([family.rng.choice(others)] if others else [])
    lead_role = RECIPES[run.episode.kind].lead_role
    return sorted(unique, key=lambda i: 0 if i.role is lead_role else 1)


def meeting(
    family: FamilyBuilder,
    run: Run,
    kind: InteractionKind,
    day: date,
    chair: ProfessionalDraft | None = None,
) -> InteractionDraft | None:
    day = workday(day)
    people = people_on(family, run, day)
    if not people:
        return None
    pros = [(inv.professional, ParticipationRole.ATTENDEE) for inv in people]
    if chair is not None and chair.employment_on(day) is not None:
        pros.insert(0, (chair, ParticipationRole.CHAIR))
    else:
        pros[0] = (pros[0][0], ParticipationRole.CHAIR)
    act = family.add_interaction(kind, day, pros, family.present_at(day), episode=run.episode)
    run.interactions.append(act)
    return act


def _assessment(family: FamilyBuilder, run: Run, day: date, obj: BoundaryObjectKind | None) -> None:
    day = workday(day)
    people = people_on(family, run, day)
    if not people:
        return
    adults = family.adults(day)
    act = family.add_interaction(
        InteractionKind.ASSESSMENT,
        day,
        [(people[0].professional, ParticipationRole.ASSESSOR)],
        [(family.focus_child(), ParticipationRole.SUBJECT)]
        + [(c, ParticipationRole.ATTENDEE) for c in adults[:1]],
        episode=run.episode,
    )
    run.interactions.append(act)
    if obj is not None:
        family.add_object(obj, act, force=True)


def _reviews(
    family: FamilyBuilder, run: Run, kind: InteractionKind, start: date, every: tuple[int, int]
) -> None:
    rng = family.rng
    end = run.episode.closed or WINDOW_END
    day = start + timedelta(days=rng.randint(*every))
    count = 0
    while day < end and count < 6:
        act = meeting(family, run, kind, day)
        if act is not None and run.plan is not None:
            family.add_work(act, run.plan, WorkAction.REVIEWED)
            if rng.random() < 0.35 and act.professionals:
                family.add_work(
                    act,
                    run.plan,
                    WorkAction.REVISED,
                    family.section_for(run.plan, act.professionals[0][0], act.day),
                )
        day += timedelta(days=rng.randint(*every))
        count += 1
    if run.episode.closed is not None:
        act = meeting(family, run, kind, run.episode.closed - timedelta(days=3))
        if act is not None and run.plan is not None:
            family.add_work(act, run.plan, WorkAction.REVIEWED)


def _reviewed(family: FamilyBuilder, run: Run, recipe: Recipe) -> None:
    rng = family.rng
    opened = run.episode.opened
    _assessment(family, run, opened + timedelta(days=rng.randint(7, 18)), recipe.assessment_object)
    first = meeting(
        family,
        run,
        recipe.meeting if family.broker is None else InteractionKind.MEETING,
        opened + timedelta(days=rng.randint(21, 35)),
    )
    if first is None:
        return
    run.first_meeting = first
    plan = family.add_object(recipe.plan_object, first, force=True)
    assert plan is not None
    run.plan = plan
    for pro, _ in first.professionals[1:]:
        family.add_work(
            first, plan, WorkAction.CONTRIBUTED, family.section_for(plan, pro, first.day)
        )
    _reviews(
        family,
        run,
        recipe.meeting if family.broker is None else InteractionKind.MEETING,
        first.day,
        recipe.review_every,
    )


def _protection(family: FamilyBuilder, run: Run, recipe: Recipe) -> None:
    """Strategy discussion, initial conference, core group within ten working days, then every six weeks."""
    rng = family.rng
    opened = run.episode.opened
    day = opened + DAY
    people = people_on(family, run, day) or people_on(family, run, opened)
    discussion = family.add_interaction(
        InteractionKind.STRATEGY_DISCUSSION,
        day,
        [(inv.professional, ParticipationRole.ATTENDEE) for inv in people[:3]],
        episode=run.episode,
        hour=rng.randint(9, 18),
    )
    run.interactions.append(discussion)
    _assessment(family, run, opened + timedelta(days=rng.randint(3, 8)), recipe.assessment_object)
    chair = family.pick(
        "social-care", (Profession.SOCIAL_WORK_MANAGER,), workday(opened + timedelta(days=15))
    )
    conference = meeting(
        family,
        run,
        InteractionKind.CASE_CONFERENCE,
        opened + timedelta(days=rng.randint(15, 21)),
        chair,
    )
    if conference is None:
        return
    run.first_meeting = conference
    run.plan = family.add_object(recipe.plan_object, conference, force=True)
    end = run.episode.closed
    team = TeamDraft(
        f"team-{family.key}-core-group-{len(family.teams) + 1}",
        f"Child protection core group ({conference.day.isoformat()})",
        TeamType.CORE_GROUP,
        Level.OPERATIONAL,
        "core-group",
    )
    for inv in people_on(family, run, conference.day):
        stop = inv.end if inv.end is not None and (end is None or inv.end < end) else end
        team.members.append(
            (
                inv.professional,
                conference.day,
                stop,
                "lead" if inv.professional is run.lead else "member",
            )
        )
    family.teams.append(team)
    _reviews(
        family,
        run,
        InteractionKind.CORE_GROUP_MEETING,
        conference.day - timedelta(days=28),
        recipe.review_every,
    )


def _ehcp(family: FamilyBuilder, run: Run) -> None:
    """EP assessment drafts the plan, every sector writes its section, the panel decides, the plan is issued."""
    rng = family.rng
    opened = run.episode.opened
    ep_inv = next((i for i in run.involvements if i.agency.kind == "send"), None)
    day = workday(opened + timedelta(days=rng.randint(14, 30)))
    assessor = ep_inv.professional if ep_inv is not None and ep_inv.covers(day) else run.lead
    draft = family.add_interaction(
        InteractionKind.ASSESSMENT,
        day,
        [(assessor, ParticipationRole.ASSESSOR)],
        [(family.focus_child(), ParticipationRole.SUBJECT)]
        + [(c, ParticipationRole.ATTENDEE) for c in family.adults(day)[:1]],
        episode=run.episode,
    )
    run.interactions.append(draft)
    plan = family.add_object(BoundaryObjectKind.EHCP, draft, force=True)
    assert plan is not None
    run.plan = plan
    contributors = [inv for inv in run.involvements if inv.professional is not assessor]
    for inv in contributors:
        when = workday(opened + timedelta(days=rng.randint(35, 90)))
        if not inv.covers(when):
            when = workday(max(inv.start, opened + timedelta(days=35)))
            if not inv.covers(when):
                continue
        act = family.add_interaction(
            InteractionKind.PLAN_CONTRIBUTION,
            when,
            [(inv.professional, ParticipationRole.CONTRIBUTOR)],
            episode=run.episode,
        )
        family.add_work(
            act, plan, WorkAction.CONTRIBUTED, family.section_for(plan, inv.professional, when)
        )
        run.interactions.append(act)
    when = workday(opened + timedelta(days=rng.randint(40, 80)))
    parents = [(c, ParticipationRole.CONTRIBUTOR) for c in family.adults(when)[:1]] + [
        (family.focus_child(), ParticipationRole.CONTRIBUTOR)
    ]
    people = people_on(family, run, when)
    if people:
        voice = family.add_interaction(
            InteractionKind.PLAN_CONTRIBUTION,
            when,
            [(people[0].professional, ParticipationRole.ATTENDEE)],
            parents,
            episode=run.episode,
        )
        family.add_work(voice, plan, WorkAction.CONTRIBUTED, family.section_for(plan, None, when))
        run.interactions.append(voice)
    when = workday(opened + timedelta(days=rng.randint(95, 112)))
    panel = family.area.teams["send-panel"].members_on(when)
    lead_now = family.holder_of(InvolvementRole.KEY_WORKER, when)
    pros = [
        (p, ParticipationRole.CHAIR if i == 0 else ParticipationRole.ATTENDEE)
        for i, p in enumerate(panel)
    ]
    if lead_now is not None:
        pros.append((lead_now, ParticipationRole.ATTENDEE))
    if pros:
        decision = family.add_interaction(
            InteractionKind.PANEL_MEETING, when, pros, episode=run.episode
        )
        family.add_work(decision, plan, WorkAction.REVIEWED)
        run.interactions.append(decision)
        run.first_meeting = decision
    issued = meeting(
        family, run, InteractionKind.MEETING, opened + timedelta(days=rng.randint(115, 119))
    )
    if issued is not None:
        family.add_work(issued, plan, WorkAction.SHARED)


def lead_handover(
    family: FamilyBuilder, run: Run, role: InvolvementRole, day: date
) -> tuple[ProfessionalDraft, ProfessionalDraft] | None:
    """The lead passes the family to a colleague: one involvement ends the day before the next begins."""
    day = workday(day)
    current = next(
        (
            i
            for i in family.involvements
            if i.role is role and i.covers(day) and i in run.involvements
        ),
        None,
    )
    if current is None or current.start >= day - timedelta(days=7):
        return None
    end = run.episode.closed
    visit_day = workday(day - timedelta(days=5))
    if visit_day >= day or not current.covers(visit_day):
        return None
    successor = family.pick(
        current.agency.kind,
        (current.professional.profession,),
        visit_day,
        end,
        avoid=(current.professional.id,),
    )
    if successor is None or successor.employment_on(day) is None:
        return None
    old_end = current.end
    current.end = day - DAY
    nxt = family.involve(successor, role, day, old_end)
    run.involvements.append(nxt)
    visit = family.add_interaction(
        InteractionKind.HOME_VISIT,
        visit_day,
        [
            (current.professional, ParticipationRole.ATTENDEE),
            (successor, ParticipationRole.ATTENDEE),
        ],
        [(c, ParticipationRole.ATTENDEE) for c in family.adults(visit_day)],
        episode=run.episode,
    )
    run.interactions.append(visit)
    return current.professional, successor


def onward_referral(
    family: FamilyBuilder,
    run: Run,
    day: date,
    kind: str,
    professions: tuple[Profession, ...],
    *,
    fresh: bool = False,
) -> InteractionDraft | None:
    """The lead refers on to another agency, which joins the work a few weeks later."""
    day = workday(day)
    referrer = next(
        (
            i.professional
            for i in run.involvements
            if i.role is RECIPES[run.episode.kind].lead_role and i.covers(day)
        ),
        None,
    )
    end = run.episode.closed
    if referrer is None:
        return None
    joins = workday(day + timedelta(days=family.rng.randint(14, 28)))
    if end is not None and joins >= end:
        return None
    receiver = family.pick(kind, professions, joins, end, fresh=fresh)
    if receiver is None:
        return None
    act = family.add_interaction(
        InteractionKind.REFERRAL,
        day,
        [(referrer, ParticipationRole.REFERRER)],
        episode=run.episode,
        referred_to=family.area.agencies[kind],
    )
    run.interactions.append(act)
    run.involvements.append(family.involve(receiver, InvolvementRole.CONTRIBUTOR, joins, end))
    first = family.add_interaction(
        InteractionKind.ASSESSMENT,
        joins,
        [(receiver, ParticipationRole.ASSESSOR)],
        [(family.focus_child(), ParticipationRole.SUBJECT)]
        + [(c, ParticipationRole.ATTENDEE) for c in family.adults(joins)[:1]],
        episode=run.episode,
    )
    run.interactions.append(first)
    return act

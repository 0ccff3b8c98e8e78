"""A family's everyday work around its story: bursty calls, visits, shares and meetings, and the
rest of its boundary objects (chronologies, shared goals and the like)."""

from __future__ import annotations

from datetime import date, timedelta

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    InteractionKind,
    ParticipationRole,
    WorkAction,
)
from kb.synthetic.family import FamilyBuilder
from kb.synthetic.records import ClientDraft, InteractionDraft, workday

# Everyday interaction kinds and their weights.
EVERYDAY_KINDS = (
    (InteractionKind.PHONE_CALL, 30),
    (InteractionKind.HOME_VISIT, 20),
    (InteractionKind.INFORMATION_SHARE, 20),
    (InteractionKind.PLAN_CONTRIBUTION, 12),
    (InteractionKind.MEETING, 10),
    (InteractionKind.ASSESSMENT, 8),
)

# Objects made with what is left of a family's budget, and the interactions that make them.
EXTRA_OBJECTS = (
    (
        BoundaryObjectKind.CHRONOLOGY,
        (InteractionKind.MEETING, InteractionKind.CASE_CONFERENCE, InteractionKind.ASSESSMENT),
    ),
    (
        BoundaryObjectKind.INFORMATION,
        (InteractionKind.INFORMATION_SHARE, InteractionKind.PHONE_CALL, InteractionKind.HOME_VISIT),
    ),
    (
        BoundaryObjectKind.SHARED_GOAL,
        (InteractionKind.TAC_MEETING, InteractionKind.MEETING, InteractionKind.CORE_GROUP_MEETING),
    ),
    (BoundaryObjectKind.REFERRAL_FORM, (InteractionKind.REFERRAL,)),
    (
        BoundaryObjectKind.SHARED_RULE,
        (InteractionKind.TAC_MEETING, InteractionKind.MEETING, InteractionKind.CORE_GROUP_MEETING),
    ),
)


def fill_everyday_work(family: FamilyBuilder, budget: int) -> None:
    """Add bursty everyday interactions until the family has `budget` of them."""
    rng = family.rng
    anchors = list(family.interactions)
    attempts = 0
    while len(family.interactions) < budget and attempts < budget * 20:
        attempts += 1
        if anchors and rng.random() < 0.8:
            base = rng.choice(anchors).day
            gap = int(rng.expovariate(1 / 5))
            day = base + timedelta(days=gap if rng.random() < 0.85 else -gap)
        else:
            day = family.start + timedelta(
                days=rng.randint(0, max(0, (family.end - family.start).days))
            )
        day = workday(day)
        if not (family.start <= day <= family.end):
            continue
        _everyday_interaction(family, day)
    while len(family.interactions) < budget:  # a quiet family: single calls keep counts exact
        involvement = rng.choice(family.involvements)
        first = max(involvement.start, family.start)
        last = min(involvement.end or family.end, family.end)
        if last < first:
            first = last = involvement.start
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        family.add_interaction(
            InteractionKind.PHONE_CALL,
            day,
            [(involvement.professional, ParticipationRole.ATTENDEE)],
            [(c, ParticipationRole.ATTENDEE) for c in family.adults(day)[:1]],
        )


def _everyday_interaction(family: FamilyBuilder, day: date) -> None:
    """One everyday interaction on `day` among who is allocated then (and its object work)."""
    rng = family.rng
    active = family.active(day)
    if not active:
        return
    if family.joint_from is not None and day < family.joint_from:
        agency = rng.choice(active).agency
        active = [involvement for involvement in active if involvement.agency is agency]
    elif family.broker is not None:
        broker = [i for i in active if i.professional is family.broker]
        others = [i for i in active if i.professional is not family.broker]
        active = broker[:1] + ([rng.choice(others)] if others else [])
    kinds, weights = zip(*EVERYDAY_KINDS, strict=True)
    kind = rng.choices(kinds, weights)[0]
    people = rng.sample(active, len(active))
    adults = family.adults(day)
    clients: list[tuple[ClientDraft, ParticipationRole]] = []
    if kind in (InteractionKind.PHONE_CALL, InteractionKind.INFORMATION_SHARE):
        chosen = people[:2]
        roles = (
            [ParticipationRole.CONTRIBUTOR, ParticipationRole.RECIPIENT]
            if kind is InteractionKind.INFORMATION_SHARE
            else [ParticipationRole.ATTENDEE] * 2
        )
        if len(chosen) == 1 and adults:
            clients = [(adults[0], ParticipationRole.ATTENDEE)]
            kind = InteractionKind.PHONE_CALL
            roles = [ParticipationRole.ATTENDEE]
    elif kind is InteractionKind.MEETING:
        chosen = people[: rng.randint(2, 4)]
        roles = [ParticipationRole.CHAIR] + [ParticipationRole.ATTENDEE] * 3
        clients = family.present_at(day, child=rng.random() < 0.4)
    elif kind is InteractionKind.HOME_VISIT:
        chosen = people[: 2 if rng.random() < 0.2 else 1]
        roles = [ParticipationRole.ATTENDEE] * 2
        clients = [(c, ParticipationRole.ATTENDEE) for c in adults] + [
            (c, ParticipationRole.ATTENDEE) for c in family.children()[:1] if rng.random() < 0.5
        ]
    elif kind is InteractionKind.ASSESSMENT:
        chosen = people[:1]
        roles = [ParticipationRole.ASSESSOR]
        clients = [(family.focus_child(), ParticipationRole.SUBJECT)] + [
            (c, ParticipationRole.ATTENDEE) for c in adults[:1]
        ]
    else:
        chosen = people[:1]
        roles = [ParticipationRole.CONTRIBUTOR]
        if adults and rng.random() < 0.15:
            clients = [(adults[0], ParticipationRole.CONTRIBUTOR)]
    professionals = [(i.professional, role) for i, role in zip(chosen, roles, strict=False)]
    _everyday_object_work(family, family.add_interaction(kind, day, professionals, clients))


def _everyday_object_work(family: FamilyBuilder, interaction: InteractionDraft) -> None:
    """What an everyday interaction may do to one of the family's objects that exists by then."""
    rng = family.rng
    day = interaction.day
    agencies = {a.id for a in interaction.agencies()}
    before_joint = family.joint_from is not None and day < family.joint_from
    usable = [
        candidate
        for candidate in family.objects
        if candidate.created <= day
        and (candidate.only_agency is None or agencies == {candidate.only_agency.id})
        and (not before_joint or candidate.only_agency is not None)
    ]
    if not usable or not interaction.professionals:
        return
    worked_on = rng.choice(usable)
    writer = interaction.professionals[0][0]
    kind = interaction.kind
    if kind is InteractionKind.PLAN_CONTRIBUTION:
        action = WorkAction.REVISED if rng.random() < 0.15 else WorkAction.CONTRIBUTED
        family.add_work(interaction, worked_on, action, family.section_for(worked_on, writer, day))
    elif kind is InteractionKind.MEETING and rng.random() < 0.6:
        action = WorkAction.CONTESTED if rng.random() < 0.1 else WorkAction.REVIEWED
        family.add_work(interaction, worked_on, action)
    elif kind is InteractionKind.INFORMATION_SHARE and rng.random() < 0.6:
        family.add_work(interaction, worked_on, WorkAction.SHARED)
    elif kind is InteractionKind.ASSESSMENT and rng.random() < 0.3:
        section = family.section_for(worked_on, writer, day)
        family.add_work(interaction, worked_on, WorkAction.CONTRIBUTED, section)


def spend_object_budget(family: FamilyBuilder) -> None:
    """Spend what is left of the object budget on chronologies, shared goals and the like."""
    rng = family.rng
    order = list(EXTRA_OBJECTS)
    rng.shuffle(order)
    while family.object_budget > 0:
        for kind, hosting_kinds in order:
            if family.object_budget <= 0:
                break
            hosts = [a for a in family.interactions if a.kind in hosting_kinds and a.professionals]
            if not hosts:
                hosts = [a for a in family.interactions if a.professionals]
            if not hosts:
                return
            family.add_object(kind, rng.choice(hosts))

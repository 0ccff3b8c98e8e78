"""The object of the work and the disagreements about it: a family's perspectives, each
revising the one before (expansive learning), and its tensions."""

from __future__ import annotations

from datetime import timedelta

from kb.domain.vocabulary import ClientRole, TensionKind
from kb.synthetic.family import FamilyBuilder
from kb.synthetic.pool import WINDOW_END
from kb.synthetic.records import (
    BoundaryObjectDraft,
    InteractionDraft,
    PerspectiveDraft,
    TensionDraft,
)
from kb.synthetic.text import PARENT_VIEWS, SECTOR_VIEWS, TENSION_TEXTS, YOUNG_PERSON_VIEWS


def add_perspectives(family: FamilyBuilder, count: int) -> None:
    """`count` perspectives on the work, each revising the one before."""
    rng = family.rng
    span = max(1, (family.end - family.start).days - 14)
    days = sorted(family.start + timedelta(days=14 + rng.randint(0, span)) for _ in range(count))
    child = family.focus_child().first_name
    previous: PerspectiveDraft | None = None
    said: set[str] = set()
    for day in days:
        active = family.active(day) or family.involvements
        people = family.adults(day) + [
            c for c in family.children() if c.role is ClientRole.YOUNG_PERSON
        ]
        if not people or rng.random() < 0.75:
            involvement = rng.choice(active)
            holder = involvement.professional.id
            pool = SECTOR_VIEWS[involvement.agency.sector]
        else:
            client = rng.choice(people)
            holder = client.id
            young = client.role is ClientRole.YOUNG_PERSON
            pool = YOUNG_PERSON_VIEWS if young else PARENT_VIEWS
        fresh = [s for s in pool if s not in said] or list(pool)
        template = rng.choice(fresh)
        said.add(template)
        statement = template.format(child=child)
        if previous is not None:
            statement = f"Widening the earlier view: {statement}"
        objects = [o for o in family.objects if o.created <= day]
        on = rng.choice(objects) if objects and rng.random() < 0.4 else None
        perspective = PerspectiveDraft(holder, statement, family.instant(day), on, previous)
        family.perspectives.append(perspective)
        previous = perspective


def add_tensions(family: FamilyBuilder, count: int) -> None:
    """`count` tensions: between two agencies' people (or the agencies) in joint work, or
    between a professional and the family; some resolved within months, some still open."""
    rng = family.rng
    joint = [a for a in family.interactions if len(a.agencies()) >= 2]
    with_family = [a for a in family.interactions if a.professionals and a.clients]
    for _ in range(count):
        if joint and (not with_family or rng.random() < 0.75):
            interaction = rng.choice(joint)
            kind: TensionKind = rng.choice(
                [k for k in TensionKind if k is not TensionKind.FAMILY_DISAGREEMENT]
            )
            first_agency, second_agency = interaction.agencies()[:2]
            if kind in (TensionKind.RESOURCES, TensionKind.THRESHOLD) and rng.random() < 0.5:
                between = [first_agency.id, second_agency.id]
            else:
                day = interaction.day
                people = interaction.professionals
                first = next(p for p, _ in people if p.agency_on(day) is first_agency)
                second = next(p for p, _ in people if p.agency_on(day) is second_agency)
                between = [first.id, second.id]
        elif with_family:
            interaction = rng.choice(with_family)
            kind = TensionKind.FAMILY_DISAGREEMENT
            between = [interaction.professionals[0][0].id, interaction.clients[0][0].id]
        else:
            return
        objects = [o for o in family.objects if o.created <= interaction.day]
        roll = rng.random()
        about: InteractionDraft | BoundaryObjectDraft | None = interaction if roll < 0.35 else None
        if 0.35 <= roll < 0.7 and objects:
            about = rng.choice(objects)
        description, resolution = TENSION_TEXTS[kind]
        raised = interaction.at
        resolved = raised + timedelta(days=rng.randint(14, 120), hours=2)
        if rng.random() < 0.3 or resolved.date() > WINDOW_END:
            tension = TensionDraft(kind, description, raised, None, None, between, about)
        else:
            tension = TensionDraft(kind, description, raised, resolved, resolution, between, about)
        family.tensions.append(tension)

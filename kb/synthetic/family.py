"""One family's life in the data: its clients, episodes, allocations, interactions and objects.

A `FamilyBuilder` holds one family's state only (a few hundred small drafts), so
families can be streamed one after another. Story code (`kb.synthetic.stories`) and
the episode recipes (`kb.synthetic.episodes`) call its verbs: `pick` a professional,
`involve` them, `add_interaction`, `add_object` (a boundary object), `add_work` on it.
What follows a story is in modules of its own: everyday work (`kb.synthetic.everyday`),
perspectives and tensions (`kb.synthetic.views`), and the rows (`kb.synthetic.rows`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    ClientRole,
    EpisodeKind,
    InteractionKind,
    InvolvementRole,
    ParticipationRole,
    Profession,
    WorkAction,
)
from kb.synthetic.pool import (
    WINDOW_END,
    WINDOW_START,
    AgencyDraft,
    Area,
    ProfessionalDraft,
    TeamDraft,
    eligible,
    within,
)
from kb.synthetic.records import (
    DAY,
    BoundaryObjectDraft,
    ClientDraft,
    EpisodeDraft,
    InteractionDraft,
    InvolvementDraft,
    PerspectiveDraft,
    TensionDraft,
)
from kb.synthetic.text import (
    BOUNDARY_OBJECT_TITLES,
    CLOSURE_REASONS,
    EHCP_CLIENT_SECTION,
    EHCP_SECTIONS,
    FIRST_NAMES,
    PLAN_SECTIONS,
)

DURATION_MINUTES: dict[InteractionKind, int | None] = {
    InteractionKind.MEETING: 75,
    InteractionKind.CASE_CONFERENCE: 120,
    InteractionKind.CORE_GROUP_MEETING: 60,
    InteractionKind.TAC_MEETING: 90,
    InteractionKind.HOME_VISIT: 60,
    InteractionKind.REFERRAL: None,
    InteractionKind.ASSESSMENT: 90,
    InteractionKind.PHONE_CALL: 20,
    InteractionKind.INFORMATION_SHARE: None,
    InteractionKind.PLAN_CONTRIBUTION: None,
    InteractionKind.STRATEGY_DISCUSSION: 45,
    InteractionKind.PANEL_MEETING: 120,
    InteractionKind.BOARD_MEETING: 150,
}

Participants = Sequence[tuple[ProfessionalDraft, ParticipationRole]]
ClientParticipants = Sequence[tuple[ClientDraft, ParticipationRole]]


@dataclass
class GenerationContext:
    """What families share: the areas, and (for the seed) who is cast in a story."""

    areas: list[Area]
    strict_stories: bool = False  # seed: story casts are strangers and kept out of other work
    used: set[str] = field(default_factory=set)  # professionals who took part in any interaction
    reserved: set[str] = field(default_factory=set)  # cast in a story; nobody else may use them
    busy: set[str] = field(default_factory=set)  # members of teams that meet (board, panel)
    stories: list[dict[str, Any]] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class FamilyBuilder:
    """One family, from its clients to the drafts its rows are written from."""

    ctx: GenerationContext
    area: Area
    key: str
    rng: random.Random
    surname: str
    reference: str
    clients: list[ClientDraft] = field(default_factory=list)
    episodes: list[EpisodeDraft] = field(default_factory=list)
    involvements: list[InvolvementDraft] = field(default_factory=list)
    interactions: list[InteractionDraft] = field(default_factory=list)
    objects: list[BoundaryObjectDraft] = field(default_factory=list)
    perspectives: list[PerspectiveDraft] = field(default_factory=list)
    tensions: list[TensionDraft] = field(default_factory=list)
    teams: list[TeamDraft] = field(default_factory=list)
    start: date = WINDOW_START
    end: date = WINDOW_END
    joint_from: date | None = None  # before it, work is single-agency (multiagency)
    # when set, no interaction joins two other professionals
    broker: ProfessionalDraft | None = None
    object_budget: int = 0
    facts: list[Callable[[], dict[str, Any]]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"fam-{self.key}"

    # -- clients ------------------------------------------------------------

    def add_clients(self, parents: int, child_ages: list[int]) -> None:
        rng = self.rng
        births = [2023 - age for age in child_ages]
        eldest = min(births) if births else 2015
        for i in range(parents):
            carer = rng.random() < 0.1
            relationship = (
                rng.choice(("grandmother", "grandfather", "kinship carer"))
                if carer
                else ("mother" if i == 0 else rng.choice(("father", "stepfather", "partner")))
            )
            birth = eldest - rng.randint(18, 38 if not carer else 55)
            since = date(eldest - rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
            until = None
            if i == 1 and rng.random() < 0.25:
                if rng.random() < 0.5:
                    since = WINDOW_START + timedelta(days=rng.randint(30, 600))
                    relationship = "stepfather"
                else:
                    until = WINDOW_START + timedelta(days=rng.randint(60, 700))
                    until = max(until, since + timedelta(days=60))  # never before `since`
            self._client(
                ClientRole.CARER if carer else ClientRole.PARENT, birth, since, until, relationship
            )
        for birth in births:
            role = ClientRole.YOUNG_PERSON if 2023 - birth >= 13 else ClientRole.CHILD
            since = date(birth, rng.randint(1, 12), rng.randint(1, 28))
            self._client(role, birth, since, None, rng.choice(("son", "daughter", "child")))

    def _client(
        self, role: ClientRole, birth: int, since: date, until: date | None, relationship: str
    ) -> None:
        first = self.rng.choice(FIRST_NAMES)
        client = ClientDraft(
            f"cli-{self.key}-{len(self.clients) + 1}",
            f"{first} {self.surname}",
            first,
            role,
            birth,
            since,
            until,
            relationship,
        )
        self.clients.append(client)

    def adults(self, day: date) -> list[ClientDraft]:
        return [
            c
            for c in self.clients
            if c.role in (ClientRole.PARENT, ClientRole.CARER) and c.present(day)
        ]

    def children(self) -> list[ClientDraft]:
        return [c for c in self.clients if c.role in (ClientRole.CHILD, ClientRole.YOUNG_PERSON)]

    def focus_child(self) -> ClientDraft:
        return self.children()[0]

    def school_kind(self) -> str:
        return "academy" if 2023 - self.focus_child().birth_year >= 11 else "primary"

    def present_at(
        self, day: date, *, child: bool = True
    ) -> list[tuple[ClientDraft, ParticipationRole]]:
        """The family's adults on `day` as attendees, and its young people if `child`."""
        people = [(c, ParticipationRole.ATTENDEE) for c in self.adults(day)]
        if child:
            people += [
                (c, ParticipationRole.ATTENDEE)
                for c in self.children()
                if c.role is ClientRole.YOUNG_PERSON
            ]
        return people

    # -- episodes -----------------------------------------------------------

    def add_episode(
        self, kind: EpisodeKind, opened: date, closed: date | None, source: str
    ) -> EpisodeDraft:
        if closed is not None and closed > WINDOW_END:
            closed = None
        reason = self.rng.choice(CLOSURE_REASONS[kind.value]) if closed else None
        episode = EpisodeDraft(kind, opened, closed, source, reason)
        self.episodes.append(episode)
        return episode

    def episode_on(self, day: date) -> EpisodeDraft | None:
        for episode in self.episodes:
            if within(day, episode.opened, episode.closed):
                return episode
        return None

    # -- professionals -----------------------------------------------------

    def involved_ids(self) -> set[str]:
        return {involvement.professional.id for involvement in self.involvements}

    def pick(
        self,
        kind: str,
        professions: tuple[Profession, ...] | None,
        day: date,
        until: date | None = None,
        *,
        fresh: bool = False,
        avoid: tuple[str, ...] = (),
    ) -> ProfessionalDraft | None:
        """A professional of the area's agency `kind` employed on `day`.

        `fresh`: someone new to this family; in the seed, someone who has not
        worked with anybody yet and who nobody else will use (cast in a story).
        """
        mine = self.involved_ids()
        banned = self.ctx.reserved | set(avoid)
        if fresh and self.ctx.strict_stories:
            banned = banned | self.ctx.used | self.ctx.busy | mine
        candidates = [
            e
            for e in eligible(self.area, kind, professions, day, until)
            if e.professional.id not in banned
        ]
        if not candidates and professions is not None and not fresh:
            candidates = [
                e
                for e in eligible(self.area, kind, None, day, until)
                if e.professional.id not in banned
            ]
        new = [e for e in candidates if e.professional.id not in mine]
        if new or fresh:
            candidates = new
        if not candidates:
            return None
        professional = self.rng.choice(candidates).professional
        if fresh and self.ctx.strict_stories:
            self.ctx.reserved.add(professional.id)
        return professional

    def involve(
        self,
        professional: ProfessionalDraft,
        role: InvolvementRole,
        start: date,
        end: date | None,
        *,
        cover: bool = True,
    ) -> InvolvementDraft:
        """Allocate a professional to the family; a colleague takes over if their employment
        ends first."""
        employment = professional.employment_on(start)
        if employment is None:
            raise ValueError(f"{professional.id} is not employed on {start}")
        stop = end
        if employment.end is not None and (end is None or employment.end < end):
            stop = employment.end
        involvement = InvolvementDraft(professional, employment.agency, start, stop, role)
        self.involvements.append(involvement)
        if stop != end and cover and stop is not None:
            following = stop + DAY
            if following <= min(end or WINDOW_END, WINDOW_END):
                successor = self.pick(
                    employment.agency.kind, (professional.profession,), following, end
                )
                if successor is not None:
                    self.involve(successor, role, following, end, cover=cover)
        return involvement

    def active(self, day: date) -> list[InvolvementDraft]:
        return [involvement for involvement in self.involvements if involvement.covers(day)]

    def holder_of(self, role: InvolvementRole, day: date) -> ProfessionalDraft | None:
        for involvement in self.involvements:
            if involvement.role is role and involvement.covers(day):
                return involvement.professional
        return None

    # -- interactions and objects ----------------------------------------

    def instant(self, day: date, hour: int | None = None) -> datetime:
        """A time on `day` (a random working hour unless given), on the quarter hour."""
        if hour is None:
            hour = self.rng.randint(9, 16)
        return datetime.combine(day, time(hour, self.rng.choice((0, 15, 30, 45))))

    def add_interaction(
        self,
        kind: InteractionKind,
        day: date,
        professionals: Participants,
        clients: ClientParticipants = (),
        *,
        episode: EpisodeDraft | None = None,
        referred_to: AgencyDraft | None = None,
        hour: int | None = None,
        use_episode: bool = True,
    ) -> InteractionDraft:
        """An interaction on `day`; each person takes part once, clients only while in the
        family; it belongs to the episode open that day unless told otherwise."""
        seen: set[str] = set()
        unique_professionals = []
        for professional, role in professionals:
            if professional.id not in seen:
                professional.agency_on(day)  # raises if not employed: a generator bug
                seen.add(professional.id)
                unique_professionals.append((professional, role))
                self.ctx.used.add(professional.id)
        unique_clients = []
        for client, role in clients:
            if client.id not in seen and client.present(day):
                seen.add(client.id)
                unique_clients.append((client, role))
        start = self.instant(day, hour)
        minutes = DURATION_MINUTES[kind]
        ends = start + timedelta(minutes=minutes) if minutes else None
        if episode is None and use_episode:
            episode = self.episode_on(day)
        interaction = InteractionDraft(
            kind, start, ends, unique_professionals, unique_clients, episode, referred_to
        )
        interaction.seq = len(self.interactions)
        self.interactions.append(interaction)
        return interaction

    def add_object(
        self,
        kind: BoundaryObjectKind,
        interaction: InteractionDraft,
        *,
        force: bool = False,
    ) -> BoundaryObjectDraft | None:
        """A boundary object created by `interaction` (within the family's budget unless
        forced). Its title is the kind's and its creation date, never the family's name."""
        if self.object_budget <= 0 and not force:
            return None
        self.object_budget -= 1
        only = None
        if self.joint_from is not None and interaction.day < self.joint_from:
            only = interaction.agencies()[0] if interaction.professionals else None
        title = f"{BOUNDARY_OBJECT_TITLES[kind]} ({interaction.day.isoformat()})"
        created = BoundaryObjectDraft(kind, title, interaction.day, only)
        self.objects.append(created)
        interaction.work.append((created, WorkAction.CREATED, None))
        return created

    def add_work(
        self,
        interaction: InteractionDraft,
        worked_on: BoundaryObjectDraft,
        action: WorkAction,
        section: str | None = None,
    ) -> None:
        """`interaction` did `action` to an object that exists by then (once per action)."""
        if worked_on.created <= interaction.day and all(
            b is not worked_on or a is not action for b, a, _ in interaction.work
        ):
            interaction.work.append((worked_on, action, section))

    def section_for(
        self, worked_on: BoundaryObjectDraft, professional: ProfessionalDraft | None, day: date
    ) -> str:
        """The section a professional (or, with None, the family) writes in an object."""
        if professional is None:
            if worked_on.kind is BoundaryObjectKind.EHCP:
                return EHCP_CLIENT_SECTION
            return "Family's views"
        sector = professional.agency_on(day).sector
        if worked_on.kind is BoundaryObjectKind.EHCP:
            return EHCP_SECTIONS[sector]
        return PLAN_SECTIONS[sector]

    # -- ids ---------------------------------------------------------------

    def finish(self) -> None:
        """Give every record its id: interactions in time order, others in creation order."""
        for i, episode in enumerate(sorted(self.episodes, key=lambda e: e.opened), 1):
            episode.id = f"epi-{self.key}-{i}"
        ordered = sorted(self.interactions, key=lambda a: (a.at, a.seq))
        for i, interaction in enumerate(ordered, 1):
            interaction.id = f"int-{self.key}-{i:03d}"
        for i, created in enumerate(sorted(self.objects, key=lambda b: b.created), 1):
            created.id = f"bo-{self.key}-{i}"
        for i, perspective in enumerate(self.perspectives, 1):
            perspective.id = f"per-{self.key}-{i}"
        for i, tension in enumerate(self.tensions, 1):
            tension.id = f"ten-{self.key}-{i}"

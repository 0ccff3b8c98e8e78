"""One family's life in the data: clients, episodes, involvements, interactions, objects, views, tensions.

A `FamilyBuilder` holds one family's state only (a few hundred small objects),
so families can be streamed one after another. Story code (`generator_stories`)
and the episode recipes (`generator_episodes`) call its verbs: `pick` a
professional, `involve` them, record an `act` (interaction), make a `bo`
(boundary object), then `fill` the family's interaction budget with bursty
everyday work, add `views` (perspectives) and `conflicts` (tensions), and
`write` the rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from kb.domain.vocabulary import (
    BoundaryObjectKind,
    ClientRole,
    EpisodeKind,
    InteractionKind,
    InvolvementRole,
    Level,
    ParticipationRole,
    Profession,
    Sector,
    TensionKind,
    WorkAction,
)
from kb.loading.generator_pool import WINDOW_END, WINDOW_START, Agency, Area, Pro, Team, eligible
from kb.loading.generator_text import (
    BOUNDARY_OBJECT_TITLES,
    CLOSURE_REASONS,
    EHCP_CLIENT_SECTION,
    EHCP_SECTIONS,
    FIRST_NAMES,
    PARENT_VIEWS,
    PLAN_SECTIONS,
    SECTOR_VIEWS,
    TENSION_TEXTS,
    YOUNG_PERSON_VIEWS,
)
from kb.loading.generator_writer import DatasetWriter, iso_instant

K = InteractionKind
R = ParticipationRole
DAY = timedelta(days=1)

DURATION_MINUTES: dict[InteractionKind, int | None] = {
    K.MEETING: 75, K.CASE_CONFERENCE: 120, K.CORE_GROUP_MEETING: 60, K.TAC_MEETING: 90,
    K.HOME_VISIT: 60, K.REFERRAL: None, K.ASSESSMENT: 90, K.PHONE_CALL: 20,
    K.INFORMATION_SHARE: None, K.PLAN_CONTRIBUTION: None, K.STRATEGY_DISCUSSION: 45,
    K.PANEL_MEETING: 120, K.BOARD_MEETING: 150,
}  # fmt: skip
PLAN_KINDS = (
    BoundaryObjectKind.SUPPORT_PLAN, BoundaryObjectKind.CHILD_IN_NEED_PLAN,
    BoundaryObjectKind.CHILD_PROTECTION_PLAN, BoundaryObjectKind.EHCP,
    BoundaryObjectKind.CARE_PLAN, BoundaryObjectKind.EARLY_HELP_ASSESSMENT,
)  # fmt: skip
SATELLITE_KINDS = (
    (K.PHONE_CALL, 30), (K.HOME_VISIT, 20), (K.INFORMATION_SHARE, 20),
    (K.PLAN_CONTRIBUTION, 12), (K.MEETING, 10), (K.ASSESSMENT, 8),
)  # fmt: skip


def workday(day: date) -> date:
    """The same day, or the Monday after a weekend."""
    while day.weekday() >= 5:
        day += DAY
    return day


@dataclass(eq=False)
class Client:
    id: str
    name: str
    first_name: str
    role: ClientRole
    birth_year: int
    since: date
    until: date | None
    relationship: str

    def present(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass(eq=False)
class Episode:
    kind: EpisodeKind
    opened: date
    closed: date | None
    source: str | None
    reason: str | None
    id: str = ""


@dataclass(eq=False)
class Involvement:
    pro: Pro
    agency: Agency
    role: InvolvementRole
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(eq=False)
class Bo:
    kind: BoundaryObjectKind
    title: str
    created: date
    only_agency: Agency | None = None
    id: str = ""


@dataclass(eq=False)
class Act:
    kind: InteractionKind
    at: datetime
    ends: datetime | None
    pros: list[tuple[Pro, ParticipationRole]]
    clients: list[tuple[Client, ParticipationRole]]
    episode: Episode | None = None
    referred_to: Agency | None = None
    work: list[tuple[Bo, WorkAction, str | None]] = field(default_factory=list)
    level: Level = Level.OPERATIONAL
    seq: int = 0
    id: str = ""
    _agencies: list[Agency] | None = None
    _counted: int = 0

    @property
    def day(self) -> date:
        return self.at.date()

    def agencies(self) -> list[Agency]:
        """The distinct agencies of the professionals taking part (computed once)."""
        if self._agencies is None or self._counted != len(self.pros):
            seen: dict[str, Agency] = {}
            day = self.day
            for pro, _ in self.pros:
                agency = pro.agency_on(day)
                seen.setdefault(agency.id, agency)
            self._agencies = list(seen.values())
            self._counted = len(self.pros)
        return self._agencies


@dataclass(eq=False)
class View:
    holder_id: str
    statement: str
    at: datetime
    on: Bo | None  # None: the family
    revises: View | None
    id: str = ""


@dataclass(eq=False)
class Conflict:
    kind: TensionKind
    description: str
    raised: datetime
    resolved: datetime | None
    resolution: str | None
    between: list[str]
    about: Act | Bo | None  # None: the family
    id: str = ""


@dataclass
class GenerationContext:
    """What families share: the areas, and (for the seed) who is cast in a story."""

    areas: list[Area]
    strict_stories: bool = False  # seed: story casts are strangers and kept out of other work
    used: set[str] = field(default_factory=set)  # professionals who took part in any interaction
    reserved: set[str] = field(default_factory=set)  # cast in a story; nobody else may use them
    busy: set[str] = field(default_factory=set)  # members of teams that meet (board, panel)
    stories: list[dict[str, Any]] = field(default_factory=list)


class FamilyBuilder:
    """One family, from its clients to its written rows."""

    def __init__(
        self,
        ctx: GenerationContext,
        area: Area,
        key: str,
        rng: random.Random,
        surname: str,
        reference: str,
    ) -> None:
        self.ctx = ctx
        self.area = area
        self.key = key
        self.rng = rng
        self.surname = surname
        self.reference = reference
        self.id = f"fam-{key}"
        self.clients: list[Client] = []
        self.episodes: list[Episode] = []
        self.invs: list[Involvement] = []
        self.acts: list[Act] = []
        self.bos: list[Bo] = []
        self.views_: list[View] = []
        self.conflicts_: list[Conflict] = []
        self.teams: list[Team] = []
        self.start = WINDOW_START
        self.end = WINDOW_END
        self.joint_from: date | None = None  # before it, work is single-agency (multiagency)
        self.broker: Pro | None = None  # when set, no interaction joins two other professionals
        self.bo_budget = 0
        self.facts: list[Any] = []

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
            self._client(ClientRole.CARER if carer else ClientRole.PARENT, birth, since, until,
                         relationship)  # fmt: skip
        for birth in births:
            role = ClientRole.YOUNG_PERSON if 2023 - birth >= 13 else ClientRole.CHILD
            since = date(birth, rng.randint(1, 12), rng.randint(1, 28))
            self._client(role, birth, since, None, rng.choice(("son", "daughter", "child")))

    def _client(
        self, role: ClientRole, birth: int, since: date, until: date | None, relationship: str
    ) -> None:
        first = self.rng.choice(FIRST_NAMES)
        client = Client(
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

    def adults(self, day: date) -> list[Client]:
        return [
            c
            for c in self.clients
            if c.role in (ClientRole.PARENT, ClientRole.CARER) and c.present(day)
        ]

    def children(self) -> list[Client]:
        return [c for c in self.clients if c.role in (ClientRole.CHILD, ClientRole.YOUNG_PERSON)]

    def focus_child(self) -> Client:
        return self.children()[0]

    def school_kind(self) -> str:
        return "academy" if 2023 - self.focus_child().birth_year >= 11 else "primary"

    # -- episodes -----------------------------------------------------------

    def episode(self, kind: EpisodeKind, opened: date, closed: date | None, source: str) -> Episode:
        if closed is not None and closed > WINDOW_END:
            closed = None
        reason = self.rng.choice(CLOSURE_REASONS[kind.value]) if closed else None
        ep = Episode(kind, opened, closed, source, reason)
        self.episodes.append(ep)
        return ep

    def episode_on(self, day: date) -> Episode | None:
        for ep in self.episodes:
            if ep.opened <= day and (ep.closed is None or day <= ep.closed):
                return ep
        return None

    # -- professionals -----------------------------------------------------

    def involved_pros(self) -> set[str]:
        return {inv.pro.id for inv in self.invs}

    def pick(
        self,
        kind: str,
        professions: tuple[Profession, ...] | None,
        day: date,
        until: date | None = None,
        *,
        fresh: bool = False,
        avoid: tuple[str, ...] = (),
    ) -> Pro | None:
        """A professional of the area's agency `kind` employed on `day`.

        `fresh`: someone new to this family; in the seed, someone who has not
        worked with anybody yet and who nobody else will use (cast in a story).
        """
        mine = self.involved_pros()
        banned = self.ctx.reserved | set(avoid)
        if fresh and self.ctx.strict_stories:
            banned = banned | self.ctx.used | self.ctx.busy | mine
        candidates = [
            e for e in eligible(self.area, kind, professions, day, until) if e.pro.id not in banned
        ]
        if not candidates and professions is not None and not fresh:
            candidates = [
                e for e in eligible(self.area, kind, None, day, until) if e.pro.id not in banned
            ]
        new = [e for e in candidates if e.pro.id not in mine]
        if new or fresh:
            candidates = new
        if not candidates:
            return None
        pro = self.rng.choice(candidates).pro
        if fresh and self.ctx.strict_stories:
            self.ctx.reserved.add(pro.id)
        return pro

    def involve(
        self,
        pro: Pro,
        role: InvolvementRole,
        start: date,
        end: date | None,
        *,
        cover: bool = True,
    ) -> Involvement:
        """Allocate `pro` to the family; a colleague takes over if their employment ends first."""
        employment = pro.employment_on(start)
        if employment is None:
            raise ValueError(f"{pro.id} is not employed on {start}")
        stop = end
        if employment.end is not None and (end is None or employment.end < end):
            stop = employment.end
        inv = Involvement(pro, employment.agency, role, start, stop)
        self.invs.append(inv)
        if stop != end and cover and stop is not None:
            nxt = stop + DAY
            if nxt <= min(end or WINDOW_END, WINDOW_END):
                successor = self.pick(employment.agency.kind, (pro.profession,), nxt, end)
                if successor is not None:
                    self.involve(successor, role, nxt, end, cover=cover)
        return inv

    def active(self, day: date) -> list[Involvement]:
        return [inv for inv in self.invs if inv.covers(day)]

    def holder_of(self, role: InvolvementRole, day: date) -> Pro | None:
        for inv in self.invs:
            if inv.role is role and inv.covers(day):
                return inv.pro
        return None

    # -- interactions and objects ----------------------------------------

    def at(self, day: date, hour: int | None = None) -> datetime:
        if hour is None:
            hour = self.rng.randint(9, 16)
        return datetime.combine(day, time(hour, self.rng.choice((0, 15, 30, 45))))

    def act(
        self,
        kind: InteractionKind,
        day: date,
        pros: list[tuple[Pro, ParticipationRole]],
        clients: list[tuple[Client, ParticipationRole]] = (),  # type: ignore[assignment]
        *,
        episode: Episode | None = None,
        referred_to: Agency | None = None,
        hour: int | None = None,
        use_episode: bool = True,
    ) -> Act:
        seen: set[str] = set()
        unique_pros = []
        for pro, role in pros:
            if pro.id not in seen:
                pro.agency_on(day)  # raises if not employed: a generator bug, not bad luck
                seen.add(pro.id)
                unique_pros.append((pro, role))
                self.ctx.used.add(pro.id)
        unique_clients = []
        for client, role in clients:
            if client.id not in seen and client.present(day):
                seen.add(client.id)
                unique_clients.append((client, role))
        start = self.at(day, hour)
        minutes = DURATION_MINUTES[kind]
        ends = start + timedelta(minutes=minutes) if minutes else None
        if episode is None and use_episode:
            episode = self.episode_on(day)
        act = Act(kind, start, ends, unique_pros, unique_clients, episode, referred_to)
        act.seq = len(self.acts)
        self.acts.append(act)
        return act

    def bo(
        self,
        kind: BoundaryObjectKind,
        act: Act,
        *,
        force: bool = False,
        title: str | None = None,
    ) -> Bo | None:
        """A boundary object created by `act` (within the family's budget unless forced)."""
        if self.bo_budget <= 0 and not force:
            return None
        self.bo_budget -= 1
        only = None
        if self.joint_from is not None and act.day < self.joint_from:
            only = act.agencies()[0] if act.pros else None
        text = title or f"{BOUNDARY_OBJECT_TITLES[kind]} - {self.surname} family"
        bo = Bo(kind, text, act.day, only)
        self.bos.append(bo)
        act.work.append((bo, WorkAction.CREATED, None))
        return bo

    def work(self, act: Act, bo: Bo, action: WorkAction, section: str | None = None) -> None:
        if bo.created <= act.day and all(b is not bo or a is not action for b, a, _ in act.work):
            act.work.append((bo, action, section))

    def section_for(self, bo: Bo, pro: Pro | None, day: date) -> str:
        if pro is None:
            return EHCP_CLIENT_SECTION if bo.kind is BoundaryObjectKind.EHCP else "Family's views"
        sector = pro.agency_on(day).sector
        if bo.kind is BoundaryObjectKind.EHCP:
            return EHCP_SECTIONS[sector]
        return PLAN_SECTIONS[sector]

    def family_at(self, day: date, *, child: bool = True) -> list[tuple[Client, ParticipationRole]]:
        people = [(c, R.ATTENDEE) for c in self.adults(day)]
        if child:
            people += [
                (c, R.ATTENDEE) for c in self.children() if c.role is ClientRole.YOUNG_PERSON
            ]
        return people

    # -- everyday work --------------------------------------------------------

    def fill(self, budget: int) -> None:
        """Add bursty everyday interactions (calls, visits, shares) until `budget` is reached."""
        rng = self.rng
        anchors = list(self.acts)
        attempts = 0
        while len(self.acts) < budget and attempts < budget * 20:
            attempts += 1
            if anchors and rng.random() < 0.8:
                base = rng.choice(anchors).day
                gap = int(rng.expovariate(1 / 5))
                day = base + timedelta(days=gap if rng.random() < 0.85 else -gap)
            else:
                day = self.start + timedelta(
                    days=rng.randint(0, max(0, (self.end - self.start).days))
                )
            day = workday(day)
            if not (self.start <= day <= self.end):
                continue
            self._satellite(day)
        while len(self.acts) < budget:  # a quiet family: single calls keep every count exact
            inv = rng.choice(self.invs)
            first = max(inv.start, self.start)
            last = min(inv.end or self.end, self.end)
            if last < first:
                first = last = inv.start
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            self.act(
                K.PHONE_CALL,
                day,
                [(inv.pro, R.ATTENDEE)],
                [(c, R.ATTENDEE) for c in self.adults(day)[:1]],
            )

    def _satellite(self, day: date) -> None:
        rng = self.rng
        active = self.active(day)
        if not active:
            return
        if self.joint_from is not None and day < self.joint_from:
            agency = rng.choice(active).agency
            active = [inv for inv in active if inv.agency is agency]
        elif self.broker is not None:
            broker = [inv for inv in active if inv.pro is self.broker]
            others = [inv for inv in active if inv.pro is not self.broker]
            active = broker[:1] + ([rng.choice(others)] if others else [])
        kinds, weights = zip(*SATELLITE_KINDS, strict=True)
        kind = rng.choices(kinds, weights)[0]
        people = rng.sample(active, len(active))
        adults = self.adults(day)
        clients: list[tuple[Client, ParticipationRole]] = []
        if kind in (K.PHONE_CALL, K.INFORMATION_SHARE):
            chosen = people[:2]
            roles = (
                [R.CONTRIBUTOR, R.RECIPIENT] if kind is K.INFORMATION_SHARE else [R.ATTENDEE] * 2
            )
            if len(chosen) == 1 and adults:
                clients = [(adults[0], R.ATTENDEE)]
                kind = K.PHONE_CALL
                roles = [R.ATTENDEE]
        elif kind is K.MEETING:
            chosen = people[: rng.randint(2, 4)]
            roles = [R.CHAIR] + [R.ATTENDEE] * 3
            clients = self.family_at(day, child=rng.random() < 0.4)
        elif kind is K.HOME_VISIT:
            chosen = people[: 2 if rng.random() < 0.2 else 1]
            roles = [R.ATTENDEE] * 2
            clients = [(c, R.ATTENDEE) for c in adults] + [
                (c, R.ATTENDEE) for c in self.children()[:1] if rng.random() < 0.5
            ]
        elif kind is K.ASSESSMENT:
            chosen = people[:1]
            roles = [R.ASSESSOR]
            clients = [(self.focus_child(), R.SUBJECT)] + [(c, R.ATTENDEE) for c in adults[:1]]
        else:
            chosen = people[:1]
            roles = [R.CONTRIBUTOR]
            if adults and rng.random() < 0.15:
                clients = [(adults[0], R.CONTRIBUTOR)]
        act = self.act(kind, day, [(inv.pro, role) for inv, role in zip(chosen, roles, strict=False)],
                       clients)  # fmt: skip
        self._satellite_work(act)

    def _satellite_work(self, act: Act) -> None:
        rng = self.rng
        day = act.day
        agencies = {a.id for a in act.agencies()}
        before_joint = self.joint_from is not None and day < self.joint_from
        usable = [
            bo
            for bo in self.bos
            if bo.created <= day
            and (bo.only_agency is None or agencies == {bo.only_agency.id})
            and (not before_joint or bo.only_agency is not None)
        ]
        if not usable or not act.pros:
            return
        bo = rng.choice(usable)
        writer = act.pros[0][0]
        if act.kind is K.PLAN_CONTRIBUTION:
            action = WorkAction.REVISED if rng.random() < 0.15 else WorkAction.CONTRIBUTED
            self.work(act, bo, action, self.section_for(bo, writer, day))
        elif act.kind is K.MEETING and rng.random() < 0.6:
            action = WorkAction.CONTESTED if rng.random() < 0.1 else WorkAction.REVIEWED
            self.work(act, bo, action)
        elif act.kind is K.INFORMATION_SHARE and rng.random() < 0.6:
            self.work(act, bo, WorkAction.SHARED)
        elif act.kind is K.ASSESSMENT and rng.random() < 0.3:
            self.work(act, bo, WorkAction.CONTRIBUTED, self.section_for(bo, writer, day))

    def extra_objects(self) -> None:
        """Spend what is left of the object budget on chronologies, shared goals and the like."""
        rng = self.rng
        extras = (
            (BoundaryObjectKind.CHRONOLOGY, (K.MEETING, K.CASE_CONFERENCE, K.ASSESSMENT)),
            (BoundaryObjectKind.INFORMATION, (K.INFORMATION_SHARE, K.PHONE_CALL, K.HOME_VISIT)),
            (BoundaryObjectKind.SHARED_GOAL, (K.TAC_MEETING, K.MEETING, K.CORE_GROUP_MEETING)),
            (BoundaryObjectKind.REFERRAL_FORM, (K.REFERRAL,)),
            (BoundaryObjectKind.SHARED_RULE, (K.TAC_MEETING, K.MEETING, K.CORE_GROUP_MEETING)),
        )
        order = list(extras)
        rng.shuffle(order)
        while self.bo_budget > 0:
            for kind, act_kinds in order:
                if self.bo_budget <= 0:
                    break
                hosts = [a for a in self.acts if a.kind in act_kinds and a.pros]
                if not hosts:
                    hosts = [a for a in self.acts if a.pros]
                if not hosts:
                    return
                self.bo(kind, rng.choice(hosts))

    # -- the object of the work and tensions --------------------------------

    def views(self, count: int) -> None:
        """Perspectives on the work, each revising the one before (expansive learning)."""
        rng = self.rng
        span = max(1, (self.end - self.start).days - 14)
        days = sorted(self.start + timedelta(days=14 + rng.randint(0, span)) for _ in range(count))
        child = self.focus_child().first_name
        previous: View | None = None
        said: set[str] = set()
        for day in days:
            active = self.active(day) or self.invs
            people = self.adults(day) + [
                c for c in self.children() if c.role is ClientRole.YOUNG_PERSON
            ]
            if not people or rng.random() < 0.75:
                inv = rng.choice(active)
                holder = inv.pro.id
                pool = SECTOR_VIEWS[inv.agency.sector]
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
            objects = [bo for bo in self.bos if bo.created <= day]
            on = rng.choice(objects) if objects and rng.random() < 0.4 else None
            view = View(holder, statement, self.at(day), on, previous)
            self.views_.append(view)
            previous = view

    def conflicts(self, count: int) -> None:
        rng = self.rng
        joint = [a for a in self.acts if len(a.agencies()) >= 2]
        with_family = [a for a in self.acts if a.pros and a.clients]
        for _ in range(count):
            if joint and (not with_family or rng.random() < 0.75):
                act = rng.choice(joint)
                kind: TensionKind = rng.choice(
                    [k for k in TensionKind if k is not TensionKind.FAMILY_DISAGREEMENT]
                )
                a, b = act.agencies()[:2]
                if kind in (TensionKind.RESOURCES, TensionKind.THRESHOLD) and rng.random() < 0.5:
                    between = [a.id, b.id]
                else:
                    first = next(p for p, _ in act.pros if p.agency_on(act.day) is a)
                    second = next(p for p, _ in act.pros if p.agency_on(act.day) is b)
                    between = [first.id, second.id]
            elif with_family:
                act = rng.choice(with_family)
                kind = TensionKind.FAMILY_DISAGREEMENT
                between = [act.pros[0][0].id, act.clients[0][0].id]
            else:
                return
            objects = [bo for bo in self.bos if bo.created <= act.day]
            roll = rng.random()
            about: Act | Bo | None = act if roll < 0.35 else None
            if 0.35 <= roll < 0.7 and objects:
                about = rng.choice(objects)
            description, resolution = TENSION_TEXTS[kind]
            resolved = act.at + timedelta(days=rng.randint(14, 120), hours=2)
            if rng.random() < 0.3 or resolved.date() > WINDOW_END:
                self.conflicts_.append(
                    Conflict(kind, description, act.at, None, None, between, about)
                )
            else:
                self.conflicts_.append(
                    Conflict(kind, description, act.at, resolved, resolution, between, about)
                )

    # -- output -----------------------------------------------------------

    def finish(self) -> None:
        """Give every record its id: interactions in time order, others in creation order."""
        for i, ep in enumerate(sorted(self.episodes, key=lambda e: e.opened), 1):
            ep.id = f"epi-{self.key}-{i}"
        for i, act in enumerate(sorted(self.acts, key=lambda a: (a.at, a.seq)), 1):
            act.id = f"int-{self.key}-{i:03d}"
        for i, bo in enumerate(sorted(self.bos, key=lambda b: b.created), 1):
            bo.id = f"bo-{self.key}-{i}"
        for i, view in enumerate(self.views_, 1):
            view.id = f"per-{self.key}-{i}"
        for i, conflict in enumerate(self.conflicts_, 1):
            conflict.id = f"ten-{self.key}-{i}"

    def write(self, w: DatasetWriter) -> None:
        fid = self.id
        w.row("families", fid, self.reference)
        for c in self.clients:
            w.row("clients", c.id, c.name, c.role.value, c.birth_year)
            w.row("belongs_to", c.id, fid, c.since, c.until, c.relationship)
        for ep in sorted(self.episodes, key=lambda e: e.id):
            w.row("episodes", ep.id, ep.kind.value, ep.opened, ep.closed, ep.source, ep.reason)
            w.row("has_episode", fid, ep.id)
        for inv in self.invs:
            w.row(
                "involved_with", inv.pro.id, fid, inv.start, inv.end, inv.role.value, inv.agency.id
            )
        for team in self.teams:
            w.row("teams", team.id, team.name, team.type.value, team.level.value)
            for pro, start, end, role in team.members:
                w.row("member_of", pro.id, team.id, start, end, role)
        for bo in sorted(self.bos, key=lambda b: b.id):
            w.row("boundary_objects", bo.id, bo.kind.value, bo.title, bo.created)
            w.row("concerns", bo.id, fid)
        for act in sorted(self.acts, key=lambda a: a.id):
            write_act(w, act)
            w.row("concerns", act.id, fid)
        for view in self.views_:
            w.row("perspectives", view.id, view.statement, iso_instant(view.at))
            w.row("holds", view.holder_id, view.id)
            w.row("on", view.id, view.on.id if view.on else fid)
            if view.revises is not None:
                w.row("revises", view.id, view.revises.id)
        for t in self.conflicts_:
            w.row("tensions", t.id, t.kind.value, t.description, iso_instant(t.raised),
                  iso_instant(t.resolved) if t.resolved else None, t.resolution)  # fmt: skip
            for party in t.between:
                w.row("between", t.id, party)
            w.row("about", t.id, t.about.id if t.about is not None else fid)


def write_act(w: DatasetWriter, act: Act) -> None:
    """An interaction and its participation, episode, referral and object work rows."""
    w.row("interactions", act.id, act.kind.value, iso_instant(act.at),
          iso_instant(act.ends) if act.ends else None, act.level.value)  # fmt: skip
    for pro, role in act.pros:
        w.row("participated_in", pro.id, act.id, role.value)
    for client, role in act.clients:
        w.row("participated_in", client.id, act.id, role.value)
    if act.episode is not None:
        w.row("part_of", act.id, act.episode.id)
    if act.referred_to is not None:
        w.row("referred_to", act.id, act.referred_to.id)
    for bo, action, section in act.work:
        w.row("worked_on", act.id, bo.id, action.value, section)


def sector_of(pro: Pro, day: date) -> Sector:
    return pro.agency_on(day).sector

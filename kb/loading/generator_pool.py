"""The generator's local areas: agencies, professionals with employment histories, standing teams.

An area is what a local authority holds: one agency of each kind (schools,
social care, health, CAMHS, police, youth justice, housing, voluntary sector),
professionals employed for periods (some move agency, some leave, some join)
and standing teams (MASH, YOT, Early Help team, SEND panel, strategic board).
The pool is small and sub-linear in the number of families, so it is held in
memory while families are streamed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from kb.domain.vocabulary import Level, Profession, Sector, TeamType
from kb.loading.generator_text import AREA_NAMES, FIRST_NAMES, JOB_TITLES, SURNAMES

P = Profession
WINDOW_START = date(2023, 1, 1)
WINDOW_END = date(2025, 3, 31)
TEAMS_FORMED = date(2022, 4, 1)


@dataclass(frozen=True)
class AgencyTemplate:
    kind: str
    name: str  # "{area}" is replaced by the area's name
    sector: Sector
    professions: tuple[tuple[Profession, int], ...]
    weight: int  # share of the area's professionals (weights sum to 60)


AGENCY_TEMPLATES: tuple[AgencyTemplate, ...] = (
    AgencyTemplate("academy", "{area} Academy", Sector.EDUCATION,
                   ((P.TEACHER, 3), (P.SENCO, 1), (P.HEAD_TEACHER, 1), (P.EDUCATION_WELFARE_OFFICER, 1)), 6),
    AgencyTemplate("primary", "{area} Primary School", Sector.EDUCATION,
                   ((P.TEACHER, 2), (P.SENCO, 1), (P.HEAD_TEACHER, 1)), 4),
    AgencyTemplate("send", "{area} SEND and Educational Psychology Service", Sector.EDUCATION,
                   ((P.EDUCATIONAL_PSYCHOLOGIST, 2), (P.EDUCATION_WELFARE_OFFICER, 1)), 3),
    AgencyTemplate("social-care", "{area} Children's Social Care", Sector.SOCIAL_CARE,
                   ((P.SOCIAL_WORKER, 5), (P.SOCIAL_WORK_MANAGER, 1)), 8),
    AgencyTemplate("family-hub", "{area} Family Hub and Children's Centre", Sector.EARLY_YEARS,
                   ((P.FAMILY_SUPPORT_WORKER, 2), (P.EARLY_YEARS_PRACTITIONER, 2)), 4),
    AgencyTemplate("community-health", "{area} Community Health Services", Sector.HEALTH,
                   ((P.HEALTH_VISITOR, 2), (P.SCHOOL_NURSE, 2), (P.MIDWIFE, 1)), 5),
    AgencyTemplate("gp", "{area} Medical Practice", Sector.HEALTH, ((P.GP, 1),), 3),
    AgencyTemplate("hospital", "{area} General Hospital Paediatrics", Sector.HEALTH,
                   ((P.PAEDIATRICIAN, 2), (P.MIDWIFE, 1)), 3),
    AgencyTemplate("camhs", "{area} CAMHS", Sector.MENTAL_HEALTH,
                   ((P.CAMHS_CLINICIAN, 3), (P.CLINICAL_PSYCHOLOGIST, 1)), 4),
    AgencyTemplate("police", "{area} Police", Sector.CRIMINAL_JUSTICE, ((P.POLICE_OFFICER, 1),), 4),
    AgencyTemplate("youth-justice", "{area} Youth Justice Service", Sector.CRIMINAL_JUSTICE,
                   ((P.YOUTH_OFFENDING_OFFICER, 3), (P.SOCIAL_WORKER, 1)), 4),
    AgencyTemplate("probation", "Probation Service ({area})", Sector.CRIMINAL_JUSTICE,
                   ((P.PROBATION_OFFICER, 1),), 2),
    AgencyTemplate("housing", "{area} Housing Options", Sector.HOUSING, ((P.HOUSING_OFFICER, 1),), 2),
    AgencyTemplate("homes", "{area} Homes (housing association)", Sector.HOUSING,
                   ((P.HOUSING_OFFICER, 1),), 2),
    AgencyTemplate("family-action", "{area} Family Action (charity)", Sector.VOLUNTARY,
                   ((P.FAMILY_SUPPORT_WORKER, 2), (P.VOLUNTEER_COORDINATOR, 1)), 3),
    AgencyTemplate("youth-trust", "{area} Youth Trust (charity)", Sector.VOLUNTARY,
                   ((P.YOUTH_WORKER, 1),), 3),
)  # fmt: skip


@dataclass(frozen=True)
class TeamTemplate:
    kind: str
    name: str
    type: TeamType
    level: Level
    seats: tuple[tuple[str, tuple[Profession, ...], int], ...]  # agency kind, professions, how many


TEAM_TEMPLATES: tuple[TeamTemplate, ...] = (
    TeamTemplate("mash", "{area} Multi-Agency Safeguarding Hub", TeamType.MASH, Level.OPERATIONAL, (
        ("social-care", (P.SOCIAL_WORKER,), 2), ("police", (P.POLICE_OFFICER,), 1),
        ("community-health", (P.HEALTH_VISITOR, P.SCHOOL_NURSE), 1),
        ("send", (P.EDUCATION_WELFARE_OFFICER,), 1), ("housing", (P.HOUSING_OFFICER,), 1),
        ("probation", (P.PROBATION_OFFICER,), 1), ("youth-justice", (P.YOUTH_OFFENDING_OFFICER,), 1))),
    TeamTemplate("yot", "{area} Youth Offending Team", TeamType.YOT, Level.OPERATIONAL, (
        ("youth-justice", (P.YOUTH_OFFENDING_OFFICER,), 2), ("youth-justice", (P.SOCIAL_WORKER,), 1),
        ("police", (P.POLICE_OFFICER,), 1), ("probation", (P.PROBATION_OFFICER,), 1),
        ("academy", (P.EDUCATION_WELFARE_OFFICER,), 1), ("camhs", (P.CAMHS_CLINICIAN,), 1))),
    TeamTemplate("early-help", "{area} Early Help Locality Team", TeamType.TAF, Level.OPERATIONAL, (
        ("family-hub", (P.FAMILY_SUPPORT_WORKER, P.EARLY_YEARS_PRACTITIONER), 2),
        ("family-action", (P.FAMILY_SUPPORT_WORKER,), 1), ("youth-trust", (P.YOUTH_WORKER,), 1))),
    TeamTemplate("send-panel", "{area} SEND Resource Panel", TeamType.PANEL, Level.OPERATIONAL, (
        ("send", (P.EDUCATIONAL_PSYCHOLOGIST,), 1), ("primary", (P.SENCO,), 1),
        ("hospital", (P.PAEDIATRICIAN,), 1), ("social-care", (P.SOCIAL_WORK_MANAGER,), 1))),
    TeamTemplate("board", "{area} Safeguarding Children Partnership Board", TeamType.BOARD,
                 Level.STRATEGIC, (
        ("social-care", (P.SOCIAL_WORK_MANAGER,), 1), ("academy", (P.HEAD_TEACHER,), 1),
        ("police", (P.POLICE_OFFICER,), 1), ("gp", (P.GP,), 1),
        ("camhs", (P.CLINICAL_PSYCHOLOGIST,), 1), ("homes", (P.HOUSING_OFFICER,), 1),
        ("family-action", (P.VOLUNTEER_COORDINATOR,), 1), ("probation", (P.PROBATION_OFFICER,), 1))),
)  # fmt: skip
# Teams whose members meet in recorded interactions (and so cannot be cast as strangers).
MEETING_TEAMS = ("send-panel", "board")


@dataclass(eq=False)
class Agency:
    id: str
    name: str
    sector: Sector
    kind: str


@dataclass(eq=False)
class Employment:
    pro: Pro
    agency: Agency
    start: date
    end: date | None
    role: str

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(eq=False)
class Pro:
    id: str
    name: str
    profession: Profession
    employments: list[Employment] = field(default_factory=list)

    def employment_on(self, day: date) -> Employment | None:
        for employment in self.employments:
            if employment.covers(day):
                return employment
        return None

    def agency_on(self, day: date) -> Agency:
        employment = self.employment_on(day)
        if employment is None:
            raise ValueError(f"{self.id} is not employed on {day}")
        return employment.agency


@dataclass(eq=False)
class Team:
    id: str
    name: str
    type: TeamType
    level: Level
    kind: str
    members: list[tuple[Pro, date, date | None, str]] = field(default_factory=list)

    def members_on(self, day: date) -> list[Pro]:
        return [
            p for p, start, end, _ in self.members if start <= day and (end is None or day <= end)
        ]


@dataclass(eq=False)
class Area:
    key: str
    name: str
    agencies: dict[str, Agency]
    employments: dict[str, list[Employment]]  # by agency kind
    pros: list[Pro]
    teams: dict[str, Team] = field(default_factory=dict)


def pool_sizes(families: int) -> tuple[int, int]:
    """How many areas and professionals serve `families`: sub-linear, 60 for 15 families."""
    areas = max(1, round((families / 15) ** 0.35))
    professionals = round(min(4 * families, 60 * (families / 15) ** 0.6))
    return areas, max(professionals, 20 * areas)


def _spread(total: int, weights: list[int]) -> list[int]:
    """Split `total` by `weights` (largest remainder), at least one each."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [max(1, int(r)) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    i = 0
    while sum(counts) < total:
        counts[order[i % len(order)]] += 1
        i += 1
    return counts


class PoolBuilder:
    """Builds areas deterministically from one random stream."""

    def __init__(self, rng: random.Random, *, seed_names: bool) -> None:
        self.rng = rng
        self.seed_names = seed_names
        self.next_pro = 0
        self.pro_width = 3

    def build(self, areas: int, professionals: int) -> list[Area]:
        self.pro_width = max(3, len(str(professionals)))
        per_area = _spread(professionals, [1] * areas)
        return [self._area(i, n) for i, n in enumerate(per_area)]

    def _area(self, index: int, professionals: int) -> Area:
        name = AREA_NAMES[index] if index < len(AREA_NAMES) else f"Area {index + 1}"
        key = name.lower().replace(" ", "-")
        prefix = "agency-" if self.seed_names else f"agency-{key}-"
        agencies = {
            t.kind: Agency(prefix + t.kind, t.name.format(area=name), t.sector, t.kind)
            for t in AGENCY_TEMPLATES
        }
        area = Area(key, name, agencies, {t.kind: [] for t in AGENCY_TEMPLATES}, [])
        counts = _spread(professionals, [t.weight for t in AGENCY_TEMPLATES])
        for template, count in zip(AGENCY_TEMPLATES, counts, strict=True):
            cycle = [p for p, n in template.professions for _ in range(n)]
            for i in range(count):
                self._professional(area, agencies[template.kind], cycle[i % len(cycle)])
        for pro in area.pros:
            self._career(area, pro)
        self._teams(area)
        return area

    def _professional(self, area: Area, agency: Agency, profession: Profession) -> None:
        self.next_pro += 1
        pro_id = f"pro-{self.next_pro:0{self.pro_width}d}"
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
        pro = Pro(pro_id, name, profession)
        rng = self.rng
        if rng.random() < 0.12:
            start = WINDOW_START + timedelta(days=rng.randint(30, 600))
        else:
            start = WINDOW_START - timedelta(days=rng.randint(60, 15 * 365))
        pro.employments.append(
            Employment(pro, agency, start, None, rng.choice(JOB_TITLES[profession]))
        )
        area.pros.append(pro)

    def _career(self, area: Area, pro: Pro) -> None:
        """Some professionals move to another agency of the area, some leave."""
        rng = self.rng
        first = pro.employments[0]
        destinations = [
            a
            for t in AGENCY_TEMPLATES
            if t.kind != first.agency.kind and any(p == pro.profession for p, _ in t.professions)
            for a in [area.agencies[t.kind]]
        ]
        roll = rng.random()
        earliest = max(first.start, WINDOW_START) + timedelta(days=90)
        latest = WINDOW_END - timedelta(days=60)
        if earliest >= latest:
            area.employments[first.agency.kind].append(first)
            return
        when = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        if roll < 0.12 and destinations:
            target = rng.choice(destinations)
            first.end = when - timedelta(days=1)
            moved = Employment(pro, target, when, None, rng.choice(JOB_TITLES[pro.profession]))
            pro.employments.append(moved)
            area.employments[target.kind].append(moved)
        elif roll < 0.18:
            first.end = when
        area.employments[first.agency.kind].append(first)

    def _teams(self, area: Area) -> None:
        for template in TEAM_TEMPLATES:
            team_id = (
                f"team-{template.kind}" if self.seed_names else f"team-{area.key}-{template.kind}"
            )
            team = Team(team_id, template.name.format(area=area.name), template.type,
                        template.level, template.kind)  # fmt: skip
            taken: set[str] = set()
            for kind, professions, seats in template.seats:
                candidates = [
                    e
                    for e in area.employments[kind]
                    if e.pro.profession in professions and e.pro.id not in taken
                    and e.start <= WINDOW_START and e.end is None
                ]  # fmt: skip
                for employment in self.rng.sample(candidates, min(seats, len(candidates))):
                    taken.add(employment.pro.id)
                    role = (
                        "chair"
                        if not team.members and template.level is Level.STRATEGIC
                        else "member"
                    )
                    start = max(employment.start, TEAMS_FORMED)
                    team.members.append((employment.pro, start, employment.end, role))
            area.teams[template.kind] = team


def eligible(
    area: Area,
    kind: str,
    professions: tuple[Profession, ...] | None,
    day: date,
    until: date | None = None,
) -> list[Employment]:
    """Employments at the area's agency of `kind` covering `day` (and `until`, if any can)."""
    covering = [
        e
        for e in area.employments[kind]
        if e.covers(day) and (professions is None or e.pro.profession in professions)
    ]
    if until is not None:
        lasting = [e for e in covering if e.end is None or e.end >= until]
        if lasting:
            return lasting
    return covering

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
from kb.synthetic.text import AREA_NAMES, FIRST_NAMES, JOB_TITLES, SURNAMES

WINDOW_START = date(2023, 1, 1)
WINDOW_END = date(2025, 3, 31)
TEAMS_FORMED = date(2022, 4, 1)


def within(day: date, first: date, last: date | None) -> bool:
    """Whether `day` is in the period from `first` to `last`, both days included (the model's
    `from`/`to`; `last` None: still going)."""
    return first <= day and (last is None or day <= last)


@dataclass(frozen=True)
class AgencyTemplate:
    kind: str
    name: str  # "{area}" is replaced by the area's name
    sector: Sector
    professions: tuple[tuple[Profession, int], ...]
    weight: int  # share of the area's professionals (weights sum to 60)


AGENCY_TEMPLATES: tuple[AgencyTemplate, ...] = (
    AgencyTemplate(
        "academy",
        "{area} Academy",
        Sector.EDUCATION,
        (
            (Profession.TEACHER, 3),
            (Profession.SENCO, 1),
            (Profession.HEAD_TEACHER, 1),
            (Profession.EDUCATION_WELFARE_OFFICER, 1),
        ),
        6,
    ),
    AgencyTemplate(
        "primary",
        "{area} Primary School",
        Sector.EDUCATION,
        ((Profession.TEACHER, 2), (Profession.SENCO, 1), (Profession.HEAD_TEACHER, 1)),
        4,
    ),
    AgencyTemplate(
        "send",
        "{area} SEND and Educational Psychology Service",
        Sector.EDUCATION,
        ((Profession.EDUCATIONAL_PSYCHOLOGIST, 2), (Profession.EDUCATION_WELFARE_OFFICER, 1)),
        3,
    ),
    AgencyTemplate(
        "social-care",
        "{area} Children's Social Care",
        Sector.SOCIAL_CARE,
        ((Profession.SOCIAL_WORKER, 5), (Profession.SOCIAL_WORK_MANAGER, 1)),
        8,
    ),
    AgencyTemplate(
        "family-hub",
        "{area} Family Hub and Children's Centre",
        Sector.EARLY_YEARS,
        ((Profession.FAMILY_SUPPORT_WORKER, 2), (Profession.EARLY_YEARS_PRACTITIONER, 2)),
        4,
    ),
    AgencyTemplate(
        "community-health",
        "{area} Community Health Services",
        Sector.HEALTH,
        ((Profession.HEALTH_VISITOR, 2), (Profession.SCHOOL_NURSE, 2), (Profession.MIDWIFE, 1)),
        5,
    ),
    AgencyTemplate("gp", "{area} Medical Practice", Sector.HEALTH, ((Profession.GP, 1),), 3),
    AgencyTemplate(
        "hospital",
        "{area} General Hospital Paediatrics",
        Sector.HEALTH,
        ((Profession.PAEDIATRICIAN, 2), (Profession.MIDWIFE, 1)),
        3,
    ),
    AgencyTemplate(
        "camhs",
        "{area} CAMHS",
        Sector.MENTAL_HEALTH,
        ((Profession.CAMHS_CLINICIAN, 3), (Profession.CLINICAL_PSYCHOLOGIST, 1)),
        4,
    ),
    AgencyTemplate(
        "police", "{area} Police", Sector.CRIMINAL_JUSTICE, ((Profession.POLICE_OFFICER, 1),), 4
    ),
    AgencyTemplate(
        "youth-justice",
        "{area} Youth Justice Service",
        Sector.CRIMINAL_JUSTICE,
        ((Profession.YOUTH_OFFENDING_OFFICER, 3), (Profession.SOCIAL_WORKER, 1)),
        4,
    ),
    AgencyTemplate(
        "probation",
        "Probation Service ({area})",
        Sector.CRIMINAL_JUSTICE,
        ((Profession.PROBATION_OFFICER, 1),),
        2,
    ),
    AgencyTemplate(
        "housing", "{area} Housing Options", Sector.HOUSING, ((Profession.HOUSING_OFFICER, 1),), 2
    ),
    AgencyTemplate(
        "homes",
        "{area} Homes (housing association)",
        Sector.HOUSING,
        ((Profession.HOUSING_OFFICER, 1),),
        2,
    ),
    AgencyTemplate(
        "family-action",
        "{area} Family Action (charity)",
        Sector.VOLUNTARY,
        ((Profession.FAMILY_SUPPORT_WORKER, 2), (Profession.VOLUNTEER_COORDINATOR, 1)),
        3,
    ),
    AgencyTemplate(
        "youth-trust",
        "{area} Youth Trust (charity)",
        Sector.VOLUNTARY,
        ((Profession.YOUTH_WORKER, 1),),
        3,
    ),
)


@dataclass(frozen=True)
class TeamTemplate:
    kind: str
    name: str
    type: TeamType
    level: Level
    seats: tuple[tuple[str, tuple[Profession, ...], int], ...]  # agency kind, professions, how many


TEAM_TEMPLATES: tuple[TeamTemplate, ...] = (
    TeamTemplate(
        "mash",
        "{area} Multi-Agency Safeguarding Hub",
        TeamType.MASH,
        Level.OPERATIONAL,
        (
            ("social-care", (Profession.SOCIAL_WORKER,), 2),
            ("police", (Profession.POLICE_OFFICER,), 1),
            ("community-health", (Profession.HEALTH_VISITOR, Profession.SCHOOL_NURSE), 1),
            ("send", (Profession.EDUCATION_WELFARE_OFFICER,), 1),
            ("housing", (Profession.HOUSING_OFFICER,), 1),
            ("probation", (Profession.PROBATION_OFFICER,), 1),
            ("youth-justice", (Profession.YOUTH_OFFENDING_OFFICER,), 1),
        ),
    ),
    TeamTemplate(
        "yot",
        "{area} Youth Offending Team",
        TeamType.YOT,
        Level.OPERATIONAL,
        (
            ("youth-justice", (Profession.YOUTH_OFFENDING_OFFICER,), 2),
            ("youth-justice", (Profession.SOCIAL_WORKER,), 1),
            ("police", (Profession.POLICE_OFFICER,), 1),
            ("probation", (Profession.PROBATION_OFFICER,), 1),
            ("academy", (Profession.EDUCATION_WELFARE_OFFICER,), 1),
            ("camhs", (Profession.CAMHS_CLINICIAN,), 1),
        ),
    ),
    TeamTemplate(
        "early-help",
        "{area} Early Help Locality Team",
        TeamType.TAF,
        Level.OPERATIONAL,
        (
            (
                "family-hub",
                (Profession.FAMILY_SUPPORT_WORKER, Profession.EARLY_YEARS_PRACTITIONER),
                2,
            ),
            ("family-action", (Profession.FAMILY_SUPPORT_WORKER,), 1),
            ("youth-trust", (Profession.YOUTH_WORKER,), 1),
        ),
    ),
    TeamTemplate(
        "send-panel",
        "{area} SEND Resource Panel",
        TeamType.PANEL,
        Level.OPERATIONAL,
        (
            ("send", (Profession.EDUCATIONAL_PSYCHOLOGIST,), 1),
            ("primary", (Profession.SENCO,), 1),
            ("hospital", (Profession.PAEDIATRICIAN,), 1),
            ("social-care", (Profession.SOCIAL_WORK_MANAGER,), 1),
        ),
    ),
    TeamTemplate(
        "board",
        "{area} Safeguarding Children Partnership Board",
        TeamType.BOARD,
        Level.STRATEGIC,
        (
            ("social-care", (Profession.SOCIAL_WORK_MANAGER,), 1),
            ("academy", (Profession.HEAD_TEACHER,), 1),
            ("police", (Profession.POLICE_OFFICER,), 1),
            ("gp", (Profession.GP,), 1),
            ("camhs", (Profession.CLINICAL_PSYCHOLOGIST,), 1),
            ("homes", (Profession.HOUSING_OFFICER,), 1),
            ("family-action", (Profession.VOLUNTEER_COORDINATOR,), 1),
            ("probation", (Profession.PROBATION_OFFICER,), 1),
        ),
    ),
)
# Teams whose members meet in recorded interactions (and so cannot be cast as strangers).
MEETING_TEAMS = ("send-panel", "board")


@dataclass(eq=False)
class AgencyDraft:
    """An agency of the area (an `agencies` row); `kind` names its template."""

    id: str
    name: str
    sector: Sector
    kind: str


@dataclass(eq=False)
class PeriodAtAgency:
    """A professional's period at an agency, from `start` to `end` (None: not ended)."""

    professional: ProfessionalDraft
    agency: AgencyDraft
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return within(day, self.start, self.end)


@dataclass(eq=False)
class EmploymentDraft(PeriodAtAgency):
    """A professional's employment with an agency (an `employed_by` row)."""

    role: str


@dataclass(eq=False)
class ProfessionalDraft:
    """A professional of the area's pool (a `professionals` row) and their employments."""

    id: str
    name: str
    profession: Profession
    employments: list[EmploymentDraft] = field(default_factory=list)

    def employment_on(self, day: date) -> EmploymentDraft | None:
        for employment in self.employments:
            if employment.covers(day):
                return employment
        return None

    def agency_on(self, day: date) -> AgencyDraft:
        employment = self.employment_on(day)
        if employment is None:
            raise ValueError(f"{self.id} is not employed on {day}")
        return employment.agency


@dataclass(eq=False)
class TeamDraft:
    """A team (a `teams` row) and its members' periods (`member_of` rows)."""

    id: str
    name: str
    type: TeamType
    level: Level
    kind: str
    members: list[tuple[ProfessionalDraft, date, date | None, str]] = field(default_factory=list)

    def members_on(self, day: date) -> list[ProfessionalDraft]:
        return [p for p, start, end, _ in self.members if within(day, start, end)]


@dataclass(eq=False)
class Area:
    key: str
    name: str
    agencies: dict[str, AgencyDraft]
    employments: dict[str, list[EmploymentDraft]]  # by agency kind
    professionals: list[ProfessionalDraft]
    teams: dict[str, TeamDraft] = field(default_factory=dict)


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
            t.kind: AgencyDraft(prefix + t.kind, t.name.format(area=name), t.sector, t.kind)
            for t in AGENCY_TEMPLATES
        }
        area = Area(key, name, agencies, {t.kind: [] for t in AGENCY_TEMPLATES}, [])
        counts = _spread(professionals, [t.weight for t in AGENCY_TEMPLATES])
        for template, count in zip(AGENCY_TEMPLATES, counts, strict=True):
            cycle = [p for p, n in template.professions for _ in range(n)]
            for i in range(count):
                self._professional(area, agencies[template.kind], cycle[i % len(cycle)])
        for pro in area.professionals:
            self._career(area, pro)
        self._teams(area)
        return area

    def _professional(self, area: Area, agency: AgencyDraft, profession: Profession) -> None:
        self.next_pro += 1
        pro_id = f"pro-{self.next_pro:0{self.pro_width}d}"
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
        pro = ProfessionalDraft(pro_id, name, profession)
        rng = self.rng
        if rng.random() < 0.12:
            start = WINDOW_START + timedelta(days=rng.randint(30, 600))
        else:
            start = WINDOW_START - timedelta(days=rng.randint(60, 15 * 365))
        pro.employments.append(
            EmploymentDraft(pro, agency, start, None, rng.choice(JOB_TITLES[profession]))
        )
        area.professionals.append(pro)

    def _career(self, area: Area, pro: ProfessionalDraft) -> None:
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
            moved = EmploymentDraft(pro, target, when, None, rng.choice(JOB_TITLES[pro.profession]))
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
            team = TeamDraft(
                team_id,
                template.name.format(area=area.name),
                template.type,
                template.level,
                template.kind,
            )
            taken: set[str] = set()
            for kind, professions, seats in template.seats:
                candidates = [
                    e
                    for e in area.employments[kind]
                    if e.professional.profession in professions
                    and e.professional.id not in taken
                    and e.start <= WINDOW_START
                    and e.end is None
                ]
                for employment in self.rng.sample(candidates, min(seats, len(candidates))):
                    taken.add(employment.professional.id)
                    role = (
                        "chair"
                        if not team.members and template.level is Level.STRATEGIC
                        else "member"
                    )
                    start = max(employment.start, TEAMS_FORMED)
                    team.members.append((employment.professional, start, employment.end, role))
            area.teams[template.kind] = team


def eligible(
    area: Area,
    kind: str,
    professions: tuple[Profession, ...] | None,
    day: date,
    until: date | None = None,
) -> list[EmploymentDraft]:
    """Employments at the area's agency of `kind` covering `day` (and `until`, if any can)."""
    covering = [
        e
        for e in area.employments[kind]
        if e.covers(day) and (professions is None or e.professional.profession in professions)
    ]
    if until is not None:
        lasting = [e for e in covering if e.end is None or e.end >= until]
        if lasting:
            return lasting
    return covering

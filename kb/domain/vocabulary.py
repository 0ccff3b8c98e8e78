"""The allowed values of the model (DOMAIN.md), one enum per kind of value.

Enum values are what appears in datasets, in Neo4j and in the GraphQL API.
"""

from __future__ import annotations

from enum import StrEnum


class Sector(StrEnum):
    """The sector an agency belongs to."""

    EDUCATION = "EDUCATION"
    HEALTH = "HEALTH"
    MENTAL_HEALTH = "MENTAL_HEALTH"
    SOCIAL_CARE = "SOCIAL_CARE"
    CRIMINAL_JUSTICE = "CRIMINAL_JUSTICE"
    HOUSING = "HOUSING"
    EARLY_YEARS = "EARLY_YEARS"
    VOLUNTARY = "VOLUNTARY"


class TeamType(StrEnum):
    """The kind of team (TAC, TAF, MASH...)."""

    TAC = "TAC"
    TAF = "TAF"
    CORE_GROUP = "CORE_GROUP"
    MASH = "MASH"
    YOT = "YOT"
    PANEL = "PANEL"
    BOARD = "BOARD"


class Level(StrEnum):
    """Strategic (boards, panels) or operational (case work)."""

    STRATEGIC = "STRATEGIC"
    OPERATIONAL = "OPERATIONAL"


class Profession(StrEnum):
    """A professional's profession."""

    TEACHER = "TEACHER"
    SENCO = "SENCO"
    HEAD_TEACHER = "HEAD_TEACHER"
    EDUCATION_WELFARE_OFFICER = "EDUCATION_WELFARE_OFFICER"
    EDUCATIONAL_PSYCHOLOGIST = "EDUCATIONAL_PSYCHOLOGIST"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    SOCIAL_WORK_MANAGER = "SOCIAL_WORK_MANAGER"
    FAMILY_SUPPORT_WORKER = "FAMILY_SUPPORT_WORKER"
    HEALTH_VISITOR = "HEALTH_VISITOR"
    SCHOOL_NURSE = "SCHOOL_NURSE"
    GP = "GP"
    PAEDIATRICIAN = "PAEDIATRICIAN"
    MIDWIFE = "MIDWIFE"
    CAMHS_CLINICIAN = "CAMHS_CLINICIAN"
    CLINICAL_PSYCHOLOGIST = "CLINICAL_PSYCHOLOGIST"
    YOUTH_OFFENDING_OFFICER = "YOUTH_OFFENDING_OFFICER"
    PROBATION_OFFICER = "PROBATION_OFFICER"
    POLICE_OFFICER = "POLICE_OFFICER"
    HOUSING_OFFICER = "HOUSING_OFFICER"
    EARLY_YEARS_PRACTITIONER = "EARLY_YEARS_PRACTITIONER"
    YOUTH_WORKER = "YOUTH_WORKER"
    VOLUNTEER_COORDINATOR = "VOLUNTEER_COORDINATOR"


class ClientRole(StrEnum):
    """A client's place in the family."""

    CHILD = "CHILD"
    YOUNG_PERSON = "YOUNG_PERSON"
    PARENT = "PARENT"
    CARER = "CARER"


class EpisodeKind(StrEnum):
    """The kind of episode of work."""

    EARLY_HELP = "EARLY_HELP"
    CHILD_IN_NEED = "CHILD_IN_NEED"
    CHILD_PROTECTION = "CHILD_PROTECTION"
    EHCP = "EHCP"
    YOUTH_JUSTICE = "YOUTH_JUSTICE"


class InteractionKind(StrEnum):
    """The kind of event."""

    MEETING = "MEETING"
    CASE_CONFERENCE = "CASE_CONFERENCE"
    CORE_GROUP_MEETING = "CORE_GROUP_MEETING"
    TAC_MEETING = "TAC_MEETING"
    HOME_VISIT = "HOME_VISIT"
    REFERRAL = "REFERRAL"
    ASSESSMENT = "ASSESSMENT"
    PHONE_CALL = "PHONE_CALL"
    INFORMATION_SHARE = "INFORMATION_SHARE"
    PLAN_CONTRIBUTION = "PLAN_CONTRIBUTION"
    STRATEGY_DISCUSSION = "STRATEGY_DISCUSSION"
    PANEL_MEETING = "PANEL_MEETING"
    BOARD_MEETING = "BOARD_MEETING"


class BoundaryObjectKind(StrEnum):
    """The kind of thing worked on across professions."""

    CARE_PLAN = "CARE_PLAN"
    EHCP = "EHCP"
    CHILD_PROTECTION_PLAN = "CHILD_PROTECTION_PLAN"
    CHILD_IN_NEED_PLAN = "CHILD_IN_NEED_PLAN"
    EARLY_HELP_ASSESSMENT = "EARLY_HELP_ASSESSMENT"
    REFERRAL_FORM = "REFERRAL_FORM"
    CHRONOLOGY = "CHRONOLOGY"
    SHARED_GOAL = "SHARED_GOAL"
    SHARED_RULE = "SHARED_RULE"
    INFORMATION = "INFORMATION"
    SUPPORT_PLAN = "SUPPORT_PLAN"


class WorkAction(StrEnum):
    """What an interaction did to a boundary object."""

    CREATED = "CREATED"
    CONTRIBUTED = "CONTRIBUTED"
    REVIEWED = "REVIEWED"
    REVISED = "REVISED"
    CONTESTED = "CONTESTED"
    SHARED = "SHARED"


class InvolvementRole(StrEnum):
    """A professional's allocated role with a family."""

    LEAD_PROFESSIONAL = "LEAD_PROFESSIONAL"
    KEY_WORKER = "KEY_WORKER"
    LEAD_SOCIAL_WORKER = "LEAD_SOCIAL_WORKER"
    CORE_GROUP = "CORE_GROUP"
    CONTRIBUTOR = "CONTRIBUTOR"


# The allocations that make a professional the family's lead (DOMAIN: the lead
# professional is the family's single point of contact; a child protection
# conference, or a child in need plan, appoints a lead social worker, who then
# leads). Statutory work takes the lead from early help, so a lead social worker
# comes first when both are allocated at once.
LEAD_ROLES: tuple[InvolvementRole, ...] = (
    InvolvementRole.LEAD_SOCIAL_WORKER,
    InvolvementRole.LEAD_PROFESSIONAL,
)


class ParticipationRole(StrEnum):
    """A person's role in an interaction."""

    CHAIR = "CHAIR"
    ATTENDEE = "ATTENDEE"
    REFERRER = "REFERRER"
    RECIPIENT = "RECIPIENT"
    ASSESSOR = "ASSESSOR"
    CONTRIBUTOR = "CONTRIBUTOR"
    SUBJECT = "SUBJECT"


class TensionKind(StrEnum):
    """What a tension is about."""

    THRESHOLD = "THRESHOLD"
    RESPONSIBILITY = "RESPONSIBILITY"
    INFORMATION_SHARING = "INFORMATION_SHARING"
    PRIORITIES = "PRIORITIES"
    RESOURCES = "RESOURCES"
    PROFESSIONAL_VALUES = "PROFESSIONAL_VALUES"
    FAMILY_DISAGREEMENT = "FAMILY_DISAGREEMENT"


# Every vocabulary above, in the order they are declared (the API marks each as a
# GraphQL enum whose description is the enum's docstring).
VOCABULARIES: tuple[type[StrEnum], ...] = tuple(
    value
    for value in list(globals().values())
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
)

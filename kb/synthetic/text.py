"""Words for generated datasets: pseudonymous names, titles, statements and descriptions.

Every name is fictional. Kept apart from the generator's logic so the story code
reads as what happens, not as string building.
"""

from __future__ import annotations

from kb.domain.vocabulary import BoundaryObjectKind, Profession, Sector, TensionKind

FIRST_NAMES: tuple[str, ...] = (
    "Alex", "Amani", "Bailey", "Callum", "Casey", "Dara", "Eden", "Ellis", "Faye", "Freddie",
    "Gemma", "Harper", "Hollis", "Imran", "Isla", "Jade", "Jamie", "Jordan", "Kacey", "Kai",
    "Keira", "Lacey", "Leon", "Logan", "Maddie", "Marcus", "Mia", "Morgan", "Nadia", "Niall",
    "Noor", "Oakley", "Olly", "Paige", "Priya", "Quinn", "Reece", "Riley", "Rowan", "Ruby",
    "Sami", "Sasha", "Skye", "Tariq", "Taylor", "Tia", "Toby", "Umar", "Vinnie", "Willow",
    "Yasmin", "Zach", "Zara", "Ayesha", "Bilal", "Chloe", "Danny", "Erin", "Hamza", "Lily",
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "Abbott", "Ahmed", "Barker", "Begum", "Bell", "Booth", "Brennan", "Carr", "Chapman",
    "Clarke", "Cole", "Dawson", "Doyle", "Ellis", "Fenwick", "Foster", "Gill", "Hale",
    "Hartley", "Hussain", "Iqbal", "Jarvis", "Kaur", "Kemp", "Lane", "Lowe", "Malik",
    "Marsh", "Nolan", "Nowak", "Okafor", "Osei", "Parry", "Patel", "Quigley", "Rahman",
    "Reid", "Riley", "Shah", "Sharpe", "Stone", "Sutton", "Thorne", "Turner", "Vance",
    "Walsh", "Webb", "Whitaker", "Yates", "Young",
)  # fmt: skip

AREA_NAMES: tuple[str, ...] = (
    "Northmoor", "Eastbridge", "Kingsfield", "Ashcombe", "Brackenford", "Coldharbour",
    "Dunmere", "Elmstead", "Fairholme", "Greyhaven", "Harrowden", "Ivybridge Vale",
    "Juniper Heath", "Kelsworth", "Larkhill", "Millbrook", "Netherby", "Oakenshaw",
    "Pendlecombe", "Queensmere", "Ravensworth", "Stonebury", "Thornleigh", "Upperwood",
    "Westerholm", "Yarrowdale",
)  # fmt: skip

JOB_TITLES: dict[Profession, tuple[str, ...]] = {
    Profession.TEACHER: ("Class Teacher", "Head of Year", "Pastoral Lead"),
    Profession.SENCO: ("SENCO", "SENCO and Designated Safeguarding Lead"),
    Profession.HEAD_TEACHER: ("Head Teacher", "Deputy Head and Designated Safeguarding Lead"),
    Profession.EDUCATION_WELFARE_OFFICER: ("Education Welfare Officer", "Attendance Officer"),
    Profession.EDUCATIONAL_PSYCHOLOGIST: (
        "Educational Psychologist",
        "Senior Educational Psychologist",
    ),
    Profession.SOCIAL_WORKER: ("Social Worker", "Senior Social Worker", "Advanced Practitioner"),
    Profession.SOCIAL_WORK_MANAGER: ("Team Manager", "Service Manager"),
    Profession.FAMILY_SUPPORT_WORKER: ("Family Support Worker", "Early Help Practitioner"),
    Profession.HEALTH_VISITOR: ("Health Visitor", "Specialist Community Public Health Nurse"),
    Profession.SCHOOL_NURSE: ("School Nurse", "Lead School Nurse"),
    Profession.GP: ("GP Partner", "Salaried GP", "Safeguarding Lead GP"),
    Profession.PAEDIATRICIAN: ("Consultant Community Paediatrician", "Paediatric Registrar"),
    Profession.MIDWIFE: ("Community Midwife", "Safeguarding Midwife"),
    Profession.CAMHS_CLINICIAN: ("CAMHS Practitioner", "CAMHS Crisis Clinician"),
    Profession.CLINICAL_PSYCHOLOGIST: ("Clinical Psychologist", "Principal Clinical Psychologist"),
    Profession.YOUTH_OFFENDING_OFFICER: ("Youth Justice Officer", "Case Manager"),
    Profession.PROBATION_OFFICER: ("Probation Officer", "Senior Probation Officer"),
    Profession.POLICE_OFFICER: (
        "Police Constable",
        "Detective Sergeant",
        "Missing Persons Officer",
    ),
    Profession.HOUSING_OFFICER: ("Housing Officer", "Tenancy Sustainment Officer"),
    Profession.EARLY_YEARS_PRACTITIONER: ("Early Years Practitioner", "Nursery Practitioner"),
    Profession.YOUTH_WORKER: ("Youth Worker", "Detached Youth Worker"),
    Profession.VOLUNTEER_COORDINATOR: ("Volunteer Coordinator", "Service Coordinator"),
}

BOUNDARY_OBJECT_TITLES: dict[BoundaryObjectKind, str] = {
    BoundaryObjectKind.CARE_PLAN: "Intervention plan",
    BoundaryObjectKind.EHCP: "Education, Health and Care Plan",
    BoundaryObjectKind.CHILD_PROTECTION_PLAN: "Child protection plan",
    BoundaryObjectKind.CHILD_IN_NEED_PLAN: "Child in need plan",
    BoundaryObjectKind.EARLY_HELP_ASSESSMENT: "Early Help Assessment",
    BoundaryObjectKind.REFERRAL_FORM: "Referral form",
    BoundaryObjectKind.CHRONOLOGY: "Multi-agency chronology",
    BoundaryObjectKind.SHARED_GOAL: "Shared goal: settled school attendance",
    BoundaryObjectKind.SHARED_RULE: "Agreed rule: one weekly call between agencies",
    BoundaryObjectKind.INFORMATION: "Attendance and welfare record",
    BoundaryObjectKind.SUPPORT_PLAN: "Family support plan",
}

# Sections of a shared plan that each sector writes.
PLAN_SECTIONS: dict[Sector, str] = {
    Sector.EDUCATION: "Education and attendance",
    Sector.HEALTH: "Health",
    Sector.MENTAL_HEALTH: "Emotional wellbeing",
    Sector.SOCIAL_CARE: "Safety and parenting",
    Sector.CRIMINAL_JUSTICE: "Offending and exploitation",
    Sector.HOUSING: "Housing",
    Sector.EARLY_YEARS: "Early development",
    Sector.VOLUNTARY: "Community support and activities",
}

EHCP_SECTIONS: dict[Sector, str] = {
    Sector.EDUCATION: "Section B: special educational needs",
    Sector.HEALTH: "Section C: health needs",
    Sector.MENTAL_HEALTH: "Section C: health needs (emotional and mental health)",
    Sector.SOCIAL_CARE: "Section D: social care needs",
    Sector.EARLY_YEARS: "Section B: special educational needs",
    Sector.VOLUNTARY: "Section D: social care needs",
    Sector.HOUSING: "Section D: social care needs",
    Sector.CRIMINAL_JUSTICE: "Section D: social care needs",
}
EHCP_CLIENT_SECTION = "Section A: views, interests and aspirations"
EHCP_PROVISION_SECTION = "Section F: special educational provision"

# What a sector tends to think the work is about ("the object of activity").
SECTOR_VIEWS: dict[Sector, tuple[str, ...]] = {
    Sector.EDUCATION: (
        "The priority is {child}'s school attendance, which has fallen below 85 per cent.",
        "{child}'s behaviour in class is the problem to solve; exclusions are likely otherwise.",
        "{child} has unmet learning needs that explain the difficulties at school.",
    ),
    Sector.HEALTH: (
        "{child}'s health needs are being missed: appointments are not kept.",
        "The family's health and wellbeing, including the parent's, is what needs support.",
    ),
    Sector.MENTAL_HEALTH: (
        "{child}'s anxiety and low mood sit underneath the school refusal.",
        "{child} needs a trauma-informed response rather than sanctions.",
    ),
    Sector.SOCIAL_CARE: (
        "The concern is {child}'s safety at home; neglect is the underlying issue.",
        "The parent's capacity to keep routines is what the plan has to strengthen.",
    ),
    Sector.CRIMINAL_JUSTICE: (
        "{child}'s offending is linked to exploitation by older peers.",
        "Keeping {child} away from the people who are drawing them into crime comes first.",
    ),
    Sector.HOUSING: (
        "The family's insecure housing is driving most of the other difficulties.",
        "Rent arrears put the tenancy at risk; everything else depends on keeping the home.",
    ),
    Sector.EARLY_YEARS: ("{child}'s early development and speech need attention now.",),
    Sector.VOLUNTARY: (
        "The parent needs practical support and confidence, not more monitoring.",
        "The family is isolated; connecting them to the community is the work.",
    ),
}
PARENT_VIEWS: tuple[str, ...] = (
    "We need help with money and the flat, not more meetings.",
    "Nobody listens to what {child} says about school.",
    "We want one person to talk to instead of telling our story again and again.",
)
YOUNG_PERSON_VIEWS: tuple[str, ...] = (
    "I want to stay at my school and see my friends.",
    "I just want people to stop talking about me without me there.",
)

TENSION_TEXTS: dict[TensionKind, tuple[str, str]] = {
    TensionKind.THRESHOLD: (
        "Disagreement over whether the concerns meet the threshold for statutory social care.",
        "Agreed to step the case down to Early Help with a review date.",
    ),
    TensionKind.RESPONSIBILITY: (
        "Each agency expected another to take the lead and hold the plan.",
        "A lead professional was named and the plan's actions were allocated.",
    ),
    TensionKind.INFORMATION_SHARING: (
        "Health held information that the school was not told about, citing consent.",
        "Consent was sought from the parent and an information-sharing agreement was used.",
    ),
    TensionKind.PRIORITIES: (
        "The school prioritised attendance while housing prioritised the tenancy.",
        "The plan was rewritten with both goals and a shared order of actions.",
    ),
    TensionKind.RESOURCES: (
        "No agency would fund the support that the plan required.",
        "The Early Help panel agreed joint funding for twelve weeks.",
    ),
    TensionKind.PROFESSIONAL_VALUES: (
        "Sanction-based and therapeutic responses to the same behaviour clashed.",
        "Agreed a trauma-informed approach with clear boundaries at school.",
    ),
    TensionKind.FAMILY_DISAGREEMENT: (
        "The parent disagreed with the professionals' account of the family's needs.",
        "The family's own goals were written into the plan in their words.",
    ),
}

# Story (g): what the work is for, disputed across a sector line, then seen anew.
NEW_VIEW_TEXTS = {
    "first": "The work is about {child}'s behaviour: the agencies' task is to stop it.",
    "tension": "The two services disagreed about what the work was for: changing {child}'s "
    "behaviour, or what lies behind it.",
    "resolution": "Agreed to look at what lies behind the behaviour before setting targets.",
    "new": "Widening the earlier view: the behaviour is how {child} copes with what happens at "
    "home; the work is the family's safety and {child}'s trust in the adults around them.",
}

REFERRAL_SOURCES: tuple[str, ...] = (
    "school", "health visitor", "GP", "police", "self-referral", "hospital", "housing",
    "anonymous", "voluntary sector",
)  # fmt: skip

CLOSURE_REASONS: dict[str, tuple[str, ...]] = {
    "EARLY_HELP": ("outcomes met", "family declined further support", "stepped up to social care"),
    "CHILD_IN_NEED": ("outcomes met", "stepped down to early help", "family moved away"),
    "CHILD_PROTECTION": ("plan ended: risk reduced", "stepped down to child in need"),
    "EHCP": ("plan issued", "plan issued after a panel review"),
    "YOUTH_JUSTICE": ("order completed", "out-of-court disposal completed"),
}

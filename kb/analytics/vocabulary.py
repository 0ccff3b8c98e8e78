"""The analytics' vocabularies: the values an answer's enumerated fields may take.

Declared once, here, each with the sentence that says what it is (its docstring: the
API describes its enums with it), so an answer and every layer above it carry these
very members.
"""

from __future__ import annotations

from enum import StrEnum


class Presence(StrEnum):
    """Why a professional counts as part of a family's configuration."""

    ALLOCATION = "ALLOCATION"
    INTERACTION = "INTERACTION"
    BOTH = "BOTH"


class NetworkLevel(StrEnum):
    """What the nodes of a collaboration network stand for."""

    PROFESSIONAL = "PROFESSIONAL"
    AGENCY = "AGENCY"
    SECTOR = "SECTOR"


class WorkingMode(StrEnum):
    """How agencies work around a family in a period (DOMAIN question 4)."""

    NONE = "NONE"
    SINGLE_AGENCY = "SINGLE_AGENCY"
    MULTIAGENCY = "MULTIAGENCY"
    INTERAGENCY = "INTERAGENCY"


class TensionStatus(StrEnum):
    """A tension as it stood at the end of the period."""

    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


class EngagementKind(StrEnum):
    """How an agency engaged with a family."""

    # In the same-day order of the rule (kb.analytics.trajectory).
    REFERRAL = "REFERRAL"
    ALLOCATION = "ALLOCATION"
    PARTICIPATION = "PARTICIPATION"


class RhythmSubject(StrEnum):
    """Whose work a rhythm describes."""

    FAMILY = "FAMILY"
    PROFESSIONAL = "PROFESSIONAL"


class EndpointKind(StrEnum):
    """What either end of a boundary-crossing path may be (its label)."""

    PROFESSIONAL = "Professional"
    AGENCY = "Agency"
    FAMILY = "Family"


# The ones answers carry as values (EndpointKind travels as a label's text).
ANSWER_VOCABULARIES = (
    Presence,
    NetworkLevel,
    WorkingMode,
    TensionStatus,
    EngagementKind,
    RhythmSubject,
)

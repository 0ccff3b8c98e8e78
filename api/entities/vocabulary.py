"""The model's vocabularies as GraphQL enums (the same values as in datasets and Neo4j).

`strawberry.enum` marks the model's own classes, so the API, the loader and the
analytics share one definition of each vocabulary.
"""

from __future__ import annotations

from enum import EnumMeta

import strawberry

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
    TeamType,
    TensionKind,
    WorkAction,
)

__all__ = [
    "BoundaryObjectKind",
    "ClientRole",
    "EpisodeKind",
    "InteractionKind",
    "InvolvementRole",
    "Level",
    "ParticipationRole",
    "Profession",
    "Sector",
    "TeamType",
    "TensionKind",
    "WorkAction",
]

_DESCRIPTIONS: dict[EnumMeta, str] = {
    Sector: "The sector an agency belongs to.",
    TeamType: "The kind of team (TAC, TAF, MASH...).",
    Level: "Strategic (boards, panels) or operational (case work).",
    Profession: "A professional's profession.",
    ClientRole: "A client's place in the family.",
    EpisodeKind: "The kind of episode of work.",
    InteractionKind: "The kind of event.",
    BoundaryObjectKind: "The kind of thing worked on across professions.",
    WorkAction: "What an interaction did to a boundary object.",
    InvolvementRole: "A professional's allocated role with a family.",
    ParticipationRole: "A person's role in an interaction.",
    TensionKind: "What a tension is about.",
}

for _enum, _description in _DESCRIPTIONS.items():
    if not hasattr(_enum, "_enum_definition"):  # another API module may have marked it
        strawberry.enum(_enum, description=_description)

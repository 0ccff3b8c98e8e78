"""The model's vocabularies as GraphQL enums (the same values as in datasets and Neo4j).

`strawberry.enum` marks the model's own classes (`kb.domain.vocabulary`, each
described by its docstring), so the API, the loader and the analytics share one
definition of each vocabulary.
"""

from __future__ import annotations

import strawberry

from kb.domain.vocabulary import VOCABULARIES, InteractionKind, InvolvementRole, Profession, Sector

__all__ = ["VOCABULARIES", "InteractionKind", "InvolvementRole", "Profession", "Sector"]

for _enum in VOCABULARIES:
    if not hasattr(_enum, "_enum_definition"):  # another API module may have marked it
        strawberry.enum(_enum, description=_enum.__doc__)

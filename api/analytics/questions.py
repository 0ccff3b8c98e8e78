"""The root fields of DOMAIN questions 7, 9, 10, 11 and 12, merged into one type for the schema.

Each lives in its own module (its types and its field together): `trajectory`
(caseTrajectory), `activity` (objectOfActivity), `rhythm` (workRhythm), `expertise` (horizontalExpertise),
`levels` (levels).
"""

from __future__ import annotations

from strawberry.tools import merge_types

from api.analytics.activity import ActivityQuery
from api.analytics.expertise import ExpertiseQuery
from api.analytics.levels import LevelsQuery
from api.analytics.rhythm import RhythmQuery
from api.analytics.trajectory import TrajectoryQuery

QuestionsQuery = merge_types(
    "QuestionsQuery", (TrajectoryQuery, ActivityQuery, RhythmQuery, ExpertiseQuery, LevelsQuery)
)

"""The GraphQL request behind each export: an export is that answer, as a file.

Exports are asked of the public schema like any client's request, so they go
through the same keys, roles, field rules, limits and audit (a family's export
is a `readFamily` read), and are computed by the same kb.analytics functions.
"""

from __future__ import annotations

from enum import StrEnum

GRAPH = "graph { nodes { id type label properties } edges { id source target type properties } }"


class ExportKind(StrEnum):
    NETWORK = "network"
    CONFIGURATION = "configuration"
    TIMELINE = "timeline"
    PATHS = "paths"


DOCUMENTS: dict[ExportKind, str] = {
    ExportKind.NETWORK: f"""
query ExportNetwork($level: NetworkLevel!, $familyId: ID, $after: DateTime, $before: DateTime) {{
  answer: collaborationNetwork(level: $level, familyId: $familyId, after: $after, before: $before) {{
    level familyId nodeCount edgeCount {GRAPH}
  }}
}}""",
    ExportKind.CONFIGURATION: f"""
query ExportConfiguration($familyId: ID!, $at: DateTime!, $windowDays: Int!) {{
  answer: familyConfiguration(familyId: $familyId, at: $at, windowDays: $windowDays) {{
    familyId reference at windowDays size
    leadProfessional {{ professional {{ id }} }}
    members {{ professional {{ id profession }} agency {{ id name }} sector role since presence }}
    {GRAPH}
  }}
}}""",
    ExportKind.TIMELINE: """
query ExportTimeline($familyId: ID!, $from: Date!, $to: Date!, $windowDays: Int!) {
  answer: configurationTimeline(familyId: $familyId, from: $from, to: $to, windowDays: $windowDays) {
    familyId reference from to windowDays
    initial { date members { id name profession } }
    changes { date turnover members { id name profession } }
  }
}""",
    ExportKind.PATHS: f"""
query ExportPaths($from: ID!, $to: ID!, $maxHops: Int!, $limit: Int!, $after: DateTime,
                  $before: DateTime, $timeRespecting: Boolean!) {{
  answer: boundaryCrossingPaths(from: $from, to: $to, maxHops: $maxHops, limit: $limit,
                                after: $after, before: $before, timeRespecting: $timeRespecting) {{
    fromType toType count
    paths {{ hops nodes {{ id }} crossings {{ fromProfessionalId toProfessionalId throughId }} }}
    {GRAPH}
  }}
}}""",
}

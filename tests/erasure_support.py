"""The erasure fixture (tests/fixtures/erasure) counted by hand: what erasing FAM-GONE
removes and what stays, and how to look for any trace of it in the graph."""

from __future__ import annotations

from kb.storage.database import Database

# Worked out by hand from tests/fixtures/erasure (see the header of
# cypher/erasure/family_footprint.cypher for the rules).
ERASED = {
    "Family": {"FAM-GONE"},
    "Client": {"CL-G1", "CL-G2"},  # CL-BOTH also belongs to FAM-KEEP: kept
    "Episode": {"EP-G"},
    "Interaction": {"IN-G", "IN-GC"},  # IN-SHARED also concerns FAM-KEEP: kept
    "BoundaryObject": {"BO-G"},  # BO-SHARED also concerns FAM-KEEP: kept
    "Perspective": {"PE-G1", "PE-P", "PE-PB"},  # held by CL-G2; on FAM-GONE; on BO-G
    "Tension": {"TE-G", "TE-C", "TE-I"},  # about FAM-GONE; between CL-G2; about IN-G
}
KEPT = {
    "Agency": {"A1", "A2"},
    "Team": {"T1"},
    "Professional": {"P1", "P2"},
    "Family": {"FAM-KEEP"},
    "Client": {"CL-K1", "CL-BOTH"},
    "Episode": {"EP-K"},
    "Interaction": {"IN-SHARED", "IN-K"},
    "BoundaryObject": {"BO-SHARED", "BO-K"},
    "Perspective": {"PE-K", "PE-REV"},
    "Tension": {"TE-K"},
}
# Relationships touching an erased node, counted by hand per type:
# BELONGS_TO 3, INVOLVED_WITH 1, HAS_EPISODE 1, PARTICIPATED_IN 5, CONCERNS 4, PART_OF 1,
# WORKED_ON 1, REFERRED_TO 1, HOLDS 3, ON 3, REVISES 1, BETWEEN 4, ABOUT 3.
RELATIONSHIPS_REMOVED = 31
IDENTIFYING = [
    "FAM-GONE", "Zebra-7781", "CL-G1", "CL-G2", "Ginny", "Gary", "Gonewell",
]  # fmt: skip


def ids_by_label(db: Database) -> dict[str, set[str]]:
    rows = db.read("erasure/all_property_text")
    found: dict[str, set[str]] = {}
    for row in rows:
        if row["key"] == "id" and row["owner"] in KEPT:
            found.setdefault(row["owner"], set()).add(row["text"])
    return found


def leftovers(db: Database) -> list[tuple[str, str, str]]:
    return [
        (row["owner"], row["key"], word)
        for row in db.read("erasure/all_property_text")
        for word in IDENTIFYING
        if word in (row["text"] or "")
    ]


def properties_of(db: Database, node_id: str) -> dict[str, str]:
    """Every stored property of the node with this id, as text."""
    rows = db.read("erasure/all_property_text")
    return {r["key"]: r["text"] for r in rows if r["ownerId"] == node_id}


def model_data(db: Database) -> list[tuple[str, str, str]]:
    """Every property of the model's nodes and relationships (keys and audit left out): what
    a refused write must leave as it was."""
    rows = db.read("erasure/all_property_text")
    return sorted(
        (r["owner"], r["key"], r["text"])
        for r in rows
        if r["owner"] not in ("ApiKey", "AuditEvent")
    )

"""The seed dataset's documents: README.md (data dictionary, counts, stories), counts.json, stories.json.

Generated from the model (`kb.domain.model`) and from what the generator
wrote, so the dictionary cannot drift from the files and the counts are the
ones `kb load seed/` reports on an empty database.
"""

from __future__ import annotations

import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from kb.domain.model import (
    NODE_TYPES,
    RECORD_TYPES,
    RELATIONSHIP_TYPES,
    Node,
    Relationship,
    column_name,
)
from kb.synthetic.generate import SEED_RANDOM_SEED, GenerationResult
from kb.synthetic.writer import columns

MEANINGS: dict[str, str] = {
    "id": "Pseudonymous id; unique across every file of every dataset (not only this label)",
    "source": "Id of the node the relationship starts from",
    "target": "Id of the node the relationship points to",
    "from": "First day the relationship is true",
    "to": "Last day it is true; empty = still true",
    "agencies.name": "Name of the agency",
    "sector": "The sector the agency belongs to",
    "teams.name": "Name of the team",
    "type": "Kind of team (TAC/TAF/core group are case teams; MASH/YOT standing; PANEL/BOARD)",
    "level": "STRATEGIC (boards, panels that set policy) or OPERATIONAL (case work)",
    "professionals.name": "Pseudonymous name of the professional",
    "profession": "The professional's profession (does not change when they move agency)",
    "reference": "The family's case reference (pseudonymous)",
    "clients.name": "Pseudonymous name of the child, young person, parent or carer",
    "clients.role": "CHILD (under 13), YOUNG_PERSON (13+), PARENT or CARER",
    "birthYear": "Year of birth (a year only, for privacy)",
    "episodes.kind": "The kind of statutory or early-help episode",
    "openedAt": "Day the episode opened (usually the day of the referral)",
    "closedAt": "Day the episode closed; empty = still open",
    "referralSource": "Who referred (school, police, GP, self-referral...)",
    "closureReason": "Why the episode closed",
    "interactions.kind": "What happened: a meeting, conference, visit, referral, call, share...",
    "at": "When it happened (UTC)",
    "endsAt": "When it ended (UTC); empty for instants such as a referral",
    "interactions.level": "STRATEGIC or OPERATIONAL (default OPERATIONAL)",
    "boundary_objects.kind": "The kind of shared object",
    "title": "Title of the object: free text (read from STEWARD up), never a name of the family or its people",
    "createdAt": "Day the object was created",
    "statement": "Someone's account of what the work is about (the object of activity)",
    "perspectives.at": "When the view was stated (UTC)",
    "tensions.kind": "The kind of disagreement",
    "description": "What the disagreement is",
    "raisedAt": "When it was raised (UTC)",
    "resolvedAt": "When it was resolved (UTC); empty = still open",
    "resolution": "How it was resolved",
    "employed_by.role": "Job title in that employment",
    "member_of.role": "Role in the team (chair, member, lead)",
    "relationship": "How the client is related to the family (mother, son, kinship carer...)",
    "involved_with.role": "The allocation: LEAD_PROFESSIONAL, LEAD_SOCIAL_WORKER, KEY_WORKER, "
    "CORE_GROUP or CONTRIBUTOR",
    "onBehalfOf": "Id of the agency the professional acts for",
    "participated_in.role": "How they took part (REFERRER/RECIPIENT of a referral, CONTRIBUTOR "
    "sends an information share, ASSESSOR, SUBJECT of an assessment, CHAIR, ATTENDEE)",
    "action": "What the interaction did to the object",
    "section": "Which section of the object was written (e.g. an EHCP's Section C: health needs)",
}

STORY_TEXT: dict[str, str] = {
    "a": (
        "From {multiagencyFrom} to {multiagencyTo} four agencies ({agencies}) were involved with "
        "`{family}` (INVOLVED_WITH), but each worked with the family on its own: no interaction "
        "or boundary object about the family joined two of them, so jointness is 0 "
        "(**multiagency**). On {interagencyFrom} a referral opened the Early Help episode "
        "`{episode}`; the Team Around the Family met at `{firstJointMeeting}` and every agency "
        "wrote its section of the shared plan `{sharedPlan}`: from {interagencyFrom} to "
        "{interagencyTo} the work is **interagency**: every pair of these agencies shares an "
        "interaction or the plan (jointness 1)."
    ),
    "b": (
        "Between {from} and {to} the five professionals {members} (sectors {sectors}) took part "
        "in the burst of interactions {interactions} about `{family}` (a young person missing, "
        "then a strategy discussion, an assessment, a meeting of all five). None of them had "
        "taken part in any interaction with another of them before {from}: all 10 pairs are new "
        "(novelty 1.0), a **knot** rather than a team."
    ),
    "c": (
        "`{family}` was known to its school first (involved from {schoolInvolvedFrom}); the "
        "school's referral `{referral0}` on {referralDate0} went to `{path1}`, whose social "
        "worker referred on (`{referral1}`, {referralDate1}) to `{path2}`. The case's path is "
        "`{path0}` -> `{path1}` -> `{path2}` ({sectors})."
    ),
    "d": (
        "`{broker}` ({brokerSector}) led the Early Help work `{episode}` with `{family}` and took "
        "part in interactions with {contacts} ({contactSectors}). No interaction anywhere in the "
        "seed joins two of these contacts, so every tie between their sectors runs through "
        "`{broker}`: **liaison** brokerage (A -> B -> C) in Gould-Fernandez terms."
    ),
    "e": (
        "The EHCP `{boundaryObject}` of `{family}` (episode `{episode}`) was worked on (WORKED_ON "
        "from interactions) by professionals of {nsectors} sectors ({sectors}): {workers}, and "
        "by the parent and child (Section A)."
    ),
    "f": (
        "In `{family}`'s Early Help episode `{episode}`, `{from}` ({fromAgency}) was "
        "LEAD_PROFESSIONAL until {fromLastDay}; `{to}` ({toAgency}) took over on {toFirstDay}. "
        "{moved}A joint home visit before the handover introduced the new lead to the family."
    ),
    "g": (
        "After `{meeting}` about `{family}`, which joined both, `{party0}` ({partySector0}) stated the "
        "object of the work narrowly (`{firstView}`: the child's behaviour is what to change). "
        "The tension `{tension}` between `{party0}` and `{party1}` ({partySector1}), raised on "
        "{raisedAt}, was about what the work is for; it was resolved on {resolvedAt}, and "
        "{daysAfterResolution} days later `{party1}` revised that view (`{newView}` REVISES "
        "`{firstView}`, {newViewAt}): the object widened across a sector line, a tension that "
        "**led to a new view** (objectOfActivity's `ledToRevision`, within its 30-day window)."
    ),
}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return annotation, False


def _max_length(metadata: list[Any]) -> int | None:
    for meta in metadata:
        length = getattr(meta, "max_length", None)
        if length is not None:
            return int(length)
    return None


def column_type(info: FieldInfo, column: str) -> tuple[str, str]:
    """(type, allowed values) of a column, read from the model."""
    base, _ = _unwrap(info.annotation)
    metadata = list(info.metadata)
    if typing.get_origin(base) is typing.Annotated:  # an optional Date, Instant or Text
        base, *extra = typing.get_args(base)
        metadata += extra
    if isinstance(base, type) and issubclass(base, Enum):
        return "enum", ", ".join(str(m.value) for m in base)
    if base is int:
        return "integer", "1900-2100"
    if base is datetime:
        return "date-time", "ISO-8601, e.g. `2023-05-15T10:30:00Z`; no zone = UTC"
    if base is date:
        return "date", "`YYYY-MM-DD`"
    if column in ("id", "source", "target", "onBehalfOf"):
        return "id", "letters, digits, `_ . : -`; 1-128 characters"
    length = _max_length(metadata)
    return "text", f"1-{length} characters" if length else "text"


def _meaning(file: str, column: str) -> str:
    return MEANINGS.get(f"{file}.{column}") or MEANINGS.get(column, "")


def dictionary(examples: dict[str, list[str]]) -> str:
    lines: list[str] = []
    for file, record in RECORD_TYPES.items():
        fields = {column_name(record, name): info for name, info in record.model_fields.items()}
        if issubclass(record, Node):
            heading = f"node label `{record.label}`"
        else:
            assert issubclass(record, Relationship)
            heading = (
                f"relationship `({'|'.join(record.sources)})-[:{record.type}]->"
                f"({'|'.join(record.targets)})`"
            )
        lines += [f"### `{file}.csv` - {heading}", ""]
        if issubclass(record, Relationship) and record.key:
            keys = ", ".join(f"`{column_name(record, k)}`" for k in record.key)
            lines += [f"One relationship per source, target and {keys}.", ""]
        lines += ["| column | type | required | allowed values | example | meaning |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        example = examples.get(file, [])
        for i, column in enumerate(columns(file)):
            info = fields[column]
            kind, allowed = column_type(info, column)
            if info.is_required():
                required = "yes"
            elif info.default is not None:
                default = info.default.value if isinstance(info.default, Enum) else info.default
                required = f"no (default `{default}`)"
            else:
                required = "no"
            value = f"`{example[i]}`" if i < len(example) and example[i] else "(empty)"
            lines.append(
                f"| `{column}` | {kind} | {required} | {allowed} | {value} | {_meaning(file, column)} |"
            )
        lines.append("")
    return "\n".join(lines)


def graph_counts(counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """Rows per file as nodes per label and relationships per type (CONCERNS has two sources)."""
    nodes = {t.label: counts.get(t.file, 0) for t in NODE_TYPES}
    relationships = {t.type: counts.get(t.file, 0) for t in RELATIONSHIP_TYPES}
    files = {f"{file}.csv": counts.get(file, 0) for file in RECORD_TYPES}
    return {"nodes": nodes, "relationships": relationships, "files": files}


def _story(fact: dict[str, Any]) -> str:
    values: dict[str, Any] = {}
    for key, value in fact.items():
        values[key] = ", ".join(f"`{v}`" for v in value) if isinstance(value, list) else value
    for i, item in enumerate(fact.get("referrals", [])):
        values[f"referral{i}"] = item
    for i, item in enumerate(fact.get("referralDates", [])):
        values[f"referralDate{i}"] = item
    for i, item in enumerate(fact.get("path", [])):
        values[f"path{i}"] = item
    for i, item in enumerate(fact.get("parties", [])):
        values[f"party{i}"] = item
    for i, item in enumerate(fact.get("partySectors", [])):
        values[f"partySector{i}"] = item
    values["nsectors"] = len(fact.get("sectors", []))
    moved = fact.get("fromMovedTo")
    values["moved"] = (
        f"`{fact.get('from')}` had moved to `{moved}` on {fact.get('toFirstDay')}. "
        if moved
        else ""
    )
    return STORY_TEXT[fact["story"]].format(**values)


def readme(result: GenerationResult) -> str:
    counts = graph_counts(result.counts)
    total_nodes = sum(counts["nodes"].values())
    total_rels = sum(counts["relationships"].values())
    lines = [
        "# Seed dataset: Northmoor",
        "",
        "A fictional but realistic local area (Northmoor, 2023-01-01 to 2025-03-31): 16 agencies",
        "in all 8 sectors, 60 professionals (some move agency, some leave, some join), standing",
        "teams (MASH, YOT, Early Help team, SEND panel) and a strategic safeguarding board, and 15",
        "families whose work with professionals is recorded as interactions, boundary objects,",
        "perspectives and tensions. Every name and id is invented.",
        "",
        "This README, `counts.json` and `stories.json` are written by the generator together with",
        "the data. Regenerate everything (byte-identical) with:",
        "",
        "```sh",
        "kb generate --seed-dataset seed/",
        "```",
        "",
        f"(the seed uses random seed {SEED_RANDOM_SEED}; the same code path as "
        "`kb generate --families N --seed S OUT`, with seven hand-written story scenarios.)",
        "Load it with `kb load seed/`.",
        "",
        "## Counts",
        "",
        "What `kb load seed/` creates on an empty database (also in `counts.json`). On top of",
        "these the load records its provenance: one `Dataset` node, one `Load` node and a",
        "`HAS_LOAD` relationship between them. A second load of the same files reports every",
        "row unchanged and adds only its own `Load` node and `HAS_LOAD` relationship.",
        "",
        "| node label | count |",
        "|---|---|",
        *[f"| `{label}` | {n} |" for label, n in counts["nodes"].items()],
        f"| **all** | **{total_nodes}** |",
        "",
        "| relationship type | count |",
        "|---|---|",
        *[f"| `{rel}` | {n} |" for rel, n in counts["relationships"].items()],
        f"| **all** | **{total_rels}** |",
        "",
        "Per file, the rows `kb load seed/` reads and, on an empty database, creates:",
        "",
        "| file | rows = created |",
        "|---|---|",
        *[f"| `{file}` | {n} |" for file, n in counts["files"].items()],
        f"| **all** | **{sum(counts['files'].values())}** |",
        "",
        "`CONCERNS` counts both `(Interaction)-[:CONCERNS]->(Family)` and",
        "`(BoundaryObject)-[:CONCERNS]->(Family)`; the 9 strategic board meetings concern no",
        "family.",
        "",
        "## Stories an analyst can find",
        "",
        "Each story is also in `stories.json`, with the same ids; `tests/unit/test_seed.py` checks",
        "that each holds in the CSV rows, independently of the generator.",
        "",
    ]
    for fact in result.stories:
        lines += [f"### ({fact['story']}) {fact['title']}", "", _story(fact), ""]
    lines += [
        "## The manifest",
        "",
        "`manifest.json` names the dataset and its files:",
        "",
        "```json",
        '{"formatVersion": 1, "datasetId": "seed-northmoor", "description": "...",',
        ' "files": {"agencies": "agencies.csv", "teams": "teams.csv", "...": "..."}}',
        "```",
        "",
        "- `formatVersion`: always 1.",
        "- `datasetId`: the dataset's stable id; every node and relationship loaded from it",
        "  carries it as `sourceDataset`, and loading the same dataset again updates in place.",
        "- `files`: each key is a record file of the model (the headings below); each value a",
        "  path relative to the manifest, `.csv` (UTF-8, header row, comma-separated, an empty",
        "  cell = no value) or `.jsonl` (one JSON object per line with the same keys). A file",
        "  may be left out; its records are then not part of the dataset.",
        "",
        "## Data dictionary",
        "",
        "One file per node label and per relationship type; columns are the model's property",
        "names. Ids are unique across all labels (an agency and a family may not share an id).",
        "Dates are calendar dates; date-times are instants stored in UTC. Relationships that",
        "change over time carry `from`/`to` (`to` empty = still true, and `from` <= `to`).",
        "The example column is the first row of the seed's file.",
        "",
        dictionary(result.examples),
    ]
    return "\n".join(lines).rstrip() + "\n"


def write_seed_documents(out: Path, result: GenerationResult) -> None:
    (out / "README.md").write_text(readme(result), encoding="utf-8")
    (out / "counts.json").write_text(
        json.dumps(graph_counts(result.counts), indent=2) + "\n", encoding="utf-8"
    )
    (out / "stories.json").write_text(json.dumps(result.stories, indent=2) + "\n", encoding="utf-8")

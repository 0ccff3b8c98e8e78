"""The test datasets (where they are) and dataset directories read back as plain rows, with
the checks the generator and seed tests make on those rows, independently of the generator."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from kb.domain.model import RECORD_TYPES, Node, Relationship
from kb.settings import REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
SEED = REPO_ROOT / "seed"


def read_dataset(path: Path) -> dict[str, list[dict[str, str]]]:
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    rows: dict[str, list[dict[str, str]]] = {}
    for file, relative in manifest["files"].items():
        with (path / relative).open(encoding="utf-8", newline="") as handle:
            rows[file] = list(csv.DictReader(handle))
    return rows


def _clean(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if v != ""}


def assert_valid_dataset(path: Path) -> dict[str, list[dict[str, str]]]:
    """Every row validates against the model; ids are unique across labels; references resolve."""
    rows = read_dataset(path)
    label_of: dict[str, str] = {}
    for file, record in RECORD_TYPES.items():
        if not issubclass(record, Node):
            continue
        for row in rows[file]:
            node = record.model_validate(_clean(row))
            assert node.id not in label_of, (
                f"id {node.id} used by {label_of[node.id]} and {record.label}"
            )
            label_of[node.id] = record.label
    for file, record in RECORD_TYPES.items():
        if not issubclass(record, Relationship):
            continue
        keys: set[tuple[object, ...]] = set()
        for row in rows[file]:
            rel = record.model_validate(_clean(row))
            assert label_of.get(rel.source_id) in record.sources, (file, rel.source_id)
            assert label_of.get(rel.target_id) in record.targets, (file, rel.target_id)
            key = (rel.source_id, rel.target_id, *(getattr(rel, k) for k in record.key))
            assert key not in keys, f"{file}: duplicate relationship {key}"
            keys.add(key)
    return rows


def assert_consistent_in_time(rows: dict[str, list[dict[str, str]]]) -> None:
    """Events fall inside their episode, objects are worked on after they exist, the
    family of an event's episode is the family it concerns, and clients take part only
    while they belong to the family."""
    day = {r["id"]: r["at"][:10] for r in rows["interactions"]}
    episode = {r["id"]: (r["openedAt"], r["closedAt"] or "9999-12-31") for r in rows["episodes"]}
    family_of_episode = {r["target"]: r["source"] for r in rows["has_episode"]}
    concerns = {r["source"]: r["target"] for r in rows["concerns"]}
    for r in rows["part_of"]:
        opened, closed = episode[r["target"]]
        assert opened <= day[r["source"]] <= closed, r
        assert concerns[r["source"]] == family_of_episode[r["target"]], r
    created = {r["id"]: r["createdAt"] for r in rows["boundary_objects"]}
    for r in rows["worked_on"]:
        assert created[r["target"]] <= day[r["source"]], r
        assert concerns[r["source"]] == concerns[r["target"]], r
    member: dict[str, tuple[str, str, str]] = {
        r["source"]: (r["target"], r["from"], r["to"] or "9999-12-31") for r in rows["belongs_to"]
    }
    for r in rows["participated_in"]:
        if r["source"] in member:
            family, start, end = member[r["source"]]
            assert concerns[r["target"]] == family and start <= day[r["target"]] <= end, r


def assert_no_family_names_in_titles(rows: dict[str, list[dict[str, str]]]) -> None:
    """No boundary object's title and no team's name carries a name of the family it
    concerns or of its people (titles are free text, but nothing needs a name in them)."""
    family_of = {r["source"]: r["target"] for r in rows["belongs_to"]}
    names: dict[str, set[str]] = {r["id"]: {r["reference"]} for r in rows["families"]}
    for client in rows["clients"]:
        names[family_of[client["id"]]] |= {client["name"], *client["name"].split()}
    every_name = set().union(*names.values())
    concerns = {r["source"]: r["target"] for r in rows["concerns"]}
    for made in rows["boundary_objects"]:
        words = set(made["title"].replace("(", " ").replace(")", " ").split())
        found = names[concerns[made["id"]]] & (words | {made["title"]})
        assert not found, f"{made['id']} title {made['title']!r} names {found}"
    for team in rows["teams"]:
        found = every_name & set(team["name"].split())
        assert not found, f"{team['id']} name {team['name']!r} names {found}"

"""The committed seed dataset: required counts and kinds, and the seven stories.

The story checks read the CSV rows and work the answer out independently of
the generator (plain Python and networkx); the ids come from seed/stories.json,
which README.md mirrors. Loading it is tests/integration/loading/test_seed_load.py.
"""

from __future__ import annotations

import filecmp
import itertools
import json
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import networkx as nx
import pytest

from kb.domain.model import RECORD_TYPES
from kb.synthetic.generate import generate_dataset
from kb.synthetic.readme import write_seed_documents
from tests.dataset_rows import (
    SEED,
    assert_consistent_in_time,
    assert_no_family_names_in_titles,
    assert_valid_dataset,
    read_dataset,
)

Rows = dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module")
def rows() -> Rows:
    return read_dataset(SEED)


@pytest.fixture(scope="module")
def stories() -> dict[str, dict[str, object]]:
    facts = json.loads((SEED / "stories.json").read_text(encoding="utf-8"))
    return {fact["story"]: fact for fact in facts}


class Seed:
    """Plain lookups over the seed's rows."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.sector = {r["id"]: r["sector"] for r in rows["agencies"]}
        self.jobs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for r in rows["employed_by"]:
            self.jobs[r["source"]].append((r["target"], r["from"], r["to"] or "9999-12-31"))
        self.interaction = {r["id"]: r for r in rows["interactions"]}
        self.people: dict[str, list[str]] = defaultdict(list)
        self.role: dict[tuple[str, str], str] = {}
        for r in rows["participated_in"]:
            self.people[r["target"]].append(r["source"])
            self.role[(r["source"], r["target"])] = r["role"]
        self.family_of = {
            r["source"]: r["target"] for r in rows["concerns"] if r["source"] in self.interaction
        }

    def day(self, interaction: str) -> str:
        return self.interaction[interaction]["at"][:10]

    def agency_on(self, pro: str, day: str) -> str:
        return next(a for a, start, end in self.jobs[pro] if start <= day <= end)

    def pros(self, interaction: str) -> list[str]:
        return [p for p in self.people[interaction] if p.startswith("pro-")]

    def agencies(self, interaction: str) -> set[str]:
        day = self.day(interaction)
        return {self.agency_on(p, day) for p in self.pros(interaction)}

    def about(self, family: str) -> list[str]:
        found = [i for i, f in self.family_of.items() if f == family]
        return sorted(found, key=lambda i: (self.interaction[i]["at"], i))


@pytest.fixture(scope="module")
def seed(rows: Rows) -> Seed:
    return Seed(rows)


# -- the dataset as a whole -------------------------------------------------


def test_seed_rows_are_valid_and_references_resolve() -> None:
    assert_consistent_in_time(assert_valid_dataset(SEED))


def test_seed_titles_and_team_names_carry_no_family_or_client_name(rows: Rows) -> None:
    assert_no_family_names_in_titles(rows)


def test_seed_has_at_least_the_required_counts_and_kinds(rows: Rows, seed: Seed) -> None:
    assert len(rows["agencies"]) >= 12
    assert len({r["sector"] for r in rows["agencies"]}) >= 7
    assert len(rows["professionals"]) >= 60
    assert any(len({a for a, _, _ in jobs}) > 1 for jobs in seed.jobs.values())
    teams = rows["teams"]
    standing = [t for t in teams if t["type"] in ("MASH", "YOT", "TAF", "PANEL")]
    assert {"MASH", "YOT"} <= {t["type"] for t in standing} and len(standing) >= 4
    assert any(t["level"] == "STRATEGIC" and t["type"] in ("BOARD", "PANEL") for t in teams)
    assert len(rows["families"]) == 15 and len(rows["clients"]) >= 40
    assert len(rows["episodes"]) >= 15 and len({r["kind"] for r in rows["episodes"]}) >= 4
    assert len(rows["interactions"]) >= 600
    assert len(rows["boundary_objects"]) >= 40
    assert len({r["kind"] for r in rows["boundary_objects"]}) >= 6
    assert len(rows["perspectives"]) >= 30 and len(rows["revises"]) >= 10
    assert len(rows["tensions"]) >= 12
    assert any(not r["resolvedAt"] for r in rows["tensions"])
    assert any(r["resolvedAt"] for r in rows["tensions"])
    days = sorted(r["at"][:10] for r in rows["interactions"])
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    assert (last - first).days >= 2 * 365 - 31, "at least 24 months"


def test_counts_json_and_readme_agree_with_the_rows(rows: Rows) -> None:
    counts = json.loads((SEED / "counts.json").read_text(encoding="utf-8"))
    for file, record in RECORD_TYPES.items():
        name = getattr(record, "label", None) or record.type  # type: ignore[attr-defined]
        group = "nodes" if hasattr(record, "label") else "relationships"
        if file == "concerns":
            continue
        assert counts[group][name] == len(rows[file]), name
    assert counts["relationships"]["CONCERNS"] == len(rows["concerns"])
    assert counts["files"] == {f"{file}.csv": len(rows[file]) for file in RECORD_TYPES}
    readme = (SEED / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|$", readme, flags=re.MULTILINE))
    for group in ("nodes", "relationships"):
        for name, count in counts[group].items():
            assert int(table[name]) == count, name


def test_seed_is_exactly_what_the_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "seed"
    write_seed_documents(out, generate_dataset(out, seed_dataset=True))
    names = sorted(p.name for p in SEED.iterdir())
    assert names == sorted(p.name for p in out.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(SEED, out, names, shallow=False)
    assert mismatch == [] and errors == []


# -- the stories ------------------------------------------------------------


def _jointness(seed: Seed, family: str, start: str, end: str) -> tuple[set[str], float]:
    """Share of pairs of involved agencies that share an interaction or object in [start, end]."""
    involved = {
        r["onBehalfOf"]
        for r in seed.rows["involved_with"]
        if r["target"] == family and r["from"] <= end and (not r["to"] or r["to"] >= start)
    }
    joined: set[frozenset[str]] = set()
    in_period = [i for i in seed.about(family) if start <= seed.day(i) <= end]
    for i in in_period:
        joined |= {frozenset(p) for p in itertools.combinations(sorted(seed.agencies(i)), 2)}
    workers: dict[str, set[str]] = defaultdict(set)
    for r in seed.rows["worked_on"]:
        if r["source"] in in_period:
            workers[r["target"]] |= seed.agencies(r["source"])
    for agencies in workers.values():
        joined |= {frozenset(p) for p in itertools.combinations(sorted(agencies), 2)}
    pairs = [frozenset(p) for p in itertools.combinations(sorted(involved), 2)]
    return involved, sum(p in joined for p in pairs) / len(pairs) if pairs else 0.0


def test_story_a_multiagency_then_interagency(seed: Seed, stories: dict) -> None:
    story = stories["a"]
    family = story["family"]
    involved, before = _jointness(seed, family, story["multiagencyFrom"], story["multiagencyTo"])
    assert len(involved) >= 3 and set(story["agencies"]) == involved
    assert before == 0.0, "every agency worked on its own"
    for i in seed.about(family):
        if seed.day(i) <= story["multiagencyTo"]:
            assert len(seed.agencies(i)) == 1
    involved_after, after = _jointness(
        seed, family, story["interagencyFrom"], story["interagencyTo"]
    )
    assert involved <= involved_after and after == 1.0
    meeting = story["firstJointMeeting"]
    assert seed.agencies(meeting) == involved and any(
        p.startswith("cli-") for p in seed.people[meeting]
    )
    plan_workers = {
        a
        for r in seed.rows["worked_on"]
        if r["target"] == story["sharedPlan"]
        for a in seed.agencies(r["source"])
    }
    assert plan_workers == involved


def test_story_b_a_knot_of_strangers(seed: Seed, stories: dict) -> None:
    story = stories["b"]
    members = set(story["members"])
    before = nx.Graph()
    for interaction, people in seed.people.items():
        if seed.day(interaction) < story["from"]:
            before.add_edges_from(itertools.combinations(sorted(set(people) & members), 2))
    assert before.number_of_edges() == 0, "no two members had worked together before"
    burst = story["interactions"]
    assert len(burst) >= 5
    days = [date.fromisoformat(seed.day(i)) for i in burst]
    assert (max(days) - min(days)).days <= 4
    during = nx.Graph()
    for i in burst:
        assert seed.family_of[i] == story["family"]
        during.add_edges_from(itertools.combinations(sorted(set(seed.pros(i)) & members), 2))
    assert during.number_of_nodes() == len(members) == 5
    assert nx.density(during) == 1.0, "every pair took part together in the burst"
    sectors = {seed.sector[seed.agency_on(p, story["from"])] for p in members}
    assert len(sectors) >= 4


def test_story_c_education_to_social_care_to_camhs(seed: Seed, stories: dict) -> None:
    story = stories["c"]
    family = story["family"]
    referred = {r["source"]: r["target"] for r in seed.rows["referred_to"]}
    path = [referred[i] for i in seed.about(family) if i in referred]
    sectors = [seed.sector[a] for a in path]
    assert sectors == ["SOCIAL_CARE", "MENTAL_HEALTH"]
    first_referral = next(i for i in seed.about(family) if i in referred)
    referrer = next(
        p for p in seed.pros(first_referral) if seed.role[(p, first_referral)] == "REFERRER"
    )
    assert seed.sector[seed.agency_on(referrer, seed.day(first_referral))] == "EDUCATION"
    # the order in which agencies engaged: education first, then social care, then CAMHS
    first_seen: dict[str, str] = {}
    for r in seed.rows["involved_with"]:
        if r["target"] == family:
            sector = seed.sector[r["onBehalfOf"]]
            first_seen[sector] = min(first_seen.get(sector, r["from"]), r["from"])
    order = sorted(first_seen, key=lambda s: first_seen[s])
    assert order == ["EDUCATION", "SOCIAL_CARE", "MENTAL_HEALTH"]
    assert [seed.sector[a] for a in story["path"]] == order


def test_story_d_a_broker_between_sectors(seed: Seed, stories: dict) -> None:
    story = stories["d"]
    broker = story["broker"]
    ties = nx.Graph()
    for interaction in seed.interaction:
        ties.add_edges_from(itertools.combinations(sorted(seed.pros(interaction)), 2))
    contacts = set(story["contacts"])
    assert contacts <= set(ties[broker])
    for a, b in itertools.combinations(sorted(contacts), 2):
        assert not ties.has_edge(a, b), f"{a} and {b} interact directly"
    day = seed.day(seed.about(story["family"])[0])
    sector = {p: seed.sector[seed.agency_on(p, day)] for p in contacts | {broker}}
    contact_sectors = {sector[p] for p in contacts}
    assert len(contact_sectors) >= 3 and sector[broker] not in contact_sectors
    # liaison brokerage (A -> B -> C, three sectors, no A - C tie) through the broker
    liaisons = [
        (a, c)
        for a, c in itertools.combinations(sorted(ties[broker]), 2)
        if not ties.has_edge(a, c)
        and len({sector.get(a), sector.get(c), sector[broker]} - {None}) == 3
    ]
    assert len(liaisons) >= 3


def test_story_e_an_ehcp_worked_on_by_four_sectors(seed: Seed, stories: dict) -> None:
    story = stories["e"]
    obj = next(r for r in seed.rows["boundary_objects"] if r["id"] == story["boundaryObject"])
    assert obj["kind"] == "EHCP"
    sectors = {
        seed.sector[seed.agency_on(p, seed.day(r["source"]))]
        for r in seed.rows["worked_on"]
        if r["target"] == obj["id"]
        for p in seed.pros(r["source"])
    }
    assert len(sectors) >= 4 and {"EDUCATION", "HEALTH", "SOCIAL_CARE"} <= sectors
    sections = {r["section"] for r in seed.rows["worked_on"] if r["target"] == obj["id"]}
    assert any(s.startswith("Section A") for s in sections)
    assert any(s.startswith("Section C") for s in sections)


def test_story_f_a_lead_professional_handover(seed: Seed, stories: dict) -> None:
    story = stories["f"]
    leads = [
        r
        for r in seed.rows["involved_with"]
        if r["target"] == story["family"] and r["role"] == "LEAD_PROFESSIONAL"
    ]
    handovers = [
        (a["source"], b["source"], a["to"], b["from"])
        for a, b in itertools.permutations(leads, 2)
        if a["to"]
        and a["source"] != b["source"]
        and date.fromisoformat(b["from"]) - date.fromisoformat(a["to"])
        in (timedelta(0), timedelta(1))
    ]
    assert (story["from"], story["to"], story["fromLastDay"], story["toFirstDay"]) in handovers
    visits = [
        i
        for i in seed.about(story["family"])
        if {story["from"], story["to"]} <= set(seed.pros(i)) and seed.day(i) <= story["fromLastDay"]
    ]
    assert visits, "outgoing and incoming leads met the family together"


def test_story_g_a_tension_that_led_to_a_new_view(seed: Seed, stories: dict) -> None:
    story = stories["g"]
    family = story["family"]
    tension = next(t for t in seed.rows["tensions"] if t["id"] == story["tension"])
    assert (tension["raisedAt"], tension["resolvedAt"]) == (story["raisedAt"], story["resolvedAt"])
    about = [r["target"] for r in seed.rows["about"] if r["source"] == tension["id"]]
    assert about == [family]
    parties = sorted(r["target"] for r in seed.rows["between"] if r["source"] == tension["id"])
    assert parties == sorted(story["parties"])
    raised_day = tension["raisedAt"][:10]
    sectors = [seed.sector[seed.agency_on(p, raised_day)] for p in story["parties"]]
    assert sectors == story["partySectors"] and sectors[0] != sectors[1]
    assert set(story["parties"]) <= set(seed.pros(story["meeting"]))
    holder = {r["target"]: r["source"] for r in seed.rows["holds"]}
    on = {r["source"]: r["target"] for r in seed.rows["on"]}
    when = {p["id"]: p["at"] for p in seed.rows["perspectives"]}
    first, new = story["firstView"], story["newView"]
    assert (holder[first], holder[new]) == tuple(story["parties"])
    assert on[first] == on[new] == family
    assert {"source": new, "target": first} in seed.rows["revises"]
    resolved = datetime.fromisoformat(tension["resolvedAt"].replace("Z", "+00:00"))
    seen = datetime.fromisoformat(when[new].replace("Z", "+00:00"))
    assert timedelta(0) <= seen - resolved < timedelta(days=30)  # objectOfActivity's window
    assert when[new] == story["newViewAt"]

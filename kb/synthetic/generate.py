"""`kb generate`: deterministic datasets of any size, and the seed dataset, from one code path.

Same number of families and same seed give byte-identical files. Output is
streamed: a family's rows are written as soon as it is played out, so memory
holds one family plus the professional pool (sub-linear in the number of
families), and 100,000 families fit in a small machine.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from kb.domain.vocabulary import Level
from kb.synthetic.family import GenerationContext
from kb.synthetic.pool import MEETING_TEAMS, WINDOW_START, Area, PoolBuilder, pool_sizes
from kb.synthetic.records import workday
from kb.synthetic.rows import write_family
from kb.synthetic.stories import SEED_PLANS, FamilyPlan, build_family, draw_plan
from kb.synthetic.writer import DatasetWriter, iso_instant

SEED_DATASET_ID = "seed-northmoor"
SEED_RANDOM_SEED = 2023
SEED_PROFESSIONALS = 60
BOARD_MEETINGS = 9  # quarterly, over the 27 months


@dataclass
class GenerationResult:
    """What was written: rows per file, one example row per file, the planted stories."""

    dataset_id: str
    families: int
    counts: dict[str, int]
    examples: dict[str, list[str]]
    stories: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def generate_dataset(
    out: Path,
    *,
    families: int = 15,
    seed: int = SEED_RANDOM_SEED,
    seed_dataset: bool = False,
    dataset_id: str | None = None,
) -> GenerationResult:
    """Write a dataset (manifest.json + one CSV per record file) to `out`."""
    began = time.perf_counter()
    if families < 1:
        raise ValueError("families must be at least 1")
    rng = random.Random(seed)
    if seed_dataset:
        families = len(SEED_PLANS)
        n_areas, n_pros = 1, SEED_PROFESSIONALS
        dataset_id = dataset_id or SEED_DATASET_ID
        description = (
            "Seed dataset: the fictional local area of Northmoor, 2023-01 to 2025-03, "
            "15 families with seven planted stories (see README.md)."
        )
    else:
        n_areas, n_pros = pool_sizes(families)
        dataset_id = dataset_id or f"generated-{families}-s{seed}"
        description = f"Generated dataset: {families} families, random seed {seed}."
    areas = PoolBuilder(rng, seed_names=seed_dataset).build(n_areas, n_pros)
    ctx = GenerationContext(areas, strict_stories=seed_dataset)
    for area in areas:
        for kind in MEETING_TEAMS:
            ctx.busy.update(member.id for member, _, _, _ in area.teams[kind].members)
    with DatasetWriter(out, dataset_id, description) as writer:
        for plan in _plans(rng, families, areas, seed_dataset):
            family_rng = random.Random(rng.getrandbits(64))
            write_family(writer, build_family(ctx, plan, family_rng))
        for area in areas:
            _write_area(writer, area, rng, seed_dataset)
    return GenerationResult(
        dataset_id,
        families,
        dict(writer.counts),
        dict(writer.examples),
        ctx.stories,
        time.perf_counter() - began,
    )


def _plans(rng: random.Random, families: int, areas: list[Area], seed_dataset: bool) -> Any:
    if seed_dataset:
        yield from SEED_PLANS
        return
    width = max(4, len(str(families)))
    names = [a.name for a in areas]
    for index in range(families):
        plan: FamilyPlan = draw_plan(rng, index, width, names)
        yield plan


def _write_area(writer: DatasetWriter, area: Area, rng: random.Random, seed_dataset: bool) -> None:
    """The pool's rows, and the strategic board's quarterly meetings."""
    for agency in area.agencies.values():
        writer.row("agencies", agency.id, agency.name, agency.sector.value)
    for professional in area.professionals:
        writer.row(
            "professionals", professional.id, professional.name, professional.profession.value
        )
        for job in professional.employments:
            writer.row("employed_by", professional.id, job.agency.id, job.start, job.end, job.role)
    for team in area.teams.values():
        writer.row("teams", team.id, team.name, team.type.value, team.level.value)
        for member, start, end, role in team.members:
            writer.row("member_of", member.id, team.id, start, end, role)
    board = area.teams["board"]
    prefix = "int-board" if seed_dataset else f"int-{area.key}-board"
    for k in range(BOARD_MEETINGS):
        day = workday(WINDOW_START + timedelta(days=91 * k + rng.randint(14, 40)))
        members = board.members_on(day)
        if not members:
            continue
        meeting_id = f"{prefix}-{k + 1:02d}"
        begins = iso_instant(datetime.combine(day, clock(14, 0)))
        ends = iso_instant(datetime.combine(day, clock(16, 30)))
        writer.row("interactions", meeting_id, "BOARD_MEETING", begins, ends, Level.STRATEGIC.value)
        for i, member in enumerate(members):
            writer.row("participated_in", member.id, meeting_id, "CHAIR" if i == 0 else "ATTENDEE")


__all__ = ["GenerationResult", "generate_dataset"]

"""`make bench SCALE=s|m|l`: generate, serve, load, measure, and write the results files.

    python -m bench.run --scale m
    python -m bench.run --families 20 --runs 5 --duration 1 --results-dir /tmp/r   # a smoke run

Every step that cannot run (a piece not landed yet, a failure) is recorded as
'not measured: <reason>' and the run goes on; no number is ever filled in.
"""

from __future__ import annotations

import logging
import os
import random
import shlex
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from bench import dataset as datasets
from bench.catalogue import QUERIES, QuerySpec, Samples, draw_samples, root_fields
from bench.goals import judge
from bench.ingest import env_for, loader_available, run_loader, run_naive
from bench.machine import describe_machine, describe_versions, git_commit
from bench.report import write
from bench.server import bench_settings, free_port, running_server
from kb.settings import REPO_ROOT, Settings
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer

SCALES = {"s": 1_000, "m": 10_000, "l": 100_000}
BENCH_DIR = REPO_ROOT / "bench"
Section = dict[str, Any]

app = typer.Typer(add_completion=False, help=__doc__)


@dataclass
class Plan:
    """What one run measures, and where it works."""

    label: str
    families: int
    seed: int
    runs: int
    warmup: int
    duration: float
    concurrencies: list[int]
    naive_sample: int
    loader_timeout: float
    peer_seconds: float
    skip: set[str]
    heap: str
    pagecache: str
    work: Path
    results_dir: Path
    log: list[str] = field(default_factory=list)
    done: dict[str, Section] = field(default_factory=dict)
    running: str | None = None

    @property
    def manifest(self) -> Path:
        return self.work / "dataset" / "manifest.json"

    @property
    def neo4j_home(self) -> Path:
        return self.work / "neo4j"

    def attempt(self, step: str, fn: Callable[[], Section]) -> Section:
        """Run one measurement; a failure becomes 'not measured: <reason>'."""
        print(f"[bench] {step} ...", flush=True)
        started = time.perf_counter()
        self.running = step
        try:
            result = fn()
        except datasets.NotAvailable as error:
            result = {"notMeasured": str(error)}
        except Exception as error:
            traceback.print_exc()
            result = {"notMeasured": f"{step} failed: {type(error).__name__}: {error}"}
        took = time.perf_counter() - started
        self.log.append(
            f"{step}: {took:.1f} s" + (" (not measured)" if "notMeasured" in result else "")
        )
        print(f"[bench] {step} done in {took:.1f} s", flush=True)
        self.running = None
        self.done[step] = result
        return result


def not_measured(section: Section) -> str | None:
    reason = section.get("notMeasured")
    return None if reason is None else str(reason)


# -- the steps ------------------------------------------------------------------


def generate(plan: Plan) -> Section:
    started = time.perf_counter()
    manifest = datasets.generate(plan.manifest.parent, plan.families, plan.seed)
    took = time.perf_counter() - started
    size = datasets.size_of(manifest)
    return {
        "nodes": size.nodes,
        "relationships": size.relationships,
        "elements": size.elements,
        "rowsPerFile": size.rows_per_file,
        "generateSeconds": round(took, 2),
    }


def ceiling(plan: Plan, elements: int) -> Section:
    from bench.importer import run_import

    server = LocalServer(bench_settings(plan.neo4j_home, free_port(), plan.heap, plan.pagecache))
    server.ensure_jars()
    result = run_import(plan.manifest, plan.work, server.lib, heap=plan.heap)
    result["elementsPerSecond"] = round(elements / result["elapsedSeconds"])
    return result


def api_headers(db: Database) -> tuple[dict[str, str], str]:
    """An ANALYST API key for the bench when the security layer exists (else none)."""
    try:
        from kb.security.keys import create_key
    except ImportError:
        return {}, "API authentication: none (the security layer has not landed)"
    _, token = create_key(db, "ANALYST", "bench")
    return {"Authorization": f"Bearer {token}"}, "API authentication: an ANALYST API key"


def available_queries() -> tuple[list[QuerySpec], dict[str, Section]]:
    fields = root_fields()
    present = [q for q in QUERIES if q.field in fields]
    missing = {
        q.name: {"notMeasured": f"the API has no `{q.field}` field yet"}
        for q in QUERIES
        if q.field not in fields
    }
    return present, missing


def mix_of(specs: list[QuerySpec], samples: Samples, seed: int, size: int = 400) -> list[Section]:
    """A fixed list of requests (weighted by `mix_weight`), cycled by the load generator."""
    rng = random.Random(seed + 1)
    weighted = [s for s in specs for _ in range(s.mix_weight)]
    return [
        {"query": spec.document, "variables": spec.variables(samples, rng, i)}
        for i, spec in ((i, weighted[i % len(weighted)]) for i in range(size))
    ]


def sustained(
    plan: Plan,
    settings: Settings,
    specs: list[QuerySpec],
    samples: Samples,
    headers: dict[str, str],
) -> Section:
    from bench.sustained import run_load, serve_api

    if not specs:
        return {"notMeasured": "no API query could be measured, so there is no mix to send"}
    mix = mix_of(specs, samples, plan.seed)
    env = {**env_for(settings), "KB_API_GRAPHIQL": "false"}
    runs: dict[str, Any] = {}
    with serve_api(env, free_port(), plan.work / "api.log") as api:
        for concurrency in plan.concurrencies:
            runs[str(concurrency)] = run_load(
                api, mix, concurrency, plan.duration, plan.work, headers
            )
        peak = api.peak_rss_bytes()
    return {
        "mix": ", ".join(f"{s.name} x{s.mix_weight}" for s in specs),
        "secondsEach": plan.duration,
        "runs": runs,
        "apiPeakRssMiB": round(peak / 2**20, 1) if peak else None,
        "note": "`kb serve` (uvicorn, one process, access log to a file); the load generator is a "
        "separate Python process (httpx async) sharing the machine's cores with the API and Neo4j.",
    }


def ingest_phase(
    plan: Plan, settings: Settings, db: Database, have_data: bool, no_data: Section
) -> Section:
    """Floor then loader, on the bench server's empty store."""
    missing_loader = loader_available()
    if not have_data:
        return {"loader": no_data, "naive": no_data}
    if missing_loader:
        return {"loader": {"notMeasured": missing_loader}, "naive": {"notMeasured": missing_loader}}
    size = datasets.size_of(plan.manifest)
    naive = (
        {"notMeasured": "skipped (--skip floor)"}
        if "floor" in plan.skip
        else plan.attempt(
            FLOOR,
            lambda: run_naive(plan.manifest, db, plan.naive_sample, plan.seed),
        )
    )
    empty_database(db)
    loader = plan.attempt(
        LOADER,
        lambda: run_loader(plan.manifest, settings, db, size, plan.work, plan.loader_timeout),
    )
    return {"loader": loader, "naive": naive}


def peer_phase(
    plan: Plan, settings: Settings, samples: Samples, headers: dict[str, str]
) -> Section:
    """Our API and @neo4j/graphql side by side on the same store (bench/peer/)."""
    if "peer" in plan.skip:
        return {"notMeasured": "skipped (--skip peer)"}
    from bench.peer.compare import side_by_side

    return plan.attempt(
        PEER,
        lambda: side_by_side(
            settings,
            samples,
            headers,
            plan.runs,
            plan.warmup,
            plan.peer_seconds,
            plan.seed,
            plan.work,
        ),
    )


def query_phase(plan: Plan, settings: Settings, db: Database) -> tuple[Section, Section, Section]:
    """Per-query latencies, the sustained load and the peer's side-by-side run, on whatever
    store the server holds."""
    specs, missing = available_queries()
    headers, auth_note = api_headers(db)
    plan.log.append(auth_note)
    samples = draw_samples(db, plan.seed)
    if samples.empty:
        why = {"notMeasured": "the loaded data has no INVOLVED_WITH to draw parameters from"}
        return {q.name: why for q in QUERIES}, why, why
    from bench.latency import measure_queries

    measured = plan.attempt(
        LATENCIES,
        lambda: measure_queries(
            settings, specs, samples, plan.runs, plan.warmup, plan.seed, headers
        ),
    )
    if not_measured(measured) is not None:
        measured = {q.name: measured for q in specs}
    queries = {q.name: {**measured, **missing}.get(q.name, {}) for q in QUERIES}
    good = [q for q in specs if not_measured(queries[q.name]) is None]
    if "sustained" in plan.skip:
        load: Section = {"notMeasured": "skipped (--skip sustained)"}
    else:
        load = plan.attempt(SUSTAINED, lambda: sustained(plan, settings, good, samples, headers))
    return queries, load, peer_phase(plan, settings, samples, headers)


def on_server(
    plan: Plan, have_data: bool, no_data: Section, importer: Section
) -> tuple[Section, Section, Section, Section, str | None]:
    """Ingest on an empty bench store; queries on what the loader wrote.

    When the loader did not finish, the queries are measured on the offline
    importer's store instead (same data; the results say so).
    """
    with (
        running_server(plan.neo4j_home, plan.heap, plan.pagecache) as settings,
        Database(settings) as db,
    ):
        apply_schema(db)
        version = db.server_version()
        ingest = ingest_phase(plan, settings, db, have_data, no_data)
        if not_measured(ingest["loader"]) is None:
            queries, load, peer = query_phase(plan, settings, db)
            return ingest, queries, load, peer, version
    if not have_data or not_measured(importer) is not None:
        why = {"notMeasured": f"no data was loaded ({not_measured(ingest['loader'])})"}
        return ingest, {q.name: why for q in QUERIES}, why, why, version
    plan.log.append(
        "queries and sustained load ran on the offline importer's store (same dataset), "
        "because the project loader did not finish"
    )
    home = plan.work / "importer-home"
    with (
        running_server(home, plan.heap, plan.pagecache, fresh=False) as settings,
        Database(settings) as db,
    ):
        apply_schema(db)
        db.read("bench/await_indexes", {"seconds": 1800})
        queries, load, peer = query_phase(plan, settings, db)
    return ingest, queries, load, peer, version


GENERATE, IMPORTER, FLOOR, LOADER = (
    "generate the dataset", "offline importer (ceiling)", "one row per transaction (floor)",
    "project loader",
)  # fmt: skip
LATENCIES, SUSTAINED, PEER = "query latencies", "sustained load", "side by side with @neo4j/graphql"
STOPPED: Section = {"notMeasured": "not reached (the run was stopped)"}
Sections = tuple[Section, Section, Section, Section, str | None]


def measure_steps(plan: Plan, results: dict[str, Any]) -> Sections:
    """Every step in order: the dataset, the importer, then ingest and queries on the server."""
    results["dataset"] = dataset = plan.attempt(GENERATE, lambda: generate(plan))
    have_data = not_measured(dataset) is None
    no_data: Section = {"notMeasured": f"no dataset ({not_measured(dataset)})"}
    if not have_data:
        importer = no_data
    elif "importer" in plan.skip:
        importer = {"notMeasured": "skipped (--skip importer)"}
    else:
        importer = plan.attempt(IMPORTER, lambda: ceiling(plan, dataset["elements"]))
    version = None
    try:
        ingest, queries, load, peer, version = on_server(plan, have_data, no_data, importer)
    except Exception as error:
        traceback.print_exc()
        why = {"notMeasured": f"the bench's Neo4j failed: {type(error).__name__}: {error}"}
        ingest, queries, load = {"loader": why, "naive": why}, {q.name: why for q in QUERIES}, why
        peer = why
    ingest["importer"] = importer
    return ingest, queries, load, peer, version


# The steps `--skip` can leave out, by the name it takes for each.
SKIPPABLE = {IMPORTER: "importer", FLOOR: "floor", SUSTAINED: "sustained", PEER: "peer"}


def step_so_far(plan: Plan, step: str) -> Section:
    """A step of a stopped run: what it measured, 'skipped', or 'not reached'."""
    if step in plan.done:
        return plan.done[step]
    if SKIPPABLE.get(step) in plan.skip:
        return {"notMeasured": f"skipped (--skip {SKIPPABLE[step]})"}
    return STOPPED


def steps_so_far(plan: Plan) -> Sections:
    """The sections of a stopped run: each step it finished, 'not reached' for the rest."""
    ingest = {
        "importer": step_so_far(plan, IMPORTER),
        "naive": step_so_far(plan, FLOOR),
        "loader": step_so_far(plan, LOADER),
    }
    measured = step_so_far(plan, LATENCIES)
    if not_measured(measured) is not None:
        queries = {q.name: measured for q in QUERIES}
    else:
        queries = {q.name: measured.get(q.name, STOPPED) for q in QUERIES}
    load, peer = step_so_far(plan, SUSTAINED), step_so_far(plan, PEER)
    return ingest, queries, load, peer, None


def measure(plan: Plan, command: str) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {
        "run": {
            "scale": plan.label,
            "families": plan.families,
            "seed": plan.seed,
            "date": datetime.now(UTC).date().isoformat(),
            "startedAt": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": command,
            "heap": plan.heap,
            "pagecache": plan.pagecache,
            "gitCommitAtStart": git_commit(),
        },
        "machine": describe_machine(),
    }
    try:
        sections = measure_steps(plan, results)
    except (KeyboardInterrupt, SystemExit):
        # A stopped run (Ctrl-C, SIGTERM) still writes what it measured: an L run takes hours.
        plan.log.append(f"the run was stopped during '{plan.running}'")
        print(f"[bench] stopped during '{plan.running}'; writing what was measured", flush=True)
        sections = steps_so_far(plan)
        results.setdefault("dataset", plan.done.get(GENERATE, STOPPED))
        results["stopped"] = True
    ingest, queries, load, peer, version = sections
    loader, naive, importer = ingest["loader"], ingest["naive"], ingest["importer"]
    if "elapsedSeconds" in loader and "elapsedSeconds" in importer:
        ingest["ratioToImporter"] = round(loader["elapsedSeconds"] / importer["elapsedSeconds"], 2)
    if "elementsPerSecond" in loader and naive.get("elementsPerSecond"):
        ingest["speedupOverNaive"] = round(
            loader["elementsPerSecond"] / naive["elementsPerSecond"], 1
        )
    results["versions"] = describe_versions(version)
    results["versions"]["gitCommit"] = results["run"].pop("gitCommitAtStart")
    at_end = git_commit()
    if at_end != results["versions"]["gitCommit"]:
        # Others commit while a long run goes on; `kb load` runs whatever is checked out then.
        results["versions"]["gitCommitAtEnd"] = at_end
    results["ingest"] = ingest
    results["queries"] = queries
    results["sustained"] = load
    results["peer"] = peer
    results["run"]["wallSeconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["loadAverageAtEnd"] = [round(x, 2) for x in os.getloadavg()]
    results["goals"] = judge(results, plan.results_dir)
    results["notes"] = [*plan.log, *notes_for(plan.label)]
    return results


def notes_for(label: str) -> list[str]:
    """Findings written down by hand for this scale (`bench/notes/<scale>.md`), if any."""
    path = BENCH_DIR / "notes" / f"{label}.md"
    if not path.exists():
        return []
    return [line[2:].strip() for line in path.read_text().splitlines() if line.startswith("- ")]


@app.command()
def main(
    scale: str = typer.Option("s", help="s (1,000 families), m (10,000) or l (100,000)."),
    families: int = typer.Option(0, help="Overrides the scale's family count (smoke runs)."),
    seed: int = typer.Option(7, help="Seed for the generator and the parameter draws."),
    runs: int = typer.Option(200, help="Timed runs per query."),
    warmup: int = typer.Option(20, help="Warm-up runs per query."),
    duration: float = typer.Option(20.0, help="Seconds per concurrency level."),
    concurrency: str = typer.Option("1,4,16", help="Concurrency levels of the sustained load."),
    naive_sample: int = typer.Option(5_000, help="Rows timed one per transaction (the floor)."),
    loader_timeout: float = typer.Option(
        0, help="Stop `kb load` after this many seconds (0: never); the rate so far is recorded."
    ),
    peer_seconds: float = typer.Option(
        10.0, help="Seconds per server per question at concurrency 16, side by side with the peer."
    ),
    skip: str = typer.Option(
        "", help="Steps to leave out: importer, floor, sustained, peer (commas)."
    ),
    heap: str = typer.Option("1g", help="Heap of the bench's Neo4j (and of the importer)."),
    pagecache: str = typer.Option("1g", help="Page cache of the bench's Neo4j."),
    results_dir: Path = typer.Option(BENCH_DIR / "results", help="Where the results go."),
    work_dir: Path = typer.Option(None, help="Default: bench/work/<scale>."),
) -> None:
    """Measure one scale and write `<results-dir>/<date>-<scale>.{md,json}`."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    # A terminated run still stops the servers it started (the `with` blocks unwind).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scale = scale.lower()
    if scale not in SCALES:
        raise typer.BadParameter("scale must be s, m or l", param_hint="--scale")
    count = families or SCALES[scale]
    label = scale if count == SCALES[scale] else f"f{count}"
    plan = Plan(
        label=label,
        families=count,
        seed=seed,
        runs=runs,
        warmup=warmup,
        duration=duration,
        concurrencies=[int(c) for c in concurrency.split(",") if c.strip()],
        naive_sample=naive_sample,
        loader_timeout=loader_timeout,
        peer_seconds=peer_seconds,
        skip={step.strip() for step in skip.split(",") if step.strip()},
        heap=heap,
        pagecache=pagecache,
        work=(work_dir or BENCH_DIR / "work" / label).resolve(),
        results_dir=results_dir.resolve(),
    )
    plan.work.mkdir(parents=True, exist_ok=True)
    results = measure(plan, "python -m bench.run " + shlex.join(sys.argv[1:]))
    md, js = write(results, plan.results_dir)
    print(f"[bench] wrote {md} and {js}")
    if results.get("stopped"):
        raise typer.Exit(143)
    if "answersDiffer" in results["peer"]:
        # Not a number to read past: the two servers disagree on an answer.
        print(f"[bench] stopped: {results['peer']['notMeasured']}", file=sys.stderr)
        raise typer.Exit(1)


if __name__ == "__main__":
    app()

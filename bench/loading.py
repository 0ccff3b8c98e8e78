"""The loading paths side by side on one dataset, in one run (issue #11's goals):

* the bare importer (`neo4j-admin database import full` on an unchecked copy: the ceiling);
* the bulk first load, `kb load --initial` (checks every row, imports, restarts the server,
  applies the schema and records the load);
* the online load, `kb load`, into the same server emptied, then an unchanged reload (files
  skipped by their fingerprints) and a `--verify` reload (every row compared);
with each `kb` process's wall clock and peak RSS, and the ratios the goals are stated in.

    python -m bench.loading --scale s        # results in bench/results/<date>-loading-s.{md,json}

Run it under `flock /work/coord/heavy.lock` on a shared machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from bench import dataset as datasets
from bench.importer import run_import
from bench.ingest import env_for
from bench.machine import describe_machine, git_commit
from bench.peak import Measured, measure
from bench.run import SCALES
from bench.server import bench_settings, free_port
from kb.settings import REPO_ROOT, Settings
from kb.storage.database import Database
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer

RESULTS = REPO_ROOT / "bench" / "results"


class Deadline:
    """When the run must stop (a shared machine's slot): each `kb` step gets what is left."""

    def __init__(self, at: datetime | None, step_seconds: float) -> None:
        self.at, self.step_seconds = at, step_seconds

    def timeout(self) -> float:
        if self.at is None:
            return self.step_seconds
        left = (self.at - datetime.now(UTC)).total_seconds()
        if left < 30:
            raise StepSkipped("skipped: the run's deadline had passed")
        return min(self.step_seconds, left)


class StepSkipped(Exception):
    """A step that did not run or did not finish; its reason goes into the results."""


def _kb_load(
    dataset: Path, env: dict[str, str], work: Path, deadline: Deadline, *flags: str
) -> Measured:
    command = [
        *datasets.kb_command(), "load", str(dataset), "--no-progress",
        "--rejects", str(work / "rejects.csv"), *flags,
    ]  # fmt: skip
    timeout = deadline.timeout()
    run = measure(command, env, work, timeout=timeout)
    if run.timed_out:
        raise StepSkipped(f"stopped after {run.seconds:.0f} s (the step's time limit)")
    if run.returncode not in (0, 2):
        tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"`kb load {' '.join(flags)}` exited {run.returncode}: {tail}")
    return run


def _phases(stdout: str, heading: str) -> dict[str, float]:
    """The `name 1.2s, ...` pairs `kb load --initial` prints after `heading:`."""
    for line in stdout.splitlines():
        if line.startswith(heading + ":"):
            pairs = re.findall(
                r"([a-zA-Z][a-zA-Z ()]*?) (\d+(?:\.\d+)?)s(?:,|$)", line.split(":", 1)[1]
            )
            return {name.strip(): float(seconds) for name, seconds in pairs}
    return {}


def _bulk(run: Measured, elements: int, bare: float) -> dict[str, Any]:
    """The bulk load's figures, with where its time went (as it printed it)."""
    return {
        **_timed(run, elements),
        "ratioToImporter": round(run.seconds / bare, 2),
        "steps": _phases(run.stdout, "time by step"),
        "checkSide": _phases(run.stdout, "check side (seconds of work, summed over processes)"),
    }


def _timed(run: Measured, elements: int) -> dict[str, Any]:
    return {
        "seconds": round(run.seconds, 2),
        "elementsPerSecond": round(elements / run.seconds),
        "peakRssMiB": round(run.peak_rss_bytes / 2**20, 1),
    }


def _in_graph(settings: Settings) -> int:
    with Database(settings) as db:
        rows = db.read("bench/count_elements")
    return int(rows[0]["nodes"]) + int(rows[0]["relationships"])


STEPS = ("bulk", "online", "verify")


def measure_loading(
    families: int,
    label: str,
    work: Path,
    heap: str,
    pagecache: str,
    skip: set[str],
    deadline: Deadline,
    save: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """Each step's figures are saved as soon as it ends (`save`), so a run stopped by its
    deadline keeps what it measured; a step that did not run says why."""
    manifest = datasets.generate(work / "dataset", families, 7)
    size = datasets.size_of(manifest)
    elements = size.elements
    home = work / "loading-neo4j"
    settings = bench_settings(home, free_port(), heap, pagecache)
    server = LocalServer(settings)
    server.stop()
    shutil.rmtree(server.data_dir, ignore_errors=True)
    server.ensure_jars()
    scratch = work / "loading-scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "scale": label,
        "families": families,
        "elements": elements,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": describe_machine(),
        "heap": heap,
        "pagecache": pagecache,
        "note": "wall clock of each `kb` process (Python start-up included; the bulk load's "
        "includes stopping and starting the server and applying the schema); the importer's "
        "is its own JVM's, conversion excluded. Peak RSS is of the process tree: for "
        "`--initial` it includes the importer's JVM and the Neo4j server it restarts",
    }
    importer = run_import(manifest, scratch, server.lib, heap=heap)
    bare = float(importer["elapsedSeconds"])
    result["bareImporter"] = {**importer, "elementsPerSecond": round(elements / bare)}
    # The bare importer's store is only its time; free its disk before the loads (L: ~10 GB).
    shutil.rmtree(scratch / "importer-home", ignore_errors=True)
    save(result)
    env = {
        **env_for(settings),
        "KB_NEO4J_HOME": str(home),
        "KB_NEO4J_HEAP": heap,
        "KB_NEO4J_PAGECACHE": pagecache,
        "KB_NEO4J_START_TIMEOUT": "600",
    }

    def step(key: str, run: Callable[[], dict[str, Any]]) -> None:
        try:
            result[key] = run()
        except StepSkipped as why:
            result[key] = {"notMeasured": str(why)}
        save(result)

    def skipped(name: str) -> dict[str, Any]:
        raise StepSkipped(f"skipped (--skip {name})")

    server.start()
    try:
        if "bulk" in skip:
            step("bulkInitialLoad", lambda: skipped("bulk"))
        else:
            step(
                "bulkInitialLoad",
                lambda: _bulk(
                    _kb_load(manifest.parent, env, scratch, deadline, "--initial"), elements, bare
                ),
            )
            step(
                "reloadAfterBulk",
                lambda: _timed(_kb_load(manifest.parent, env, scratch, deadline), elements),
            )
        if "online" in skip:
            step("onlineFirstLoad", lambda: skipped("online"))
            return result
        # The online load starts from a fresh, empty store with the schema applied.
        server.stop()
        shutil.rmtree(server.data_dir, ignore_errors=True)
        server.start()
        with Database(settings) as db:
            apply_schema(db)
        online_seconds = 0.0

        def online() -> dict[str, Any]:
            nonlocal online_seconds
            try:
                run = _kb_load(manifest.parent, env, scratch, deadline)
            except StepSkipped as why:
                done = _in_graph(settings)
                raise StepSkipped(
                    f"{why}; by then {done:,} of {elements:,} elements were in the graph"
                ) from None
            online_seconds = run.seconds
            return {**_timed(run, elements), "ratioToImporter": round(run.seconds / bare, 2)}

        step("onlineFirstLoad", online)
        if not online_seconds:
            return result

        def reload(*flags: str) -> dict[str, Any]:
            run = _kb_load(manifest.parent, env, scratch, deadline, *flags)
            return {
                **_timed(run, elements),
                "shareOfFirstLoad": round(run.seconds / online_seconds, 3),
            }

        step("unchangedReload", reload)
        if "verify" in skip:
            step("verifyReload", lambda: skipped("verify"))
        else:
            step("verifyReload", lambda: reload("--verify"))
    finally:
        server.stop()
    return result


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    if "bareImporter" not in r:
        return f"# Loading paths at {r['scale']}: not measured (the importer did not finish)\n"
    lines = [
        f"# Loading paths at {r['scale']} ({r['families']:,} families, {r['elements']:,} elements)",
        "",
        f"{r['at']}, commit {r['commit']}; Neo4j heap {r['heap']}, page cache {r['pagecache']}; "
        f"load average at start {m.get('loadAverageAtStart', '?')} (the machine is shared).",
        "",
        "| path | time (s) | elements/s | peak RSS (MiB) | ratio |",
        "|---|---|---|---|---|",
        f"| bare importer (ceiling, unchecked) | {r['bareImporter']['elapsedSeconds']} | "
        f"{r['bareImporter']['elementsPerSecond']:,} | - | 1.00x |",
    ]
    for key, name, ratio in [
        ("bulkInitialLoad", "`kb load --initial`", "ratioToImporter"),
        ("reloadAfterBulk", "`kb load` right after it (unchanged)", None),
        ("onlineFirstLoad", "`kb load` into the empty store", "ratioToImporter"),
        ("unchangedReload", "`kb load` unchanged reload", "shareOfFirstLoad"),
        ("verifyReload", "`kb load --verify` reload", "shareOfFirstLoad"),
    ]:
        row = r.get(key, {"notMeasured": "not reached (the run was stopped)"})
        if "notMeasured" in row:
            lines.append(f"| {name} | not measured: {row['notMeasured']} | - | - | - |")
            continue
        shown = (
            "-"
            if ratio is None
            else (
                f"{row[ratio]:.2f}x importer"
                if ratio == "ratioToImporter"
                else f"{row[ratio]:.1%} of first load"
            )
        )
        lines.append(
            f"| {name} | {row['seconds']} | {row['elementsPerSecond']:,} | {row['peakRssMiB']} | {shown} |"
        )
    lines += ["", r["note"] + ".", ""]
    bulk = r.get("bulkInitialLoad", {})
    if bulk.get("steps"):
        lines += [
            "`kb load --initial` by step (wall seconds, as it printed them): "
            + ", ".join(f"{name} {seconds}" for name, seconds in bulk["steps"].items())
            + ".",
            "",
            "Its check side by part (seconds of work, summed over its processes): "
            + ", ".join(f"{name} {seconds}" for name, seconds in bulk["checkSide"].items())
            + ".",
            "",
        ]
    return "\n".join(lines)


def main(
    scale: str = typer.Option("s", help="s, m or l"),
    families: int = typer.Option(0, help="Overrides the scale's family count (smoke runs)."),
    heap: str = typer.Option("1g"),
    pagecache: str = typer.Option("1g"),
    skip: str = typer.Option("", help="Steps to leave out: bulk, online, verify (commas)."),
    deadline: str = typer.Option(
        "", help="UTC time (HH:MM) by which the run stops; a step still running then is stopped."
    ),
    step_seconds: float = typer.Option(3600, help="Time limit of each `kb load` step."),
    results_dir: Path = typer.Option(RESULTS),
) -> None:
    count = families or SCALES[scale]
    label = scale if count == SCALES[scale] else f"f{count}"
    skipped = {name.strip() for name in skip.split(",") if name.strip()}
    if unknown := skipped - set(STEPS):
        raise typer.BadParameter(f"unknown steps {sorted(unknown)}", param_hint="--skip")
    stop_at = None
    if deadline:
        hour, minute = (int(part) for part in deadline.split(":"))
        stop_at = datetime.now(UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)
    work = REPO_ROOT / "bench" / "work" / label
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = results_dir / f"{datetime.now(UTC):%Y-%m-%d}-loading-{label}"

    def save(result: dict[str, Any]) -> None:
        stem.with_suffix(".json").write_text(json.dumps(result, indent=2, default=str) + "\n")
        stem.with_suffix(".md").write_text(markdown(result))

    result = measure_loading(
        count, label, work, heap, pagecache, skipped, Deadline(stop_at, step_seconds), save
    )
    save(result)
    print(markdown(result))
    os.sync()


if __name__ == "__main__":
    typer.run(main)

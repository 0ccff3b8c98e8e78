"""The bulk first load's check side in one process, with no database: every file of a
dataset read, validated, checked for ids, references and repeats, and written as the
importer's CSV files, as `kb load --initial` does it (`_Run.pass_over_files` with an
export), the parts timed in CPU seconds. For before/after pairs of the checking code
(run it with PYTHONPATH pointing at each commit's tree, alternately); the digest of the
importer files and the reject file says whether the two gave the same output.

    python -m bench.check_side DATASET OUT [MEMORY_KEYS]

MEMORY_KEYS (default 1,000,000, the workers' bound) keys and ids held in memory.
"""

from __future__ import annotations

import hashlib
import resource
import shutil
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import kb.loading.loader as loader
import kb.loading.report as report_module
from kb.loading.importer import ImporterFiles
from kb.loading.manifest import read_manifest
from kb.loading.report import LoadReport, RejectSink
from kb.security.erased import ErasedIds
from kb.writing.elements import Provenance


class _CpuClock:
    perf_counter = staticmethod(time.process_time)


def main(dataset: Path, out: Path, memory_keys: int) -> None:
    ErasedIds.read = classmethod(lambda cls, db: ErasedIds({}))  # type: ignore[method-assign,assignment]  # no database
    wall = time.perf_counter
    report_module.time = _CpuClock  # type: ignore[attr-defined,assignment]  # parts in CPU seconds (one thread)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    manifest = read_manifest(dataset)
    report = LoadReport(manifest.dataset_id, None, False, False)
    sink = RejectSink(out / "rejects.csv", report, manifest.inputs())
    run: Any = loader._Run(None, manifest, loader.BATCH_ROWS, threading.Event())  # type: ignore[arg-type]
    run.seen_in_memory = memory_keys
    run.ids_in_memory = memory_keys  # an attribute older commits do not read
    provenance = Provenance(
        manifest.dataset_id, "load-check-side", datetime(2026, 1, 1, tzinfo=UTC)
    )
    started, cpu = wall(), time.process_time()
    with sink, ImporterFiles(out / "csv", provenance) as files:
        run.export = files
        run.pass_over_files(report, sink, None, provenance=None)
    seconds, cpu = wall() - started, time.process_time() - cpu
    digest = hashlib.sha256()
    written = sorted((out / "csv").iterdir())
    if (out / "rejects.csv").exists():
        written.append(out / "rejects.csv")
    for path in written:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"rows {report.total('rows')} valid {report.total('valid')} "
        f"rejected {report.total('rejected')}"
    )
    print(f"wall {seconds:.1f}s cpu {cpu:.1f}s maxrss {peak} MB")
    print(run.checks.line())
    print("digest", digest.hexdigest())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)

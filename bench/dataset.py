"""The bench's dataset: made by `kb generate`, kept under bench/work/<scale>/dataset."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.domain.model import NODE_TYPES, RECORD_TYPES, RELATIONSHIP_TYPES

NODE_FILES = {t.file for t in NODE_TYPES}
RELATIONSHIP_FILES = {t.file for t in RELATIONSHIP_TYPES}


class NotAvailable(RuntimeError):
    """A piece the bench needs has not landed yet; the results say 'not measured: <why>'."""


@dataclass(frozen=True)
class DatasetSize:
    nodes: int
    relationships: int
    rows_per_file: dict[str, int]

    @property
    def elements(self) -> int:
        return self.nodes + self.relationships


def kb_command() -> list[str]:
    """`kb` run by the same interpreter, so a venv or system install both work."""
    return [sys.executable, "-m", "kb.cli"]


def generate(out: Path, families: int, seed: int) -> Path:
    """Generate the dataset once per (families, seed); returns the manifest's path."""
    stamp = out / ".bench-generated"
    wanted = json.dumps({"families": families, "seed": seed})
    manifest = out / "manifest.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == wanted:
        return manifest
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [*kb_command(), "generate", "--families", str(families), "--seed", str(seed), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise NotAvailable(
            "`kb generate` failed or does not exist yet: " + (reason[-1] if reason else "no output")
        )
    if not manifest.exists():
        raise NotAvailable(f"`kb generate` wrote no manifest.json into {out}")
    stamp.write_text(wanted)
    return manifest


def files_of(manifest: Path) -> dict[str, Path]:
    """The manifest's files by record file name (only the names the model knows)."""
    listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    return {name: manifest.parent / rel for name, rel in listed.items() if name in RECORD_TYPES}


def count_rows(path: Path) -> int:
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            return sum(1 for line in lines if line.strip())
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def size_of(manifest: Path) -> DatasetSize:
    rows = {name: count_rows(path) for name, path in files_of(manifest).items()}
    return DatasetSize(
        nodes=sum(n for name, n in rows.items() if name in NODE_FILES),
        relationships=sum(n for name, n in rows.items() if name in RELATIONSHIP_FILES),
        rows_per_file=rows,
    )


def iter_rows(path: Path) -> Iterator[dict[str, str | None]]:
    """Rows of a dataset file as text (empty cell = None), streamed, for the baselines."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield {
                        k: None if v in ("", None) else str(v) for k, v in json.loads(line).items()
                    }
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {k: (v if v != "" else None) for k, v in row.items()}

"""Read a dataset directory (manifest + CSV) into plain rows, for tests that check it independently."""

from __future__ import annotations

import csv
import json
from pathlib import Path


def read_dataset(path: Path) -> dict[str, list[dict[str, str]]]:
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    rows: dict[str, list[dict[str, str]]] = {}
    for file, relative in manifest["files"].items():
        with (path / relative).open(encoding="utf-8", newline="") as handle:
            rows[file] = list(csv.DictReader(handle))
    return rows

"""Fingerprints of a dataset's files, and the rule that lets a reload skip comparing them.

Each load that ends DONE records, per file, its content hash (SHA-256), its size and
its row counts, and whether the database-wide write generation (`kb.writing.generation`)
still held at its end. The next load of the same dataset hashes its files first: a
file whose hash and size match the last load's, that had no rejected row then, while
the generation has not moved since, holds exactly what the database already has from
it, so it is reported unchanged without being read or compared. Anything else (a
changed byte, a mutation, an erasure, another load that wrote, `--verify`) compares.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.loading.manifest import DatasetFile
from kb.storage.database import Database


@dataclass(frozen=True)
class Fingerprint:
    """What a file held when it was checked (the stat tells whether it changed since)."""

    sha256: str
    size: int
    mtime_ns: int

    def still_holds(self, path: Path) -> bool:
        """The file was not rewritten since it was hashed (size and modification time)."""
        stat = path.stat()
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns


def fingerprint(path: Path) -> Fingerprint:
    """Hash the file (read in chunks: memory stays flat)."""
    before = path.stat()
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return Fingerprint(digest, before.st_size, before.st_mtime_ns)


@dataclass(frozen=True)
class LastLoad:
    """What the database says about the dataset's last DONE load, and the generation now."""

    generation: int  # the database's write generation when this was read
    load_id: str | None = None
    clean_generation: int | None = None
    files: dict[str, dict[str, Any]] | None = None

    def unchanged_rows(self, file: DatasetFile, print_: Fingerprint) -> int | None:
        """The row count the last load read from this file, when the file can be skipped
        (same content, no rejected row then, no write anywhere since); else None."""
        if self.files is None or self.clean_generation != self.generation:
            return None
        recorded = self.files.get(file.key)
        if (
            recorded is None
            or recorded.get("sha256") != print_.sha256
            or recorded.get("bytes") != print_.size
            or recorded.get("rejected") != 0
        ):
            return None
        return int(recorded["rows"])


def last_load(db: Database, dataset_id: str) -> LastLoad:
    row = db.read("load/last_load", {"datasetId": dataset_id})[0]
    files = json.loads(row["fingerprints"]) if row["fingerprints"] else None
    return LastLoad(int(row["generation"]), row["loadId"], row["cleanGeneration"], files)


def recorded(prints: dict[str, tuple[DatasetFile, Fingerprint]], counts: dict[str, Any]) -> str:
    """The fingerprints a load records (JSON text), for the files that did not change while
    it ran; `counts` holds each file key's FileCounts."""
    files = {}
    for key, (file, print_) in prints.items():
        if key in counts and print_.still_holds(file.path):
            files[key] = {
                "name": file.name,
                "sha256": print_.sha256,
                "bytes": print_.size,
                "rows": counts[key].rows,
                "rejected": counts[key].rejected,
            }
    return json.dumps(files, sort_keys=True)

"""A dataset's `manifest.json`: which model files it holds and where they are.

Everything wrong with a manifest is fatal (a `DatasetError` with one line saying
where and why): the loader checks it before it writes anything.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from kb.domain.model import NODE_TYPES, RECORD_TYPES, RELATIONSHIP_TYPES, Node, Relationship

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SUFFIXES = (".csv", ".jsonl")
# A dataset id names the default reject file and every element's provenance: the model's
# id alphabet, so no path syntax (no slash, no backslash, not only dots).
DATASET_ID = re.compile(r"^(?!\.+$)[A-Za-z0-9_.:-]{1,128}$")
# Nodes first (relationships refer to them), each group in the model's order.
LOAD_ORDER: tuple[str, ...] = (
    *(t.file for t in NODE_TYPES),
    *(t.file for t in RELATIONSHIP_TYPES),
)


class LoadError(Exception):
    """A problem that stops a whole load; its message is one line a person can act on."""


class DatasetError(LoadError):
    """The dataset itself is unusable (manifest, missing file, header...): nothing written."""


@dataclass(frozen=True)
class DatasetFile:
    key: str
    record_type: type[Node] | type[Relationship]
    path: Path
    # The path as the manifest names it (what reports and reject files show).
    name: str


@dataclass(frozen=True)
class Manifest:
    root: Path
    dataset_id: str
    description: str
    files: tuple[DatasetFile, ...]  # in load order
    path: Path  # the manifest file itself

    def inputs(self) -> tuple[Path, ...]:
        """Every file the load reads (the manifest and the data files), resolved."""
        return (self.path, *(file.path for file in self.files))


def manifest_path(path: Path) -> Path:
    """A dataset is named by its directory or by its manifest file."""
    return path if path.suffix == ".json" else path / MANIFEST_NAME


def read_manifest(path: Path) -> Manifest:
    """Parse and check a manifest; raises `DatasetError` naming the problem."""
    file = manifest_path(path)
    if not file.is_file():
        where = "directory" if file.parent.is_dir() else "path"
        if not file.parent.exists():
            raise DatasetError(f"{file.parent}: no such dataset directory")
        raise DatasetError(f"{file}: missing manifest (the dataset {where} needs a manifest.json)")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DatasetError(f"{file}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DatasetError(
            f"{file}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(data, dict):
        raise DatasetError(f"{file}: the manifest must be a JSON object")

    version = data.get("formatVersion")
    if version != FORMAT_VERSION:
        raise DatasetError(
            f"{file}: unknown formatVersion {version!r} (this loader reads formatVersion "
            f"{FORMAT_VERSION})"
        )
    dataset_id = data.get("datasetId")
    if not isinstance(dataset_id, str) or not dataset_id.strip():
        raise DatasetError(f"{file}: datasetId must be a non-empty string")
    if not DATASET_ID.match(dataset_id.strip()):
        raise DatasetError(
            f"{file}: datasetId {dataset_id.strip()[:60]!r} may hold only letters, digits and "
            ". _ : - (at most 128; it names the reject file, so no path syntax)"
        )
    description = data.get("description", "")
    if not isinstance(description, str):
        raise DatasetError(f"{file}: description must be a string")
    unknown_fields = sorted(set(data) - {"formatVersion", "datasetId", "description", "files"})
    if unknown_fields:
        raise DatasetError(f"{file}: unknown manifest field(s) {', '.join(unknown_fields)}")

    listed = data.get("files")
    if not isinstance(listed, dict) or not listed:
        raise DatasetError(f"{file}: files must be a non-empty object of file key -> path")
    unknown = sorted(set(listed) - set(RECORD_TYPES))
    if unknown:
        raise DatasetError(
            f"{file}: unknown file key(s) {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(LOAD_ORDER)})"
        )
    root = file.parent.resolve()
    files = []
    for key in LOAD_ORDER:
        if key not in listed:
            continue
        relative = listed[key]
        if not isinstance(relative, str) or not relative.strip():
            raise DatasetError(f"{file}: files.{key} must be a path")
        target = _inside(file, root, key, relative)
        if target.suffix not in SUFFIXES:
            raise DatasetError(f"{file}: files.{key} = {relative!r} must end in .csv or .jsonl")
        files.append(DatasetFile(key, RECORD_TYPES[key], target, relative))
    return Manifest(root, dataset_id.strip(), description, tuple(files), file.resolve())


def _inside(file: Path, root: Path, key: str, relative: str) -> Path:
    """The listed file, resolved (symlinks followed), refused unless it lies in the
    dataset's folder: a manifest names its own files, never `../`, `/etc/...` or a link out."""
    if (
        PurePosixPath(relative).is_absolute()
        or PureWindowsPath(relative).is_absolute()
        or PureWindowsPath(relative).drive
    ):
        raise DatasetError(
            f"{file}: files.{key} = {relative!r} is an absolute path; name a file inside the "
            "dataset folder, relative to the manifest"
        )
    target = (root / relative).resolve()
    if root not in target.parents:
        how = "a symlink that points" if (root / relative).is_symlink() else "a path that leads"
        raise DatasetError(
            f"{file}: files.{key} = {relative!r} is {how} outside the dataset folder {root}; "
            "a dataset's files must lie inside its folder"
        )
    return target

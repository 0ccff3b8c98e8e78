"""Loading datasets (a manifest and CSV / JSON Lines files) into the knowledge base."""

from kb.loading.initial import ImportFailed, InitialLoadRefused, initial_load
from kb.loading.loader import (
    BATCH_ROWS,
    DatabaseFailed,
    LoadInterrupted,
    default_reject_file,
    load_dataset,
)
from kb.loading.manifest import DatasetError, LoadError
from kb.loading.report import FileCounts, LoadReport

__all__ = [
    "BATCH_ROWS",
    "DatabaseFailed",
    "DatasetError",
    "FileCounts",
    "ImportFailed",
    "InitialLoadRefused",
    "LoadError",
    "LoadInterrupted",
    "LoadReport",
    "default_reject_file",
    "initial_load",
    "load_dataset",
]

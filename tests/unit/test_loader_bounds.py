"""The loader touches only what is its own (issue #13); the checks that need no database: a
datasetId cannot be a path, and a CSV line is read with a bound (a 200 MiB line with no
newline is refused without being held).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb.loading import DatasetError
from kb.loading.manifest import read_manifest
from kb.loading.sources import check_file
from tests.loader_support import write_dataset

AGENCY = "id,name,sector\na1,Riverside School,EDUCATION\n"


@pytest.mark.parametrize(
    "dataset_id", ["../../escaped", "/tmp/escaped", "a/b", "..", "a\\b", "x" * 129, "two words"]
)
def test_a_dataset_id_with_path_syntax_is_refused(tmp_path: Path, dataset_id: str):
    root = write_dataset(
        tmp_path / "parent" / "ds",
        {"agencies": ("agencies.csv", AGENCY)},
        {"datasetId": dataset_id},
    )

    with pytest.raises(DatasetError, match=r"datasetId .* may hold only letters, digits"):
        read_manifest(root)


_PEAK_OF_READING = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from kb.domain.model import Agency
    from kb.loading.manifest import DatasetFile
    from kb.loading.sources import RowReader, check_file

    def read(path):
        file = DatasetFile("agencies", Agency, Path(path), Path(path).name)
        check_file(file)
        with RowReader(file) as reader:
            return [(type(item).__name__, item.line) for item in reader]

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # MiB

    small = read(sys.argv[1])
    before = peak()
    items = read(sys.argv[2])
    print(before, peak(), items)
    """
)


def test_a_200_mib_csv_line_without_a_newline_is_refused_without_holding_it(tmp_path: Path):
    small = tmp_path / "small.csv"
    small.write_text(AGENCY)
    huge = tmp_path / "huge.csv"
    with huge.open("w") as handle:
        handle.write(AGENCY)
        handle.write("a2,")
        chunk = "x" * (1 << 20)
        for _ in range(200):  # 200 MiB, no newline
            handle.write(chunk)

    result = subprocess.run(
        [sys.executable, "-c", _PEAK_OF_READING, str(small), str(huge)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    before, after, items = result.stdout.split(" ", 2)

    assert items.strip() == "[('RawRow', 2), ('Problem', 3)]"
    # Today's reader held the whole line: peak RSS rose by 400 MiB or more.
    assert int(after) - int(before) < 64, f"peak RSS rose from {before} to {after} MiB"


def test_a_csv_header_without_a_newline_is_refused_without_holding_it(tmp_path: Path):
    root = write_dataset(
        tmp_path / "ds", {"agencies": ("agencies.csv", "id,name," + "s" * 5_000_000)}
    )
    (file,) = read_manifest(root).files
    with pytest.raises(DatasetError, match=r"line 1: the header is longer than"):
        check_file(file)

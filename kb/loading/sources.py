"""Reading a dataset file one row at a time (CSV or JSON Lines), never the whole file.

`check_file` is the pre-flight: the file exists, is not empty, is UTF-8 at the
start and (for CSV) has a header with every required column and no unknown one.
Its problems are fatal. `RowReader` then streams rows; a problem with one row
(bad bytes, a field over the size limit, a short row, bad JSON) comes out as a
`Problem` for that row and reading goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any

from kb.domain.model import Node, Relationship, column_name
from kb.loading.manifest import DatasetError, DatasetFile

# The model's longest text is 10,000 characters; a field ten times that is surely
# a broken file (an unclosed quote swallowing the rest), not data.
MAX_FIELD_CHARS = 100_000
MAX_LINE_CHARS = 1_000_000
ENCODING = "utf-8-sig"  # UTF-8, with or without the byte-order mark spreadsheets write
# Undecodable bytes are read as lone surrogates (errors="surrogateescape") so one
# bad row is rejected instead of the whole file failing to decode.
_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    reason: str


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int
    values: dict[str, Any]


Item = RawRow | Problem


def columns(record_type: type[Node] | type[Relationship]) -> tuple[list[str], list[str]]:
    """The record's column names (aliases): (required, optional)."""
    required: list[str] = []
    optional: list[str] = []
    for name, info in record_type.model_fields.items():
        (required if info.is_required() else optional).append(column_name(record_type, name))
    return required, optional


def bad_bytes(text: str) -> str | None:
    """Why `text` is not UTF-8, or None when it is."""
    match = _BAD_BYTE.search(text)
    if match is None:
        return None
    byte = ord(match.group()) - 0xDC00
    return (
        f"not valid UTF-8 (byte 0x{byte:02X} at character {match.start() + 1}); "
        "save the file as UTF-8"
    )


def check_file(file: DatasetFile) -> None:
    """Fatal problems with a whole file; raises `DatasetError`."""
    try:
        _check_file(file)
    except OSError as error:
        raise DatasetError(f"{file.name}: cannot be read ({error.strerror or error})") from None


def _check_file(file: DatasetFile) -> None:
    where = file.name
    if not file.path.exists():
        raise DatasetError(f"{where}: missing file (listed in the manifest as {file.key!r})")
    if not file.path.is_file():
        raise DatasetError(f"{where}: not a file")
    with file.path.open("rb") as binary:
        start = binary.read(4)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DatasetError(f"{where}: the file is UTF-16; save it as UTF-8")
        binary.seek(0)
        if not _has_content(binary):
            raise DatasetError(f"{where}: the file is empty")
        if file.path.suffix == ".csv":
            binary.seek(0)
            _check_header(file, binary)


def _has_content(binary: IO[bytes]) -> bool:
    while chunk := binary.read(65536):
        if chunk.strip():
            return True
    return False


def _check_header(file: DatasetFile, binary: IO[bytes]) -> None:
    text = io.TextIOWrapper(binary, encoding=ENCODING, errors="surrogateescape", newline="")
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        header = next(csv.reader(text))
    except csv.Error as error:
        raise DatasetError(f"{file.name}: line 1: the header cannot be read ({error})") from None
    finally:
        text.detach()
    problem = header_problem(file.record_type, header)
    if problem:
        raise DatasetError(f"{file.name}: line 1: {problem}")


def header_problem(record_type: type[Node] | type[Relationship], header: list[str]) -> str | None:
    """What is wrong with a CSV header row, or None."""
    expected = ",".join(c for group in columns(record_type) for c in group)
    for cell in header:
        reason = bad_bytes(cell)
        if reason:
            return f"header is {reason}"
    names = [cell.strip() for cell in header]
    required, optional = columns(record_type)
    problems = []
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(f"duplicate column(s) {', '.join(duplicates)}")
    missing = [c for c in required if c not in names]
    if missing:
        problems.append(f"missing required column(s) {', '.join(missing)}")
    unknown = [n for n in names if n not in required and n not in optional]
    if unknown:
        problems.append(f"unknown column(s) {', '.join(repr(n) for n in unknown)}")
    if not problems:
        return None
    hint = " (does the file start with a header row?)" if missing and unknown else ""
    return f"{'; '.join(problems)}{hint}; expected columns: {expected}"


class RowReader:
    """Streams the rows of one dataset file; `position` is how many bytes were read."""

    def __init__(self, file: DatasetFile) -> None:
        self.file = file
        self._binary: IO[bytes] | None = None

    def __enter__(self) -> RowReader:
        self._binary = self.file.path.open("rb")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._binary is not None:
            self._binary.close()

    @property
    def size(self) -> int:
        return self.file.path.stat().st_size

    @property
    def position(self) -> int:
        return self._binary.tell() if self._binary is not None and not self._binary.closed else 0

    def __iter__(self) -> Iterator[Item]:
        assert self._binary is not None, "use RowReader as a context manager"
        if self.file.path.suffix == ".csv":
            return self._csv_rows(self._binary)
        return self._json_lines(self._binary)

    def _csv_rows(self, binary: IO[bytes]) -> Iterator[Item]:
        text = io.TextIOWrapper(binary, encoding=ENCODING, errors="surrogateescape", newline="")
        csv.field_size_limit(MAX_FIELD_CHARS)
        reader = csv.reader(text)
        try:
            header = [cell.strip() for cell in next(reader)]
        except (StopIteration, csv.Error):
            return  # check_file has already said what is wrong with the header
        last_line = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Problem(last_line + 1, "", _csv_reason(error))
                last_line = reader.line_num
                continue
            line, last_line = last_line + 1, reader.line_num
            if not cells:
                continue  # a blank line
            if len(cells) != len(header):
                yield Problem(
                    line, "", f"the row has {len(cells)} fields but the header has {len(header)}"
                )
                continue
            yield _row(line, zip(header, cells, strict=True))

    def _json_lines(self, binary: IO[bytes]) -> Iterator[Item]:
        text = io.TextIOWrapper(binary, encoding=ENCODING, errors="surrogateescape")
        line = 0
        while chunk := text.readline(MAX_LINE_CHARS + 1):
            line += 1
            if len(chunk) > MAX_LINE_CHARS and not chunk.endswith("\n"):
                while (rest := text.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                    pass  # skip the rest of the over-long line without holding it
                yield Problem(line, "", f"the line is longer than {MAX_LINE_CHARS:,} characters")
                continue
            if not chunk.strip():
                continue
            try:
                value = json.loads(chunk)
            except json.JSONDecodeError as error:
                reason = (
                    bad_bytes(chunk) or f"not valid JSON ({error.msg} at character {error.pos + 1})"
                )
                yield Problem(line, "", reason)
                continue
            if not isinstance(value, dict):
                yield Problem(line, "", "each line must hold one JSON object")
                continue
            yield _row(line, value.items())


def _row(line: int, pairs: Any) -> Item:
    """A row's values with empty text as null; a bad-bytes column makes it a Problem."""
    values: dict[str, Any] = {}
    for column, value in pairs:
        if isinstance(value, str):
            reason = bad_bytes(value)
            if reason:
                return Problem(line, str(column), reason)
            if not value.strip():
                value = None
        values[str(column)] = value
    return RawRow(line, values)


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a field is longer than {MAX_FIELD_CHARS:,} characters (an unclosed quote?)"
    return f"the row cannot be read as CSV ({text})"

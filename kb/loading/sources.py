"""Reading a dataset file one row at a time (CSV or JSON Lines), never the whole file.

`check_file` is the pre-flight: the file exists, is not empty, is UTF-8 at the
start and (for CSV) has a header with every required column and no unknown one.
Its problems are fatal. `RowReader` then streams rows; a problem with one row
(bad bytes, a field over the size limit, a short row, bad JSON, a key twice in
one object) comes out as a `Problem` for that row and reading goes on.

Every read is bounded: a CSV row (which may span lines inside quotes) and a JSON
line are read at most a fixed number of characters at a time, so a file with a
200 MiB line and no newline costs no more memory than a file of short lines.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from kb.domain.model import Node, Relationship, column_name
from kb.loading.manifest import DatasetError, DatasetFile

# The model's longest text is 10,000 characters; a field ten times that is surely
# a broken file (an unclosed quote swallowing the rest), not data.
MAX_FIELD_CHARS = 100_000
MAX_LINE_CHARS = 1_000_000
_SKIP_CHARS = 65_536  # how much of an over-long line is read at a time to skip it
ENCODING = "utf-8-sig"  # UTF-8, with or without the byte-order mark spreadsheets write
# Undecodable bytes are read as lone surrogates (errors="surrogateescape") so one
# bad row is rejected instead of the whole file failing to decode.
_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    reason: str


@dataclass(slots=True)  # not frozen: a frozen dataclass costs a third more to make, per row
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
    lines = BoundedLines(text, csv_row_limit(file.record_type))
    try:
        header = next(csv.reader(lines))
    except csv.Error as error:
        raise DatasetError(f"{file.name}: line 1: the header cannot be read ({error})") from None
    except RowTooLong:
        raise DatasetError(
            f"{file.name}: line 1: the header is longer than {lines.limit:,} characters"
        ) from None
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


def csv_row_limit(record_type: type[Node] | type[Relationship]) -> int:
    """The most characters a well-formed CSV row of this record type can take: every
    column at the field limit, each character a doubled quote, plus one column more (a
    longer row has a field over the limit or more fields than the header)."""
    required, optional = columns(record_type)
    return (len(required) + len(optional) + 1) * (2 * MAX_FIELD_CHARS + 3)


class RowTooLong(Exception):
    """A CSV row ran past its bound before it ended (`BoundedLines` raises it)."""


class BoundedLines:
    """The physical lines of a text stream for `csv.reader`, each read with a bound.

    `csv.reader` asks for one line at a time and holds a whole row until it ends;
    given the stream itself, a 200 MiB line with no newline would be read whole
    before the field limit could refuse it. Here no row (since `start_row`) may
    take more than `limit` characters: past that, the rest of its current line is
    skipped without being held, and `RowTooLong` is raised for the caller to
    report and to go on reading with a fresh reader.
    """

    def __init__(self, text: IO[str], limit: int) -> None:
        self.text = text
        self.limit = limit
        self.number = 0  # physical lines read so far
        self._row_chars = 0

    def start_row(self) -> None:
        self._row_chars = 0

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit - self._row_chars + 1)
        if not line:
            raise StopIteration
        self.number += 1
        self._row_chars += len(line)
        if self._row_chars > self.limit:
            if line[-1] not in "\r\n":
                while (rest := self.text.readline(_SKIP_CHARS)) and rest[-1] not in "\r\n":
                    pass  # skip the rest of the over-long line without holding it
            raise RowTooLong
        return line


class RowReader:
    """Streams the rows of one dataset file; `position` is how many bytes were read."""

    def __init__(self, file: DatasetFile) -> None:
        self.file = file
        self._binary: IO[bytes] | None = None

    def __enter__(self) -> RowReader:
        self._binary = self.file.path.open("rb")
        return self

    def __exit__(self, *_: object) -> None:
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
        lines = BoundedLines(text, csv_row_limit(self.file.record_type))
        reader = csv.reader(lines)
        try:
            header = [cell.strip() for cell in next(reader)]
        except (StopIteration, csv.Error, RowTooLong):
            return  # check_file has already said what is wrong with the header
        while True:
            line = lines.number + 1  # the row starts on the line after the last one read
            lines.start_row()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Problem(line, "", _csv_reason(error))
                continue
            except RowTooLong:
                yield Problem(line, "", _too_long(lines.limit))
                reader = csv.reader(lines)  # start afresh on the next line
                continue
            if not cells:
                continue  # a blank line
            if len(cells) != len(header):
                yield Problem(
                    line, "", f"the row has {len(cells)} fields but the header has {len(header)}"
                )
                continue
            if all(map(str.isascii, cells)):  # no bad bytes possible: `_row`'s check skipped
                pairs = zip(header, cells, strict=True)
                yield RawRow(line, {c: v if v and not v.isspace() else None for c, v in pairs})
            else:
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
                value = json.loads(chunk, object_pairs_hook=_object_without_repeats)
            except RepeatedKey as repeated:
                yield Problem(line, repeated.key[:60], repeated.reason)
                continue
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
    """A row's values with empty (or blank) text as null; a bad-bytes column makes it a
    Problem. (`_csv_rows` does the same inline for a row of ASCII text, which cannot hold
    a bad byte: `v.isspace()` is `not v.strip()` for non-empty text.)"""
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


class RepeatedKey(ValueError):
    """A JSON object names the same key twice (JSON would silently keep the last)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
        self.reason = (
            f"the key {key[:60]!r} appears more than once in the object; which value is meant "
            "is ambiguous, so the row is refused"
        )


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKey(key)
            seen.add(key)
    return value


def _too_long(limit: int) -> str:
    return (
        f"a field is longer than {MAX_FIELD_CHARS:,} characters or the row has more fields "
        f"than the header: it runs past {limit:,} characters (an unclosed quote?)"
    )


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a field is longer than {MAX_FIELD_CHARS:,} characters (an unclosed quote?)"
    return f"the row cannot be read as CSV ({text})"

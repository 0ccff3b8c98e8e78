"""Cells read and checked as the loader does, without a database: numbers are not timestamps,
random text in a date or enum column is a clean reject or a valid value, and the load statements
on disk are what the model renders."""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kb.cli import app as cli
from kb.domain.model import Agency, Episode
from kb.domain.vocabulary import Sector
from kb.loading.manifest import DatasetFile
from kb.loading.sources import Problem, RowReader
from kb.loading.validation import validate
from kb.storage.cypher import CYPHER_DIR, UnknownStatement, all_names, statement
from kb.writing.statements import names


def test_numbers_are_not_read_as_unix_timestamps():
    problems = validate(Episode, raw({"id": "e1", "kind": "EHCP", "openedAt": "20230110"}))
    assert isinstance(problems, list)
    assert [p.column for p in problems] == ["openedAt"]


def raw(values: dict[str, object]):
    from kb.loading.sources import RawRow

    return RawRow(2, values)


def read_one_row(header: list[str], cells: list[str]) -> list[Problem] | object:
    """Write a one-row CSV with the csv module, then read and check it as the loader does."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerow(cells)
        record_type = Episode if "openedAt" in header else Agency
        file = DatasetFile("x", record_type, path, "rows.csv")
        with RowReader(file) as reader:
            items = list(reader)
    assert len(items) == 1, items
    (item,) = items
    if isinstance(item, Problem):
        return [item]
    return validate(record_type, item)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.dates().map(str)))
def test_random_text_in_a_date_column_is_a_clean_reject_or_a_date(text: str):
    result = read_one_row(["id", "kind", "openedAt"], ["e1", "EHCP", text])

    if isinstance(result, list):
        assert result, "a rejected row names at least one problem"
        for problem in result:
            assert problem.column in {"openedAt", ""}
            assert problem.reason and len(problem.reason) < 300
    else:
        assert isinstance(result, Episode)
        assert result.opened_at == date.fromisoformat(text.strip())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=30), st.sampled_from([s.value for s in Sector])))
def test_random_text_in_an_enum_column_is_a_clean_reject_or_an_allowed_value(text: str):
    result = read_one_row(["id", "name", "sector"], ["a1", "School", text])

    if isinstance(result, list):
        assert text.strip() not in {s.value for s in Sector}
        assert all(p.column in {"sector", ""} for p in result)
    else:
        assert isinstance(result, Agency)
        assert result.sector.value == text.strip()


def test_the_writing_statements_are_built_from_the_model_and_printed_as_sent():
    built = list(names())
    assert len(built) == len(set(built)) == 10 * 2 + 23 * 4
    # None is a file any more: each comes from its kind's template, at call time.
    assert not [n for n in built if (CYPHER_DIR / f"{n}.cypher").exists()]
    assert set(built) <= set(all_names())
    for name in built:
        text = statement(name)
        assert text.startswith("//") and "UNWIND $rows AS row" in text
    # The review command prints exactly what the loader sends.
    shown = CliRunner().invoke(cli, ["cypher", "show", "load/nodes/Family"])
    assert shown.exit_code == 0 and shown.output == statement("load/nodes/Family")
    assert "MERGE (n:Family {id: row.id})" in shown.output
    listed = CliRunner().invoke(cli, ["cypher", "list", "load/compare_nodes/"]).output.split()
    assert listed == sorted(n for n in built if n.startswith("load/compare_nodes/"))


@pytest.mark.parametrize(
    "name",
    [
        "load/nodes/Nope",
        "load/relationships/EMPLOYED_BY__Agency__Professional",  # the wrong way round
        "load/relationships/new/NOPE__Client__Family",
        "load/compare_nodes/Family; MATCH (n) DETACH DELETE n",
    ],
)
def test_a_name_the_model_does_not_allow_builds_nothing(name: str):
    with pytest.raises(UnknownStatement):
        statement(name)
    refused = CliRunner().invoke(cli, ["cypher", "show", name])
    assert refused.exit_code == 1 and "no statement named" in refused.output

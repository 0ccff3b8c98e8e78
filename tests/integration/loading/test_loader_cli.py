"""`kb load`: exit codes 0 / 2 / 1, the summary table, one-line errors, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.settings import Settings
from kb.storage.database import Database
from tests.loader_support import BAD_ROWS, SMALL, SMALL_NODES, SMALL_RELATIONSHIPS, model_counts


@pytest.fixture
def runner(db: Database, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner whose `kb` talks to the server under test (emptied by `db`)."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.neo4j_uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.neo4j_password)
    return CliRunner()


def test_a_clean_load_exits_0_with_a_table(runner: CliRunner, db: Database, tmp_path: Path):
    result = runner.invoke(app, ["load", str(SMALL), "--rejects", str(tmp_path / "r.csv")])

    assert result.exit_code == 0, result.output
    assert "agencies.csv" in result.output and "participated_in.csv" in result.output
    assert "38 created, 0 updated, 0 unchanged" in result.output
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)

    again = runner.invoke(app, ["load", str(SMALL), "--rejects", str(tmp_path / "r.csv")])
    assert again.exit_code == 0
    assert "nothing changed (already up to date)" in again.output


def test_rejected_rows_exit_2_and_go_to_the_reject_file(
    runner: CliRunner, db: Database, tmp_path: Path
):
    copy = tmp_path / "data" / "bad"
    shutil.copytree(BAD_ROWS, copy)

    result = runner.invoke(app, ["load", str(copy)])

    assert result.exit_code == 2, result.output
    rejects = tmp_path / "data" / "bad-rows-fixture.rejects.csv"
    assert rejects.exists()
    assert "15 rejected row(s) written to" in result.output
    assert "agencies.csv:3 sector:" in result.output


def test_dry_run_exits_by_the_same_rule_and_writes_nothing(
    runner: CliRunner, db: Database, tmp_path: Path
):
    result = runner.invoke(app, ["load", str(SMALL), "--dry-run", "--rejects", str(tmp_path / "r")])

    assert result.exit_code == 0, result.output
    assert "dry run of small-fixture: nothing written" in result.output
    assert db.read("load/graph_counts") == []


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda root: root.mkdir(), "missing manifest"),
        (
            lambda root: (
                root.mkdir(),
                (root / "manifest.json").write_text('{"formatVersion": 7}'),
            ),
            "unknown formatVersion 7",
        ),
    ],
)
def test_a_fatal_problem_exits_1_with_one_line(
    runner: CliRunner, db: Database, tmp_path: Path, setup, message: str
):
    root = tmp_path / "ds"
    setup(root)

    result = runner.invoke(app, ["load", str(root)])

    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db.read("load/graph_counts") == []


def test_an_unreachable_database_exits_1_with_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens on port 1

    result = runner.invoke(app, ["load", str(SMALL), "--rejects", str(tmp_path / "r.csv")])

    assert result.exit_code == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1

"""The bulk first load's swap (`LocalServer.replace_database`), cut short after every step:
the next start (`finish_database_swap`) leaves the complete new database in place, and a
swap cut before its journal was written leaves the old one. Folders stand in for stores."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kb.settings import get_settings
from kb.storage.server import LocalServer

PARTS = ("databases", "transactions")


def _server(tmp_path: Path) -> tuple[LocalServer, Path]:
    server = LocalServer(get_settings().model_copy(update={"local_home": tmp_path / "home"}))
    staged = tmp_path / "staged"
    for part in PARTS:
        (server.data_dir / part / "neo4j").mkdir(parents=True)
        (server.data_dir / part / "neo4j" / "which").write_text("old")
        (server.data_dir / part / "system").mkdir()
        (staged / part / "neo4j").mkdir(parents=True)
        (staged / part / "neo4j" / "which").write_text("new")
    return server, staged


def _live(server: LocalServer) -> list[str]:
    return [(server.data_dir / p / "neo4j" / "which").read_text() for p in PARTS]


@pytest.mark.parametrize("cut_after", [0, 1, 2, 3])
def test_a_swap_cut_after_any_rename_is_finished_by_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_after: int
):
    server, staged = _server(tmp_path)
    rename = os.rename
    done: list[Any] = []

    def dying(source: Any, target: Any) -> None:
        if len(done) == cut_after:
            raise KeyboardInterrupt  # the process is killed here
        done.append(source)
        rename(source, target)

    monkeypatch.setattr(os, "rename", dying)
    with pytest.raises(KeyboardInterrupt):
        server.replace_database(staged, "neo4j")
    monkeypatch.setattr(os, "rename", rename)
    assert server.swap_journal.exists()
    assert server.finish_database_swap()
    assert _live(server) == ["new", "new"]
    assert not server.swap_journal.exists()
    assert not any((server.data_dir / p / "neo4j.replaced").exists() for p in PARTS)
    assert all((server.data_dir / p / "system").exists() for p in PARTS)  # untouched
    assert not server.finish_database_swap()  # nothing left to do


def test_a_swap_cut_before_its_journal_keeps_the_old_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    server, staged = _server(tmp_path)

    def dying(source: Any, target: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", dying)
    with pytest.raises(KeyboardInterrupt):
        server.replace_database(staged, "neo4j")
    assert not server.finish_database_swap()
    assert _live(server) == ["old", "old"]


def test_a_swap_completes_without_interruption(tmp_path: Path):
    server, staged = _server(tmp_path)
    server.replace_database(staged, "neo4j")
    assert _live(server) == ["new", "new"] and not server.swap_journal.exists()

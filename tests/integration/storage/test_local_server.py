"""The local server's lifecycle and its error cases, against the real Neo4j jars."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.settings import Settings
from kb.storage.server import LocalServer, ServerError

runner = CliRunner()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scratch_settings(base: Settings, home: Path, port: int, **changes: object) -> Settings:
    """A second server home that reuses the session's jars (no second Maven run)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "lib").symlink_to(base.local_home.resolve() / "lib")
    return base.model_copy(
        update={"local_home": home, "neo4j_uri": f"bolt://127.0.0.1:{port}", **changes}
    )


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "KB_NEO4J_HOME": str(settings.local_home),
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "KB_NEO4J_HEAP": settings.local_heap,
        "KB_NEO4J_START_TIMEOUT": str(settings.local_start_timeout),
    }


def test_second_start_finds_the_running_server(neo4j_settings: Settings) -> None:
    if os.environ.get("KB_TEST_NEO4J") == "docker":
        pytest.skip("the local server is not used with Docker")
    status, started = LocalServer(neo4j_settings).start()
    assert started is False
    assert status.version is not None and status.version.startswith("5.26")
    result = runner.invoke(app, ["db", "start"], env=cli_env(neo4j_settings))
    assert result.exit_code == 0
    assert "already running" in result.output


def test_start_then_stop_leaves_no_process(neo4j_settings: Settings, tmp_path: Path) -> None:
    settings = scratch_settings(neo4j_settings, tmp_path / "second", free_port())
    env = cli_env(settings)
    result = runner.invoke(app, ["db", "start"], env=env)
    assert result.exit_code == 0, result.output
    pid = LocalServer(settings).pid()
    assert pid is not None
    status = runner.invoke(app, ["db", "status"], env=env)
    assert "5.26" in status.output
    stopped = runner.invoke(app, ["db", "stop"], env=env)
    assert stopped.exit_code == 0
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()
    assert LocalServer(settings).pid() is None
    assert runner.invoke(app, ["db", "status"], env=env).exit_code == 3

    # A home whose data was wiped starts again with the configured password.
    shutil.rmtree(settings.local_home / "data")
    again = runner.invoke(app, ["db", "start"], env=env)
    try:
        assert again.exit_code == 0, again.output
        assert "5.26" in runner.invoke(app, ["db", "status"], env=env).output
    finally:
        assert runner.invoke(app, ["db", "stop"], env=env).exit_code == 0


def test_taken_port_is_a_one_line_error(neo4j_settings: Settings, tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        settings = scratch_settings(neo4j_settings, tmp_path / "taken", port)
        with pytest.raises(ServerError, match=f"port {port} is already taken"):
            LocalServer(settings).start()
        result = runner.invoke(app, ["db", "start"], env=cli_env(settings))
    assert result.exit_code == 1
    assert "already taken" in result.output
    assert "Traceback" not in result.output


def test_missing_java_is_a_one_line_error(neo4j_settings: Settings, tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    settings = neo4j_settings.model_copy(
        update={"local_home": tmp_path / "nojava", "neo4j_uri": f"bolt://127.0.0.1:{free_port()}"}
    )
    env = {**cli_env(settings), "PATH": str(empty_bin)}
    result = runner.invoke(app, ["db", "start"], env=env)
    assert result.exit_code == 1
    assert "'java' was not found on PATH" in result.output
    assert "Traceback" not in result.output


def test_server_that_does_not_come_up_names_its_log(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    settings = scratch_settings(
        neo4j_settings, tmp_path / "slow", free_port(), local_start_timeout=0.5
    )
    with pytest.raises(ServerError) as raised:
        LocalServer(settings).start()
    message = str(raised.value)
    assert "did not answer" in message and "console.log" in message
    assert Path(message.rsplit("see ", 1)[1]).exists()
    assert LocalServer(settings).pid() is None

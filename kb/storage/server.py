"""The local Neo4j 5.26 Community server, for machines without Docker.

The jars come from Maven Central through the checked-in `neo4j/pom.xml`; the
server runs Neo4j's own entry point with a configuration this module writes.
Everything it keeps (jars, config, data, logs, pid file) lives under
`Settings.local_home`, which git ignores.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j.exceptions import AuthError, ServiceUnavailable

from kb.settings import REPO_ROOT, Settings
from neo4j import GraphDatabase

POM = REPO_ROOT / "neo4j" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# The JVM options Neo4j's own launcher passes (see its neo4j.conf defaults).
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


class ServerError(RuntimeError):
    """A problem a person can act on; the CLI prints its message on one line."""


@dataclass(frozen=True)
class ServerStatus:
    pid: int | None  # None: not running
    port: int
    version: str | None
    home: Path


@dataclass(frozen=True)
class LocalServer:
    """Paths and commands of one local server home."""

    settings: Settings

    @property
    def home(self) -> Path:
        return self.settings.local_home.resolve()

    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    # -- installation -------------------------------------------------------

    def ensure_tools(self) -> None:
        for tool in ("java", "mvn"):
            if shutil.which(tool) is None:
                raise ServerError(
                    f"'{tool}' was not found on PATH: the local Neo4j needs Java 17 and Maven "
                    "(apt-get install openjdk-17-jdk-headless maven)"
                )

    def ensure_jars(self) -> None:
        """Copy the server's jars from Maven Central (or ~/.m2) once."""
        marker = self.lib / ".resolved"
        if marker.exists() and marker.read_text() == POM.read_text():
            return
        self.ensure_tools()
        self.lib.mkdir(parents=True, exist_ok=True)
        log = self.home / "maven.log"
        with log.open("w") as out:
            result = subprocess.run(
                [
                    "mvn",
                    "-B",
                    "-q",
                    "-f",
                    str(POM),
                    "dependency:copy-dependencies",
                    f"-DoutputDirectory={self.lib}",
                    "-DincludeScope=runtime",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if result.returncode != 0:
            raise ServerError(f"Maven could not resolve the Neo4j server; see {log}")
        marker.write_text(POM.read_text())

    def write_config(self) -> None:
        for folder in (self.conf_dir, self.data_dir, self.logs_dir, self.home / "plugins"):
            folder.mkdir(parents=True, exist_ok=True)
        s = self.settings
        lines = [
            "# Written by `kb db start`; edits are overwritten.",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{s.bolt_port}",
            # The advertised port is the one clients reach: a routing (neo4j://) driver goes
            # where the routing table says, and the default 7687 may be another server.
            f"server.bolt.advertised_address=127.0.0.1:{s.bolt_port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            f"server.memory.heap.initial_size={s.local_heap}",
            f"server.memory.heap.max_size={s.local_heap}",
            f"server.memory.pagecache.size={s.local_pagecache}",
            f"server.directories.data={self.data_dir}",
            f"server.directories.logs={self.logs_dir}",
            f"server.directories.plugins={self.home / 'plugins'}",
            f"server.directories.import={self.home / 'import'}",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            f"db.transaction.timeout={int(s.neo4j_query_timeout)}s",
            # How long a deleted (erased) value can stay in the transaction log: until the
            # file that holds it is rotated (after 16 MiB more log) and the next
            # checkpoint (every 5 minutes at most) prunes it; only the files recovery
            # needs are kept (docs/security.md, "What erasure guarantees on disk").
            # `kb db rebuild` removes it at once. Community has no online backup, which
            # is what longer retention would serve.
            "db.tx_log.rotation.retention_policy=keep_none",
            "db.tx_log.rotation.size=16M",
            "db.checkpoint.interval.time=5m",
        ]
        (self.conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")

    def java(self, main: str, *args: str, heap: str | None = None) -> list[str]:
        memory = [f"-Xms{heap}", f"-Xmx{heap}"] if heap else []
        return ["java", *memory, *JVM_OPTIONS, "-cp", f"{self.lib}/*", main, *args]

    def admin_environment(self) -> dict[str, str]:
        """The environment `neo4j-admin` runs in for this home (its configuration)."""
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}

    def admin(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `neo4j-admin` from the same jars (used for the password and bulk import)."""
        return subprocess.run(
            self.java(ADMIN_TOOL, *args),
            env=self.admin_environment(),
            capture_output=True,
            text=True,
            check=False,
        )

    # -- replacing a database with one the importer built --------------------

    @property
    def swap_journal(self) -> Path:
        return self.data_dir / ".database-swap.json"

    def replace_database(self, staged_data: Path, database: str) -> None:
        """Put the database `neo4j-admin database import` built under `staged_data` (a data
        directory on the same file system) in place of `database`, the server stopped.

        A journal, written once the staged database is complete, makes the swap safe to
        interrupt anywhere: `finish_database_swap` (which `start` calls) completes one it
        finds unfinished, so the database is either the old one or the complete new one.
        """
        if self.pid() is not None:
            raise ServerError("the server must be stopped to replace its database")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        draft = self.swap_journal.with_suffix(".draft")
        draft.write_text(json.dumps({"staged": str(staged_data), "database": database}))
        os.replace(draft, self.swap_journal)  # atomic: the swap is now decided
        self.finish_database_swap()

    def finish_database_swap(self) -> bool:
        """Complete a swap the journal says was decided (each step is done only if it is not
        yet); False when there is none."""
        if not self.swap_journal.exists():
            return False
        decided = json.loads(self.swap_journal.read_text())
        staged, name = Path(decided["staged"]), str(decided["database"])
        for part in ("databases", "transactions"):
            live = self.data_dir / part / name
            new = staged / part / name
            old = self.data_dir / part / f"{name}.replaced"
            if new.exists():
                if live.exists():
                    shutil.rmtree(old, ignore_errors=True)
                    os.rename(live, old)
                live.parent.mkdir(parents=True, exist_ok=True)
                os.rename(new, live)
        self.swap_journal.unlink()
        for part in ("databases", "transactions"):
            shutil.rmtree(self.data_dir / part / f"{name}.replaced", ignore_errors=True)
        return True

    def ensure_initial_password(self) -> None:
        # The marker lives in data/: a home whose data was wiped gets its password again.
        marker = self.data_dir / ".password-set"
        if marker.exists():
            return
        password = self.settings.neo4j_password
        if len(password) < 8:
            raise ServerError("NEO4J_PASSWORD must have at least 8 characters for Neo4j 5")
        result = self.admin("dbms", "set-initial-password", password)
        if result.returncode != 0:
            raise ServerError(
                f"neo4j-admin could not set the initial password: {result.stderr.strip()[:300]}"
            )
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("")

    # -- process ------------------------------------------------------------

    def pid(self) -> int | None:
        """The pid of the server this home started, if that process is alive."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and ENTRY_POINT.encode() not in cmdline.read_bytes():
            return None
        return pid

    def version(self) -> str | None:
        """The server's version as Bolt reports it, or None when it does not answer."""
        s = self.settings
        try:
            with GraphDatabase.driver(
                s.neo4j_uri, auth=(s.neo4j_user, s.neo4j_password), connection_timeout=2
            ) as driver:
                # An auto-commit query, not execute_query: a probe must not retry.
                with driver.session(database="system") as session:
                    record = session.run(
                        "CALL dbms.components() YIELD versions, edition "
                        "RETURN versions[0] AS version, edition"
                    ).single(strict=True)
                return f"{record['version']} {record['edition']}"
        except (ServiceUnavailable, OSError):
            return None
        except AuthError as error:
            raise ServerError(
                f"Neo4j at {s.neo4j_uri} refused NEO4J_USER/NEO4J_PASSWORD: {error.message}"
            ) from error

    def status(self) -> ServerStatus:
        return ServerStatus(
            pid=self.pid(),
            port=self.settings.bolt_port,
            version=self.version(),
            home=self.home,
        )

    def start(self) -> tuple[ServerStatus, bool]:
        """Start the server and wait for Bolt; returns (status, whether this call started it)."""
        if self.pid() is not None:
            return self.wait_until_ready(), False
        self.finish_database_swap()  # a bulk load interrupted while swapping its database in
        port = self.settings.bolt_port
        if port_in_use(port):
            raise ServerError(
                f"port {port} is already taken by another process; "
                "stop it or set NEO4J_URI to a free port (e.g. bolt://127.0.0.1:7688)"
            )
        self.ensure_tools()
        self.ensure_jars()
        self.write_config()
        self.ensure_initial_password()
        with self.console_log.open("ab") as log:
            process = subprocess.Popen(
                # The entry point does not read the heap settings of neo4j.conf (the
                # launcher script turns them into -Xms/-Xmx), so pass them here.
                self.java(
                    ENTRY_POINT,
                    f"--home-dir={self.home}",
                    f"--config-dir={self.conf_dir}",
                    "--console-mode",
                    heap=self.settings.local_heap,
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.home,
            )
        self.pid_file.write_text(str(process.pid))
        return self.wait_until_ready(process), True

    def wait_until_ready(self, process: subprocess.Popen[bytes] | None = None) -> ServerStatus:
        deadline = time.monotonic() + self.settings.local_start_timeout
        while time.monotonic() < deadline:
            version = self.version()
            if version is not None:
                return ServerStatus(self.pid(), self.settings.bolt_port, version, self.home)
            if process is not None and process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(
                    f"Neo4j exited with code {process.returncode} before Bolt answered; "
                    f"see {self.console_log}"
                )
            time.sleep(0.5)
        if process is not None:
            # Leave nothing half-started behind.
            self.stop()
        raise ServerError(
            f"Neo4j did not answer on port {self.settings.bolt_port} within "
            f"{self.settings.local_start_timeout:.0f}s; see {self.console_log}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server and wait until its process is gone; False if none was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process_alive(pid):
            time.sleep(0.2)
        if process_alive(pid):
            os.killpg(pid, signal.SIGKILL)
            while process_alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True


def process_alive(pid: int) -> bool:
    """Whether the process `pid` runs (a zombie, an exited child not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (our own child that exited) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0

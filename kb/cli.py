"""`kb`: the one command line for the local server, the schema, loading and the API."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from kb.settings import get_settings
from kb.storage.server import LocalServer, ServerError

app = typer.Typer(help="Knowledge base of interagency working.", no_args_is_help=True)
db_app = typer.Typer(help="The local Neo4j server (for machines without Docker).")
schema_app = typer.Typer(help="Constraints and indexes.")
keys_app = typer.Typer(help="API keys (see docs/security.md).")
cypher_app = typer.Typer(help="The Cypher statements, for review (files and built families).")
erasures_app = typer.Typer(help="Erased families a load refuses (see docs/security.md).")
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")
app.add_typer(keys_app, name="keys")
app.add_typer(cypher_app, name="cypher")
app.add_typer(erasures_app, name="erasures")

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", soft_wrap=True, highlight=False)
    return typer.Exit(code)


@db_app.command("start")
def db_start() -> None:
    """Start the local Neo4j and wait until Bolt answers (harmless when it already runs)."""
    server = LocalServer(get_settings())
    try:
        status, started = server.start()
    except ServerError as error:
        raise fail(str(error)) from None
    verb = "started" if started else "already running"
    console.print(
        f"Neo4j {status.version} {verb} on bolt://127.0.0.1:{status.port} (pid {status.pid})"
    )


@db_app.command("stop")
def db_stop() -> None:
    """Stop the local Neo4j and wait until its process is gone."""
    server = LocalServer(get_settings())
    if server.stop():
        console.print("Neo4j stopped")
    else:
        console.print("Neo4j was not running")


@db_app.command("rebuild")
def db_rebuild() -> None:
    """Rebuild the local database into a fresh store: nothing deleted or erased stays in its
    files or transaction logs (offline: stop the API and loads first; see docs/security.md)."""
    from kb.storage.database import Database
    from kb.storage.rebuild import rebuild

    settings = get_settings()
    try:
        report = rebuild(LocalServer(settings), lambda: Database(settings), console.print)
    except ServerError as error:
        raise fail(str(error)) from None
    console.print(
        f"rebuilt {report.nodes:,} nodes and {report.relationships:,} relationships in "
        f"{report.seconds:.1f}s (store and logs {report.bytes_before / 2**20:.1f} MiB -> "
        f"{report.bytes_after / 2**20:.1f} MiB)"
    )


@db_app.command("status")
def db_status() -> None:
    """Say whether the local Neo4j runs, and which version answers on NEO4J_URI."""
    server = LocalServer(get_settings())
    try:
        status = server.status()
    except ServerError as error:
        raise fail(str(error)) from None
    if status.version:
        console.print(f"Neo4j {status.version} answering on port {status.port} (pid {status.pid})")
    else:
        console.print(f"Neo4j is not answering on port {status.port}")
        raise typer.Exit(3)


@schema_app.command("apply")
def schema_apply() -> None:
    """Create the constraints and indexes that are missing (idempotent)."""
    from kb.storage.database import Database
    from kb.storage.schema import apply_schema

    try:
        with Database() as db:
            count = apply_schema(db)
    except Exception as error:
        raise fail(f"could not apply the schema: {error}") from None
    console.print(f"schema applied ({count} statements, all IF NOT EXISTS)")


@cypher_app.command("show")
def cypher_show(
    name: str = typer.Argument(..., help="A statement's name, e.g. load/nodes/Family."),
) -> None:
    """Print a statement as it is sent: a file under cypher/, or one built from the model."""
    import kb.writing  # noqa: F401  (adds the built statements by name)
    from kb.storage.cypher import UnknownStatement, statement

    try:
        text = statement(name)
    except UnknownStatement:
        raise fail(f"no statement named {name!r} (`kb cypher list` names them all)") from None
    console.out(text, end="", highlight=False)


@cypher_app.command("list")
def cypher_list(
    prefix: str = typer.Argument("", help="Only names starting with this (e.g. load/)."),
) -> None:
    """List every statement's name (files and those built from the model)."""
    import kb.writing  # noqa: F401  (adds the built statements by name)
    from kb.storage.cypher import all_names

    for name in all_names():
        if name.startswith(prefix):
            console.out(name, highlight=False)


@app.command("load")
def load(
    path: Path = typer.Argument(..., help="The dataset directory (or its manifest.json)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row; write nothing."),
    strict: bool = typer.Option(
        False, "--strict", help="Check everything first; write nothing if any row is rejected."
    ),
    rejects: Path = typer.Option(
        None, help="Reject file (default: <dataset>/../<datasetId>.rejects.csv)."
    ),
    show_progress: bool = typer.Option(
        None, "--progress/--no-progress", help="Progress bar (default: when interactive)."
    ),
    verify: bool = typer.Option(
        False,
        "--verify",
        help="Compare every row, even of files unchanged since the last load with no write since.",
    ),
    initial: bool = typer.Option(
        False,
        "--initial",
        help="Bulk first load into the empty local database (neo4j-admin import; the server "
        "restarts). Refused when the database holds data or is not the local server.",
    ),
) -> None:
    """Load a dataset. Exit 0: every row accepted; 2: rows rejected (see the reject file); 1: fatal;
    130 (143 for SIGTERM): stopped (running the same load again finishes it)."""
    if initial and verify:
        raise fail(
            "--verify compares with what is stored; a bulk first load (--initial) has nothing to compare with"
        )
    stop = _stop_on_signals()
    from kb.loading import LoadError, LoadInterrupted, initial_load, load_dataset
    from kb.storage.database import Database

    # The driver logs retries, deprecations and dropped connections itself; the load
    # reports its own errors, in one line, so the driver's log stays silent here.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL + 1)
    interactive = errors.is_terminal if show_progress is None else show_progress
    # The bulk first load and the online load take the same options (--verify is the
    # online load's alone).
    run_load = initial_load if initial else partial(load_dataset, verify=verify)
    try:
        with Database() as db:
            report = run_load(
                db,
                path,
                dry_run=dry_run,
                strict=strict,
                progress=interactive,
                reject_file=rejects,
                stop=stop,
            )
    except LoadInterrupted as error:
        raise fail(str(error), code=128 + stop.signal) from None
    except KeyboardInterrupt:  # a second Ctrl-C: stopped at once, mid-batch
        raise fail(
            "the load was stopped at once (a second signal): a batch being written is "
            "committed whole or not at all, so nothing partial is left; run the same load "
            "again to finish it",
            code=128 + stop.signal,
        ) from None
    except LoadError as error:
        raise fail(str(error)) from None
    except Exception as error:  # a one-line message, never a traceback
        raise fail(f"the load stopped: {type(error).__name__}: {error}") from None
    console.print(report.table())
    for reject in report.first_rejects:
        console.print(
            f"  {reject.file}:{reject.line} {reject.column or '-'}: {reject.reason}",
            highlight=False,
            soft_wrap=True,
        )
    if report.rejected > len(report.first_rejects):
        console.print(f"  ... and more in {report.reject_file}", highlight=False, soft_wrap=True)
    console.print(report.headline(), highlight=False, soft_wrap=True)
    if report.steps.seconds:  # a bulk first load: where its time went
        console.print(f"time by step: {report.steps.line()}", highlight=False, soft_wrap=True)
        console.print(
            f"check side (seconds of work, summed over processes): {report.checks.line()}",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(report.exit_code)


class _StopRequest(threading.Event):
    """Set by the first SIGINT (Ctrl-C) or SIGTERM: the load stops after the batch it is
    writing and records that. A second signal stops at once (KeyboardInterrupt)."""

    signal: int = int(signal.SIGINT)


def _stop_on_signals() -> _StopRequest:
    stop = _StopRequest()

    def request(number: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.signal = number
        stop.set()

    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, request)
    except ValueError:  # not the main thread (an embedding caller): leave signals alone
        pass
    return stop


@app.command("generate")
def generate(
    out: Path = typer.Argument(..., help="Directory to write manifest.json and the CSV files to."),
    families: int = typer.Option(100, min=1, max=1_000_000, help="How many families."),
    seed: int = typer.Option(None, help="Random seed (same families + seed: same bytes)."),
    seed_dataset: bool = typer.Option(
        False,
        "--seed-dataset",
        help="Write the seed dataset (15 families, seven stories) and its README.",
    ),
    dataset_id: str = typer.Option(None, help="Overrides the manifest's datasetId."),
) -> None:
    """Generate a deterministic dataset in the dataset format (streamed: 100,000 families is fine)."""
    from kb.synthetic.generate import SEED_RANDOM_SEED, generate_dataset

    if out.exists() and not out.is_dir():
        raise fail(f"{out} is not a directory")
    try:
        result = generate_dataset(
            out,
            families=families,
            seed=SEED_RANDOM_SEED if seed is None else seed,
            seed_dataset=seed_dataset,
            dataset_id=dataset_id,
        )
        if seed_dataset:
            from kb.synthetic.readme import write_seed_documents

            write_seed_documents(out, result)
    except (OSError, ValueError) as error:
        raise fail(f"could not generate the dataset: {error}") from None
    rows = sum(result.counts.values())
    console.print(
        f"{result.dataset_id}: {result.families} families, {rows:,} rows in {out} "
        f"({result.seconds:.1f} s)",
        highlight=False,
        soft_wrap=True,
    )


@keys_app.command("create")
def keys_create(
    role: str = typer.Option(..., help="ANALYST, STEWARD or ADMIN."),
    name: str = typer.Option(..., help="Who holds the key (a person or a service)."),
) -> None:
    """Create an API key and print its token once (only a hash of it is stored)."""
    from kb.security.keys import KeyRequestError, create_key
    from kb.storage.database import Database

    try:
        with Database() as db:
            key, token = create_key(db, role, name)
    except KeyRequestError as error:
        raise fail(str(error)) from None
    errors.print(f"created {key.id} ({key.role.value}, {key.name}); the key, shown only once:")
    print(token)


@keys_app.command("list")
def keys_list() -> None:
    """List API keys (id, role, name, created, revoked); tokens are never shown."""
    from rich.table import Table

    from kb.security.keys import list_keys
    from kb.storage.database import Database

    with Database() as db:
        keys = list_keys(db)
    table = Table("id", "role", "name", "created", "revoked")
    for key in keys:
        table.add_row(
            key.id,
            key.role.value,
            key.name,
            f"{key.created_at:%Y-%m-%d %H:%M}",
            f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: str = typer.Argument(..., help="The key's id (from `kb keys list`)."),
) -> None:
    """Revoke an API key (running API processes refuse it within KB_API_KEY_CACHE_SECONDS)."""
    from kb.security.keys import revoke_key
    from kb.storage.database import Database

    with Database() as db:
        key = revoke_key(db, key_id)
        bound = db.settings.api_key_cache_seconds
    if key is None:
        raise fail(f"no API key with id {key_id!r}")
    console.print(
        f"revoked {key.id} ({key.role.value}, {key.name}); running API processes refuse it "
        f"within {bound:g} s (KB_API_KEY_CACHE_SECONDS)"
    )


@erasures_app.command("list")
def erasures_list() -> None:
    """List the erasures whose families a load refuses (tokens only: ids are not kept)."""
    from rich.table import Table

    from kb.security.erased import list_erasures
    from kb.storage.database import Database

    with Database() as db:
        found = list_erasures(db)
    table = Table("family token", "erased ids", "erased at")
    for erasure in found:
        table.add_row(erasure.token, f"{erasure.ids:,}", f"{erasure.erased_at:%Y-%m-%d %H:%M}")
    console.print(table)


@erasures_app.command("lift")
def erasures_lift(
    family: str = typer.Argument(..., help="The family's id, or its token (`kb erasures list`)."),
) -> None:
    """Lift an erasure: loads write the family's rows again (audited, as liftErasure)."""
    from kb.security.erasure import NoSuchErasure, lift_erasure
    from kb.security.roles import CLI_PRINCIPAL
    from kb.storage.database import Database

    try:
        with Database() as db:
            lifted = lift_erasure(db, CLI_PRINCIPAL, family)
    except NoSuchErasure:
        raise fail("no erasure of that family is in the register (`kb erasures list`)") from None
    console.print(
        f"lifted {lifted.token} ({lifted.ids:,} erased ids forgotten): the next load of a "
        "dataset that holds the family writes its rows again"
    )


@erasures_app.command("export")
def erasures_export(
    file: Path = typer.Argument(..., help="Where to write the register (JSON Lines)."),
) -> None:
    """Write the register (keyed hashes and times, never an id) to FILE: keep it beside the
    backups, so that a backup restored from before an erasure can be erased again."""
    import json

    from kb.security.erased import export_register
    from kb.storage.database import Database

    with Database() as db:
        rows = export_register(db)
    file.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    console.print(f"wrote {len(rows):,} erased-id hashes to {file}")


@erasures_app.command("import")
def erasures_import(
    file: Path = typer.Argument(..., help="A register written by `kb erasures export`."),
) -> None:
    """Put a kept register back (after restoring a backup) and erase again every family it
    names that the graph holds (audited, as eraseFamily)."""
    import json

    from kb.security.erased import import_register
    from kb.security.erasure import erase_again
    from kb.security.roles import CLI_PRINCIPAL
    from kb.storage.database import Database

    try:
        lines = file.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"{file}: not a register written by `kb erasures export` ({error})") from None
    with Database() as db:
        try:
            added = import_register(db, rows)
        except (ValueError, TypeError) as error:
            raise fail(f"{file}: {error}") from None
        erased = erase_again(db, CLI_PRINCIPAL)
    console.print(
        f"{added:,} erased-id hashes added; {len(erased)} of its families were in the graph "
        "and are erased again" + "".join(f"\n  {report.family_token}" for report in erased)
    )


@app.command("export")
def export(
    kind: str = typer.Argument(..., help="network, configuration, timeline or paths."),
    fmt: str = typer.Option("graphml", "--format", help="graphml, gexf, cytoscape or csv."),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (default: standard output). "
        "With --format csv: two files, <output>-nodes.csv and <output>-edges.csv.",
    ),
    family: str = typer.Option(None, help="familyId (network: one family's work)."),
    level: str = typer.Option(None, help="network: PROFESSIONAL, AGENCY or SECTOR."),
    at: str = typer.Option(None, help="configuration: the instant (ISO 8601)."),
    from_: str = typer.Option(
        None, "--from", help="timeline: first day; paths: the start (professional, agency, family)."
    ),
    to: str = typer.Option(None, help="timeline: last day; paths: the other end."),
    window_days: int = typer.Option(None, help="configuration/timeline."),
    after: str = typer.Option(None, help="network/paths: period start (inclusive)."),
    before: str = typer.Option(None, help="network/paths: period end (exclusive)."),
    max_hops: int = typer.Option(None, help="paths."),
    limit: int = typer.Option(None, help="paths."),
    time_respecting: bool = typer.Option(None, "--time-respecting/--any-order", help="paths."),
    api: str = typer.Option(None, help="The API's address (default: KB_API_HOST/PORT)."),
    key: str = typer.Option(
        None, envvar="KB_API_KEY", help="An API key (or KB_API_KEY); none in open mode."
    ),
) -> None:
    """Export an analytics answer as a file for Gephi, Cytoscape or networkx, through the API
    (GET /export/KIND: the same keys, roles, masking and audit as GraphQL)."""
    import httpx

    settings = get_settings()
    base = api or f"http://{settings.api_host}:{settings.api_port}"
    params: dict[str, str | int | None] = {
        "format": fmt, "familyId": family, "level": level, "at": at, "from": from_, "to": to,
        "windowDays": window_days, "after": after, "before": before, "maxHops": max_hops,
        "limit": limit,
        "timeRespecting": None if time_respecting is None else str(time_respecting).lower(),
    }  # fmt: skip
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    tables = ["nodes", "edges"] if fmt == "csv" else [None]
    for table in tables:
        query: dict[str, str | int] = {k: v for k, v in params.items() if v is not None}
        if table:
            query["table"] = table
        try:
            response = httpx.get(f"{base}/export/{kind}", params=query, headers=headers, timeout=60)
        except httpx.HTTPError as error:
            raise fail(
                f"could not reach the API at {base} ({error}); is `kb serve` running?"
            ) from None
        if response.status_code != 200:
            raise fail(f"the export was refused ({response.status_code}): {refusal_text(response)}")
        if output is None:
            sys.stdout.buffer.write(response.content)
        else:
            target = output.with_name(f"{output.name}-{table}.csv") if table else output
            target.write_bytes(response.content)
            errors.print(f"wrote {target}", highlight=False)


def refusal_text(response: Any) -> str:
    """The API's own words for a refused export (GraphQL-shaped errors, or FastAPI's)."""
    try:
        body = response.json()
    except ValueError:
        return str(response.text)[:200]
    if "errors" in body:
        return "; ".join(  # the GraphQL shape: message and code per error
            f"{e.get('message')} [{(e.get('extensions') or {}).get('code')}]"
            for e in body["errors"]
        )
    detail: Any = body.get("detail", body)
    return str(detail)[:300]


def uvicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """How `kb serve` runs the API: uvicorn with its fast event loop (uvloop) and HTTP
    parser (httptools) named, so a missing one fails at start instead of falling back,
    in `workers` processes (each with its own caches and audit group commit)."""
    return {
        "app": "api.app:create_app",
        "factory": True,
        "host": host,
        "port": port,
        "loop": "uvloop",
        "http": "httptools",
        "workers": workers,
        "log_level": "info",
        "log_config": serve_logging(),
    }


def serve_logging() -> dict[str, Any]:
    """uvicorn's logging, with the project's own loggers (`kb.*`: one line per request
    with errors, start-up notes) written beside uvicorn's at INFO."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["kb"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


@app.command("serve")
def serve(
    host: str = typer.Option(None, help="Overrides KB_API_HOST."),
    port: int = typer.Option(None, help="Overrides KB_API_PORT."),
    workers: int = typer.Option(
        1,
        min=1,
        help="API processes sharing the port. Each keeps its own key lookups (a revoked key "
        "is refused by each within KB_API_KEY_CACHE_SECONDS), document caches, audit group "
        "commit and Neo4j connections.",
    ),
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, health at /health)."""
    import uvicorn

    from kb.security.mode import OpenModeRefused, check_auth_mode

    settings = get_settings()
    try:
        check_auth_mode(settings, host or settings.api_host)
    except OpenModeRefused as error:
        raise fail(str(error)) from None
    options = uvicorn_options(host or settings.api_host, port or settings.api_port, workers)
    typer.echo(
        f"serving on {options['host']}:{options['port']} with {workers} worker process(es), "
        "event loop uvloop, HTTP parser httptools"
    )
    uvicorn.run(**options)


if __name__ == "__main__":
    app()

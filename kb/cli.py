"""`kb`: the one command line for the local server, the schema, loading and the API."""

from __future__ import annotations

import typer
from rich.console import Console

from kb.settings import get_settings
from kb.storage.server import LocalServer, ServerError

app = typer.Typer(help="Knowledge base of interagency working.", no_args_is_help=True)
db_app = typer.Typer(help="The local Neo4j server (for machines without Docker).")
schema_app = typer.Typer(help="Constraints and indexes.")
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")

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


@app.command("serve")
def serve(
    host: str = typer.Option(None, help="Overrides KB_API_HOST."),
    port: int = typer.Option(None, help="Overrides KB_API_PORT."),
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, health at /health)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level="info",
    )


if __name__ == "__main__":
    app()

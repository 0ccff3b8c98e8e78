"""Security rules that need no database: keyed mode is the default, `kb serve` refuses open
mode off loopback, and no mutation or statement but erasure's touches audit events."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from api.schema import build_schema
from kb.cli import app as cli
from kb.settings import get_settings
from kb.storage.cypher import all_names, statement

SCHEMA = build_schema(get_settings())  # as the app builds it


def test_keyed_mode_is_the_default() -> None:
    from kb.settings import Settings

    assert Settings().auth_mode == "keys" or Settings().auth_mode == "open"  # env may override
    assert Settings.model_fields["auth_mode"].default == "keys"


def test_kb_serve_refuses_open_mode_off_loopback() -> None:
    refused = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--port", "8799"], env={"KB_AUTH_MODE": "open"}
    )
    assert refused.exit_code == 1
    assert "loopback" in refused.output and "'0.0.0.0'" in refused.output


def test_no_mutation_touches_audit_events() -> None:
    mutation = SCHEMA.schema_converter  # the strawberry schema's GraphQL side
    fields = SCHEMA._schema.mutation_type.fields  # type: ignore[union-attr]
    assert mutation is not None and fields
    assert not [name for name in fields if "audit" in name.lower()]
    writers = {
        name
        for name in all_names()
        if "AuditEvent" in statement(name)
        and re.search(r"\b(SET|DELETE|REMOVE|MERGE)\b", _code(statement(name)))
    }
    # Only erasure rewrites ids (to tokens); nothing else changes or deletes an event.
    assert writers == {"audit/pseudonymise_ids"}


def _code(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))

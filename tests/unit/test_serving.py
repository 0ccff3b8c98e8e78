"""Less work per request: documents parsed and validated once per process (limits still
applied), answers encoded by orjson, and `kb serve` on uvloop and httptools."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
import strawberry.schema.schema as strawberry_schema
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.schema import build_schema
from api.security.router import SecureGraphQLRouter
from kb.cli import uvicorn_options
from kb.settings import Settings


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents graphql-core validated (strawberry's validation entry point)."""
    seen: list[str] = []
    validate = strawberry_schema.validate_document

    def counted(schema: Any, document: Any, rules: Any) -> Any:
        seen.append(document.loc.source.body)
        return validate(schema, document, rules)

    monkeypatch.setattr(strawberry_schema, "validate_document", counted)
    return seen


def test_a_document_is_validated_once_per_schema(validations: list[str]) -> None:
    schema = build_schema(Settings())
    for _ in range(3):
        assert schema.execute_sync("{ __typename }").data == {"__typename": "Query"}
    assert validations == ["{ __typename }"]


def test_a_refused_document_stays_refused_from_the_cache(validations: list[str]) -> None:
    deep = "{ families { nodes { clients { families { nodes { clients { families { nodes { clients { name } } } } } } } } } }"
    schema = build_schema(Settings())
    codes = []
    for _ in range(2):
        result = schema.execute_sync(deep)
        assert result.errors is not None and result.data is None
        codes.append([(e.extensions or {}).get("code") for e in result.errors])
    assert codes[0] == codes[1] and "LIMIT_EXCEEDED" in codes[0]
    assert len(validations) == 1
    # Another schema (other limits) judges the same text for itself.
    lenient = build_schema(Settings(KB_API_MAX_DEPTH=20, KB_API_MAX_COST=10**9))
    lenient.execute_sync(deep)
    assert len(validations) == 2


def test_the_caches_can_be_turned_off(validations: list[str]) -> None:
    schema = build_schema(Settings(KB_API_DOCUMENT_CACHE_SIZE=0))
    for _ in range(2):
        schema.execute_sync("{ __typename }")
    assert len(validations) == 2


def test_answers_are_encoded_by_orjson_with_a_fallback() -> None:
    router = SecureGraphQLRouter(build_schema(Settings()))
    answer = {"data": {"name": "Zoë", "n": 1, "none": None}}
    assert router.encode_json(answer) == orjson.dumps(answer)
    # What orjson refuses is still encoded (escaped by the standard library).
    odd = {"data": {"text": "a\udc80b", "big": 2**70}}
    assert json.loads(router.encode_json(odd)) == odd


def test_kb_serve_names_the_fast_loop_and_parser() -> None:
    options = uvicorn_options("127.0.0.1", 8000, 3)
    assert (options["loop"], options["http"], options["workers"]) == ("uvloop", "httptools", 3)
    config = uvicorn.Config(**{**options, "workers": 1})
    config.load()
    assert config.http_protocol_class is HttpToolsProtocol
    factory = config.get_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()


@pytest.mark.parametrize(
    ("document", "code"),
    [("{ me { role }", "BAD_USER_INPUT"), ("{ me { " + "role " * 1000 + "} }", "LIMIT_EXCEEDED")],
)
def test_a_document_that_does_not_parse_keeps_its_code(document: str, code: str) -> None:
    schema = build_schema(Settings())
    for _ in range(2):
        result = schema.execute_sync(document)
        assert result.errors is not None
        assert [(e.extensions or {}).get("code") for e in result.errors] == [code]

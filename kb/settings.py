"""Settings read from the environment, with defaults that point at the local server.

One object serves the CLI, the loader, the API and the tests, so that
`docker-compose.yml` and a local run are configured by the same variables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting the code reads; the field's alias is its environment variable."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    neo4j_uri: str = Field("bolt://127.0.0.1:7687", alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", alias="NEO4J_USER")
    neo4j_password: str = Field("kb-local-password", alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", alias="NEO4J_DATABASE")
    # Server-side limit on every Cypher transaction, in seconds.
    neo4j_query_timeout: float = Field(30.0, alias="NEO4J_QUERY_TIMEOUT")
    # How long the driver keeps retrying a transaction that failed transiently (an
    # unreachable server, a deadlock) before the failure is reported, in seconds.
    neo4j_retry_seconds: float = Field(15.0, alias="KB_NEO4J_RETRY_SECONDS")

    api_host: str = Field("127.0.0.1", alias="KB_API_HOST")
    api_port: int = Field(8000, alias="KB_API_PORT")
    api_graphiql: bool = Field(True, alias="KB_API_GRAPHIQL")
    api_cors_origins: str = Field("", alias="KB_API_CORS_ORIGINS")

    # Trust (see docs/security.md). `keys`: every /graphql request needs an API key;
    # `open`: no keys, everyone is ADMIN - only allowed when bound to loopback.
    auth_mode: Literal["keys", "open"] = Field("keys", alias="KB_AUTH_MODE")
    # Secret mixed into the stored key hashes (HMAC-SHA-256); empty means plain SHA-256.
    api_key_pepper: str = Field("", alias="KB_API_KEY_PEPPER")
    # Secret that keys the hashes of erased ids (HMAC-SHA-256; kb.security.erased): the
    # register that keeps an erased family from being loaded again, and the tokens that
    # replace erased ids in the audit. Empty: KB_API_KEY_PEPPER is used; both empty, the
    # hashes are unkeyed and a copy of the database can test a guessed id against them.
    # Keep it stable: with another key, the register no longer recognises erased ids.
    erasure_key: str = Field("", alias="KB_ERASURE_KEY")
    api_introspection: bool = Field(True, alias="KB_API_INTROSPECTION")
    # Each API process reuses a key lookup for this many seconds: a revoked key (or a
    # changed role) is seen by every process at most this late. 0: look up every request.
    api_key_cache_seconds: float = Field(5.0, ge=0, alias="KB_API_KEY_CACHE_SECONDS")
    # Limits checked before any Cypher runs.
    api_max_depth: int = Field(8, alias="KB_API_MAX_DEPTH")
    api_max_aliases: int = Field(15, alias="KB_API_MAX_ALIASES")
    api_max_tokens: int = Field(1000, alias="KB_API_MAX_TOKENS")
    api_max_page_size: int = Field(100, alias="KB_API_MAX_PAGE_SIZE")
    api_max_cost: int = Field(5000, alias="KB_API_MAX_COST")
    api_max_body_bytes: int = Field(65536, alias="KB_API_MAX_BODY_BYTES")
    # Parsed and validated documents kept per API process (LRU, by query text); 0: none.
    api_document_cache_size: int = Field(256, ge=0, alias="KB_API_DOCUMENT_CACHE_SIZE")

    # The local server that `kb db start` runs when there is no Docker.
    local_home: Path = Field(REPO_ROOT / ".neo4j", alias="KB_NEO4J_HOME")
    local_heap: str = Field("1g", alias="KB_NEO4J_HEAP")
    local_pagecache: str = Field("512m", alias="KB_NEO4J_PAGECACHE")
    local_start_timeout: float = Field(120.0, alias="KB_NEO4J_START_TIMEOUT")

    @property
    def bolt_port(self) -> int:
        """The port of NEO4J_URI, which the local server listens on."""
        return urlparse(self.neo4j_uri).port or 7687

    @property
    def cors_origins(self) -> list[str]:
        return [o.strip() for o in self.api_cors_origins.split(",") if o.strip()]


def get_settings() -> Settings:
    """Read the environment now (not cached, so a changed environment is seen)."""
    return Settings()

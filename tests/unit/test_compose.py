"""docker-compose.yml agrees with the settings the code reads (no Docker needed)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.settings import REPO_ROOT, Settings

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SETTING_VARIABLES = {field.alias for field in Settings.model_fields.values()}


def test_neo4j_service_is_the_official_image_with_health_and_volume() -> None:
    neo4j = COMPOSE["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "test" in neo4j["healthcheck"]
    volume = neo4j["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]
    assert "${NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]


def test_api_service_reads_only_settings_the_code_knows() -> None:
    api = COMPOSE["services"]["api"]
    assert (REPO_ROOT / api["build"] / "Dockerfile").exists()
    assert set(api["environment"]) <= SETTING_VARIABLES
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"} <= set(
        api["environment"]
    )
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_ports_match_the_settings() -> None:
    api = COMPOSE["services"]["api"]
    api_port = int(api["environment"]["KB_API_PORT"])
    assert api_port == Settings.model_fields["api_port"].default
    assert any(p.endswith(f":{api_port}") for p in api["ports"])
    bolt = int(re.search(r":(\d+)$", api["environment"]["NEO4J_URI"]).group(1))
    default_uri = Settings.model_fields["neo4j_uri"].default
    assert bolt == int(default_uri.rsplit(":", 1)[1])
    assert any(p.endswith(f":{bolt}") for p in COMPOSE["services"]["neo4j"]["ports"])


def test_dockerfile_copies_what_the_api_reads() -> None:
    dockerfile = (Path(REPO_ROOT) / "Dockerfile").read_text()
    for folder in ("kb", "api", "cypher"):
        assert f"COPY {folder} " in dockerfile

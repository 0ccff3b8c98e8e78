"""The README is a front door: under 200 lines, the two commands first, and every link in it
leads to a file of the repository."""

from __future__ import annotations

import re

from kb.settings import REPO_ROOT

README = REPO_ROOT / "README.md"
LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?:#[^)]*)?\)")


def test_readme_is_short_and_starts_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines; the reference goes in docs/"
    assert lines[2:6] == [
        "```bash",
        "make run    # installs everything, starts the local Neo4j, loads seed/, serves the API on http://127.0.0.1:8000/graphql",
        "make test   # installs everything, starts the local Neo4j, runs the whole test suite against it",
        "```",
    ]


def test_readme_links_lead_to_files_of_the_repository() -> None:
    targets = [m["target"] for m in LINK.finditer(README.read_text(encoding="utf-8"))]
    local = [t for t in targets if not t.startswith(("http://", "https://"))]
    assert local, "the README links to the documentation"
    missing = [t for t in local if not (REPO_ROOT / t).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"

"""The README is a front door (under 200 lines, the two commands first, every link leads to a
file of the repository), and the documentation site builds strictly and loads nothing from
another host."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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


# A resource the browser would fetch from another host: a script, a stylesheet, an image, a font.
FETCHED_ELSEWHERE = re.compile(
    r"<(?:script|img|iframe|source)[^>]*\ssrc=\"(?:https?:)?//|<link[^>]*\shref=\"(?:https?:)?//"
)


def test_the_site_builds_strictly_and_loads_nothing_from_another_host(tmp_path: Path) -> None:
    # --strict: a broken link, a missing anchor or a page left out of the navigation fails.
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    pages = sorted(tmp_path.rglob("*.html"))
    assert {"index.html", "model.html", "security.html"} <= {p.name for p in pages}
    assert (tmp_path / "graphql" / "examples.html").is_file()
    elsewhere = [p.name for p in pages if FETCHED_ELSEWHERE.search(p.read_text(encoding="utf-8"))]
    assert not elsewhere, f"pages that load from another host: {elsewhere}"

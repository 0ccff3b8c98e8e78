"""Executable GraphQL examples: every `docs/examples/*.graphql` run against the seed.

Each example is one GraphQL request whose `# ` comment lines say what it asks and on
which seed story (seed/README.md); a `# Role: STEWARD` line names the key role it needs
(ANALYST otherwise). This script loads the seed into the configured Neo4j (which must
be empty, or is emptied with `--reset`), runs each request through the real ASGI app
in-process with a key of that role, writes the answer next to the request as `.json`,
and regenerates the examples page (docs/graphql/examples.md, between its markers) and
the README's front-door examples (each `<!-- example NAME -->` ... `<!-- /example -->`).
`tests/integration/api/test_examples.py` runs the same requests and fails when an answer
no longer matches; `tests/unit/test_examples.py` when a page does.

    python -m docs.examples.render [--reset]     # run the requests, write .json and pages
    python -m docs.examples.render --pages-only  # the pages from the committed .json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from kb.loading import LoadError, load_dataset
from kb.security.keys import create_key
from kb.security.roles import Role
from kb.settings import Settings, get_settings
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from kb.storage.schema import apply_schema

EXAMPLES_DIR = Path(__file__).resolve().parent
REPO_ROOT = EXAMPLES_DIR.parent.parent
EXAMPLES_PAGE = REPO_ROOT / "docs" / "graphql" / "examples.md"
README = REPO_ROOT / "README.md"
SEED = REPO_ROOT / "seed"
START_MARKER = "<!-- examples:start -->"
END_MARKER = "<!-- examples:end -->"
# The README's front-door examples: one example's request and response between these.
FRONT_DOOR_EXAMPLE = re.compile(
    r"(?P<open><!-- example (?P<name>[\w-]+) -->\n)(?P<body>.*?)(?P<close><!-- /example -->)", re.S
)
# Longer responses are cut on the pages (never in the .json files).
PAGE_MAX_LINES = 60
FRONT_DOOR_MAX_LINES = 30
# Lines of the committed responses stay under this many characters where they can.
JSON_WIDTH = 100
ROLE_LINE = re.compile(r"^Role:\s*(?P<role>[A-Z]+)\b")


class ExampleError(Exception):
    """An example file, the database or the README is not as this script needs."""


@dataclass(frozen=True)
class Example:
    """One request file: its header lines (without `# `), the role it needs, the request."""

    path: Path
    header: tuple[str, ...]
    role: Role
    request: str

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def response_path(self) -> Path:
        return self.path.with_suffix(".json")


def parse_example(path: Path) -> Example:
    """Split a `.graphql` file into its leading `# ` header and the request after it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: list[str] = []
    while lines and lines[0].startswith("#"):
        header.append(lines.pop(0).removeprefix("#").strip())
    request = "\n".join(lines).strip()
    if not header or not request:
        raise ExampleError(f"{path}: needs a '# ' header and then a request")
    role = Role.ANALYST
    for line in header:
        found = ROLE_LINE.match(line)
        if found:
            try:
                role = Role(found["role"])
            except ValueError:
                raise ExampleError(f"{path}: unknown role {found['role']!r}") from None
    return Example(path, tuple(header), role, request)


def load_examples(directory: Path = EXAMPLES_DIR) -> list[Example]:
    """The examples in file-name order (the order of the README)."""
    return [parse_example(p) for p in sorted(directory.glob("*.graphql"))]


def _format(value: Any, indent: int, prefix: int) -> str:
    """`value` on one line when that line fits in JSON_WIDTH, else one member per line."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or indent + prefix + len(flat) < JSON_WIDTH:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + _format(item, indent + 2, 0) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    members = []
    for key, item in value.items():
        name = json.dumps(key, ensure_ascii=False) + ": "
        members.append(pad + name + _format(item, indent + 2, len(name)))
    return "{\n" + ",\n".join(members) + "\n" + " " * indent + "}"


def response_text(body: Any) -> str:
    """The committed form of a response: JSON in the server's key order, small objects and
    lists on one line (so the README stays short), the rest indented by two."""
    return _format(body, 0, 0) + "\n"


def run_example(client: TestClient, example: Example, tokens: Mapping[Role, str]) -> Any:
    """POST the request with a key of the example's role; the decoded response body."""
    reply = client.post(
        "/graphql",
        json={"query": example.request},
        headers={"Authorization": f"Bearer {tokens[example.role]}"},
    )
    return reply.json()


def role_tokens(db: Database) -> dict[Role, str]:
    """A fresh key per role (the keys stay in the database, like any created key)."""
    return {role: create_key(db, role, f"docs examples {role.value.lower()}")[1] for role in Role}


@contextmanager
def example_client(db: Database, settings: Settings) -> Iterator[TestClient]:
    """The real app in keyed mode on this database, served in-process."""
    app = create_app(settings.model_copy(update={"auth_mode": "keys"}), database=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def request_and_response(
    example: Example, response: str, link_base: str, max_lines: int
) -> list[str]:
    """The request and its response as Markdown lines; a long response is cut, with a link
    (relative to the page, `link_base`) to the whole of it."""
    lines = ["```graphql", example.request, "```", ""]
    response_lines = response.rstrip("\n").split("\n")
    name = example.response_path.name
    link = f"[`docs/examples/{name}`]({link_base}{name})"
    if len(response_lines) > max_lines:
        lines.append(
            f"Response (first {max_lines} of {len(response_lines)} lines; all of it in {link}):"
        )
        response_lines = [*response_lines[:max_lines], "..."]
    else:
        lines.append(f"Response ({link}):")
    return [*lines, "", "```json", *response_lines, "```", ""]


def page_section(example: Example, response: str) -> str:
    """One example as Markdown on the examples page: title, the rest of its header, request,
    response."""
    title, *rest = example.header
    lines = [f"## {title}", ""]
    if rest:
        lines += [" ".join(rest), ""]
    lines += request_and_response(example, response, "../examples/", PAGE_MAX_LINES)
    return "\n".join(lines)


def page_block(examples: Sequence[Example], responses: Mapping[str, str]) -> str:
    """The text between the markers, from the requests and their committed responses."""
    intro = (
        "Generated from `docs/examples/*.graphql` (edit those, not this text) by "
        "`python -m docs.examples.render`, which loads the seed into an empty database "
        "(`--reset` empties a scratch one first) and answers each request with a key of the "
        "role its header names (ANALYST unless it says otherwise); "
        "`tests/integration/api/test_examples.py` fails when an answer is out of date, "
        "`tests/unit/test_examples.py` when this text is.\n"
    )
    sections = [page_section(e, responses[e.name]) for e in examples]
    return "\n" + intro + "\n" + "\n".join(sections)


def with_front_door_examples(
    readme: str, examples: Sequence[Example], responses: Mapping[str, str]
) -> str:
    """The README with each front-door example's request and response written in again."""
    by_name = {e.name: e for e in examples}

    def fill(found: re.Match[str]) -> str:
        example = by_name.get(found["name"])
        if example is None:
            raise ExampleError(f"README.md names an example that does not exist: {found['name']}")
        body = request_and_response(
            example, responses[example.name], "docs/examples/", FRONT_DOOR_MAX_LINES
        )
        return found["open"] + "\n".join(body) + found["close"]

    return FRONT_DOOR_EXAMPLE.sub(fill, readme)


def committed_responses(examples: Sequence[Example]) -> dict[str, str]:
    """The `.json` next to each request, as committed."""
    missing = [e.response_path.name for e in examples if not e.response_path.is_file()]
    if missing:
        raise ExampleError(f"no response file for: {', '.join(missing)}; run the render script")
    return {e.name: e.response_path.read_text(encoding="utf-8") for e in examples}


def _marker_span(page: str) -> tuple[int, int]:
    start, end = page.find(START_MARKER), page.find(END_MARKER)
    if start < 0 or end < start or page.count(START_MARKER) != 1:
        raise ExampleError(f"the examples page needs one {START_MARKER} followed by {END_MARKER}")
    return start + len(START_MARKER), end


def examples_block(page: str) -> str:
    """The text between the markers as it is on the page."""
    start, end = _marker_span(page)
    return page[start:end]


def with_examples_block(page: str, block: str) -> str:
    """The page with the text between the markers replaced (nothing else touched)."""
    start, end = _marker_span(page)
    return page[:start] + block + page[end:]


def prepare_database(db: Database, reset: bool) -> None:
    """Load the seed into an empty database (emptied first only when asked)."""
    apply_schema(db)
    nodes = db.read("docs/node_count")[0]["nodes"]
    if nodes and not reset:
        raise ExampleError(
            f"the database at {db.settings.neo4j_uri} holds {nodes} nodes; the examples need "
            "the seed alone: pass --reset to empty it first"
        )
    if nodes:
        empty_database(db)
    try:
        report = load_dataset(db, SEED, strict=True)
    except LoadError as error:
        raise ExampleError(f"the seed did not load: {error}") from None
    if report.aborted_by_strict or report.first_rejects:
        raise ExampleError(f"the seed did not load cleanly: {report.first_rejects}")


def render(db: Database, settings: Settings, examples: Sequence[Example]) -> dict[str, str]:
    """Run every example on the loaded seed; the response texts by example name."""
    tokens = role_tokens(db)
    with example_client(db, settings) as client:
        return {e.name: response_text(run_example(client, e, tokens)) for e in examples}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--reset", action="store_true", help="empty the database first")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only rewrite the examples page and the README from the committed .json (no database)",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        examples = load_examples()
        examples_block(EXAMPLES_PAGE.read_text(encoding="utf-8"))  # markers present?
        if args.pages_only:
            responses = committed_responses(examples)
        else:
            with Database(settings) as db:
                prepare_database(db, args.reset)
                responses = render(db, settings, examples)
    except ExampleError as error:
        print(f"render: {error}", file=sys.stderr)
        return 2
    for example in examples:
        if not args.pages_only:
            example.response_path.write_text(responses[example.name], encoding="utf-8")
        errors = json.loads(responses[example.name]).get("errors")
        if errors:
            print(f"warning: {example.name} answered errors: {errors}", file=sys.stderr)
    # Read again: other sections may have been edited while the examples ran.
    page = EXAMPLES_PAGE.read_text(encoding="utf-8")
    EXAMPLES_PAGE.write_text(
        with_examples_block(page, page_block(examples, responses)), encoding="utf-8"
    )
    try:
        readme = with_front_door_examples(README.read_text(encoding="utf-8"), examples, responses)
    except ExampleError as error:
        print(f"render: {error}", file=sys.stderr)
        return 2
    README.write_text(readme, encoding="utf-8")
    pages = "the examples page and README.md"
    written = pages if args.pages_only else f"{EXAMPLES_DIR}, {pages}"
    print(f"rendered {len(examples)} examples into {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

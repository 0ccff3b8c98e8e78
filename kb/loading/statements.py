"""The loader's write statements, one `.cypher` file per node label and per
relationship type and endpoint labels, rendered from the model.

The files under `cypher/load/` are checked in (so they can be read and reviewed
like every other statement); `python -m kb.loading.statements` rewrites them
from the model and a test fails when they drift. Labels and types come only
from the model's classes (a fixed whitelist), never from dataset text.

Each statement compares the incoming properties with the stored ones before
it writes, so it can answer per row whether it created, updated or left the
element unchanged, and it sets provenance only on create and on real change.
"""

from __future__ import annotations

import itertools
import sys

from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES, Node, Relationship
from kb.storage.cypher import CYPHER_DIR

# `old[k] = new[k]` is null when either side is null; null-safe equality instead.
_SAME = (
    "all(k IN keys(row.props) WHERE "
    "coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL))"
)
_OUTCOME = (
    "CASE WHEN old IS NULL THEN 'created'\n"
    f"            WHEN {_SAME} THEN 'unchanged'\n"
    "            ELSE 'updated' END AS outcome"
)
_PROVENANCE = (
    "{var} += row.props, {var}.sourceDataset = $datasetId, "
    "{var}.sourceLoad = $loadId, {var}.loadedAt = $loadedAt"
)


def node_statement_name(node: type[Node]) -> str:
    return f"load/nodes/{node.label}"


def relationship_statement_name(rel: type[Relationship], source: str, target: str) -> str:
    return f"load/relationships/{rel.type}__{source}__{target}"


def property_name(rel: type[Relationship], field: str) -> str:
    """The stored name (alias) of a model field."""
    info = rel.model_fields[field]
    return info.alias or field


def render_node_statement(node: type[Node]) -> str:
    label = node.label
    return f"""\
// Loads one batch of {label} rows (file `{node.file}`): MERGE on id; properties and
// provenance are set only when the node is new or a property really differs.
// Answers one row per outcome ('created', 'updated', 'unchanged') with its count.
// Parameters: $rows (list of {{id, props}}), $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
OPTIONAL MATCH (old:{label} {{id: row.id}})
WITH row, {_OUTCOME}
MERGE (n:{label} {{id: row.id}})
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END |
  SET {_PROVENANCE.format(var="n")})
RETURN outcome, count(*) AS rows
"""


def render_relationship_statement(rel: type[Relationship], source: str, target: str) -> str:
    keys = [property_name(rel, field) for field in rel.key]
    key_map = ", ".join(f"`{k}`: row.props.`{k}`" for k in keys)
    properties = f" {{{key_map}}}" if keys else ""

    def pattern(var: str) -> str:
        return f"[{var}:{rel.type}{properties}]"

    key_text = f"the key ({', '.join(keys)})" if keys else "no key (one per pair)"
    return f"""\
// Loads one batch of {rel.type} rows (file `{rel.file}`) from {source} to {target}:
// MERGE on the endpoints and {key_text}; properties and provenance are
// set only when the relationship is new or a property really differs.
// Rows whose endpoints are missing produce no row (the caller counts them).
// Answers one row per outcome ('created', 'updated', 'unchanged') with its count.
// Parameters: $rows (list of {{source, target, props}}), $datasetId, $loadId, $loadedAt.
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
MATCH (t:{target} {{id: row.target}})
CALL (s, t, row) {{
  OPTIONAL MATCH (s)-{pattern("old")}->(t)
  RETURN old LIMIT 1
}}
WITH s, t, row, {_OUTCOME}
MERGE (s)-{pattern("r")}->(t)
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END |
  SET {_PROVENANCE.format(var="r")})
RETURN outcome, count(*) AS rows
"""


def rendered() -> dict[str, str]:
    """Every loader statement name with its text, as the model says it should be."""
    texts = {node_statement_name(n): render_node_statement(n) for n in NODE_TYPES}
    for rel in RELATIONSHIP_TYPES:
        for source, target in itertools.product(rel.sources, rel.targets):
            name = relationship_statement_name(rel, source, target)
            texts[name] = render_relationship_statement(rel, source, target)
    return texts


def write_statement_files() -> list[str]:
    """(Re)write `cypher/load/{nodes,relationships}/`; returns the names written."""
    written = []
    for name, text in rendered().items():
        path = CYPHER_DIR / f"{name}.cypher"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    return written


if __name__ == "__main__":
    names = write_statement_files()
    sys.stdout.write("".join(f"wrote cypher/{n}.cypher\n" for n in names) or "up to date\n")

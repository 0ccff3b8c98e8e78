"""The statements that write the model's records, built from the model at call time.

Per node label, and per relationship type and pair of endpoint labels, there is one
template per kind of statement:

| name | kind |
|---|---|
| `load/compare_nodes/<Label>` | a read: which rows of a batch are stored, under which label, and the same |
| `load/nodes/<Label>` | a write: MERGE on id, then every property and the provenance |
| `load/compare_relationships/<TYPE>__<Source>__<Target>` | a read: which rows are stored and the same |
| `load/relationships/<TYPE>__<Source>__<Target>` | a write: MERGE on the endpoints and the key |
| `load/relationships/new/<TYPE>__<Source>__<Target>` | a write: CREATE (an endpoint is new) |
| `load/relationships/fresh/<TYPE>__<Source>__<Target>` | a write: CREATE between two new nodes, found by element id |

`statement_text(name)` builds one on first use and caches it; importing this module
adds the family to `kb.storage.cypher`, so `Database.read`/`write` run these names
like any file under `cypher/`, and `kb cypher show <name>` prints any of them for
review (`kb cypher list load/` lists them). Labels and types come only from the
model's classes (a fixed whitelist), never from dataset text.

Why two statements: comparing and merging in one statement (OPTIONAL MATCH of
the old element, then MERGE) makes the planner materialise the whole batch
twice (Eager). Comparing first in a read lets the caller count created, updated
and unchanged rows and then write only the rows that are new or differ, with
plain MERGE + SET statements that stream. Dates and instants travel as ISO-8601
text and become `Date`/`DateTime` in the statement: the driver packs Python
`datetime` values slowly, the server parses text fast.
"""

from __future__ import annotations

import itertools
import re
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache

from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES, Node, Record, Relationship, column_name
from kb.storage.cypher import StatementFamily, add_family

PREFIX = "load/"
_PROVENANCE = (
    "{var}.sourceDataset = $datasetId, {var}.sourceLoad = $loadId, {var}.loadedAt = $loadedAt"
)
_NODE_BY_LABEL = {node.label: node for node in NODE_TYPES}
_RELATIONSHIP_BY_TYPE = {rel.type: rel for rel in RELATIONSHIP_TYPES}


def node_statement_name(node: type[Node]) -> str:
    return f"load/nodes/{node.label}"


def node_compare_name(node: type[Node]) -> str:
    return f"load/compare_nodes/{node.label}"


def relationship_statement_name(rel: type[Relationship], source: str, target: str) -> str:
    return f"load/relationships/{rel.type}__{source}__{target}"


def relationship_create_name(rel: type[Relationship], source: str, target: str) -> str:
    return f"load/relationships/new/{rel.type}__{source}__{target}"


def relationship_fresh_name(rel: type[Relationship], source: str, target: str) -> str:
    return f"load/relationships/fresh/{rel.type}__{source}__{target}"


def relationship_compare_name(rel: type[Relationship], source: str, target: str) -> str:
    return f"load/compare_relationships/{rel.type}__{source}__{target}"


def _kind(annotation: object) -> str:
    """'instant', 'date' or 'plain': how a field's value travels and is stored."""
    if isinstance(annotation, type):
        if issubclass(annotation, datetime):
            return "instant"
        if issubclass(annotation, date):
            return "date"
        return "plain"
    if typing.get_origin(annotation) is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = {_kind(arg) for arg in typing.get_args(annotation) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else "plain"
    return "plain"


@cache
def stored_fields(record_type: type[Record]) -> tuple[tuple[str, str, str], ...]:
    """(field, stored name, kind) of every property the record type stores (no endpoints, no id)."""
    return tuple(
        (field, column_name(record_type, field), _kind(info.annotation))
        for field, info in record_type.model_fields.items()
        if field not in ("id", "source_id", "target_id")
    )


def _incoming(name: str, kind: str) -> str:
    """The Cypher value of the row's property `name`, typed as it is stored."""
    text = f"row.props.`{name}`"
    if kind == "instant":
        return f"datetime({text})"
    if kind == "date":
        return f"date({text})"
    return text


def _same(var: str, fields: typing.Iterable[tuple[str, str, str]]) -> str:
    """Null-safe: every property equal (`a = b` is null when either side is null)."""
    parts = [
        f"coalesce({var}.`{name}` = {value}, {var}.`{name}` IS NULL AND {value} IS NULL)"
        for _, name, kind in fields
        for value in [_incoming(name, kind)]
    ]
    return "\n    AND ".join(parts) if parts else "true"


def _sets(var: str, fields: typing.Iterable[tuple[str, str, str]]) -> str:
    parts = [f"{var}.`{name}` = {_incoming(name, kind)}" for _, name, kind in fields]
    return ",\n    ".join([*parts, _PROVENANCE.format(var=var)])


def render_node_compare(node: type[Node]) -> str:
    label = node.label
    fields = stored_fields(node)
    branches = "\n  UNION ALL ".join(
        f"MATCH (n:{other.label} {{id: row.id}}) RETURN n, '{other.label}' AS label"
        for other in NODE_TYPES
    )
    return f"""\
// Which rows of a batch of {label} rows (file `{node.file}`) have ids stored already, under
// which label (each branch seeks one label's id index; an id has at most one label), and
// is a stored {label} the same as its row (every property equal, nulls included)?
// Answers one row of row numbers (rows not named are new): unchanged, updated (stored
// with other values), foreign (pairs [i, label]: the id belongs to another label). One
// row of lists, not a row per row: on a reload the answer is what the client spends time on.
// Parameters: $rows (list of {{i, id, props}}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
CALL (row) {{
  {branches}
}}
WITH row.i AS i, label, label = '{label}'
    AND {_same("n", fields)} AS same
RETURN collect(CASE WHEN same THEN i END) AS unchanged,
    collect(CASE WHEN label = '{label}' AND NOT same THEN i END) AS updated,
    collect(CASE WHEN label <> '{label}' THEN [i, label] END) AS foreign
"""


def render_node_statement(node: type[Node]) -> str:
    label = node.label
    fields = stored_fields(node)
    return f"""\
// Writes one batch of {label} rows (file `{node.file}`) that are new or changed (the
// caller compared them first, `load/compare_nodes/{label}`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written), elements
// (pairs [id, elementId]: a load finds the nodes it created by them, without an index).
// Parameters: $rows (list of {{id, props}}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
SET {_sets("n", fields)}
RETURN count(*) AS rows, collect([row.id, elementId(n)]) AS elements
"""


def _key_pattern(rel: type[Relationship]) -> str:
    fields = stored_fields(rel)
    keys = [(name, kind) for field, name, kind in fields if field in rel.key]
    key_map = ", ".join(f"`{name}`: {_incoming(name, kind)}" for name, kind in keys)
    return f" {{{key_map}}}" if keys else ""


def render_relationship_compare(rel: type[Relationship], source: str, target: str) -> str:
    keys = [column_name(rel, field) for field in rel.key]
    key_text = f"the key ({', '.join(keys)})" if keys else "no key (one per pair)"
    fields = [f for f in stored_fields(rel) if f[0] not in rel.key]
    return f"""\
// Which rows of a batch of {rel.type} rows (file `{rel.file}`) from {source} to {target}
// are stored already (same endpoints and {key_text}), and is each stored
// relationship the same as its row (every property equal, nulls included)?
// Answers one row of row numbers: created (not stored yet), unchanged, updated; rows
// whose endpoints are missing are not named (the caller counts them). One row of lists,
// not a row per row: on a reload the answer is what the client spends time on.
// Parameters: $rows (list of {{i, source, target, props}}; dates as ISO-8601 text).
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
MATCH (t:{target} {{id: row.target}})
CALL (s, t, row) {{
  OPTIONAL MATCH (s)-[old:{rel.type}{_key_pattern(rel)}]->(t)
  RETURN old LIMIT 1
}}
WITH row.i AS i, old IS NOT NULL AS stored,
    {_same("old", fields)} AS same
RETURN collect(CASE WHEN NOT stored THEN i END) AS created,
    collect(CASE WHEN stored AND same THEN i END) AS unchanged,
    collect(CASE WHEN stored AND NOT same THEN i END) AS updated
"""


def render_relationship_statement(rel: type[Relationship], source: str, target: str) -> str:
    keys = [column_name(rel, field) for field in rel.key]
    key_text = f"the key ({', '.join(keys)})" if keys else "no key (one per pair)"
    fields = [f for f in stored_fields(rel) if f[0] not in rel.key]
    return f"""\
// Writes one batch of {rel.type} rows (file `{rel.file}`) from {source} to {target} that
// are new or changed (the caller compared them first,
// `load/compare_relationships/{rel.type}__{source}__{target}`): MERGE on the endpoints
// and {key_text}, then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {{i, source, target, props}}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
MATCH (t:{target} {{id: row.target}})
MERGE (s)-[r:{rel.type}{_key_pattern(rel)}]->(t)
SET {_sets("r", fields)}
RETURN count(*) AS rows
"""


def render_relationship_create(rel: type[Relationship], source: str, target: str) -> str:
    fields = stored_fields(rel)
    return f"""\
// Writes one batch of {rel.type} rows (file `{rel.file}`) from {source} to {target} of
// which an endpoint is a node the same load created: no such relationship can be stored
// yet, so CREATE (no comparison, no MERGE), with every property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {{i, source, target, props}}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
MATCH (t:{target} {{id: row.target}})
CREATE (s)-[r:{rel.type}]->(t)
SET {_sets("r", fields)}
RETURN count(*) AS rows
"""


def render_relationship_fresh(rel: type[Relationship], source: str, target: str) -> str:
    fields = stored_fields(rel)
    return f"""\
// Writes one batch of {rel.type} rows (file `{rel.file}`) from {source} to {target} of
// which both endpoints are nodes the same load created: no such relationship can be
// stored yet, so CREATE, with every property and the provenance. The endpoints are
// found by the element ids their node writes answered (`load/nodes/...`): no index
// seek; each is checked to still be that node (label and id), so a node deleted since
// and its element id reused is not mistaken for it.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {{i, source, target, s, t, props}}: s and t the element
// ids; dates as ISO-8601 text), $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:{source}) WHERE elementId(s) = row.s AND s.id = row.source
MATCH (t:{target}) WHERE elementId(t) = row.t AND t.id = row.target
CREATE (s)-[r:{rel.type}]->(t)
SET {_sets("r", fields)}
RETURN count(*) AS rows
"""


# -- names -> statements ---------------------------------------------------------------

_NODE_NAME = re.compile(r"^load/(nodes|compare_nodes)/(\w+)$")
_RELATIONSHIP_NAME = re.compile(
    r"^load/(relationships/new|relationships/fresh|relationships|compare_relationships)/"
    r"(\w+?)__(\w+?)__(\w+)$"
)


def names() -> Iterator[str]:
    """Every statement of the family, in the model's order."""
    for node in NODE_TYPES:
        yield node_compare_name(node)
        yield node_statement_name(node)
    for rel in RELATIONSHIP_TYPES:
        for source, target in itertools.product(rel.sources, rel.targets):
            yield relationship_compare_name(rel, source, target)
            yield relationship_statement_name(rel, source, target)
            yield relationship_create_name(rel, source, target)
            yield relationship_fresh_name(rel, source, target)


@cache
def statement_text(name: str) -> str | None:
    """The statement called `name`, built from its template; None for no such statement
    (an unknown kind, label, type, or endpoint labels the model does not allow)."""
    if match := _NODE_NAME.match(name):
        kind, label = match.groups()
        node = _NODE_BY_LABEL.get(label)
        if node is None:
            return None
        return render_node_compare(node) if kind == "compare_nodes" else render_node_statement(node)
    if match := _RELATIONSHIP_NAME.match(name):
        kind, type_, source, target = match.groups()
        rel = _RELATIONSHIP_BY_TYPE.get(type_)
        if rel is None or source not in rel.sources or target not in rel.targets:
            return None
        render = {
            "compare_relationships": render_relationship_compare,
            "relationships": render_relationship_statement,
            "relationships/new": render_relationship_create,
            "relationships/fresh": render_relationship_fresh,
        }[kind]
        return render(rel, source, target)
    return None


FAMILY = StatementFamily(
    prefixes=(
        "load/nodes/",
        "load/compare_nodes/",
        "load/relationships/",
        "load/compare_relationships/",
    ),
    build=statement_text,
    names=names,
)
add_family(FAMILY)

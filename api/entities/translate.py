"""The translator: the plans of a request's root fields (`plan.py`) as ONE Cypher statement.

Every root field becomes one `CALL () { ... }` answering one row; the statement returns
one column per root field. Inside, each node is a map projection; each relationship
field an expression in it: `COLLECT { MATCH ... RETURN ... }` subqueries for lists
and single nodes, `COUNT { ... }` for totals, nested as deep as the selection. Pages
(first/after), filters and orders are written into the subquery that matches them.
Beside the data, every node of a family-level label carries its families (`_f`,
from `shape.FAMILIES_OF`), and a root page names what its filters found, so the
audit rule reads which families the answer touched from the answer itself.

The text is made only of the fixed fragments below and of the patterns and property
names in `shape.py` and the model; everything a user sends is a parameter. Print
the statement of any request with `python -m api.entities.explain`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from api.entities.plan import (
    AS_STORED,
    ISO_DATE,
    ISO_INSTANT,
    Constant,
    Edges,
    End,
    Flag,
    Lookup,
    Masked,
    Page,
    Projection,
    Reference,
    Related,
    Value,
)
from api.entities.shape import FAMILIES_OF, Link, RelatedFilter, family_level

Plan = Lookup | Page


@dataclass(frozen=True)
class Statement:
    text: str
    parameters: dict[str, Any]


@dataclass
class Writer:
    """Names and parameters of one statement."""

    parameters: dict[str, Any] = field(default_factory=dict)
    _names: Iterator[int] = field(default_factory=count)

    def var(self, prefix: str = "v") -> str:
        return f"{prefix}{next(self._names)}"

    def param(self, value: Any) -> str:
        name = f"p{len(self.parameters)}"
        self.parameters[name] = value
        return f"${name}"


def translate(plans: list[Plan]) -> Statement:
    """One statement answering every planned root field: column `r<i>` for plan i."""
    w = Writer()
    calls = []
    for i, root in enumerate(plans):
        body = lookup(w, root) if isinstance(root, Lookup) else root_page(w, root)
        calls.append(f"CALL () {{\n{indent(body)}\n  RETURN r AS r{i}\n}}")
    columns = ", ".join(f"r{i}" for i in range(len(plans)))
    return Statement("\n".join([*calls, f"RETURN {columns}"]), w.parameters)


def indent(text: str, by: str = "  ") -> str:
    return "\n".join(by + line for line in text.splitlines())


# -- nodes --------------------------------------------------------------------------------


def node_map(w: Writer, var: str, projection: Projection) -> str:
    """The map projection of a node; a CASE on its label when it may have several."""
    if len(projection.labels) == 1:
        label = projection.labels[0]
        return label_map(w, var, label, projection.fields[label], projection.families, False)
    branches = " ".join(
        f"WHEN {var}:{label} THEN "
        + label_map(w, var, label, projection.fields[label], projection.families, True)
        for label in projection.labels
    )
    return f"CASE {branches} END"


def label_map(
    w: Writer, var: str, label: str, fields: list[Any], families: frozenset[str], tagged: bool
) -> str:
    entries = [".id"]
    if tagged:
        entries.append(f"_label: '{label}'")
    if label in families and label != "Family":
        entries.append(f"_f: {fill(FAMILIES_OF[label], t=var)}")
    for planned in fields:
        entry = field_entry(w, var, planned)
        if entry is not None and entry not in entries:
            entries.append(entry)
    return f"{var} {{{', '.join(entries)}}}"


# ISO-8601 text of a stored date and of a stored instant (in UTC, microseconds shown only
# when not zero), as Python's isoformat() writes them, so the answer needs no decoding.
ISO_TEXT = {
    ISO_DATE: "toString({v})",
    ISO_INSTANT: "CASE WHEN {v} IS NULL THEN null ELSE"
    " left(toString(datetime({datetime: {v}, timezone: 'Z'})), 19)"
    " + CASE WHEN {v}.microsecond = 0 THEN '' ELSE '.' + right('00000' + toString({v}.microsecond), 6) END"
    " + '+00:00' END",
}


def stored(value: str, text_format: str) -> str:
    """A stored value as the answer shows it (`value` is a property access)."""
    return value if text_format == AS_STORED else fill(ISO_TEXT[text_format], v=value)


def field_entry(w: Writer, var: str, planned: Any) -> str | None:
    if isinstance(planned, Value):
        if planned.source == "id":
            return None
        if planned.format == AS_STORED:
            return f".{planned.source}"
        return f"{planned.source}: {stored(f'{var}.{planned.source}', planned.format)}"
    if isinstance(planned, Constant | Masked):
        return None  # known without reading; a masked property is never fetched
    if isinstance(planned, Flag):
        return f"{planned.source}: {var}.{planned.prop} IS NULL"
    if isinstance(planned, Related):
        return f"{planned.source}: {related(w, var, planned)}"
    if isinstance(planned, Edges):
        return f"{planned.source}: {edges(w, var, planned)}"
    if isinstance(planned, Page):
        return f"{planned.source}: {nested_page(w, var, planned)}"
    raise TypeError(f"no Cypher for {planned!r}")


def fill(text: str, **names: str) -> str:
    """A fragment of `shape.py` with its placeholders ({p}, {t}, {r}, {x}) filled in."""
    for name, value in names.items():
        text = text.replace("{" + name + "}", value)
    return text


def pattern(text: str, parent: str, target: str, rel: str = "", value: str = "") -> str:
    return fill(text, p=parent, t=target, r=rel, x=value)


def match(link: Link, parent: str, target: str, rel: str) -> str:
    """MATCH of a relationship field; several patterns are a union (each node once)."""
    if len(link.patterns) == 1:
        return f"MATCH {pattern(link.patterns[0], parent, target, rel)}"
    union = " UNION ".join(
        f"MATCH {pattern(p, parent, target, rel)} RETURN {target}" for p in link.patterns
    )
    return f"CALL ({parent}) {{ {union} }}"


def order(link: Link, target: str, rel: str) -> str:
    return fill(link.order, t=target, r=rel)


def period_condition(w: Writer, rel: str, day: Any, roles: list[str] | None) -> str:
    """WHERE of a period field: the period covers `day` (its `to` inclusive), roles any of."""
    conditions = []
    if day is not None:
        at = w.param(day)
        conditions.append(f"{rel}.from <= {at} AND ({rel}.to IS NULL OR {rel}.to >= {at})")
    if roles is not None:
        conditions.append(f"{rel}.role IN {w.param(roles)}")
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def related(w: Writer, parent: str, planned: Related) -> str:
    link, target, rel = planned.link, w.var(), w.var("r")
    found = match(link, parent, target, rel)
    shown = node_map(w, target, planned.target)
    if planned.kind == "list":
        return f"COLLECT {{ {found} WITH {target} ORDER BY {order(link, target, rel)} RETURN {shown} }}"
    if planned.kind == "one":
        return (
            f"COLLECT {{ {found} WITH {target} ORDER BY {order(link, target, rel)} LIMIT 1 "
            f"RETURN {shown} }}[0]"
        )
    if planned.kind == "distinct":
        # The other ends of the periods in the order of the periods; each is kept once, at
        # its first period, by answer.py (no aggregation here: a projection holding one
        # cannot be collected).
        where = period_condition(w, rel, planned.active_on, None)
        return (
            f"COLLECT {{ {found}{where} WITH {rel}, {target} "
            f"ORDER BY {order(link, target, rel)} RETURN {shown} }}"
        )
    if planned.kind == "agency_on":
        where = period_condition(w, rel, planned.active_on, None)
        return (
            f"COLLECT {{ {found}{where} WITH {rel}, {target} "
            f"ORDER BY {order(link, target, rel)} LIMIT 1 RETURN {shown} }}[0]"
        )
    raise ValueError(planned.kind)


def edges(w: Writer, parent: str, planned: Edges) -> str:
    """Relationship objects: the relationship's properties and the nodes at its ends."""
    link, target, rel = planned.link, w.var(), w.var("r")
    where = period_condition(w, rel, planned.active_on, planned.roles)
    entries: list[str] = []
    for part in planned.fields:
        entry: str | None = None
        if isinstance(part, Value):
            entry = f"{part.source}: {stored(f'{rel}.{part.source}', part.format)}"
        elif isinstance(part, End):
            entry = f"{part.source}: {node_map(w, parent if part.parent else target, part.target)}"
        elif isinstance(part, Reference):
            other = w.var()
            labels = "|".join(part.target.labels)
            entry = (
                f"{part.source}: COLLECT {{ MATCH ({other}:{labels} {{id: {rel}.{part.prop}}}) "
                f"RETURN {node_map(w, other, part.target)} }}[0]"
            )
        if entry is not None and entry not in entries:
            entries.append(entry)
    # A relationship of a family's entity is the family's data, whatever is asked of it.
    families = families_of(target, link.target)
    if families is not None:
        entries.append(f"_f: {families}")
    shown = "{" + ", ".join(entries) + "}"
    return (
        f"COLLECT {{ {match(link, parent, target, rel)}{where} WITH {rel}, {target} "
        f"ORDER BY {order(link, target, rel)} RETURN {shown} }}"
    )


def families_of(var: str, labels: tuple[str, ...]) -> str | None:
    """The families of a node that has one of `labels` (None: none of them is family-level)."""
    family_labels = [label for label in labels if family_level(label)]
    if not family_labels:
        return None
    if len(labels) == 1:
        return fill(FAMILIES_OF[labels[0]], t=var)
    cases = " ".join(
        f"WHEN {var}:{label} THEN {fill(FAMILIES_OF[label], t=var)}" for label in family_labels
    )
    return f"CASE {cases} ELSE [] END"


# -- pages --------------------------------------------------------------------------------


def conditions(w: Writer, var: str, page: Page, skip: RelatedFilter | None = None) -> list[str]:
    """The WHERE conditions of a page's filters (the anchored filter `skip` left out)."""
    written = []
    for kind, prop, value in page.conditions:
        at = w.param(value)
        if kind == "any of":
            written.append(f"{var}.{prop} IN {at}")
        elif kind == "contains":
            written.append(f"toLower({var}.{prop}) CONTAINS toLower({at})")
        elif kind == "from":
            written.append(f"{var}.{prop} >= {at}")
        elif kind == "before":
            written.append(f"{var}.{prop} < {at}")
        elif kind == "open":
            written.append(f"({var}.{prop} IS NULL) = {at}")
        else:
            raise ValueError(kind)
    for related_filter, value in page.related:
        if related_filter is skip:
            continue
        at = w.param(value)
        tests = [f"EXISTS {{ {pattern(p, '', var, value=at)} }}" for p in related_filter.patterns]
        written.append(tests[0] if len(tests) == 1 else f"({' OR '.join(tests)})")
    return written


def sort(page: Page, var: str) -> str:
    keys = [f"{var}.{prop} {'DESC' if descending else 'ASC'}" for prop, descending in page.sort]
    if all(prop != "id" for prop, _ in page.sort):
        keys.append(f"{var}.id ASC")
    return ", ".join(keys)


def page_item(w: Writer, var: str, page: Page) -> str:
    """One item of a page: one projection per `edges { node }` and `nodes` asked."""
    uses = ", ".join(f"u{i}: {node_map(w, var, use)}" for i, use in enumerate(page.uses))
    return "{" + uses + "}"


def nested_page(w: Writer, parent: str, page: Page) -> str:
    """A connection under a node: its page and, when asked, its total."""
    assert page.link is not None
    var = w.var()
    found = match(page.link, parent, var, "")
    where = conditions(w, var, page)
    where_text = f" WHERE {' AND '.join(where)}" if where else ""
    rows = page.window.limit + 1 if page.more else page.window.limit
    entries = [
        f"page: COLLECT {{ {found}{where_text} WITH DISTINCT {var} ORDER BY {sort(page, var)} "
        f"SKIP {w.param(page.window.skip)} LIMIT {w.param(rows)} RETURN {page_item(w, var, page)} }}"
    ]
    if page.count:
        counted = w.var()
        again = match(page.link, parent, counted, "")
        where_again = conditions(w, counted, page)
        again_text = f" WHERE {' AND '.join(where_again)}" if where_again else ""
        entries.append(f"total: COUNT {{ {again}{again_text} RETURN DISTINCT {counted} }}")
    return "{" + ", ".join(entries) + "}"


def anchor(page: Page) -> RelatedFilter | None:
    """The related filter a root page starts from (one pattern), rather than a label scan."""
    for related_filter, _ in page.related:
        if len(related_filter.patterns) == 1:
            return related_filter
    return None


def in_index_order(var: str, page: Page) -> list[str]:
    """`v.<first sort key> IS NOT NULL` when the model says that property is never empty:
    it filters nothing, but lets Neo4j read the page in its index's order (the schema
    indexes every label's default sort key, cypher/schema/constraints.cypher) and stop
    after the page, instead of reading and sorting every node of the label."""
    prop = page.sort[0][0]
    required = prop == "id" or page.label.prop(prop).required
    return [f"{var}.{prop} IS NOT NULL"] if required else []


def root_match(w: Writer, var: str, page: Page) -> str:
    """MATCH and WHERE of a root page's matches."""
    label = page.label.name
    start = anchor(page)
    where = []
    if start is None:
        head = f"MATCH ({var}:{label})"
        where += in_index_order(var, page)
    else:
        value = dict((f.name, v) for f, v in page.related)[start.name]
        anchored = start.patterns[0].replace("({t})", "({t}:" + label + ")")
        head = f"MATCH {pattern(anchored, '', var, value=w.param(value))}\nWITH DISTINCT {var}"
    where += conditions(w, var, page, skip=start)
    return head + (f"\nWHERE {' AND '.join(where)}" if where else "")


def root_page(w: Writer, page: Page) -> str:
    """A root connection: its page, its total (when asked), what its filters name."""
    var = w.var()
    parts = [
        "CALL () {\n"
        + indent(root_match(w, var, page))
        + f"\n  WITH {var} ORDER BY {sort(page, var)}"
        + f" SKIP {w.param(page.window.skip)}"
        + f" LIMIT {w.param(page.window.limit + 1 if page.more else page.window.limit)}"
        # Projected before collect(): a projection may aggregate in its subqueries.
        + f"\n  WITH {page_item(w, var, page)} AS item\n  RETURN collect(item) AS page\n}}"
    ]
    result = ["page: page"]
    if page.count or page.families_of_matches:
        counted = w.var()
        families = (
            f", collect({fill(FAMILIES_OF[page.label.name], t=counted)}) AS matched"
            if page.families_of_matches
            else ""
        )
        parts.append(
            "CALL () {\n"
            + indent(root_match(w, counted, page))
            + f"\n  RETURN count({counted}) AS total{families}\n}}"
        )
        result.append("total: total")
        if page.families_of_matches:
            result.append("matched: matched")
    if page.related:
        result.append(f"found: [{', '.join(exists(w, f, v) for f, v in page.related)}]")
        result.append(f"named: [{', '.join(families_named(w, f, v) for f, v in page.related)}]")
    parts.append("WITH {" + ", ".join(result) + "} AS r")
    return "\n".join(parts)


def exists(w: Writer, related_filter: RelatedFilter, value: str) -> str:
    labels = "|".join(related_filter.labels)
    return f"EXISTS {{ MATCH (:{labels} {{id: {w.param(value)}}}) }}"


def families_named(w: Writer, related_filter: RelatedFilter, value: str) -> str:
    """The families of the entity a filter names (none for a professional, an agency)."""
    parts = []
    for label in related_filter.labels:
        if not family_level(label):
            continue
        named, family = w.var("n"), w.var("f")
        parts.append(
            f"COLLECT {{ MATCH ({named}:{label} {{id: {w.param(value)}}}) "
            f"UNWIND {fill(FAMILIES_OF[label], t=named)} AS {family} RETURN {family} }}"
        )
    return " + ".join(parts) if parts else "[]"


# -- lookups ------------------------------------------------------------------------------


def lookup(w: Writer, root: Lookup) -> str:
    """`node(id:)` / `nodes(ids:)`: one index seek per id over the model's labels."""
    var = w.var()
    labels = "|".join(root.target.labels)
    return (
        f"UNWIND {w.param(root.ids)} AS key\n"
        f"OPTIONAL MATCH ({var}:{labels} {{id: key}})\n"
        f"WITH key, CASE WHEN {var} IS NULL THEN null "
        f"ELSE {node_map(w, var, root.target)} END AS node\n"
        "WITH collect({key: key, node: node}) AS r"
    )

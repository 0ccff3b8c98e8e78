"""What a request asks of the entity graph, read from its selection set: the plan.

From the GraphQL document (fields, aliases, fragments, inline fragments on the `Node`
interface and the unions, @include/@skip, arguments as literals or variables) and the
role asking, one plan per root field: what to match, which page, and per node label
the fields to read. Arguments are checked here (page sizes, cursors, ranges, lengths,
ids named by filters, the field rules), so a bad one fails its root field before any
Cypher runs. `translate.py` turns a plan into Cypher; `answer.py` shapes the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from itertools import count
from typing import Any, TypeVar

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.execution.values import VariableValues, get_argument_values, get_directive_values

from api.entities.inputs import MAX_IDS, MAX_TEXT
from api.entities.pagination import Window, scope_of, window
from api.entities.shape import (
    BY_NAME,
    EDGES,
    LABELS,
    Label,
    Link,
    RelatedFilter,
    edge_ends,
    edge_properties,
    family_level,
    filter_name,
)
from api.errors import bad_input
from api.security.field_rules import may_read, refuse_unreadable
from kb.domain.model import Use
from kb.security.roles import Principal
from kb.storage.values import utc

MAX_NODE_IDS = 100
ALL_LABELS: tuple[str, ...] = tuple(label.name for label in LABELS)

# How a stored value is written in the answer: as it is, or as ISO-8601 text made by
# the statement (translate.py): cheaper than decoding temporal values in Python.
AS_STORED, ISO_DATE, ISO_INSTANT = "", "date", "instant"


def text_format(annotation: Any) -> str:
    return ISO_DATE if annotation is date else ISO_INSTANT if annotation is datetime else AS_STORED


# -- plans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A stored property (or the id) under `source` in the projected map."""

    key: str
    source: str
    format: str = AS_STORED
    default: Any = None


@dataclass(frozen=True)
class Constant:
    """A value known without reading (`__typename`)."""

    key: str
    value: Any


@dataclass(frozen=True)
class Masked:
    """A property the role may not read: null, a FORBIDDEN error, and nothing fetched."""

    key: str
    label: str
    name: str


@dataclass(frozen=True)
class Flag:
    """`open`: true while `prop` is empty."""

    key: str
    source: str
    prop: str


@dataclass
class Projection:
    """What is read of a node that has one of `labels`; `fields` per label. A node with a
    label in `families` has its families logged (see shape.FAMILIES_OF)."""

    labels: tuple[str, ...]
    fields: dict[str, list[Any]]
    families: frozenset[str]  # the labels whose families this reading touches


@dataclass(frozen=True)
class Related:
    """A relationship field answering nodes: list, one, distinct ends, the agency on a day."""

    key: str
    source: str
    link: Link
    kind: str  # "list", "one", "distinct", "agency_on"
    target: Projection
    active_on: date | None = None
    roles: list[str] | None = None


@dataclass(frozen=True)
class End:
    """An end of a relationship object: the parent node itself or the related one."""

    key: str
    source: str
    parent: bool
    target: Projection


@dataclass(frozen=True)
class Reference:
    """A node named by an id held in a relationship property (`onBehalfOf`)."""

    key: str
    source: str
    prop: str
    target: Projection


@dataclass(frozen=True)
class Edges:
    """Relationship objects (`Employment`, `Participation`...), of a period or not."""

    key: str
    source: str
    link: Link
    fields: list[Any]
    active_on: date | None = None
    roles: list[str] | None = None


@dataclass(frozen=True)
class PageField:
    """One field of a connection: totalCount, pageInfo (with its subfields), edges, nodes."""

    key: str
    kind: str  # "totalCount", "pageInfo", "edges", "nodes", "__typename"
    parts: list[tuple[str, str]] = field(default_factory=list)  # pageInfo/edges: (key, what)
    use: int | None = None  # which projection of the page item (edges' node, nodes)
    value: Any = None  # __typename


@dataclass
class Page:
    """A page of an ordered, filtered match: a root connection or a nested one."""

    key: str
    source: str
    label: Label
    window: Window
    fields: list[PageField]
    uses: list[Projection]
    conditions: list[tuple[str, str, Any]]  # (kind, property or filter name, value)
    related: list[tuple[RelatedFilter, str]]  # related filters given: (filter, id)
    sort: list[tuple[str, bool]]  # (property, descending); the id breaks ties
    link: Link | None = None  # None at the root
    count: bool = False  # totalCount asked
    more: bool = False  # hasNextPage asked without totalCount: fetch one more row
    families_of_matches: bool = False  # a narrowing condition reads every match


@dataclass(frozen=True)
class Lookup:
    """`node(id:)` / `nodes(ids:)`: entities by id, in the order asked."""

    key: str
    ids: list[str]
    single: bool
    target: Projection
    asks_family_data: bool  # an unknown id is then an attempt at family data


@dataclass(frozen=True)
class Requirement:
    """An id a filter names: it must exist with one of `labels`; its families are named."""

    id: str
    labels: tuple[str, ...]
    argument: str


# -- reading the selection set ----------------------------------------------------------


@dataclass
class Reader:
    """Reads one operation's selection sets for one principal."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    principal: Principal | None
    max_page_size: int
    today: date = field(default_factory=lambda: datetime.now(UTC).date())
    _names: Any = field(default_factory=count)
    values: VariableValues = field(init=False)

    def __post_init__(self) -> None:
        self.values = VariableValues({}, self.variables)

    def source(self) -> str:
        """A fresh key for a computed entry of a projected map."""
        return f"k{next(self._names)}"

    # -- GraphQL selection rules ------------------------------------------------------

    def included(self, node: Any) -> bool:
        if not node.directives:
            return True
        skip = get_directive_values(GraphQLSkipDirective, node, self.values)
        if skip is not None and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.values)
        return not (include is not None and include.get("if") is False)

    def matches(self, condition: str | None, type_name: str) -> bool:
        if condition is None or condition == type_name:
            return True
        abstract = self.schema.get_type(condition)
        concrete = self.schema.get_type(type_name)
        if isinstance(abstract, GraphQLInterfaceType | GraphQLUnionType) and isinstance(
            concrete, GraphQLObjectType
        ):
            return self.schema.is_sub_type(abstract, concrete)
        return False

    def collect(
        self, selections: Sequence[SelectionSetNode], type_name: str
    ) -> dict[str, list[FieldNode]]:
        """The fields asked of an object of `type_name`, by response key, merged (each
        fragment once per selection set, as GraphQL's own field collection does)."""
        fields: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()

        def visit(selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if not self.included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if self.matches(condition.name.value if condition else None, type_name):
                        visit(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if name in visited or fragment is None:
                        continue
                    visited.add(name)
                    if self.matches(fragment.type_condition.name.value, type_name):
                        visit(fragment.selection_set)

        for selection_set in selections:
            visit(selection_set)
        return fields

    def arguments(self, type_name: str, nodes: list[FieldNode]) -> dict[str, Any]:
        owner = self.schema.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType | GraphQLInterfaceType)
        return get_argument_values(owner.fields[nodes[0].name.value], nodes[0], self.values)

    @staticmethod
    def children(nodes: list[FieldNode]) -> list[SelectionSetNode]:
        return [n.selection_set for n in nodes if n.selection_set is not None]

    # -- nodes --------------------------------------------------------------------------

    def projection(
        self, labels: tuple[str, ...], selections: list[SelectionSetNode], at_root: bool = False
    ) -> Projection:
        """What to read of a node with one of `labels`. At the root, a node asked for its id
        alone is not a read of family data; anywhere else (tied to its parent) it is."""
        fields: dict[str, list[Any]] = {}
        families: set[str] = set()
        for label_name in labels:
            label = BY_NAME[label_name]
            asked = self.collect(selections, label_name)
            fields[label_name] = [
                self.node_field(label, key, nodes) for key, nodes in asked.items()
            ]
            if family_level(label_name) and (
                not at_root or not all(bare_field(f) for f in fields[label_name])
            ):
                families.add(label_name)
        return Projection(labels, fields, frozenset(families))

    def node_field(self, label: Label, key: str, nodes: list[FieldNode]) -> Any:
        name = nodes[0].name.value
        if name == "__typename":
            return Constant(key, label.name)
        if name == "id":
            return Value(key, "id")
        if name == "open" and label.open_property is not None:
            return Flag(key, self.source(), label.open_property.name)
        link = label.link(name)
        if link is not None:
            return self.link_field(label, link, key, nodes)
        prop = label.prop(name)
        if not may_read(self.principal, label.name, prop.name):
            return Masked(key, label.name, prop.name)
        default = prop.default.value if isinstance(prop.default, Enum) else prop.default
        return Value(key, prop.name, text_format(prop.annotation), default)

    def link_field(self, label: Label, link: Link, key: str, nodes: list[FieldNode]) -> Any:
        args = self.arguments(label.name, nodes)
        selections = self.children(nodes)
        if link.kind == "interactions":
            return self.nested_page(label, link, key, args, selections)
        if link.kind == "period" and nodes[0].name.value == link.distinct:
            target = self.projection(link.target, selections)
            return Related(key, self.source(), link, "distinct", target, args.get("activeOn"))
        if link.kind in ("period", "edges"):
            roles = args.get("roles")
            return Edges(
                key, self.source(), link, self.edge_fields(label, link, selections),
                args.get("activeOn"), None if roles is None else [r.value for r in roles],
            )  # fmt: skip
        target = self.projection(link.target, selections)
        if link.kind == "agency_on":
            return Related(
                key, self.source(), link, "agency_on", target, args.get("on") or self.today
            )
        return Related(key, self.source(), link, link.kind, target)

    def edge_fields(
        self, parent: Label, link: Link, selections: list[SelectionSetNode]
    ) -> list[Any]:
        assert link.edge is not None
        edge = EDGES[link.edge]
        (source_end, source_labels), (target_end, target_labels) = edge_ends(edge)
        # `({p})-[...]->({t})`: the parent is the relationship's source; else its target.
        parent_end = source_end if link.patterns[0].startswith("({p})-") else target_end
        ends = {source_end: source_labels, target_end: target_labels}
        props = {p.name: p for p in edge_properties(edge)}
        planned: list[Any] = []
        for key, nodes in self.collect(selections, edge.name).items():
            name = nodes[0].name.value
            if name == "__typename":
                planned.append(Constant(key, edge.name))
            elif name in ends:
                labels = (parent.name,) if name == parent_end else link.target
                target = self.projection(labels, self.children(nodes))
                planned.append(End(key, self.source(), name == parent_end, target))
            elif name in props and props[name].reference:
                target = self.projection(props[name].reference, self.children(nodes))
                planned.append(Reference(key, self.source(), name, target))
            elif name.endswith("Id") and name[:-2] in props:
                planned.append(Value(key, name[:-2]))
            else:
                prop = props[name]
                default = prop.default.value if isinstance(prop.default, Enum) else prop.default
                planned.append(Value(key, name, text_format(prop.annotation), default))
        return planned

    # -- pages --------------------------------------------------------------------------

    def page_fields(
        self, label: Label, selections: list[SelectionSetNode], at_root: bool
    ) -> tuple[list[PageField], list[Projection]]:
        """The fields asked of a connection, and one node projection per edges/nodes field."""
        connection = f"{label.name}Connection"
        fields: list[PageField] = []
        uses: list[Projection] = []
        for key, nodes in self.collect(selections, connection).items():
            name = nodes[0].name.value
            if name == "__typename":
                fields.append(PageField(key, "__typename", value=connection))
            elif name == "totalCount":
                fields.append(PageField(key, "totalCount"))
            elif name == "pageInfo":
                asked = self.collect(self.children(nodes), "PageInfo")
                fields.append(
                    PageField(key, "pageInfo", [(k, n[0].name.value) for k, n in asked.items()])
                )
            elif name == "nodes":
                uses.append(self.projection((label.name,), self.children(nodes), at_root))
                fields.append(PageField(key, "nodes", use=len(uses) - 1))
            elif name == "edges":
                edge = f"{label.name}Edge"
                asked = self.collect(self.children(nodes), edge)
                parts = []
                for part_key, part_nodes in asked.items():
                    part = part_nodes[0].name.value
                    if part == "node":
                        uses.append(
                            self.projection((label.name,), self.children(part_nodes), at_root)
                        )
                        parts.append((part_key, f"node:{len(uses) - 1}"))
                    else:
                        parts.append((part_key, part if part != "__typename" else f"={edge}"))
                fields.append(PageField(key, "edges", parts))
        return fields, uses

    @staticmethod
    def wants(fields: list[PageField]) -> tuple[bool, bool]:
        """(totalCount asked, hasNextPage asked)."""
        counted = any(f.kind == "totalCount" for f in fields)
        more = any(
            f.kind == "pageInfo" and any(what == "hasNextPage" for _, what in f.parts)
            for f in fields
        )
        return counted, more

    def nested_page(
        self,
        parent: Label,
        link: Link,
        key: str,
        args: dict[str, Any],
        selections: list[SelectionSetNode],
    ) -> Page:
        label = BY_NAME[link.target[0]]
        after, before = instant_bounds(args.get("at"), "at")
        kinds = args.get("kinds")
        kind_values = None if kinds is None else [k.value for k in kinds]
        descending = bool(args.get("latestFirst"))
        scope = scope_of(f"{parent.name}.{link.name}", kind_values, after, before, descending)
        at = window(args.get("first"), args.get("after"), self.max_page_size, scope)
        conditions: list[tuple[str, str, Any]] = []
        if kind_values is not None:
            conditions.append(("any of", "kind", kind_values))
        if after is not None:
            conditions.append(("from", "at", after))
        if before is not None:
            conditions.append(("before", "at", before))
        fields, uses = self.page_fields(label, selections, at_root=False)
        counted, more = self.wants(fields)
        return Page(
            key, self.source(), label, at, fields, uses, conditions, [],
            [("at", descending)], link, counted, more and not counted,
        )  # fmt: skip

    def root_page(
        self, label: Label, key: str, args: dict[str, Any], selections: list[SelectionSetNode]
    ) -> Page:
        given = args.get("filter") or {}
        order = args.get("orderBy") or {}
        conditions, related, tested = self.filter_conditions(label, given)
        sort_field = order.get("field")
        sort_prop = label.default_sort if sort_field is None else str(sort_field.value)
        descending = getattr(order.get("direction"), "value", "ASC") == "DESC"
        # A role filters and sorts only by what it may read (api/security/field_rules.py).
        refuse_unreadable(self.principal, label.name, [*tested, (sort_prop, "orderBy.field")])
        question = sorted((name, repr(value)) for _, name, value in conditions) + sorted(
            (f.name, value) for f, value in related
        )
        scope = scope_of(label.root_field, question, sort_prop, descending)
        at = window(args.get("first"), args.get("after"), self.max_page_size, scope)
        bare = not [c for c in conditions if c[1] != "id"] and not related
        fields, uses = self.page_fields(label, selections, at_root=bare)
        counted, more = self.wants(fields)
        # A condition other than `ids` tests every entity it scans: all matches are read.
        narrowing = [c for c in conditions if c[1] != "id"] or related
        return Page(
            key, self.source(), label, at, fields, uses, conditions, related,
            [(sort_prop, descending)], None, counted, more and not counted,
            bool(narrowing) and family_level(label.name),
        )  # fmt: skip

    def filter_conditions(
        self, label: Label, given: dict[str, Any]
    ) -> tuple[list[tuple[str, str, Any]], list[tuple[RelatedFilter, str]], list[tuple[str, str]]]:
        """(conditions, related filters given, (property, argument) pairs a filter tests)."""
        conditions: list[tuple[str, str, Any]] = []
        tested: list[tuple[str, str]] = []
        ids = given.get("ids")
        if ids is not None:
            if len(ids) > MAX_IDS:
                raise bad_input(
                    f"`filter.ids` lists {len(ids)} ids; at most {MAX_IDS} are allowed",
                    argument="filter.ids",
                )
            conditions.append(("any of", "id", [str(i) for i in ids]))
        for prop in label.properties:
            for use in (Use.CONTAINS, Use.ANY_OF, Use.RANGE):
                if use not in prop.uses:
                    continue
                name = filter_name(prop, use)
                value = given.get(name)
                if value is None:
                    continue
                argument = f"filter.{name}"
                tested.append((prop.name, argument))
                if use is Use.CONTAINS:
                    if len(value) > MAX_TEXT:
                        raise bad_input(
                            f"`{argument}` is {len(value)} characters long; at most {MAX_TEXT} "
                            "are allowed",
                            argument=argument,
                        )
                    conditions.append(("contains", prop.name, value))
                elif use is Use.ANY_OF:
                    conditions.append(("any of", prop.name, [v.value for v in value]))
                else:
                    bounds = (
                        date_bounds(value, argument)
                        if prop.annotation is date
                        else instant_bounds(value, argument)
                    )
                    if bounds[0] is not None:
                        conditions.append(("from", prop.name, bounds[0]))
                    if bounds[1] is not None:
                        conditions.append(("before", prop.name, bounds[1]))
            if Use.OPEN in prop.uses and given.get("open") is not None:
                tested.append((prop.name, "filter.open"))
                conditions.append(("open", prop.name, bool(given["open"])))
        related = [(f, str(given[f.name])) for f in label.filters if given.get(f.name) is not None]
        return conditions, related, tested

    # -- root fields --------------------------------------------------------------------

    def lookup(
        self, key: str, args: dict[str, Any], selections: list[SelectionSetNode], single: bool
    ) -> Lookup:
        ids = [str(args["id"])] if single else [str(i) for i in args["ids"]]
        if len(ids) > MAX_NODE_IDS:
            raise bad_input(
                f"`ids` lists {len(ids)} ids; at most {MAX_NODE_IDS} are allowed", argument="ids"
            )
        target = self.projection(ALL_LABELS, selections, at_root=True)
        asks = bool(target.families)
        return Lookup(key, ids, single, target, asks)


def bare_field(planned: Any) -> bool:
    """Whether a planned field is the id or the type name (nothing of the entity's data)."""
    return isinstance(planned, Constant) or (isinstance(planned, Value) and planned.source == "id")


def requirements(page: Page) -> list[Requirement]:
    """The ids a root page's filters name, each to exist with the filter's labels."""
    return [Requirement(value, f.labels, f"filter.{f.name}") for f, value in page.related]


# -- value checks -------------------------------------------------------------------------


Bound = TypeVar("Bound", date, datetime)


def _in_order(
    after: Bound | None, before: Bound | None, argument: str
) -> tuple[Bound | None, Bound | None]:
    """The span's ends, refused (BAD_USER_INPUT) when `after` is later than `before`."""
    if after is not None and before is not None and after > before:
        raise bad_input(
            f"`{argument}`: after ({after.isoformat()}) is later than before "
            f"({before.isoformat()})",
            argument=argument,
        )
    return after, before


def date_bounds(span: dict[str, Any] | None, argument: str) -> tuple[date | None, date | None]:
    if span is None:
        return None, None
    return _in_order(span.get("after"), span.get("before"), argument)


def instant_bounds(
    span: dict[str, Any] | None, argument: str
) -> tuple[datetime | None, datetime | None]:
    if span is None:
        return None, None
    after = utc(span["after"]) if span.get("after") is not None else None
    before = utc(span["before"]) if span.get("before") is not None else None
    return _in_order(after, before, argument)

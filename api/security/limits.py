"""Limits checked before any Cypher runs: depth, aliases, tokens, page size and cost.

Cost counts the objects a query could ask for: each field costs the product of
the `first` arguments on the path to it (a field without a `first` argument
multiplies by 1). A `first` given by a variable counts as the largest page
allowed (validation runs before variables are known), an omitted one as the
argument's default (or the largest page when it has none); resolvers check the
actual value with `page_size`.

Depth, aliases and cost are measured as if every fragment were written out where it
is spread, but each fragment is measured once (`Expansion`), so the work is linear in
the document: 22 fragments each spreading the previous one twice (900 bytes) expand
to two million fields, and walking every spread, as strawberry's own depth and alias
limiters do, took 20 to 40 s and held the event loop. Depth and aliases are counted as
those limiters count them (same numbers, same messages).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension
from strawberry.extensions.utils import is_introspection_key

from api.errors import ApiError, ErrorCode
from kb.settings import Settings

PAGE_ARGUMENT = "first"


def page_size(first: int | None, settings: Settings, default: int | None = None) -> int:
    """The page size to use for a `first` argument, or LIMIT_EXCEEDED / BAD_USER_INPUT."""
    largest = settings.api_max_page_size
    if first is None:
        return default if default is not None else largest
    if first < 0:
        raise ApiError(ErrorCode.BAD_USER_INPUT, "first must be 0 or more", argument="first")
    if first > largest:
        raise ApiError(
            ErrorCode.LIMIT_EXCEEDED,
            f"first must be at most {largest} (the largest page)",
            argument="first",
            limit=largest,
        )
    return first


def _limit_error(message: str, node: Any, **details: object) -> GraphQLError:
    return GraphQLError(
        message, node, extensions={"code": ErrorCode.LIMIT_EXCEEDED.value, **details}
    )


@cache  # one class per limit: building a Visitor class costs ~0.2 ms a request
def cost_rule(max_cost: int, max_page_size: int) -> type[ValidationRule]:
    """A validation rule refusing operations whose cost exceeds `max_cost`."""

    class CostLimitRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = fragments_of(context.document)
            # The cost of each fragment's selections at multiplier 1 (cost is linear in the
            # multiplier): each fragment is walked once, however often it is spread.
            self.fragment_costs: dict[str, int] = {}
            self.open: set[str] = set()

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            schema = self.context.schema
            root = {
                OperationType.QUERY: schema.query_type,
                OperationType.MUTATION: schema.mutation_type,
                OperationType.SUBSCRIPTION: schema.subscription_type,
            }[node.operation]
            cost = self.selection_cost(node.selection_set, root, 1)
            if cost > max_cost:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    _limit_error(
                        f"operation '{name}' may return about {cost} objects; the limit is "
                        f"{max_cost}: ask for smaller pages (first) or fewer nested lists",
                        node,
                        cost=cost,
                        limit=max_cost,
                    )
                )

        def named(self, name: str | None, default: GraphQLNamedType | None) -> Any:
            return self.context.schema.get_type(name) if name else default

        def selection_cost(
            self,
            selections: SelectionSetNode | None,
            parent: GraphQLNamedType | None,
            multiplier: int,
        ) -> int:
            if selections is None:
                return 0
            total = 0
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    field_def = None
                    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                        field_def = parent.fields.get(selection.name.value)
                    factor = self.page_factor(selection, field_def)
                    child = get_named_type(field_def.type) if field_def else None
                    total += multiplier + self.selection_cost(
                        selection.selection_set, child, multiplier * factor
                    )
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    total += self.selection_cost(
                        selection.selection_set,
                        self.named(condition.name.value if condition else None, parent),
                        multiplier,
                    )
                elif isinstance(selection, FragmentSpreadNode):
                    total += multiplier * self.fragment_cost(selection.name.value, parent)
                # Stop early: the total only grows, and huge numbers help nobody.
                if total > max_cost:
                    return total
            return total

        def fragment_cost(self, name: str, parent: GraphQLNamedType | None) -> int:
            """A fragment's cost at multiplier 1; 0 for an unknown fragment or one already
            being counted (a cycle: other rules refuse both)."""
            fragment = self.fragments.get(name)
            if fragment is None or name in self.open:
                return 0
            if name not in self.fragment_costs:
                self.open.add(name)
                self.fragment_costs[name] = self.selection_cost(
                    fragment.selection_set,
                    self.named(fragment.type_condition.name.value, parent),
                    1,
                )
                self.open.discard(name)
            return self.fragment_costs[name]

        def page_factor(self, field: FieldNode, field_def: Any) -> int:
            for argument in field.arguments or ():
                if argument.name.value != PAGE_ARGUMENT:
                    continue
                if isinstance(argument.value, IntValueNode):
                    first = int(argument.value.value)
                    if first > max_page_size:
                        self.report_error(
                            _limit_error(
                                f"first is {first} on '{field.name.value}'; the largest page "
                                f"is {max_page_size}",
                                field,
                                limit=max_page_size,
                            )
                        )
                    return max(first, 1)
                return max_page_size  # a variable: assume the worst
            if field_def is not None and PAGE_ARGUMENT in field_def.args:
                default = field_def.args[PAGE_ARGUMENT].default_value
                return default if isinstance(default, int) and default > 0 else max_page_size
            return 1

    return CostLimitRule


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def operations_of(document: DocumentNode) -> list[OperationDefinitionNode]:
    return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


class Expansion:
    """Depth and aliases of a document's selections as if each fragment were written out
    where it is spread, each fragment measured once. A spread of an unknown fragment, or
    of one already being measured (a cycle), counts nothing: other rules refuse both."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = fragments_of(document)
        self._depths: dict[str, int] = {}
        self._aliases: dict[str, int] = {}
        self._open: set[str] = set()

    def depth(self, selections: SelectionSetNode | None) -> int:
        """strawberry's QueryDepthLimiter's count: a field with a selection set is one
        level more than its deepest selection; a leaf or an introspection field is 0."""
        deepest = 0
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                if selection.selection_set is None or is_introspection_key(selection.name.value):
                    level = 0
                else:
                    level = 1 + self.depth(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                level = self.depth(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                level = self._fragment(selection, self._depths, self.depth)
            else:
                level = 0
            deepest = max(deepest, level)
        return deepest

    def aliases(self, selections: SelectionSetNode | None) -> int:
        """strawberry's MaxAliasesLimiter's count: aliased fields, spreads included."""
        total = 0
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                total += (selection.alias is not None) + self.aliases(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                total += self.aliases(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection, self._aliases, self.aliases)
        return total

    def _fragment(
        self,
        spread: FragmentSpreadNode,
        known: dict[str, int],
        measure: Callable[[SelectionSetNode | None], int],
    ) -> int:
        name = spread.name.value
        fragment = self.fragments.get(name)
        if fragment is None or name in self._open:
            return 0
        if name not in known:
            self._open.add(name)
            known[name] = measure(fragment.selection_set)
            self._open.discard(name)
        return known[name]


@cache  # one class per limit: building a Visitor class costs ~0.2 ms a request
def depth_rule(max_depth: int) -> type[ValidationRule]:
    """Operations nested deeper than `max_depth` are refused (LIMIT_EXCEEDED); an empty
    selection set (`{}`) is refused too (BAD_USER_INPUT), as nothing can be answered."""

    class DepthLimitRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.empty_reported = False
            expansion = Expansion(context.document)
            for operation in operations_of(context.document):
                if expansion.depth(operation.selection_set) > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    self.report_error(
                        _limit_error(
                            f"'{name}' exceeds maximum operation depth of {max_depth}",
                            operation,
                            limit=max_depth,
                        )
                    )

        def enter_selection_set(self, node: SelectionSetNode, *_: Any) -> None:
            if not node.selections and not self.empty_reported:
                self.empty_reported = True
                self.report_error(
                    GraphQLError(
                        "a selection set is empty: name at least one field",
                        node,
                        extensions={"code": ErrorCode.BAD_USER_INPUT.value},
                    )
                )

    return DepthLimitRule


@cache  # one class per limit: building a Visitor class costs ~0.2 ms a request
def aliases_rule(max_aliases: int) -> type[ValidationRule]:
    """Documents with more than `max_aliases` aliases (spreads included) are refused."""

    class AliasLimitRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            expansion = Expansion(context.document)
            operations = operations_of(context.document)
            total = sum(expansion.aliases(operation.selection_set) for operation in operations)
            if total > max_aliases:
                self.report_error(
                    _limit_error(
                        f"{total} aliases found. Allowed: {max_aliases}",
                        operations[0] if operations else None,
                        limit=max_aliases,
                    )
                )

    return AliasLimitRule


class DepthLimiter(AddValidationRules):
    def __init__(self, max_depth: int) -> None:
        super().__init__([depth_rule(max_depth)])


class AliasLimiter(AddValidationRules):
    def __init__(self, max_aliases: int) -> None:
        super().__init__([aliases_rule(max_aliases)])


class CostLimiter(AddValidationRules):
    def __init__(self, max_cost: int, max_page_size: int) -> None:
        super().__init__([cost_rule(max_cost, max_page_size)])


ExtensionFactory = Callable[[], SchemaExtension]


def limit_extensions(settings: Settings) -> list[ExtensionFactory]:
    """Factories, so that each request gets its own extension instances."""
    return [
        partial(MaxTokensLimiter, max_token_count=settings.api_max_tokens),
        partial(DepthLimiter, settings.api_max_depth),
        partial(AliasLimiter, settings.api_max_aliases),
        partial(CostLimiter, settings.api_max_cost, settings.api_max_page_size),
    ]

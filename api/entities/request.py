"""One request's entity root fields answered together: one statement, one audit event.

The first entity root field to resolve plans every entity root field of the operation
(`plan.py`; a field whose arguments are wrong fails alone), translates them into one
statement (`translate.py`), runs it in one read transaction, shapes each field's
answer (`answer.py`) and, through the audit rule (`read_family_data`), logs every
family the answers touched before any of them is returned. The other root fields
await the same work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, GraphQLSchema
from graphql.execution.values import VariableValues
from strawberry.types import Info

from api.context import Context
from api.entities.answer import Refused, Shaped, shape
from api.entities.execution import Answered
from api.entities.plan import Constant, Flag, Lookup, Masked, Page, Reader, Value
from api.entities.plan_cache import PlanCache, request_key
from api.entities.reads import read_statement
from api.entities.shape import LABELS, Label, family_level
from api.entities.translate import Statement, translate
from api.security.family_reads import read_family_data

# The plans and statements of recent requests (api/entities/plan_cache.py).
PLANS = PlanCache()

PlanMaker = Callable[[Reader, str, dict[str, Any], list[Any]], Lookup | Page]


def _lookup(single: bool) -> PlanMaker:
    return lambda reader, key, args, sel: reader.lookup(key, args, sel, single)


def _root_page(label: Label) -> PlanMaker:
    return lambda reader, key, args, sel: reader.root_page(label, key, args, sel)


# The root fields of the entity graph and the plan each one makes.
ROOT_FIELDS: dict[str, PlanMaker] = {
    "node": _lookup(True),
    "nodes": _lookup(False),
    **{label.root_field: _root_page(label) for label in LABELS},
}


@dataclass
class Planned:
    """The entity root fields of one operation: a plan or an error per response key."""

    plans: dict[str, Lookup | Page]
    refused: dict[str, GraphQLError]


def plan_operation(
    schema: GraphQLSchema,
    operation: Any,
    fragments: dict[str, Any],
    variables: dict[str, Any],
    context: Any,
) -> Planned:
    """Plan every entity root field the operation asks (after @include/@skip)."""
    reader = Reader(
        schema,
        fragments,
        variables,
        getattr(context, "principal", None),
        context.db.settings.api_max_page_size,
    )
    plans: dict[str, Lookup | Page] = {}
    refused: dict[str, GraphQLError] = {}
    for key, nodes in reader.collect([operation.selection_set], "Query").items():
        make = ROOT_FIELDS.get(nodes[0].name.value)
        if make is None:
            continue
        try:
            args = reader.arguments("Query", nodes)
            plans[key] = make(reader, key, args, Reader.children(nodes))
        except GraphQLError as error:
            refused[key] = error
    return Planned(plans, refused)


def attempted_ids(plans: list[Lookup | Page]) -> list[str]:
    """Ids the arguments name that may be family data, logged if the read fails."""
    ids: list[str] = []
    for plan in plans:
        if isinstance(plan, Lookup):
            if plan.asks_family_data:
                ids += plan.ids
        else:
            ids += [v for f, v in plan.related if any(family_level(x) for x in f.labels)]
    return ids


# Parts of a node's answer that are its own properties (nothing reached through a
# relationship, so nothing of another family).
_OWN = (Value, Constant, Flag, Masked)


def named_families(plans: list[Lookup | Page]) -> list[str] | None:
    """The families a request's answer can touch, when its arguments alone say which:
    every root field is a lookup (`node`, `nodes`) reading family data only of Family
    nodes' own properties (`node(id:) { ... on Family { reference } }`), so the answer
    touches no family but the ids asked. Its event can then be written beside the read
    (`read_family_data(named=...)`): an id asked as a family is logged whether it names
    one or not, as an attempt. None when only the answer can say."""
    named: list[str] = []
    for plan in plans:
        if not isinstance(plan, Lookup):
            return None
        if not plan.asks_family_data:
            continue
        target = plan.target
        if target.families != {"Family"} or not all(
            isinstance(part, _OWN) for part in target.fields["Family"]
        ):
            return None
        named += plan.ids
    return named


class EntityRequest:
    """The entity root fields of one request, answered by one statement."""

    def __init__(self, info: Info[Context, None]) -> None:
        raw = info._raw_info
        variables: Any = raw.variable_values
        if isinstance(variables, VariableValues):
            variables = variables.coerced
        self.context = info.context
        principal = getattr(info.context, "principal", None)
        settings = info.context.db.settings

        def make() -> tuple[Planned, Statement | None]:
            planned = plan_operation(
                raw.schema, raw.operation, raw.fragments, variables, info.context
            )
            plans = list(planned.plans.values())
            return planned, translate(plans) if plans else None

        self.planned, self.statement = PLANS.get_or_make(
            request_key(raw, variables, principal and principal.role, settings.api_max_page_size),
            settings.api_document_cache_size,
            make,
            keep=lambda made: not made[0].refused,
        )
        self.keys = list(self.planned.plans)
        self.work = asyncio.ensure_future(self.run()) if self.keys else None

    async def run(self) -> dict[str, Shaped | Refused]:
        plans = [self.planned.plans[k] for k in self.keys]
        shaped: dict[str, Shaped | Refused] = {}

        async def read() -> dict[str, Shaped | Refused]:
            assert self.statement is not None
            (row,) = await read_statement(
                self.context.async_db, self.statement.text, self.statement.parameters
            )
            for i, key in enumerate(self.keys):
                shaped[key] = shape(plans[i], row[f"r{i}"])
            return shaped

        def touched(answers: dict[str, Shaped | Refused]) -> list[str]:
            return sorted({f for answer in answers.values() for f in answer.families})

        named = named_families(plans)
        if named is not None:  # known from the arguments: written beside the read
            return await read_family_data(self.context, read, named=named, touched=touched)
        return await read_family_data(
            self.context, read, attempted=attempted_ids(plans), touched=touched
        )

    async def answer(self, key: str) -> Answered:
        if key in self.planned.refused:
            raise self.planned.refused[key]
        assert self.work is not None
        answers = await self.work
        result = answers[key]
        if isinstance(result, Refused):
            raise result.error
        return Answered(result.value, result.errors)


async def answer_root_field(info: Info[Context, None]) -> Answered:
    """The answer of the entity root field being resolved (the request's work, shared)."""
    loaders = info.context.loaders
    request = loaders.get("entities:request")
    if request is None:
        request = loaders["entities:request"] = EntityRequest(info)
    answered: Answered = await request.answer(str(info.path.key))
    return answered

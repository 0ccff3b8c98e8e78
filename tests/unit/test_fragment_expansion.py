"""Depth and aliases measured with each fragment counted once (api/security/limits.py
`Expansion`) agree with strawberry's own limiters, which walk every spread, on random
documents small enough for strawberry to walk; and a fragment bomb is measured at once."""

from __future__ import annotations

import time
from typing import Any

from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse
from hypothesis import given, settings
from hypothesis import strategies as st
from strawberry.extensions.max_aliases import count_fields_with_alias
from strawberry.extensions.query_depth_limiter import determine_depth

from api.security.limits import Expansion

NAMES = ["a", "b", "c", "__typename"]


@st.composite
def selections(draw: st.DrawFn, fragments: int, depth: int = 0) -> str:
    """A selection set over made-up fields; spreads name fragments F0..F{fragments-1}."""
    items = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["leaf", "field", "inline", "spread"]))
        if kind == "spread" and fragments:
            items.append(f"...F{draw(st.integers(0, fragments - 1))}")
        elif kind == "inline" and depth < 4:
            items.append("... on T " + draw(selections(fragments, depth + 1)))
        else:
            alias = draw(st.sampled_from(["", "x: ", "y: "]))
            name = draw(st.sampled_from(NAMES))
            nested = kind == "field" and depth < 4 and not name.startswith("__")
            items.append(
                alias + name + (" " + draw(selections(fragments, depth + 1)) if nested else "")
            )
    return "{ " + " ".join(items) + " }"


@st.composite
def documents(draw: st.DrawFn) -> str:
    count = draw(st.integers(0, 4))
    # Fragment i spreads only fragments before it: no cycles, as validation requires.
    parts = [f"fragment F{i} on T " + draw(selections(i)) for i in range(count)]
    return "query Q " + draw(selections(count)) + "\n" + "\n".join(parts)


class _NoErrors:
    def report_error(self, error: Any) -> None:
        raise AssertionError(error)


@settings(max_examples=300, deadline=None)
@given(documents())
def test_depth_and_aliases_are_counted_as_strawberry_counts_them(text: str) -> None:
    document = parse(text)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    expansion = Expansion(document)
    theirs = determine_depth(operation, fragments, 0, 10_000, _NoErrors(), "Q", None)  # type: ignore[arg-type]
    assert expansion.depth(operation.selection_set) == theirs
    assert expansion.aliases(operation.selection_set) == count_fields_with_alias(
        operation, fragments
    )


def test_a_fragment_bomb_is_measured_without_expanding_it() -> None:
    lines = ["query { me { ...F39 } }", "fragment F0 on Me { x: role }"]
    lines += [f"fragment F{i} on Me {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 40)]
    document = parse("\n".join(lines))
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    started = time.monotonic()
    expansion = Expansion(document)
    aliases = expansion.aliases(operation.selection_set)
    depth = expansion.depth(operation.selection_set)
    assert aliases == 2**39  # one alias in F0, spread 2^39 times once written out
    assert depth == 1  # me { role }: spreads add no level
    assert time.monotonic() - started < 1.0  # 40 fragments measured, not 2^39 spreads walked

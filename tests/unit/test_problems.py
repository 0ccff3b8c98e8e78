"""Pydantic's errors as messages, one translation for the loader and the API
(`kb.domain.problems`): fields named by their columns, readers' words, values quoted only
where asked."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from kb.domain.model import Episode
from kb.domain.problems import field_problems


def problems_of(values: dict[str, object], **options: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        Episode.model_validate(values)
    found = field_problems(Episode, refused.value, **options)
    return {p.field: p.message for p in found}


def test_a_dataset_row_reads_in_columns_and_quotes_the_value() -> None:
    found = problems_of({"id": "e1", "kind": "NOPE", "colour": "red"})
    assert found["openedAt"] == "a value is required (the cell is empty or the column is missing)"
    assert found["colour"] == "unknown column"
    assert "'NOPE'" in found["kind"]  # the refused value, quoted for the steward


def test_an_api_argument_reads_in_properties_and_never_quotes_the_value() -> None:
    found = problems_of(
        {"id": "e1", "kind": "NOPE", "colour": "red"}, noun="property", quote_input=False
    )
    assert found["openedAt"] == "a value is required"
    assert found["colour"] == "unknown property"
    assert "NOPE" not in found["kind"] and found["kind"]


def test_a_check_across_fields_names_the_column_it_is_about() -> None:
    found = problems_of(
        {"id": "e1", "kind": "EHCP", "openedAt": "2024-02-01", "closedAt": "2024-01-01"}
    )
    assert list(found) == ["closedAt"], found

"""The analytics reference (docs/graphql/analytics.md) states the bounds the code enforces:
each number is read from the code, so changing one side alone fails here (issue 14: the
README said brokerage `limit` was 1 to 50 while the API took up to 500)."""

from __future__ import annotations

import re

import pytest

from kb.analytics import brokerage, expertise, paths, timeline
from kb.domain.vocabulary import LEAD_ROLES
from kb.settings import REPO_ROOT

REFERENCE = (REPO_ROOT / "docs" / "graphql" / "analytics.md").read_text()


def section(field: str) -> str:
    """The text of one field's section (from its `## field` heading to the next)."""
    match = re.search(rf"^## {field}\n(.*?)(?=^## )", REFERENCE, re.S | re.M)
    assert match, field
    return match.group(1)


def errors_row(starting: str) -> str:
    (row,) = [line for line in REFERENCE.splitlines() if line.startswith(f"| {starting}")]
    return row


@pytest.mark.parametrize(
    ("field", "most", "stated", "row"),
    [
        ("brokerage", brokerage.MAX_RESULTS, "`limit` 1 to {}", "brokerage `limit`"),
        (
            "horizontalExpertise",
            expertise.MAX_RESULTS,
            "top `limit` (1 to {})",
            "horizontalExpertise",
        ),
    ],
)
def test_limits_in_the_reference_are_the_codes(
    field: str, most: int, stated: str, row: str
) -> None:
    assert stated.format(most) in " ".join(section(field).split())
    assert f"outside 1..{most}" in errors_row(row)


def test_path_bounds_in_the_reference_are_the_codes() -> None:
    row = errors_row("`maxHops`")
    assert f"`maxHops` outside 1..{paths.MAX_HOPS}" in row
    assert f"`limit` outside 1..{paths.MAX_PATHS}" in row
    text = " ".join(section("boundaryCrossingPaths").split())
    assert f"after {paths.PATH_SEARCH_SECONDS:g} s" in text
    assert f"up to {paths.COUNT_CAP:,}" in text


def test_timeline_bound_in_the_reference_is_the_codes() -> None:
    text = " ".join(section("configurationTimeline").split())
    assert f"at most {timeline.MAX_PERIOD_YEARS} years of days" in text
    assert f"{timeline.MAX_PERIOD_YEARS}th anniversary" in text


def test_no_page_states_another_brokerage_limit() -> None:
    pages = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").rglob("*.md"))]
    for page in pages:
        for found in re.findall(r"brokerage[^\n]{0,80}?1 (?:to|\.\.) ?(\d+)", page.read_text()):
            assert int(found) == brokerage.MAX_RESULTS, page


def test_the_lead_is_described_as_the_code_picks_it() -> None:
    # One meaning of "the lead" (issue 14): the code's order of lead roles, stated the same
    # way in the model and in the analytics reference.
    first, second = (role.value for role in LEAD_ROLES)
    model = " ".join((REPO_ROOT / "docs" / "model.md").read_text().split())
    assert f"`{first}` before a `{second}`" in model
    reference = " ".join(section("familyConfiguration").split())
    assert f"`{first}`" in reference and f"before `{second}`" in reference
    assert reference.index(f"`{first}`") < reference.index(f"before `{second}`")

"""The translator without a database: what reaches the statement text, and how to print it."""

from __future__ import annotations

from api.entities.explain import explain, main


def test_user_input_reaches_cypher_only_as_parameters() -> None:
    hostile = "x') OR 1=1 //\" MATCH (n) DETACH DELETE n"
    statement = explain(
        """query($t: String, $i: ID!) {
             evil_alias: families(filter: {referenceContains: $t, professionalId: $i}) {
               nodes { interactions(kinds: [MEETING]) { totalCount } } }
             node(id: $i) { id } }""",
        {"t": hostile, "i": hostile},
    )
    assert hostile not in statement.text and "evil_alias" not in statement.text
    assert "MEETING" not in statement.text
    assert hostile in statement.parameters.values()
    assert [hostile] in statement.parameters.values()


def test_explain_prints_the_statement_of_a_request() -> None:
    assert main(["{ agencies(first: 2) { nodes { name } } }"]) == 0
    assert main(["{ nosuchfield }"]) == 1


def _root_where(statement_text: str) -> list[str]:
    """The WHERE lines of a statement's root match."""
    return [line.strip() for line in statement_text.splitlines() if line.strip().startswith("WHERE")]


def test_a_root_page_on_a_required_key_is_read_in_its_index_order() -> None:
    # reference is never empty (model.Family): `IS NOT NULL` filters nothing and lets
    # Neo4j read the families in the family_reference index's order.
    default = explain("{ families(first: 20) { nodes { id reference } } }")
    assert _root_where(default.text) == ["WHERE v0.reference IS NOT NULL"]
    by_kind = explain("{ episodes(first: 5, orderBy: {field: KIND}) { nodes { id } } }")
    assert _root_where(by_kind.text) == ["WHERE v0.kind IS NOT NULL"]


def test_a_root_page_on_a_key_that_may_be_empty_keeps_its_empty_ones() -> None:
    # closedAt is empty while an episode is open: those episodes must stay on the page.
    statement = explain("{ episodes(first: 5, orderBy: {field: CLOSED_AT}) { nodes { id } } }")
    assert "IS NOT NULL" not in statement.text


def test_every_default_sort_key_is_indexed() -> None:
    """The schema has a range index on every label's default sort key (or it is `id`,
    which the uniqueness constraint indexes), so default pages are read in index order."""
    from api.entities.shape import LABELS
    from kb.settings import REPO_ROOT

    schema = (REPO_ROOT / "cypher" / "schema" / "constraints.cypher").read_text()
    missing = [
        f"{label.name}.{label.default_sort}"
        for label in LABELS
        if label.default_sort != "id"
        and f"FOR (n:{label.name}) ON (n.{label.default_sort});" not in schema
    ]
    assert missing == []

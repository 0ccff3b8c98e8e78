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

"""The check side's cheap paths give what the general ones give: a row of ASCII text read
without the bad-bytes scan, a batch validated in one pydantic call, a relationship whose
ends are of the allowed labels placed without building its problems."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.domain.model import (
    Agency,
    HasEpisode,
    Interaction,
    InvolvedWith,
    ParticipatedIn,
    Record,
)
from kb.domain.vocabulary import Level, ParticipationRole
from kb.loading.batches import check_relationships
from kb.loading.manifest import DatasetFile
from kb.loading.references import KnownIds
from kb.loading.seen import SeenKeys
from kb.loading.sources import Problem, RawRow, RowReader
from kb.loading.validation import validate, validate_batch


def read(tmp_path: Path, record_type: type[Record], text: bytes) -> list[RawRow | Problem]:
    path = tmp_path / "rows.csv"
    path.write_bytes(text)
    with RowReader(DatasetFile("x", record_type, path, "rows.csv")) as reader:  # type: ignore[arg-type]
        return list(reader)


def test_ascii_and_other_rows_read_blank_cells_as_null_and_bad_bytes_as_a_problem(
    tmp_path: Path,
):
    text = (
        "id,name,sector\n"
        "a1,School,EDUCATION\n"  # ASCII: the cheap path
        "a2,   ,\t\n"  # blank cells
        "a3,\u00e9cole,  \u00a0 \n"  # not ASCII: the general path; a no-break space is blank
        'a4,"two\nlines",HEALTH\n'
    ).encode() + b"a5,Caf\xe9,HEALTH\n"  # Latin-1, not UTF-8: a bad byte in `name`
    items = read(tmp_path, Agency, text)  # type: ignore[arg-type]

    assert items == [
        RawRow(2, {"id": "a1", "name": "School", "sector": "EDUCATION"}),
        RawRow(3, {"id": "a2", "name": None, "sector": None}),
        RawRow(4, {"id": "a3", "name": "\u00e9cole", "sector": None}),
        RawRow(5, {"id": "a4", "name": "two\nlines", "sector": "HEALTH"}),
        Problem(
            7,
            "name",
            "not valid UTF-8 (byte 0xE9 at character 4); save the file as UTF-8",
        ),
    ]


def test_a_batch_with_one_bad_row_gives_the_messages_and_lines_of_that_row_alone():
    rows = [
        RawRow(2, {"source": "p1", "target": "i1", "role": "CHAIR"}),
        RawRow(3, {"source": "p2", "target": "i1", "role": "SINGER"}),
        RawRow(4, {"source": "p3", "target": "i1", "role": None}),  # empty: the default
    ]
    checked = validate_batch(ParticipatedIn, rows)

    assert checked[0] == ParticipatedIn(source="p1", target="i1", role=ParticipationRole.CHAIR)
    assert checked[1] == [
        Problem(
            3,
            "role",
            "Input should be 'CHAIR', 'ATTENDEE', 'REFERRER', 'RECIPIENT', 'ASSESSOR', "
            "'CONTRIBUTOR' or 'SUBJECT' (got 'SINGER')",
        )
    ]
    assert checked[2] == ParticipatedIn(source="p3", target="i1", role=ParticipationRole.ATTENDEE)


def test_a_cross_field_refusal_in_a_batch_names_its_column():
    rows = [
        RawRow(2, {"id": "i1", "kind": "MEETING", "at": "2024-01-02T10:00Z", "level": None}),
        RawRow(
            3, {"id": "i2", "kind": "MEETING", "at": "2024-01-02T10:00Z", "endsAt": "2024-01-01"}
        ),
    ]
    first, second = validate_batch(Interaction, rows)

    assert isinstance(first, Interaction) and first.level is Level.OPERATIONAL
    assert second == [Problem(3, "endsAt", "endsAt is before at")]


cell = st.one_of(
    st.none(),
    st.sampled_from(["p1", "fam-1", "a b", "", "LEAD_SOCIAL_WORKER", "CORE_GROUP", "agency-1"]),
    st.sampled_from(["2024-01-02", "2024-02-30", "20240102", "2023-12-31"]),
    st.text(max_size=8),
)
involvement = st.fixed_dictionaries(
    {"source": cell, "target": cell, "from": cell, "role": cell},
    optional={"to": cell, "onBehalfOf": cell, "extra": cell},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(involvement, max_size=12))
def test_a_batch_is_validated_exactly_as_its_rows_one_by_one(values: list[dict[str, object]]):
    rows = [RawRow(line, row) for line, row in enumerate(values, start=2)]

    assert validate_batch(InvolvedWith, rows) == [validate(InvolvedWith, row) for row in rows]


def involvement(line: int, source: str, target: str, on_behalf_of: str | None) -> RawRow:
    values = {"source": source, "target": target, "from": "2024-01-01", "role": "CORE_GROUP"}
    return RawRow(line, {**values, "onBehalfOf": on_behalf_of})


def test_relationships_placed_cheaply_or_refused_with_each_problem():
    batch = [
        involvement(2, "p1", "f1", None),
        involvement(3, "f1", "p2", "p1"),  # both ends and the agency of the wrong labels
        involvement(4, "p2", "f1", "a1"),
        involvement(5, "p1", "f1", "p2"),  # ends right, the agency not an Agency
        involvement(6, "p1", "nobody", None),  # the target unknown
    ]
    rejects: list[Sequence[Problem]] = []
    with KnownIds() as known, SeenKeys() as seen:
        known.add(["p1", "p2"], "Professional")
        known.add(["f1"], "Family")
        known.add(["a1"], "Agency")
        groups = check_relationships(
            None,  # type: ignore[arg-type]  # stored=False: nothing is asked of Neo4j
            InvolvedWith,
            batch,
            known,
            seen,
            rejects.append,
            stored=False,
        )

    assert [row["source"] for rows in groups.values() for row in rows] == ["p1", "p2"]
    assert rejects == [
        [
            Problem(
                3, "source", "source 'f1' is a Family, but INVOLVED_WITH starts at a Professional"
            ),
            Problem(
                3, "target", "target 'p2' is a Professional, but INVOLVED_WITH ends at a Family"
            ),
            Problem(3, "onBehalfOf", "onBehalfOf 'p1' is a Professional, not an Agency"),
        ],
        [Problem(5, "onBehalfOf", "onBehalfOf 'p2' is a Professional, not an Agency")],
        [
            Problem(
                6,
                "target",
                "target 'nobody' is not a node of this dataset (or its row was rejected) nor of "
                "the knowledge base",
            )
        ],
    ]


def test_a_relationship_without_references_is_refused_for_a_wrong_end():
    batch = [
        RawRow(2, {"source": "f1", "target": "e1"}),
        RawRow(3, {"source": "f1", "target": "f1"}),
        RawRow(4, {"source": "e1", "target": "e1"}),
    ]
    rejects: list[Sequence[Problem]] = []
    with KnownIds() as known, SeenKeys() as seen:
        known.add(["f1"], "Family")
        known.add(["e1"], "Episode")
        groups = check_relationships(
            None,  # type: ignore[arg-type]
            HasEpisode,
            batch,
            known,
            seen,
            rejects.append,
            stored=False,
        )

    assert [(row["source"], row["target"]) for rows in groups.values() for row in rows] == [
        ("f1", "e1")
    ]
    assert rejects == [
        [Problem(3, "target", "target 'f1' is a Family, but HAS_EPISODE ends at an Episode")],
        [Problem(4, "source", "source 'e1' is an Episode, but HAS_EPISODE starts at a Family")],
    ]

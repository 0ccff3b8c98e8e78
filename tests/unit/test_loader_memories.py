"""The loader's memories of what it has accepted (`SeenKeys`, `KnownIds`): the same answers
whether held on disk, in memory, or in memory past its bound (spilled to disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.loading.references import Known, KnownIds
from kb.loading.seen import SeenKeys


@pytest.mark.parametrize("memory_keys", [0, 3, 1000])
def test_seen_keys_answer_the_same_on_disk_in_memory_and_past_the_bound(memory_keys: int):
    batches = [[b"a", b"b"], [b"c", b"d", b"e"], [b"f"], [b"g", b"h"]]
    with SeenKeys(memory_keys) as seen:
        for number, batch in enumerate(batches):
            earlier = [key for keys in batches[:number] for key in keys]
            asked = [*batch, *earlier, b"never"]
            assert seen.present(asked) == set(earlier)
            seen.add(batch)
        assert seen.present([b"a", b"h", b"z"]) == {b"a", b"h"}
        seen.clear()
        assert seen.present([b"a", b"h"]) == set()


@pytest.mark.parametrize("memory_ids", [0, 1, 10])
def test_known_ids_read_by_another_connection_in_memory_or_on_disk(
    tmp_path: Path, memory_ids: int
):
    path = tmp_path / "known.sqlite"
    with KnownIds(path) as known:
        known.add(["f1", "f2"], "Family")
        known.add(["c1"], "Client")
        known.mark_created([("c1", "4:abc:1")])
        known.commit()
        with KnownIds.read_only(path, memory_ids) as reader:
            assert reader.lookup(["f1", "c1", "x", "f1"]) == {
                "f1": Known("Family", None),
                "c1": Known("Client", "4:abc:1"),
            }


@pytest.mark.parametrize("memory_ids", [0, 2, 10])
def test_known_ids_answer_the_same_on_disk_in_memory_and_past_the_bound(
    tmp_path: Path, memory_ids: int
):
    path = tmp_path / "known.sqlite"
    with KnownIds(path, memory_ids) as known:
        known.add(["f1"], "Family")
        assert known.lookup(["f1", "x"]) == {"f1": Known("Family", None)}
        known.add(["c2", "c1"], "Client")  # past a bound of 2
        known.mark_created([("c1", "4:abc:1"), ("gone", "4:abc:9")])
        expected = {
            "f1": Known("Family", None),
            "c1": Known("Client", "4:abc:1"),
            "c2": Known("Client", None),
        }
        assert known.lookup(["f1", "c1", "c2", "x", "gone"]) == expected
        known.commit()
        with KnownIds.read_only(path) as reader:  # what the workers read: all of it
            assert reader.lookup(["f1", "c1", "c2", "gone"]) == expected

"""Checking and writing one batch of rows of one file.

A batch is a few thousand rows read from the stream. Checking turns them into
statement parameters (or rejects). Writing first compares the batch with what
is stored (one read: which rows are new, which differ, which are the same),
then sends only the new and changed rows in one managed write transaction
(retried on transient errors by the driver). A batch of unchanged rows costs
one read and no write.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence

from kb.domain.model import Node, Record, Relationship, column_name
from kb.loading.references import FILE_OF_LABEL, Known, KnownIds
from kb.loading.report import Phases
from kb.loading.seen import SeenKeys
from kb.loading.sources import Item, Problem, RawRow
from kb.loading.validation import validate_batch
from kb.storage.database import Database
from kb.writing.elements import (
    Comparison,
    Params,
    Provenance,
    WritePath,
    compare_nodes,
    compare_relationships,
    labels_of_ids,
    node_row,
    node_write,
    relationship_row,
    relationship_write,
    written,
)

Reject = Callable[[Sequence[Problem]], None]


def check_nodes(
    db: Database,
    node: type[Node],
    batch: Sequence[Item],
    known: KnownIds,
    reject: Reject,
    *,
    stored: bool = True,
    phases: Phases | None = None,
) -> list[Params]:
    """Rows to write, each with its `outcome` (created, updated or unchanged, as compared
    with what is stored); rejects bad rows, duplicate ids and ids another label already has.
    `stored=False`: the database is known to hold no node of the model but this load's
    (the bulk first load; an online load that began on an empty database, nothing else
    having written since), so nothing is asked of it and every row is created.
    `phases` gets the seconds of each part (validating, ids, rows, comparing)."""
    phases = phases or Phases()
    with phases.timed("validating"):
        valid: list[tuple[int, Node]] = [
            (line, record) for line, record in _validated(node, batch, reject)
            if isinstance(record, Node)
        ]  # fmt: skip
    with phases.timed("ids"):
        earlier = known.lookup(record.id for _, record in valid)  # one question per batch
    candidates: list[tuple[int, Node]] = []
    in_batch: set[str] = set()
    for line, record in valid:
        label = earlier[record.id].label if record.id in earlier else None
        if label is not None or record.id in in_batch:
            reject([Problem(line, "id", _duplicate(record.id, node, label))])
            continue
        in_batch.add(record.id)
        candidates.append((line, record))

    # One read: which ids are stored, under which label, and whether the same.
    with phases.timed("rows"):
        ids: list[Params] = [node_row(record, i) for i, (_, record) in enumerate(candidates)]
    with phases.timed("comparing"):
        found = compare_nodes(db.read, node, ids) if stored else Comparison()
    rows = []
    for (line, record), row in zip(candidates, ids, strict=True):
        other = found.foreign.get(row["i"])
        if other is not None:
            reason = f"id {record.id!r} already belongs to {a(other)} in the knowledge base"
            reject([Problem(line, "id", reason)])
            continue
        row["outcome"] = found.outcome(row["i"]) or "created"
        rows.append(row)
    with phases.timed("ids"):
        known.add((row["id"] for row in rows), node.label)
    return rows


def _validated(
    record_type: type[Node] | type[Relationship], batch: Sequence[Item], reject: Reject
) -> Iterator[tuple[int, Record]]:
    """(line, record) of each row that validates; the others are rejected with their problems
    (the batch's reading problems first: the caller reports a batch's rejects by line)."""
    rows: list[RawRow] = []
    for item in batch:
        if isinstance(item, Problem):
            reject([item])
        else:
            rows.append(item)
    for row, record in zip(rows, validate_batch(record_type, rows), strict=True):
        if isinstance(record, list):
            reject(record)
            continue
        yield row.line, record


def _duplicate(node_id: str, node: type[Node], label: str | None) -> str:
    if label is None or label == node.label:
        return f"duplicate id {node_id!r}: an earlier row of this file has it"
    return f"id {node_id!r} is already used by {a(label)} (file {FILE_OF_LABEL[label]!r})"


# Rows by (source label, target label, how they are written: see `relationship_write`).
Groups = dict[tuple[str, str, WritePath], list[Params]]


def check_relationships(
    db: Database,
    rel: type[Relationship],
    batch: Sequence[Item],
    known: KnownIds,
    seen: SeenKeys,
    reject: Reject,
    *,
    stored: bool = True,
    phases: Phases | None = None,
) -> Groups:
    """Rows to write grouped by (source label, target label); rejects dangling or
    wrongly-labelled endpoints and repeats of a relationship already in the file.
    `stored=False`: the database is known to be empty; only this dataset's ids count.
    `phases` gets the seconds of each part (validating, ids, comparing,
    references, duplicates, rows)."""
    phases = phases or Phases()
    with phases.timed("validating"):
        candidates: list[tuple[int, Relationship]] = [
            (line, record) for line, record in _validated(rel, batch, reject)
            if isinstance(record, Relationship)
        ]  # fmt: skip

    # One question to the dataset's ids, one to Neo4j for the rest.
    with phases.timed("ids"):
        mentioned = {record.source_id for _, record in candidates}
        mentioned.update(record.target_id for _, record in candidates)
        if rel.references:
            mentioned.update(
                node_id for _, record in candidates for node_id in _referenced(rel, record).values()
            )
        in_dataset = known.lookup(mentioned)
        labels = {node_id: known_id.label for node_id, known_id in in_dataset.items()}
    with phases.timed("comparing"):
        if stored:
            labels.update(labels_of_ids(db.read, mentioned - labels.keys()))
    with phases.timed("references"):
        ends = _placed(rel, candidates, labels, reject)
    with phases.timed("duplicates"):
        placed = [(*end, _identity(rel, end[1])) for end in ends]
        earlier = seen.present([identity for *_, identity in placed])
    with phases.timed("rows"):
        groups = _grouped(rel, placed, earlier, in_dataset, reject)
    with phases.timed("duplicates"):
        seen.add({identity for *_, identity in placed if identity not in earlier})
    return groups


def _placed(
    rel: type[Relationship],
    candidates: list[tuple[int, Relationship]],
    labels: dict[str, str],
    reject: Reject,
) -> list[tuple[int, Relationship, str, str]]:
    """The candidates whose endpoints and references have an allowed label, with those
    labels; the others are rejected."""
    placed: list[tuple[int, Relationship, str, str]] = []
    sources, targets, references = rel.sources, rel.targets, rel.references
    for line, record in candidates:
        source = labels.get(record.source_id)
        target = labels.get(record.target_id)
        if source in sources and target in targets and not references:
            placed.append((line, record, source, target))  # the common case, checked cheaply
            continue
        problems = [
            problem
            for problem in (
                _endpoint_problem(line, "source", record.source_id, source, rel.sources, rel),
                _endpoint_problem(line, "target", record.target_id, target, rel.targets, rel),
            )
            if problem is not None
        ]
        for field, node_id in _referenced(rel, record).items():
            label = labels.get(node_id)
            if label not in rel.references[field]:
                column = column_name(rel, field)
                wanted = " or ".join(rel.references[field])
                reason = (
                    f"{column} {node_id!r} is not {a(wanted)} of this dataset or of the "
                    "knowledge base"
                    if label is None
                    else f"{column} {node_id!r} is {a(label)}, not {a(wanted)}"
                )
                problems.append(Problem(line, column, reason))
        if problems:
            reject(problems)
            continue
        assert source is not None and target is not None
        placed.append((line, record, source, target))
    return placed


def _grouped(
    rel: type[Relationship],
    placed: list[tuple[int, Relationship, str, str, bytes]],
    earlier: set[bytes],
    in_dataset: dict[str, Known],
    reject: Reject,
) -> Groups:
    """Rows to write by (source label, target label, write path); a repeat of an earlier
    row of the file (`earlier`) or of this batch is rejected."""
    accepted: set[bytes] = set()
    groups: Groups = defaultdict(list)
    for line, record, source, target, identity in placed:
        if identity in earlier or identity in accepted:
            keys = ", ".join(["source", "target", *(column_name(rel, f) for f in rel.key)])
            reject([Problem(line, "", f"duplicate row: an earlier row has the same {keys}")])
            continue
        accepted.add(identity)
        source_end = in_dataset.get(record.source_id)
        target_end = in_dataset.get(record.target_id)
        source_element = source_end.element if source_end is not None else None
        target_element = target_end.element if target_end is not None else None
        how: WritePath = (
            "fresh"
            if source_element and target_element
            else "new"
            if source_element or target_element
            else "merge"
        )  # an end created by this load: no such relationship can be stored yet
        group = groups[(source, target, how)]
        row = relationship_row(record, len(group))
        if how == "fresh":
            row["s"], row["t"] = source_element, target_element
        group.append(row)
    return groups


def _referenced(rel: type[Relationship], record: Relationship) -> dict[str, str]:
    """The ids the record's reference fields hold (empty ones left out)."""
    if not rel.references:
        return {}
    return {
        field: value for field in rel.references if isinstance(value := getattr(record, field), str)
    }


def _endpoint_problem(
    line: int,
    column: str,
    node_id: str,
    label: str | None,
    allowed: tuple[str, ...],
    rel: type[Relationship],
) -> Problem | None:
    if label is None:
        reason = (
            f"{column} {node_id!r} is not a node of this dataset (or its row was rejected) "
            "nor of the knowledge base"
        )
        return Problem(line, column, reason)
    if label not in allowed:
        end = "starts at" if column == "source" else "ends at"
        wanted = " or ".join(allowed)
        reason = f"{column} {node_id!r} is {a(label)}, but {rel.type} {end} {a(wanted)}"
        return Problem(line, column, reason)
    return None


def a(noun: str) -> str:
    """The noun with its indefinite article ("an Agency", "a Family")."""
    return f"{'an' if noun[:1].upper() in 'AEIOU' else 'a'} {noun}"


def _identity(rel: type[Relationship], record: Relationship) -> bytes:
    """A 16-byte digest of what identifies the relationship (endpoints and key)."""
    if rel.key:
        parts = (record.source_id, record.target_id, *(str(getattr(record, f)) for f in rel.key))
        text = "\x1f".join(parts)
    else:
        text = f"{record.source_id}\x1f{record.target_id}"
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def write_nodes(
    db: Database,
    node: type[Node],
    rows: list[Params],
    provenance: Provenance,
    before_write: Callable[[], None],
) -> tuple[Counter[str], list[tuple[str, str]]]:
    """Write the batch's new and changed rows (as `check_nodes` compared them) in one
    managed transaction, calling `before_write` first; counts per outcome, and the ids it
    created with their element ids (for the caller to mark in its `KnownIds`)."""
    counts = Counter(row["outcome"] for row in rows)
    changed = [row for row in rows if row["outcome"] != "unchanged"]
    if not changed:
        return counts, []
    before_write()
    answer = db.write(*node_write(node, changed, provenance))
    created = {row["id"] for row in changed if row["outcome"] == "created"}
    return counts, [(i, e) for i, e in answer[0]["elements"] if i in created]


def write_relationships(
    db: Database,
    rel: type[Relationship],
    groups: Groups,
    provenance: Provenance,
    before_write: Callable[[], None],
) -> tuple[Counter[str], int]:
    """Compare each endpoint-label group with what is stored, then write the batch's new
    and changed rows (all its groups) in one managed transaction, calling `before_write`
    first.

    Returns the counts per outcome and how many rows found an endpoint missing
    (only possible if a node was deleted while the load ran).
    """
    if not groups:
        return Counter(), 0
    counts: Counter[str] = Counter()
    steps = []
    expected = 0
    for (source, target, how), rows in groups.items():
        if how != "merge":
            # An endpoint is a node this load created: the relationship cannot be stored yet.
            steps.append(relationship_write(rel, source, target, rows, provenance, how=how))
            counts["created"] += len(rows)
            expected += len(rows)
            continue
        found = compare_relationships(db.read, rel, source, target, rows)
        changed = []
        for row in rows:
            outcome = found.outcome(row["i"])
            if outcome is None:
                continue  # its endpoints are gone: counted as lost below
            counts[outcome] += 1
            if outcome != "unchanged":
                changed.append(row)
        if changed:
            steps.append(relationship_write(rel, source, target, changed, provenance))
            expected += len(changed)
    sent = sum(len(rows) for rows in groups.values())
    lost = sent - sum(counts.values())  # rows the comparison found no endpoints for
    if steps:
        before_write()
        wrote = sum(written(answers) for answers in db.write_together(steps))
        if wrote < expected:
            # An endpoint went between the comparison and the write: not written after all.
            gone = expected - wrote
            counts["created"] -= min(gone, counts["created"])
            lost += gone
    return counts, lost

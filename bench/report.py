"""Writes one run's results as `<date>-<scale>.json` (everything) and `.md` (for people)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _missing(section: Any) -> str | None:
    if section is None:
        return "not measured"
    if isinstance(section, dict) and "notMeasured" in section:
        return f"not measured: {section['notMeasured']}"
    return None


def _cell(text: str) -> str:
    """One table cell: one line, no pipes."""
    return " ".join(text.split()).replace("|", "/")


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value < 100 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(_fmt(c)) for c in row) + " |" for row in rows]
    return lines


def markdown(r: dict[str, Any]) -> str:
    run, machine, versions = r["run"], r["machine"], r["versions"]
    out = [
        f"# Bench results: scale {run['scale'].upper()} ({_fmt(run['families'])} families), {run['date']}",
        "",
        f"Produced by `{run['command']}` in {_fmt(run['wallSeconds'])} s. "
        "Numbers are from this one run on this machine; 'not measured' means the piece was "
        "missing or failed, and says why. No number here was typed by hand.",
        "",
        "## Machine and versions",
        "",
        f"- CPU: {machine['cpuModel']}, {machine['logicalCores']} logical cores "
        f"({machine['usableCores']} usable); memory {machine['memoryGiB']} GiB; {machine['os']} "
        f"(kernel {machine['kernel']}); load average at start "
        f"{', '.join(f'{x:.2f}' for x in machine['loadAverageAtStart'])}, at end "
        f"{', '.join(f'{x:.2f}' for x in machine.get('loadAverageAtEnd', []))} (the machine is shared)",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"- Bench Neo4j: heap {run['heap']}, page cache {run['pagecache']}, own home and port on loopback",
        "",
        "## Dataset",
        "",
    ]
    dataset = r["dataset"]
    if _missing(dataset):
        out.append(_missing(dataset) or "")
    else:
        out.append(
            f"`kb generate --families {run['families']} --seed {run['seed']}`: "
            f"{_fmt(dataset['nodes'])} nodes + {_fmt(dataset['relationships'])} relationships = "
            f"{_fmt(dataset['elements'])} graph elements (rows); generated in "
            f"{_fmt(dataset.get('generateSeconds'))} s (not part of any measure)."
        )
    out += ["", "## Ingest", ""]
    ingest = r.get("ingest") or {}
    rows: list[list[Any]] = []
    for key, label in (
        ("loader", "project loader (`kb load`)"),
        ("naive", "floor: one row per transaction"),
        ("importer", "ceiling: neo4j-admin database import full"),
    ):
        section = ingest.get(key)
        why = _missing(section)
        if why:
            rows.append([label, why, "", "", ""])
            continue
        assert section is not None
        seconds = (
            section.get("elapsedSeconds") if key != "naive" else section.get("extrapolatedSeconds")
        )
        rate = section.get("elementsPerSecond") or (
            round(dataset["elements"] / seconds) if seconds and not _missing(dataset) else None
        )
        rows.append([label, seconds, rate, section.get("peakRssMiB"), section.get("note", "")])
    out += _table(["method", "time (s)", "elements/s", "peak RSS (MiB)", "note"], rows)
    loader = ingest.get("loader")
    if not _missing(loader):
        assert loader is not None
        out += [
            "",
            f"Loader: {_fmt(loader['nodesPerSecond'])} nodes/s, "
            f"{_fmt(loader['relationshipsPerSecond'])} relationships/s; a second, unchanged load "
            f"took {_fmt(loader['secondLoadSeconds'])} s and added "
            f"{loader['secondLoadAddedNodes']} nodes, {loader['secondLoadAddedRelationships']} "
            "relationships (its own :Load record and links).",
        ]
    for key, text in (
        ("ratioToImporter", "Loader time / importer time"),
        ("speedupOverNaive", "Loader speed-up over one row per transaction"),
    ):
        if ingest.get(key) is not None:
            out.append(f"{text}: **{ingest[key]}x**.")
    naive = ingest.get("naive")
    if not _missing(naive):
        assert naive is not None
        out += [
            "",
            f"Floor: {naive['note']} ({_fmt(naive['rowsTimed'])} rows in {_fmt(naive['elapsedSeconds'])} s).",
        ]
    out += ["", "## Queries (in-process ASGI app, one request at a time)", ""]
    queries = r.get("queries") or {}
    if _missing(queries):
        out.append(_missing(queries) or "")
    else:
        rows = []
        for name, q in queries.items():
            why = _missing(q)
            if why:
                rows.append([name, why, "", "", "", "", "", "", ""])
                continue
            g, b = q["graphqlMs"], q["bareCypherMs"]
            rows.append(
                [
                    name,
                    g["p50"],
                    g["p95"],
                    g["p99"],
                    b["p50"],
                    q["overheadRatioP50"],
                    q["roundTripsPerRequest"]["mean"],
                    (q.get("apiMachineryReadsMs") or {}).get("p50"),
                    q.get("writesPerRequest"),
                ]
            )
        out += _table(
            [
                "query",
                "GraphQL p50 (ms)",
                "p95",
                "p99",
                "bare Cypher p50 (ms)",
                "overhead at p50",
                "Cypher round trips/request",
                "API's own reads p50 (ms)",
                "writes/request",
            ],
            rows,
        )
        measured = [q for q in queries.values() if not _missing(q)]
        if measured:
            out += [
                "",
                f"{measured[0]['runs']} timed runs after {measured[0]['warmup']} warm-up "
                "runs per query; parameters drawn with a fixed seed from the loaded data. "
                "Bare Cypher = the same named query statements the request ran, replayed with "
                "`Database.read` and the same parameters. The API's own statements (API key "
                "lookup, audit-trail write) count as round trips and as GraphQL cost and are not "
                "replayed; its own reads are timed separately (column 'API's own reads').",
            ]
            machinery = sorted({m for q in measured for m in q.get("apiMachineryStatements", [])})
            if machinery:
                out.append("API statements seen: " + ", ".join(f"`{m}`" for m in machinery) + ".")
    out += ["", "## Sustained load (`kb serve` on loopback, separate load process)", ""]
    sustained = r.get("sustained") or {}
    if _missing(sustained):
        out.append(_missing(sustained) or "")
    else:
        rows = [
            [
                c,
                s["requestsPerSecond"],
                s["latencyMs"]["p50"],
                s["latencyMs"]["p95"],
                s["latencyMs"]["p99"],
                s["requests"],
                s["errors"],
                s.get("apiRssMiBMaxSampled"),
            ]
            for c, s in sustained["runs"].items()
        ]
        out += _table(
            [
                "concurrency",
                "requests/s",
                "p50 (ms)",
                "p95 (ms)",
                "p99 (ms)",
                "requests",
                "errors",
                "API RSS max sampled (MiB)",
            ],
            rows,
        )
        out += [
            "",
            f"Mix: {sustained['mix']}; {sustained['secondsEach']} s per level. "
            f"API process peak RSS (VmHWM): **{sustained['apiPeakRssMiB']} MiB**. "
            f"{sustained.get('note', '')}",
        ]
        for s in sustained["runs"].values():
            if s["errorExamples"]:
                out.append(f"- errors at concurrency {s['concurrency']}: {s['errorExamples']}")
    out += peer_section(r.get("peer"))
    out += ["", "## Goals (from bench/README.md)", ""]
    out += _table(
        ["goal", "status", "measured"], [[g["goal"], g["status"], g["value"]] for g in r["goals"]]
    )
    if r.get("notes"):
        out += ["", "## Notes", ""] + [f"- {n}" for n in r["notes"]]
    return "\n".join(out) + "\n"


def peer_section(peer: Any) -> list[str]:
    """Our API and @neo4j/graphql on the same questions (bench/peer/), with ours / peer."""
    out = ["", "## Side by side with @neo4j/graphql (same Neo4j, same data, interleaved)", ""]
    if _missing(peer):
        return [*out, _missing(peer) or ""]
    versions = ", ".join(f"{k} {v}" for k, v in peer["peerVersions"].items())
    out += [f"Ours: {peer['ourServer']}. Peer: {peer['peerServer']} ({versions}).", ""]
    speed: list[list[Any]] = []
    cost: list[list[Any]] = []
    for name, q in peer["questions"].items():
        why = _missing(q)
        if why:
            speed.append([name, why] + [""] * 9)
            continue
        c1, c16, neo4j, ratios = q["c1"], q["c16"]["byServer"], q["neo4j"], q["ratios"]
        speed.append(
            [
                name,
                c1["latencyMs"]["ours"]["p50"],
                c1["latencyMs"]["peer"]["p50"],
                ratios["p50C1"],
                c1["latencyMs"]["ours"]["p95"],
                c1["latencyMs"]["peer"]["p95"],
                c16["ours"]["requestsPerSecond"],
                c16["peer"]["requestsPerSecond"],
                ratios["throughputC16"],
                f"{_fmt(c16['ours']['latencyMs']['p95'])} / {_fmt(c16['peer']['latencyMs']['p95'])}",
                "yes" if q["atLeastAsFast"] else "no",
            ]
        )
        cost.append(
            [
                name,
                f"{_fmt(c1['cpuMsPerRequest']['ours'])} / {_fmt(c1['cpuMsPerRequest']['peer'])}",
                ratios["cpuPerRequestC1"],
                f"{_fmt(c16['ours']['cpuMsPerRequest'])} / {_fmt(c16['peer']['cpuMsPerRequest'])}",
                ratios["cpuPerRequestC16"],
                f"{_fmt(neo4j['ours']['statementsPerRequest'])} / "
                f"{_fmt(neo4j['peer']['statementsPerRequest'])}",
                f"{_fmt(neo4j['ours']['transactionsPerRequest'])} / "
                f"{_fmt(neo4j['peer']['transactionsPerRequest'])}",
                f"{_fmt(neo4j['ours']['neo4jCpuMsPerRequest'])} / "
                f"{_fmt(neo4j['peer']['neo4jCpuMsPerRequest'])}",
                q["checkedEqual"],
            ]
        )
    out += _table(
        [
            "question",
            "p50 c1 ours (ms)",
            "peer",
            "ours/peer",
            "p95 c1 ours (ms)",
            "peer",
            "c16 ours (req/s)",
            "peer",
            "ours/peer",
            "p95 c16 ours / peer (ms)",
            "ours at least as fast",
        ],
        speed,
    )
    out += ["", "What each request cost (ours / peer):", ""]
    out += _table(
        [
            "question",
            "API CPU ms/request c1",
            "ours/peer",
            "API CPU ms/request c16",
            "ours/peer",
            "Cypher statements/request",
            "transactions/request",
            "Neo4j CPU ms/request",
            "answers checked equal",
        ],
        cost,
    )
    first = next((q for q in peer["questions"].values() if not _missing(q)), None)
    if first is not None:
        out += [
            "",
            f"Concurrency 1: {first['c1']['runs']} timed draws of the variables after "
            f"{first['c1']['warmup']} warm-up draws, each asked of both servers in turn, the "
            "order alternating; every answer of both normalised and compared before it counts "
            "(a difference stops the run). "
            f"Concurrency 16: {first['c16']['windows']} windows of {first['c16']['secondsEach']} s "
            "per server, alternating. CPU: the server process's user + system time over those "
            "requests. Statements and transactions: counted by Neo4j (`db.stats` query "
            "collector, transaction ids) over requests sent to one server at a time, in "
            "batches, the servers alternating, with Neo4j's CPU over the same requests: each "
            "batch starts on an idle Neo4j, and its idle CPU rate, read over as long right "
            "after, is subtracted. Ratios are ours / peer: below 1 is faster "
            "(latency, CPU), above 1 is more (throughput).",
        ]
    notes = [f"- {name}: {q['note']}" for name, q in peer["questions"].items() if q.get("note")]
    return out + (["", *notes] if notes else [])


def write(results: dict[str, Any], results_dir: Path) -> tuple[Path, Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{results['run']['date']}-{results['run']['scale']}"
    json_path = results_dir / f"{stem}.json"
    md_path = results_dir / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    md_path.write_text(markdown(results))
    return md_path, json_path


def rerender(json_path: Path) -> tuple[Path, Path]:
    """Re-judge the goals of a results file, add findings written since to
    `bench/notes/<scale>.md`, and render its Markdown again (nothing is re-measured)."""
    from bench.goals import judge
    from bench.run import notes_for

    results = json.loads(json_path.read_text())
    results["goals"] = judge(results, json_path.parent)
    notes = results.setdefault("notes", [])
    notes += [n for n in notes_for(results["run"]["scale"]) if n not in notes]
    return write(results, json_path.parent)


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:]:
        print(*rerender(Path(name)))

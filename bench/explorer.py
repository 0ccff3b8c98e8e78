"""The explorer (/explore) in a real headless Chromium: a large network, and the slider.

    python -m bench.explorer network [--nodes 2000 --edges 6000]
    python -m bench.explorer family [--reference NM/2023/FIR] [--window-days 30]

`network`: a seeded synthetic professional network (sectors as communities, weights
skewed) is drawn by the page's own `drawNetwork`; measured: the draw (layout included,
`performance.now()` around it), then zoom and pan frames: each step changes the viewport
and waits for Cytoscape's next render, recording the frame interval (what the eye sees)
and the render's own time (`renderer.lastRedrawTime`).

`family`: against the API and the database `NEO4J_URI` points at (load M first:
`kb generate --families 10000 --seed 7 DIR && kb load DIR`): opening the family view
(time to ready, GraphQL requests, `readFamily` audit events written), then slider moves
to random days, each timed with `performance.now()` from the move to the end of the
frame that draws it.

Both measure the page of this working tree and, in the same run and the same browser,
the page of `--baseline` (a git revision; default the explorer as it first landed),
served in its place by request interception, so the ratio compares like with like on
a noisy shared machine. Results: `bench/results/<date>-explorer-<what>.{md,json}`.
Chromium renders in software here (SwiftShader for WebGL, no GPU): absolute numbers
are pessimistic; ratios are the point.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from api.web.routes import PAGE_HEADERS
from bench.latency import percentiles
from bench.machine import describe_machine, git_commit
from bench.server import free_port
from bench.sustained import serve_api
from kb.settings import REPO_ROOT

# The explorer as it first landed (#15): one familyConfiguration per breakpoint day,
# fCoSE draft and the canvas renderer for large networks.
FIRST_EXPLORER = "13ec7f6"
SECTORS = [
    "EDUCATION",
    "HEALTH",
    "MENTAL_HEALTH",
    "SOCIAL_CARE",
    "CRIMINAL_JUSTICE",
    "HOUSING",
    "EARLY_YEARS",
    "VOLUNTARY",
]
RESULTS = REPO_ROOT / "bench" / "results"

# In the page: change the viewport `frames` times (a wheel event over the centre as a
# user's wheel or trackpad sends, at most one a frame; or zoom in and out by 10%
# programmatically, a full-quality redraw each; or pan by 40 px), turning every 15
# steps, and wait for each change's render.
VIEWPORT_FRAMES = """async ({view, frames, kind}) => {
  const cy = document.getElementById(`${view}-graph`)._cyreg.cy;
  const renderer = cy.renderer();
  const frame = () => new Promise(requestAnimationFrame);
  cy.fit(undefined, 30);
  for (let i = 0; i < 10; i += 1) await frame();
  const centre = { x: cy.width() / 2, y: cy.height() / 2 };
  const box = cy.container().getBoundingClientRect();
  const intervals = [];
  const renders = [];
  let last = await frame();
  for (let i = 0; i < frames; i += 1) {
    const forth = Math.floor(i / 15) % 2 === 0;
    if (kind === "wheel") {
      const wheel = { deltaY: forth ? -60 : 60, clientX: box.left + centre.x, clientY: box.top + centre.y };
      cy.container().dispatchEvent(new WheelEvent("wheel", { ...wheel, bubbles: true, cancelable: true }));
    } else if (kind === "zoom") cy.zoom({ level: cy.zoom() * (forth ? 1.1 : 1 / 1.1), renderedPosition: centre });
    else cy.panBy({ x: forth ? 40 : -40, y: forth ? 25 : -25 });
    const count = renderer.redrawCount || 0;
    let now = await frame();
    while ((renderer.redrawCount || 0) === count && now - last < 5000) now = await frame();
    intervals.push(now - last);
    renders.push(renderer.lastRedrawTime || 0);
    last = now;
  }
  return { intervals, renders, webgl: Boolean(renderer.webgl) };
}"""

# In the page: draw the graph (the layout included: the current page's worker answers
# asynchronously), then wait for its first render.
DRAW = """async ({graph, options}) => {
  const started = performance.now();
  const drawn = await window.explorer.drawNetwork(graph, options);
  const cy = document.getElementById("network-graph")._cyreg.cy;
  const renderer = cy.renderer();
  const count = renderer.redrawCount || 0;
  const drawMs = performance.now() - started;
  while ((renderer.redrawCount || 0) === count) await new Promise(requestAnimationFrame);
  return { drawMs, firstFrameMs: performance.now() - started, settings: drawn.settings || null };
}"""

# In the page: move the slider to each day, from the move to the end of the drawn frame.
SLIDER_MOVES = """async (days) => {
  const cy = document.getElementById("family-graph")._cyreg.cy;
  const renderer = cy.renderer();
  const frame = () => new Promise(requestAnimationFrame);
  const handler = [];
  const drawn = [];
  const sizes = [];
  const requests = window.explorer.requests;
  for (const day of days) {
    await frame();
    const count = renderer.redrawCount || 0;
    const started = performance.now();
    window.explorer.setDay(day);
    handler.push(performance.now() - started);
    while ((renderer.redrawCount || 0) === count && performance.now() - started < 5000) await frame();
    drawn.push(performance.now() - started);
    sizes.push(window.explorer.family.size);
  }
  return { handler, drawn, largest: Math.max(...sizes), requests: window.explorer.requests - requests };
}"""


def synthetic_network(nodes: int, edges: int, seed: int) -> dict[str, Any]:
    """A professional network in collaborationNetwork's graph shape: sectors as
    communities (70% of ties inside one), tie weights skewed towards 1."""
    rng = random.Random(seed)
    sector_of = {f"pro-{i:05d}": SECTORS[i % len(SECTORS)] for i in range(nodes)}
    members: dict[str, list[str]] = {}
    for node, sector in sector_of.items():
        members.setdefault(sector, []).append(node)
    ids = list(sector_of)
    ties: set[tuple[str, str]] = set()
    while len(ties) < edges:
        source = rng.choice(ids)
        pool = members[sector_of[source]] if rng.random() < 0.7 else ids
        target = rng.choice(pool)
        if source != target:
            ties.add((min(source, target), max(source, target)))
    activity = {node: 0 for node in ids}
    graph_edges = []
    for source, target in sorted(ties):
        weight = min(30, int(rng.paretovariate(1.5)))
        activity[source] += weight
        activity[target] += weight
        graph_edges.append(
            {
                "id": f"COLLABORATED:{source}:{target}",
                "source": source,
                "target": target,
                "properties": {"weight": weight},
            }
        )
    graph_nodes = [
        {
            "id": node,
            "type": "Professional",
            "label": f"Professional {node[4:]}",
            "properties": {"sector": sector_of[node], "activity": activity[node]},
        }
        for node in ids
    ]
    return {"nodes": graph_nodes, "edges": graph_edges}


def page_at(revision: str, name: str) -> str:
    """One of the explorer's files as it was at `revision`."""
    return subprocess.run(
        ["git", "show", f"{revision}:api/web/pages/explore/{name}"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def serve_baseline(context: Any, revision: str) -> None:
    """Answer /explore and its own scripts and styles with `revision`'s files."""
    types = {"index.html": "text/html", "explore.js": "text/javascript", "explore.css": "text/css"}

    def fulfil(route: Any) -> None:
        path = route.request.url.split("?")[0]
        name = "index.html" if path.endswith("/explore") else path.rsplit("/", 1)[-1]
        route.fulfill(
            status=200,
            body=page_at(revision, name),
            headers={**PAGE_HEADERS, "Content-Type": f"{types[name]}; charset=utf-8"},
        )

    context.route("**/explore", fulfil)
    context.route("**/explore?*", fulfil)
    context.route("**/static/pages/explore/*", fulfil)


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox"]
        )
        try:
            yield browser
        finally:
            browser.close()


def open_explorer(browser: Any, url: str, baseline: str | None, key: str | None = None) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    if baseline:
        serve_baseline(context, baseline)
    if key:
        context.add_init_script(f"sessionStorage.setItem('kb-api-key', {key!r})")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


def summary(samples: list[float]) -> dict[str, float]:
    cuts = percentiles(samples)
    return {"p50": cuts["p50"], "p95": cuts["p95"], "max": round(max(samples), 3)}


def measure_network(
    browser: Any, url: str, variant: str, graph: dict[str, Any], frames: int, baseline: str
) -> dict[str, Any]:
    options = {"webgl": variant == "webgl"} if variant in ("webgl", "canvas") else {}
    page = open_explorer(browser, url, baseline if variant == "baseline" else None)
    page.goto(f"{url}/explore?view=network")
    page.wait_for_function("() => window.explorer && window.explorer.loaded")
    drawn = page.evaluate(DRAW, {"graph": graph, "options": options})
    result: dict[str, Any] = {
        "variant": variant,
        "draw_ms": round(drawn["drawMs"], 1),
        "first_frame_ms": round(drawn["firstFrameMs"], 1),
        "settings": drawn["settings"],
    }
    for kind in ("wheel", "zoom", "pan"):
        frames_of = page.evaluate(
            VIEWPORT_FRAMES, {"view": "network", "frames": frames, "kind": kind}
        )
        result[kind] = {
            "frame_interval_ms": summary(frames_of["intervals"]),
            "render_ms": summary(frames_of["renders"]),
            "fps_at_p50": round(1000 / max(percentiles(frames_of["intervals"])["p50"], 1), 1),
        }
        result["webgl"] = frames_of["webgl"]
    result["page_errors"] = page.errors
    page.context.close()
    return result


def network(args: argparse.Namespace) -> dict[str, Any]:
    graph = synthetic_network(args.nodes, args.edges, args.seed)
    env = {**os.environ, "KB_AUTH_MODE": "open"}
    log = Path("/tmp") / f"bench-explorer-{os.getpid()}.log"
    runs: list[dict[str, Any]] = []
    with serve_api(env, free_port(), log) as api, chromium() as browser:
        # Interleaved, so that both pages see the same machine.
        for _ in range(args.repeat):
            for variant in ("baseline", "current", "webgl", "canvas"):
                runs.append(
                    measure_network(browser, api.url, variant, graph, args.frames, args.baseline)
                )
    return {
        "what": "network",
        "graph": {"nodes": args.nodes, "edges": args.edges, "seed": args.seed},
        "frames": args.frames,
        "baseline": args.baseline,
        "runs": runs,
    }


def read_family_events() -> int:
    """readFamily events in the trail so far (the bench's own read)."""
    from kb.settings import get_settings
    from kb.storage.database import Database

    with Database(get_settings()) as db:
        return int(db.read("bench/read_family_events", {})[0]["events"])


def family(args: argparse.Namespace) -> dict[str, Any]:
    from kb.security.keys import create_key
    from kb.security.roles import Role
    from kb.settings import get_settings
    from kb.storage.database import Database

    with Database(get_settings()) as db:
        key = create_key(db, Role.ANALYST, "bench explorer")[1]
        if args.reference is None:
            largest = db.read("bench/largest_configurations", {"limit": 1})
            args.reference = largest[0]["reference"]
    env = {**os.environ, "KB_AUTH_MODE": "keys"}
    log = Path("/tmp") / f"bench-explorer-{os.getpid()}.log"
    runs: list[dict[str, Any]] = []
    rng = random.Random(args.seed)
    with serve_api(env, free_port(), log) as api, chromium() as browser:
        for _ in range(args.repeat):
            for variant in ("baseline", "current"):
                page = open_explorer(
                    browser, api.url, args.baseline if variant == "baseline" else None, key
                )
                graphql_posts: list[str] = []
                page.on(
                    "request",
                    lambda r, posts=graphql_posts: (
                        posts.append(r.url)
                        if r.url.endswith("/graphql") and r.method == "POST"
                        else None
                    ),
                )
                before = read_family_events()
                started = time.monotonic()
                query = (
                    f"view=family&reference={args.reference}&windowDays={args.window_days}&run=1"
                )
                page.goto(f"{api.url}/explore?{query}")
                page.wait_for_function(
                    "() => (window.explorer.family && window.explorer.family.ready) || "
                    "window.explorer.errors.length",
                    timeout=600_000,
                )
                open_s = time.monotonic() - started
                errors = page.evaluate("() => window.explorer.errors")
                if errors:
                    raise RuntimeError(f"the family view failed: {errors}")
                events = read_family_events() - before
                period = page.evaluate(
                    "() => { const f = document.getElementById('family-form');"
                    " return [f.from.value, f.to.value]; }"
                )
                first, last = (date.fromisoformat(d) for d in period)
                span = (last - first).days
                days = [
                    date.fromordinal(first.toordinal() + rng.randint(0, span)).isoformat()
                    for _ in range(args.moves)
                ]
                moves = page.evaluate(SLIDER_MOVES, days)
                runs.append(
                    {
                        "variant": variant,
                        "period": period,
                        "open_s": round(open_s, 2),
                        "graphql_requests": len(graphql_posts),
                        "read_family_events": events,
                        "snapshots": page.evaluate("() => window.explorer.family.snapshots"),
                        "largest_size_drawn": moves["largest"],
                        "move_handler_ms": summary(moves["handler"]),
                        "move_to_frame_ms": summary(moves["drawn"]),
                        "requests_during_moves": moves["requests"],
                        "page_errors": page.errors,
                    }
                )
                page.context.close()
    return {
        "what": "family",
        "reference": args.reference,
        "window_days": args.window_days,
        "moves": args.moves,
        "baseline": args.baseline,
        "runs": runs,
    }


def markdown(result: dict[str, Any], machine: dict[str, Any]) -> str:
    lines = [
        f"# The explorer in headless Chromium: {result['what']}, {date.today().isoformat()}",
        "",
        f"- commit {git_commit()}; baseline page: `{result['baseline']}`",
        f"- machine: {machine.get('cpuModel')}, {machine.get('usableCores')} usable cores, "
        f"load average at start {machine.get('loadAverageAtStart')}; "
        "Chromium headless, software rendering",
        "",
    ]
    if result["what"] == "network":
        graph = result["graph"]
        lines += [
            f"Synthetic network: {graph['nodes']:,} nodes, {graph['edges']:,} edges (seed "
            f"{graph['seed']}); {result['frames']} frames each of zoom and pan.",
            "",
            "| page | renderer | draw (layout) ms | first frame ms | wheel zoom fps "
            "| wheel frame p50 / p95 ms | zoom step frame p50 / p95 ms | zoom step fps "
            "| pan frame p50 / p95 ms | zoom render p50 ms |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for run in result["runs"]:
            zoom, pan, wheel = run["zoom"], run["pan"], run["wheel"]
            gaps = wheel["frame_interval_ms"]
            lines.append(
                f"| {run['variant']} | {'WebGL' if run['webgl'] else 'canvas'} "
                f"| {run['draw_ms']:,.0f} | {run['first_frame_ms']:,.0f} "
                f"| {wheel['fps_at_p50']} | {gaps['p50']:.0f} / {gaps['p95']:.0f} "
                f"| {zoom['frame_interval_ms']['p50']:.0f} / {zoom['frame_interval_ms']['p95']:.0f} "
                f"| {zoom['fps_at_p50']} "
                f"| {pan['frame_interval_ms']['p50']:.0f} / {pan['frame_interval_ms']['p95']:.0f} "
                f"| {zoom['render_ms']['p50']:.1f} |"
            )
    else:
        lines += [
            f"Family {result['reference']}, window {result['window_days']} days; "
            f"{result['moves']} slider moves to random days of the period.",
            "",
            "| page | open s | GraphQL requests | readFamily events | snapshots "
            "| move handler p50 / p95 ms | move to drawn frame p50 / p95 / max ms |",
            "|---|---|---|---|---|---|---|",
        ]
        for run in result["runs"]:
            handler, drawn = run["move_handler_ms"], run["move_to_frame_ms"]
            lines.append(
                f"| {run['variant']} | {run['open_s']} | {run['graphql_requests']} "
                f"| {run['read_family_events']} | {run['snapshots']} "
                f"| {handler['p50']:.1f} / {handler['p95']:.1f} "
                f"| {drawn['p50']:.1f} / {drawn['p95']:.1f} / {drawn['max']:.1f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.explorer", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--baseline", default=FIRST_EXPLORER, help="git revision of the page to compare with"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of every variant, interleaved"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    commands = parser.add_subparsers(dest="what", required=True)
    net = commands.add_parser("network", help="a large synthetic network: draw, zoom, pan")
    net.add_argument("--nodes", type=int, default=2000)
    net.add_argument("--edges", type=int, default=6000)
    net.add_argument("--frames", type=int, default=90)
    fam = commands.add_parser("family", help="the family view against the loaded database")
    fam.add_argument(
        "--reference", help="default: the family with the most professionals allocated"
    )
    fam.add_argument("--window-days", type=int, default=30)
    fam.add_argument("--moves", type=int, default=100)
    args = parser.parse_args(argv)
    machine = describe_machine()
    result = network(args) if args.what == "network" else family(args)
    result["machine"] = machine
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stem = args.results_dir / f"{date.today().isoformat()}-explorer-{args.what}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result, machine)
    stem.with_suffix(".md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

// The explorer: a client of this API's public GraphQL schema, drawn with Cytoscape.js.
// It shows only what the API answers for the key given (ANALYST field rules included).
// State for tests and tools is exposed on `window.explorer` (ids drawn, day, timings).
import cytoscape from "/static/vendor/cytoscape.mjs";

cytoscape.use(window.cytoscapeFcose);

// Okabe-Ito: eight colours told apart with the common colour-vision deficiencies.
const SECTOR_COLOURS = {
  EDUCATION: "#E69F00",
  HEALTH: "#56B4E9",
  MENTAL_HEALTH: "#009E73",
  SOCIAL_CARE: "#F0E442",
  CRIMINAL_JUSTICE: "#0072B2",
  HOUSING: "#D55E00",
  EARLY_YEARS: "#CC79A7",
  VOLUNTARY: "#000000",
};
const UNKNOWN = "#999999";
const DAY = 86400000;

const state = { view: "family", errors: [], requests: 0 };
window.explorer = state;

// ---------- GraphQL ----------

const keyField = document.getElementById("api-key");
keyField.value = sessionStorage.getItem("kb-api-key") || "";
keyField.addEventListener("change", () => sessionStorage.setItem("kb-api-key", keyField.value.trim()));

function authHeaders() {
  const key = keyField.value.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

class ApiError extends Error {}

async function graphql(query, variables = {}) {
  state.requests += 1;
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError(`The API could not be reached (${error.message}).`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status} without a GraphQL body.`);
  }
  if (body.errors && body.errors.length) {
    throw new ApiError(body.errors.map(describeError).join(" "));
  }
  return body.data;
}

function describeError(error) {
  const code = (error.extensions || {}).code;
  const words = {
    UNAUTHENTICATED: "An API key is needed (or this one is unknown or revoked): enter it above.",
    FORBIDDEN: "Your key's role may not read this.",
    NOT_FOUND: "Not found:",
    BAD_USER_INPUT: "Please check the form:",
    LIMIT_EXCEEDED: "The question is too large for the API's limits:",
    UNAVAILABLE: "The database is unavailable; try again shortly.",
  };
  const prefix = words[code] || "The API refused:";
  return prefix.endsWith(":") ? `${prefix} ${error.message}` : prefix;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error.message;
  box.hidden = false;
  state.errors.push(error.message);
  setStatus("");
}

function clearError() {
  document.getElementById("error").hidden = true;
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

function guarded(work) {
  return async (event) => {
    if (event) event.preventDefault();
    clearError();
    try {
      await work(event);
    } catch (error) {
      if (!(error instanceof ApiError)) console.warn(error);
      showError(error instanceof ApiError ? error : new Error(`Something went wrong: ${error.message}`));
    }
  };
}

// ---------- drawing ----------

const BASE_STYLE = [
  { selector: "node", style: { label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "background-color": UNKNOWN, "border-width": 1, "border-color": "#333", width: 22, height: 22 } },
  { selector: "node[colour]", style: { "background-color": "data(colour)" } },
  { selector: "node[type = 'Family']", style: { shape: "round-rectangle", width: 46, height: 30, "background-color": "#ffffff", "border-width": 3 } },
  { selector: "node[type = 'Client']", style: { shape: "ellipse", width: 14, height: 14, "background-color": "#dddddd" } },
  { selector: "node[type = 'Interaction']", style: { shape: "diamond", width: 12, height: 12, "background-color": "#bbbbbb" } },
  { selector: "node[type = 'BoundaryObject']", style: { shape: "rectangle", width: 16, height: 16, "background-color": "#ffffff", "border-width": 2 } },
  { selector: "node.lead", style: { shape: "star", width: 34, height: 34, "border-width": 3 } },
  { selector: "node.joined", style: { "border-color": "#0072B2", "border-width": 5 } },
  { selector: "node.left", style: { opacity: 0.35, "border-style": "dashed", "border-width": 3 } },
  { selector: "node.gone", style: { display: "none" } },
  { selector: "node.crossing", style: { "border-color": "#D55E00", "border-width": 4 } },
  { selector: "node:selected", style: { "overlay-color": "#0072B2", "overlay-opacity": 0.25 } },
  { selector: "edge", style: { width: 1.5, "line-color": "#888", "curve-style": "bezier" } },
  { selector: "edge.gone", style: { display: "none" } },
  { selector: "edge.left", style: { opacity: 0.3 } },
  { selector: "edge[presence = 'ALLOCATION']", style: { width: 3, "line-style": "solid" } },
  { selector: "edge[presence = 'INTERACTION']", style: { width: 2, "line-style": "dashed" } },
  { selector: "edge[presence = 'BOTH']", style: { width: 5, "line-style": "solid", "line-color": "#555" } },
  { selector: "edge[weight]", style: { width: "mapData(weight, 1, 30, 1, 12)" } },
  { selector: "edge.crossing", style: { "line-color": "#D55E00", width: 4 } },
];
// What a large network changes (see LARGE_NETWORK).
const LARGE_STYLE = [
  { selector: "edge", style: { "curve-style": "haystack", "haystack-radius": 0 } },
  { selector: "node.unlabelled", style: { label: "" } },
];

function newGraph(containerId, options = {}) {
  return cytoscape({
    container: document.getElementById(containerId),
    style: BASE_STYLE,
    minZoom: 0.05,
    maxZoom: 4,
    ...options,
  });
}

function exposeDrawn(view, cy) {
  state[view] = Object.assign(state[view] || {}, {
    nodes: cy.nodes().not(".gone").map((n) => n.id()).sort(),
    edges: cy.edges().not(".gone").map((e) => e.id()).sort(),
  });
}

function details(panelId, rows) {
  const panel = document.getElementById(panelId);
  panel.replaceChildren();
  const list = document.createElement("dl");
  for (const [term, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value ?? "–";
    list.append(dt, dd);
  }
  panel.append(list);
}

function sectorColour(sector) {
  return SECTOR_COLOURS[sector] || UNKNOWN;
}

function legend() {
  const list = document.getElementById("legend");
  for (const [sector, colour] of Object.entries(SECTOR_COLOURS)) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    item.append(swatch, sector.replace("_", " ").toLowerCase());
    list.append(item);
  }
  const notes = [
    "★ lead professional",
    "solid line: allocation; dashed: interaction only; thick: both",
    "blue ring: joined; faded: left",
    "orange: sector crossing",
  ];
  for (const note of notes) {
    const item = document.createElement("li");
    item.textContent = note;
    list.append(item);
  }
}

// ---------- dates ----------

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
const endOfDay = (iso) => `${iso}T23:59:59Z`;
const instant = (value) => (value ? `${value}T00:00:00Z` : null);

// ---------- family view ----------

const FAMILY_FIND = `query($reference: String!) {
  families(first: 5, filter: {referenceContains: $reference}) {
    nodes {
      id reference involvements { from to }
      firstInteraction: interactions(first: 1) { nodes { at } }
      lastInteraction: interactions(first: 1, latestFirst: true) { nodes { at } }
    }
  }
}`;
// The whole period in one request: the timeline (its changes and turnover for the
// chart), each day's whole configuration (`configurations`: listed on the first day and
// on every day anything in it changes, so every day is drawn as familyConfiguration
// would answer it), and the knots. One request, one `readFamily` event per field.
const FAMILY_PERIOD = `query($id: ID!, $from: Date!, $to: Date!, $windowDays: Int!) {
  configurationTimeline(familyId: $id, from: $from, to: $to, windowDays: $windowDays) {
    reference
    initial { date size members { id } }
    changes { date size turnover joined { id name } left { id name } members { id } }
    configurations {
      at size
      leadProfessional { professional { id } }
      members { professional { id name profession } agency { id name } sector role presence since }
      clients { id role relationship }
    }
  }
  knots(familyId: $id) { start end novelty memberIds }
}`;

const family = { cy: null, snapshots: [], days: [], from: null, to: null, drawn: null };

// From the family's first allocation or interaction to its last allocation's end or
// its last interaction leaving the window.
function familyPeriod(found, windowDays) {
  const first = found.firstInteraction.nodes.map((i) => i.at.slice(0, 10));
  const last = found.lastInteraction.nodes.map((i) => isoDay(dayMs(i.at) + windowDays * DAY));
  const starts = [...found.involvements.map((p) => p.from), ...first].filter(Boolean).sort();
  const ends = [...found.involvements.map((p) => p.to).filter(Boolean), ...last].sort();
  const from = starts[0];
  const to = ends[ends.length - 1] || from;
  return { from, to };
}

async function showFamily() {
  const form = document.getElementById("family-form");
  const reference = form.reference.value.trim();
  const windowDays = Number(form.windowDays.value || 30);
  const requestsBefore = state.requests;
  setStatus(`Looking for ${reference}…`);
  const found = await graphql(FAMILY_FIND, { reference });
  const nodes = found.families.nodes;
  if (!nodes.length) throw new ApiError(`No family's reference contains “${reference}”.`);
  const chosen = nodes.find((n) => n.reference.toUpperCase() === reference.toUpperCase()) || nodes[0];
  const period = familyPeriod(chosen, windowDays);
  if (!period.from) throw new ApiError(`${chosen.reference} has no allocation or interaction to show.`);
  const from = form.from.value || period.from;
  const to = form.to.value || period.to;
  form.from.value = from;
  form.to.value = to;
  setStatus(`Fetching ${chosen.reference}'s configurations from ${from} to ${to}…`);
  const data = await graphql(FAMILY_PERIOD, { id: chosen.id, from, to, windowDays });
  const timeline = data.configurationTimeline;
  const snapshots = timeline.configurations.map((c) => ({ day: c.at.slice(0, 10), ...c }));
  Object.assign(family, { id: chosen.id, reference: chosen.reference, windowDays, from, to, snapshots, days: snapshots.map((c) => c.day), timeline, knots: data.knots, drawn: null });
  buildFamilyGraph();
  const slider = document.getElementById("family-day");
  slider.min = 0;
  slider.max = Math.round((dayMs(to) - dayMs(from)) / DAY);
  slider.value = 0;
  slider.disabled = false;
  drawFamilyChart();
  drawDay(from);
  const requests = state.requests - requestsBefore;
  setStatus(`${chosen.reference}: ${snapshots.length} configurations over ${timeline.changes.length + 1} timeline positions, in ${requests} requests; move the slider (arrow keys work).`);
  Object.assign(state.family, { ready: true, openRequests: requests });
}

function snapshotOn(iso) {
  let low = 0;
  let high = family.days.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (family.days[middle] <= iso) low = middle;
    else high = middle - 1;
  }
  return family.snapshots[low];
}

// Every node any day of the period shows, laid out once, so that moving the slider only
// shows, hides and restyles: the family in the middle, clients near, professionals round.
function buildFamilyGraph() {
  if (family.cy) family.cy.destroy();
  const cy = newGraph("family-graph");
  const people = new Map();
  const clients = new Map();
  for (const snapshot of family.snapshots) {
    for (const member of snapshot.members) people.set(member.professional.id, member.professional);
    for (const client of snapshot.clients) clients.set(client.id, client);
  }
  const elements = [{ group: "nodes", data: { id: family.id, label: family.reference, type: "Family" } }];
  for (const client of clients.values()) {
    elements.push({ group: "nodes", data: { id: client.id, label: client.relationship || client.role, type: "Client" } });
    elements.push({ group: "edges", data: { id: `BELONGS_TO:${client.id}:${family.id}`, source: client.id, target: family.id } });
  }
  for (const person of people.values()) {
    elements.push({ group: "nodes", data: { id: person.id, label: person.name, type: "Professional" } });
    elements.push({ group: "edges", data: { id: `MEMBER:${person.id}:${family.id}`, source: person.id, target: family.id } });
  }
  cy.add(elements);
  const centre = { x: 0, y: 0 };
  cy.getElementById(family.id).position(centre);
  const ring = (collection, radius) =>
    collection.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(collection.length, 1);
      node.position({ x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    });
  ring(cy.nodes("[type = 'Client']"), 70);
  ring(cy.nodes("[type = 'Professional']").sort((a, b) => a.id().localeCompare(b.id())), 210);
  cy.fit(undefined, 40);
  cy.nodes().addClass("gone");
  cy.edges().addClass("gone");
  cy.on("tap", "node[type = 'Professional']", (event) => showMember(event.target.id()));
  family.cy = cy;
}

function showMember(id) {
  const snapshot = family.current;
  const member = snapshot && snapshot.members.find((m) => m.professional.id === id);
  if (!member) {
    details("family-details", [["Professional", id], ["On this day", "not a member"]]);
    return;
  }
  details("family-details", [
    ["Professional", `${member.professional.name} (${id})`],
    ["Profession", member.professional.profession],
    ["Agency", member.agency ? member.agency.name : null],
    ["Sector", member.sector],
    ["Role", member.role],
    ["Presence", member.presence],
    ["Member since", member.since],
  ]);
  state.family.selected = { id, agency: member.agency && member.agency.name, role: member.role };
}

function drawDay(iso) {
  const started = performance.now();
  const snapshot = snapshotOn(iso);
  const cy = family.cy;
  const previous = family.drawn || new Set();
  const members = new Set(snapshot.members.map((m) => m.professional.id));
  const lead = snapshot.leadProfessional ? snapshot.leadProfessional.professional.id : null;
  const clients = new Set(snapshot.clients.map((c) => c.id));
  cy.batch(() => {
    cy.elements().removeClass("joined left lead");
    cy.nodes("[type = 'Professional'], [type = 'Client']").addClass("gone");
    cy.edges().addClass("gone");
    cy.getElementById(family.id).removeClass("gone");
    for (const id of clients) {
      cy.getElementById(id).removeClass("gone");
      cy.getElementById(`BELONGS_TO:${id}:${family.id}`).removeClass("gone");
    }
    for (const member of snapshot.members) {
      const id = member.professional.id;
      const node = cy.getElementById(id);
      node.removeClass("gone").data("colour", sectorColour(member.sector));
      if (family.drawn && !previous.has(id)) node.addClass("joined");
      if (id === lead) node.addClass("lead");
      cy.getElementById(`MEMBER:${id}:${family.id}`).removeClass("gone").data("presence", member.presence);
    }
    for (const id of previous) {
      if (!members.has(id)) {
        cy.getElementById(id).removeClass("gone").addClass("left");
        cy.getElementById(`MEMBER:${id}:${family.id}`).removeClass("gone").addClass("left");
      }
    }
  });
  const joined = [...members].filter((id) => family.drawn && !previous.has(id));
  const left = [...previous].filter((id) => !members.has(id));
  family.drawn = members;
  family.current = snapshot;
  document.getElementById("family-day-text").textContent = `${iso} · ${snapshot.size} around the family${lead ? ` · lead ${lead}` : ""}`;
  document.getElementById("family-changes").textContent =
    joined.length || left.length ? `Since the last position: joined ${joined.join(", ") || "nobody"}; left ${left.join(", ") || "nobody"}.` : "";
  moveChartCursor(iso);
  state.family = Object.assign(state.family || {}, {
    day: iso,
    size: snapshot.size,
    lead,
    members: [...members].sort(),
    joined,
    left,
    snapshotDay: snapshot.day,
    snapshots: family.snapshots.length,
    lastDrawMs: performance.now() - started,
  });
  exposeDrawn("family", cy);
}

const slider = document.getElementById("family-day");
slider.addEventListener("input", () => drawDay(isoDay(dayMs(family.from) + Number(slider.value) * DAY)));
state.setDay = (iso) => {
  slider.value = Math.round((dayMs(iso) - dayMs(family.from)) / DAY);
  slider.dispatchEvent(new Event("input"));
  return state.family;
};

// The turnover series under the graph, on the slider's time axis; knots as marks below it.
function drawFamilyChart() {
  const svg = document.getElementById("family-chart");
  const width = svg.clientWidth || 800;
  const height = 110;
  const span = Math.max(dayMs(family.to) - dayMs(family.from), DAY);
  const x = (iso) => 30 + ((dayMs(iso) - dayMs(family.from)) / span) * (width - 40);
  const y = (value) => 80 - value * 70;
  const parts = [`<line x1="30" y1="80" x2="${width - 10}" y2="80" stroke="#333"/>`, `<text x="2" y="14" font-size="10">turnover</text>`, `<text x="2" y="78" font-size="10">0</text>`, `<text x="2" y="18" font-size="10"></text>`];
  for (const change of family.timeline.changes) {
    const cx = x(change.date);
    parts.push(`<line x1="${cx}" y1="80" x2="${cx}" y2="${y(change.turnover || 0)}" stroke="#0072B2" stroke-width="2"><title>${change.date}: turnover ${(change.turnover || 0).toFixed(2)}, size ${change.size}</title></line>`);
  }
  for (const knot of family.knots) {
    const start = knot.start.slice(0, 10);
    if (start < family.from || start > family.to) continue;
    const kx = x(start);
    const colour = knot.novelty !== null && knot.novelty >= 0.5 ? "#D55E00" : "#777";
    parts.push(`<path d="M${kx - 5},100 L${kx + 5},100 L${kx},90 Z" fill="${colour}"><title>knot from ${start}, novelty ${knot.novelty === null ? "–" : knot.novelty.toFixed(2)}</title></path>`);
  }
  parts.push(`<text x="${width - 120}" y="108" font-size="10">▲ knots (orange: novel)</text>`);
  parts.push(`<line id="chart-cursor" x1="30" y1="10" x2="30" y2="100" stroke="#000" stroke-dasharray="3 2"/>`);
  svg.innerHTML = parts.join("");
  family.chartX = x;
}

function moveChartCursor(iso) {
  const cursor = document.getElementById("chart-cursor");
  if (cursor && family.chartX) {
    const at = family.chartX(iso);
    cursor.setAttribute("x1", at);
    cursor.setAttribute("x2", at);
  }
}

// ---------- paths view ----------

const PATHS = `query($from: ID!, $to: ID!, $maxHops: Int!, $limit: Int!, $after: DateTime, $before: DateTime, $timeRespecting: Boolean!) {
  boundaryCrossingPaths(from: $from, to: $to, maxHops: $maxHops, limit: $limit, after: $after, before: $before, timeRespecting: $timeRespecting) {
    count
    paths { hops nodes { id } crossings { fromProfessionalId toProfessionalId fromSector toSector throughId throughType at } }
    graph { nodes { id type label } edges { id source target type } }
  }
}`;

let pathsCy = null;

function pathsVariables() {
  const form = document.getElementById("paths-form");
  return {
    from: form.from.value.trim(),
    to: form.to.value.trim(),
    maxHops: Number(form.maxHops.value || 4),
    limit: Number(form.limit.value || 5),
    after: instant(form.after.value),
    before: instant(form.before.value),
    timeRespecting: form.timeRespecting.checked,
  };
}

async function showPaths() {
  const variables = pathsVariables();
  setStatus("Searching for paths…");
  const answer = (await graphql(PATHS, variables)).boundaryCrossingPaths;
  if (pathsCy) pathsCy.destroy();
  pathsCy = newGraph("paths-graph");
  const sectors = new Map();
  const throughs = new Set();
  const crossingPairs = new Set();
  for (const path of answer.paths) {
    for (const crossing of path.crossings) {
      sectors.set(crossing.fromProfessionalId, crossing.fromSector);
      sectors.set(crossing.toProfessionalId, crossing.toSector);
      throughs.add(crossing.throughId);
      crossingPairs.add(`${crossing.fromProfessionalId}|${crossing.throughId}`);
      crossingPairs.add(`${crossing.toProfessionalId}|${crossing.throughId}`);
    }
  }
  pathsCy.add(answer.graph.nodes.map((n) => ({ group: "nodes", data: { id: n.id, label: n.type === "Professional" ? `${n.label} (${n.id})` : n.label, type: n.type, colour: n.type === "Professional" ? sectorColour(sectors.get(n.id)) : undefined } })));
  pathsCy.add(answer.graph.edges.map((e) => ({ group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type } })));
  pathsCy.nodes().filter((n) => throughs.has(n.id())).addClass("crossing");
  pathsCy.edges().filter((e) => crossingPairs.has(`${e.source().id()}|${e.target().id()}`) || crossingPairs.has(`${e.target().id()}|${e.source().id()}`)).addClass("crossing");
  pathsCy.layout({ name: "fcose", animate: false, randomize: true, seed: 1, nodeRepulsion: 8000, idealEdgeLength: 70 }).run();
  pathsCy.on("tap", "node", (event) => {
    const node = event.target;
    details("paths-details", [["Id", node.id()], ["Kind", node.data("type")], ["Label", node.data("label")], ["Sector", sectors.get(node.id())], ["Crossing through it", throughs.has(node.id()) ? "yes" : "no"]]);
  });
  const crossings = answer.paths.flatMap((p) => p.crossings);
  details("paths-details", [["Paths", answer.count], ["Hops", answer.paths.map((p) => p.hops).join(", ")], ["Sector crossings", crossings.map((c) => `${c.fromSector} → ${c.toSector} via ${c.throughId}`).join("; ")]]);
  state.paths = { count: answer.count, crossings: crossings.map((c) => ({ from: c.fromProfessionalId, to: c.toProfessionalId, through: c.throughId, fromSector: c.fromSector, toSector: c.toSector })), crossingNodes: [...throughs].sort() };
  exposeDrawn("paths", pathsCy);
  setStatus(`${answer.count} paths drawn; orange marks the sector crossings and what they went through.`);
}

// ---------- network view ----------

const NETWORK = `query($level: NetworkLevel!, $familyId: ID, $after: DateTime, $before: DateTime) {
  collaborationNetwork(level: $level, familyId: $familyId, after: $after, before: $before) {
    nodeCount edgeCount
    graph { nodes { id type label properties } edges { id source target properties } }
  }
}`;

let networkCy = null;

function networkVariables() {
  const form = document.getElementById("network-form");
  return { level: form.level.value, familyId: form.familyId.value.trim() || null, after: instant(form.after.value), before: instant(form.before.value) };
}

// A network above LARGE_NETWORK nodes is drawn for speed (bench/explorer.py measures it):
// Cytoscape.js's WebGL renderer when the browser has WebGL 2 (else the canvas, showing a
// texture of the graph while the viewport moves), straight (haystack) edges, labels only
// once zoomed in far enough to read them, and the layout (fCoSE's draft) computed in a
// worker, off the page's thread, once per network for the session.
const LARGE_NETWORK = 300;
const LABEL_ZOOM = 0.8; // labels (10 px) show from this zoom on: 8 px on screen
const NODE_SIZE = 22;
const layoutsKept = new Map(); // network key -> {id: [x, y]}
let networkDraws = 0;

// WebGL 2 on a graphics card: a browser that renders WebGL in software (SwiftShader,
// llvmpipe: no GPU, as in headless test browsers) draws a large graph faster on the canvas.
function webglAvailable() {
  if (state.webglAvailable === undefined) {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl && gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : "";
    state.webglRenderer = renderer;
    state.webglAvailable = Boolean(gl) && !/swiftshader|llvmpipe|software/i.test(renderer);
    if (gl) gl.getExtension("WEBGL_lose_context")?.loseContext();
  }
  return state.webglAvailable;
}

// `options.webgl`: true or false asks for WebGL or the canvas whatever the browser
// (bench/explorer.py compares them).
function networkSettings(nodeCount, options = {}) {
  const large = nodeCount > LARGE_NETWORK;
  const webgl = large && (options.webgl === undefined ? webglAvailable() : options.webgl);
  return {
    large,
    renderer: webgl ? "webgl" : "canvas",
    textureOnViewport: large && !webgl,
    edges: large ? "haystack" : "bezier",
    labelsFromZoom: large ? LABEL_ZOOM : null,
    layout: large ? "fcose-draft-worker" : "fcose",
  };
}

// fCoSE's draft in layout-worker.js; the positions are kept under `key` for the session.
function layoutLarge(graph, key) {
  const kept = key && layoutsKept.get(key);
  if (kept && graph.nodes.every((n) => kept[n.id])) return Promise.resolve({ positions: kept, kept: true, ms: 0 });
  return new Promise((resolve, reject) => {
    const worker = new Worker("/static/pages/explore/layout-worker.js");
    worker.onmessage = (event) => {
      worker.terminate();
      if (key) layoutsKept.set(key, event.data.positions);
      resolve({ ...event.data, kept: false });
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`the layout failed (${event.message})`));
    };
    worker.postMessage({ nodes: graph.nodes.map((n) => n.id), edges: graph.edges.map((e) => [e.source, e.target]), nodeSize: NODE_SIZE });
  });
}

// Labels of a large network only from LABEL_ZOOM on (the WebGL renderer draws every
// label it is given, whatever its size on screen).
function labelsByZoom(cy) {
  let shown = null;
  const update = () => {
    const show = cy.zoom() >= LABEL_ZOOM;
    if (show === shown) return;
    shown = show;
    cy.batch(() => (show ? cy.nodes().removeClass("unlabelled") : cy.nodes().addClass("unlabelled")));
  };
  cy.on("zoom", update);
  update();
}

async function drawNetwork(graph, options = {}) {
  const started = performance.now();
  const draw = (networkDraws += 1);
  const settings = networkSettings(graph.nodes.length, options);
  const laidOut = settings.large ? await layoutLarge(graph, options.key) : null;
  if (draw !== networkDraws) return state.network; // a later draw replaced this one
  if (networkCy) networkCy.destroy();
  networkCy = newGraph("network-graph", {
    renderer: { name: "canvas", webgl: settings.renderer === "webgl" },
    textureOnViewport: settings.textureOnViewport,
    style: settings.large ? [...BASE_STYLE, ...LARGE_STYLE] : BASE_STYLE,
  });
  const at = (id) => (laidOut ? { x: laidOut.positions[id][0], y: laidOut.positions[id][1] } : undefined);
  networkCy.add(graph.nodes.map((n) => ({ group: "nodes", position: at(n.id), data: { id: n.id, label: n.label, name: n.label, type: n.type, activity: (n.properties || {}).activity, colour: n.type === "Sector" ? sectorColour(n.id.replace("sector:", "")) : sectorColour((n.properties || {}).sector) } })));
  networkCy.add(graph.edges.map((e) => ({ group: "edges", data: { id: e.id, source: e.source, target: e.target, weight: (e.properties || {}).weight || 1 } })));
  if (settings.large) {
    networkCy.fit(undefined, 30);
    labelsByZoom(networkCy);
  } else {
    networkCy.layout({ name: "fcose", animate: false, randomize: true, seed: 1, nodeRepulsion: 12000, idealEdgeLength: 120 }).run();
  }
  networkCy.on("tap", "node", (event) => {
    const node = event.target;
    details("network-details", [["Id", node.id()], ["Name", node.data("name")], ["Activity", node.data("activity")], ["Ties", node.degree()]]);
  });
  networkCy.on("tap", "edge", (event) => {
    const edge = event.target;
    details("network-details", [["Between", `${edge.source().data("name")} and ${edge.target().data("name")}`], ["Weight", edge.data("weight")]]);
  });
  state.network = {
    nodeCount: graph.nodes.length,
    edgeCount: graph.edges.length,
    settings: { ...settings, webglDrawing: Boolean(networkCy.renderer().webgl) },
    layoutMs: laidOut ? laidOut.ms : null,
    layoutKept: laidOut ? laidOut.kept : null,
    drawMs: performance.now() - started,
  };
  exposeDrawn("network", networkCy);
  return state.network;
}
state.drawNetwork = drawNetwork;

async function showNetwork() {
  setStatus("Fetching the network…");
  const variables = networkVariables();
  const answer = (await graphql(NETWORK, variables)).collaborationNetwork;
  if (answer.graph.nodes.length > LARGE_NETWORK) setStatus(`Laying out ${answer.nodeCount} nodes…`);
  await drawNetwork(answer.graph, { key: JSON.stringify(variables) });
  Object.assign(state.network, { apiNodeCount: answer.nodeCount, apiEdgeCount: answer.edgeCount });
  details("network-details", [["Nodes", answer.nodeCount], ["Edges", answer.edgeCount], ["Edge width", "shared interactions + shared objects"]]);
  setStatus(`${answer.nodeCount} nodes, ${answer.edgeCount} edges.`);
}

// ---------- boundary object view ----------

const OBJECTS = `query($familyId: ID!) {
  boundaryObjectReport(familyId: $familyId) {
    id kind contributions interactions professionals
    sectors { shares { name contributions share } entropy evenness }
    professions { shares { name contributions share } entropy evenness }
    history { at interactionId professionalId profession sector }
  }
}`;

let objectCy = null;

const words = (name) => (name ? name.replaceAll("_", " ").toLowerCase() : "no sector");

async function showObjects() {
  const familyId = document.getElementById("object-form").familyId.value.trim();
  setStatus("Fetching the family's boundary objects…");
  const reports = (await graphql(OBJECTS, { familyId })).boundaryObjectReport;
  if (objectCy) objectCy.destroy();
  objectCy = newGraph("object-graph");
  const elements = [];
  const seen = new Set();
  for (const report of reports) {
    elements.push({ group: "nodes", data: { id: report.id, label: `${report.kind} (${report.id})`, type: "BoundaryObject" } });
    for (const share of report.sectors.shares) {
      const id = `sector:${share.name}`;
      if (!seen.has(id)) elements.push({ group: "nodes", data: { id, label: share.name, type: "Sector", colour: sectorColour(share.name) } });
      seen.add(id);
      elements.push({ group: "edges", data: { id: `WORKED_ON:${id}:${report.id}`, source: id, target: report.id, weight: share.contributions } });
    }
    for (const share of report.professions.shares) {
      const id = `profession:${share.name}`;
      if (!seen.has(id)) elements.push({ group: "nodes", data: { id, label: share.name.toLowerCase(), type: "Client" } });
      seen.add(id);
      elements.push({ group: "edges", data: { id: `WORKED_ON:${id}:${report.id}`, source: id, target: report.id, weight: share.contributions } });
    }
  }
  objectCy.add(elements);
  objectCy.layout({ name: "fcose", animate: false, randomize: true, seed: 1, idealEdgeLength: 90 }).run();
  objectCy.on("tap", "node[type = 'BoundaryObject']", (event) => showObject(reports.find((r) => r.id === event.target.id())));
  const dots = drawObjectHistory(reports);
  state.object = {
    objects: reports.map((r) => r.id),
    history: Object.fromEntries(reports.map((r) => [r.id, r.history.map((c) => ({ day: c.at.slice(0, 10), sector: c.sector, profession: c.profession, interaction: c.interactionId, professional: c.professionalId }))])),
    dots,
  };
  exposeDrawn("object", objectCy);
  setStatus(`${reports.length} objects; edge width: contributions by a sector (colour) or a profession (grey). Under them, who worked on each object when. Click an object for its story.`);
}

// One object's contributions in time order, in words: the sectors and professions over time.
function showObject(report) {
  const days = new Map();
  for (const c of report.history) {
    const day = c.at.slice(0, 10);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(`${words(c.profession)} (${words(c.sector)})`);
  }
  const story = [...days].map(([day, who]) => `${day}: ${who.join(", ")}`).join("; ");
  details("object-details", [
    ["Object", `${report.kind} (${report.id})`],
    ["Worked on", report.history.length ? `${report.history[0].at.slice(0, 10)} to ${report.history[report.history.length - 1].at.slice(0, 10)} (${report.interactions} interactions)` : null],
    ["Sectors", report.sectors.shares.map((s) => `${s.name} ${(100 * s.share).toFixed(0)}%`).join(", ")],
    ["Sector evenness", report.sectors.evenness === null ? null : report.sectors.evenness.toFixed(2)],
    ["Professions", report.professions.shares.map((s) => `${s.name} ${(100 * s.share).toFixed(0)}%`).join(", ")],
    ["Over time", story],
  ]);
  for (const row of document.querySelectorAll("#object-chart .row")) row.classList.toggle("chosen", row.dataset.object === report.id);
  state.object.selected = report.id;
}

// A strip per object: each contribution a dot on the time axis, coloured by the
// contributor's sector that day (several on one day stack up), its profession in the
// dot's title; a click on a row tells that object's story.
function drawObjectHistory(reports) {
  const svg = document.getElementById("object-chart");
  const width = svg.clientWidth || 800;
  const left = 170;
  const rowHeight = 20;
  const instants = reports.flatMap((r) => r.history.map((c) => dayMs(c.at)));
  const height = Math.max(reports.length, 1) * rowHeight + 34;
  svg.setAttribute("height", height);
  svg.style.height = `${height}px`;
  if (!instants.length) {
    svg.innerHTML = `<text x="8" y="20" font-size="12">No contributions to any object.</text>`;
    return 0;
  }
  const first = Math.min(...instants) - DAY;
  const span = Math.max(Math.max(...instants) + DAY - first, DAY);
  const x = (ms) => left + ((ms - first) / span) * (width - left - 12);
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const parts = [];
  let dots = 0;
  reports.forEach((report, index) => {
    const top = 4 + index * rowHeight;
    parts.push(`<g class="row" data-object="${escape(report.id)}" tabindex="0" role="button" aria-label="${escape(`${report.kind} ${report.id}: ${report.history.length} contributions`)}"><rect x="0" y="${top}" width="${width}" height="${rowHeight}" class="row-band"/>`);
    parts.push(`<text x="4" y="${top + 14}" font-size="11">${escape(`${report.kind} (${report.id})`)}</text>`);
    const onDay = new Map();
    for (const c of report.history) {
      const day = c.at.slice(0, 10);
      const stack = onDay.get(day) || 0;
      onDay.set(day, stack + 1);
      const cy = top + 6 + (stack % 3) * 4;
      const cx = x(dayMs(day)) + Math.floor(stack / 3) * 4;
      parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy}" r="3.6" fill="${sectorColour(c.sector)}" stroke="#333" stroke-width="0.7"><title>${escape(`${day}: ${words(c.profession)}, ${words(c.sector)} (${c.interactionId})`)}</title></circle>`);
      dots += 1;
    }
    parts.push("</g>");
  });
  // The time axis: a tick a month (a year when the strip spans more than three years).
  const axis = 4 + reports.length * rowHeight + 4;
  parts.push(`<line x1="${left}" y1="${axis}" x2="${width - 12}" y2="${axis}" stroke="#333"/>`);
  const yearly = span > 3 * 365 * DAY;
  const tick = new Date(first);
  tick.setUTCDate(1);
  if (yearly) tick.setUTCMonth(0);
  while (tick.getTime() <= first + span) {
    if (tick.getTime() >= first) {
      const tx = x(tick.getTime());
      const month = tick.getUTCMonth();
      parts.push(`<line x1="${tx}" y1="${axis}" x2="${tx}" y2="${axis + 4}" stroke="#333"/>`);
      if (yearly || month === 0 || span < 400 * DAY) {
        const label = yearly || month === 0 ? String(tick.getUTCFullYear()) : tick.toISOString().slice(0, 7);
        parts.push(`<text x="${tx + 2}" y="${axis + 16}" font-size="10">${label}</text>`);
      }
    }
    if (yearly) tick.setUTCFullYear(tick.getUTCFullYear() + 1);
    else tick.setUTCMonth(tick.getUTCMonth() + 1);
  }
  svg.innerHTML = parts.join("");
  for (const row of svg.querySelectorAll(".row")) {
    const choose = () => showObject(reports.find((r) => r.id === row.dataset.object));
    row.addEventListener("click", choose);
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose();
      }
    });
  }
  return dots;
}

// ---------- exports ----------

async function download(kind) {
  const params = new URLSearchParams({ format: "gexf" });
  if (kind === "timeline") {
    Object.entries({ familyId: family.id, from: family.from, to: family.to, windowDays: family.windowDays }).forEach(([k, v]) => params.set(k, v));
  } else if (kind === "paths") {
    Object.entries(pathsVariables()).forEach(([k, v]) => v !== null && v !== "" && params.set(k, v));
  } else {
    Object.entries(networkVariables()).forEach(([k, v]) => v !== null && params.set(k, v));
  }
  const response = await fetch(`/export/${kind}?${params}`, { headers: authHeaders() });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ errors: [{ message: response.statusText }] }));
    throw new ApiError((body.errors || []).map(describeError).join(" ") || `export refused (${response.status})`);
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `${kind}.gexf`;
  link.click();
  URL.revokeObjectURL(link.href);
}

// ---------- views, keyboard ----------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectView(tab) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
  }
  state.view = tab.id.replace("tab-", "");
  tab.focus();
  for (const cy of [family.cy, pathsCy, networkCy, objectCy]) if (cy) cy.resize();
}

tabs.forEach((tab, index) => {
  tab.addEventListener("click", () => selectView(tab));
  tab.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step) selectView(tabs[(index + step + tabs.length) % tabs.length]);
    if (event.key === "Home") selectView(tabs[0]);
    if (event.key === "End") selectView(tabs[tabs.length - 1]);
  });
});

document.getElementById("key-form").addEventListener("submit", (event) => event.preventDefault());
document.getElementById("family-form").addEventListener("submit", guarded(showFamily));
document.getElementById("paths-form").addEventListener("submit", guarded(showPaths));
document.getElementById("network-form").addEventListener("submit", guarded(showNetwork));
document.getElementById("object-form").addEventListener("submit", guarded(showObjects));
for (const button of document.querySelectorAll(".download")) {
  button.addEventListener("click", guarded(() => download(button.dataset.export)));
}

// Deep links: /explore?view=network&level=SECTOR (each form's fields by name), so a view
// can be opened, shared and screenshotted as it is.
const query = new URLSearchParams(window.location.search);
legend();
state.family = {};
if (query.get("view")) {
  const tab = document.getElementById(`tab-${query.get("view")}`);
  if (tab) {
    selectView(tab);
    const form = document.getElementById(`${state.view}-form`);
    for (const [name, value] of query) {
      const field = form.elements.namedItem(name);
      if (field && field.type === "checkbox") field.checked = value === "true";
      else if (field) field.value = value;
    }
    if (query.get("run") === "1") form.requestSubmit();
  }
}
// Tests and tools can tap a node as a pointer would (Cytoscape's own event).
state.tapNode = (view, id) => {
  const cy = { family: family.cy, paths: pathsCy, network: networkCy, object: objectCy }[view];
  cy.getElementById(id).emit("tap");
};
state.loaded = true;

// Lays out a large network off the page's thread: fCoSE (draft quality: its spectral
// layout, no force iterations) on a headless Cytoscape.js, the same library and layout
// the page uses for small graphs. The page stays interactive while it runs, and keeps
// the positions for the rest of the session (explore.js, `layoutLarge`).
// In: {nodes: [id], edges: [[source, target]], nodeSize}. Out: {positions: {id: [x, y]}, ms}.
importScripts("/static/vendor/cytoscape.js");
importScripts("/static/vendor/layout-base.js");
importScripts("/static/vendor/cose-base.js");
importScripts("/static/vendor/cytoscape-fcose.js");

self.cytoscape.use(self.cytoscapeFcose);

self.onmessage = (event) => {
  const started = performance.now();
  const { nodes, edges, nodeSize } = event.data;
  const cy = self.cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: "node", style: { width: nodeSize, height: nodeSize } }],
    elements: [
      ...nodes.map((id) => ({ group: "nodes", data: { id } })),
      ...edges.map(([source, target], i) => ({ group: "edges", data: { id: `e${i}`, source, target } })),
    ],
  });
  cy.layout({ name: "fcose", quality: "draft", animate: false, randomize: true }).run();
  const positions = {};
  cy.nodes().forEach((node) => {
    const { x, y } = node.position();
    positions[node.id()] = [x, y];
  });
  cy.destroy();
  self.postMessage({ positions, ms: performance.now() - started });
};

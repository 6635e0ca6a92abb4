/**
 * The service graph as one self-contained HTML file: the data, dagre (inlined, for the layout) and
 * a small script that draws SVG. Cycles are red; clicking an edge lists its evidence. No network
 * access, no external files, so it opens from a CI artifact or an email.
 */
import type { GraphDocument } from "../../model/graph/document.js";
import { cycleEdges } from "./text.js";

/** `dagreSource` is the text of dagre's browser build (`dist/dagre.min.js`). */
export function graphHtml(doc: GraphDocument, dagreSource: string, title = "Service graph"): string {
  const red = cycleEdges(doc);
  const data = {
    services: doc.services,
    edges: doc.edges.map((e) => ({ ...e, cycle: red.has(e) })),
    cycles: doc.cycles,
  };
  const script = (s: string) => s.replace(/<\/script/gi, "<\\/script").replace(/^\/\/# sourceMappingURL=.*$/m, "");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; display: flex; height: 100vh; }
  #canvas { flex: 1; overflow: auto; }
  #side { width: 360px; border-left: 1px solid #ddd; padding: 12px 16px; overflow: auto; background: #fafafa; }
  h1 { font-size: 16px; margin: 0 0 8px; }
  .node rect { fill: #fff; stroke: #555; stroke-width: 1.5px; rx: 6px; }
  .node.cycle rect { stroke: #d22; stroke-width: 3px; }
  .node text { font-size: 13px; text-anchor: middle; }
  .node .lang { fill: #777; font-size: 11px; }
  .edge path { fill: none; stroke: #555; stroke-width: 1.5px; }
  .edge.async path { stroke-dasharray: 6 4; }
  .edge.inferred path { stroke-dasharray: 2 3; }
  .edge.cycle path { stroke: #d22; stroke-width: 3px; }
  .edge .hit { stroke: transparent; stroke-width: 14px; cursor: pointer; }
  .edge text { font-size: 11px; fill: #555; }
  .edge.cycle text { fill: #d22; }
  .edge.selected path { stroke: #06c; }
  code { font-size: 12px; }
  li { margin-bottom: 6px; }
  .empty { color: #777; padding: 24px; }
</style>
</head>
<body>
<div id="canvas"></div>
<div id="side"><h1>${escapeHtml(title)}</h1><p id="summary"></p><div id="detail">Click an edge to see the code and manifest lines that create it.</div></div>
<script id="graph-data" type="application/json">${escapeJsonForHtml(JSON.stringify(data))}</script>
<script>${script(dagreSource)}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var canvas = document.getElementById("canvas");
  document.getElementById("summary").textContent = data.services.length + " services, " + data.edges.length + " edges, " + data.cycles.length + " synchronous cycle(s)" + (data.cycles.length ? ": " + data.cycles.map(function (c) { return c.join(" ⇄ "); }).join("; ") : "");
  if (!data.services.length) { canvas.innerHTML = '<p class="empty">No services found.</p>'; return; }
  var g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(function () { return {}; });
  var inCycle = {};
  data.cycles.forEach(function (c) { c.forEach(function (n) { inCycle[n] = true; }); });
  data.services.forEach(function (s) { g.setNode(s.name, { width: Math.max(110, s.name.length * 8 + 30), height: 46 }); });
  data.edges.forEach(function (e, i) { if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, { width: 60, height: 16, labelpos: "c", index: i }, "e" + i); });
  dagre.layout(g);
  var size = g.graph();
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", size.width); svg.setAttribute("height", size.height);
  svg.innerHTML = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker><marker id="arrow-red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#d22"/></marker></defs>';
  function el(name, attrs, parent) { var x = document.createElementNS(NS, name); for (var k in attrs) x.setAttribute(k, attrs[k]); (parent || svg).appendChild(x); return x; }
  g.edges().forEach(function (ref) {
    var lab = g.edge(ref); var e = data.edges[lab.index];
    var cls = "edge" + (e.cycle ? " cycle" : "") + (e.protocol === "async" ? " async" : "") + (e.inferred ? " inferred" : "");
    var grp = el("g", { "class": cls, "data-from": e.from, "data-to": e.to });
    var d = "M" + lab.points.map(function (p) { return p.x + "," + p.y; }).join("L");
    el("path", { d: d, "marker-end": e.cycle ? "url(#arrow-red)" : "url(#arrow)" }, grp);
    el("path", { d: d, "class": "hit" }, grp);
    var t = el("text", { x: lab.x, y: lab.y + 4, "text-anchor": "middle" }, grp); t.textContent = e.protocol + (e.inferred ? "?" : "");
    grp.addEventListener("click", function () { show(e, grp); });
  });
  data.services.forEach(function (s) {
    var n = g.node(s.name);
    var grp = el("g", { "class": "node" + (inCycle[s.name] ? " cycle" : ""), "data-name": s.name, transform: "translate(" + (n.x - n.width / 2) + "," + (n.y - n.height / 2) + ")" });
    el("rect", { width: n.width, height: n.height }, grp);
    var t = el("text", { x: n.width / 2, y: s.language ? 20 : 28 }, grp); t.textContent = s.name;
    if (s.language) { var l = el("text", { x: n.width / 2, y: 36, "class": "lang" }, grp); l.textContent = s.language; }
  });
  canvas.appendChild(svg);
  function show(e, grp) {
    Array.prototype.forEach.call(document.querySelectorAll(".edge.selected"), function (x) { x.classList.remove("selected"); });
    grp.classList.add("selected");
    var box = document.getElementById("detail"); box.innerHTML = "";
    var h = document.createElement("h1"); h.textContent = e.from + " → " + e.to + " (" + e.protocol + (e.inferred ? ", inferred from manifests" : "") + ")"; box.appendChild(h);
    var via = document.createElement("p"); via.textContent = "via " + e.via.join(", "); box.appendChild(via);
    var ul = document.createElement("ul");
    e.evidence.forEach(function (ev) { var li = document.createElement("li"); var c = document.createElement("code"); c.textContent = ev.file + ":" + ev.line; li.appendChild(c); li.appendChild(document.createTextNode(" " + ev.message)); ul.appendChild(li); });
    box.appendChild(ul);
  }
  window.__graphRendered = { nodes: document.querySelectorAll(".node").length, edges: document.querySelectorAll(".edge").length };
})();
</script>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON inside a script element: no `</script>`, no `<!--`. */
function escapeJsonForHtml(s: string): string {
  return s.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

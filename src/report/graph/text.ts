/**
 * The service graph as text: JSON (sorted, stable), Mermaid (renders in GitHub comments and job
 * summaries; cycles in red) and Graphviz DOT. Pure functions of the graph document.
 */
import type { GraphDocument } from "../../model/graph/document.js";
import type { GraphEdge } from "../../model/graph/types.js";

export function graphJson(doc: GraphDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Edges whose two ends sit in the same synchronous cycle, and which are synchronous themselves. */
export function cycleEdges(doc: GraphDocument): Set<GraphEdge> {
  const comp = new Map<string, number>();
  doc.cycles.forEach((c, i) => c.forEach((n) => comp.set(n, i)));
  return new Set(doc.edges.filter((e) => e.protocol !== "async" && comp.has(e.from) && comp.get(e.from) === comp.get(e.to)));
}

function label(e: GraphEdge): string {
  return `${e.protocol}${e.inferred ? ", inferred" : ""}`;
}

export function graphMermaid(doc: GraphDocument): string {
  const id = new Map(doc.services.map((s, i) => [s.name, `s${i}`]));
  const lines = ["flowchart LR"];
  for (const s of doc.services) lines.push(`  ${id.get(s.name)}["${mermaidText(s.name)}${s.language ? `<br/><small>${s.language}</small>` : ""}"]`);
  const red = cycleEdges(doc);
  const redIdx: number[] = [];
  doc.edges.forEach((e, i) => {
    const arrow = e.protocol === "async" ? "-.->" : "-->";
    lines.push(`  ${id.get(e.from) ?? e.from} ${arrow}|${label(e)}| ${id.get(e.to) ?? e.to}`);
    if (red.has(e)) redIdx.push(i);
  });
  const inCycle = doc.cycles.flat();
  if (inCycle.length) {
    lines.push("  classDef cycle stroke:#d22,stroke-width:3px,color:#d22");
    lines.push(`  class ${inCycle.map((n) => id.get(n)).join(",")} cycle`);
  }
  if (redIdx.length) lines.push(`  linkStyle ${redIdx.join(",")} stroke:#d22,stroke-width:3px`);
  return `${lines.join("\n")}\n`;
}

function mermaidText(s: string): string {
  return s.replace(/"/g, "#quot;");
}

export function graphDot(doc: GraphDocument): string {
  const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const red = cycleEdges(doc);
  const inCycle = new Set(doc.cycles.flat());
  const lines = ["digraph services {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const s of doc.services) {
    const attrs = [`label=${q(s.language ? `${s.name}\n${s.language}` : s.name)}`];
    if (inCycle.has(s.name)) attrs.push('color="#dd2222"', 'fontcolor="#dd2222"', "penwidth=2");
    lines.push(`  ${q(s.name)} [${attrs.join(", ")}];`);
  }
  for (const e of doc.edges) {
    const attrs = [`label=${q(label(e))}`];
    if (e.protocol === "async") attrs.push("style=dashed");
    else if (e.inferred) attrs.push("style=dotted");
    if (red.has(e)) attrs.push('color="#dd2222"', 'fontcolor="#dd2222"', "penwidth=2");
    const where = e.evidence[0];
    if (where) attrs.push(`tooltip=${q(`${where.file}:${where.line}`)}`);
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [${attrs.join(", ")}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

import type { Detector } from "../check/rule.js";
import type { RelatedLocation } from "../check/finding.js";
import { shortestCycle, stronglyConnected } from "../model/graph/cycles.js";
import { cmp, isSync, type GraphEdge } from "../model/graph/types.js";

/**
 * Services that call each other in a circle: one finding per strongly connected component of the
 * synchronous call graph, anchored at the first edge's call site, every edge's evidence in
 * `related`. A cycle that closes only through an async hop is reported at info, naming the hop.
 */
export const cyclicRpc: Detector = {
  name: "cyclic-rpc",
  defaults: { includeInferred: true, reportPartlyAsync: true },
  run({ model, params, report }) {
    const graph = model.graph;
    if (!graph) return;
    const edges = graph.edges.filter((e) => params.includeInferred !== false || !e.inferred);
    const sync = edges.filter((e) => isSync(e.protocol));
    const nodes = model.services.map((s) => s.name);
    const syncComponents = stronglyConnected(nodes, sync);
    for (const comp of syncComponents) {
      const cycle = cycleThrough(comp, sync, () => true);
      if (!cycle) continue;
      const others = comp.filter((n) => !cycle.some((e) => e.from === n));
      report({
        ...anchor(cycle[0]!),
        message: `Synchronous call cycle ${spell(cycle)}${others.length ? ` (the same knot also holds ${others.join(", ")})` : ""}: these services can only be deployed, scaled and fail together. Break the back-call with an event, move the shared step into one owner, or invert the dependency.`,
        service: cycle[0]!.from,
        related: related(cycle),
      });
    }
    if (params.reportPartlyAsync === false) return;
    const inSync = new Set(syncComponents.map((c) => c.join("\0")));
    for (const comp of stronglyConnected(nodes, edges)) {
      if (inSync.has(comp.join("\0"))) continue;
      const cycle = cycleThrough(comp, edges, (e) => !isSync(e.protocol));
      if (!cycle) continue;
      const hops = cycle.filter((e) => !isSync(e.protocol)).map((e) => `${e.from} → ${e.to} (${e.via.join(", ")})`);
      report({
        ...anchor(cycle[0]!),
        severity: "info",
        message: `Call cycle ${spell(cycle)} closes only through the async hop ${hops.join(" and ")}: not a deadlock, but a change to either side still ripples round the loop.`,
        service: cycle[0]!.from,
        related: related(cycle),
      });
    }
  },
};

/** The shortest cycle in `comp` that starts with an edge `first` accepts, trying edges in order. */
function cycleThrough(comp: string[], edges: GraphEdge[], first: (e: GraphEdge) => boolean): GraphEdge[] | undefined {
  const within = new Set(comp);
  const inside = edges.filter((e) => within.has(e.from) && within.has(e.to));
  const starts = inside.filter(first).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.protocol, b.protocol));
  for (const s of starts) {
    const c = shortestCycle(s, inside, within);
    if (c) {
      // Start at the smallest service name, so the same loop always reads the same way.
      const i = c.reduce((best, e, k) => (e.from < c[best]!.from ? k : best), 0);
      return [...c.slice(i), ...c.slice(0, i)];
    }
  }
  return undefined;
}

function spell(cycle: GraphEdge[]): string {
  return [cycle[0]!.from, ...cycle.map((e) => `${e.to}`)].join(" → ") + ` (${cycle.map((e) => e.protocol).join(", ")})`;
}

function anchor(e: GraphEdge): { file: string; line: number; column?: number } {
  const at = e.evidence[0];
  return { file: at?.file ?? "", line: at?.line ?? 1, ...(at?.column !== undefined ? { column: at.column } : {}) };
}

function related(cycle: GraphEdge[]): RelatedLocation[] {
  return cycle.flatMap((e) => e.evidence.map((ev) => ({ file: ev.file, line: ev.line, ...(ev.column !== undefined ? { column: ev.column } : {}), message: `${e.from} → ${e.to} (${e.protocol}): ${ev.message}` })));
}

import type { Detector } from "../check/rule.js";
import type { ImportFact } from "../extract/facts.js";
import { shortestCycle, stronglyConnected } from "../model/graph/cycles.js";
import { cmp } from "../model/graph/types.js";

const EXTS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

interface ImportEdge {
  from: string;
  to: string;
  fact: ImportFact;
}

/**
 * Import cycles between TS/JS modules inside a service: the module graph from the import facts
 * (relative specifiers resolved as TypeScript's NodeNext and bundlers do: `./b.js` → `b.ts`,
 * `./dir` → `dir/index.ts`), Tarjan's strongly connected components, one finding per cycle.
 */
export const moduleCycle: Detector = {
  name: "module-cycle",
  defaults: { skipTests: true },
  run({ model, params, report }) {
    const code = model.files.filter((f) => (f.language === "ts" || f.language === "js") && !(f.isTest && params.skipTests !== false));
    const paths = new Set(code.map((f) => f.path));
    const service = new Map(code.map((f) => [f.path, f.service]));
    const edges: ImportEdge[] = [];
    for (const f of code) {
      for (const fact of f.facts) {
        if (fact.kind !== "import" || !/^\.\.?\//.test(fact.module)) continue;
        const to = resolveModule(f.path, fact.module, paths);
        // Cycles inside one service only: imports across services are cross-service-import's.
        if (to && to !== f.path && service.get(to) === f.service) edges.push({ from: f.path, to, fact });
      }
    }
    for (const comp of stronglyConnected([], edges)) {
      const within = new Set(comp);
      const inside = edges.filter((e) => within.has(e.from) && within.has(e.to)).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
      const cycle = shortestCycle(inside[0]!, inside, within);
      if (!cycle) continue;
      const first = cycle[0]!;
      report({
        message: `Import cycle ${[first.from, ...cycle.map((e) => e.to)].join(" → ")}${comp.length > cycle.length ? ` (${comp.length} modules in the knot)` : ""}: these modules load in an order that depends on who imports first, and cannot be split or tested apart. Move what both need into a third module, or invert one import.`,
        file: first.from,
        line: first.fact.loc.line,
        column: first.fact.loc.column,
        service: service.get(first.from),
        related: cycle.map((e) => ({ file: e.from, line: e.fact.loc.line, column: e.fact.loc.column, message: `${e.from} imports ${e.to}` })),
      });
    }
  },
};

/** `./b.js` from `src/a.ts` → `src/b.ts` when that file is in the repo. */
export function resolveModule(from: string, spec: string, paths: ReadonlySet<string>): string | undefined {
  const base = normalize(`${from.slice(0, from.lastIndexOf("/") + 1)}${spec}`);
  if (base === undefined) return undefined;
  const stem = base.replace(/\.(m|c)?jsx?$/, "");
  const candidates = [base, ...EXTS.map((e) => stem + e), ...EXTS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => paths.has(c));
}

/** `a/b/../c` → `a/c`; undefined when the path climbs out of the repo. */
export function normalize(p: string): string | undefined {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

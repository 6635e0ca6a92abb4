/**
 * Timeout budgets along the service graph: for each synchronous edge caller → callee, the
 * caller's timeout on its calls to the callee, and the callee's own downstream timeouts (times
 * the retries around them) on calls reachable from its request handlers. Reachability follows
 * calls by function name within the callee service, starting at route and gRPC handlers, so a
 * background job's client does not count against an endpoint.
 */
import type { CallFact, FunctionFact } from "../../extract/facts.js";
import type { GraphEdge, ServiceGraph } from "../graph/types.js";
import type { ModelFile } from "../types.js";
import { lastSegment, type Derivation } from "./context.js";
import { within } from "./scope.js";
import type { CallSite, LimitedCall, Measured, RetrySite } from "./types.js";

export interface TimeoutBudget {
  from: string;
  to: string;
  /** The caller's call (or the client its calls go through) and its timeout. */
  caller: LimitedCall & { limit: { value: Measured } };
  /** The callee's slowest bounded downstream call reachable from its handlers. */
  downstream: LimitedCall & { limit: { value: Measured } };
  /** Attempts the callee makes on that call (1 + retries). */
  attempts: number;
  /** Downstream calls reachable from the callee's handlers that nothing bounds. */
  unbounded: CallSite[];
}

const ROUTE_METHODS = /^(get|post|put|patch|delete|del|all|use|head|options|route|handle|HandleFunc|Handle|GET|POST|PUT|PATCH|DELETE|Get|Post|Put|Patch|Delete|Any|Group)$/;

export function timeoutBudgets(d: Derivation, graph: ServiceGraph | undefined, calls: readonly LimitedCall[], retries: readonly RetrySite[]): TimeoutBudget[] {
  if (!graph) return [];
  const out: TimeoutBudget[] = [];
  const reachMemo = new Map<string, (s: CallSite) => boolean>();
  for (const edge of graph.edges) {
    if (edge.protocol !== "http" && edge.protocol !== "grpc") continue;
    const callerCalls = callsOnEdge(d, edge, calls, graph);
    if (callerCalls.length === 0) continue;
    let reach = reachMemo.get(edge.to);
    if (!reach) reachMemo.set(edge.to, (reach = reachable(d, edge.to)));
    const downstream = calls.filter((c) => c.service === edge.to && sites(c).some((s) => reach(s)));
    let worst: { call: LimitedCall & { limit: { value: Measured } }; attempts: number; total: number } | undefined;
    for (const c of downstream) {
      const v = c.limit?.value;
      if (!v) continue;
      const attempts = 1 + retriesOn(c, retries);
      const total = v.ms * attempts;
      if (!worst || total > worst.total) worst = { call: c as LimitedCall & { limit: { value: Measured } }, attempts, total };
    }
    if (!worst) continue;
    const unbounded = downstream.filter((c) => !c.limit).map((c) => ({ file: c.file, line: c.line, column: c.column }));
    for (const caller of callerCalls) out.push({ from: edge.from, to: edge.to, caller, downstream: worst.call, attempts: worst.attempts, unbounded });
  }
  return out;
}

function sites(c: LimitedCall): CallSite[] {
  return c.anchor === "client" ? c.uses : [c];
}

/** The caller's bounded calls that go over this edge. */
function callsOnEdge(d: Derivation, edge: GraphEdge, calls: readonly LimitedCall[], graph: ServiceGraph): Array<LimitedCall & { limit: { value: Measured } }> {
  const envs = new Set(edge.via.filter((v) => v.startsWith("env:")).map((v) => v.slice(4)));
  const evidence = new Set(edge.evidence.map((e) => `${e.file}:${e.line}`));
  const sameProtocol = graph.edges.filter((e) => e.from === edge.from && e.protocol === edge.protocol);
  return calls.filter((c): c is LimitedCall & { limit: { value: Measured } } => {
    if (c.service !== edge.from || c.protocol !== edge.protocol || !c.limit?.value) return false;
    const conn = d.connections.find((x) => x.file === c.file && ((x.line === c.line && x.column === c.column) || c.uses.some((u) => u.file === x.file && u.line === x.line)));
    if (evidence.has(`${c.file}:${c.line}`) || c.uses.some((u) => evidence.has(`${u.file}:${u.line}`))) return true;
    if (conn?.targets.some((t) => t.env && envs.has(t.env.name))) return true;
    // One edge of this protocol from the caller, and a target the code does not spell out: that edge.
    return sameProtocol.length === 1 && !!conn && conn.targets.every((t) => t.origin !== "literal" && !t.endpoint?.hosts.some((h) => h.host?.literal && h.host.text));
  });
}

/** Retries configured on the client a call goes through (axios-retry on the instance). */
function retriesOn(c: LimitedCall, retries: readonly RetrySite[]): number {
  const created = `${c.file}:${c.line}:${c.column}`;
  const r = retries.find((x) => x.file === c.file && (x.target === created || (x.target !== undefined && x.target === c.name)) && x.attempts !== undefined && Number.isFinite(x.attempts));
  return r?.attempts ?? 0;
}

/** Whether a site is reachable from the service's request handlers. */
function reachable(d: Derivation, service: string): (s: CallSite) => boolean {
  const files = d.byService.get(service) ?? [];
  const fns: Array<{ file: ModelFile; fn: FunctionFact }> = [];
  for (const f of files) for (const fn of d.scopes.of(f)!.functions) fns.push({ file: f, fn });
  const byName = new Map<string, Array<{ file: ModelFile; fn: FunctionFact }>>();
  for (const x of fns) if (x.fn.name) byName.set(lastSegment(x.fn.name), [...(byName.get(lastSegment(x.fn.name)) ?? []), x]);
  const seen = new Set<FunctionFact>();
  const registrations = new Map<ModelFile, CallFact[]>(files.map((f) => [f, d.scopes.of(f)!.calls.filter(registersHandler)]));
  const todo = fns.filter((x) => isHandler(x.file, x.fn, registrations.get(x.file) ?? []));
  while (todo.length) {
    const x = todo.pop()!;
    if (seen.has(x.fn)) continue;
    seen.add(x.fn);
    for (const c of d.scopes.of(x.file)!.callsWithin(x.fn.loc)) {
      for (const y of byName.get(lastSegment(c.callee)) ?? []) if (!seen.has(y.fn)) todo.push(y);
      for (const a of c.args) if (a.kind === "unknown") for (const y of byName.get(lastSegment(a.text)) ?? []) if (!seen.has(y.fn)) todo.push(y);
    }
  }
  const reached = [...seen];
  return (s) => reached.some((fn) => fn.loc.file === s.file && within(fn.loc, s));
}

/** Route handlers (`router.post("/x", fn)`, `mux.HandleFunc("GET /x", fn)`), gRPC service methods. */
function isHandler(file: ModelFile, fn: FunctionFact, registrations: CallFact[]): boolean {
  if (file.language === "go") {
    const [first, second] = fn.params;
    if (first?.type === "context.Context" && second?.type?.startsWith("*") && fn.params.length === 2) return true;
    if (fn.params.some((p) => p.type === "*http.Request")) return true;
  }
  return registrations.some((c) => within(c.loc, fn.loc));
}

/** A call that registers request handlers: a route with a path, or a gRPC `addService`. */
function registersHandler(c: CallFact): boolean {
  if (/(^|\.)addService$/.test(c.callee)) return true;
  const a0 = c.args[0];
  return ROUTE_METHODS.test(lastSegment(c.callee)) && c.args.length >= 2 && a0?.kind === "string" && /^(\/|[A-Z]+ \/)/.test(a0.value);
}

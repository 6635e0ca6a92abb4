/**
 * Builds `model.resilience` (see types.ts): the limits on every outbound HTTP and gRPC call, retry
 * settings and loops, and circuit breakers, from code facts and Istio manifests.
 */
import { ValueResolver, type Connection } from "../connections/index.js";
import type { EnvBinding } from "../env.js";
import type { ServiceGraph } from "../graph/types.js";
import type { ModelFile, Service } from "../types.js";
import { timeoutBudgets } from "./budget.js";
import { isCode, type Derivation } from "./context.js";
import { goHttpLimits } from "./go-http.js";
import { grpcLimits } from "./grpc.js";
import { Measurer } from "./measure.js";
import { meshBreakers, meshRetries } from "./mesh.js";
import { Policies } from "./policies.js";
import { libraryRetries, loopRetries } from "./retries.js";
import { Scopes } from "./scope.js";
import { tsHttpLimits } from "./ts-http.js";
import type { Resilience } from "./types.js";

export type { TimeoutBudget } from "./budget.js";
export type { BreakerUse, CallSite, Limit, LimitedCall, Measured, Resilience, RetrySite } from "./types.js";

export function collectResilience(files: readonly ModelFile[], services: readonly Service[], connections: readonly Connection[], env: readonly EnvBinding[], graph?: ServiceGraph): Resilience {
  const resolver = new ValueResolver(files, services);
  const scopes = new Scopes(files);
  const byService = new Map<string, ModelFile[]>();
  for (const f of files) {
    if (!isCode(f)) continue;
    const key = f.service ?? "";
    const list = byService.get(key);
    if (list) list.push(f);
    else byService.set(key, [f]);
  }
  const d: Derivation = { files, scopes, measurer: new Measurer(resolver, scopes, env), resolver, connections, byService };
  const policies = new Policies(d);
  const calls = [...tsHttpLimits(d, policies), ...goHttpLimits(d), ...grpcLimits(d, policies)];
  calls.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const retries = [...libraryRetries(d), ...loopRetries(d, calls), ...meshRetries(files)];
  const breakers = [...policies.breakers, ...meshBreakers(files)];
  return { calls, retries, breakers, budgets: timeoutBudgets(d, graph, calls, retries) };
}

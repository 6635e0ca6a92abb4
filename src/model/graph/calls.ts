/**
 * Edges from `model.connections` (the catalog of connecting calls, model/connections/): an HTTP,
 * gRPC or TCP client call whose target — a literal, or an env var set by the service's manifests
 * or defaulted in code — names another service of the repo. The call site is the first evidence.
 */
import type { Connection } from "../connections/index.js";
import type { EnvBinding } from "../env.js";
import { parseAddress, type HostResolver } from "./hosts.js";
import type { AddressEdge } from "./endpoints.js";
import { protocolOf } from "./endpoints.js";
import type { GraphEvidence } from "./types.js";

const KINDS = new Set(["http", "grpc", "websocket", "tcp"]);
const ROLES = new Set(["url", "address", "host"]);

export function callEdges(connections: readonly Connection[], env: Map<string, Map<string, EnvBinding[]>>, hosts: HostResolver): AddressEdge[] {
  const out: AddressEdge[] = [];
  for (const c of connections) {
    // NestJS client factories hold several transports in one call; nest.ts reads them per client.
    if (!c.service || c.isTest || !KINDS.has(c.kind) || c.library === "@nestjs/microservices") continue;
    const site: GraphEvidence = { file: c.file, line: c.line, column: c.column, message: `${c.service} connects with ${c.callee}` };
    for (const t of c.targets) {
      if (!ROLES.has(t.role)) continue;
      const candidates: Array<{ text: string; evidence: GraphEvidence[]; varName?: string }> = [];
      const bound = t.env ? (env.get(c.service)?.get(t.env.name) ?? []).filter((b) => b.value !== undefined) : [];
      for (const b of bound) candidates.push({ text: b.value!, evidence: b.chain, varName: t.env!.name });
      if (!bound.length && t.literal?.kind === "string") candidates.push({ text: t.literal.value, evidence: [], ...(t.env ? { varName: t.env.name } : {}) });
      for (const cand of candidates) {
        const addr = parseAddress(cand.text);
        const r = addr && hosts.resolveWithPort(addr);
        if (!addr || !r || r.service === c.service) continue;
        const protocol = c.kind === "grpc" ? "grpc" : c.kind === "tcp" ? protocolOf(addr, r, cand.varName) : "http";
        out.push({
          from: c.service,
          to: r.service,
          protocol,
          inferred: false,
          guessed: false,
          via: cand.varName ? `env:${cand.varName}` : `host:${addr.host}`,
          evidence: [site, ...t.chain, ...cand.evidence, ...r.evidence],
        });
      }
    }
  }
  return out;
}

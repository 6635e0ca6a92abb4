/**
 * Synchronous edges from addresses: an env var the service reads whose value in its manifests
 * names another service (`PAYMENTS_URL=http://payments.shop.svc.cluster.local:8080`), an env
 * default or literal address in code, and — from manifests alone — variables no parsed code reads
 * (`inferred`). Values are resolved by what they point at, never by the variable's name.
 */
import type { EnvReadFact, StringFact } from "../../extract/facts.js";
import type { EnvBinding } from "../env.js";
import type { ModelFile } from "../types.js";
import { parseAddress, type Address, type HostResolver, type Resolved } from "./hosts.js";
import type { EdgeProtocol, GraphEvidence } from "./types.js";

export interface AddressEdge {
  from: string;
  to: string;
  protocol: EdgeProtocol;
  inferred: boolean;
  /** The protocol is a guess (no scheme, no named port): a gRPC edge between the same two wins. */
  guessed: boolean;
  via: string;
  evidence: GraphEvidence[];
}

/** An address that names no service of the repo, kept for `archlint merge`. */
export interface AddressMiss {
  from: string;
  protocol: EdgeProtocol;
  host: string;
  evidence: GraphEvidence[];
}

const DATA_PORTS = new Set([5432, 3306, 6379, 27017, 9042, 11211, 9092, 4222, 5672, 2379, 9200, 26257]);
const CODE = new Set(["ts", "js", "go"]);
const ENV_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

export function protocolOf(addr: Address, r: Resolved | undefined, varName?: string): EdgeProtocol {
  const s = addr.scheme;
  if (s === "http" || s === "https" || s === "ws" || s === "wss") return "http";
  if (s === "grpc" || s === "grpcs" || s === "dns" || s === "xds") return "grpc";
  if (s) return "tcp";
  if (r?.portName && /grpc|h2c/i.test(r.portName)) return "grpc";
  if (r?.portName && /http|web/i.test(r.portName)) return "http";
  if (varName && /GRPC|RPC/i.test(varName)) return "grpc";
  if (addr.port !== undefined && DATA_PORTS.has(addr.port)) return "tcp";
  return "http";
}

export function addressEdges(
  files: readonly ModelFile[],
  env: readonly EnvBinding[],
  hosts: HostResolver,
): { edges: AddressEdge[]; misses: AddressMiss[] } {
  const edges: AddressEdge[] = [];
  const misses: AddressMiss[] = [];
  const reads = new Map<string, Map<string, EnvReadFact[]>>();
  const codeServices = new Set<string>();
  for (const f of files) {
    if (!f.service || f.isTest || !CODE.has(f.language)) continue;
    codeServices.add(f.service);
    const m = reads.get(f.service) ?? reads.set(f.service, new Map()).get(f.service)!;
    for (const fact of f.facts) {
      if (fact.kind === "env-read") m.set(fact.name, [...(m.get(fact.name) ?? []), fact]);
      // `required("PAYMENTS_URL")`, `getEnv("X", d)`: a helper handed the variable's name reads it.
      else if (fact.kind === "string" && fact.context.callee !== undefined && fact.context.argIndex === 0 && ENV_NAME.test(fact.value)) {
        m.set(fact.value, [...(m.get(fact.value) ?? []), { kind: "env-read", name: fact.value, loc: fact.loc }]);
      }
    }
  }

  const add = (from: string, text: string, varName: string | undefined, evidence: GraphEvidence[], inferred: boolean) => {
    const addr = parseAddress(text);
    if (!addr) return;
    const r = hosts.resolveWithPort(addr);
    const protocol = protocolOf(addr, r, varName);
    if (!r) {
      if (protocol === "http" || protocol === "grpc") misses.push({ from, protocol, host: addr.host, evidence });
      return;
    }
    if (r.service === from) return;
    const guessed = !addr.scheme && !r.portName;
    edges.push({ from, to: r.service, protocol, inferred, guessed, via: varName ? `env:${varName}` : `host:${addr.host}`, evidence: [...evidence, ...r.evidence] });
  };

  // Manifest values of variables, joined to the code that reads them.
  const bound = new Set<string>();
  for (const b of env) {
    if (b.value === undefined) continue;
    const codeReads = reads.get(b.service)?.get(b.name) ?? [];
    bound.add(`${b.service}\0${b.name}`);
    const evidence: GraphEvidence[] = [
      ...codeReads.slice(0, 3).map((r) => ({ file: r.loc.file, line: r.loc.line, column: r.loc.column, message: `${b.service} reads ${b.name}` })),
      ...b.chain,
    ];
    add(b.service, b.value, b.name, evidence, codeReads.length === 0);
  }
  // Defaults in code for variables no manifest sets, and literal addresses.
  for (const f of files) {
    if (!f.service || f.isTest || !CODE.has(f.language)) continue;
    for (const fact of f.facts) {
      if (fact.kind === "env-read" && fact.default?.kind === "string" && !fact.default.holes.length && !bound.has(`${f.service}\0${fact.name}`)) {
        add(f.service, fact.default.value, fact.name, [{ file: f.path, line: fact.loc.line, column: fact.loc.column, message: `${f.service} reads ${fact.name}, default "${fact.default.value}"` }], false);
      } else if (fact.kind === "string" && isLiteralAddress(fact)) {
        add(f.service, fact.value, undefined, [{ file: f.path, line: fact.loc.line, column: fact.loc.column, message: `${f.service} calls ${fact.value}` }], false);
      }
    }
  }
  return { edges, misses };
}

/** A whole string that is an address (not a default of an env read, which is handled with its variable). */
function isLiteralAddress(s: StringFact): boolean {
  if (s.holes.some((h) => h <= s.value.search(/[/?#]|$/))) return false;
  if (/^(0\.0\.0\.0|localhost|127\.|\[::\]|:)/.test(s.value)) return false;
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(s.value) || /^[a-z0-9][a-z0-9.-]*:\d{2,5}$/i.test(s.value);
}

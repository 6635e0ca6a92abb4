/**
 * The service call graph: who calls whom, over what, and the file:line evidence for every edge.
 * Plain JSON so `archlint graph` and `archlint facts` can print it as it is.
 */

/**
 * `grpc` and `http` are synchronous calls; `rpc` is another request/response transport (NestJS
 * TCP/NATS/Redis `send`, NATS request); `tcp` a plain connection to an in-repo workload (a cache or
 * database deployed with the system); `async` a publish that the target consumes.
 */
export type EdgeProtocol = "grpc" | "http" | "rpc" | "tcp" | "async";

export interface GraphEvidence {
  file: string;
  line: number;
  /** At call sites in code; manifests give lines only. */
  column?: number;
  message: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  protocol: EdgeProtocol;
  /** Drawn from manifests alone: no parsed code of `from` reads the variable that names `to`. */
  inferred: boolean;
  /** What ties the two ends: proto services, subjects/topics, env vars, hosts. Sorted. */
  via: string[];
  /** Sorted by file, line. The first entry is the call site (or the manifest line for inferred edges). */
  evidence: GraphEvidence[];
}

/**
 * A call whose target could not be tied to a service of this repo: kept by name so `archlint merge`
 * can join it with another repo's facts (a proto service, a subject, a host).
 */
export interface UnresolvedCall {
  from: string;
  protocol: EdgeProtocol;
  /** `grpc:shop.orders.v1.OrdersService`, `subject:orders.confirmed`, `host:payments`. */
  target: string;
  evidence: GraphEvidence[];
}

/** What a service offers that another repo's unresolved calls can join to. */
export interface ProvidedEndpoint {
  service: string;
  /** `grpc:…`, `subject:…` (for consumers), `host:…` (Kubernetes Service / compose names). */
  target: string;
  evidence: GraphEvidence[];
}

export interface ServiceGraph {
  edges: GraphEdge[];
  unresolved: UnresolvedCall[];
  provided: ProvidedEndpoint[];
}

export const isSync = (p: EdgeProtocol): boolean => p !== "async";

/** Code-unit order of two strings (locale-free, so output is the same everywhere). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the service call graph from the model: gRPC (client ⨝ server by proto service),
 * addresses (env values, defaults, literals → Kubernetes Service / compose / Ingress → service),
 * and messages (publisher ⨝ consumer by subject). Edges between the same two services over the
 * same protocol merge; each keeps every piece of evidence, the call site first.
 */
import type { Connection } from "../connections/index.js";
import type { EnvBinding } from "../env.js";
import type { ChartValues } from "../k8s-values.js";
import { callEdges } from "./calls.js";
import type { ModelFile, Service } from "../types.js";
import { addressEdges } from "./endpoints.js";
import { HostResolver, parseAddress } from "./hosts.js";
import { messageEnds, subjectMatches } from "./messaging.js";
import { nestClients } from "./nest.js";
import { ProtoIndex, rpcEnds } from "./rpc.js";
import { cmp, type EdgeProtocol, type GraphEdge, type GraphEvidence, type ProvidedEndpoint, type ServiceGraph, type UnresolvedCall } from "./types.js";
import { Constants, envByService, stringsOf, type ValueContext } from "./values.js";

export function buildGraph(input: { files: ModelFile[]; services: Service[]; env: EnvBinding[]; connections?: Connection[]; charts?: ChartValues }): ServiceGraph {
  const edges = new Map<string, GraphEdge>();
  const unresolved: UnresolvedCall[] = [];
  const provided: ProvidedEndpoint[] = [];
  const add = (from: string, to: string, protocol: EdgeProtocol, inferred: boolean, via: string, evidence: GraphEvidence[]) => {
    if (from === to) return;
    const key = `${from}\0${to}\0${protocol}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, protocol, inferred, via: [], evidence: [] }));
    e.inferred &&= inferred;
    if (!e.via.includes(via)) e.via.push(via);
    e.evidence.push(...evidence);
  };

  const constants = new Constants(input.files);
  const envOf = envByService(input.env);
  const ctxs = new Map<string, ValueContext>();
  const valueCtx = (service: string): ValueContext => {
    let c = ctxs.get(service);
    if (!c) ctxs.set(service, (c = { constants, env: envOf.get(service) ?? new Map() }));
    return c;
  };
  const hosts = new HostResolver(input, input.charts);

  // gRPC: a client of X calls the service that serves X.
  const protos = new ProtoIndex(input.files);
  const ends = rpcEnds(input.files, protos);
  const servers = ends.filter((e) => e.role === "server");
  for (const s of servers) provided.push({ service: s.service, target: `grpc:${s.fullName ?? s.name}`, evidence: [{ file: s.file, line: s.line, message: s.message }] });
  for (const c of ends.filter((e) => e.role === "client")) {
    const match = servers.filter((s) => s.name === c.name && (!s.fullName || !c.fullName || s.fullName === c.fullName) && s.service !== c.service);
    let targets = [...new Set(match.map((s) => s.service))];
    if (targets.length > 1) {
      // Several services serve it: the address the client dials decides, or no edge is drawn.
      const dialled = new Set(stringsOf(c.address, valueCtx(c.service)).flatMap((r) => {
        const a = parseAddress(r.text);
        const hit = a && hosts.resolve(a);
        return hit ? [hit.service] : [];
      }));
      targets = targets.filter((t) => dialled.has(t));
    }
    const name = c.fullName ?? c.name;
    const proto = c.fullName ? protos.get(c.fullName) : undefined;
    if (!targets.length) {
      unresolved.push({ from: c.service, protocol: "grpc", target: `grpc:${name}`, evidence: [{ file: c.file, line: c.line, message: c.message }] });
      continue;
    }
    for (const t of targets) {
      const evidence: GraphEvidence[] = [{ file: c.file, line: c.line, column: c.column, message: c.message }];
      for (const s of match.filter((x) => x.service === t)) evidence.push({ file: s.file, line: s.line, message: s.message });
      if (proto) evidence.push({ file: proto.loc.file, line: proto.loc.line, message: `proto service ${proto.fullName}` });
      add(c.service, t, "grpc", false, `grpc:${name}`, evidence);
    }
  }

  // Connecting calls (model/connections) first, so their call sites lead the evidence; then
  // addresses in env values, env defaults and literals that no catalogued call shows.
  const { edges: addr, misses } = addressEdges(input.files, input.env, hosts);
  for (const e of [...callEdges(input.connections ?? [], envOf, hosts), ...addr]) {
    const protocol = e.guessed && edges.has(`${e.from}\0${e.to}\0grpc`) ? "grpc" : e.protocol;
    add(e.from, e.to, protocol, e.inferred, e.via, e.evidence);
  }
  for (const n of nestClients(input.files, valueCtx)) {
    const a = parseAddress(n.address);
    const r = a && hosts.resolve(a);
    const evidence: GraphEvidence[] = [{ file: n.file, line: n.line, column: n.column, message: `${n.service} creates a NestJS ${n.protocol === "grpc" ? "gRPC" : "TCP"} client for ${n.address}` }];
    if (r && r.service !== n.service) add(n.service, r.service, n.protocol, false, n.env ? `env:${n.env}` : `host:${a.host}`, [...evidence, ...r.evidence]);
    else if (a && !r) unresolved.push({ from: n.service, protocol: n.protocol, target: `host:${a.host}`, evidence });
  }
  for (const m of misses) unresolved.push({ from: m.from, protocol: m.protocol, target: `host:${m.host}`, evidence: m.evidence });
  for (const s of input.services) for (const w of s.workloads) provided.push({ service: s.name, target: `host:${w.name}`, evidence: [{ file: w.file, line: w.line, message: `${w.kind} ${w.name}` }] });
  for (const k of hosts.serviceNames()) provided.push({ service: k.service, target: `host:${k.name}`, evidence: [{ file: k.file, line: k.line, message: `Kubernetes Service ${k.name}` }] });

  // Messages: a publish reaches every other service that consumes the subject.
  const msgs = messageEnds(input.files, valueCtx);
  const subs = msgs.filter((m) => m.role === "sub");
  for (const s of subs) provided.push({ service: s.service, target: `subject:${s.subject}`, evidence: [{ file: s.file, line: s.line, message: s.message }, ...s.evidence] });
  for (const p of msgs.filter((m) => m.role === "pub")) {
    const hits = subs.filter((s) => s.service !== p.service && s.sync === p.sync && subjectMatches(s.subject, p.subject));
    const pubEvidence: GraphEvidence[] = [{ file: p.file, line: p.line, column: p.column, message: p.message }, ...p.evidence];
    if (!hits.length) unresolved.push({ from: p.service, protocol: p.sync ? "rpc" : "async", target: `subject:${p.subject}`, evidence: pubEvidence });
    for (const s of hits) {
      add(p.service, s.service, p.sync ? "rpc" : "async", false, `subject:${p.subject}`, [...pubEvidence, { file: s.file, line: s.line, message: s.message }, ...s.evidence]);
    }
  }

  const list = [...edges.values()].map((e) => ({ ...e, via: e.via.sort(), evidence: dedupe(e.evidence) }));
  list.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.protocol, b.protocol));
  unresolved.sort((a, b) => cmp(a.from, b.from) || cmp(a.target, b.target) || cmp(a.evidence[0]?.file ?? "", b.evidence[0]?.file ?? "") || (a.evidence[0]?.line ?? 0) - (b.evidence[0]?.line ?? 0));
  provided.sort((a, b) => cmp(a.service, b.service) || cmp(a.target, b.target));
  return { edges: list, unresolved: uniqueBy(unresolved, (u) => `${u.from}\0${u.target}\0${u.evidence[0]?.file}:${u.evidence[0]?.line}`), provided: uniqueBy(provided, (p) => `${p.service}\0${p.target}`) };
}

/** Same file:line once; the first piece (the call site) stays first, the rest in file order. */
function dedupe(evidence: GraphEvidence[]): GraphEvidence[] {
  const seen = new Set<string>();
  const out = evidence.filter((e) => {
    const k = `${e.file}:${e.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const [first, ...rest] = out;
  rest.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
  return first ? [first, ...rest] : [];
}

function uniqueBy<T>(list: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Joins the facts of several repos into one: file paths get the repo's name in front, services
 * with one name become one, and each repo's unresolved calls are tied to what another repo
 * provides (a proto service it serves, a subject it consumes, a host its workloads answer on).
 * The result has the shape of one repo's facts, so merges can be merged again.
 */
import { subjectMatches } from "../model/graph/messaging.js";
import { cmp, type GraphEdge, type GraphEvidence, type ProvidedEndpoint, type UnresolvedCall } from "../model/graph/types.js";
import type { TableRow } from "../model/tables/index.js";
import type { GraphService } from "../model/graph/document.js";
import { FACTS_FORMAT, FACTS_VERSION, type FactsFile } from "./facts.js";
import { version } from "../version.js";

export function mergeFacts(files: FactsFile[], repo = "merged"): FactsFile {
  const services = new Map<string, GraphService>();
  const edges = new Map<string, GraphEdge>();
  const provided: Array<ProvidedEndpoint & { repo: string }> = [];
  const unresolved: Array<UnresolvedCall & { repo: string }> = [];
  const out: FactsFile = { format: FACTS_FORMAT, version: FACTS_VERSION, tool: { name: "archlint", version }, repo, services: [], edges: [], unresolved: [], provided: [], datastores: [], tables: [] };
  const addEdge = (e: GraphEdge) => {
    if (e.from === e.to) return;
    const key = `${e.from}\0${e.to}\0${e.protocol}`;
    const have = edges.get(key);
    if (!have) edges.set(key, { ...e, via: [...e.via], evidence: [...e.evidence] });
    else {
      have.inferred &&= e.inferred;
      for (const v of e.via) if (!have.via.includes(v)) have.via.push(v);
      have.evidence.push(...e.evidence);
    }
  };
  for (const f of files) {
    const p = prefixed(f, f.repo);
    for (const s of p.services) {
      const have = services.get(s.name);
      if (!have) services.set(s.name, { ...s });
      else {
        have.paths = [...new Set([...have.paths, ...s.paths])].sort();
        have.manifests = [...new Set([...have.manifests, ...s.manifests])].sort();
        have.language = [...new Set([...have.language.split("+"), ...s.language.split("+")].filter(Boolean))].sort().join("+");
      }
    }
    p.edges.forEach(addEdge);
    for (const x of p.provided) provided.push({ ...x, repo: f.repo });
    for (const x of p.unresolved) unresolved.push({ ...x, repo: f.repo });
    out.datastores.push(...p.datastores);
    out.tables = mergeTables(out.tables, p.tables);
  }
  for (const u of unresolved) {
    const hits = provided.filter((p) => p.service !== u.from && joins(u.target, p.target));
    if (!hits.length) {
      const { repo: _r, ...rest } = u;
      out.unresolved.push(rest);
      continue;
    }
    for (const h of hits) {
      const evidence: GraphEvidence[] = [...u.evidence, ...h.evidence];
      addEdge({ from: u.from, to: h.service, protocol: u.protocol, inferred: false, via: [u.target], evidence });
    }
  }
  out.services = [...services.values()].sort((a, b) => cmp(a.name, b.name));
  out.edges = [...edges.values()].map((e) => ({ ...e, via: e.via.sort() })).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.protocol, b.protocol));
  out.provided = provided.map(({ repo: _r, ...rest }) => rest).sort((a, b) => cmp(a.service, b.service) || cmp(a.target, b.target));
  return out;
}

/** Whether an unresolved call's target is what a provided endpoint offers. */
export function joins(call: string, offer: string): boolean {
  const [ck, cv] = split(call);
  const [ok, ov] = split(offer);
  if (ck !== ok) return false;
  if (ck === "grpc") {
    if (cv === ov) return true;
    const short = (s: string) => s.slice(s.lastIndexOf(".") + 1);
    return short(cv) === short(ov) && (!cv.includes(".") || !ov.includes("."));
  }
  if (ck === "subject") return subjectMatches(ov, cv);
  if (ck === "host") {
    const labels = cv.split(".");
    const name = labels.length === 1 || labels.length === 2 || labels[2] === "svc" ? labels[0] : undefined;
    return name === ov;
  }
  return false;
}

function split(t: string): [string, string] {
  const i = t.indexOf(":");
  return [t.slice(0, i), t.slice(i + 1)];
}

/** Puts `repo/` in front of every file path, so findings say which repo they are in. */
function prefixed(f: FactsFile, repo: string): FactsFile {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") {
      if (key === "file") return `${repo}/${v}`;
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key === "manifests" || key === "paths" ? key : undefined)).map((x) => (typeof x === "string" && (key === "manifests" || key === "paths") ? (x === "." ? repo : `${repo}/${x}`) : x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(f) as FactsFile;
}

function mergeTables(a: TableRow[], b: TableRow[]): TableRow[] {
  const byKey = new Map(a.map((r) => [`${r.table}\0${r.database ?? ""}`, r]));
  for (const r of b) {
    const key = `${r.table}\0${r.database ?? ""}`;
    const have = byKey.get(key);
    if (!have) byKey.set(key, { ...r });
    else byKey.set(key, { ...have, writers: union(have.writers, r.writers), readers: union(have.readers, r.readers), statements: [...have.statements, ...r.statements] });
  }
  return [...byKey.values()].sort((x, y) => cmp(x.table, y.table) || cmp(x.database ?? "", y.database ?? ""));
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

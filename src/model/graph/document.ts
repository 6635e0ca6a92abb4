/**
 * The graph as `archlint graph` prints it and `archlint facts` stores it: services with their
 * language, folders and manifests; edges with evidence; synchronous cycles. Sorted, so two runs on
 * the same input give the same bytes.
 */
import type { Model } from "../types.js";
import { stronglyConnected } from "./cycles.js";
import { isSync, type GraphEdge, type ServiceGraph } from "./types.js";

export interface GraphService {
  name: string;
  /** `ts`, `js`, `go`, several joined with `+`, or `""` when the service has no parsed code. */
  language: string;
  paths: string[];
  /** `file:line` of what declares the service: package.json, go.mod, Dockerfile, workloads. */
  manifests: string[];
}

export interface GraphDocument {
  services: GraphService[];
  edges: GraphEdge[];
  /** Strongly connected components of the synchronous edges (each sorted). */
  cycles: string[][];
}

const CODE = new Set(["ts", "js", "go"]);

export function graphServices(model: Pick<Model, "services" | "files">): GraphService[] {
  const langs = new Map<string, Set<string>>();
  for (const f of model.files) {
    if (!f.service || f.isTest || !CODE.has(f.language)) continue;
    (langs.get(f.service) ?? langs.set(f.service, new Set()).get(f.service)!).add(f.language);
  }
  return model.services.map((s) => ({
    name: s.name,
    language: [...(langs.get(s.name) ?? [])].sort().join("+"),
    paths: s.root !== undefined ? [s.root === "" ? "." : s.root] : [],
    manifests: [...new Set([...s.evidence.map((e) => `${e.file}:${e.line}`), ...s.workloads.map((w) => `${w.file}:${w.line}`)])].sort(),
  }));
}

export function graphDocument(services: GraphService[], graph: Pick<ServiceGraph, "edges">): GraphDocument {
  const sorted = [...services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    services: sorted,
    edges: graph.edges,
    cycles: stronglyConnected(
      sorted.map((s) => s.name),
      graph.edges.filter((e) => isSync(e.protocol)),
    ),
  };
}

/**
 * `archlint facts`: the model of one repo as versioned JSON — services, call-graph edges, calls
 * whose target is not in this repo (kept by name: a proto service, a subject, a host), what the
 * repo provides for other repos to call, datastores and table access. `archlint merge` joins
 * several such files. Paths are relative to the repo's root.
 */
import { maskSecretsDeep } from "../model/datastores/dsn.js";
import type { DatastoreUse } from "../model/datastores/index.js";
import { graphServices, type GraphService } from "../model/graph/document.js";
import type { GraphEdge, ProvidedEndpoint, UnresolvedCall } from "../model/graph/types.js";
import type { TableRow } from "../model/tables/index.js";
import type { Model } from "../model/types.js";
import { version } from "../version.js";

export const FACTS_FORMAT = "archlint-facts";
/** Bump when a field changes meaning or goes away; adding a field keeps the version. */
export const FACTS_VERSION = 1;

export interface FactsFile {
  format: typeof FACTS_FORMAT;
  version: number;
  tool: { name: "archlint"; version: string };
  /** The repo's name (its folder name unless `--repo` says otherwise). */
  repo: string;
  services: GraphService[];
  edges: GraphEdge[];
  unresolved: UnresolvedCall[];
  provided: ProvidedEndpoint[];
  datastores: DatastoreUse[];
  tables: TableRow[];
}

export class FactsFileError extends Error {}

/** The repo's facts; passwords in URLs and `password=` pairs are masked, as in every output. */
export function factsOf(model: Model, repo: string): FactsFile {
  const graph = model.graph ?? { edges: [], unresolved: [], provided: [] };
  return maskSecretsDeep({
    format: FACTS_FORMAT,
    version: FACTS_VERSION,
    tool: { name: "archlint", version },
    repo,
    services: graphServices(model),
    edges: graph.edges,
    unresolved: graph.unresolved,
    provided: graph.provided,
    datastores: model.datastores ?? [],
    tables: model.tables ?? [],
  } satisfies FactsFile);
}

/** Checks a parsed facts file's shape and version; `source` names it in errors. */
export function readFacts(data: unknown, source: string): FactsFile {
  const f = data as Partial<FactsFile> | null;
  if (!f || typeof f !== "object" || f.format !== FACTS_FORMAT) throw new FactsFileError(`${source}: not an archlint facts file (no "format": "${FACTS_FORMAT}")`);
  if (typeof f.version !== "number" || f.version > FACTS_VERSION) {
    throw new FactsFileError(`${source}: facts format version ${String(f.version)} is newer than this archlint understands (${FACTS_VERSION}); upgrade archlint`);
  }
  if (typeof f.repo !== "string" || !f.repo) throw new FactsFileError(`${source}: "repo" is missing`);
  for (const key of ["services", "edges", "unresolved", "provided", "datastores", "tables"] as const) {
    if (!Array.isArray(f[key])) throw new FactsFileError(`${source}: "${key}" must be a list`);
  }
  return f as FactsFile;
}

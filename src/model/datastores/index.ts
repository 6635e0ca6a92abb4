import { HELM_PLACEHOLDER } from "../../extract/yaml/index.js";
import type { Connection } from "../connections/index.js";
import type { EnvBinding } from "../env.js";
import type { ModelFile, Service } from "../types.js";
import { configSpecs } from "./config-files.js";
import { specsFromConnections, type ConnectionSpec } from "./from-connections.js";
import { isLoopback, normalizeHost, parseDsn, type ParsedDsn, type StoreKind } from "./dsn.js";
import { hasRef, hasUnknown, isRefOnly, resolveTemplate, Tokens, type ChainStep, type EnvScope } from "./resolve.js";

export type { StoreKind } from "./dsn.js";

/** One store one service talks to in one deployment environment, and how the scan knows. */
export interface DatastoreUse {
  service: string;
  /** `kubernetes`, `compose:<file>`, or `local` for a service no manifest deploys. */
  environment: string;
  /** The workload (`k8s:Deployment/inventory`, `compose:inventory`) or `code`. */
  target: string;
  kind: StoreKind;
  library: string;
  /** Normalised `host:port` of each endpoint (a replica list has several), sorted. */
  endpoints: string[];
  /** Database / schema name, or the Redis db index; absent when not known. */
  database?: string;
  /** Same value ⇒ same server (instance). */
  instanceKey: string;
  /** Same value ⇒ same database on that server (same Redis keyspace). */
  databaseKey?: string;
  /** `MySQL mysql-main.data:3306`, with identities in place of values the repo does not hold. */
  instanceLabel: string;
  /** Where the service connects (the client call, or the config line). */
  file: string;
  line: number;
  column: number;
  /** How the target was resolved: call site, env entries, ConfigMap keys, code defaults. */
  chain: ChainStep[];
  /** ConfigMap and Secret keys the settings come from, user and password included. */
  sources: string[];
  /** Some part of the target is known only by the identity of its source (a Secret key). */
  byIdentity: boolean;
}

const KIND_NAMES: Record<StoreKind, string> = { mysql: "MySQL", postgresql: "PostgreSQL", mongodb: "MongoDB", redis: "Redis", sqlserver: "SQL Server" };
export const kindName = (k: StoreKind) => KIND_NAMES[k];

/**
 * Which store each service really talks to, per deployment target: every connecting call (and
 * config-file datasource) of the service, its settings resolved through env to literals,
 * ConfigMap values or Secret identities. Targets that cannot be resolved are left out: the rules
 * never guess.
 */
export function collectDatastores(files: ModelFile[], services: Service[], env: EnvBinding[], connections: readonly Connection[]): DatastoreUse[] {
  const specs = specsFromConnections(connections, files);
  for (const f of files) {
    if (!f.service || f.isTest) continue;
    const found = configSpecs(f);
    if (found.length) specs.set(f.service, [...(specs.get(f.service) ?? []), ...found]);
  }
  const namespaces = workloadNamespaces(files);
  const tokens = new Tokens();
  const out: DatastoreUse[] = [];
  for (const svc of services) {
    const list = specs.get(svc.name);
    if (!list) continue;
    for (const scope of scopes(svc, env, namespaces)) {
      for (const spec of list) {
        const use = resolveUse(svc.name, spec, scope.scope, scope.environment, tokens);
        if (use) out.push(use);
      }
    }
  }
  return out.sort((a, b) => cmp(a.service, b.service) || cmp(a.environment, b.environment) || cmp(a.target, b.target) || cmp(a.file, b.file) || a.line - b.line);
}

function scopes(svc: Service, env: EnvBinding[], namespaces: Map<string, string>): Array<{ scope: EnvScope; environment: string }> {
  const mine = env.filter((b) => b.service === svc.name);
  const out: Array<{ scope: EnvScope; environment: string }> = [];
  const seen = new Set<string>();
  for (const w of svc.workloads) {
    const compose = w.kind === "compose";
    const target = compose ? `compose:${w.name}` : `k8s:${w.kind}/${w.name}`;
    if (seen.has(target)) continue;
    seen.add(target);
    const bindings = mine.filter((b) => b.target === target || b.target.startsWith(`${target}/`));
    const namespace = compose ? undefined : namespaces.get(`${w.kind}/${w.name}`);
    const label = compose ? `compose service ${w.name} (${w.file})` : `${w.kind} ${w.name}`;
    out.push({ environment: compose ? `compose:${w.file}` : "kubernetes", scope: { target, label, compose, ...(namespace ? { namespace } : {}), lookup: lookupIn(bindings) } });
  }
  if (out.length === 0) {
    const bindings = mine.filter((b) => b.target.startsWith("env-file:"));
    out.push({ environment: "local", scope: { target: "code", label: "any manifest", compose: false, lookup: lookupIn(bindings) } });
  }
  return out;
}

/** The last binding of a name wins, as in Kubernetes and compose. */
function lookupIn(bindings: EnvBinding[]): (name: string) => EnvBinding | undefined {
  const m = new Map<string, EnvBinding>();
  for (const b of bindings) m.set(b.name, b);
  return (name) => m.get(name);
}

function workloadNamespaces(files: ModelFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) for (const fact of f.facts) if (fact.kind === "manifest" && fact.format === "k8s" && fact.namespace) out.set(`${fact.resourceKind}/${fact.name}`, fact.namespace);
  return out;
}

function resolveUse(service: string, spec: ConnectionSpec, scope: EnvScope, environment: string, tokens: Tokens): DatastoreUse | undefined {
  const chain: ChainStep[] = [{ file: spec.loc.file, line: spec.loc.line, message: `${service} connects here (${spec.library})` }];
  const sources: string[] = [];
  const r = (t: ConnectionSpec["url"]) => {
    if (!t) return undefined;
    const x = resolveTemplate(t, scope, tokens);
    chain.push(...x.chain);
    sources.push(...x.sources);
    return x.text;
  };
  let parsed: ParsedDsn | undefined;
  const url = r(spec.url);
  if (url !== undefined) {
    if (isRefOnly(url) && spec.kind) {
      // The whole connection string is one Secret/ConfigMap key: the key is the store's identity.
      parsed = { kind: spec.kind, endpoints: [{ host: url, port: 0 }], database: url };
    } else parsed = parseDsn(url, spec.kind);
  } else if (spec.addr) {
    const addr = r(spec.addr);
    parsed = addr !== undefined ? parseDsn(addr, spec.kind) : undefined;
    const db = r(spec.database);
    if (parsed && db !== undefined) parsed.database = db;
  } else if (spec.host && spec.kind) {
    const host = r(spec.host)!;
    const port = r(spec.port);
    parsed = parseDsn(port !== undefined ? `${host}:${port}` : host, spec.kind);
    const db = r(spec.database);
    if (parsed) {
      if (db !== undefined) parsed.database = db;
      else delete parsed.database;
    }
  }
  r(spec.user);
  r(spec.password);
  if (!parsed || parsed.endpoints.length === 0) return undefined;
  const endpoints: string[] = [];
  for (const ep of parsed.endpoints) {
    if (hasUnknown(ep.host) || isLoopback(ep.host)) return undefined;
    // A bare in-cluster name in a namespace only Helm knows: which Service it is stays open.
    if (scope.namespace?.includes(HELM_PLACEHOLDER) && /^[a-z0-9_-]+$/.test(ep.host) && !hasRef(ep.host)) return undefined;
    const host = hasRef(ep.host) ? ep.host : normalizeHost(ep.host, scope.namespace);
    endpoints.push(ep.port ? `${host}:${ep.port}` : host);
  }
  endpoints.sort();
  const database = parsed.database !== undefined && !hasUnknown(parsed.database) && parsed.database !== "" ? parsed.database : undefined;
  const instanceKey = `${environment}|${parsed.kind}|${endpoints.join(",")}`;
  const byIdentity = endpoints.some(hasRef) || (database !== undefined && hasRef(database));
  const use: DatastoreUse = {
    service, environment, target: scope.target, kind: parsed.kind, library: spec.library, endpoints,
    instanceKey, instanceLabel: `${kindName(parsed.kind)} ${tokens.describe(endpoints.join(","))}`,
    file: spec.loc.file, line: spec.loc.line, column: spec.loc.column,
    chain: dedupe(chain), sources: [...new Set(sources)].sort(), byIdentity,
  };
  if (database !== undefined) {
    use.database = tokens.describe(database);
    use.databaseKey = `${instanceKey}/${database}`;
  }
  return use;
}

function dedupe(chain: ChainStep[]): ChainStep[] {
  const seen = new Set<string>();
  return chain.filter((c) => {
    const k = `${c.file}:${c.line}:${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

import { HELM_PLACEHOLDER, isHelmTemplatePath } from "../../extract/yaml/index.js";
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
  const roots = new Map(services.map((s) => [s.name, s.root]));
  for (const [svc, list] of specs) specs.set(svc, list.filter((s) => !isSamplePath(s.loc.file, roots.get(svc))));
  for (const f of files) {
    if (!f.service || f.isTest || isSamplePath(f.path, roots.get(f.service))) continue;
    const found = configSpecs(f);
    if (found.length) specs.set(f.service, [...(specs.get(f.service) ?? []), ...found]);
  }
  const namespaces = workloadNamespaces(files);
  const testFiles = new Set(files.filter((f) => f.isTest).map((f) => f.path));
  const tokens = new Tokens();
  const out: DatastoreUse[] = [];
  for (const svc of services) {
    const list = specs.get(svc.name);
    if (!list) continue;
    for (const scope of scopes(svc, env, namespaces, testFiles)) {
      for (const spec of list) {
        // One use per schema of a multi-schema Prisma datasource: two services share a schema, or only the database.
        for (const schema of spec.schemas ?? [undefined]) {
          const use = resolveUse(svc.name, spec, scope.scope, scope.environment, tokens, schema);
          if (use) out.push(use);
        }
      }
    }
  }
  return out.sort((a, b) => cmp(a.service, b.service) || cmp(a.environment, b.environment) || cmp(a.target, b.target) || cmp(a.file, b.file) || a.line - b.line);
}

/**
 * Code under `examples/`, `samples/` or `docs/` shows how to use a library or service; it is never
 * deployed, so two examples that both default to `postgres://db:5432/example` share nothing real.
 */
const SAMPLE_DIR = /^(examples?|samples?|docs?|documentation)$/i;
function isSamplePath(path: string, serviceRoot: string | undefined): boolean {
  const parts = path.split("/").slice(0, -1);
  // A service that is itself named so (`services/docs`, a documentation API) is not a sample.
  const own = serviceRoot ? serviceRoot.split("/").length - 1 : -1;
  return parts.some((p, i) => SAMPLE_DIR.test(p) && i !== own);
}

const TEST_COMPOSE = /(^|[.\-_])(test|tests|testing|ci|e2e|it|integration)([.\-_]|$)/i;

function scopes(svc: Service, env: EnvBinding[], namespaces: Map<string, string>, testFiles: ReadonlySet<string>): Array<{ scope: EnvScope; environment: string }> {
  const mine = env.filter((b) => b.service === svc.name);
  const out: Array<{ scope: EnvScope; environment: string }> = [];
  const seen = new Set<string>();
  for (const w of svc.workloads) {
    const compose = w.kind === "compose";
    // A compose file for tests or CI (`docker-compose.test.yml`, `test/docker-compose.yml`) starts throwaway stores.
    if (compose && (testFiles.has(w.file) || TEST_COMPOSE.test(w.file.slice(w.file.lastIndexOf("/") + 1)))) continue;
    const target = compose ? `compose:${w.name}` : `k8s:${w.kind}/${w.name}`;
    // Each compose file is its own environment. A Helm chart's Deployment is one way to deploy the
    // service, plain manifests of the same name (or another chart's) another: their env is never
    // merged. Plain manifests of one name do merge (a kustomize base and its patches).
    const group = compose ? w.file : chartOf(w.file);
    if (seen.has(`${target}|${group}`)) continue;
    seen.add(`${target}|${group}`);
    const bindings = mine.filter((b) => (b.target === target || b.target.startsWith(`${target}/`)) && (compose ? b.manifest === w.file : chartOf(b.manifest ?? b.file) === group));
    const namespace = compose ? undefined : namespaces.get(`${w.kind}/${w.name}`);
    const label = compose ? `compose service ${w.name} (${w.file})` : `${w.kind} ${w.name}`;
    out.push({ environment: compose ? `compose:${w.file}` : "kubernetes", scope: { target, label, compose, ...(namespace ? { namespace } : {}), lookup: lookupIn(bindings, compose) } });
  }
  if (out.length === 0) {
    const bindings = mine.filter((b) => b.target.startsWith("env-file:"));
    out.push({ environment: "local", scope: { target: "code", label: "any manifest", compose: false, lookup: lookupIn(bindings) } });
  }
  return out;
}

/** The chart folder of a Helm template (`charts/shop` of `charts/shop/templates/a.yaml`), else "". */
function chartOf(path: string): string {
  if (!isHelmTemplatePath(path)) return "";
  const at = path.lastIndexOf("/templates/");
  return at < 0 ? "" : path.slice(0, at);
}

/**
 * The last binding of a name wins, as in Kubernetes and compose, within one file. Plain manifests
 * of one workload in several files (a kustomize base, its overlays' and components' patches) are
 * alternatives the scan cannot choose between: when they give a name different values, its value
 * is unknown.
 */
function lookupIn(bindings: EnvBinding[], compose = true): (name: string) => EnvBinding | undefined {
  const m = new Map<string, EnvBinding>();
  const byFile = new Map<string, Map<string, EnvBinding>>();
  for (const b of bindings) {
    m.set(b.name, b);
    if (compose) continue;
    const f = byFile.get(b.file) ?? new Map<string, EnvBinding>();
    f.set(b.name, b);
    byFile.set(b.file, f);
  }
  if (byFile.size > 1) {
    for (const [name, last] of m) {
      const per = [...byFile.values()].flatMap((f) => (f.has(name) ? [f.get(name)!] : []));
      const what = (b: EnvBinding) => `${b.value ?? ""}\0${JSON.stringify(b.source)}`;
      if (new Set(per.map(what)).size < 2) continue;
      const files = [...new Set(per.map((b) => b.file))].sort();
      m.set(name, { ...last, value: undefined, source: { kind: "unknown" }, chain: [{ file: last.file, line: last.line, message: `${name} is set differently in ${files.join(" and ")}: which applies depends on the overlay` }] });
    }
  }
  return (name) => m.get(name);
}

function workloadNamespaces(files: ModelFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) for (const fact of f.facts) if (fact.kind === "manifest" && fact.format === "k8s" && fact.namespace) out.set(`${fact.resourceKind}/${fact.name}`, fact.namespace);
  return out;
}

function resolveUse(service: string, spec: ConnectionSpec, scope: EnvScope, environment: string, tokens: Tokens, schema?: string): DatastoreUse | undefined {
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
  if (schema !== undefined) {
    // MySQL calls its databases schemas; elsewhere a schema lives in the URL's database (`public` is the database itself).
    const catalog = parsed.catalog ?? parsed.database;
    if (parsed.kind === "mysql") parsed.database = schema;
    else if (catalog !== undefined) parsed.database = schema === "public" ? catalog : `${catalog}.${schema}`;
  }
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

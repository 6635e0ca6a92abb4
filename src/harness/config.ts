/**
 * Loads a harness YAML: parse, validate against schema/harness.schema.json, then resolve what the
 * schema cannot say (references between sections, paths, manifest-derived expectations). Every
 * problem is one HarnessConfigError line naming the file and the key.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { load } from "js-yaml";
import { extractYaml } from "../extract/yaml/index.js";
import { HarnessConfigError } from "./errors.js";
import { readWorkload, type ManifestRef, type WorkloadFacts } from "./manifest.js";
import { findMethod, loadProto, serviceMethods } from "./upstream/grpc-load.js";
import { firstSchemaProblem, isMapping, type SchemaNode } from "./schema-check.js";
import {
  checkIds,
  type CheckSpecs,
  type DependencySpec,
  type DeriveFrom,
  type HarnessConfig,
  type ProbeSpec,
  type ReadyCheck,
  type RequestSpec,
  type ServiceSpec,
} from "./types.js";

export const DEFAULT_HARNESS_FILE = "harness.yaml";
const DEFAULT_READY_TIMEOUT_MS = 10_000;
const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

let schemaCache: SchemaNode | undefined;
/** The shipped schema; `../../schema` from both `src/harness` (tests) and `dist/harness`. */
export function harnessSchema(): SchemaNode {
  schemaCache ??= JSON.parse(readFileSync(new URL("../../schema/harness.schema.json", import.meta.url), "utf8")) as SchemaNode;
  return schemaCache;
}

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shape checked by the schema first

export function loadHarnessConfig(path: string): HarnessConfig {
  const file = resolve(path);
  if (!existsSync(file)) throw new HarnessConfigError(`harness file not found: ${path}`);
  if (!statSync(file).isFile()) throw new HarnessConfigError(`${path}: not a file (name the harness YAML inside it)`);
  const text = readFileSync(file, "utf8");
  let data: unknown;
  try {
    data = load(text);
  } catch (err) {
    const line = (err as { mark?: { line: number } }).mark?.line;
    const reason = (err as { reason?: string }).reason ?? (err as Error).message.split("\n")[0];
    throw new HarnessConfigError(`${path}${line !== undefined ? `:${line + 1}` : ""}: invalid YAML: ${reason}`);
  }
  const problem = firstSchemaProblem(data ?? {}, harnessSchema());
  if (problem) throw new HarnessConfigError(`${path}: ${problem}`);
  return buildConfig(data as Raw, file, path, text);
}

function buildConfig(raw: Raw, file: string, shown: string, text: string): HarnessConfig {
  const dir = dirname(file);
  const fail = (where: string, what: string): never => {
    throw new HarnessConfigError(`${shown}: ${where}: ${what}`);
  };
  const service = buildService(raw.service, dir, fail);
  const dependencies = ((raw.dependencies ?? []) as Raw[]).map((d, i) => buildDependency(d, i, dir, fail));
  const depNames = new Set<string>();
  for (const d of dependencies) {
    if (depNames.has(d.name)) fail(`dependencies`, `'${d.name}' is listed twice`);
    depNames.add(d.name);
  }
  const requests = new Map<string, RequestSpec>();
  ((raw.requests ?? []) as Raw[]).forEach((r, i) => {
    const req = buildRequest(r, `requests[${i}]`, dir, fail);
    if (!depNames.has(req.dependency)) fail(`requests[${i}].dependency`, `no dependency named '${req.dependency}'`);
    if (requests.has(req.name)) fail(`requests[${i}].name`, `'${req.name}' is used twice`);
    requests.set(req.name, req);
  });
  placeholders(service, requests, fail);
  const checks = buildChecks(raw.checks as Raw, { dir, service, requests, depNames, dependencies, fail });
  if (Object.keys(checks).length === 0) fail("checks", `name at least one of ${checkIds.join(", ")}`);

  const lines: HarnessConfig["checkLines"] = {};
  const fact = extractYaml(shown, text).facts.find((f) => f.kind === "manifest");
  if (fact && fact.kind === "manifest") {
    for (const id of checkIds) if (fact.lines[`checks.${id}`] !== undefined) lines[id] = fact.lines[`checks.${id}`];
  }
  return {
    file,
    dir,
    service,
    dependencies,
    requests,
    checks,
    checkLines: lines,
    checkTimeoutMs: (raw.checkTimeoutMs as number | undefined) ?? DEFAULT_CHECK_TIMEOUT_MS,
  };
}

type Fail = (where: string, what: string) => never;

/**
 * `${NAME}` is expanded only from service.ports (session.ts), so any other name would reach the
 * service or the driver as written and fail at run time as a confusing inconclusive verdict.
 */
function placeholders(service: ServiceSpec, requests: Map<string, RequestSpec>, fail: Fail): void {
  const check = (text: string, where: string) => {
    for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      if (!service.ports.includes(m[1]!)) fail(where, `'\${${m[1]}}' is not one of service.ports (${service.ports.join(", ") || "none"}); only port variables are expanded`);
    }
  };
  service.args.forEach((a, i) => check(a, `service.args[${i}]`));
  for (const [k, v] of Object.entries(service.env)) check(v, `service.env.${k}`);
  check(service.ready.kind === "http" ? service.ready.url : service.ready.address, `service.ready.${service.ready.kind}`);
  [...requests.values()].forEach((r, i) => check(r.kind === "http" ? r.url : r.address, `requests[${i}].${r.kind === "http" ? "http.url" : "grpc.address"}`));
}

function buildService(s: Raw, dir: string, fail: Fail): ServiceSpec {
  const ready = s.ready as Raw;
  const kinds = (["http", "tcp", "grpc"] as const).filter((k) => ready[k] !== undefined);
  if (kinds.length !== 1) fail("service.ready", "name exactly one of http, tcp, grpc");
  const kind = kinds[0]!;
  const timeoutMs = (ready.timeoutMs as number | undefined) ?? DEFAULT_READY_TIMEOUT_MS;
  const readyCheck: ReadyCheck = kind === "http" ? { kind, url: ready.http, timeoutMs } : { kind, address: ready[kind], timeoutMs };
  const env = Object.fromEntries(Object.entries((s.env ?? {}) as Raw).map(([k, v]) => [k, String(v)]));
  const cwd = resolve(dir, (s.cwd as string | undefined) ?? ".");
  if (!existsSync(cwd)) fail("service.cwd", `folder not found: ${s.cwd}`);
  return {
    name: (s.name as string | undefined) ?? "service",
    command: s.command,
    args: (s.args ?? []) as string[],
    cwd,
    env,
    ports: (s.ports ?? []) as string[],
    ready: readyCheck,
  };
}

function buildDependency(d: Raw, i: number, dir: string, fail: Fail): DependencySpec {
  const protocol = d.protocol as DependencySpec["protocol"];
  const dep: DependencySpec = {
    name: d.name,
    env: d.env,
    protocol,
    format: (d.format as string | undefined) ?? (protocol === "http" ? "http://{host}:{port}" : "{host}:{port}"),
    response: { status: (d.response?.status as number | undefined) ?? 200, body: d.response?.body ?? {} },
  };
  if (d.upstream !== undefined) {
    if (!/^[^\s:]+:\d{1,5}$/.test(d.upstream)) fail(`dependencies[${i}].upstream`, `must be host:port, got '${d.upstream}'`);
    dep.upstream = d.upstream;
  } else if (protocol === "grpc") {
    if (!d.proto || !d.service) fail(`dependencies[${i}]`, "a fake gRPC upstream needs proto and service");
    dep.proto = existing(dir, d.proto, `dependencies[${i}].proto`, fail);
    dep.grpcService = d.service;
    const where = `dependencies[${i}].service`;
    inFile(where, fail, () => serviceMethods(loadProto(dep.proto!), d.service, where));
  }
  return dep;
}

function buildRequest(r: Raw, where: string, dir: string, fail: Fail): RequestSpec {
  if ((r.http === undefined) === (r.grpc === undefined)) fail(where, "name exactly one of http, grpc");
  if (r.http) {
    const h = r.http as Raw;
    const body = h.body === undefined ? undefined : typeof h.body === "string" ? h.body : JSON.stringify(h.body);
    const headers = { ...((h.headers ?? {}) as Record<string, string>) };
    if (body !== undefined && typeof h.body !== "string" && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json";
    }
    return { name: r.name, dependency: r.dependency, kind: "http", method: (h.method as string | undefined) ?? "GET", url: h.url, headers, ...(body !== undefined ? { body } : {}) };
  }
  const g = r.grpc as Raw;
  const proto = existing(dir, g.proto, `${where}.grpc.proto`, fail);
  inFile(`${where}.grpc.method`, fail, () => findMethod(loadProto(proto), g.method, `${where}.grpc.method`));
  return {
    name: r.name,
    dependency: r.dependency,
    kind: "grpc",
    address: g.address,
    proto,
    method: g.method,
    request: g.request ?? {},
    deadlineMs: (g.deadlineMs as number | undefined) ?? 5000,
  };
}

interface Ctx {
  dir: string;
  service: ServiceSpec;
  requests: Map<string, RequestSpec>;
  depNames: Set<string>;
  dependencies: DependencySpec[];
  fail: Fail;
}

function buildChecks(c: Raw, ctx: Ctx): CheckSpecs {
  const { fail } = ctx;
  const req = (id: string, name: unknown): string => {
    if (!ctx.requests.has(String(name))) fail(`checks.${id}.request`, `no request named '${String(name)}'`);
    return String(name);
  };
  const out: CheckSpecs = {};
  if (c.timeout) {
    const t = c.timeout as Raw;
    const request = req("timeout", t.request);
    const from = deriveFrom(t, "timeout", ["timeoutMs"], request, ctx);
    if (t.timeoutMs === undefined && !from) fail("checks.timeout", "name timeoutMs, or from: { source } to derive it from the code");
    out.timeout = { request, timeoutMs: t.timeoutMs ?? 0, slackMs: t.slackMs ?? 250, factor: t.factor ?? 5, ...(from ? { from } : {}) };
  }
  if (c.retry) {
    const r = c.retry as Raw;
    if (r.nonIdempotentRequest !== undefined) req("retry", r.nonIdempotentRequest);
    const request = req("retry", r.request);
    const from = deriveFrom(r, "retry", ["maxAttempts", "backoff", "jitter"], request, ctx);
    if (r.maxAttempts === undefined && !from) fail("checks.retry", "name maxAttempts, or from: { source } to derive it from the code");
    out.retry = {
      request,
      ...(from ? { from } : {}),
      maxAttempts: r.maxAttempts ?? 0,
      backoff: r.backoff ?? "exponential",
      jitter: r.jitter ?? false,
      ...(r.nonIdempotentRequest !== undefined ? { nonIdempotentRequest: r.nonIdempotentRequest } : {}),
      retryNonIdempotent: r.retryNonIdempotent ?? false,
      fault: r.fault ?? "unavailable",
      samples: r.samples ?? 4,
    };
  }
  if (c["circuit-breaker"]) {
    const b = c["circuit-breaker"] as Raw;
    const request = req("circuit-breaker", b.request);
    const from = deriveFrom(b, "circuit-breaker", ["failureThreshold", "halfOpenAfterMs"], request, ctx);
    if ((b.failureThreshold === undefined || b.halfOpenAfterMs === undefined) && !from) fail("checks.circuit-breaker", "name failureThreshold and halfOpenAfterMs, or from: { source } to derive them from the code");
    out["circuit-breaker"] = { request, failureThreshold: b.failureThreshold ?? 0, halfOpenAfterMs: b.halfOpenAfterMs ?? 0, openLatencyMs: b.openLatencyMs ?? 50, ...(from ? { from } : {}) };
  }
  if (c.probes) {
    const p = c.probes as Raw;
    const w = p.manifest ? workload(p.manifest as Raw, "checks.probes.manifest", ctx) : undefined;
    const deps = (p.dependencies ?? []) as string[];
    for (const d of deps) if (!ctx.depNames.has(d)) fail("checks.probes.dependencies", `no dependency named '${d}'`);
    const spec = {
      liveness: probe(p.liveness, "checks.probes.liveness", ctx) ?? w?.liveness,
      readiness: probe(p.readiness, "checks.probes.readiness", ctx) ?? w?.readiness,
      startup: probe(p.startup, "checks.probes.startup", ctx) ?? w?.startup,
      dependencies: deps,
      source: w ? w.source : "harness YAML",
    };
    if (!spec.liveness && !spec.readiness && !spec.startup) fail("checks.probes", "no probe declared (liveness, readiness, startup or a manifest that has them)");
    out.probes = spec;
  }
  if (c["graceful-shutdown"]) {
    const g = c["graceful-shutdown"] as Raw;
    const w = g.manifest ? workload(g.manifest as Raw, "checks.graceful-shutdown.manifest", ctx) : undefined;
    const grace = (g.terminationGracePeriodSeconds as number | undefined) ?? w?.terminationGracePeriodSeconds;
    if (grace === undefined) fail("checks.graceful-shutdown", "needs terminationGracePeriodSeconds or a manifest");
    out["graceful-shutdown"] = {
      request: req("graceful-shutdown", g.request),
      terminationGracePeriodSeconds: grace!,
      readiness: probe(g.readiness, "checks.graceful-shutdown.readiness", ctx) ?? w?.readiness,
      inFlight: g.inFlight ?? 2,
      holdMs: g.holdMs ?? 400,
      source: w ? w.source : "harness YAML",
    };
  }
  if (c["deadline-propagation"]) {
    const d = c["deadline-propagation"] as Raw;
    const name = req("deadline-propagation", d.request);
    const r = ctx.requests.get(name)!;
    if (r.kind !== "grpc") fail("checks.deadline-propagation.request", `'${name}' must be a grpc request (deadlines travel in grpc-timeout)`);
    out["deadline-propagation"] = { request: name, deadlineMs: d.deadlineMs ?? (r.kind === "grpc" ? r.deadlineMs : 1000) };
  }
  return out;
}

/** `from:` of a check: the source folder must exist; the env var defaults to the request's dependency's. */
function deriveFrom(check: Raw, id: string, keys: string[], request: string, ctx: Ctx): DeriveFrom | undefined {
  const f = check.from as Raw | undefined;
  if (!f) return undefined;
  const source = resolve(ctx.dir, f.source as string);
  const where = `checks.${id}.from.source`;
  if (!existsSync(source)) ctx.fail(where, `folder not found: ${f.source}`);
  // The code read must belong to the harness file's tree (a harness file in a PR must not make CI
  // read other folders of the machine), also when a symlink on the way points elsewhere.
  const home = realpathSync(ctx.dir);
  const outside = (p: string) => {
    const r = relative(home, p);
    return r === ".." || r.startsWith("../") || r.startsWith("..\\") || isAbsolute(r);
  };
  if (outside(resolve(home, f.source as string))) ctx.fail(where, `'${f.source}' is outside the harness file's folder (${home}); put the harness file at or above the service's folder`);
  const real = realpathSync(source);
  if (outside(real)) ctx.fail(where, `'${f.source}' leads outside the harness file's folder through a symlink (to ${real})`);
  if (!statSync(real).isDirectory()) ctx.fail(where, `not a folder: ${f.source}`);
  const dep = ctx.requests.get(request)!.dependency;
  const env = (f.env as string | undefined) ?? ctx.dependencies.find((d) => d.name === dep)!.env;
  return { source, shown: String(f.source).replace(/\/+$/, ""), env, ...(f.call ? { call: f.call as string } : {}), explicit: keys.filter((k) => check[k] !== undefined) };
}

function workload(m: Raw, where: string, ctx: Ctx): WorkloadFacts {
  const file = existing(ctx.dir, m.file, `${where}.file`, ctx.fail);
  const defaultPortVar = ctx.service.ports[0];
  if (!defaultPortVar && !m.ports) ctx.fail(where, "needs service.ports (or manifest.ports) to call the probes");
  for (const [name, v] of Object.entries((m.ports ?? {}) as Record<string, string>)) portVar(v, `${where}.ports.${name}`, ctx);
  const ref: ManifestRef = { file, workload: m.workload, container: m.container, ports: m.ports ?? {}, defaultPortVar: defaultPortVar ?? "" };
  try {
    return readWorkload(ref, relative(process.cwd(), file).split("\\").join("/") || file);
  } catch (err) {
    // The manifest's own problem (`k8s/x.yaml:5: invalid YAML: …`), under the key that names it.
    if (err instanceof HarnessConfigError) ctx.fail(where, err.message);
    throw err;
  }
}

function probe(p: Raw | undefined, where: string, ctx: Ctx): ProbeSpec | undefined {
  if (!p) return undefined;
  const kinds = (["http", "tcp", "grpc"] as const).filter((k) => p[k] !== undefined);
  if (kinds.length !== 1) ctx.fail(where, "name exactly one of http, tcp, grpc");
  return {
    kind: kinds[0]!,
    path: kinds[0] === "tcp" ? "" : String(p[kinds[0]!]),
    port: typeof p.port === "number" ? String(p.port) : portVar(p.port, `${where}.port`, ctx),
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

function portVar(v: string, where: string, ctx: Ctx): string {
  if (!/^\d+$/.test(v) && !ctx.service.ports.includes(v)) ctx.fail(where, `'${v}' is not one of service.ports (${ctx.service.ports.join(", ") || "none"})`);
  return v;
}

/** Run a proto lookup whose errors start with `where: `, and report them as this file's. */
function inFile(where: string, fail: Fail, lookup: () => unknown): void {
  try {
    lookup();
  } catch (err) {
    if (err instanceof HarnessConfigError) fail(where, err.message.replace(`${where}: `, ""));
    throw err;
  }
}

/** `written` resolved against the harness file's folder; the error shows it as written. */
function existing(dir: string, written: string, where: string, fail: Fail): string {
  const path = resolve(dir, written);
  if (!existsSync(path)) fail(where, `file not found: ${written}`);
  if (!statSync(path).isFile()) fail(where, `not a file: ${written}`);
  return path;
}

/** `${NAME}` → value; unknown names are left as they are. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) => vars[name] ?? m);
}

export { isMapping };

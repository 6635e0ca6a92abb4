/**
 * "Derive from config" for the timeout and retry checks: build archlint's static model of the
 * service's source folder (discover → extract → model; the code is read, never run), pick the
 * outgoing calls to one dependency (by the env var its address comes from, optionally narrowed to
 * a callee, client or function), and take the declared timeout and retry settings from them, each
 * with the file:line it is declared at. No value, or values that disagree, is a config error:
 * the harness does not guess what the code means.
 */
import { join, relative } from "node:path";
import { loadConfig } from "../config/load.js";
import { discover } from "../discover/index.js";
import { extractAll } from "../extract/pool.js";
import { buildModel } from "../model/build.js";
import type { LimitedCall } from "../model/resilience/index.js";
import { Scopes } from "../model/resilience/scope.js";
import type { Model } from "../model/types.js";
import { breakerOf, type BreakerDecl } from "./derive-breaker.js";
import { retryOf, type Declared, type RetryDecl } from "./derive-retry.js";
import { HarnessConfigError } from "./errors.js";
import type { CheckId, DeriveFrom, HarnessConfig } from "./types.js";

const models = new Map<string, Promise<Model>>();

/** The model of one folder, built once per process. */
export function modelOf(source: string): Promise<Model> {
  let m = models.get(source);
  if (!m) {
    m = (async () => {
      const { config } = loadConfig(source);
      const discovery = await discover(source, config);
      // One lane: the harness is not in a hurry, and worker threads would outlive nothing useful.
      const facts = await extractAll(discovery, { maxFileBytes: config.maxFileBytes, concurrency: 1 });
      return buildModel(discovery, facts, config);
    })();
    models.set(source, m);
  }
  return m;
}

/** Fill in every derived expectation of the selected checks; throws HarnessConfigError. */
export async function deriveExpectations(config: HarnessConfig, ids: readonly CheckId[]): Promise<void> {
  const shown = relative(process.cwd(), config.file).split("\\").join("/") || config.file;
  const t = config.checks.timeout;
  // A check whose YAML names every value derives nothing (and so cannot fail on the code).
  const all = (from: DeriveFrom, keys: readonly string[]) => keys.every((k) => from.explicit.includes(k));
  if (t?.from && ids.includes("timeout")) {
    if (all(t.from, ["timeoutMs"])) t.declaredAt = { timeoutMs: "harness YAML" };
    else {
      const d = await deriveTimeout(t.from, `${shown}: checks.timeout.from`);
      t.timeoutMs = d.ms;
      t.declaredAt = { timeoutMs: d.at };
    }
  }
  const r = config.checks.retry;
  if (r?.from && ids.includes("retry") && !all(r.from, ["maxAttempts", "backoff", "jitter"])) {
    const explicit = new Set(r.from.explicit);
    const d = await deriveRetry(r.from, `${shown}: checks.retry.from`, explicit);
    r.declaredAt = fill(r, d, ["maxAttempts", "backoff", "jitter"], explicit);
  }
  const b = config.checks["circuit-breaker"];
  if (b?.from && ids.includes("circuit-breaker") && !all(b.from, ["failureThreshold", "halfOpenAfterMs"])) {
    const explicit = new Set(b.from.explicit);
    const d = await deriveBreaker(b.from, `${shown}: checks.circuit-breaker.from`, explicit);
    b.declaredAt = fill(b, d, ["failureThreshold", "halfOpenAfterMs"], explicit);
  }
}

/** Copy the derived values the YAML does not set into the spec; where each one comes from. */
function fill(spec: object, decl: object, keys: readonly string[], explicit: ReadonlySet<string>): Record<string, string> {
  const at: Record<string, string> = {};
  for (const key of keys) {
    if (explicit.has(key)) at[key] = "harness YAML";
    else {
      const got = (decl as Decl)[key]!;
      (spec as Record<string, unknown>)[key] = got.value;
      at[key] = got.at;
    }
  }
  return at;
}

export interface DerivedTimeout {
  ms: number;
  /** `file:line` where the number is written, relative to the harness YAML's folder. */
  at: string;
}

export async function deriveTimeout(from: DeriveFrom, where: string): Promise<DerivedTimeout> {
  const { calls } = await selectCalls(from, where);
  const values = new Map<number, string>();
  for (const c of calls) {
    const v = c.limit?.value;
    if (!v) {
      const what = c.limit ? `its limit (${c.limit.note}) has no duration the scan can read` : "nothing bounds it";
      throw new HarnessConfigError(`${where}: ${c.callee} at ${at(from, c.file, c.line)} has no declared timeout (${what}); name timeoutMs instead`);
    }
    if (!values.has(v.ms)) values.set(v.ms, at(from, v.file, v.line));
  }
  if (values.size > 1) {
    const list = [...values].map(([ms, a]) => `${ms} ms (${a})`).join(", ");
    throw new HarnessConfigError(`${where}: calls to ${from.env} declare different timeouts: ${list}; narrow them with from.call, or name timeoutMs`);
  }
  const [ms, a] = [...values][0]!;
  return { ms, at: a };
}

export async function deriveRetry(from: DeriveFrom, where: string, explicit: ReadonlySet<string> = new Set()): Promise<RetryDecl> {
  const { calls, model } = await selectCalls(from, where);
  const scopes = new Scopes(model.files);
  const decls: Array<{ call: LimitedCall; decl: RetryDecl | string }> = [];
  for (const c of calls) decls.push({ call: c, decl: await retryOf(model, scopes, c, (file, line) => at(from, file, line)) });
  return agree(from, where, decls, ["maxAttempts", "backoff", "jitter"], explicit, "retry ", () => undefined);
}

export async function deriveBreaker(from: DeriveFrom, where: string, explicit: ReadonlySet<string> = new Set()): Promise<BreakerDecl> {
  const { calls, model } = await selectCalls(from, where);
  const scopes = new Scopes(model.files);
  const decls = calls.map((c) => ({ call: c, decl: breakerOf(model, scopes, c, (file, line) => at(from, file, line)) }));
  return agree(from, where, decls, ["failureThreshold", "halfOpenAfterMs"], explicit, "breaker ", (d, key) => (d as BreakerDecl).why[key]);
}

type Decl = Partial<Record<string, Declared<unknown>>>;

/**
 * One declaration for all the selected calls: each call must have one (else its reason is the
 * error), and every key the YAML does not set must have a value, the same for every call.
 */
function agree<D extends object>(from: DeriveFrom, where: string, decls: Array<{ call: LimitedCall; decl: D | string }>, keys: readonly string[], explicit: ReadonlySet<string>, what: string, why: (d: D, key: string) => string | undefined): D {
  const seen = (c: LimitedCall) => `${c.callee} at ${at(from, c.file, c.line)}`;
  const missing = decls.find((d) => typeof d.decl === "string");
  if (missing) throw new HarnessConfigError(`${where}: ${seen(missing.call)}: ${missing.decl as string}`);
  const found = decls as Array<{ call: LimitedCall; decl: D }>;
  const value = (d: D, key: string) => (d as unknown as Decl)[key];
  for (const key of keys) {
    if (explicit.has(key)) continue;
    const first = found[0]!;
    const v = value(first.decl, key);
    if (!v) throw new HarnessConfigError(`${where}: ${seen(first.call)}: ${why(first.decl, key) ?? `the code does not say its ${what}${key}`}; name ${key} instead`);
    const other = found.find((d) => value(d.decl, key)?.value !== v.value);
    if (other) {
      throw new HarnessConfigError(`${where}: calls to ${from.env} disagree on ${what}${key}: ${String(v.value)} (${v.at}) and ${String(value(other.decl, key)?.value ?? "none")} (${seen(other.call)}); narrow them with from.call, or name ${key}`);
    }
  }
  return found[0]!.decl;
}

/** The service's non-test calls whose target comes from `from.env` (and match `from.call`). */
async function selectCalls(from: DeriveFrom, where: string): Promise<{ calls: LimitedCall[]; model: Model }> {
  let model: Model;
  try {
    model = await modelOf(from.source);
  } catch (err) {
    throw new HarnessConfigError(`${where}: cannot read ${from.shown}: ${String((err as Error)?.message ?? err).split("\n")[0]}`);
  }
  const all = (model.resilience?.calls ?? []).filter((c) => !c.isTest);
  const conns = model.connections ?? [];
  const scopes = new Scopes(model.files);
  const sites = (c: LimitedCall) => (c.anchor === "client" ? [c, ...c.uses] : [c]);
  const toDep = all.filter((c) =>
    conns.some((x) => sites(c).some((s) => s.file === x.file && s.line === x.line && s.column === x.column) && x.targets.some((t) => t.env?.name === from.env)),
  );
  if (toDep.length === 0) {
    throw new HarnessConfigError(`${where}: no outgoing call in ${from.shown} takes its address from ${from.env} (${all.length} outgoing call${all.length === 1 ? "" : "s"} seen); set from.env`);
  }
  if (!from.call) return { calls: toDep, model };
  const name = from.call;
  const enclosing = (c: LimitedCall) => scopes.of(c.file)?.enclosing(c).map((f) => f.name) ?? [];
  const calls = toDep.filter((c) => c.callee === name || c.name === name || enclosing(c).includes(name));
  if (calls.length === 0) {
    const have = toDep.map((c) => `${c.callee} in ${enclosing(c)[0] || "top level"} (${at(from, c.file, c.line)})`).join(", ");
    throw new HarnessConfigError(`${where}: no call to ${from.env} matches call '${name}' (have: ${have})`);
  }
  return { calls, model };
}

/** A model path (relative to the source folder) as seen from the harness YAML's folder. */
function at(from: DeriveFrom, file: string, line: number): string {
  return `${join(from.shown, file).split("\\").join("/")}:${line}`;
}

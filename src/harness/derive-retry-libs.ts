/**
 * Retry libraries that wrap the function an outgoing call sits in: p-retry (`pRetry(fn, { retries
 * })`), async-retry (`retry(async (bail) => …, { retries, factor, randomize })`) and a cockatiel
 * `retry(handleAll, { maxAttempts, backoff })` policy whose `execute` (directly or through
 * `wrap(…)`) runs it. Each library counts retries; the harness counts attempts, the first one
 * included, so attempts = retries + 1 (cockatiel's `maxAttempts: 3` makes 4 calls, verified).
 * Defaults are the libraries' own, said so in the `at` text.
 */
import type { CallFact, FunctionFact, Value } from "../extract/facts.js";
import { ValueResolver } from "../model/connections/index.js";
import { importsOf, lastSegment } from "../model/resilience/context.js";
import type { Scopes } from "../model/resilience/scope.js";
import type { Model, ModelFile } from "../model/types.js";
import { cockatielPolicy } from "./derive-breaker.js";
import type { RetryDecl } from "./derive-retry.js";

type At = (file: string, line: number) => string;
type Site = { file: string; line: number; column: number };

/** p-retry and async-retry both pass their options to `retry` (node-retry); they differ in `randomize`. */
const NODE_RETRY = { retries: 10, factor: 2 };
const RANDOMIZE_DEFAULT: Record<string, boolean> = { "p-retry": false, "async-retry": true };
/** cockatiel's ExponentialBackoff uses decorrelatedJitterGenerator unless told otherwise. */
const GENERATOR_JITTER: Record<string, boolean> = { noJitterGenerator: false, decorrelatedJitterGenerator: true, fullJitterGenerator: true, halfJitterGenerator: true };

/** The retry library setting around `site`, undefined when none wraps it, or why it cannot be read. */
export function libraryRetryOf(model: Model, scopes: Scopes, site: Site, at: At): RetryDecl | string | undefined {
  const scope = scopes.of(site.file);
  const file = scopes.byPath.get(site.file);
  if (!scope || !file) return undefined;
  const imports = importsOf(file);
  const resolver = new ValueResolver(model.files, model.services);
  const moduleOf = (callee: string) => {
    const imp = imports.get(callee.split(".")[0]!);
    if (!imp) return undefined;
    const fn = callee.includes(".") ? lastSegment(callee) : imp.imported === "default" || imp.imported === "*" ? "default" : imp.imported;
    return { module: imp.module, fn };
  };
  for (const fn of scope.enclosing(site)) {
    const exec = fn.argOf ? /^(.+)\.execute$/.exec(fn.argOf) : null;
    // `retry` as imported from cockatiel, whatever it is called here (`retry as retryPolicy`).
    const isRetry = (callee: string) => {
      const m = moduleOf(callee);
      return m?.module === "cockatiel" && m.fn === "retry";
    };
    const policy = exec ? cockatielPolicy(scope.calls, exec[1]!, isRetry) : undefined;
    if (policy) return readCockatiel(resolver, scopes, file, policy, at);
    const wrapper = scope.calls.find((c) => {
      const m = moduleOf(c.callee);
      return m !== undefined && m.fn === "default" && (m.module === "p-retry" || m.module === "async-retry") && wraps(c.args[0], fn);
    });
    if (wrapper) return readNodeRetry(resolver, file, wrapper, moduleOf(wrapper.callee)!.module, at);
  }
  return undefined;
}

/** `pRetry(fn, …)`: `fn` by name, or the inline function itself. */
function wraps(arg: Value | undefined, fn: FunctionFact): boolean {
  if (!arg) return false;
  if (arg.kind === "unknown" && fn.name !== "" && lastSegment(arg.text) === lastSegment(fn.name)) return true;
  return arg.loc.line === fn.loc.line && arg.loc.column === fn.loc.column;
}

function number(resolver: ValueResolver, file: ModelFile, v: Value | undefined): { value: number; line: number; file: string } | "unreadable" | undefined {
  if (!v) return undefined;
  const r = resolver.resolve(file, v).value;
  if (r.kind === "number") return { value: r.value, line: r.loc.line, file: r.loc.file };
  if (r.kind === "unknown" && /^(Infinity|Number\.POSITIVE_INFINITY)$/.test(r.text)) return { value: Infinity, line: r.loc.line, file: r.loc.file };
  return "unreadable";
}

function readNodeRetry(resolver: ValueResolver, file: ModelFile, call: CallFact, library: string, at: At): RetryDecl | string {
  const where = at(file.path, call.loc.line);
  const optsArg = call.args[1];
  const opts = optsArg ? resolver.resolve(file, optsArg).value : undefined;
  if (optsArg && opts?.kind !== "object") return `the options of the ${library} call at ${where} are not readable; name maxAttempts, backoff and jitter`;
  const props = opts?.kind === "object" ? opts.props : {};
  const dflt = (what: string) => `${where} (${library}'s default ${what})`;
  const forever = props.forever ? resolver.resolve(file, props.forever).value : undefined;
  if (forever?.kind === "boolean" && forever.value) return `${library} at ${where} has forever: true: it never gives up; name maxAttempts if a bound is meant`;
  const retries = number(resolver, file, props.retries);
  if (retries === "unreadable") return `${library} at ${where} has no retry count the scan can read; name maxAttempts`;
  if (retries && !Number.isFinite(retries.value)) return `${library} at ${where} has retries: Infinity: it never gives up; name maxAttempts if a bound is meant`;
  const out: RetryDecl = {
    maxAttempts: retries ? { value: retries.value + 1, at: at(retries.file, retries.line) } : { value: NODE_RETRY.retries + 1, at: dflt(`retries: ${NODE_RETRY.retries}`) },
  };
  const factor = number(resolver, file, props.factor);
  if (factor !== "unreadable") {
    const f = factor?.value ?? NODE_RETRY.factor;
    out.backoff = { value: f > 1 ? "exponential" : "constant", at: factor ? at(factor.file, factor.line) : dflt(`factor: ${NODE_RETRY.factor}`) };
  }
  const randomize = props.randomize ? resolver.resolve(file, props.randomize).value : undefined;
  if (!props.randomize) out.jitter = { value: RANDOMIZE_DEFAULT[library]!, at: dflt(`randomize: ${RANDOMIZE_DEFAULT[library]}`) };
  else if (randomize?.kind === "boolean") out.jitter = { value: randomize.value, at: at(randomize.loc.file, randomize.loc.line) };
  return out;
}

function readCockatiel(resolver: ValueResolver, scopes: Scopes, file: ModelFile, call: CallFact, at: At): RetryDecl | string {
  const where = at(file.path, call.loc.line);
  const optsArg = call.args[1];
  const opts = optsArg ? resolver.resolve(file, optsArg).value : undefined;
  if (optsArg && opts?.kind !== "object") return `the options of the cockatiel retry policy at ${where} are not readable; name maxAttempts, backoff and jitter`;
  const props = opts?.kind === "object" ? opts.props : {};
  const max = number(resolver, file, props.maxAttempts);
  if (max === undefined) return `the cockatiel retry policy at ${where} has no maxAttempts: cockatiel then retries forever; name maxAttempts if a bound is meant`;
  if (max === "unreadable") return `the cockatiel retry policy at ${where} has no maxAttempts the scan can read; name maxAttempts`;
  if (!Number.isFinite(max.value)) return `the cockatiel retry policy at ${where} has maxAttempts: Infinity: it never gives up; name maxAttempts if a bound is meant`;
  const out: RetryDecl = { maxAttempts: { value: max.value + 1, at: at(max.file, max.line) } };
  if (!props.backoff) {
    // No backoff: cockatiel retries at once (ConstantBackoff(0)).
    out.backoff = { value: "none", at: `${where} (no backoff: cockatiel retries at once)` };
    out.jitter = { value: false, at: `${where} (no backoff)` };
    return out;
  }
  const b = resolver.resolve(file, props.backoff).value;
  const made = b.kind === "call" ? scopes.callOf(b.loc) : undefined;
  const kind = made ? lastSegment(made.callee) : undefined;
  if (!made || !kind) return out;
  const bAt = at(made.loc.file, made.loc.line);
  if (kind === "ConstantBackoff") {
    out.backoff = { value: "constant", at: bAt };
    out.jitter = { value: false, at: bAt };
  } else if (kind === "ExponentialBackoff") {
    out.backoff = { value: "exponential", at: bAt };
    const o = made.args[0] ? resolver.resolve(scopes.byPath.get(made.loc.file) ?? file, made.args[0]).value : undefined;
    const gen = o?.kind === "object" ? o.props.generator : undefined;
    if (!gen) out.jitter = { value: true, at: `${bAt} (ExponentialBackoff's default decorrelatedJitterGenerator)` };
    else if (gen.kind === "unknown" && GENERATOR_JITTER[lastSegment(gen.text)] !== undefined) out.jitter = { value: GENERATOR_JITTER[lastSegment(gen.text)]!, at: at(gen.loc.file, gen.loc.line) };
  }
  return out;
}

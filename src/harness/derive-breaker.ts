/**
 * The circuit breaker declared around one outgoing call, from the model's facts: a cockatiel
 * `circuitBreaker(…)` whose `execute` (directly, or through `wrap(…)`) runs the function the call
 * sits in, or an opossum `new CircuitBreaker(fn, …)` wrapping that function. The harness's breaker
 * check counts consecutive failed requests, so only a cockatiel `ConsecutiveBreaker(n)` gives a
 * threshold; the half-open delay is cockatiel's `halfOpenAfter` or opossum's `resetTimeout`.
 */
import type { CallFact, Value } from "../extract/facts.js";
import { ValueResolver } from "../model/connections/index.js";
import type { LimitedCall } from "../model/resilience/index.js";
import type { Scopes } from "../model/resilience/scope.js";
import type { Model, ModelFile } from "../model/types.js";
import type { Declared } from "./derive-retry.js";

export interface BreakerDecl {
  failureThreshold?: Declared<number>;
  halfOpenAfterMs?: Declared<number>;
  /** Why a key has no value, per key. */
  why: Record<string, string>;
}
type At = (file: string, line: number) => string;

const OPOSSUM_DEFAULT_RESET_MS = 30_000;

/** What the code declares about the breaker around `call`, or why it cannot say. */
export function breakerOf(model: Model, scopes: Scopes, call: LimitedCall, at: At): BreakerDecl | string {
  const resolver = new ValueResolver(model.files, model.services);
  const sites = call.anchor === "client" ? call.uses : [call];
  for (const site of sites) {
    const scope = scopes.of(site.file);
    const file = scopes.byPath.get(site.file);
    if (!scope || !file) continue;
    for (const fn of scope.enclosing(site)) {
      const exec = fn.argOf ? /^(.+)\.execute$/.exec(fn.argOf) : null;
      const cockatiel = exec ? cockatielPolicy(scope.calls, exec[1]!, "circuitBreaker") : undefined;
      if (cockatiel) return readCockatiel(resolver, scopes, file, cockatiel, at);
      const opossum = scope.calls.find((c) => c.isNew && /(^|\.)CircuitBreaker$/.test(c.callee) && importsOpossum(file) && wraps(c.args[0], fn.name, fn.loc));
      if (opossum) return readOpossum(resolver, file, opossum, at);
    }
  }
  return "the scan sees no circuit breaker around it (a cockatiel circuitBreaker whose execute runs it, or an opossum CircuitBreaker wrapping its function); hand-written breakers are not read; name failureThreshold and halfOpenAfterMs";
}

/**
 * The policy call bound to `name` that `want` accepts (`circuitBreaker(…)`, `retry(…)`), or one of
 * the policies `wrap(…)` bound to `name` combines.
 */
export function cockatielPolicy(calls: readonly CallFact[], name: string, want: string | ((callee: string) => boolean), depth = 0): CallFact | undefined {
  const bound = calls.find((c) => c.assignedTo === name);
  if (!bound || depth > 3) return undefined;
  const fn = bound.callee.slice(bound.callee.lastIndexOf(".") + 1);
  if (typeof want === "string" ? fn === want : want(bound.callee)) return bound;
  if (fn !== "wrap") return undefined;
  for (const a of bound.args) {
    if (a.kind === "unknown" && /^[\w$]+$/.test(a.text)) {
      const b = cockatielPolicy(calls, a.text, want, depth + 1);
      if (b) return b;
    }
  }
  return undefined;
}

function readCockatiel(resolver: ValueResolver, scopes: Scopes, file: ModelFile, call: CallFact, at: At): BreakerDecl {
  const where = at(file.path, call.loc.line);
  const out: BreakerDecl = { why: {} };
  const opts = call.args[1] ? resolver.resolve(file, call.args[1]).value : undefined;
  if (opts?.kind !== "object") {
    out.why.failureThreshold = out.why.halfOpenAfterMs = `the options of the cockatiel breaker at ${where} are not readable`;
    return out;
  }
  const half = opts.props.halfOpenAfter ? number(resolver, file, opts.props.halfOpenAfter) : undefined;
  if (half) out.halfOpenAfterMs = { value: half.value, at: at(half.loc.file, half.loc.line) };
  else out.why.halfOpenAfterMs = `the cockatiel breaker at ${where} has no constant halfOpenAfter`;
  const b = opts.props.breaker ? resolver.resolve(file, opts.props.breaker).value : undefined;
  const made = b?.kind === "call" ? scopes.callOf(b.loc) : undefined;
  const kind = made ? made.callee.slice(made.callee.lastIndexOf(".") + 1) : undefined;
  const n = kind === "ConsecutiveBreaker" && made?.args[0] ? number(resolver, scopes.byPath.get(made.loc.file) ?? file, made.args[0]) : undefined;
  if (n) out.failureThreshold = { value: n.value, at: at(n.loc.file, n.loc.line) };
  else if (kind && kind !== "ConsecutiveBreaker") out.why.failureThreshold = `the cockatiel breaker at ${where} is a ${kind}, which opens on a failure rate, not a count of consecutive failures`;
  else out.why.failureThreshold = `the cockatiel breaker at ${where} has no constant ConsecutiveBreaker(n)`;
  return out;
}

function readOpossum(resolver: ValueResolver, file: ModelFile, call: CallFact, at: At): BreakerDecl {
  const where = at(file.path, call.loc.line);
  const out: BreakerDecl = { why: { failureThreshold: `the opossum breaker at ${where} opens on errorThresholdPercentage (a failure rate over a rolling window), not a count of consecutive failures` } };
  const opts = call.args[1] ? resolver.resolve(file, call.args[1]).value : undefined;
  const reset = opts?.kind === "object" ? opts.props.resetTimeout : undefined;
  const n = reset ? number(resolver, file, reset) : undefined;
  if (n) out.halfOpenAfterMs = { value: n.value, at: at(n.loc.file, n.loc.line) };
  else if (!reset && (!call.args[1] || opts?.kind === "object")) out.halfOpenAfterMs = { value: OPOSSUM_DEFAULT_RESET_MS, at: `${where} (opossum's default resetTimeout)` };
  else out.why.halfOpenAfterMs = `the opossum breaker at ${where} has no constant resetTimeout`;
  return out;
}

function number(resolver: ValueResolver, file: ModelFile, v: Value): { value: number; loc: Value["loc"] } | undefined {
  const r = resolver.resolve(file, v).value;
  return r.kind === "number" && Number.isFinite(r.value) ? { value: r.value, loc: r.loc } : undefined;
}

function importsOpossum(file: ModelFile): boolean {
  return file.facts.some((f) => f.kind === "import" && f.module === "opossum");
}

/** `new CircuitBreaker(fn)`: `fn` by name, or the inline function itself. */
function wraps(arg: Value | undefined, name: string, loc: { line: number; column: number }): boolean {
  if (!arg) return false;
  if (arg.kind === "unknown" && name !== "" && arg.text.slice(arg.text.lastIndexOf(".") + 1) === name.slice(name.lastIndexOf(".") + 1)) return true;
  return arg.loc.line === loc.line && arg.loc.column === loc.column;
}

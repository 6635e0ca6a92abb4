/**
 * Retry settings and loops: cockatiel `retry()` (unbounded and without delay unless told),
 * axios-retry (no delay unless `retryDelay`), p-retry / async-retry (`forever`, `retries:
 * Infinity`), and hand-written loops (`for {}`, `while (true)`) that call out, pause, and have no
 * attempt counter and no cancellation.
 */
import type { CallFact, LoopFact, Value } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { importsOf, lastSegment, type Derivation } from "./context.js";
import { within, type FileScope } from "./scope.js";
import type { LimitedCall, RetrySite } from "./types.js";

const RETRY_MODULES = new Set(["cockatiel", "axios-retry", "p-retry", "async-retry"]);
export const SLEEP = /^(time\.Sleep|time\.After|setTimeout|sleep|delay|wait|setTimeoutPromise|timers\.setTimeout|scheduler\.wait|Bun\.sleep)$|(^|\.)(sleep|delay)$/;

export function libraryRetries(d: Derivation): RetrySite[] {
  const out: RetrySite[] = [];
  for (const [service, files] of d.byService) {
    for (const file of files) {
      if (file.language === "go") continue;
      const imports = importsOf(file);
      if (![...imports.values()].some((i) => RETRY_MODULES.has(i.module))) continue;
      for (const call of d.scopes.of(file)!.calls) {
        const head = call.callee.split(".")[0]!;
        const imp = imports.get(head);
        if (!imp) continue;
        const fn = call.callee.includes(".") ? lastSegment(call.callee) : imp.imported === "default" || imp.imported === "*" ? "default" : imp.imported;
        const site = (extra: Partial<RetrySite> & { library: string }): RetrySite => ({ ...(service ? { service } : {}), file: file.path, line: call.loc.line, column: call.loc.column, isTest: file.isTest, related: [], ...extra });
        const opts = (i: number) => (call.args[i] ? d.resolver.resolve(file, call.args[i]!).value : undefined);
        if (imp.module === "cockatiel" && fn === "retry") out.push(site(cockatiel(opts(1), call.args.length > 1)));
        else if (imp.module === "axios-retry" && fn === "default") {
          const a0 = call.args[0];
          // The instance as written (`feed`), or where it was created when the name folds to its `axios.create(…)`.
          const target = a0?.kind === "unknown" ? a0.text : a0?.kind === "call" ? `${a0.loc.file}:${a0.loc.line}:${a0.loc.column}` : undefined;
          out.push(site({ ...axiosRetry(opts(1)), ...(target ? { target } : {}) }));
        }
        else if (imp.module === "p-retry" && fn === "default") out.push(site(forever("p-retry", opts(1))));
        else if (imp.module === "async-retry" && fn === "default") out.push(site(forever("async-retry", opts(1))));
      }
    }
  }
  return out;
}

function numberOf(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === "number") return v.value;
  if (v.kind === "unknown" && /^(Infinity|Number\.POSITIVE_INFINITY|Number\.MAX_SAFE_INTEGER)$/.test(v.text)) return Infinity;
  return undefined;
}

function cockatiel(opts: Value | undefined, given: boolean): Partial<RetrySite> & { library: string } {
  if (given && opts?.kind !== "object") return { library: "cockatiel" }; // options the scan cannot see
  const props = opts?.kind === "object" ? opts.props : {};
  const max = props.maxAttempts ? numberOf(props.maxAttempts) : Infinity;
  const problems: string[] = [];
  if (max === Infinity) problems.push(props.maxAttempts ? "maxAttempts is Infinity" : "no maxAttempts (cockatiel then retries forever)");
  if (!props.backoff) problems.push("no backoff (cockatiel then retries at once, ConstantBackoff(0))");
  return { library: "cockatiel", ...(max !== undefined ? { attempts: max } : {}), backoff: !!props.backoff, ...(problems.length ? { problem: `cockatiel retry() with ${problems.join(" and ")}` } : {}) };
}

function axiosRetry(opts: Value | undefined): Partial<RetrySite> & { library: string } {
  if (opts && opts.kind !== "object") return { library: "axios-retry" };
  const props = opts?.kind === "object" ? opts.props : {};
  const retries = props.retries ? numberOf(props.retries) : 3;
  const problems: string[] = [];
  if (retries === Infinity) problems.push("retries: Infinity");
  if (!props.retryDelay) problems.push("no retryDelay (axios-retry then retries at once, with no delay)");
  return { library: "axios-retry", ...(retries !== undefined ? { attempts: retries } : {}), backoff: !!props.retryDelay, ...(problems.length ? { problem: `axiosRetry with ${problems.join(" and ")}` } : {}) };
}

function forever(library: string, opts: Value | undefined): Partial<RetrySite> & { library: string } {
  if (opts?.kind !== "object") return { library };
  const f = opts.props.forever;
  const retries = numberOf(opts.props.retries);
  if ((f?.kind === "boolean" && f.value) || retries === Infinity) {
    return { library, attempts: Infinity, problem: `${library} with ${retries === Infinity ? "retries: Infinity" : "forever: true"}: it never gives up` };
  }
  return { library, ...(retries !== undefined ? { attempts: retries } : {}) };
}

/** Loops with no bound around an outbound call and a pause: hand-written retry loops. */
export function loopRetries(d: Derivation, calls: readonly LimitedCall[]): RetrySite[] {
  const out: RetrySite[] = [];
  for (const [service, files] of d.byService) {
    for (const file of files) {
      const scope = d.scopes.of(file)!;
      for (const loop of scope.loops) {
        if (!loop.unconditional || loop.countedExit || loop.cancellable) continue;
        const site = loopSite(d, service, file, scope, loop, calls);
        if (site) out.push(site);
      }
    }
  }
  return out;
}

function loopSite(d: Derivation, service: string, file: ModelFile, scope: FileScope, loop: LoopFact, calls: readonly LimitedCall[]): RetrySite | undefined {
  const inside = scope.callsWithin(loop.loc);
  // Only calls of this loop, not of a loop or closure nested in it (a consumer started from a loop).
  const own = inside.filter((c) => !scope.loops.some((l) => l !== loop && within(loop.loc, l.loc) && within(l.loc, c.loc)));
  const at = (x: { file: string; line: number; column: number }, c: CallFact) => x.file === file.path && x.line === c.loc.line && x.column === c.loc.column;
  const outbound = own.filter((c) => d.connections.some((x) => at(x, c)) || calls.some((x) => at(x, c) || x.uses.some((u) => at(u, c))));
  const pause = own.find((c) => SLEEP.test(c.callee));
  if (outbound.length === 0 || !pause) return undefined;
  const first = outbound[0]!;
  const wait = pauseText(d, service, file, pause);
  return {
    ...(service ? { service } : {}), file: file.path, line: loop.loc.line, column: loop.loc.column, isTest: file.isTest, library: "loop",
    attempts: Infinity, ...(wait ? { backoff: false } : {}),
    problem: `retry loop around ${first.callee} (line ${first.loc.line}) has no attempt limit${wait ? ` and waits a fixed ${wait} between attempts (no backoff)` : ""}`,
    related: [
      { file: file.path, line: first.loc.line, column: first.loc.column, message: `${first.callee} is retried here` },
      { file: file.path, line: pause.loc.line, column: pause.loc.column, message: `${pause.callee}${wait ? ` (${wait})` : ""} between attempts` },
    ],
  };
}

/** `2s` for `time.Sleep(2 * time.Second)`, when the pause is a constant. */
function pauseText(d: Derivation, service: string, file: ModelFile, pause: CallFact): string | undefined {
  const arg = pause.callee === "setTimeout" ? pause.args[1] : pause.args[0];
  if (!arg) return undefined;
  const m = d.measurer.ms(file, arg, file.language === "go" ? "ns" : "ms", service || undefined);
  if (!m || m.text.includes("not set")) return m ? `${m.ms} ms` : undefined;
  return m.ms % 1000 === 0 ? `${m.ms / 1000}s` : `${m.ms} ms`;
}

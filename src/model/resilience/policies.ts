/**
 * Policies that wrap calls: cockatiel (`policy.execute(fn)` with a `timeout(…)` in the service),
 * opossum (`new CircuitBreaker(fn, { timeout })`, 10 s by default), and the circuit breakers a
 * service uses (opossum, cockatiel `circuitBreaker`, Go gobreaker / hystrix-go / failsafe-go).
 */
import type { CallFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { importsAny, importsOf, lastSegment, type Derivation } from "./context.js";
import type { FileScope } from "./scope.js";
import type { BreakerUse, Limit } from "./types.js";

const OPOSSUM_DEFAULT_MS = 10_000;
const GO_BREAKERS: Array<{ module: string; library: string }> = [
  { module: "github.com/sony/gobreaker", library: "gobreaker" },
  { module: "github.com/afex/hystrix-go", library: "hystrix-go" },
  { module: "github.com/failsafe-go/failsafe-go", library: "failsafe-go" },
  { module: "github.com/mercari/go-circuitbreaker", library: "go-circuitbreaker" },
  { module: "github.com/rubyist/circuitbreaker", library: "circuitbreaker" },
  { module: "github.com/eapache/go-resiliency/breaker", library: "go-resiliency" },
];

interface OpossumBreaker {
  /** The wrapped function's name as written (`authorize`, `this.fetchRates`), or "" when inline. */
  fn: string;
  /** Where the wrapped function's value starts (an inline or `const` arrow function). */
  at?: { file: string; line: number; column: number };
  call: CallFact;
  limit?: Limit;
}

export class Policies {
  /** Per service: cockatiel timeout policies (their limits) and opossum breakers. */
  private readonly cockatiel = new Map<string, Limit[]>();
  private readonly opossum = new Map<string, OpossumBreaker[]>();
  readonly breakers: BreakerUse[] = [];

  constructor(private readonly d: Derivation) {
    for (const [service, files] of d.byService) {
      for (const file of files) this.scan(service, file);
    }
  }

  private scan(service: string, file: ModelFile): void {
    const scope = this.d.scopes.of(file)!;
    const imports = importsOf(file);
    const from = (callee: string, modules: string[]) => {
      const head = callee.split(".")[0]!;
      const imp = imports.get(head);
      return imp !== undefined && modules.includes(imp.module);
    };
    for (const call of scope.calls) {
      if (from(call.callee, ["cockatiel"])) {
        const name = lastSegment(call.callee);
        const imported = imports.get(call.callee.split(".")[0]!)?.imported;
        const fn = call.callee.includes(".") ? name : imported ?? name;
        if (fn === "timeout") {
          const limit: Limit = { kind: "policy", file: file.path, line: call.loc.line, note: "cockatiel timeout policy" };
          const v = call.args[0] ? this.d.measurer.ms(file, call.args[0], "ms", service || undefined) : undefined;
          if (v) limit.value = v;
          push(this.cockatiel, service, limit);
        } else if (fn === "circuitBreaker") this.breakers.push(breaker(service, "cockatiel", file, call));
      } else if (call.isNew && from(call.callee, ["opossum"])) {
        const opts = call.args[1] ? this.d.resolver.resolve(file, call.args[1]).value : undefined;
        const t = opts?.kind === "object" ? opts.props.timeout : undefined;
        const a0 = call.args[0];
        const b: OpossumBreaker = { fn: a0?.kind === "unknown" && /^[\w$.]+$/.test(a0.text) ? a0.text : "", call };
        if (a0) b.at = { file: a0.loc.file, line: a0.loc.line, column: a0.loc.column };
        if (!(t?.kind === "boolean" && t.value === false)) {
          const v = t ? this.d.measurer.ms(file, t, "ms", service || undefined) : undefined;
          b.limit = { kind: "policy", file: file.path, line: call.loc.line, note: t ? "opossum breaker timeout" : "opossum breaker (10 s default timeout)" };
          if (v) b.limit.value = v;
          else if (!t) b.limit.value = { ms: OPOSSUM_DEFAULT_MS, text: "opossum's default 10000", file: file.path, line: call.loc.line, chain: [] };
        }
        push(this.opossum, service, b);
        this.breakers.push(breaker(service, "opossum", file, call));
      }
    }
    if (file.language === "go") {
      for (const g of GO_BREAKERS) {
        const imp = file.facts.find((f) => f.kind === "import" && (f.module === g.module || f.module.startsWith(`${g.module}/`)));
        if (imp && importsAny(file, [g.module])) this.breakers.push({ ...(service ? { service } : {}), library: g.library, file: file.path, line: imp.loc.line });
      }
    }
  }

  /** The policy that bounds `call` in `file`, if it runs inside one. */
  limitFor(service: string, file: ModelFile, scope: FileScope, call: { line: number; column: number }): Limit | undefined {
    const around = scope.enclosing(call);
    const breakers = this.opossum.get(service) ?? [];
    for (const fn of around) {
      if (fn.argOf && /(^|\.)execute$/.test(fn.argOf)) {
        const t = this.cockatiel.get(service)?.[0];
        if (t) return t;
      }
      for (const b of breakers) {
        if (!b.limit) continue;
        const inline = b.at && b.at.file === file.path && b.at.line === fn.loc.line && b.at.column === fn.loc.column;
        const named = b.fn !== "" && fn.name !== "" && lastSegment(b.fn) === lastSegment(fn.name);
        if (inline || named) return b.limit;
      }
    }
    return undefined;
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function breaker(service: string, library: string, file: ModelFile, call: CallFact): BreakerUse {
  return { ...(service ? { service } : {}), library, file: file.path, line: call.loc.line };
}

/**
 * Reads a duration out of a value: a literal (`5000`, `5_000`, `3 * time.Second`), a constant or
 * config field in another file, `Number(process.env.X ?? 5000)`, an env helper
 * (`intFromEnv("X", 4000)`), with the value the service's manifests give the variable when they
 * set one (`model.env`) and the default in code otherwise.
 */
import type { Value } from "../../extract/facts.js";
import type { ChainStep, ValueResolver } from "../connections/index.js";
import type { EnvBinding } from "../env.js";
import type { ModelFile } from "../types.js";
import type { Scopes } from "./scope.js";
import type { Measured } from "./types.js";

/** What a bare number means: milliseconds (JS timeouts), seconds, or nanoseconds (Go `time.Duration`). */
export type Unit = "ms" | "s" | "ns";

const FACTOR: Record<Unit, number> = { ms: 1, s: 1000, ns: 1e-6 };
const GO_UNITS: Record<string, number> = { Nanosecond: 1e-6, Microsecond: 1e-3, Millisecond: 1, Second: 1000, Minute: 60_000, Hour: 3_600_000 };
const NUMBER_CASTS = /^(Number|parseInt|parseFloat|Number\.parseInt|Number\.parseFloat|Math\.floor|Math\.round|BigInt|time\.Duration|int|int64|float64)$/;
/** Env helpers that take the variable's name and a default: `intFromEnv("X", 4000)`, `envInt("X", 1)`. */
const ENV_HELPER = /(env|config|setting)/i;
const MAX_DEPTH = 8;

export class Measurer {
  constructor(
    private readonly resolver: ValueResolver,
    private readonly scopes: Scopes,
    private readonly env: readonly EnvBinding[],
  ) {}

  /** The duration `v` (read in `file`) stands for, in milliseconds, if the scan can tell. */
  ms(file: ModelFile, v: Value, unit: Unit, service: string | undefined, depth = 0): Measured | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const r = this.resolver.resolve(file, v);
    const value = r.value;
    const at = (ms: number, text: string, chain: ChainStep[] = []): Measured => ({ ms, text, file: value.loc.file, line: value.loc.line, chain: [...r.steps, ...chain] });
    switch (value.kind) {
      case "number":
        return at(value.value * FACTOR[unit], String(value.value));
      case "string": {
        if (value.holes.length) return undefined;
        const n = parseDurationText(value.value, unit);
        return n === undefined ? undefined : at(n, JSON.stringify(value.value));
      }
      case "env":
        return this.fromEnv(file, value.name, value.default, unit, service, depth, r.steps);
      case "unknown": {
        const n = parseDurationText(value.text, unit);
        return n === undefined ? undefined : at(n, value.text);
      }
      case "call": {
        const call = this.scopes.callOf(value.loc);
        if (!call) return undefined;
        const callFile = this.scopes.byPath.get(value.loc.file) ?? file;
        const last = call.callee.slice(call.callee.lastIndexOf(".") + 1);
        if (NUMBER_CASTS.test(call.callee) && call.args[0]) return this.ms(callFile, call.args[0], unit, service, depth + 1);
        if (call.callee === "AbortSignal.timeout" && call.args[0]) return this.ms(callFile, call.args[0], "ms", service, depth + 1);
        const name = call.args[0];
        if (ENV_HELPER.test(last) && name?.kind === "string" && /^[A-Z][A-Z0-9_]*$/.test(name.value)) {
          return this.fromEnv(callFile, name.value, call.args[1], unit, service, depth, r.steps);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private fromEnv(file: ModelFile, name: string, fallback: Value | undefined, unit: Unit, service: string | undefined, depth: number, steps: ChainStep[]): Measured | undefined {
    const set = service ? this.env.filter((b) => b.service === service && b.name === name) : [];
    if (set.length) {
      // The manifests decide. Only a value every deployment target agrees on is a number we can use.
      const values = new Set(set.map((b) => b.value));
      const only = set[0]!;
      if (values.size !== 1 || only.value === undefined) return undefined;
      const n = parseDurationText(only.value, unit);
      return n === undefined ? undefined : { ms: n, text: `${name}=${only.value}`, file: only.file, line: only.line, chain: [...steps, { file: only.file, line: only.line, message: `${name} is set to ${only.value} here` }] };
    }
    if (!fallback) return undefined;
    const d = this.ms(file, fallback, unit, service, depth + 1);
    if (!d) return undefined;
    return { ...d, text: `${name}, not set by any manifest, default ${d.text}`, chain: [...steps, ...d.chain, { file: d.file, line: d.line, message: `default of ${name} (no manifest sets it)` }] };
  }
}

/**
 * `5000`, `5_000`, `5 * 1000`, `3 * time.Second`, `time.Second * 3`, `500*time.Millisecond`,
 * `"2s"`, `"1500ms"` (Go / Istio duration strings). Anything with a name in it is not a number.
 */
export function parseDurationText(text: string, unit: Unit): number | undefined {
  const t = text.trim().replace(/_/g, "");
  const dur = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(t);
  if (dur) return Number(dur[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[dur[2] as "ms" | "s" | "m" | "h"];
  let ms = 1;
  let sawUnit = false;
  for (const factor of t.split("*").map((p) => p.trim().replace(/^\((.*)\)$/, "$1"))) {
    const go = /^time\.(\w+)$/.exec(factor);
    if (go && GO_UNITS[go[1]!] !== undefined && !sawUnit) {
      ms *= GO_UNITS[go[1]!]!;
      sawUnit = true;
    } else if (/^\d+(\.\d+)?$/.test(factor)) ms *= Number(factor);
    else return undefined;
  }
  return sawUnit ? ms : ms * FACTOR[unit];
}

/**
 * What bounds each outbound HTTP call in TS/JS code: `fetch` with a `signal`, axios and got
 * options (`timeout`), client instances (`axios.create`, `got.extend`) followed to their calls in
 * the service, axios defaults and request interceptors that set a timeout, `http.request` with
 * `timeout` or `req.setTimeout`, and wrapping policies. Libraries with a default timeout (undici,
 * ky) are left out: their calls are bounded.
 */
import type { CallFact, Value } from "../../extract/facts.js";
import type { Connection } from "../connections/index.js";
import type { ModelFile } from "../types.js";
import { callsByReceiver, importsOf, lastSegment, receiverOf, type Derivation } from "./context.js";
import type { Policies } from "./policies.js";
import { within } from "./scope.js";
import type { CallSite, Limit, LimitedCall } from "./types.js";

const VERBS = new Set(["get", "delete", "head", "options", "post", "put", "patch", "request", "postForm", "putForm", "patchForm"]);
/** Where the request config sits in an axios call, by method. */
const AXIOS_CONFIG_ARG: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, postForm: 2, putForm: 2, patchForm: 2, request: 0 };
const FACTORIES: Record<string, { method: string; key: string }> = { axios: { method: "create", key: "timeout" }, got: { method: "extend", key: "timeout" } };

export function tsHttpLimits(d: Derivation, policies: Policies): LimitedCall[] {
  const out: LimitedCall[] = [];
  for (const [service, files] of d.byService) {
    const ts = files.filter((f) => f.language === "ts" || f.language === "js");
    if (ts.length === 0) continue;
    const paths = new Set(ts.map((f) => f.path));
    const conns = d.connections.filter((c) => c.kind === "http" && paths.has(c.file));
    const defaults = axiosDefaults(d, ts);
    const instanceCalls = new Set<string>();
    for (const c of conns) {
      const file = d.scopes.byPath.get(c.file)!;
      const scope = d.scopes.of(file)!;
      const call = scope.callAt(c);
      if (!call) continue;
      const base = baseCall(service, c, file, call);
      const policy = () => policies.limitFor(service, file, scope, call.loc);
      const factory = FACTORIES[c.library];
      if (factory && lastSegment(call.callee) === factory.method) {
        const opts = d.resolver.resolve(file, call.args[0] ?? unknownAt(call)).value;
        if (call.args[0] && opts.kind !== "object") continue; // options the scan cannot see
        const uses = instanceUses(d, ts, file, call.assignedTo);
        for (const u of uses) instanceCalls.add(`${u.file}:${u.line}:${u.column}`);
        let limit = opts.kind === "object" ? optionLimit(d, service, file, opts, factory.key) : undefined;
        if (!limit && call.assignedTo) limit = instanceDefaults(d, ts, call.assignedTo);
        if (!limit && c.library === "axios") limit = defaults;
        const open = limit ? uses : uses.filter((u) => !useLimited(d, service, u, policies));
        if (!limit && uses.length > 0 && open.length === 0) continue;
        out.push({ ...base, anchor: "client", uses: open, missing: `${call.callee} without ${factory.key}`, ...(limit ? { limit } : {}), ...(call.assignedTo ? { name: call.assignedTo } : {}) });
        continue;
      }
      if (instanceCalls.has(`${c.file}:${c.line}:${c.column}`)) continue;
      const direct = directLimit(d, service, file, c, call, defaults);
      if (direct === null) continue;
      const limit = direct ?? policy();
      out.push({ ...base, anchor: "call", uses: [], missing: missingText(c), ...(limit ? { limit } : {}) });
    }
  }
  return out;
}

function baseCall(service: string, c: Connection, file: ModelFile, call: CallFact): Omit<LimitedCall, "anchor" | "uses" | "missing"> {
  return { ...(service ? { service } : {}), file: file.path, line: call.loc.line, column: call.loc.column, isTest: file.isTest, protocol: "http", library: c.library, callee: call.callee };
}

function missingText(c: Connection): string {
  if (c.library === "fetch") return `${c.callee} without a signal`;
  if (c.library === "node:http") return `${c.callee} without timeout or setTimeout`;
  return `${c.callee} without timeout`;
}

function unknownAt(call: CallFact): Value {
  return { kind: "unknown", text: "", loc: call.loc };
}

/**
 * The limit on a direct call; `undefined` when nothing bounds it, `null` when the scan cannot
 * tell (options passed in a variable it cannot see) or the library is bounded by default.
 */
function directLimit(d: Derivation, service: string, file: ModelFile, c: Connection, call: CallFact, defaults: Limit | undefined): Limit | undefined | null {
  const arg = (i: number) => (call.args[i] ? d.resolver.resolve(file, call.args[i]!).value : undefined);
  switch (c.library) {
    case "fetch": {
      const opts = arg(1);
      if (!opts) return undefined;
      if (opts.kind !== "object") return null;
      const signal = opts.props.signal;
      if (!signal) return undefined;
      const limit: Limit = { kind: "signal", file: file.path, line: signal.loc.line, note: "signal" };
      const v = d.measurer.ms(file, signal, "ms", service || undefined);
      if (v) limit.value = v;
      return limit;
    }
    case "axios": {
      const method = lastSegment(call.callee);
      const idx = VERBS.has(method) ? AXIOS_CONFIG_ARG[method] ?? 1 : arg(0)?.kind === "object" ? 0 : 1;
      const cfg = arg(idx);
      if (cfg && cfg.kind !== "object") return null;
      return (cfg && optionLimit(d, service, file, cfg, "timeout")) ?? defaults;
    }
    case "got": {
      for (let i = 0; i < call.args.length; i++) {
        const v = arg(i);
        if (v?.kind === "object") {
          const l = optionLimit(d, service, file, v, "timeout");
          if (l) return l;
        } else if (i > 0 && v?.kind === "unknown") return null;
      }
      return undefined;
    }
    case "node:http": {
      for (let i = 0; i < call.args.length; i++) {
        const v = arg(i);
        if (v?.kind === "object") {
          const l = optionLimit(d, service, file, v, "timeout") ?? optionLimit(d, service, file, v, "signal");
          if (l) return l;
        }
      }
      if (call.assignedTo) {
        const set = d.scopes.of(file)!.calls.find((x) => x.callee === `${call.assignedTo}.setTimeout`);
        if (set) return { kind: "timeout", file: file.path, line: set.loc.line, note: `${set.callee}` };
      }
      return undefined;
    }
    default:
      return null; // undici, ky, superagent…: bounded by default or configured in ways not read here
  }
}

/** `{ timeout: … }` in an options object. */
function optionLimit(d: Derivation, service: string, file: ModelFile, opts: Value, key: string): Limit | undefined {
  if (opts.kind !== "object") return undefined;
  const v = opts.props[key];
  if (!v) return undefined;
  if ((v.kind === "number" && v.value <= 0) || (v.kind === "boolean" && !v.value)) return undefined; // 0 / false: no timeout
  const limit: Limit = { kind: key === "signal" ? "signal" : "timeout", file: v.loc.file, line: v.loc.line, note: key };
  const m = d.measurer.ms(file, key === "timeout" && v.kind === "object" ? (v.props.request ?? v.props.response ?? v) : v, "ms", service || undefined);
  if (m) limit.value = m;
  return limit;
}

/** `axios.defaults.timeout = …` anywhere in the service. */
function axiosDefaults(d: Derivation, files: ModelFile[]): Limit | undefined {
  for (const f of files) {
    const imports = importsOf(f);
    for (const a of d.scopes.of(f)!.assignments) {
      const head = a.target.split(".")[0]!;
      if (a.target.endsWith(".defaults.timeout") && imports.get(head)?.module === "axios") {
        return { kind: "defaults", file: f.path, line: a.loc.line, note: a.target };
      }
    }
  }
  return undefined;
}

/** `client.defaults.timeout = …`, or a request interceptor on the instance that sets `.timeout`. */
function instanceDefaults(d: Derivation, files: ModelFile[], name: string): Limit | undefined {
  for (const f of files) {
    const scope = d.scopes.of(f)!;
    const set = scope.assignments.find((a) => a.target === `${name}.defaults.timeout` || a.target === `${name}.defaults.timeout`);
    if (set) return { kind: "defaults", file: f.path, line: set.loc.line, note: set.target };
    for (const c of scope.calls) {
      if (c.callee !== `${name}.interceptors.request.use`) continue;
      const inside = scope.assignments.find((a) => /(^|\.)timeout$/.test(a.target) && within(c.loc, a.loc));
      if (inside) return { kind: "interceptor", file: f.path, line: inside.loc.line, note: `request interceptor sets ${inside.target}` };
    }
  }
  return undefined;
}

/** Calls made through the instance bound to `name`: in its file, and in files importing it. */
function instanceUses(d: Derivation, files: ModelFile[], home: ModelFile, name: string | undefined): CallSite[] {
  if (!name) return [];
  const out: CallSite[] = [];
  const index = callsByReceiver(d, files);
  const direct = (index.get(receiverOf(name)) ?? []).filter((x) => x.call.callee === name);
  const verbs = (index.get(name) ?? []).filter((x) => VERBS.has(lastSegment(x.call.callee)));
  for (const { file: f, call: c } of [...direct, ...verbs]) {
    if (f !== home) {
      const imp = importsOf(f).get(name);
      if (!imp || !imp.module.startsWith(".")) continue;
    }
    out.push({ file: f.path, line: c.loc.line, column: c.loc.column });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** A call through an instance that carries its own timeout or runs inside a policy. */
function useLimited(d: Derivation, service: string, u: CallSite, policies: Policies): boolean {
  const file = d.scopes.byPath.get(u.file)!;
  const scope = d.scopes.of(file)!;
  const call = scope.callAt(u);
  if (!call) return false;
  const method = lastSegment(call.callee);
  const cfg = call.args[AXIOS_CONFIG_ARG[method] ?? 0];
  const v = cfg ? d.resolver.resolve(file, cfg).value : undefined;
  if (v && v.kind !== "object") return true; // a config the scan cannot see may set one
  if (v?.kind === "object" && v.props.timeout) return true;
  return policies.limitFor(service, file, scope, call.loc) !== undefined;
}

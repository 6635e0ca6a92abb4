/**
 * What bounds each gRPC call. TS/JS (@grpc/grpc-js and proto-loader clients): a `deadline` in the
 * call options, or a client-level interceptor or `grpc.service_config` timeout in the channel
 * options. Go (grpc-go): the call's context, followed in the function around the call: a
 * `context.WithTimeout`/`WithDeadline`, or a context that comes in from the caller (a `ctx`
 * parameter, `r.Context()`), or a client interceptor that sets a deadline.
 */
import type { CallFact, FunctionFact, Value } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { callsByReceiver, importsOf, lastSegment, receiverOf, type Derivation } from "./context.js";
import type { Policies } from "./policies.js";
import { within, type FileScope } from "./scope.js";
import type { Limit, LimitedCall } from "./types.js";

/** Client methods that are not RPCs. */
const NOT_RPC = new Set(["close", "getChannel", "waitForReady", "getConnectivityState", "watchConnectivityState", "bind", "on", "constructor", "Close", "Connect", "GetState", "WaitForStateChange", "Target"]);
const INTERCEPTOR_OPTION = /(^|\.)With(Chain)?(Unary|Stream)Interceptors?$/;
const DEADLINE_WORD = /timeout|deadline/i;
const CTX_BACKGROUND = /^context\.(Background|TODO)$/;
const CTX_DEADLINE = /^context\.(WithTimeout|WithDeadline|WithTimeoutCause|WithDeadlineCause)$/;
const CTX_DERIVED = /^(context\.(WithCancel|WithValue|WithoutCancel|WithCancelCause)|metadata\.(NewOutgoingContext|AppendToOutgoingContext)|trace\.ContextWithSpan)$/;

export function grpcLimits(d: Derivation, policies: Policies): LimitedCall[] {
  const out: LimitedCall[] = [];
  for (const [service, files] of d.byService) {
    const paths = new Set(files.map((f) => f.path));
    const conns = d.connections.filter((c) => c.kind === "grpc" && paths.has(c.file));
    const ts = files.filter((f) => f.language !== "go");
    const go = files.filter((f) => f.language === "go");
    for (const c of conns) {
      const file = d.scopes.byPath.get(c.file)!;
      if (file.language === "go") continue;
      const call = d.scopes.of(file)!.callAt(c);
      if (call?.isNew && call.assignedTo) out.push(...tsClientCalls(d, policies, service, ts, file, call, channelOptionsLimit(d, file, call)));
    }
    for (const file of ts) {
      for (const call of d.scopes.of(file)!.calls) {
        const limit = factoryClient(d, file, call);
        if (limit !== null && call.assignedTo) out.push(...tsClientCalls(d, policies, service, ts, file, call, limit));
      }
    }
    if (go.length) out.push(...goCalls(d, service, go, conns.filter((c) => c.file.endsWith(".go")).map((c) => d.scopes.of(c.file)!.callAt(c)).filter((x): x is CallFact => !!x)));
  }
  return out;
}

/** @grpc/grpc-js channel options: interceptors or a service config with a method timeout; null when unreadable. */
function channelOptionsLimit(d: Derivation, home: ModelFile, client: CallFact): Limit | undefined | null {
  const opts = client.args[2] ? d.resolver.resolve(home, client.args[2]).value : undefined;
  if (!opts) return undefined;
  if (opts.kind !== "object") return null; // channel options the scan cannot see
  const ic = opts.props.interceptors ?? opts.props.interceptor_providers;
  const sc = opts.props["grpc.service_config"];
  if (ic) return { kind: "interceptor", file: home.path, line: ic.loc.line, note: "client interceptors" };
  if (sc && ((sc.kind === "string" && /"timeout"/.test(sc.value)) || sc.kind !== "string")) return { kind: "channel-option", file: home.path, line: sc.loc.line, note: "grpc.service_config" };
  return undefined;
}

/**
 * nice-grpc `createClient(def, channel)` / `createClientFactory().use(mw).create(def, channel)` and
 * Connect `createClient(service, transport)`: the client's own limit (middleware, a transport with
 * `defaultTimeoutMs` or interceptors), undefined when none, null when the call is no such client.
 */
function factoryClient(d: Derivation, file: ModelFile, call: CallFact): Limit | undefined | null {
  if (!call.callee.startsWith("create") && !call.callee.includes(".create")) return null;
  const imports = importsOf(file);
  const head = call.callee.split(".")[0]!.replace(/\(\)$/, "");
  const imp = imports.get(head);
  if (!imp || !/^(nice-grpc(-web)?|@connectrpc\/connect|@bufbuild\/connect)$/.test(imp.module)) return null;
  // The callee as the module names it: `createClient`, `createClientFactory().use().create`.
  const rest = call.callee.slice(call.callee.split(".")[0]!.length);
  const normal = imp.imported === "*" ? rest.replace(/^\./, "") : `${imp.imported}${call.callee.startsWith(`${head}()`) ? "()" : ""}${rest.replace(/^\(\)/, "")}`;
  if (!/^(createClient|createPromiseClient|createCallbackClient)$/.test(normal) && !/^createClientFactory\(\)(\.use\(\))*\.create$/.test(normal)) return null;
  if (normal.includes(".use()")) return { kind: "interceptor", file: file.path, line: call.loc.line, note: "client middleware" };
  const transport = call.args[1] ? d.resolver.resolve(file, call.args[1]).value : undefined;
  const made = transport?.kind === "call" ? d.scopes.callOf(transport.loc) : undefined;
  const opts = made?.args[0] ? d.resolver.resolve(file, made.args[0]).value : undefined;
  const props = opts?.kind === "object" ? opts.props : {};
  const set = props.defaultTimeoutMs ?? props.interceptors;
  return set ? { kind: set === props.interceptors ? "interceptor" : "timeout", file: set.loc.file, line: set.loc.line, note: "transport default" } : undefined;
}

function tsClientCalls(d: Derivation, policies: Policies, service: string, files: ModelFile[], home: ModelFile, client: CallFact, clientLimit: Limit | undefined | null): LimitedCall[] {
  if (clientLimit === null) return [];
  const name = client.assignedTo!;
  const library = client.isNew ? "@grpc/grpc-js" : client.callee.includes("create") && importsOf(home).get(client.callee.split(".")[0]!.replace(/\(\)$/, ""))?.module || "gRPC client";
  const out: LimitedCall[] = [];
  for (const { file: f, call } of callsByReceiver(d, files).get(name) ?? []) {
    if (f !== home) {
      const imp = importsOf(f).get(name);
      if (!imp || !imp.module.startsWith(".")) continue;
    }
    if (NOT_RPC.has(lastSegment(call.callee))) continue;
    const own = clientLimit ?? tsCallLimit(d, f, call);
    if (own === null) continue;
    const limit = own ?? policies.limitFor(service, f, d.scopes.of(f)!, call.loc);
    out.push({
      ...(service ? { service } : {}), file: f.path, line: call.loc.line, column: call.loc.column, isTest: f.isTest, protocol: "grpc",
      library, callee: call.callee, anchor: "call", uses: [{ file: home.path, line: client.loc.line, column: client.loc.column }],
      missing: `${call.callee} without a deadline`, ...(limit ? { limit } : {}),
    });
  }
  return out;
}

/** `{ deadline }` among the call's arguments; null when an argument the scan cannot see may carry one. */
function tsCallLimit(d: Derivation, file: ModelFile, call: CallFact): Limit | undefined | null {
  for (let i = 1; i < call.args.length; i++) {
    const v = d.resolver.resolve(file, call.args[i]!).value;
    if (v.kind === "object") {
      const dl = v.props.deadline ?? v.props.timeout ?? v.props.timeoutMs ?? v.props.signal;
      if (dl) return { kind: "deadline", file: file.path, line: dl.loc.line, note: "deadline in the call options" };
    } else if (v.kind === "unknown" && !/=>|^function\b|^async\b/.test(v.text) && !/^(cb|callback|done|next)$/i.test(v.text)) return null;
  }
  return undefined;
}

function goCalls(d: Derivation, service: string, files: ModelFile[], dials: CallFact[]): LimitedCall[] {
  const connNames = new Set(dials.map((c) => c.assignedTo).filter((x): x is string => !!x).map(lastSegment));
  let interceptor: Limit | undefined;
  for (const f of files) {
    for (const c of d.scopes.of(f)!.calls) {
      if (INTERCEPTOR_OPTION.test(c.callee) && c.args.some((a) => DEADLINE_WORD.test(a.kind === "call" ? a.callee : a.kind === "unknown" ? a.text : ""))) {
        interceptor = { kind: "interceptor", file: f.path, line: c.loc.line, note: "client interceptor that sets a deadline" };
      }
    }
  }
  // Stubs: `pb.NewInventoryClient(conn)` with a dialled connection or a `*grpc.ClientConn` parameter.
  const stubs = new Map<string, CallFact>();
  for (const f of files) {
    const scope = d.scopes.of(f)!;
    for (const c of scope.calls) {
      if (!/(^|\.)New\w*Client$/.test(c.callee) || !c.assignedTo || c.args.length !== 1) continue;
      const a = c.args[0]!;
      const argName = a.kind === "unknown" ? lastSegment(a.text) : undefined;
      const isConn = a.kind === "call" ? /^grpc\.(Dial|DialContext|NewClient)$/.test(a.callee) : argName !== undefined && (connNames.has(argName) || paramTyped(scope, c, argName, /grpc\.ClientConn/));
      if (isConn) stubs.set(lastSegment(c.assignedTo), c);
    }
  }
  const out: LimitedCall[] = [];
  for (const f of files) {
    const scope = d.scopes.of(f)!;
    for (const call of scope.calls) {
      const method = lastSegment(call.callee);
      if (!/^[A-Z]/.test(method) || NOT_RPC.has(method) || call.args.length === 0 || !receiverOf(call.callee)) continue;
      const stub = stubs.get(lastSegment(receiverOf(call.callee))) ?? requestShaped(scope, call, method);
      if (!stub) continue;
      const limit = interceptor ?? goContextLimit(d, f, scope, call, call.args[0]!, 0);
      if (limit === null) continue;
      out.push({
        ...(service ? { service } : {}), file: f.path, line: call.loc.line, column: call.loc.column, isTest: f.isTest, protocol: "grpc",
        library: "grpc-go", callee: call.callee, anchor: "call", uses: [{ file: stub.loc.file, line: stub.loc.line, column: stub.loc.column }],
        missing: `${call.callee} with a context that has no deadline`, ...(limit ? { limit } : {}), ...inFunction(scope, call),
      });
    }
  }
  return out;
}

/**
 * A stub passed in from elsewhere is recognised by protoc-gen-go's shape: `Method(ctx,
 * &pkg.MethodRequest{…})`. Returns the call itself as the place to point at.
 */
function requestShaped(scope: FileScope, call: CallFact, method: string): CallFact | undefined {
  const req = call.args[1];
  if (call.args.length < 2 || !req) return undefined;
  const lit = scope.composites.find((c) => within(req.loc, c.loc) && lastSegment(c.type) === `${method}Request`);
  return lit ? call : undefined;
}

function inFunction(scope: FileScope, call: CallFact): { inFunction?: string } {
  const fn = scope.enclosing(call.loc).find((f) => f.name);
  return fn ? { inFunction: fn.name } : {};
}

function paramTyped(scope: FileScope, at: CallFact, name: string, type: RegExp): boolean {
  return scope.enclosing(at.loc).some((fn) => fn.params.some((p) => p.name === name && p.type !== undefined && type.test(p.type)));
}

/** Where a Go context value gets its deadline; undefined when it has none, null when the scan cannot tell. */
function goContextLimit(d: Derivation, file: ModelFile, scope: FileScope, at: CallFact, v: Value, depth: number): Limit | undefined | null {
  if (depth > 4) return null;
  const here = (kind: Limit["kind"], line: number, note: string): Limit => ({ kind, file: file.path, line, note });
  if (v.kind === "call") {
    if (CTX_BACKGROUND.test(v.callee)) return undefined;
    if (CTX_DEADLINE.test(v.callee)) return here("deadline", v.loc.line, v.callee);
    if (/(^|\.)Context$/.test(v.callee)) return here("inherited-context", v.loc.line, `${v.callee}() of the incoming request`);
    const inner = scope.callAt(v.loc);
    if (CTX_DERIVED.test(v.callee) && inner?.args[0]) return goContextLimit(d, file, scope, at, inner.args[0], depth + 1);
    return null;
  }
  if (v.kind !== "unknown" || !/^[A-Za-z_]\w*$/.test(v.text)) return null;
  const name = v.text;
  const around = scope.enclosing(at.loc);
  for (const fn of around) {
    const bound = lastBinding(scope, fn, name, at);
    if (bound) {
      if (CTX_BACKGROUND.test(bound.callee)) return undefined;
      if (CTX_DEADLINE.test(bound.callee)) return here("deadline", bound.loc.line, bound.callee);
      if (/(^|\.)Context$/.test(bound.callee)) return here("inherited-context", bound.loc.line, `${bound.callee}() of the incoming request`);
      if (CTX_DERIVED.test(bound.callee) && bound.args[0]) return goContextLimit(d, file, scope, bound, bound.args[0], depth + 1);
      return null;
    }
    if (fn.params.some((p) => p.name === name)) return here("inherited-context", fn.loc.line, `${name} comes in from the caller of ${fn.name || "this function"}`);
  }
  // Not bound where we can see: the issue's rule of thumb, a deadline set anywhere in the function.
  const fn = around[0];
  const anyDeadline = fn && scope.callsWithin(fn.loc).find((c) => CTX_DEADLINE.test(c.callee));
  return anyDeadline ? here("deadline", anyDeadline.loc.line, anyDeadline.callee) : fn ? undefined : null;
}

/** The last call in `fn` before `at` whose result is bound to `name` (`ctx, cancel := …`). */
function lastBinding(scope: FileScope, fn: FunctionFact, name: string, at: CallFact): CallFact | undefined {
  let found: CallFact | undefined;
  for (const c of scope.callsWithin(fn.loc)) {
    if (c.assignedTo !== name || c.loc.line > at.loc.line || (c.loc.line === at.loc.line && c.loc.column >= at.loc.column)) continue;
    if (scope.enclosing(c.loc)[0] !== fn) continue;
    if (!found || c.loc.line > found.loc.line) found = c;
  }
  return found;
}

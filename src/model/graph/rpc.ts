/**
 * gRPC servers and clients, recognised from call facts with a small catalog per language, and
 * tied together by the proto service they name (full names from the repo's `.proto` files).
 * TS/JS: `server.addService(pkg.X.service | XService, impl)`, connect `router.service(X, impl)`,
 * NestJS `@GrpcMethod('X')`; clients `new pkg.X(addr, creds)`, generated `new XClient(addr, …)`,
 * connect `createClient(X, transport)`, NestJS `client.getService('X')`.
 * Go: `pb.RegisterXServer(s, impl)`, `pb.NewXClient(conn)` (address from the `grpc.Dial` /
 * `grpc.NewClient` the conn came from), grpc-gateway `RegisterXHandlerFromEndpoint/Client/Server`.
 */
import type { CallFact, ProtoServiceFact, Value } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { lastSegment } from "./values.js";

export interface RpcEnd {
  service: string;
  role: "server" | "client";
  /** Short proto service name (`OrdersService`), the join key. */
  name: string;
  /** Package-qualified name when a `.proto` in the repo declares it. */
  fullName?: string;
  file: string;
  line: number;
  column: number;
  message: string;
  /** The address the client dials, when the call shows it. */
  address?: Value;
}

/** Services every gRPC server registers; a client of one says nothing about the system's shape. */
const INFRA_SERVICES = new Set(["Health", "ServerReflection", "Channelz", "LoadReporter"]);
const GO_DIAL = new Set(["grpc.Dial", "grpc.DialContext", "grpc.NewClient"]);
const TS_GRPC_MODULE = /grpc|_pb$|_pb\.|\.pb$|proto|connect/;

export class ProtoIndex {
  private readonly byFull = new Map<string, ProtoServiceFact>();
  private readonly byShort = new Map<string, ProtoServiceFact[]>();

  constructor(files: readonly ModelFile[]) {
    for (const f of files) {
      for (const fact of f.facts) {
        if (fact.kind !== "proto-service" || this.byFull.has(fact.fullName)) continue;
        this.byFull.set(fact.fullName, fact);
        this.byShort.set(fact.name, [...(this.byShort.get(fact.name) ?? []), fact]);
      }
    }
  }

  get(fullName: string): ProtoServiceFact | undefined {
    return this.byFull.get(fullName);
  }

  /**
   * The proto service a dotted path names: `proto.shop.orders.v1.OrdersService` (full name as a
   * suffix), `OrdersServiceService` (grpc-tools' generated const), `OrdersServiceClient`.
   */
  match(path: string, suffixes: readonly string[]): { name: string; fullName?: string } | undefined {
    for (const [full, fact] of this.byFull) if (path === full || path.endsWith(`.${full}`)) return { name: fact.name, fullName: full };
    const last = lastSegment(path);
    for (const suffix of suffixes) {
      if (!last.endsWith(suffix) || last.length === suffix.length) continue;
      const name = last.slice(0, last.length - suffix.length);
      const found = this.byShort.get(name);
      if (found?.length === 1) return { name, fullName: found[0]!.fullName };
      if (found) return { name };
    }
    return undefined;
  }

  known(name: string): boolean {
    return this.byShort.has(name);
  }

  fullNameOf(name: string): string | undefined {
    const found = this.byShort.get(name);
    return found?.length === 1 ? found[0]!.fullName : undefined;
  }
}

/** Every gRPC server registration and client construction in the services' non-test code. */
export function rpcEnds(files: readonly ModelFile[], protos: ProtoIndex): RpcEnd[] {
  const out: RpcEnd[] = [];
  for (const f of files) {
    if (!f.service || f.isTest) continue;
    const calls = f.facts.filter((x): x is CallFact => x.kind === "call");
    const found = f.language === "go" ? goEnds(calls, protos) : f.language === "ts" || f.language === "js" ? tsEnds(f, calls, protos) : [];
    for (const e of found) {
      if (INFRA_SERVICES.has(e.name)) continue;
      const fullName = e.fullName ?? protos.fullNameOf(e.name);
      const end: RpcEnd = { service: f.service, role: e.role, name: e.name, file: f.path, line: e.call.loc.line, column: e.call.loc.column, message: "" };
      if (fullName) end.fullName = fullName;
      if (e.address) end.address = e.address;
      const what = fullName ?? e.name;
      end.message = e.role === "server" ? `${f.service} serves ${what} (${e.call.callee})` : `${f.service} creates a ${what} client (${e.call.callee})`;
      out.push(end);
    }
  }
  return out;
}

interface Found {
  role: "server" | "client";
  name: string;
  fullName?: string;
  call: CallFact;
  address?: Value;
}

function goEnds(calls: CallFact[], protos: ProtoIndex): Found[] {
  const out: Found[] = [];
  const dialAt = new Map<string, CallFact>();
  for (const c of calls) if (GO_DIAL.has(c.callee)) dialAt.set(`${c.loc.line}:${c.loc.column}`, c);
  const dialTarget = (v: Value | undefined): Value | undefined => {
    if (v?.kind !== "call" || !GO_DIAL.has(v.callee)) return undefined;
    const dial = dialAt.get(`${v.loc.line}:${v.loc.column}`);
    return dial?.callee === "grpc.DialContext" ? dial.args[1] : dial?.args[0];
  };
  for (const c of calls) {
    const fn = lastSegment(c.callee);
    let m: RegExpExecArray | null;
    if ((m = /^Register(\w+?)HandlerFromEndpoint$/.exec(fn))) {
      out.push({ role: "client", name: m[1]!, call: c, ...(c.args[2] ? { address: c.args[2] } : {}) });
    } else if ((m = /^Register(\w+?)Handler(Client)?$/.exec(fn)) && c.args.length >= 3) {
      out.push({ role: "client", name: m[1]!, call: c });
    } else if ((m = /^Register(\w+?)(HandlerServer|Server)$/.exec(fn)) && c.args.length >= 2) {
      out.push({ role: "server", name: m[1]!, call: c });
    } else if ((m = /^New(\w+)Client$/.exec(fn)) && c.args.length >= 1 && c.callee.includes(".")) {
      const address = dialTarget(c.args[0]);
      out.push({ role: "client", name: m[1]!, call: c, ...(address ? { address } : {}) });
    }
  }
  // A client constructor nobody serves in the repo and no proto names is most likely not gRPC
  // (`storage.NewBucketClient`); keep it only when a proto declares it or a conn was dialled.
  return out.filter((e) => e.role === "server" || protos.known(e.name) || e.address !== undefined || /^Register/.test(lastSegment(e.call.callee)));
}

/** `proto.shop.orders.v1.OrdersService` (a package loaded with proto-loader) → its full name. */
function loadedName(path: string): { name: string; fullName?: string } | undefined {
  const parts = path.split(".");
  if (parts.length < 2) return undefined;
  const name = parts[parts.length - 1]!;
  return parts.length >= 4 ? { name, fullName: parts.slice(1).join(".") } : { name };
}

function pathOf(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === "unknown" && /^[\w$.]+$/.test(v.text)) return v.text;
  return undefined;
}

function tsEnds(f: ModelFile, calls: CallFact[], protos: ProtoIndex): Found[] {
  const out: Found[] = [];
  const imports = f.facts.flatMap((x) => (x.kind === "import" ? [x.module] : []));
  const grpcFile = imports.some((m) => TS_GRPC_MODULE.test(m));
  const connect = imports.some((m) => /^@(connectrpc|bufbuild)\/connect/.test(m));
  for (const c of calls) {
    const fn = lastSegment(c.callee);
    if (fn === "addService" && c.args.length >= 2) {
      const path = pathOf(c.args[0])?.replace(/\.service$/, "");
      const hit = path && (protos.match(path, ["", "Service"]) ?? loadedName(path) ?? { name: lastSegment(path).replace(/(?<=Service)Service$/, "") });
      if (hit) out.push({ role: "server", ...hit, call: c });
    } else if (/^Grpc(Stream)?(Method|Call)$/.test(c.callee) && c.args[0]?.kind === "string") {
      out.push({ role: "server", ...(protos.match(c.args[0].value, [""]) ?? { name: c.args[0].value }), call: c });
    } else if (connect && fn === "service" && c.args.length >= 2) {
      const hit = protos.match(pathOf(c.args[0]) ?? "", [""]);
      if (hit) out.push({ role: "server", ...hit, call: c });
    } else if (connect && /^create(Promise|Callback)?Client$/.test(fn)) {
      const hit = protos.match(pathOf(c.args[0]) ?? "", [""]);
      if (hit) out.push({ role: "client", ...hit, call: c });
    } else if (fn === "getService" && c.args[0]?.kind === "string") {
      out.push({ role: "client", ...(protos.match(c.args[0].value, [""]) ?? { name: c.args[0].value }), call: c });
    } else if (c.isNew) {
      // `new pkg.shop.v1.X(addr, grpc.credentials.createInsecure())`: a proto-loader client even
      // when the .proto lives in another repo.
      const creds = c.args[1]?.kind === "call" && /credentials\.create|Credentials\.create/.test(c.args[1].callee);
      const hit = protos.match(c.callee, ["", "Client", "ClientImpl"]) ?? (creds ? loadedName(c.callee) : undefined);
      if (hit) out.push({ role: "client", ...hit, call: c, ...(c.args[0] ? { address: c.args[0] } : {}) });
      else if (grpcFile && /^[A-Z]\w*Client$/.test(fn) && c.args.length >= 2) {
        out.push({ role: "client", name: fn.replace(/Client$/, ""), call: c, ...(c.args[0] ? { address: c.args[0] } : {}) });
      }
    }
  }
  return out;
}

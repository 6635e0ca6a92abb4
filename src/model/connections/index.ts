/**
 * `model.connections`: every call in the services' code that connects to something (see
 * catalog.ts), with each target (URL, address, host, port, DSN, credentials) as far as the code
 * tells: a literal, an env var (with its default), or unknown; the target's parts (host, port,
 * password) with their source positions; and the chain of lines from the literal to the call.
 * Rules about hardcoded endpoints, shared databases and the service graph read this.
 */
import type { CallFact, StringFact, Value } from "../../extract/facts.js";
import type { ModelFile, Service } from "../types.js";
import type { ConnectionKind, TargetRole } from "./catalog.js";
import { parseEndpoint, type Endpoint } from "./endpoint.js";
import { matchCall } from "./match.js";
import { ValueResolver, type ChainStep, type Resolved } from "./resolve.js";

export type { CatalogEntry, ConnectionKind, TargetRole } from "./catalog.js";
export type { Endpoint, HostPort, Piece } from "./endpoint.js";
export type { ChainStep } from "./resolve.js";
export { ValueResolver } from "./resolve.js";

export interface Connection {
  /** The service whose code makes the call (absent for code outside every service). */
  service?: string;
  file: string;
  line: number;
  column: number;
  isTest: boolean;
  kind: ConnectionKind;
  library: string;
  /** Server software, when the library or the URL scheme tells (`mysql`, `redis`, `nats`). */
  system?: string;
  /** The callee as written (`axios.create`, `grpc.Dial`). */
  callee: string;
  targets: ConnectionTarget[];
}

/**
 * Where one target comes from. `literal`: written in code; `partial`: a literal with parts from
 * elsewhere (`"http://" + host + ":8080"`); `env`: an env var with no default; `env-default`: an
 * env var whose literal default applies when the deployment does not set it; `unknown`: a value
 * the scan cannot see (a parameter, a config file, a function's result).
 */
export type TargetOrigin = "literal" | "partial" | "env" | "env-default" | "unknown";

export interface ConnectionTarget {
  role: TargetRole;
  origin: TargetOrigin;
  /** The value as resolved (for `env-default`, the env value whose `default` holds the literal). */
  value: Value;
  env?: { name: string; default?: Value };
  /** The literal that reaches the call: the value itself, or the env default. */
  literal?: Extract<Value, { kind: "string" } | { kind: "number" }>;
  /** The literal read as a target (scheme, user, password, hosts, ports), when it parses as one. */
  endpoint?: Endpoint;
  /** From the literal to the call, one step per line. */
  chain: ChainStep[];
}

/** Builds `model.connections` for every TS/JS and Go file. */
export function collectConnections(files: readonly ModelFile[], services: readonly Service[]): Connection[] {
  const resolver = new ValueResolver(files, services);
  const out: Connection[] = [];
  for (const file of files) {
    if (file.language !== "ts" && file.language !== "js" && file.language !== "go") continue;
    const language = file.language === "go" ? "go" : "ts";
    const imports = file.facts.filter((f) => f.kind === "import");
    const declared = new Set(file.facts.flatMap((f) => (f.kind === "declaration" ? [f.name] : [])));
    const strings = file.facts.filter((f): f is StringFact => f.kind === "string");
    for (const fact of file.facts) {
      if (fact.kind !== "call") continue;
      const argValue = (i: number) => (fact.args[i] ? resolver.resolve(file, fact.args[i]).value : undefined);
      const entry = matchCall(fact, { language, imports, declared }, argValue);
      if (!entry) continue;
      const targets: ConnectionTarget[] = [];
      for (const [role, slots] of Object.entries(entry.targets) as Array<[TargetRole, string[]]>) {
        for (const slot of slots) targets.push(...slotTargets(resolver, file, fact, role, slot, strings));
      }
      const conn: Connection = {
        file: file.path, line: fact.loc.line, column: fact.loc.column, isTest: file.isTest,
        kind: entry.library === "@nestjs/microservices" ? nestTransportKind(fact.args[0]) : entry.kind, library: entry.library, callee: fact.callee, targets: dedupe(targets),
      };
      if (file.service) conn.service = file.service;
      const driver = entry.kind === "database" && fact.args[0]?.kind === "string" ? SCHEME_SYSTEMS[fact.args[0].value] : undefined;
      // A NestJS `ClientsModule.register([...])` holds several clients: no one system for all.
      const system = entry.system ?? driver ?? (entry.library === "@nestjs/microservices" ? undefined : systemOfScheme(conn.targets));
      if (system) conn.system = system;
      out.push(conn);
    }
  }
  return out;
}

function slotTargets(resolver: ValueResolver, file: ModelFile, call: CallFact, role: TargetRole, slot: string, strings: StringFact[]): ConnectionTarget[] {
  const [argText, ...path] = slot.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, "."));
  const arg = call.args[Number(argText)];
  if (!arg) return [];
  const where = `${call.callee}${path.length ? ` (${path.join(".")})` : ""}`;
  const callStep: ChainStep = { file: call.loc.file, line: call.loc.line, column: call.loc.column, message: `passed to ${where}` };
  const out: ConnectionTarget[] = [];
  for (const r of walkAll(resolver, file, arg, path)) out.push(...targetsOf(resolver, file, r, role, strings, callStep));
  return out;
}

/** `walk` with `*` path segments standing for every item of an array (`0.*.options.url`). */
function walkAll(resolver: ValueResolver, file: ModelFile, value: Value, path: readonly string[]): Resolved[] {
  const star = path.indexOf("*");
  if (star < 0) {
    const r = resolver.walk(file, value, path);
    return r ? [r] : [];
  }
  const head = resolver.walk(file, value, path.slice(0, star));
  if (!head || head.value.kind !== "array") return [];
  return head.value.items.flatMap((item) => walkAll(resolver, file, item, path.slice(star + 1)).map((r) => ({ value: r.value, steps: [...head.steps, ...r.steps] })));
}

function targetsOf(resolver: ValueResolver, file: ModelFile, r: Resolved, role: TargetRole, strings: StringFact[], callStep: ChainStep): ConnectionTarget[] {
  const values = r.value.kind === "array" && (role === "servers" || role === "dsn") ? r.value.items : [r.value];
  const out: ConnectionTarget[] = [];
  for (const raw of values) {
    const v = raw.kind === "unknown" ? resolver.resolve(r.file ?? file, raw).value : raw;
    if (v.kind === "object" || v.kind === "array" || v.kind === "boolean") continue;
    const t = target(role, v);
    if (!t) continue;
    const steps = [...r.steps].reverse();
    if (t.literal) {
      const lit = t.literal.loc;
      const named = strings.find((s) => s.loc.line === lit.line && s.loc.column === lit.column);
      const label = named?.context.variable ?? named?.context.property;
      const first: ChainStep = { file: lit.file, line: lit.line, column: lit.column, message: t.origin === "env-default" ? `default of ${t.env!.name} written here` : `written here${label ? ` (${label})` : ""}` };
      t.chain = [first, ...steps.filter((s) => s.line !== lit.line || s.file !== lit.file)];
    } else t.chain = steps;
    if (t.env && t.origin !== "env-default") t.chain.push({ file: v.loc.file, line: v.loc.line, column: v.loc.column, message: `read from env ${t.env.name}` });
    const last = t.chain[t.chain.length - 1];
    if (!last || last.file !== callStep.file || last.line !== callStep.line) t.chain.push(callStep);
    out.push(t);
  }
  return out;
}

function target(role: TargetRole, v: Value): ConnectionTarget | undefined {
  const t: ConnectionTarget = { role, origin: "unknown", value: v, chain: [] };
  let lit: Value | undefined = v;
  if (v.kind === "env") {
    t.env = v.default ? { name: v.name, default: v.default } : { name: v.name };
    lit = v.default && (v.default.kind === "string" || v.default.kind === "number") ? v.default : undefined;
    t.origin = lit ? "env-default" : "env";
  } else if (v.kind === "string") t.origin = v.holes.length ? "partial" : "literal";
  else if (v.kind === "number") t.origin = "literal";
  else lit = undefined;
  if (lit && (lit.kind === "string" || lit.kind === "number")) {
    if (lit.kind === "number" && role !== "port") return undefined;
    t.literal = lit;
    if (lit.kind === "string" && role !== "port" && role !== "user" && role !== "password" && role !== "database") {
      const ep = parseEndpoint(lit, role === "servers" ? "servers" : role === "host" ? "host" : role === "address" ? "address" : role === "dsn" ? "dsn" : "url");
      if (ep) t.endpoint = ep;
    }
  }
  return t;
}

function dedupe(targets: ConnectionTarget[]): ConnectionTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.role}|${t.value.loc.file}:${t.value.loc.line}:${t.value.loc.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SCHEME_SYSTEMS: Record<string, string> = {
  mysql: "mysql", mariadb: "mysql", postgres: "postgresql", postgresql: "postgresql", mongodb: "mongodb", "mongodb+srv": "mongodb",
  redis: "redis", rediss: "redis", nats: "nats", amqp: "amqp", amqps: "amqp", kafka: "kafka", sqlserver: "sqlserver",
  // Go database/sql driver names
  pgx: "postgresql", sqlite3: "sqlite", sqlite: "sqlite", mssql: "sqlserver",
};

function systemOfScheme(targets: ConnectionTarget[]): string | undefined {
  for (const t of targets) {
    const s = t.endpoint?.scheme;
    if (s && SCHEME_SYSTEMS[s]) return SCHEME_SYSTEMS[s];
  }
  return undefined;
}

/** A NestJS client's kind from its `transport: Transport.X` (the first client of a list). */
function nestTransportKind(arg: Value | undefined): ConnectionKind {
  const first = arg?.kind === "array" ? arg.items[0] : arg;
  const t = first?.kind === "object" ? first.props.transport : undefined;
  const name = t?.kind === "unknown" ? t.text.slice(t.text.lastIndexOf(".") + 1) : t?.kind === "number" ? String(t.value) : "TCP";
  if (name === "GRPC") return "grpc";
  if (name === "REDIS") return "cache";
  if (["NATS", "KAFKA", "RMQ", "MQTT"].includes(name)) return "broker";
  return "tcp";
}

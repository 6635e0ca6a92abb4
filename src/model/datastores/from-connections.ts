import type { CallFact, Loc, Value } from "../../extract/facts.js";
import type { Connection, TargetRole } from "../connections/index.js";
import { ValueResolver } from "../connections/resolve.js";
import type { ModelFile } from "../types.js";
import { kindOfScheme, type StoreKind } from "./dsn.js";
import { FileIndex, literal, namespaceRead, prop, toTemplate, type ConfigNamespaces, type Template } from "./template.js";

/**
 * Where a service's code opens a connection to a store, with the settings as templates:
 * a connection string (`url`) or separate fields. Resolved against env per deployment target
 * later (resolve.ts).
 */
export interface ConnectionSpec {
  /** Client library (`mysql2`, `database/sql`, `spring-boot`). */
  library: string;
  /** The kind the library (or driver name, or `type:` option) implies; absent when only the URL scheme can tell. */
  kind?: StoreKind;
  loc: { file: string; line: number; column: number };
  url?: Template;
  host?: Template;
  port?: Template;
  database?: Template;
  /** Settings read only to record where they come from (a shared Secret key proves identity). */
  user?: Template;
  password?: Template;
  /** A bare `host:port` (go-redis `Addr`). */
  addr?: Template;
  /**
   * Prisma's multi-schema `schemas = ["orders", "auth"]`: the service's tables live in these
   * schemas of the database (for MySQL, these databases), whatever the URL's `?schema=` says.
   */
  schemas?: string[];
}

const FIELD: Partial<Record<TargetRole, keyof ConnectionSpec>> = {
  dsn: "url", url: "url", address: "addr", host: "host", port: "port", database: "database", user: "user", password: "password",
};

/**
 * Database and cache connections of `model.connections` (issue 3's catalog of client calls, with
 * values followed across files) as specs: each target's value becomes a template, with the env
 * reads folded into it traced back to their names.
 */
export function specsFromConnections(connections: readonly Connection[], files: readonly ModelFile[]): Map<string, ConnectionSpec[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const indexes = new Map<string, FileIndex>();
  const registered = configNamespaces(files);
  const defaults = schemaDefaults(files);
  const indexOf = (path: string): FileIndex => {
    let idx = indexes.get(path);
    if (!idx) {
      const file = byPath.get(path);
      const service = file?.service;
      const namespaces: ConfigNamespaces | undefined = service === undefined ? undefined : (name) => {
        const ns = registered.get(`${service}\0${name}`);
        return ns ? { value: ns.value, idx: indexOf(ns.file) } : undefined;
      };
      const envDefault = service === undefined ? undefined : (name: string) => {
        const d = defaults.get(`${service}\0${name}`);
        return d ? { value: d.value, idx: indexOf(d.file) } : undefined;
      };
      idx = new FileIndex(file?.facts ?? [], namespaces, envDefault);
      indexes.set(path, idx);
    }
    return idx;
  };
  const resolver = new ValueResolver(files, []);
  const out = new Map<string, ConnectionSpec[]>();
  for (const c of connections) {
    if (!c.service || c.isTest || (c.kind !== "database" && c.kind !== "cache")) continue;
    const call = indexOf(c.file).callAt({ file: c.file, line: c.line, column: c.column, endLine: c.line, endColumn: c.column });
    const found = asyncOptions(call?.args.find((a) => a.kind === "object"), byPath.get(c.file), resolver);
    const options = found?.value;
    // The options' own file reads their ConfigService calls and `type:` (an options class elsewhere).
    const optionsIdx = indexOf(found?.file ?? c.file);
    const kind = (c.system ? kindOfScheme(c.system) : undefined) ?? optionKind(options, optionsIdx);
    if (c.system && !kind) continue; // a store kind this rule does not compare (sqlite, cassandra, memcached)
    const spec: ConnectionSpec = { library: c.library, loc: { file: c.file, line: c.line, column: c.column }, ...(kind ? { kind } : {}) };
    for (const t of c.targets) {
      const field = FIELD[t.role];
      if (!field || spec[field] !== undefined || !usable(t.value)) continue;
      (spec as unknown as Record<string, Template>)[field] = toTemplate(t.value, indexOf(t.value.loc.file));
    }
    // A number in the URL slot is ioredis' `new Redis(6379, host)`: it is the port.
    if (spec.url && literal(spec.url) !== undefined && /^\d+$/.test(literal(spec.url)!)) delete spec.url;
    if (kind === "redis" && spec.database === undefined) {
      const db = prop(options, "DB") ?? prop(options, "db") ?? prop(options, "database");
      spec.database = db ? toTemplate(db, optionsIdx) : [{ text: "0" }];
    }
    if (!spec.url && !spec.host && !spec.addr && options) fromNamespace(spec, options, optionsIdx);
    if (!spec.url && !spec.host && !spec.addr) continue;
    out.set(c.service, [...(out.get(c.service) ?? []), spec]);
  }
  return out;
}

/**
 * `registerAs("database", () => ({ … }))` from `@nestjs/config`, per service and namespace: the
 * object the factory returns. A namespace registered twice in one service is ambiguous and left out.
 */
function configNamespaces(files: readonly ModelFile[]): Map<string, { value: Value; file: string } | undefined> {
  const out = new Map<string, { value: Value; file: string } | undefined>();
  for (const f of files) {
    if (f.service === undefined || f.isTest || (f.language !== "ts" && f.language !== "js")) continue;
    const local = f.facts.flatMap((x) => (x.kind === "import" && x.module === "@nestjs/config" ? (x.bindings ?? []).filter((b) => b.imported === "registerAs").map((b) => b.local) : []));
    if (local.length === 0) continue;
    for (const c of f.facts) {
      if (c.kind !== "call" || !local.includes(c.callee)) continue;
      const [name, factory] = c.args;
      if (name?.kind !== "string" || name.holes.length || factory?.kind !== "unknown" || !factory.returns) continue;
      const k = `${f.service}\0${name.value}`;
      out.set(k, out.has(k) ? undefined : { value: factory.returns, file: f.path });
    }
  }
  return out;
}

/**
 * Env var defaults of a Joi config schema (`ConfigModule.forRoot({ validationSchema: Joi.object({
 * DB_PORT: Joi.number().default(5432) }) })`), per service and name: `ConfigService.get` returns
 * the validated values, defaults filled in. Two schemas of one service that disagree leave it out.
 */
function schemaDefaults(files: readonly ModelFile[]): Map<string, { value: Value; file: string } | undefined> {
  const out = new Map<string, { value: Value; file: string } | undefined>();
  for (const f of files) {
    if (f.service === undefined || f.isTest || (f.language !== "ts" && f.language !== "js")) continue;
    const calls = new Map<string, CallFact>();
    // Keyed by the whole span: `Joi.number().default(5432)` and its `Joi.number()` start together.
    const span = (l: Loc) => `${l.line}:${l.column}:${l.endLine}:${l.endColumn}`;
    for (const c of f.facts) if (c.kind === "call") calls.set(span(c.loc), c);
    for (const c of calls.values()) {
      if (!/^joi\.object(\(\)\.keys)?$/i.test(c.callee) || c.args[0]?.kind !== "object") continue;
      for (const [name, v] of Object.entries(c.args[0].props)) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(name) || v.kind !== "call" || !/^joi\..*\.default$/i.test(v.callee)) continue;
        const d = calls.get(span(v.loc))?.args[0];
        if (d?.kind !== "string" && d?.kind !== "number") continue;
        const k = `${f.service}\0${name}`;
        const prev = out.get(k);
        const same = prev !== undefined && prev.value.kind === d.kind && String((prev.value as { value: unknown }).value) === String(d.value);
        out.set(k, !out.has(k) || same ? { value: d, file: f.path } : undefined);
      }
    }
  }
  return out;
}

/** An options class's factory method: `createTypeOrmOptions`, `createSequelizeOptions`, `createMongooseOptions`. */
const OPTIONS_METHOD = /^create\w*Options$/;

/**
 * NestJS `forRootAsync`: the options are the object `useFactory` returns, or what the `useClass` /
 * `useExisting` class's `create…Options()` returns; either may be imported from another file
 * (then `file` names it). Anything else is the options object itself.
 */
function asyncOptions(options: Value | undefined, file: ModelFile | undefined, resolver: ValueResolver): { value: Value; file?: string } | undefined {
  if (options?.kind !== "object") return options && { value: options };
  const walked = (path: string[]) => {
    const r = file ? resolver.walk(file, options, path) : undefined;
    return r && (r.file ? { value: r.value, file: r.file.path } : { value: r.value });
  };
  if (options.props.useFactory) {
    const r = walked(["useFactory", "()"]);
    if (r) return r;
  }
  for (const key of ["useClass", "useExisting"]) {
    if (!options.props[key]) continue;
    const cls = walked([key]);
    const method = cls?.value.kind === "object" ? Object.keys(cls.value.props).find((m) => OPTIONS_METHOD.test(m)) : undefined;
    const r = method ? walked([key, method, "()"]) : undefined;
    if (r) return r;
  }
  const factory = options.props.useFactory;
  return { value: factory?.kind === "unknown" && factory.returns ? factory.returns : options };
}

/** Option names of the Node database clients, by spec field (as catalog.ts `dbOptions`). */
const OPTION_FIELDS: Array<["url" | "host" | "port" | "user" | "password" | "database", string[]]> = [
  ["url", ["url", "uri", "connectionString"]],
  ["host", ["host", "hostname", "server"]],
  ["port", ["port"]],
  ["user", ["user", "username"]],
  ["password", ["password"]],
  ["database", ["database", "db"]],
];

/**
 * `useFactory: (config: ConfigService) => config.get("database")`: the options are a config
 * namespace (`registerAs("database", () => ({ … }))`), read field by field.
 */
function fromNamespace(spec: ConnectionSpec, options: Value, idx: FileIndex): void {
  const ns = namespaceRead(options, idx);
  if (ns?.value.kind !== "object") return;
  for (const [field, names] of OPTION_FIELDS) {
    const v = names.map((n) => ns.value.kind === "object" ? ns.value.props[n] : undefined).find((x) => x !== undefined && usable(x));
    if (v) spec[field] = toTemplate(v, ns.idx);
  }
  if (!spec.kind) {
    const kind = optionKind(ns.value, ns.idx);
    if (kind) spec.kind = kind;
  }
}

function usable(v: Value): boolean {
  return v.kind !== "object" && v.kind !== "array" && v.kind !== "boolean";
}

/** TypeORM `type`, knex `client`, Sequelize `dialect`. */
function optionKind(options: Value | undefined, idx: FileIndex): StoreKind | undefined {
  for (const key of ["type", "client", "dialect"]) {
    const v = prop(options, key);
    const name = v ? literal(toTemplate(v, idx)) : undefined;
    const kind = name ? kindOfScheme(name) : undefined;
    if (kind) return kind;
  }
  return undefined;
}

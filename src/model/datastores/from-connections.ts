import type { Value } from "../../extract/facts.js";
import type { Connection, TargetRole } from "../connections/index.js";
import type { ModelFile } from "../types.js";
import { kindOfScheme, type StoreKind } from "./dsn.js";
import { FileIndex, literal, prop, toTemplate, type Template } from "./template.js";

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
  const indexOf = (path: string) => {
    let idx = indexes.get(path);
    if (!idx) {
      idx = new FileIndex(byPath.get(path)?.facts ?? []);
      indexes.set(path, idx);
    }
    return idx;
  };
  const out = new Map<string, ConnectionSpec[]>();
  for (const c of connections) {
    if (!c.service || c.isTest || (c.kind !== "database" && c.kind !== "cache")) continue;
    const call = indexOf(c.file).callAt({ file: c.file, line: c.line, column: c.column, endLine: c.line, endColumn: c.column });
    const options = call?.args.find((a) => a.kind === "object");
    const kind = (c.system ? kindOfScheme(c.system) : undefined) ?? optionKind(options, indexOf(c.file));
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
      spec.database = db ? toTemplate(db, indexOf(c.file)) : [{ text: "0" }];
    }
    if (!spec.url && !spec.host && !spec.addr) continue;
    out.set(c.service, [...(out.get(c.service) ?? []), spec]);
  }
  return out;
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

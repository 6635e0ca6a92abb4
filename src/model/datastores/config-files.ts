import type { ConfigEntryFact, Loc, ManifestFact } from "../../extract/facts.js";
import { lineOfPath } from "../../extract/yaml/index.js";
import type { ModelFile } from "../types.js";
import type { ConnectionSpec } from "./from-connections.js";
import { kindOfScheme, type StoreKind } from "./dsn.js";
import { FileIndex, toTemplate, type Template } from "./template.js";

/** Spring Boot profiles that never run in a deployment. */
const SKIPPED_PROFILE = /^application-(test|tests|it|local|dev|h2)\.(ya?ml|properties)$/;

/** Spring-style datasource settings (`spring.datasource.url: jdbc:mysql://${DB_HOST:db}:3306/shop`). */
const SPRING: Array<{ path: string; kind?: StoreKind; field: "url" | "host" | "port" | "database" }> = [
  { path: "spring.datasource.url", field: "url" },
  { path: "spring.r2dbc.url", field: "url" },
  { path: "spring.data.mongodb.uri", kind: "mongodb", field: "url" },
  { path: "spring.data.mongodb.host", kind: "mongodb", field: "host" },
  { path: "spring.data.mongodb.port", kind: "mongodb", field: "port" },
  { path: "spring.data.mongodb.database", kind: "mongodb", field: "database" },
  { path: "spring.data.redis.url", kind: "redis", field: "url" },
  { path: "spring.data.redis.host", kind: "redis", field: "host" },
  { path: "spring.data.redis.port", kind: "redis", field: "port" },
  { path: "spring.data.redis.database", kind: "redis", field: "database" },
  { path: "spring.redis.host", kind: "redis", field: "host" },
  { path: "spring.redis.port", kind: "redis", field: "port" },
];

/**
 * Datastore settings in a service's configuration files: Spring `application.yml` and
 * `application.properties` (profiles that never deploy left out), and Prisma schema datasources.
 */
export function configSpecs(file: ModelFile): ConnectionSpec[] {
  if (file.language === "prisma") return prismaSpecs(file);
  const name = file.path.slice(file.path.lastIndexOf("/") + 1);
  if (SKIPPED_PROFILE.test(name)) return [];
  if (file.language === "properties") {
    if (!/^application(-[\w-]+)?\.properties$/.test(name)) return [];
    // Spring's relaxed binding compares keys without case, `-` or `_` (`spring.datasource.URL` is
    // `spring.datasource.url`); the last line of a key wins, as in Java.
    const entries = new Map<string, ConfigEntryFact>();
    for (const f of file.facts) if (f.kind === "config-entry" && f.format === "properties") entries.set(relaxed(f.key), f);
    return springSpecs((path) => {
      const e = entries.get(relaxed(path));
      return e?.value.kind === "string" ? { text: e.value.value, loc: e.loc } : undefined;
    });
  }
  if (!/^application(-[\w-]+)?\.ya?ml$/.test(name)) return [];
  const out: ConnectionSpec[] = [];
  for (const fact of file.facts) {
    if (fact.kind !== "manifest" || fact.format === "k8s" || fact.format === "compose") continue;
    out.push(
      ...springSpecs((path) => {
        const v = get(fact.doc, path.split("."));
        return v === undefined || v === null || typeof v === "object" ? undefined : { text: String(v), loc: locOf(fact, path) };
      }),
    );
  }
  return out;
}

/** One spec per store kind the Spring settings name (SQL datasource, MongoDB, Redis). */
function springSpecs(setting: (path: string) => { text: string; loc: Loc } | undefined): ConnectionSpec[] {
  const out: ConnectionSpec[] = [];
  const byKind = new Map<string, ConnectionSpec>();
  for (const s of SPRING) {
    const v = setting(s.path);
    if (!v) continue;
    const key = s.kind ?? "sql";
    let spec = byKind.get(key);
    if (!spec) {
      spec = { library: "spring-boot", loc: v.loc, ...(s.kind ? { kind: s.kind } : {}) };
      byKind.set(key, spec);
      out.push(spec);
    }
    spec[s.field] = springTemplate(v.text, v.loc);
  }
  return out;
}

const relaxed = (key: string) => key.toLowerCase().replace(/[-_]/g, "");

/**
 * A Prisma `datasource` block: `provider` names the store kind (`cockroachdb` speaks PostgreSQL;
 * SQLite is a file, never shared), `url` is a literal or `env("DATABASE_URL")`, followed through
 * env like any env read. `directUrl` (migrations past a pooler) and `shadowDatabaseUrl` (a
 * developer's scratch database) are not the runtime connection and are left out.
 */
function prismaSpecs(file: ModelFile): ConnectionSpec[] {
  const byName = new Map<string, { provider?: ConfigEntryFact; url?: ConfigEntryFact }>();
  for (const f of file.facts) {
    if (f.kind !== "config-entry" || f.format !== "prisma") continue;
    const m = /^datasource\.([^.]+)\.(provider|url)$/.exec(f.key);
    if (!m) continue;
    const ds = byName.get(m[1]!) ?? {};
    ds[m[2] as "provider" | "url"] = f;
    byName.set(m[1]!, ds);
  }
  const out: ConnectionSpec[] = [];
  const idx = new FileIndex([]);
  for (const { provider, url } of byName.values()) {
    const kind = provider?.value.kind === "string" ? kindOfScheme(provider.value.value) : undefined;
    if (!kind || !url) continue;
    out.push({ library: "prisma", kind, loc: url.loc, url: toTemplate(url.value, idx) });
  }
  return out;
}

/** Walks nested mappings, accepting flat dotted keys (`spring.datasource.url:`) at any level. */
function get(doc: unknown, parts: string[]): unknown {
  if (parts.length === 0) return doc;
  if (doc === null || typeof doc !== "object") return undefined;
  const rec = doc as Record<string, unknown>;
  for (let i = parts.length; i >= 1; i--) {
    const k = parts.slice(0, i).join(".");
    if (Object.hasOwn(rec, k)) {
      const v = get(rec[k], parts.slice(i));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

function locOf(fact: ManifestFact, path: string): Loc {
  const line = lineOfPath(fact, path);
  return { file: fact.loc.file, line, column: 1, endLine: line, endColumn: 1 };
}

/** `${DB_HOST:localhost}` placeholders: an env var (upper-case names only) with its default. */
function springTemplate(text: string, loc: Loc): Template {
  const out: Template = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{([^}:]+)(?::([^}]*))?\}/g)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    const name = m[1]!.trim();
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) out.push({ env: name, loc, ...(m[2] !== undefined ? { default: [{ text: m[2] }] } : {}) });
    else out.push({ unknown: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

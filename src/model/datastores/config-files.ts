import type { ConfigEntryFact, Loc, ManifestFact } from "../../extract/facts.js";
import { lineOfPath } from "../../extract/yaml/index.js";
import type { ModelFile } from "../types.js";
import type { ConnectionSpec } from "./from-connections.js";
import { kindOfScheme, type StoreKind } from "./dsn.js";
import { FileIndex, toTemplate, type Template } from "./template.js";

/**
 * Spring Boot profiles that never run in a deployment: a profile any of whose `-`/`_` words is one
 * of these (`test`, `integration-test`, `h2`, `local-docker`).
 */
const NON_DEPLOYED_WORD = /^(test|tests|testing|it|itest|e2e|local|dev|h2|testcontainers)$/i;
const isNonDeployedProfile = (profile: string) => profile.split(/[-_.]/).some((w) => NON_DEPLOYED_WORD.test(w));

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
  // Resources of a test source set (Gradle's `src/integrationTest`, Maven failsafe's `src/it`) never deploy.
  const sourceSet = /(?:^|\/)src\/([^/]+)\/resources\//.exec(file.path)?.[1];
  if (sourceSet !== undefined && /test|^it$|e2e/i.test(sourceSet)) return [];
  const profile = /^application-(.+)\.(?:ya?ml|properties)$/.exec(name)?.[1];
  if (profile !== undefined && isNonDeployedProfile(profile)) return [];
  if (file.language === "properties") {
    if (!/^application(-[\w-]+)?\.properties$/.test(name)) return [];
    // Spring's relaxed binding compares keys without case, `-` or `_` (`spring.datasource.URL` is
    // `spring.datasource.url`); the last line of a key wins, as in Java.
    const documents = new Map<number, Map<string, ConfigEntryFact>>();
    for (const f of file.facts) {
      if (f.kind !== "config-entry" || f.format !== "properties") continue;
      const doc = documents.get(f.document ?? 0) ?? new Map<string, ConfigEntryFact>();
      doc.set(relaxed(f.key), f);
      documents.set(f.document ?? 0, doc);
    }
    const start = { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const out: ConnectionSpec[] = [];
    for (const [n, entries] of documents) {
      // A `#---` document of a profile that never deploys (`spring.config.activate.on-profile=test`).
      const on = entries.get(relaxed("spring.config.activate.on-profile")) ?? (n > 0 ? entries.get(relaxed("spring.profiles")) : undefined);
      const activation = on?.value.kind === "string" ? profileNames(on.value.value) : undefined;
      if (activation && activation.every(isNonDeployedProfile)) continue;
      out.push(...springSpecs((path) => {
        const e = entries.get(relaxed(path));
        return e?.value.kind === "string" ? { text: e.value.value, loc: e.loc } : undefined;
      }, profile === undefined && n === 0 && !activation ? start : undefined));
    }
    return out;
  }
  if (!/^application(-[\w-]+)?\.ya?ml$/.test(name)) return [];
  const out: ConnectionSpec[] = [];
  let first = true;
  for (const fact of file.facts) {
    if (fact.kind !== "manifest" || fact.format === "k8s" || fact.format === "compose") continue;
    // A `---` document of a profile that never deploys (`spring.config.activate.on-profile: test`).
    const activation = activatedProfiles(fact.doc);
    if (activation && activation.every(isNonDeployedProfile)) continue;
    // Only the base file's profile-less first document says what runs when no file sets a store.
    const envOnly = profile === undefined && first && !activation ? { file: fact.loc.file, line: fact.loc.line, column: 1, endLine: fact.loc.line, endColumn: 1 } : undefined;
    first = false;
    out.push(
      ...springSpecs((path) => {
        const v = get(fact.doc, path.split("."));
        return v === undefined || v === null || typeof v === "object" ? undefined : { text: String(v), loc: locOf(fact, path) };
      }, envOnly),
    );
  }
  return out;
}

/**
 * The profiles a Spring YAML document is for (`spring.config.activate.on-profile`, or the older
 * `spring.profiles`): a name, a list, or an expression (`test | ci`, `!prod`). Undefined when the
 * document is not profile-specific; a negated or `&`-joined profile is kept as `!prod`, which no
 * skip list matches, so such a document counts as deployed.
 */
function activatedProfiles(doc: unknown): string[] | undefined {
  const v = get(doc, ["spring", "config", "activate", "on-profile"]) ?? get(doc, ["spring", "profiles"]);
  const items = typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  return profileNames(...items);
}

/** `test | ci`, `test,it` → the names; a negation or `&` expression stays whole (it never matches a skip word). */
function profileNames(...items: string[]): string[] | undefined {
  const names = items.flatMap((x) => (/[!&()]/.test(x) ? [x] : x.split(/[|,]/))).map((x) => x.trim()).filter((x) => x !== "");
  return names.length ? names : undefined;
}

/**
 * One spec per store kind the Spring settings name (SQL datasource, MongoDB, Redis). Every setting
 * can be overridden by its env var under Spring's relaxed binding (`SPRING_DATASOURCE_URL` beats
 * `spring.datasource.url`), which is how Kubernetes and compose files usually point a Spring
 * service at its database: the file's value is only the default. With `envOnly` (where the base
 * file starts), a store kind the file does not set at all is still read from those env vars, so a
 * Deployment giving `SPRING_DATASOURCE_URL` to a service whose file is silent counts.
 */
function springSpecs(setting: (path: string) => { text: string; loc: Loc } | undefined, envOnly?: Loc): ConnectionSpec[] {
  const byKind = new Map<string, ConnectionSpec>();
  for (const s of SPRING) {
    const v = setting(s.path);
    if (!v) continue;
    const key = s.kind ?? "sql";
    let spec = byKind.get(key);
    if (!spec) {
      spec = { library: "spring-boot", loc: v.loc, ...(s.kind ? { kind: s.kind } : {}) };
      byKind.set(key, spec);
    }
    spec[s.field] = [{ env: envName(s.path), loc: v.loc, implicit: true, default: springTemplate(v.text, v.loc) }];
  }
  if (envOnly) {
    const only = (...paths: string[]): Template => paths.reduceRight<Template | undefined>((d, p) => [{ env: envName(p), loc: envOnly, implicit: true, ...(d ? { default: d } : {}) }], undefined)!;
    if (!byKind.has("sql")) byKind.set("sql", { library: "spring-boot", loc: envOnly, url: only("spring.datasource.url") });
    if (!byKind.has("mongodb")) byKind.set("mongodb", { library: "spring-boot", kind: "mongodb", loc: envOnly, url: only("spring.data.mongodb.uri") });
    if (!byKind.has("redis")) byKind.set("redis", { library: "spring-boot", kind: "redis", loc: envOnly, host: only("spring.data.redis.host", "spring.redis.host") });
  }
  // Spring's Redis client uses db 0 unless told otherwise: one keyspace, as for the Node and Go clients.
  const redis = byKind.get("redis");
  if (redis && !redis.database) redis.database = [{ env: envName("spring.data.redis.database"), loc: { ...redis.loc, endLine: redis.loc.line, endColumn: redis.loc.column }, implicit: true, default: [{ text: "0" }] }];
  return [...byKind.values()];
}

/** The env var Spring's relaxed binding reads for a property: `spring.data.redis.host` → `SPRING_DATA_REDIS_HOST`. */
const envName = (path: string) => path.toUpperCase().replace(/\./g, "_").replace(/-/g, "");

const relaxed = (key: string) => key.toLowerCase().replace(/[-_]/g, "");

/**
 * A Prisma `datasource` block: `provider` names the store kind (`cockroachdb` speaks PostgreSQL;
 * SQLite is a file, never shared), `url` is a literal or `env("DATABASE_URL")`, followed through
 * env like any env read. `directUrl` (migrations past a pooler) and `shadowDatabaseUrl` (a
 * developer's scratch database) are not the runtime connection and are left out.
 */
function prismaSpecs(file: ModelFile): ConnectionSpec[] {
  const byName = new Map<string, { provider?: ConfigEntryFact; url?: ConfigEntryFact; schemas?: ConfigEntryFact }>();
  for (const f of file.facts) {
    if (f.kind !== "config-entry" || f.format !== "prisma") continue;
    const m = /^datasource\.([^.]+)\.(provider|url|schemas)$/.exec(f.key);
    if (!m) continue;
    const ds = byName.get(m[1]!) ?? {};
    ds[m[2] as "provider" | "url" | "schemas"] = f;
    byName.set(m[1]!, ds);
  }
  const out: ConnectionSpec[] = [];
  const idx = new FileIndex([]);
  for (const { provider, url, schemas } of byName.values()) {
    const kind = provider?.value.kind === "string" ? kindOfScheme(provider.value.value) : undefined;
    if (!kind || !url) continue;
    const spec: ConnectionSpec = { library: "prisma", kind, loc: url.loc, url: toTemplate(url.value, idx) };
    const names = schemas?.value.kind === "array" ? schemas.value.items.flatMap((i) => (i.kind === "string" && i.value !== "" ? [i.value] : [])) : [];
    if (names.length) spec.schemas = [...new Set(names)].sort();
    out.push(spec);
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

/**
 * `${DB_HOST:localhost}` placeholders: an env var (upper-case names only) with its default, which
 * may hold placeholders itself (`${DB_URL:jdbc:mysql://${DB_HOST:db}:3306/shop}`). Another
 * property (`${vcap.services.db.uri}`) is not followed and stays unknown.
 */
export function springTemplate(text: string, loc: Loc): Template {
  const out: Template = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const end = text.startsWith("${", i) ? closing(text, i + 2) : -1;
    if (end < 0) {
      plain += text[i++];
      continue;
    }
    if (plain) out.push({ text: plain });
    plain = "";
    const body = text.slice(i + 2, end);
    const colon = topLevelColon(body);
    const name = (colon < 0 ? body : body.slice(0, colon)).trim();
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) out.push({ env: name, loc, ...(colon >= 0 ? { default: springTemplate(body.slice(colon + 1), loc) } : {}) });
    else out.push({ unknown: text.slice(i, end + 1) });
    i = end + 1;
  }
  if (plain) out.push({ text: plain });
  return out;
}

/** The `}` closing a placeholder whose body starts at `from`, nested `${…}` skipped; -1 if none. */
function closing(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
    } else if (text[i] === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The first `:` of a placeholder body outside nested placeholders (the name/default separator). */
function topLevelColon(body: string): number {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    if (body.startsWith("${", i)) {
      depth++;
      i++;
    } else if (body[i] === "}") depth--;
    else if (body[i] === ":" && depth === 0) return i;
  }
  return -1;
}

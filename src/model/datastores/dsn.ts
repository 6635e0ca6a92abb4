/**
 * Connection strings of the stores services share most: MySQL (URL and the Go driver's
 * `user:pass@tcp(host:3306)/db?…`), PostgreSQL (URLs and libpq `key=value` strings), MongoDB
 * (`mongodb://` with replica lists, `mongodb+srv://`), Redis (URLs and bare `host:port`), and the
 * JDBC forms Spring configs carry. Pure string work: no I/O, no DNS.
 *
 * Parts that the scan resolved to an identity rather than a value (a Secret key) arrive as opaque
 * tokens of `[a-z0-9_]`, which every format here accepts as a host, user or database name.
 */

export type StoreKind = "mysql" | "postgresql" | "mongodb" | "redis" | "sqlserver";

export interface Endpoint {
  host: string;
  /** 0 when the format names no port and has no default (mongodb+srv: ports come from DNS SRV). */
  port: number;
}

export interface ParsedDsn {
  kind: StoreKind;
  endpoints: Endpoint[];
  /** Database (schema) name; for Redis the db index ("0" when none is given). */
  database?: string;
  /** The database alone, when `database` also names a schema in it (`shop` of `shop.orders`). */
  catalog?: string;
  user?: string;
}

export const DEFAULT_PORTS: Record<StoreKind, number> = { mysql: 3306, postgresql: 5432, mongodb: 27017, redis: 6379, sqlserver: 1433 };

const SCHEMES: Record<string, StoreKind> = {
  mysql: "mysql", mysqlx: "mysql", mysql2: "mysql", mariadb: "mysql",
  postgres: "postgresql", postgresql: "postgresql", pgsql: "postgresql", pg: "postgresql", cockroachdb: "postgresql",
  mongodb: "mongodb", "mongodb+srv": "mongodb",
  redis: "redis", rediss: "redis", "redis+sentinel": "redis", valkey: "redis",
  sqlserver: "sqlserver", mssql: "sqlserver",
};

/** The store kind a URL scheme (or JDBC subprotocol, or Go `sql.Open` driver name) names. */
export function kindOfScheme(scheme: string): StoreKind | undefined {
  const s = scheme.toLowerCase();
  if (s === "pgx" || s === "nrpostgres" || s === "cloudsqlpostgres") return "postgresql";
  return SCHEMES[s];
}

/**
 * Parses a connection string. `hint` is the kind the call site implies (a `mysql2` pool, a Go
 * `sql.Open("mysql", …)`); it decides how schemeless forms are read. Undefined when the text is
 * not a connection string this module knows.
 */
export function parseDsn(text: string, hint?: StoreKind): ParsedDsn | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const jdbc = /^jdbc:([a-z0-9+]+):(.*)$/i.exec(t);
  if (jdbc) return parseJdbc(jdbc[1]!, jdbc[2]!);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(t);
  if (scheme) {
    const kind = kindOfScheme(scheme[1]!);
    // Prisma's SQL Server URLs keep the JDBC shape: `sqlserver://db:1433;database=shop;user=…`.
    if (kind === "sqlserver" && t.includes(";")) return parseJdbc("sqlserver", t.slice(scheme[0].length - 2));
    return kind ? parseUrl(kind, t.slice(scheme[0].length), scheme[1]!.toLowerCase()) : undefined;
  }
  if (hint === "postgresql" && /(^|\s)(host|hostaddr|dbname|port|user)\s*=/.test(t)) return parseKeyValue(t);
  if (hint === "mysql" && /^(.*@)?(\w+\([^)]*\))?\/[^/]*$/.test(t)) return parseGoMysql(t);
  if (hint === "sqlserver" && /(^|;)\s*(server|data source)\s*=/i.test(t)) return parseAdo(t);
  if (hint && /^[a-z0-9_.-]+(:\d+)?$/i.test(t)) {
    // A bare `host:port` (Redis `Addr`, ioredis `new Redis("cache:6379")`).
    const ep = endpoint(t, hint);
    return ep ? { kind: hint, endpoints: [ep], ...(hint === "redis" ? { database: "0" } : {}) } : undefined;
  }
  return undefined;
}

function parseUrl(kind: StoreKind, rest: string, scheme: string): ParsedDsn | undefined {
  // userinfo@hosts/path?query — the password may hold '@', so the last '@' before the path ends it.
  const pathStart = firstOf(rest, "/?");
  const authority = pathStart < 0 ? rest : rest.slice(0, pathStart);
  const tail = pathStart < 0 ? "" : rest.slice(pathStart);
  const at = authority.lastIndexOf("@");
  const userinfo = at < 0 ? "" : authority.slice(0, at);
  const hosts = at < 0 ? authority : authority.slice(at + 1);
  const user = userinfo ? decode(userinfo.split(":")[0]!) : undefined;
  const q = tail.indexOf("?");
  const path = decode((q < 0 ? tail : tail.slice(0, q)).replace(/^\//, ""));
  const query = new URLSearchParams(q < 0 ? "" : tail.slice(q + 1));
  const srv = scheme === "mongodb+srv";
  const endpoints: Endpoint[] = [];
  for (const h of hosts.split(",")) {
    if (!h) continue;
    const ep = endpoint(h, kind, srv);
    if (!ep) return undefined;
    endpoints.push(ep);
  }
  // libpq and several drivers accept the host in the query (`postgres:///db?host=/tmp` or `?host=db`).
  const qhost = query.get("host");
  if (endpoints.length === 0 && qhost) {
    const ep = endpoint(qhost + (query.get("port") ? `:${query.get("port")}` : ""), kind);
    if (ep) endpoints.push(ep);
  }
  if (endpoints.length === 0) return undefined;
  const out: ParsedDsn = { kind, endpoints };
  if (user) out.user = user;
  let database: string | undefined = path.split("/")[0] || undefined;
  if (kind === "redis") database = /^\d+$/.test(path) ? path : query.get("db") ?? "0";
  if (kind === "postgresql") {
    database ??= query.get("dbname") ?? undefined;
    // Prisma's `?schema=` and pgJDBC's `?currentSchema=` pick a schema of the database: services in
    // different schemas share the server, not the tables. `public` is where no setting puts them.
    const schema = query.get("schema") ?? query.get("currentSchema");
    if (database && schema && schema !== "public") {
      out.catalog = database;
      database = `${database}.${schema}`;
    }
  }
  if (database) out.database = database;
  return out;
}

/** `jdbc:mysql://h:3306/db`, `jdbc:postgresql://h/db`, `jdbc:sqlserver://h:1433;databaseName=db`. */
function parseJdbc(sub: string, rest: string): ParsedDsn | undefined {
  const kind = kindOfScheme(sub === "mysql:loadbalance" ? "mysql" : sub);
  if (!kind || !rest.startsWith("//")) return undefined;
  if (kind === "sqlserver") {
    const [hostPart, ...props] = rest.slice(2).split(";");
    const ep = endpoint(hostPart!.split("\\")[0]!, kind);
    if (!ep) return undefined;
    const out: ParsedDsn = { kind, endpoints: [ep] };
    const db = kv(props.join(";"), ";").get("databasename") ?? kv(props.join(";"), ";").get("database");
    if (db) out.database = db;
    return out;
  }
  return parseUrl(kind, rest.slice(2), sub.toLowerCase());
}

/** libpq `host=db port=5432 dbname=shop user=app password='x y'`. */
function parseKeyValue(text: string): ParsedDsn | undefined {
  const m = kv(text, " ");
  const hosts = (m.get("host") ?? m.get("hostaddr") ?? "").split(",");
  const ports = (m.get("port") ?? "").split(",");
  const endpoints: Endpoint[] = [];
  hosts.forEach((h, i) => {
    if (!h) return;
    const port = ports[i] ?? ports[0];
    const ep = endpoint(port ? `${h}:${port}` : h, "postgresql");
    if (ep) endpoints.push(ep);
  });
  if (endpoints.length === 0) return undefined;
  const out: ParsedDsn = { kind: "postgresql", endpoints };
  const db = m.get("dbname");
  if (db) out.database = db;
  const user = m.get("user");
  if (user) out.user = user;
  return out;
}

/** go-sql-driver/mysql: `[user[:password]@][net[(addr)]]/dbname[?param=value]`. */
function parseGoMysql(text: string): ParsedDsn | undefined {
  const slash = text.lastIndexOf("/", text.indexOf("?") < 0 ? text.length : text.indexOf("?"));
  const head = text.slice(0, slash);
  const tail = text.slice(slash + 1);
  const at = head.lastIndexOf("@");
  const userinfo = at < 0 ? "" : head.slice(0, at);
  const net = at < 0 ? head : head.slice(at + 1);
  let addr = "localhost:3306";
  const m = /^(\w+)\(([^)]*)\)$/.exec(net);
  if (m) {
    if (m[1] === "unix") addr = "localhost";
    else if (m[2]) addr = m[2];
  } else if (net && net !== "tcp") return undefined;
  const ep = endpoint(addr, "mysql");
  if (!ep) return undefined;
  const out: ParsedDsn = { kind: "mysql", endpoints: [ep] };
  const user = userinfo.split(":")[0];
  if (user) out.user = user;
  const db = tail.split("?")[0];
  if (db) out.database = decode(db);
  return out;
}

/** ADO.NET `Server=tcp:db,1433;Database=shop;User Id=…`. */
function parseAdo(text: string): ParsedDsn | undefined {
  const m = kv(text, ";");
  const server = (m.get("server") ?? m.get("data source") ?? "").replace(/^tcp:/i, "");
  const [host, port] = server.split(",");
  const ep = endpoint(port ? `${host}:${port}` : host ?? "", "sqlserver");
  if (!ep) return undefined;
  const out: ParsedDsn = { kind: "sqlserver", endpoints: [ep] };
  const db = m.get("database") ?? m.get("initial catalog");
  if (db) out.database = db;
  return out;
}

/** `key=value` pairs split on `sep`, keys lower-cased, single-quoted values unquoted. */
function kv(text: string, sep: " " | ";"): Map<string, string> {
  const out = new Map<string, string>();
  const re = sep === " " ? /([a-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/gi : /([^;=]+)=([^;]*)/g;
  for (const m of text.matchAll(re)) {
    let v = m[2]!.trim();
    if (v.startsWith("'") && v.endsWith("'")) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    out.set(m[1]!.trim().toLowerCase(), v);
  }
  return out;
}

function endpoint(text: string, kind: StoreKind, srv = false): Endpoint | undefined {
  let host = text;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) {
    host = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else {
    const m = /^([^:/]*)(?::(\d*))?$/.exec(text);
    if (!m) return undefined;
    host = m[1]!;
    if (m[2]) port = Number(m[2]);
  }
  host = decode(host).toLowerCase();
  if (!host || !/^[a-z0-9_.:-]+$/.test(host)) return undefined;
  return { host, port: port ?? (srv ? 0 : DEFAULT_PORTS[kind]) };
}

/**
 * One spelling per in-cluster host: `mysql-main`, `mysql-main.data`, `mysql-main.data.svc` and
 * `mysql-main.data.svc.cluster.local` are one Service when the workload's namespace is `data`.
 * A bare name is qualified with the namespace only when the namespace is known (compose service
 * names stay bare).
 */
export function normalizeHost(host: string, namespace?: string): string {
  let h = host.toLowerCase().replace(/\.$/, "");
  h = h.replace(/\.svc\.cluster\.local$/, "").replace(/\.svc$/, "");
  if (namespace && /^[a-z0-9_-]+$/.test(h) && !isLoopback(h)) h = `${h}.${namespace}`;
  return h;
}

/** Each pod's (and each developer's) own machine: never the same store for two services. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "0.0.0.0" || host === "::1" || host.startsWith("127.") || host === "host.docker.internal";
}

/** The text with the password of any userinfo or `password=` pair replaced by `****`. */
export function maskSecrets(text: string): string {
  return text
    .replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, "$1****@")
    .replace(/^([^:/@\s]*:)[^@\s]*@(?=\w*\()/, "$1****@")
    .replace(/(password\s*=\s*)('[^']*'|[^\s;&]*)/gi, "$1****");
}

/** A copy of plain JSON data with {@link maskSecrets} applied to every string in it. */
export function maskSecretsDeep<T>(value: T): T {
  if (typeof value === "string") return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map(maskSecretsDeep) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskSecretsDeep(v);
    return out as T;
  }
  return value;
}

function firstOf(s: string, chars: string): number {
  let best = -1;
  for (const c of chars) {
    const i = s.indexOf(c);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

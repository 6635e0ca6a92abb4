import type { RelatedLocation, Severity } from "../../check/finding.js";
import type { Detector, FindingInput } from "../../check/rule.js";
import { createPathMatcher } from "../../discover/glob.js";
import type { Connection, ConnectionTarget, HostPort, Piece } from "../../model/connections/index.js";
import type { Model } from "../../model/types.js";

/**
 * A host, IP or port written in code that reaches a call which connects (model.connections): the
 * peer cannot change without a rebuild. Only catalog calls count, so URLs in logs, docs, comments,
 * error messages and redirects never get here; listen/bind addresses are not connections.
 */
export const hardcodedEndpoint: Detector = {
  name: "hardcoded-endpoint",
  defaults: {
    skipTests: true,
    defaultSeverity: "info",
    localhost: "dev-only",
    devPaths: ["scripts/**", "script/**", "tools/**", "hack/**", "dev/**", "bench/**", "benchmarks/**", "examples/**", "example/**", "loadtest/**", "load-test/**", "**/*.config.{js,ts,mjs,cjs}"],
    allowHosts: [],
  },
  run({ model, params, report }) {
    const dev = createPathMatcher(asStrings(params.devPaths));
    const allowed = asStrings(params.allowHosts).map((h) => new RegExp(`^${h.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^.]*")}$`, "i"));
    const localhost = String(params.localhost ?? "dev-only");
    const defaultSeverity = String(params.defaultSeverity ?? "info");
    const found = new Map<string, FindingInput>();
    for (const conn of model.connections ?? []) {
      if (conn.isTest && params.skipTests !== false) continue;
      for (const t of conn.targets) {
        if (t.origin === "env" || t.origin === "unknown" || !t.endpoint) continue;
        if (t.origin === "env-default" && defaultSeverity === "off") continue;
        for (const hp of t.endpoint.hosts) {
          const hit = judge(conn, t, hp);
          if (!hit) continue;
          if (hit.what === "host" && (PLATFORM_HOSTS.has(hit.piece.text.toLowerCase()) || allowed.some((re) => re.test(hit.piece.text)))) continue;
          let severity = t.origin === "env-default" ? (defaultSeverity as Severity) : undefined;
          if (hit.loopback) {
            // A loopback default is a laptop default; a loopback literal is fine in dev tooling and
            // health checks (the service calling itself), and usually a sidecar elsewhere: info.
            if (t.origin === "env-default" || localhost === "allow" || SELF_CHECK.test(conn.file)) continue;
            if (localhost === "dev-only") {
              if (dev.matches(conn.file)) continue;
              severity = "info";
            }
            // "report": the rule's own severity.
          }
          add(found, model, conn, t, hit, severity);
        }
      }
    }
    for (const f of found.values()) report(f);
  },
};

interface Hit {
  what: "host" | "port";
  piece: Piece;
  loopback: boolean;
}

/** Which part of a target is written in code: the host, or only the port of an otherwise configured address. */
function judge(conn: Connection, t: ConnectionTarget, hp: HostPort): Hit | undefined {
  const host = hp.host;
  if (host && host.literal && host.text) {
    const h = host.text.toLowerCase().replace(/^\[|\]$/g, "");
    if (h === "0.0.0.0" || h === "::" || h === "*") return undefined; // a bind address, not a peer
    if (!/^[a-z0-9_.:-]+$/.test(h)) return undefined;
    return { what: "host", piece: host, loopback: isLoopback(h) };
  }
  const port = hp.port;
  if (t.origin === "env-default" || !port || !port.literal || !port.text) return undefined;
  if (!host || host.literal) return undefined; // no host at all: `:8080` is a bind address
  if (STANDARD_PORTS[conn.system ?? ""] === Number(port.text) || SCHEME_PORTS[t.endpoint?.scheme ?? ""] === Number(port.text)) return undefined;
  return { what: "port", piece: port, loopback: false };
}

function add(found: Map<string, FindingInput>, model: Model, conn: Connection, t: ConnectionTarget, hit: Hit, severity: Severity | undefined): void {
  const key = `${hit.piece.file}:${hit.piece.line}:${hit.piece.column}`;
  const related: RelatedLocation[] = t.chain.map((s) => ({ file: s.file, line: s.line, ...(s.column ? { column: s.column } : {}), message: s.message }));
  const prev = found.get(key);
  if (prev) {
    const seen = new Set(prev.related?.map((r) => `${r.file}:${r.line}:${r.message}`));
    for (const r of related) if (!seen.has(`${r.file}:${r.line}:${r.message}`)) prev.related!.push(r);
    return;
  }
  const target = t.literal?.kind === "string" ? t.literal.value : hit.piece.text;
  const where = `${conn.callee} (${conn.library}${conn.system && conn.system !== conn.library ? `, ${conn.system}` : ""})`;
  let message: string;
  if (t.origin === "env-default") {
    const sets = model.env.filter((b) => b.name === t.env!.name && (!conn.service || b.service === conn.service));
    for (const b of sets) related.push({ file: b.file, line: b.line, message: `${b.target} sets ${b.name}` });
    const setBy = sets.length ? ` (set by ${[...new Set(sets.map((b) => b.target))].join(", ")})` : " (no manifest in the repo sets it)";
    message = `Default endpoint ${target} for ${t.env!.name} reaches ${where}: it is used wherever the deployment does not set ${t.env!.name}${setBy}. Make the variable required, or keep the default only for local runs.`;
  } else if (hit.what === "port") {
    message = `Hardcoded port ${hit.piece.text} in the ${conn.kind} target passed to ${where}: the host is configured but the port is fixed in code. Configure the whole address (host and port) instead.`;
  } else if (hit.loopback) {
    message = `Loopback endpoint ${hit.piece.text}${target !== hit.piece.text ? ` (${target})` : ""} reaches ${where}: in a pod this is the pod itself or a sidecar. If that is the intent, fine; otherwise read the address from configuration.`;
  } else {
    message = `Hardcoded ${conn.kind} endpoint ${hit.piece.text}${target !== hit.piece.text ? ` (${target})` : ""} reaches ${where}; moving it needs a new build. Read it from configuration (an env var set by the deployment) instead.`;
  }
  const f: FindingInput = { message, file: hit.piece.file, line: hit.piece.line, column: hit.piece.column, endLine: hit.piece.line, endColumn: hit.piece.column + hit.piece.text.length, related };
  if (conn.service) f.service = conn.service;
  if (severity) f.severity = severity;
  found.set(key, f);
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "::1" || host === "host.docker.internal";
}

/** Addresses the platform itself fixes: the in-cluster API server and cloud metadata services. */
const PLATFORM_HOSTS = new Set([
  "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
  "169.254.169.254", "metadata.google.internal", "metadata", "fd00:ec2::254",
]);

/** Health-check programs call the service itself on loopback. */
const SELF_CHECK = /(^|\/)[^/]*health[-_]?check[^/]*$|(^|\/)healthcheck\//i;

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Ports that say nothing about which peer: the server software's standard port. */
const STANDARD_PORTS: Record<string, number> = { mysql: 3306, postgresql: 5432, mongodb: 27017, redis: 6379, nats: 4222, amqp: 5672, kafka: 9092, sqlserver: 1433, memcached: 11211, cassandra: 9042, mqtt: 1883 };
const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };

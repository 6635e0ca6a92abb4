/**
 * Containers of one workload manifest: ports, probes and preStop hooks with their lines, and
 * whether a Helm action prints keys into the container that the lenient read cannot see.
 */
import type { ManifestFact } from "../extract/facts.js";
import { lineOfPath } from "../extract/yaml/index.js";
import { getPath, isObject, isTemplated, readInt, readPort, readString } from "./k8s-values.js";
import { TIMING_FIELDS, type Container, type ContainerPort, type Probe, type ProbeHandler, type ProbeType } from "./workload-types.js";

const PROBE_KEYS: ReadonlyArray<[ProbeType, string]> = [
  ["liveness", "livenessProbe"],
  ["readiness", "readinessProbe"],
  ["startup", "startupProbe"],
];

/**
 * Lines of Helm output actions (`{{- include … }}`) that may add keys anywhere around them. An
 * action right under (or on the line of) a key with an empty value (`resources:` then
 * `{{- toYaml … }}`) only fills that key, so it does not count; one under a key that also has
 * keys of its own (Bitnami's `livenessProbe: {{- include … }}` then `tcpSocket:`) counts.
 */
export function looseOutputLines(fact: ManifestFact): number[] {
  const out = fact.helmOutputLines;
  if (!out || out.length === 0) return [];
  const entries = Object.entries(fact.lines).sort((a, b) => a[1] - b[1] || a[0].length - b[0].length);
  const filled = new Set<string>();
  const loose: number[] = [];
  for (const line of out) {
    let before: string | undefined;
    // The deepest key on the closest line at or above: the key itself for `key: {{ … | nindent }}`.
    for (const [path, l] of entries) {
      if (l > line) break;
      before = path;
    }
    if (before !== undefined && getPath(fact.doc, before) === null && !filled.has(before)) filled.add(before);
    else loose.push(line);
  }
  return loose;
}

/** The last line of the block that starts at `path` (up to the next line that is not under it). */
function blockEnd(fact: ManifestFact, path: string, start: number): number {
  let last = start;
  let next = Infinity;
  for (const [p, l] of Object.entries(fact.lines)) {
    if (p === path || p.startsWith(`${path}.`)) last = Math.max(last, l);
  }
  for (const [p, l] of Object.entries(fact.lines)) {
    if (l > last && l < next && p !== path && !p.startsWith(`${path}.`)) next = l;
  }
  return next === Infinity ? Infinity : next - 1;
}

/** Containers (or init containers) of the pod spec at `podPath`. */
export function readContainers(fact: ManifestFact, podPath: string, init: boolean, loose: number[]): Container[] {
  const listPath = `${podPath}.${init ? "initContainers" : "containers"}`;
  const list = getPath(fact.doc, listPath);
  if (!Array.isArray(list)) return [];
  const out: Container[] = [];
  list.forEach((raw: unknown, i: number) => {
    if (!isObject(raw)) return;
    const base = `${listPath}.${i}`;
    const line = lineOfPath(fact, base);
    // Only templates with printed blocks need the container's extent.
    const open = loose.length > 0 && loose.some((l) => l > line && l <= (i + 1 < list.length ? lineOfPath(fact, `${listPath}.${i + 1}`) - 1 : blockEnd(fact, base, line)));
    const c: Container = {
      name: typeof raw.name === "string" ? raw.name : String(i),
      line,
      init,
      sidecar: init && raw.restartPolicy === "Always",
      hasImage: raw.image !== undefined,
      ports: readPorts(fact, base, raw.ports),
      probes: {},
      open,
    };
    c.probes = readProbes(fact, base, raw, open);
    const preStop = getPath(raw, "lifecycle.preStop");
    if (preStop !== undefined) c.preStop = { line: lineOfPath(fact, `${base}.lifecycle.preStop`), sleepSeconds: preStopSleep(preStop) };
    out.push(c);
  });
  return out;
}

/** The liveness, readiness and startup probes of the mapping at `base` (a container, or Helm values). */
export function readProbes(fact: ManifestFact, base: string, raw: Record<string, unknown>, open: boolean): Container["probes"] {
  const probes: Container["probes"] = {};
  const prefix = base === "" ? "" : `${base}.`;
  for (const [type, key] of PROBE_KEYS) {
    if (Object.hasOwn(raw, key)) probes[type] = readProbe(fact, `${prefix}${key}`, type, raw[key], open);
  }
  return probes;
}

function readPorts(fact: ManifestFact, base: string, raw: unknown): ContainerPort[] | null {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return null;
  return raw.map((p: unknown, i: number) => {
    const line = lineOfPath(fact, `${base}.ports.${i}`);
    if (!isObject(p)) return { containerPort: null, name: null, line };
    const port = readInt(p.containerPort);
    return { containerPort: port === undefined ? null : port, name: readString(p.name), line };
  });
}

function readProbe(fact: ManifestFact, path: string, type: ProbeType, raw: unknown, open: boolean): Probe {
  const line = lineOfPath(fact, path);
  const probe: Probe = {
    type,
    line,
    handler: null,
    timing: { initialDelaySeconds: null, periodSeconds: null, timeoutSeconds: null, successThreshold: null, failureThreshold: null },
    timingLines: {},
  };
  if (!isObject(raw)) return probe; // the whole body comes from a Helm action
  for (const field of TIMING_FIELDS) {
    const v = readInt(raw[field]);
    // Keys a Helm action prints into the container might set an absent field.
    probe.timing[field] = v === undefined && open ? null : v;
    if (Object.hasOwn(raw, field)) probe.timingLines[field] = lineOfPath(fact, `${path}.${field}`);
  }
  if (Object.keys(raw).some(isTemplated)) return probe;
  const kinds = (["httpGet", "tcpSocket", "grpc", "exec"] as const).filter((k) => Object.hasOwn(raw, k));
  if (kinds.length !== 1) return probe; // none, or if/else branches that left two
  const kind = kinds[0]!;
  const body = raw[kind];
  const h = isObject(body) ? body : {};
  const known = isObject(body);
  if (Object.hasOwn(h, "port")) probe.portLine = lineOfPath(fact, `${path}.${kind}.port`);
  const port = known ? readPort(h.port) : null;
  probe.handler = handlerOf(kind, h, known, port);
  return probe;
}

function handlerOf(kind: "httpGet" | "tcpSocket" | "grpc" | "exec", h: Record<string, unknown>, known: boolean, port: number | string | null | undefined): ProbeHandler {
  switch (kind) {
    case "httpGet": {
      const headers = h.httpHeaders === undefined ? "" : isTemplated(h.httpHeaders) ? null : JSON.stringify(h.httpHeaders);
      return {
        kind,
        port,
        path: known ? (readString(h.path) ?? (h.path === undefined ? "/" : null)) : null,
        host: known ? readString(h.host) : null,
        scheme: known ? (readString(h.scheme) ?? (h.scheme === undefined ? "HTTP" : null)) : null,
        headers: known ? headers : null,
      };
    }
    case "tcpSocket":
      return { kind, port, host: known ? readString(h.host) : null };
    case "grpc":
      return { kind, port, service: known ? (readString(h.service) ?? (h.service === undefined ? "" : null)) : null };
    case "exec": {
      const cmd = h.command;
      const ok = known && Array.isArray(cmd) && cmd.every((x) => typeof x === "string" || typeof x === "number") && !isTemplated(cmd);
      return { kind, command: ok ? (cmd as unknown[]).map(String) : null };
    }
  }
}

const SHELLS = /(?:^|\/)(?:ba|da|a|z)?sh$/;
const SLEEP = /(?:^|\/)sleep$/;
/** `sleep 15` at the start of a shell script (what runs after it is not timed). */
const SCRIPT_SLEEP = /^\s*(?:exec\s+)?(?:\/\S*\/)?sleep\s+(\d+(?:\.\d+)?)s?\s*(?:$|;|&&|\n)/;

/** Seconds a preStop hook sleeps before anything else; `null` when it cannot be told. */
function preStopSleep(hook: unknown): number | null {
  if (!isObject(hook) || isTemplated(hook)) return null;
  if (isObject(hook.sleep)) return readInt(hook.sleep.seconds) ?? null;
  const cmd = getPath(hook, "exec.command");
  if (!Array.isArray(cmd) || !cmd.every((x) => typeof x === "string" || typeof x === "number")) return null;
  const args = cmd.map(String);
  if (args.length === 2 && SLEEP.test(args[0]!)) return seconds(args[1]!);
  if (args.length >= 3 && SHELLS.test(args[0]!) && /^-[a-z]*c$/.test(args[1]!)) {
    const m = SCRIPT_SLEEP.exec(args[2]!);
    return m ? Number(m[1]) : null;
  }
  return null;
}

function seconds(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)s?$/.exec(s.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Reading values out of Kubernetes manifests that may be Helm templates. A Helm action became the
 * placeholder `__HELM__` (or an empty value when it printed a whole block), so every read says
 * one of three things: the value, `undefined` (not set: Kubernetes' default applies) or `null`
 * (set, but to something only a render would tell). Rules never report from `null`.
 */
import { HELM_PLACEHOLDER } from "../extract/yaml/index.js";

/** Set, but unknown until Helm renders the template. */
export type Unknown = null;

/** Whether a value holds a Helm placeholder anywhere (keys included). */
export function isTemplated(v: unknown): boolean {
  if (typeof v === "string") return v.includes(HELM_PLACEHOLDER);
  if (Array.isArray(v)) return v.some(isTemplated);
  if (v !== null && typeof v === "object") {
    return Object.entries(v).some(([k, x]) => k.includes(HELM_PLACEHOLDER) || isTemplated(x));
  }
  return false;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The value at a dotted path (`spec.template.spec.containers.0`); `undefined` when any step is missing. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Object.hasOwn(cur, part) ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return cur;
}

/** The pod spec path of a workload kind (a CronJob nests it in its job template). */
export function podSpecPath(kind: string): string {
  if (kind === "Pod") return "spec";
  if (kind === "CronJob") return "spec.jobTemplate.spec.template.spec";
  return "spec.template.spec";
}

/** A whole number of seconds or a count: a number, a numeric string, absent, or unknown. */
export function readInt(v: unknown): number | Unknown | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return null;
}

/** A string; `null` when templated or not a scalar. */
export function readString(v: unknown): string | Unknown | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return isTemplated(v) ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** A port reference (`port: 8080` or `port: http`); `null` when templated. */
export function readPort(v: unknown): number | string | Unknown | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && !isTemplated(v)) return /^\d+$/.test(v) ? Number(v) : v;
  return null;
}

/** Names in messages: a templated name is shown as `{{…}}` rather than the placeholder. */
export function shown(name: string): string {
  return name.split(HELM_PLACEHOLDER).join("{{…}}");
}

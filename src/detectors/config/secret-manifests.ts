/**
 * Credentials in deployment files: plain env values named like credentials (Kubernetes workloads,
 * compose, committed `.env` files other than examples), DSNs with passwords in any env value,
 * ConfigMap keys named like credentials, values of committed Secret manifests, credential keys in
 * Helm values and config YAML, and provider tokens in any of them.
 */
import type { FindingInput } from "../../check/rule.js";
import type { ManifestFact } from "../../extract/facts.js";
import { lineOfPath } from "../../extract/yaml/index.js";
import type { Model, ModelFile } from "../../model/types.js";
import { findToken, isSecretName, looksLikeSecretValue, mask } from "./secret-values.js";

const EXAMPLE_FILE = /\.(example|sample|template|tmpl|dist|defaults?)$|(^|\/)(example|sample)[^/]*\.env$/i;
/** CI definitions: their database passwords belong to throwaway service containers. */
const CI_FILE = /^\.github\/|^\.circleci\/|(^|\/)\.gitlab-ci\.ya?ml$|(^|\/)\.drone\.ya?ml$|(^|\/)bitbucket-pipelines\.ya?ml$/;
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@/\s]+)@[^@\s]+$|^[^:@/\s]*:([^@/\s]+)@(tcp|unix)\(/i;

interface Options {
  manifests: boolean;
  envFiles: boolean;
  skipTests: boolean;
}

export function manifestSecrets(model: Model, opts: Options, add: (f: FindingInput) => void): void {
  const byPath = new Map(model.files.map((f) => [f.path, f]));
  const skip = (path: string) => {
    const f = byPath.get(path);
    return EXAMPLE_FILE.test(path) || CI_FILE.test(path) || (opts.skipTests && !!f?.isTest);
  };
  const check: Check = (file, line, name, value, where, service, risk) => {
    if (skip(file)) return;
    const problem = judge(name, value, risk);
    if (!problem) return;
    const f: FindingInput = { message: `${problem} ${where}: anyone who can read the repo can use it. ${FIX}`, file, line, column: 1 };
    if (service) f.service = service;
    add(f);
  };
  if (opts.manifests) {
    for (const b of model.env) {
      if (b.value === undefined || (b.source.kind !== "literal" && b.source.kind !== "env-file")) continue;
      if (b.source.kind === "env-file" && !opts.envFiles) continue;
      check(b.file, b.line, b.name, b.value, `for ${b.name} on ${b.target}`, b.service);
    }
  }
  for (const file of model.files) {
    if ((file.language !== "yaml" && file.language !== "env") || skip(file.path)) continue;
    for (const fact of file.facts) {
      if (fact.kind === "env-file-entry" && opts.envFiles) check(file.path, fact.loc.line, fact.name, fact.value, `for ${fact.name} in ${file.path}`, file.service);
      else if (fact.kind === "manifest" && opts.manifests) manifest(file, fact, check);
    }
  }
}

const FIX = "Reference a Secret instead (secretKeyRef, an external secret store, or a sealed secret), and rotate the value.";

/** What is wrong with a name = value pair, if anything (the value masked). */
function judge(name: string, value: string, where: "prose-risk" | "credential-slot" = "credential-slot"): string | undefined {
  const token = findToken(value);
  if (token) return `${token.name} (${mask(token.match)})`;
  const url = URL_CREDENTIALS.exec(value.trim());
  const pw = url ? (url[1] ?? url[2]) : undefined;
  if (pw && looksLikeSecretValue(pw)) return `Password in a connection string (${mask(pw)})`;
  if (isSecretName(name) && looksLikeSecretValue(value, name, where)) return `Plain-text credential (${mask(value)})`;
  return undefined;
}

type Check = (file: string, line: number, name: string, value: string, where: string, service?: string, risk?: "prose-risk") => void;

function manifest(file: ModelFile, m: ManifestFact, check: Check): void {
  const doc = m.doc as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object") return;
  if (m.format === "k8s") {
    if (m.resourceKind === "ConfigMap") scalars(doc.data, "data", (path, key, value) => check(file.path, lineOfPath(m, path), key, value, `in ConfigMap ${m.name} key ${key}`, file.service));
    else if (m.resourceKind === "Secret") {
      // A committed Secret manifest holds its values in the repo (base64 is an encoding, not encryption).
      scalars(doc.stringData, "stringData", (path, key, value) => check(file.path, lineOfPath(m, path), secretKey(key), value, `in Secret ${m.name} key ${key}`, file.service));
      scalars(doc.data, "data", (path, key, value) => {
        const decoded = decodeBase64(value);
        if (decoded !== undefined) check(file.path, lineOfPath(m, path), secretKey(key), decoded, `in Secret ${m.name} key ${key} (base64)`, file.service);
      });
    }
    return; // workload env values come through model.env
  }
  if (m.format === "compose") {
    const env = doc.environment;
    if (Array.isArray(env)) {
      env.forEach((item, i) => {
        if (typeof item !== "string" || !item.includes("=")) return;
        const eq = item.indexOf("=");
        check(file.path, lineOfPath(m, `environment.${i}`), item.slice(0, eq), item.slice(eq + 1), `for ${item.slice(0, eq)} on compose service ${m.name}`, file.service);
      });
    } else scalars(env, "environment", (path, key, value) => check(file.path, lineOfPath(m, path), key, value, `for ${key} on compose service ${m.name}`, file.service));
    return;
  }
  // Helm values and configuration YAML: any credential-named key, at any depth.
  walk(doc, "", 0, (path, key, value) => check(file.path, lineOfPath(m, path), key, value, `under ${path} in ${file.path}`, file.service, "prose-risk"));
}

/** Every key of a flat string map. */
function scalars(map: unknown, base: string, visit: (path: string, key: string, value: string) => void): void {
  if (!map || typeof map !== "object" || Array.isArray(map)) return;
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) if (typeof v === "string" || typeof v === "number") visit(`${base}.${k}`, k, String(v));
}

function walk(node: unknown, path: string, depth: number, visit: (path: string, key: string, value: string) => void): void {
  if (depth > 12 || !node || typeof node !== "object") return;
  const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node as Record<string, unknown>);
  for (const [k, v] of entries) {
    const p = path ? `${path}.${k}` : k;
    if (typeof v === "string") visit(p, k, v);
    else walk(v, p, depth + 1, visit);
  }
}

/** Every key of a Secret holds a credential; keep the key's own name when it says more. */
function secretKey(key: string): string {
  return isSecretName(key) ? key : `${key}_secret`;
}

function decodeBase64(v: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(v)) return undefined;
  const text = Buffer.from(v, "base64").toString("utf8");
  return /^[\x20-\x7e\n\r\t]*$/.test(text) ? text : undefined;
}

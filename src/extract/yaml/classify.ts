/**
 * Which kind of YAML a file or document is. Path rules only see the path (the extractor is given one
 * file), so they are deliberately simple; see the README-style notes on each function.
 */

function segmentsOf(path: string): string[] {
  return path.replace(/\\/g, "/").split("/").filter((s) => s !== "" && s !== ".");
}

function basenameOf(path: string): string {
  const segs = segmentsOf(path);
  return segs[segs.length - 1] ?? "";
}

/**
 * A compose file by name: `docker-compose.yml`, `docker-compose.prod.yaml`,
 * `docker-compose-dev.yml`, `compose.yaml`, `compose.override.yml` (case-insensitive).
 */
export function isComposePath(path: string): boolean {
  return /^(docker[-_.])?compose([-_.][^/]*)?\.ya?ml$/i.test(basenameOf(path));
}

const CHART_FOLDERS = new Set(["charts", "chart", "helm", "helm-charts", "helmfile", "helmfile.d"]);

/**
 * Helm values by name:
 * - `values.yaml`, `values.yml`, `values-<env>.yaml`, `values.<env>.yaml`, `values_<env>.yaml`
 *   anywhere (the name is Helm's convention, and only Helm-ish tooling uses it);
 * - `<env>-values.yaml` / `<env>.values.yaml` / `<env>_values.yaml` only when some folder on the
 *   path is `charts`, `chart`, `helm`, `helm-charts`, `helmfile` or `helmfile.d`.
 * Files inside a chart's `templates/` folder are never values.
 */
export function isHelmValuesPath(path: string): boolean {
  const segs = segmentsOf(path);
  const base = segs[segs.length - 1] ?? "";
  if (segs.slice(0, -1).includes("templates")) return false;
  if (/^values([-_.][^/]*)?\.ya?ml$/i.test(base)) return true;
  if (/[-_.]values\.ya?ml$/i.test(base)) {
    return segs.slice(0, -1).some((s) => CHART_FOLDERS.has(s.toLowerCase()));
  }
  return false;
}

const GENERIC_FOLDERS = new Set([
  "helm",
  "chart",
  "charts",
  "helm-charts",
  "values",
  "deploy",
  "deployment",
  "deployments",
  "k8s",
  "kube",
  "kubernetes",
  "env",
  "envs",
  "environments",
  "config",
  "configs",
  "infra",
  "ops",
]);

/**
 * The chart (hence, usually, service) a values file belongs to: the nearest enclosing folder whose
 * name is not generic (`helm`, `chart(s)`, `deploy`, `k8s`, `environments`, …), looking at most
 * three folders up; "" when there is none.
 */
export function helmChartName(path: string): string {
  const segs = segmentsOf(path).slice(0, -1);
  for (let up = 0; up < 3 && segs.length > 0; up++) {
    const seg = segs.pop()!;
    if (!GENERIC_FOLDERS.has(seg.toLowerCase())) return seg;
  }
  return "";
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A document with string `apiVersion` and `kind`. */
export function isK8sDoc(doc: unknown): doc is Record<string, unknown> & { apiVersion: string; kind: string } {
  return isPlainObject(doc) && typeof doc.apiVersion === "string" && typeof doc.kind === "string" && doc.kind !== "";
}

function isServiceLike(v: unknown): boolean {
  return isPlainObject(v) && ("image" in v || "build" in v);
}

/**
 * A compose document by content: a top-level `services` mapping whose entries are all mappings
 * (or empty), at least one of them with `image` or `build`.
 */
export function looksLikeCompose(doc: unknown): boolean {
  if (!isPlainObject(doc) || !isPlainObject(doc.services)) return false;
  const entries = Object.values(doc.services);
  if (entries.length === 0) return false;
  return entries.every((e) => e === null || isPlainObject(e)) && entries.some(isServiceLike);
}

/**
 * The services of a document in a compose file: the `services` mapping (compose v2/v3 and the
 * Compose Specification), or for the legacy v1 format (no `services`, no `version`) the top level
 * itself when every entry has `image` or `build`. Null when the document has no services.
 */
export function composeServices(doc: unknown): Record<string, unknown> | null {
  if (!isPlainObject(doc)) return null;
  if ("services" in doc) return isPlainObject(doc.services) ? doc.services : null;
  if ("version" in doc) return null;
  const entries = Object.values(doc);
  if (entries.length > 0 && entries.every(isServiceLike)) return doc;
  return null;
}

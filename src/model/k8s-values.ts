/**
 * Reading values out of Kubernetes manifests that may be Helm templates. A Helm action became the
 * placeholder `__HELM__` (or an empty value when it printed a whole block), so every read says
 * one of three things: the value, `undefined` (not set: Kubernetes' default applies) or `null`
 * (set, but to something only a render would tell). Rules never report from `null`.
 * {@link ChartValues} renders the simple template scalars (`{{ .Values.db.host | quote }}`) from the
 * chart's default values.yaml, for the model's env bindings.
 */
import type { Fact, ManifestFact } from "../extract/facts.js";
import { HELM_PLACEHOLDER, helmChartName, lineOfPath, renderHelmScalar } from "../extract/yaml/index.js";

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

/** A step of the evidence chain (same shape as EnvBinding's). */
export interface ValueStep {
  file: string;
  line: number;
  message: string;
}

/** A template scalar rendered from its chart's values.yaml, with the values lines it came from. */
export interface RenderedValue {
  value: string;
  /** The values.yaml keys it used (and the template line, where a `default` applied). */
  chain: ValueStep[];
  /** The chart's values file. */
  valuesFile: string;
}

/** One source of a chart's values: a values file, or the part of an umbrella chart's values that is its. */
interface Layer {
  fact: ManifestFact;
  /** Where the chart's values sit in the file (`orders.` in the umbrella's values.yaml). */
  prefix: string;
  values: unknown;
  /** The umbrella's `global:` (a subchart's own `global` is under `values`). */
  global?: unknown;
}

/** Helm's coalescing of values: mappings merge key by key, `null` deletes, anything else replaces. */
function overlay(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else Object.defineProperty(out, k, { value: overlay(Object.hasOwn(base, k) ? base[k] : undefined, v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A chart's values: its own, then each umbrella's part and `global:` over them. */
function merged(layers: readonly Layer[]): unknown {
  let values: unknown = layers[0]!.values;
  for (const l of layers.slice(1)) values = overlay(overlay(values, l.values), l.global === undefined ? undefined : { global: l.global });
  return values;
}

/**
 * The default values of every chart in the repo (`<chart>/values.yaml`), for rendering the scalars
 * of its templates (`<chart>/templates/…`). A subchart (`<umbrella>/charts/<sub>/`, the umbrella
 * having a Chart.yaml) also gets the umbrella's `<sub>:` and `global:` values over its own, as
 * installing the umbrella does. Only default files are read: `values-<env>.yaml` and `--set`
 * overrides are not merged, so a value only an override sets stays unknown.
 */
export class ChartValues {
  /** Chart folder → its values fact; `null` when the file has several documents (Helm reads one). */
  private readonly byChart = new Map<string, ManifestFact | null>();
  /** Chart folder → its Chart.yaml document. */
  private readonly chartYaml = new Map<string, unknown>();

  constructor(files: readonly { path: string; facts: readonly Fact[] }[]) {
    for (const f of files) {
      const chart = /^(?:(.*)\/)?Chart\.yaml$/.exec(f.path);
      if (chart) {
        const doc = f.facts.find((x): x is ManifestFact => x.kind === "manifest");
        if (doc) this.chartYaml.set(chart[1] ?? "", doc.doc);
        continue;
      }
      const m = /^(?:(.*)\/)?values\.ya?ml$/.exec(f.path);
      if (!m) continue;
      for (const fact of f.facts) {
        if (fact.kind !== "manifest" || fact.format !== "helm-values") continue;
        const dir = m[1] ?? "";
        this.byChart.set(dir, this.byChart.has(dir) ? null : fact);
      }
    }
  }

  /** The chart folder of a template (`charts/orders` for `charts/orders/templates/deploy.yaml`). */
  static chartOf(templatePath: string): string | undefined {
    const segs = templatePath.split("/");
    const i = segs.lastIndexOf("templates", segs.length - 2);
    return i < 0 ? undefined : segs.slice(0, i).join("/");
  }

  /** The chart's values sources, lowest precedence first; `undefined` when they cannot be told. */
  private layers(chart: string): Layer[] | undefined {
    const own = this.byChart.get(chart);
    if (!own) return undefined;
    const out: Layer[] = [{ fact: own, prefix: "", values: own.doc }];
    const keys: string[] = [];
    for (let sub = chart; ; ) {
      const m = /^(?:(.*)\/)?charts\/([^/]+)$/.exec(sub);
      const parent = m?.[1] ?? "";
      if (!m || !this.chartYaml.has(parent)) return out;
      const deps = (this.chartYaml.get(parent) as { dependencies?: unknown } | null)?.dependencies;
      // An alias renames the subchart's key in the umbrella's values: which one is meant stays open.
      if (Array.isArray(deps) && deps.some((d) => isObject(d) && d.name === m[2] && typeof d.alias === "string" && d.alias !== m[2])) return undefined;
      keys.unshift(m[2]!);
      const values = this.byChart.get(parent);
      if (values === null) return undefined;
      if (values) out.push({ fact: values, prefix: `${keys.join(".")}.`, values: getPath(values.doc, keys.join(".")), global: isObject(values.doc) ? values.doc.global : undefined });
      sub = parent;
    }
  }

  /**
   * The chart's name: its Chart.yaml `name:`, else the chart folder's name, skipping generic
   * folders (`chart/`, `helm/`, `deploy/`… say nothing: `services/orders/chart` is `orders`); ""
   * when nothing names it.
   */
  chartName(chart: string): string {
    const name = (this.chartYaml.get(chart) as { name?: unknown } | null | undefined)?.name;
    if (typeof name === "string" && name.trim() !== "" && !isTemplated(name)) return name.trim();
    return helmChartName(`${chart}/Chart.yaml`);
  }

  /**
   * The chart's default values as Helm merges them; `{}` when the chart has no values file and no
   * umbrella above it; `undefined` when they cannot be told (several documents, an aliased subchart).
   */
  values(chart: string): unknown {
    if (!this.byChart.has(chart)) {
      // An umbrella's values may still set this subchart's: without its own file, leave it open.
      const sub = /^(?:(.*)\/)?charts\/[^/]+$/.exec(chart);
      return sub && this.chartYaml.has(sub[1] ?? "") ? undefined : {};
    }
    const layers = this.layers(chart);
    return layers ? merged(layers) : undefined;
  }

  /**
   * The scalar at `path` of a Helm template fact, rendered with its chart's default values;
   * `undefined` when it holds no action, or any part of it cannot be told.
   */
  render(fact: ManifestFact, path: string): RenderedValue | undefined {
    const scalar = fact.helmScalars?.[path];
    const chart = scalar ? ChartValues.chartOf(fact.loc.file) : undefined;
    const layers = chart === undefined ? undefined : this.layers(chart);
    if (!scalar || !layers) return undefined;
    const r = renderHelmScalar(scalar, merged(layers));
    if ("unknown" in r) return undefined;
    const chain: ValueStep[] = r.refs.map((ref) => {
      // The layer that set it: the last one holding the path.
      const l = [...layers].reverse().find((x) => (ref.startsWith("global.") && getPath(x.global, ref.slice("global.".length)) !== undefined) || getPath(x.values, ref) !== undefined) ?? layers[0]!;
      const inFile = getPath(l.values, ref) !== undefined ? `${l.prefix}${ref}` : ref;
      return { file: l.fact.loc.file, line: lineOfPath(l.fact, inFile), message: `${inFile} in ${l.fact.loc.file}` };
    });
    const file = layers[0]!.fact.loc.file;
    for (const d of r.defaulted) chain.push({ file: fact.loc.file, line: lineOfPath(fact, path), message: `${d} is empty or not set in ${file}: the template's default applies` });
    return { value: r.value, chain, valuesFile: file };
  }
}

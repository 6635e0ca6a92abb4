/**
 * The name a Helm-templated workload is joined to its service by. Charts name their workloads
 * through helpers (`name: {{ include "orders.fullname" . }}-worker`), which the lenient YAML read
 * turns into `__HELM__-worker`: a name no service has. By Helm's conventions (what `helm create`
 * and Bitnami's `common.names.*` helpers print) each of these forms stands for the chart's name,
 * i.e. the service the chart deploys:
 *
 * - `{{ include "<x>.fullname" . }}`, `{{ template "<x>.fullname" . }}`: `fullnameOverride`, else
 *   `nameOverride`, else the chart's name (the release prefix Helm adds is left out: it names the
 *   installation, not the service);
 * - `{{ include "<x>.name" . }}`, `{{ template "<x>.name" . }}`: `nameOverride`, else the chart's name;
 * - `{{ .Chart.Name }}`, and `{{ .Release.Name }}` (releases are named after their chart);
 *
 * with literal text around it kept (`orders-worker`). Other actions are rendered from the chart's
 * default values with `.Chart.Name`, and an `include` of the helpers above (in parentheses, or at
 * the head of a pipeline such as `| trunc 63 | trimSuffix "-"`), as what they print: so
 * `{{ .Values.nameOverride | default .Chart.Name }}` resolves, while anything that still needs a
 * real render (`{{ printf "%s-%s" .Release.Name .Values.component }}`) leaves the name unknown.
 */
import type { ManifestFact } from "../extract/facts.js";
import { HELM_PLACEHOLDER, renderHelmScalar } from "../extract/yaml/index.js";
import { actionEnd } from "../extract/yaml/helm.js";
import { ChartValues, isObject } from "./k8s-values.js";

/** `include "orders.fullname" .`, `template "common.names.name" $`. */
const HELPER = /^(?:include|template)\s+"[^"\s]*\.(fullname|name)"\s+[.$]$/;
const CHART_OR_RELEASE = /^\$?\.(?:Chart|Release)\.Name$/;
/** The same helpers as an argument of another function (`default (include "x.fullname" .) …`). */
const HELPER_ARG = /\(\s*include\s+"[^"\s]*\.(fullname|name)"\s+[.$]\s*\)/g;
/** …or at the head of a pipeline (`include "x.fullname" . | trunc 63`). */
const HELPER_HEAD = /^include\s+"[^"\s]*\.(fullname|name)"\s+[.$](?=\s*\|)/;
const CHART_NAME_ARG = /\$?\.Chart\.Name(?![\w.])/g;
/** What Kubernetes accepts as a name (lowercase is checked by the API server, not needed here). */
const K8S_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** The body of an action: without braces and trim markers. */
function bodyOf(action: string): string {
  return action.replace(/^\{\{(?:-(?=\s))?/, "").replace(/(?:(?<=\s)-)?\}\}$/, "").trim();
}

/** A non-empty string value, `undefined` when unset or empty, `null` when set to something else. */
function override(values: unknown, key: string): string | null | undefined {
  const v = isObject(values) ? values[key] : undefined;
  if (v === undefined || v === null || v === "") return undefined;
  return typeof v === "string" ? v.trim() : null;
}

/** What a `<x>.fullname` / `<x>.name` helper prints for the chart; `undefined` when unknown. */
function helperName(kind: string, chart: string, values: unknown): string | undefined {
  if (values === undefined) return undefined;
  const full = kind === "fullname" ? override(values, "fullnameOverride") : undefined;
  const name = override(values, "nameOverride");
  if (full === null || name === null) return undefined;
  return full ?? name ?? chart;
}

/**
 * The name to join a workload fact by: its name when it holds no Helm action, the chart-based name
 * when its `metadata.name` is one of the conventional forms above, else `undefined` (unknown).
 */
export function workloadJoinName(fact: ManifestFact, charts: ChartValues): string | undefined {
  return chartNamedScalar(fact, "metadata.name", fact.name, charts);
}

/**
 * Any name-like scalar of a manifest read the same way (a Service's name, a selector or pod label
 * value, an Ingress backend): `value` as the lenient read gave it when it holds no Helm action,
 * else the scalar at `path` resolved by the chart's conventions, else `undefined` (unknown).
 */
export function chartNamedScalar(fact: ManifestFact, path: string, value: string, charts: ChartValues): string | undefined {
  if (!value.includes(HELM_PLACEHOLDER)) return value;
  const scalar = fact.helmScalars?.[path];
  const chartDir = ChartValues.chartOf(fact.loc.file);
  if (!scalar || chartDir === undefined) return undefined;
  const chart = charts.chartName(chartDir);
  if (chart === "") return undefined;
  const values = charts.values(chartDir);
  const src = scalar.source;
  let out = "";
  let rest = false;
  let from = 0;
  for (;;) {
    const open = src.indexOf("{{", from);
    out += src.slice(from, open < 0 ? src.length : open);
    if (open < 0) break;
    const end = actionEnd(src, open);
    const action = src.slice(open, end);
    if (!action.endsWith("}}")) return undefined;
    const body = bodyOf(action);
    const helper = HELPER.exec(body);
    if (helper || CHART_OR_RELEASE.test(body)) {
      const name = helper ? helperName(helper[1]!, chart, values) : chart;
      if (name === undefined) return undefined;
      out += name;
    } else {
      let unknown = false;
      const helperLiteral = (_: string, kind: string): string => {
        const name = helperName(kind, chart, values);
        if (name === undefined) unknown = true;
        return JSON.stringify(name ?? "");
      };
      const replaced = body
        .replace(HELPER_HEAD, helperLiteral)
        .replace(HELPER_ARG, helperLiteral)
        .replace(CHART_NAME_ARG, JSON.stringify(chart));
      if (unknown) return undefined;
      out += `{{ ${replaced} }}`;
      rest = true;
    }
    from = end;
  }
  // Actions left are rendered from the chart's default values (the conditions of blocks around
  // the name do not change it, so they are not passed); plain text is only read back as YAML.
  if (rest && values === undefined) return undefined;
  const r = renderHelmScalar({ source: out }, rest ? values : {});
  if ("unknown" in r) return undefined;
  const name = r.value;
  return K8S_NAME.test(name) && !name.includes(HELM_PLACEHOLDER) ? name : undefined;
}

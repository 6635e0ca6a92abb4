import { describe, expect, it } from "vitest";
import type { ManifestFact } from "../src/extract/facts.js";
import { extractYaml } from "../src/extract/yaml/index.js";
import { ChartValues } from "../src/model/k8s-values.js";
import { workloadJoinName } from "../src/model/workload-names.js";

/** The join name of a Deployment named `name` in `<chart>/templates/deployment.yaml`. */
function joinName(name: string, opts: { chart?: string; chartYaml?: string; values?: string } = {}): string | undefined {
  const chart = opts.chart ?? "charts/orders";
  const files = [{ path: `${chart}/templates/deployment.yaml`, text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec: {}\n` }];
  if (opts.chartYaml !== undefined) files.push({ path: `${chart}/Chart.yaml`, text: opts.chartYaml });
  if (opts.values !== undefined) files.push({ path: `${chart}/values.yaml`, text: opts.values });
  const facts = files.map((f) => ({ path: f.path, facts: extractYaml(f.path, f.text).facts }));
  const deployment = facts[0]!.facts.find((f): f is ManifestFact => f.kind === "manifest" && f.resourceKind === "Deployment")!;
  return workloadJoinName(deployment, new ChartValues(facts));
}

describe("workloadJoinName", () => {
  it("reads Helm's conventional name helpers as the chart's name, keeping literal text", () => {
    const chartYaml = "apiVersion: v2\nname: orders\nversion: 1.0.0\n";
    expect(joinName('{{ include "orders.fullname" . }}', { chartYaml })).toBe("orders");
    expect(joinName('{{ template "orders.fullname" . }}-worker', { chartYaml })).toBe("orders-worker");
    expect(joinName('"{{- include "common.names.fullname" . -}}"', { chartYaml })).toBe("orders");
    expect(joinName('{{ include "orders.name" $ }}', { chartYaml })).toBe("orders");
    expect(joinName("{{ .Release.Name }}-migrate", { chartYaml })).toBe("orders-migrate");
    expect(joinName("cron-{{ .Chart.Name }}", { chartYaml })).toBe("cron-orders");
    // Bitnami's worker names: printf around the helper, cut to 63 characters.
    expect(joinName('{{ printf "%s-worker" (include "common.names.fullname" .) | trunc 63 | trimSuffix "-" }}', { chartYaml })).toBe("orders-worker");
    expect(joinName('{{ include "orders.fullname" . | trunc 63 | trimSuffix "-" }}-api', { chartYaml })).toBe("orders-api");
    // No Chart.yaml: the chart folder's name; a generic folder (`chart/`) names nothing.
    expect(joinName('{{ include "x.fullname" . }}')).toBe("orders");
    expect(joinName('{{ include "x.fullname" . }}', { chart: "services/billing/chart" })).toBe("billing");
    expect(joinName('{{ include "x.fullname" . }}', { chart: "chart" })).toBeUndefined();
  });

  it("applies nameOverride / fullnameOverride from the chart's values", () => {
    const chartYaml = "apiVersion: v2\nname: orders\n";
    expect(joinName('{{ include "orders.fullname" . }}', { chartYaml, values: "fullnameOverride: shop-orders\nnameOverride: x\n" })).toBe("shop-orders");
    expect(joinName('{{ include "orders.fullname" . }}', { chartYaml, values: 'fullnameOverride: ""\nnameOverride: ordering\n' })).toBe("ordering");
    expect(joinName('{{ include "orders.name" . }}', { chartYaml, values: "fullnameOverride: shop-orders\n" })).toBe("orders");
    expect(joinName("{{ .Values.nameOverride | default .Chart.Name }}", { chartYaml, values: 'nameOverride: ""\n' })).toBe("orders");
    expect(joinName("{{ .Values.nameOverride | default .Chart.Name }}", { chartYaml, values: "nameOverride: ordering\n" })).toBe("ordering");
    expect(joinName('{{ default (include "orders.fullname" .) .Values.fullnameOverride }}', { chartYaml, values: "image: x\n" })).toBe("orders");
    expect(joinName("{{ .Values.service.name }}", { chartYaml, values: "service:\n  name: orders-api\n" })).toBe("orders-api");
  });

  it("leaves anything else unknown", () => {
    const chartYaml = "apiVersion: v2\nname: orders\n";
    expect(joinName('{{ printf "%s-%s" .Release.Name .Values.component }}', { chartYaml, values: "component: api\n" })).toBeUndefined();
    expect(joinName('{{ include "orders.labels" . }}', { chartYaml })).toBeUndefined();
    expect(joinName('{{ include "orders.fullname" .Subcharts.db }}', { chartYaml })).toBeUndefined();
    expect(joinName("{{ .Release.Namespace }}", { chartYaml })).toBeUndefined();
    expect(joinName("{{ .Values.name }}", { chartYaml, values: "image: x\n" })).toBeUndefined();
    expect(joinName("{{ $name }}", { chartYaml })).toBeUndefined();
    // An override that is not a string: what the helper prints is not ours to guess.
    expect(joinName('{{ include "orders.fullname" . }}', { chartYaml, values: "nameOverride: [a]\n" })).toBeUndefined();
    // Not a template at all: the name as written.
    expect(joinName("orders-api", { chartYaml })).toBe("orders-api");
  });
});

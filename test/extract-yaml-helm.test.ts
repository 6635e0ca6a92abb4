import { describe, expect, it } from "vitest";
import type { ManifestFact } from "../src/extract/facts.js";
import { extractYaml } from "../src/extract/yaml/index.js";
import { HELM_PLACEHOLDER, isHelmTemplatePath, neutralizeHelm, neutralizeHelmActions } from "../src/extract/yaml/helm.js";
import { renderHelmScalar } from "../src/extract/yaml/helm-eval.js";
import { ChartValues } from "../src/model/k8s-values.js";

describe("neutralizeHelm", () => {
  it("keeps the line count and blanks action-only lines", () => {
    const src = [
      "{{- if .Values.enabled -}}",
      "a: {{ .Values.a | quote }}",
      "  {{- include \"x\" . | nindent 2 }}",
      "b: \"{{ .Values.b }}-{{ .Values.c }}\"",
      "{{/* a comment",
      "   over lines with }} inside? no: \"}}\" */}}",
      "{{ .Values.key }}: v",
      "c: {{ printf \"%s}}\" .x }}",
      "{{- end }}",
      "",
    ].join("\n");
    const out = neutralizeHelm(src);
    expect(out.split("\n")).toEqual([
      "",
      `a: ${HELM_PLACEHOLDER}`,
      "",
      `b: "${HELM_PLACEHOLDER}-${HELM_PLACEHOLDER}"`,
      "",
      "",
      `${HELM_PLACEHOLDER}: v`,
      `c: ${HELM_PLACEHOLDER}`,
      "",
      "",
    ]);
  });

  it("leaves text without actions alone", () => {
    expect(neutralizeHelm("a: 1\n")).toBe("a: 1\n");
    expect(neutralizeHelm("a: {{ unclosed\nb: 1\n").split("\n")).toHaveLength(3);
  });

  it("knows chart template paths", () => {
    expect(isHelmTemplatePath("charts/api/templates/deployment.yaml")).toBe(true);
    expect(isHelmTemplatePath("templates/x.yaml")).toBe(true);
    expect(isHelmTemplatePath("deploy\\chart\\templates\\svc.yaml")).toBe(true);
    expect(isHelmTemplatePath("charts/api/values.yaml")).toBe(false);
    expect(isHelmTemplatePath("templates")).toBe(false);
  });
});

describe("extractYaml on Helm templates", () => {
  it("reads a conditional multi-document template", () => {
    const src = [
      "{{- if .Values.ingress.enabled -}}", // 1
      "apiVersion: networking.k8s.io/v1", // 2
      "kind: Ingress", // 3
      "metadata:", // 4
      "  name: {{ include \"app.fullname\" . }}", // 5
      "  namespace: {{ .Release.Namespace }}", // 6
      "spec:", // 7
      "  rules:", // 8
      "    {{- range .Values.ingress.hosts }}", // 9
      "    - host: {{ .host | quote }}", // 10
      "    {{- end }}", // 11
      "{{- end }}", // 12
      "{{- range .Values.configs }}", // 13
      "---", // 14
      "apiVersion: v1", // 15
      "kind: ConfigMap", // 16
      "metadata:", // 17
      "  name: {{ .name }}", // 18
      "data:", // 19
      "  {{- toYaml .data | nindent 2 }}", // 20
      "{{- end }}", // 21
    ].join("\n");
    const r = extractYaml("chart/templates/ingress.yaml", src);
    expect(r.parseError).toBeUndefined();
    const f = r.facts as ManifestFact[];
    expect(f.map((x) => [x.resourceKind, x.name, x.namespace, x.loc.line, x.docIndex])).toEqual([
      ["Ingress", HELM_PLACEHOLDER, HELM_PLACEHOLDER, 3, 0],
      ["ConfigMap", HELM_PLACEHOLDER, undefined, 16, 1],
    ]);
    expect(f[0]!.lines["spec.rules.0.host"]).toBe(10);
    expect(f[1]!.lines["data"]).toBe(19);
    // loc.endColumn is measured on the template's own line
    expect(f[0]!.loc.endColumn).toBe("kind: Ingress".length + 1);
  });

  it("reports an unparseable template with the template's line", () => {
    const src = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .x }}\n   bad: indent\n";
    const r = extractYaml("chart/templates/svc.yaml", src);
    expect(r.parseError?.line).toBe(5);
  });
});

describe("Helm actions behind placeholders", () => {
  it("pairs each placeholder with its action and the blocks around it", () => {
    const src = [
      "{{- if .Values.enabled }}", // blanked
      "a: {{ .Values.a | quote }}",
      "{{- with .Values.b }}",
      "b: \"{{ .x }}-{{ .y }}\"",
      "{{- else }}",
      "c: {{ .Values.c }}",
      "{{- end }}",
      "labels: {{- include \"l\" . | nindent 2 }}", // a block value: no placeholder
      "{{- end }}",
    ].join("\n");
    const n = neutralizeHelmActions(src);
    expect(n.text).toBe(neutralizeHelm(src));
    expect(n.actions).toEqual([
      { text: "{{ .Values.a | quote }}", blocks: ["{{- if .Values.enabled }}"] },
      { text: "{{ .x }}", blocks: ["{{- if .Values.enabled }}", "{{- with .Values.b }}"] },
      { text: "{{ .y }}", blocks: ["{{- if .Values.enabled }}", "{{- with .Values.b }}"] },
      { text: "{{ .Values.c }}", blocks: ["{{- if .Values.enabled }}", "{{- else }}"] },
    ]);
  });

  it("keeps each templated scalar as written, keyed like lines", () => {
    const src = [
      "apiVersion: v1", // 1
      "kind: List", // 2
      "items:", // 3
      "  - apiVersion: v1", // 4
      "    kind: ConfigMap", // 5
      "    metadata:", // 6
      "      name: {{ .Values.name }}-cfg", // 7
      "    data:", // 8
      "      url: \"{{ .Values.db.host }}:{{ .Values.db.port }}\"", // 9
      "      plain: literal", // 10
      "      script: |", // 11
      "        {{ .Values.script }}", // 12
      "      tags: [{{ .Values.a }}, 'x {{ .Values.b }}']", // 13
    ].join("\n");
    const f = extractYaml("chart/templates/cm.yaml", src).facts[0] as ManifestFact;
    expect(f.lines["data.url"]).toBe(9);
    expect(f.helmScalars).toEqual({
      "metadata.name": { source: "{{ .Values.name }}-cfg" },
      "data.url": { source: '"{{ .Values.db.host }}:{{ .Values.db.port }}"' },
      "data.tags.0": { source: "{{ .Values.a }}" },
      "data.tags.1": { source: "'x {{ .Values.b }}'" },
    });
    // Plain YAML never gets them.
    expect((extractYaml("k8s/cm.yaml", "a: 1\n").facts[0] as ManifestFact).helmScalars).toBeUndefined();
  });
});

describe("renderHelmScalar", () => {
  const values = {
    enabled: true,
    off: false,
    db: { host: "mysql-main", port: 3306, name: "", user: null, secretName: "orders-db", big: 1000000, list: ["a"] },
    names: ["x", "y"],
  };
  const render = (source: string, blocks?: string[]) => renderHelmScalar(blocks ? { source, blocks } : { source }, values);
  const value = (source: string, blocks?: string[]) => {
    const r = render(source, blocks);
    return "value" in r ? r.value : undefined;
  };

  it("renders the common forms", () => {
    expect(render("{{ .Values.db.host }}")).toEqual({ value: "mysql-main", refs: ["db.host"], defaulted: [] });
    expect(value("{{ $.Values.db.host | quote }}")).toBe("mysql-main");
    expect(value("{{- .Values.db.host -}}")).toBe("mysql-main");
    expect(value("{{ .Values.db.port }}")).toBe("3306");
    expect(value("{{ .Values.db.port | toString | quote }}")).toBe("3306");
    expect(value("{{ .Values.db.port | int }}")).toBe("3306");
    expect(value("{{ .Values.db.big | int }}")).toBe("1000000");
    expect(render('{{ .Values.db.name | default "orders" }}')).toEqual({ value: "orders", refs: [], defaulted: ["db.name"] });
    expect(render('{{ default "app" .Values.db.missing }}')).toEqual({ value: "app", refs: [], defaulted: ["db.missing"] });
    expect(value('{{ .Values.db.host | default "x" }}')).toBe("mysql-main");
    expect(render('{{ printf "%s:%v" .Values.db.host .Values.db.port }}')).toEqual({ value: "mysql-main:3306", refs: ["db.host", "db.port"], defaulted: [] });
    expect(value('"{{ .Values.db.host }}:{{ .Values.db.port }}"')).toBe("mysql-main:3306");
    expect(value("mysql://{{ .Values.db.host }}/shop")).toBe("mysql://mysql-main/shop");
    expect(value('{{ index .Values "db" "host" }}')).toBe("mysql-main");
    expect(value("{{ index .Values.names 1 }}")).toBe("y");
    expect(value('{{ required "db.host is required" .Values.db.host }}')).toBe("mysql-main");
    expect(value("{{ (.Values.db.name | default .Values.db.host) | squote }}")).toBe("mysql-main");
    expect(value("{{ .Values.db.host }}{{/* a comment */}}")).toBe("mysql-main");
    // Name helpers' tails: Sprig's trunc (negative: from the end) and trimSuffix / trimPrefix.
    expect(value('{{ printf "%s-worker-" .Values.db.host | trunc 63 | trimSuffix "-" }}')).toBe("mysql-main-worker");
    expect(value("{{ .Values.db.host | trunc 5 }}")).toBe("mysql");
    expect(value("{{ .Values.db.host | trunc -4 }}")).toBe("main");
    expect(value('{{ .Values.db.host | trimPrefix "mysql-" }}')).toBe("main");
    expect(render('{{ "ünïcode" | trunc 2 }}')).toHaveProperty("unknown");
  });

  it("renders inside if blocks that the default values take", () => {
    expect(value("{{ .Values.db.host }}", ["{{- if .Values.enabled }}"])).toBe("mysql-main");
    expect(value("{{ .Values.db.host }}", ["{{- if not .Values.off }}", '{{ if eq .Values.db.host "mysql-main" }}'])).toBe("mysql-main");
    expect(render("{{ .Values.db.host }}", ["{{- if .Values.off }}"])).toHaveProperty("unknown");
    expect(render("{{ .Values.db.host }}", ["{{- if .Values.enabled }}", "{{- else }}"])).toHaveProperty("unknown");
    expect(render("{{ .Values.db.host }}", ["{{- with .Values.db }}"])).toHaveProperty("unknown");
    expect(render("{{ .Values.db.host }}", ["{{- range .Values.names }}"])).toHaveProperty("unknown");
  });

  it("leaves everything else unknown", () => {
    for (const source of [
      "{{ .Release.Name }}-db",
      "{{ .Chart.Name }}",
      '{{ include "orders.fullname" . }}-db',
      '{{ template "orders.fullname" . }}',
      "{{ tpl .Values.db.host . }}",
      "{{ .host }}",
      "{{ $host }}",
      "{{ $x := .Values.db.host }}",
      "{{ .Values.db.user }}", // null: only an override sets it
      "{{ .Values.db.name }}", // empty
      "{{ .Values.db.missing }}",
      "{{ .Values.nothere.host }}", // Helm fails on a nil parent
      "{{ .Values.db }}", // a mapping
      "{{ .Values.db.list }}",
      "{{ .Values.db.big }}", // Go prints 1e+06
      '{{ printf "%d" .Values.db.port }}', // %d of a float64 is an error in Go
      '{{ printf "%s" .Values.db.port }}',
      '{{ printf "%s:%s" .Values.db.host }}',
      '{{ required "set db.user" .Values.db.user }}',
      "{{ .Values.db.host | upper }}",
      '"{{ .Values.db.host | quote }}"', // renders ""mysql-main"": not YAML
      "{{ if .Values.enabled }}a{{ end }}",
      "{{ .Values.db.host",
    ]) {
      expect(render(source), source).toHaveProperty("unknown");
    }
  });
});

describe("ChartValues (model)", () => {
  const template = extractYaml(
    "deploy/charts/orders/templates/deployment.yaml",
    ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: orders", "spec:", "  replicas: {{ .Values.replicas }}", "  host: {{ .Values.db.host | quote }}", "  db: {{ .Values.db.name | default \"orders\" }}", "  other: {{ .Values.missing }}"].join("\n"),
  );
  const values = extractYaml("deploy/charts/orders/values.yaml", "replicas: 2\ndb:\n  host: mysql-main\n");
  const prod = extractYaml("deploy/charts/orders/values-prod.yaml", "missing: set-in-prod\n");
  const files = [template, values, prod].map((r) => ({ path: r.file, facts: r.facts }));
  const fact = template.facts[0] as ManifestFact;

  it("finds a template's chart folder", () => {
    expect(ChartValues.chartOf("deploy/charts/orders/templates/deployment.yaml")).toBe("deploy/charts/orders");
    expect(ChartValues.chartOf("templates/x.yaml")).toBe("");
    expect(ChartValues.chartOf("k8s/orders.yaml")).toBeUndefined();
  });

  it("renders from the default values.yaml only, with the values lines as evidence", () => {
    const charts = new ChartValues(files);
    expect(charts.render(fact, "spec.host")).toEqual({
      value: "mysql-main",
      valuesFile: "deploy/charts/orders/values.yaml",
      chain: [{ file: "deploy/charts/orders/values.yaml", line: 3, message: "db.host in deploy/charts/orders/values.yaml" }],
    });
    expect(charts.render(fact, "spec.replicas")?.value).toBe("2");
    expect(charts.render(fact, "spec.db")?.chain).toEqual([
      { file: "deploy/charts/orders/templates/deployment.yaml", line: 8, message: "db.name is empty or not set in deploy/charts/orders/values.yaml: the template's default applies" },
    ]);
    expect(charts.render(fact, "spec.other")).toBeUndefined(); // only values-prod.yaml sets it
    expect(charts.render(fact, "metadata.name")).toBeUndefined(); // no action there
    expect(new ChartValues([files[0]!]).render(fact, "spec.host")).toBeUndefined(); // no values.yaml
  });
});

describe("ChartValues with an umbrella chart", () => {
  const tpl = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: orders", "spec:", "  host: {{ .Values.db.host }}", "  name: {{ .Values.db.name }}", "  region: {{ .Values.global.region }}", "  gone: {{ .Values.db.user }}"].join("\n");
  const files = [
    extractYaml("platform/Chart.yaml", "apiVersion: v2\nname: platform\ndependencies:\n  - name: orders\n    version: 1.0.0\n"),
    extractYaml("platform/values.yaml", "global:\n  region: eu-1\norders:\n  db:\n    host: mysql-shared\n    user: null\n"),
    extractYaml("platform/charts/orders/Chart.yaml", "apiVersion: v2\nname: orders\n"),
    extractYaml("platform/charts/orders/values.yaml", "db:\n  host: orders-db\n  name: orders\n  user: app\n"),
    extractYaml("platform/charts/orders/templates/deployment.yaml", tpl),
  ].map((r) => ({ path: r.file, facts: r.facts }));
  const fact = files[4]!.facts[0] as ManifestFact;

  it("lets the umbrella's values win, with the umbrella's line as evidence", () => {
    const charts = new ChartValues(files);
    expect(charts.render(fact, "spec.host")).toMatchObject({ value: "mysql-shared", chain: [{ file: "platform/values.yaml", line: 5, message: "orders.db.host in platform/values.yaml" }] });
    expect(charts.render(fact, "spec.name")).toMatchObject({ value: "orders", chain: [{ file: "platform/charts/orders/values.yaml", line: 3 }] });
    expect(charts.render(fact, "spec.region")).toMatchObject({ value: "eu-1", chain: [{ file: "platform/values.yaml", line: 2, message: "global.region in platform/values.yaml" }] });
    expect(charts.render(fact, "spec.gone")).toBeUndefined(); // null in the umbrella deletes it
  });

  it("gives up when the umbrella renames the subchart with an alias", () => {
    const aliased = files.map((f, i) => (i === 0 ? { path: f.path, facts: extractYaml("platform/Chart.yaml", "apiVersion: v2\nname: platform\ndependencies:\n  - name: orders\n    alias: sales\n").facts } : f));
    expect(new ChartValues(aliased).render(fact, "spec.host")).toBeUndefined();
  });
});

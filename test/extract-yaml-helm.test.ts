import { describe, expect, it } from "vitest";
import type { ManifestFact } from "../src/extract/facts.js";
import { extractYaml } from "../src/extract/yaml/index.js";
import { HELM_PLACEHOLDER, isHelmTemplatePath, neutralizeHelm } from "../src/extract/yaml/helm.js";

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

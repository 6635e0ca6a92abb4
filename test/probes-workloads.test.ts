import { describe, expect, it } from "vitest";
import { extractYaml } from "../src/extract/yaml/index.js";
import { actionEmits, helmOutputLines } from "../src/extract/yaml/helm-output.js";
import type { ModelFile } from "../src/model/types.js";
import { buildWorkloads } from "../src/model/workloads.js";

/** The workload model the probe rules read, built from YAML text the way the pipeline does. */
function workloads(files: Record<string, string>) {
  const model: ModelFile[] = Object.entries(files).map(([path, text]) => {
    const ff = extractYaml(path, text);
    return { path, language: "yaml", isTest: false, facts: ff.facts };
  });
  return buildWorkloads(model, []);
}

describe("helmOutputLines", () => {
  it("keeps only action-only lines that print something", () => {
    const src = [
      "{{- if .Values.enabled }}", // 1 control
      "a: {{ .Values.a }}", // 2 value, not action-only
      "  {{- include \"x\" . | nindent 2 }}", // 3 prints
      "{{- with .Values.b }}", // 4 control
      "  {{- toYaml . | nindent 2 }}", // 5 prints
      "{{- end }}", // 6
      "{{- $name := .Values.name }}", // 7 assignment
      "{{/* comment */}}", // 8
      "{{- template \"y\" . }}", // 9 prints
    ].join("\n");
    expect(helmOutputLines(src)).toEqual([3, 5, 9]);
    expect(actionEmits("{{- else if .Values.x }}")).toBe(false);
    expect(actionEmits("{{ .Values.port }}")).toBe(true);
  });
});

describe("buildWorkloads", () => {
  const chart = [
    "apiVersion: apps/v1", // 1
    "kind: Deployment", // 2
    "metadata:", // 3
    "  name: {{ .Release.Name }}", // 4
    "spec:", // 5
    "  template:", // 6
    "    spec:", // 7
    "      containers:", // 8
    "        - name: app", // 9
    "          image: {{ .Values.image }}", // 10
    "          ports:", // 11
    "            - name: http", // 12
    "              containerPort: {{ .Values.port }}", // 13
    "          {{- with .Values.livenessProbe }}", // 14
    "          livenessProbe:", // 15
    "            {{- toYaml . | nindent 12 }}", // 16
    "          {{- end }}", // 17
    "          readinessProbe:", // 18
    "            httpGet:", // 19
    "              path: /ready", // 20
    "              port: http", // 21
    "            periodSeconds: {{ .Values.period }}", // 22
    "          resources:", // 23
    "            {{- toYaml .Values.resources | nindent 12 }}", // 24
    "        - name: sidecar", // 25
    "          image: proxy:1", // 26
    "          {{- include \"sidecar.probes\" . | nindent 10 }}", // 27
    "          lifecycle:", // 28
    "            preStop:", // 29
    "              exec:", // 30
    "                command: [\"/bin/sh\", \"-c\", \"sleep 15; kill 1\"]", // 31
  ].join("\n");

  it("reads probes from a Helm template, unknown values as null, and which containers hide keys", () => {
    const [w] = workloads({ "chart/templates/deploy.yaml": chart });
    const [app, sidecar] = w!.containers;
    expect(app!.open).toBe(false); // the toYaml lines only fill `livenessProbe:` and `resources:`
    expect(app!.ports).toEqual([{ containerPort: null, name: "http", line: 12 }]);
    expect(app!.probes.liveness).toMatchObject({ line: 15, handler: null });
    expect(app!.probes.readiness).toMatchObject({ line: 18, handler: { kind: "httpGet", path: "/ready", port: "http" } });
    expect(app!.probes.readiness!.timing.periodSeconds).toBeNull();
    expect(app!.probes.readiness!.timing.failureThreshold).toBeUndefined();
    expect(sidecar!.open).toBe(true); // the include may print probes
    expect(sidecar!.preStop).toEqual({ line: 29, sleepSeconds: 15 });
  });

  it("reads preStop sleeps it can time and nothing else", () => {
    const hook = (h: string) =>
      workloads({
        "k.yaml": `kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: i\n      lifecycle:\n        preStop: ${h}\n`,
      })[0]!.containers[0]!.preStop!.sleepSeconds;
    expect(hook('{sleep: {seconds: 7}}')).toBe(7);
    expect(hook('{exec: {command: ["sleep", "12"]}}')).toBe(12);
    expect(hook('{exec: {command: ["/bin/sleep", "5s"]}}')).toBe(5);
    expect(hook('{exec: {command: ["bash", "-ec", "sleep 3 && nginx -s quit"]}}')).toBe(3);
    expect(hook('{exec: {command: ["sh", "-c", "nginx -s quit; sleep 20"]}}')).toBeNull();
    expect(hook('{httpGet: {path: /drain, port: 8080}}')).toBeNull();
  });

  it("links Services that certainly select the pods, and marks kustomize patches", () => {
    const list = workloads({
      "base/app.yaml": [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: a}\nspec:\n  template:\n    metadata:\n      labels: {app: app, tier: web}\n    spec:\n      containers: [{name: app, image: x}]",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: app, namespace: a}\nspec:\n  selector: {app: app}",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: other-ns, namespace: b}\nspec:\n  selector: {app: app}",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: narrower}\nspec:\n  selector: {app: app, tier: db}",
      ].join("\n"),
      "overlay/kustomization.yaml": "resources: [../base]\npatches:\n  - path: patch.yaml\n",
      "overlay/patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n    spec:\n      containers: [{name: app, readinessProbe: {tcpSocket: {port: 80}}}]\n",
    });
    expect(list.map((w) => [w.file, w.partial, w.selectedBy.map((s) => s.name)])).toEqual([
      ["base/app.yaml", false, ["app"]],
      ["overlay/patch.yaml", true, []],
    ]);
  });
});

describe("Bitnami-style block values", () => {
  it("keep keys below a `key: {{ … | nindent N }}` line in that key, and count the line as printed output", () => {
    const src = [
      "spec:", // 1
      "  livenessProbe: {{- include \"render\" (dict \"value\" .Values.livenessProbe) | nindent 4 }}", // 2
      "    tcpSocket:", // 3
      "      port: http", // 4
      "  labels: {{- include \"labels\" . | nindent 4 }}", // 5
      "  name: {{ include \"fullname\" . }}", // 6
    ].join("\n");
    const r = extractYaml("chart/templates/x.yaml", src);
    expect(r.parseError).toBeUndefined();
    expect(r.facts[0]).toMatchObject({ doc: { spec: { livenessProbe: { tcpSocket: { port: "http" } }, labels: null, name: "__HELM__" } } });
    expect(helmOutputLines(src)).toEqual([2, 5]);
  });
});

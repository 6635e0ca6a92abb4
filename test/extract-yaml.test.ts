import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ManifestFact } from "../src/extract/facts.js";
import { extractYaml, lineOfPath } from "../src/extract/yaml/index.js";

const DATA = "test/data/yaml/";

function load(rel: string): { path: string; text: string } {
  const path = DATA + rel;
  return { path, text: readFileSync(path, "utf8") };
}

function manifests(path: string, text: string): ManifestFact[] {
  const r = extractYaml(path, text);
  return r.facts.filter((f): f is ManifestFact => f.kind === "manifest");
}

/** 1-based line of the first line of `text` containing `needle` at or after line `from`. */
function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split("\n");
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`not found: ${needle}`);
}

describe("extractYaml: Kubernetes multi-document file", () => {
  const { path, text } = load("k8s-multi.yaml");
  const result = extractYaml(path, text);
  const facts = result.facts as ManifestFact[];

  it("emits one fact per non-empty document, with docIndex counting the empty one", () => {
    expect(result.language).toBe("yaml");
    expect(result.file).toBe(path);
    expect(result.parseError).toBeUndefined();
    expect(facts.map((f) => [f.format, f.resourceKind, f.name, f.namespace, f.docIndex])).toEqual([
      ["k8s", "Deployment", "orders", "shop", 0],
      ["k8s", "Service", "orders", "shop", 2],
      ["k8s", "ConfigMap", "orders-config", undefined, 3],
    ]);
    expect("namespace" in facts[2]!).toBe(false);
  });

  it("keeps the parsed document", () => {
    const dep = facts[0]!.doc as any;
    expect(dep.spec.template.spec.containers[0].image).toBe("registry.example.com/orders:1.4.2");
    expect(dep.spec.template.spec.containers[0].ports[1].containerPort).toBe(9090);
    const cm = facts[2]!.doc as any;
    expect(cm.data.FEATURE_FLAGS).toBe("a=1\nb=2\n");
  });

  it("anchors loc at the kind: line", () => {
    expect(facts[0]!.loc).toEqual({ file: path, line: 3, column: 1, endLine: 3, endColumn: 17 });
    expect(facts[1]!.loc.line).toBe(lineOf(text, "kind: Service"));
    expect(facts[2]!.loc.line).toBe(lineOf(text, "kind: ConfigMap"));
  });

  it("maps container env values, ports and probes to their lines", () => {
    const l = facts[0]!.lines;
    const c = "spec.template.spec.containers.0";
    expect(l[`${c}.image`]).toBe(lineOf(text, "image: registry"));
    expect(l[`${c}.env.0.name`]).toBe(lineOf(text, "name: DATABASE_URL"));
    expect(l[`${c}.env.0.valueFrom.secretKeyRef.name`]).toBe(lineOf(text, "name: orders-db"));
    expect(l[`${c}.env.1`]).toBe(lineOf(text, "name: PAYMENTS_URL"));
    expect(l[`${c}.env.1.value`]).toBe(lineOf(text, 'value: "http://payments'));
    expect(l[`${c}.env.2.value`]).toBe(lineOf(text, 'value: "2500"'));
    expect(l[`${c}.ports.0.containerPort`]).toBe(lineOf(text, "containerPort: 8080"));
    expect(l[`${c}.ports.1`]).toBe(lineOf(text, "- name: grpc"));
    expect(l[`${c}.readinessProbe`]).toBe(lineOf(text, "readinessProbe:"));
    expect(l[`${c}.readinessProbe.httpGet.path`]).toBe(lineOf(text, "path: /ready"));
    expect(l[`${c}.livenessProbe.httpGet.port`]).toBe(lineOf(text, "port: 8080", lineOf(text, "livenessProbe")));
    expect(l["metadata.name"]).toBe(5);
    // Service and ConfigMap lines are absolute too.
    expect(facts[1]!.lines["spec.ports.0.targetPort"]).toBe(lineOf(text, "targetPort: http"));
    expect(facts[2]!.lines["data.prometheus.io/port"]).toBe(lineOf(text, "prometheus.io/port"));
    expect(facts[2]!.lines["data.FEATURE_FLAGS"]).toBe(lineOf(text, "FEATURE_FLAGS"));
  });

  it("facts are plain JSON", () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(structuredClone(result))));
  });

  it("lineOfPath falls back to the nearest recorded ancestor", () => {
    const f = facts[0]!;
    expect(lineOfPath(f, "spec.template.spec.containers.0.env.1.value")).toBe(lineOf(text, 'value: "http://payments'));
    expect(lineOfPath(f, "spec.template.spec.containers.0.env.1.nothing.here")).toBe(lineOf(text, "name: PAYMENTS_URL"));
    expect(lineOfPath(f, "nothing")).toBe(f.loc.line);
  });
});

describe("extractYaml: docker compose", () => {
  const { path, text } = load("docker-compose.yml");
  const facts = manifests(path, text);
  const services = facts.filter((f) => f.format === "compose");

  it("emits one compose fact per service", () => {
    expect(services.map((f) => [f.name, f.resourceKind, f.docIndex])).toEqual([
      ["orders", "", 0],
      ["payments", "", 0],
      ["db", "", 0],
    ]);
    expect((services[1]!.doc as any).image).toBe("shop/payments:2.0");
    expect(services[0]!.loc.line).toBe(lineOf(text, "  orders:"));
    expect(services[0]!.loc.column).toBe(3);
  });

  it("resolves merge keys and keeps service-relative lines", () => {
    const orders = services[0]!;
    expect((orders.doc as any).environment).toEqual({
      LOG_LEVEL: "info",
      TZ: "UTC",
      DATABASE_URL: "postgres://orders:secret@db:5432/orders",
      PAYMENTS_URL: "http://payments:8080",
    });
    expect(orders.lines["environment.PAYMENTS_URL"]).toBe(lineOf(text, "PAYMENTS_URL: http"));
    expect(orders.lines["depends_on.1"]).toBe(lineOf(text, "- payments"));
    // merged keys have no line of their own; the fallback is the mapping holding the merge
    expect(orders.lines["environment.LOG_LEVEL"]).toBeUndefined();
    expect(lineOfPath(orders, "environment.LOG_LEVEL")).toBe(lineOf(text, "environment:"));
    expect(services[1]!.lines["environment.1"]).toBe(lineOf(text, "- PORT=8080"));
    expect(services[2]!.lines["volumes.0"]).toBe(lineOf(text, "- dbdata:"));
  });

  it("keeps the top-level remainder as one yaml fact", () => {
    const rest = facts.filter((f) => f.format === "yaml");
    expect(rest).toHaveLength(1);
    expect(Object.keys(rest[0]!.doc as object)).toEqual(["version", "x-common-env", "volumes"]);
    expect(rest[0]!.lines["volumes.dbdata"]).toBe(lineOf(text, "  dbdata: {}"));
    expect(rest[0]!.lines["services"]).toBeUndefined();
  });

  it("recognises compose by content under any name, and v1 compose by name", () => {
    const byContent = manifests("deploy/stack.yml", "services:\n  web:\n    image: nginx\n  worker:\n    build: .\n");
    expect(byContent.map((f) => [f.format, f.name])).toEqual([
      ["compose", "web"],
      ["compose", "worker"],
    ]);
    expect(byContent[1]!.lines).toEqual({ build: 5 });
    const v1 = manifests("docker-compose.yaml", "web:\n  image: nginx\n  ports: ['80:80']\n");
    expect(v1.map((f) => [f.format, f.name, f.lines["ports.0"]])).toEqual([["compose", "web", 3]]);
    const notCompose = manifests("ci.yml", "services:\n  - postgres\n");
    expect(notCompose.map((f) => f.format)).toEqual(["yaml"]);
  });

  it("treats compose file names as compose", () => {
    for (const name of ["docker-compose.yml", "docker-compose.override.yaml", "compose.yaml", "x/compose.prod.yml", "docker-compose-dev.yml"]) {
      expect(manifests(name, "services:\n  a:\n    environment: {A: b}\n")[0]!.format).toBe("compose");
    }
    expect(manifests("composer.yaml", "services:\n  a:\n    environment: {A: b}\n")[0]!.format).toBe("yaml");
  });
});

describe("extractYaml: Helm", () => {
  const { path, text } = load("charts/orders/templates/deployment.yaml");
  const result = extractYaml(path, text);
  const facts = result.facts as ManifestFact[];

  it("reads a template with if/range/include/with as a Deployment", () => {
    expect(result.parseError).toBeUndefined();
    expect(facts).toHaveLength(1);
    const f = facts[0]!;
    expect([f.format, f.resourceKind, f.name]).toEqual(["k8s", "Deployment", "__HELM__"]);
    expect(f.loc.line).toBe(2);
    const c = (f.doc as any).spec.template.spec.containers[0];
    expect(c.image).toBe("__HELM__:__HELM__");
    expect(c.env[0]).toEqual({ name: "PAYMENTS_URL", value: "__HELM__" });
    expect(c.livenessProbe.httpGet.port).toBe("http");
  });

  it("keeps template line numbers", () => {
    const l = facts[0]!.lines;
    const c = "spec.template.spec.containers.0";
    expect(l["spec.replicas"]).toBe(lineOf(text, "replicas:"));
    expect(l[`${c}.image`]).toBe(lineOf(text, "image: "));
    expect(l[`${c}.ports.0.containerPort`]).toBe(lineOf(text, "containerPort:"));
    expect(l[`${c}.env.0.value`]).toBe(lineOf(text, "value: {{ .Values.paymentsUrl"));
    expect(l[`${c}.env.1.name`]).toBe(lineOf(text, "- name: {{ $key }}"));
    expect(l[`${c}.env.3.value`]).toBe(lineOf(text, 'value: "false"'));
    expect(l[`${c}.livenessProbe.httpGet.path`]).toBe(lineOf(text, "path: {{"));
    expect(l[`${c}.resources`]).toBe(lineOf(text, "resources:"));
  });

  it("classifies values files as helm-values named after the chart", () => {
    const v = load("charts/orders/values.yaml");
    const vf = manifests(v.path, v.text);
    expect(vf.map((f) => [f.format, f.name, f.resourceKind])).toEqual([["helm-values", "orders", ""]]);
    expect(vf[0]!.lines["image.repository"]).toBe(3);
    expect(manifests("services/payments/helm/values-prod.yaml", "a: 1\n")[0]!).toMatchObject({
      format: "helm-values",
      name: "payments",
    });
    expect(manifests("deploy/helm/prod-values.yaml", "a: 1\n")[0]!.format).toBe("helm-values");
    expect(manifests("config/prod-values.yaml", "a: 1\n")[0]!.format).toBe("yaml");
  });

  it("retries YAML outside templates/ leniently only when strict parsing fails", () => {
    // valid YAML with {{ }} in strings: read as-is (GitHub Actions, quoted Helm values)
    const gha = manifests(".github/workflows/ci.yml", "jobs:\n  a:\n    steps:\n      - run: echo ${{ github.sha }}\n");
    expect((gha[0]!.doc as any).jobs.a.steps[0].run).toBe("echo ${{ github.sha }}");
    // not valid YAML until the actions are neutralized
    const tpl = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n{{- if .Values.y }}\n  namespace: {{ .Release.Namespace }}\n{{- end }}\n";
    const r = extractYaml("deploy/svc.yaml", tpl);
    expect(r.parseError).toBeUndefined();
    expect((r.facts[0] as ManifestFact).lines["metadata.namespace"]).toBe(6);
  });

  it("lets duplicate keys from if/else branches override in templates", () => {
    const tpl = [
      "apiVersion: v1",
      "kind: Service",
      "spec:",
      "{{- if .Values.a }}",
      "  type: ClusterIP",
      "{{- else }}",
      "  type: NodePort",
      "{{- end }}",
    ].join("\n");
    const r = extractYaml("chart/templates/svc.yaml", tpl);
    expect(r.parseError).toBeUndefined();
    const f = r.facts[0] as ManifestFact;
    expect((f.doc as any).spec.type).toBe("NodePort");
    expect(f.lines["spec.type"]).toBe(7);
  });
});

describe("extractYaml: List kind", () => {
  const { path, text } = load("list.yaml");
  const facts = manifests(path, text);
  it("expands items with item-relative lines", () => {
    expect(facts.map((f) => [f.resourceKind, f.name, f.namespace, f.docIndex])).toEqual([
      ["Service", "a", undefined, 0],
      ["Deployment", "b", "ns-b", 0],
    ]);
    expect(facts[0]!.lines["spec.ports.0.port"]).toBe(lineOf(text, "- port: 80"));
    expect(facts[1]!.lines["spec.replicas"]).toBe(lineOf(text, "replicas: 1"));
    expect(facts[1]!.loc).toMatchObject({ line: lineOf(text, "kind: Deployment"), column: 5 });
  });
  it("infers the item kind of typed lists", () => {
    const f = manifests("x.yaml", "apiVersion: v1\nkind: ServiceList\nitems:\n  - metadata:\n      name: s\n");
    expect(f.map((x) => [x.resourceKind, x.name, x.lines["metadata.name"]])).toEqual([["Service", "s", 5]]);
  });
});

describe("extractYaml: errors and hostile input", () => {
  it("reports invalid YAML with its line and keeps the documents before it", () => {
    const { path, text } = load("invalid.yaml");
    const r = extractYaml(path, text);
    expect(r.parseError).toBeDefined();
    expect(r.parseError!.message).not.toContain("\n");
    expect(r.parseError!.line).toBeGreaterThanOrEqual(lineOf(text, "labels: [a, b"));
    expect(r.parseError!.line).toBeLessThanOrEqual(lineOf(text, "ports: []"));
    expect((r.facts as ManifestFact[]).map((f) => f.name)).toEqual(["ok"]);
  });

  it("reports a syntax error in the first document with no facts", () => {
    const r = extractYaml("a.yaml", "a: b: c\n");
    expect(r.parseError).toMatchObject({ line: 1 });
    expect(r.facts).toEqual([]);
  });

  it("reports duplicate keys but keeps the other documents", () => {
    const r = extractYaml("a.yaml", "a: 1\n---\nb: 1\nb: 2\n---\nc: 3\n");
    expect(r.parseError).toMatchObject({ message: "duplicated mapping key", line: 4 });
    expect((r.facts as ManifestFact[]).map((f) => f.docIndex)).toEqual([0, 2]);
  });

  it("does not leak the source snippet into the message", () => {
    const r = extractYaml("s.yaml", "password: hunter2\n  bad: [\n");
    expect(r.parseError).toBeDefined();
    expect(r.parseError!.message).not.toContain("hunter2");
  });

  it("stops a billion-laughs alias bomb quickly", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    const names = "abcdefghij";
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1];
      levels.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const bomb = `ok: 1\n---\n${levels.join("\n")}\n`;
    const t0 = performance.now();
    const r = extractYaml("bomb.yaml", bomb);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
    expect(r.parseError?.message).toMatch(/alias/);
    expect(r.parseError?.line).toBe(3);
    expect(r.facts).toHaveLength(1);
    expect(JSON.stringify(r).length).toBeLessThan(10_000);
  });

  it("rejects recursive aliases", () => {
    const r = extractYaml("r.yaml", "a: &x\n  b: *x\n");
    expect(r.parseError?.message).toMatch(/alias/);
    expect(r.facts).toEqual([]);
  });

  it("copies aliased nodes into independent trees", () => {
    const r = extractYaml("r.yaml", "a: &x {k: [1]}\nb: *x\n");
    const doc = (r.facts[0] as ManifestFact).doc as any;
    expect(doc.b).toEqual({ k: [1] });
    expect(doc.b).not.toBe(doc.a);
  });

  it("caps the number of documents", () => {
    const r = extractYaml("many.yaml", "a: 1\n---\n".repeat(1200));
    expect(r.facts).toHaveLength(1000);
    expect(r.parseError?.message).toMatch(/1000/);
  });

  it("reads unknown tags (CloudFormation, GitLab) as untagged", () => {
    const r = extractYaml("cfn.yaml", "Resources:\n  Q:\n    Properties:\n      Name: !Sub '${AWS::StackName}-q'\n      Arn: !GetAtt [Q, Arn]\n");
    expect(r.parseError).toBeUndefined();
    expect((r.facts[0] as ManifestFact).doc).toEqual({
      Resources: { Q: { Properties: { Name: "${AWS::StackName}-q", Arn: ["Q", "Arn"] } } },
    });
  });

  it("handles empty files, comment-only files, CRLF and __proto__ keys", () => {
    expect(extractYaml("e.yaml", "")).toEqual({ file: "e.yaml", language: "yaml", facts: [] });
    expect(extractYaml("c.yaml", "# nothing\n---\n").facts).toEqual([]);
    const crlf = extractYaml("w.yaml", "apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: s\r\n");
    const f = crlf.facts[0] as ManifestFact;
    expect(f.lines["metadata.name"]).toBe(4);
    expect(f.loc).toMatchObject({ line: 2, endColumn: 13 });
    const p = extractYaml("p.yaml", "__proto__: {polluted: true}\nconstructor: 1\n");
    const doc = (p.facts[0] as ManifestFact).doc as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["__proto__", "constructor"]);
    expect(({} as any).polluted).toBeUndefined();
    expect((p.facts[0] as ManifestFact).lines["__proto__"]).toBe(1);
  });

  it("never throws on garbage", () => {
    for (const junk of ["\u0000\u0001", "{{{{", "- - - -\n  x", ":\n:\n", "[".repeat(500), "? [a]\n: b\n"]) {
      expect(() => extractYaml("j.yaml", junk)).not.toThrow();
    }
  });
});

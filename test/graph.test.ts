import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractYaml } from "../src/extract/yaml/index.js";
import { stronglyConnected } from "../src/model/graph/cycles.js";
import { HostResolver, parseAddress } from "../src/model/graph/hosts.js";
import { subjectMatches } from "../src/model/graph/messaging.js";
import { joins } from "../src/multirepo/merge.js";
import { run } from "../src/run.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const cases = join(fixtures, "rules", "cyclic-rpc");
const edgesOf = async (dir: string) => {
  const { model } = await run({ root: dir });
  return { model, edges: (model.graph?.edges ?? []).map((e) => `${e.from} -> ${e.to} ${e.protocol}${e.inferred ? " inferred" : ""}`) };
};

describe("service graph", () => {
  it("draws every edge of a DAG of a dozen services, TS and Go, and no cycle", async () => {
    const { model, edges } = await edgesOf(join(cases, "ok-dag-of-twelve"));
    expect(model.services).toHaveLength(12);
    const want = JSON.parse(readFileSync(join(import.meta.dirname, "data", "graph-dag-edges.json"), "utf8")) as Record<string, string[]>;
    const expected = Object.entries(want).flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to} http`)).sort();
    expect(edges).toEqual(expected);
    expect(stronglyConnected(model.services.map((s) => s.name), model.graph!.edges)).toEqual([]);
    // Evidence: the call, the code that reads the variable, then the compose line that sets it.
    const e = model.graph!.edges.find((x) => x.from === "checkout" && x.to === "payments")!;
    expect(e.evidence.map((x) => `${x.file}:${x.line}`)).toEqual(["checkout/src/main.ts:8", "checkout/src/main.ts:2", "docker-compose.yml:26"]);
  });

  it("the shop demo: the gRPC cycle across TS and Go, HTTP to payments, async to notifications", async () => {
    const { model, edges } = await edgesOf(join(fixtures, "repos", "shop"));
    expect(edges).toEqual([
      "inventory -> orders grpc",
      "orders -> inventory grpc",
      "orders -> notifications async",
      "orders -> payments http",
      "payments -> notifications async",
      "storefront -> orders http",
    ]);
    const back = model.graph!.edges.find((e) => e.from === "inventory")!;
    expect(back.via).toContain("grpc:shop.orders.v1.OrdersService");
    expect(back.evidence[0]).toMatchObject({ file: "services/inventory/internal/ordersclient/client.go", line: 29 });
    expect(back.evidence.map((x) => `${x.file}:${x.line}`)).toContain("services/orders/src/grpcServer.ts:81");
    // External targets stay unresolved, kept by name for archlint merge.
    expect(model.graph!.unresolved.map((u) => u.target)).toEqual(
      expect.arrayContaining(["host:api.paygate.example.com", "host:risk-scoring.fraud.svc.cluster.local"]),
    );
  });

  it("an env var named like a service but pointing elsewhere makes no edge", async () => {
    const { edges, model } = await edgesOf(join(cases, "ok-env-named-like-a-service"));
    expect(edges).toEqual(["billing -> orders http"]);
    expect(model.graph!.unresolved.map((u) => `${u.from} ${u.target}`)).toEqual(["orders host:billing.partner-bank.example.com"]);
  });

  it("a client of a proto service nobody in the repo serves makes no edge", async () => {
    const { edges, model } = await edgesOf(join(cases, "ok-external-proto-client"));
    expect(edges).toEqual(["storefront -> shop grpc"]);
    expect(model.graph!.unresolved.map((u) => `${u.from} ${u.target}`)).toContain("shop grpc:weather.v1.WeatherService");
  });

  it("a library package is no service and draws no edge; its constants name subjects", async () => {
    const { edges, model } = await edgesOf(join(cases, "ok-library-package"));
    expect(model.services.map((s) => s.name)).toEqual(["mailer", "users"]);
    expect(edges).toEqual(["users -> mailer async"]);
  });

  it("a repo without services has an empty graph", async () => {
    const { edges, model } = await edgesOf(mkdtempSync(join(tmpdir(), "archlint-graph-")));
    expect(model.services).toEqual([]);
    expect(edges).toEqual([]);
  });
});

describe("graph helpers", () => {
  it("parses addresses as code and manifests write them", () => {
    expect(parseAddress("http://payments.shop.svc.cluster.local:8080/v1")).toEqual({ scheme: "http", host: "payments.shop.svc.cluster.local", port: 8080, path: "/v1" });
    expect(parseAddress("inventory:50051")).toEqual({ host: "inventory", port: 50051, path: "" });
    expect(parseAddress("dns:///orders.shop:443")).toEqual({ scheme: "dns", host: "orders.shop", port: 443, path: "" });
    expect(parseAddress("postgres://u:p@db:5432/x")).toMatchObject({ scheme: "postgres", host: "db", port: 5432 });
    expect(parseAddress("orders")).toBeUndefined();
    expect(parseAddress("10.0.0.1:80")).toBeUndefined();
    expect(parseAddress("stock reservation failed")).toBeUndefined();
  });

  it("matches NATS-style subject wildcards", () => {
    expect(subjectMatches("orders.*", "orders.confirmed")).toBe(true);
    expect(subjectMatches("orders.>", "orders.a.b")).toBe(true);
    expect(subjectMatches("orders.*", "orders.a.b")).toBe(false);
    expect(subjectMatches("payments.failed", "orders.failed")).toBe(false);
  });

  it("finds strongly connected components deterministically", () => {
    const e = (from: string, to: string) => ({ from, to });
    expect(stronglyConnected(["a", "b", "c", "d"], [e("a", "b"), e("b", "c"), e("c", "a"), e("c", "d")])).toEqual([["a", "b", "c"]]);
    expect(stronglyConnected(["x", "y"], [e("x", "y")])).toEqual([]);
  });

  it("joins unresolved calls to what another repo provides", () => {
    expect(joins("grpc:shop.orders.v1.OrdersService", "grpc:shop.orders.v1.OrdersService")).toBe(true);
    expect(joins("grpc:OrdersService", "grpc:shop.orders.v1.OrdersService")).toBe(true);
    expect(joins("grpc:a.v1.OrdersService", "grpc:b.v1.OrdersService")).toBe(false);
    expect(joins("subject:orders.confirmed", "subject:orders.*")).toBe(true);
    expect(joins("host:payments.shop.svc.cluster.local", "host:payments")).toBe(true);
    expect(joins("host:payments.example.com", "host:payments")).toBe(false);
  });
});

describe("NestJS transports", () => {
  it("joins a TCP client to the service its host names, and a gRPC client to the @GrpcMethod service", async () => {
    const { edges, model } = await edgesOf(join(cases, "ok-nestjs-transports"));
    expect(edges).toEqual(["gateway -> hero grpc", "gateway -> math rpc"]);
    const math = model.graph!.edges.find((e) => e.to === "math")!;
    expect(math.evidence[0]).toMatchObject({ file: "apps/gateway/src/app.module.ts", line: 6 });
  });
});

describe("host resolution", () => {
  const manifest = (resourceKind: string, name: string, namespace: string, doc: unknown) => ({
    kind: "manifest" as const, format: "k8s" as const, resourceKind, name, namespace, doc, docIndex: 0, lines: {},
    loc: { file: `k8s/${name}.yaml`, line: 1, column: 1, endLine: 1, endColumn: 1 },
  });
  const deployment = (name: string, ns: string) => manifest("Deployment", name, ns, { spec: { template: { metadata: { labels: { app: name } } } } });
  const service = (name: string, ns: string, app: string, ports: unknown[]) => manifest("Service", name, ns, { spec: { selector: { app }, ports } });
  const files = [
    {
      path: "k8s/all.yaml", language: "yaml" as const, isTest: false,
      facts: [
        deployment("payments", "shop"), service("payments-api", "shop", "payments", [{ name: "grpc", port: 50051 }, { name: "http", port: 8080 }]),
        deployment("web", "shop"), service("web", "shop", "web", [{ name: "http", port: 80 }]),
        manifest("Ingress", "public", "shop", { spec: { rules: [{ host: "shop.example.com", http: { paths: [{ path: "/api", backend: { service: { name: "payments-api" } } }, { path: "/", backend: { service: { name: "web" } } }] } }] } }),
      ],
    },
  ];
  const services = ["payments", "web"].map((n) => ({ name: n, aliases: [], evidence: [], workloads: [{ kind: "Deployment", name: n, file: "k8s/all.yaml", line: 1 }] }));
  const hosts = new HostResolver({ files, services });
  const to = (text: string) => {
    const a = parseAddress(text);
    const r = a && hosts.resolveWithPort(a);
    return r ? `${r.service}${r.portName ? `/${r.portName}` : ""}` : undefined;
  };

  it("resolves every cluster DNS form through the Service's selector, with the port's name", () => {
    expect(to("payments-api:50051")).toBe("payments/grpc");
    expect(to("http://payments-api.shop:8080")).toBe("payments/http");
    expect(to("payments-api.shop.svc:8080")).toBe("payments/http");
    expect(to("dns:///payments-api.shop.svc.cluster.local:50051")).toBe("payments/grpc");
    expect(to("consul://10.0.0.5:8500/payments")).toBe("payments");
  });

  it("does not resolve a Service name in another namespace, or an external domain", () => {
    expect(to("payments-api.other.svc.cluster.local:8080")).toBeUndefined();
    expect(to("https://payments.partner.example.com")).toBeUndefined();
  });

  it("routes an Ingress host by the longest path prefix", () => {
    expect(to("https://shop.example.com/api/v1/charge")).toBe("payments");
    expect(to("https://shop.example.com/index.html")).toBe("web/http");
  });
});

describe("host resolution in Helm charts", () => {
  const chart = (dir: string, templates: Record<string, string>, values = "") => [
    { path: `${dir}/Chart.yaml`, text: `apiVersion: v2\nname: ${dir.split("/").pop()}\nversion: 1.0.0\n` },
    { path: `${dir}/values.yaml`, text: values || "{}\n" },
    ...Object.entries(templates).map(([name, text]) => ({ path: `${dir}/templates/${name}`, text })),
  ];
  // The Deployment's own name is literal here: its templated form is build.ts's join (workload-names.ts).
  const deployment = (labels: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    metadata:\n      labels:\n${labels}\n`;
  const svc = (name: string, selector: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n${selector}\n  ports:\n    - name: http\n      port: 8080\n`;
  const resolverOf = (texts: Array<{ path: string; text: string }>) => {
    const files = texts.map((f) => ({ path: f.path, language: "yaml" as const, isTest: false, facts: extractYaml(f.path, f.text).facts }));
    const services = [{ name: "orders", aliases: [], evidence: [], workloads: [{ kind: "Deployment", name: "orders", file: "charts/orders/templates/deployment.yaml", line: 2 }] }];
    const hosts = new HostResolver({ files, services });
    return (text: string) => {
      const r = hosts.resolveWithPort(parseAddress(text)!);
      return r ? `${r.service} via ${r.evidence.map((e) => e.message).join("; ")}` : undefined;
    };
  };
  const name = '        app.kubernetes.io/name: {{ include "orders.name" . }}';

  it("reads templated Service names, selector and pod label values by the chart's conventions", () => {
    const to = resolverOf(chart("charts/orders", {
      "deployment.yaml": deployment(`${name}\n        app.kubernetes.io/instance: {{ .Release.Name }}`),
      "service.yaml": svc('{{ include "orders.fullname" . }}-api', '    app.kubernetes.io/name: {{ include "orders.name" . }}\n    app.kubernetes.io/instance: {{ .Release.Name }}'),
      "ingress.yaml": 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {{ include "orders.fullname" . }}\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            backend:\n              service:\n                name: {{ include "orders.fullname" . }}-api\n',
    }));
    expect(to("http://orders-api:8080")).toBe("orders via Kubernetes Service orders-api selects orders");
    expect(to("orders-api.shop.svc.cluster.local:8080")).toBe("orders via Kubernetes Service orders-api selects orders");
    expect(to("https://shop.example.com/x")).toBe("orders via Ingress routes shop.example.com/ to Service orders-api; Kubernetes Service orders-api selects orders");
  });

  it("applies the chart's name overrides, and leaves unknown names and selectors unknown", () => {
    const overridden = resolverOf(chart("charts/orders", {
      "deployment.yaml": deployment(name),
      "service.yaml": svc('{{ include "orders.fullname" . }}', '    app.kubernetes.io/name: {{ include "orders.name" . }}'),
    }, "fullnameOverride: shop-orders\nnameOverride: ordering\n"));
    expect(overridden("http://shop-orders:8080")).toBe("orders via Kubernetes Service shop-orders selects orders");
    const unknown = resolverOf(chart("charts/orders", {
      "deployment.yaml": deployment(`${name}\n        tier: {{ .Values.tier }}`),
      "service.yaml": svc('{{ printf "%s-%s" .Release.Name .Values.component }}', '    app.kubernetes.io/name: {{ include "orders.name" . }}'),
      "service-2.yaml": svc("orders-grpc", "    tier: {{ .Values.tier }}"),
    }));
    // No name to call it by; and a selector value only a render tells matches no label (not even the same placeholder).
    expect(unknown("http://orders-http:8080")).toBeUndefined();
    expect(unknown("http://orders-grpc:8080")).toBeUndefined();
  });
});

describe("Helm chart fixtures", () => {
  it("ties calls to templated Services into the cycle, and draws no edge to a Service whose name stays unknown", async () => {
    const cycle = await edgesOf(join(cases, "fires-helm-charts-cycle"));
    expect(cycle.edges).toEqual(["billing -> orders http", "orders -> billing http"]);
    const toBilling = cycle.model.graph!.edges.find((e) => e.to === "billing")!;
    expect(toBilling.evidence.map((e) => e.message)).toContain("Kubernetes Service billing-http selects billing");
    expect((await edgesOf(join(cases, "ok-helm-service-name-unknown"))).edges).toEqual(["billing -> orders http"]);
  });
});

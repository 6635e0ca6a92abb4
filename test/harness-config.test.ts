// Harness YAML: schema validation, references, "derive from config" from a Kubernetes manifest.
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expand, harnessSchema, loadHarnessConfig } from "../src/harness/config.js";
import { HarnessConfigError } from "../src/harness/errors.js";
import { firstSchemaProblem } from "../src/harness/schema-check.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "harness");
const dir = mkdtempSync(join(tmpdir(), "archlint-harness-config-"));
// For the from.source cases: a folder reached through a symlink that leaves `dir`, a plain file,
// and a manifest that is not YAML.
symlinkSync(join(fixtures, "derive"), join(dir, "out"), "dir");
writeFileSync(join(dir, "plain.txt"), "not a folder\n");
writeFileSync(join(dir, "broken-k8s.yaml"), "apiVersion: apps/v1\nkind: Deployment\nspec: [\n  a: {\n");

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const minimal = `
service: { command: node, args: [x.mjs], ports: [PORT], ready: { http: "http://127.0.0.1:\${PORT}/" } }
dependencies: [{ name: db, env: DB_ADDR, protocol: tcp }]
requests: [{ name: r, dependency: db, http: { url: "http://127.0.0.1:\${PORT}/" } }]
checks: { timeout: { request: r, timeoutMs: 100 } }
`;

describe("harness config", () => {
  it("loads the resilient fixture and derives probes and the grace period from its manifest", () => {
    const c = loadHarnessConfig(join(fixtures, "resilient.harness.yaml"));
    expect(c.service.ports).toEqual(["PORT", "GRPC_PORT"]);
    expect(c.dependencies.map((d) => [d.name, d.protocol, d.format])).toEqual([
      ["payments", "http", "http://{host}:{port}"],
      ["inventory", "grpc", "{host}:{port}"],
    ]);
    const probes = c.checks.probes!;
    expect(probes.readiness).toMatchObject({ kind: "http", path: "/readyz", port: "PORT", periodSeconds: 5, failureThreshold: 2 });
    expect(probes.liveness).toMatchObject({ path: "/healthz", timeoutSeconds: 1, failureThreshold: 3 });
    expect(probes.startup).toMatchObject({ periodSeconds: 1, failureThreshold: 10, initialDelaySeconds: 0 });
    expect(probes.source).toMatch(/k8s\/orders\.yaml:\d+ \(Deployment\/orders, container orders\)/);
    expect(c.checks["graceful-shutdown"]!.terminationGracePeriodSeconds).toBe(3);
    expect(c.checks.retry).toMatchObject({ maxAttempts: 3, backoff: "exponential", jitter: true, retryNonIdempotent: false, samples: 8 });
    expect(c.checkLines.timeout).toBeGreaterThan(1);
  });

  it("the shipped schema accepts both fixtures and is what validation uses", () => {
    expect(harnessSchema().properties).toHaveProperty("checks");
    expect(firstSchemaProblem({ service: {}, checks: {} }, harnessSchema())).toBe("service.command: is required");
  });

  it.each([
    ["unknown key", minimal.replace("checks:", "chekcs: {}\nchecks:"), /chekcs: unknown key/],
    ["wrong type", minimal.replace("timeoutMs: 100", "timeoutMs: soon"), /checks\.timeout\.timeoutMs: must be an integer, got 'soon'/],
    ["bad protocol", minimal.replace("protocol: tcp", "protocol: udp"), /protocol: must be one of http, tcp, grpc/],
    ["unknown request", minimal.replace("request: r,", "request: nope,"), /checks\.timeout\.request: no request named 'nope'/],
    ["unknown dependency", minimal.replace("dependency: db", "dependency: cache"), /no dependency named 'cache'/],
    ["two ready checks", minimal.replace('ready: { http: "http://127.0.0.1:${PORT}/" }', 'ready: { http: "http://x/", tcp: "127.0.0.1:1" }'), /service\.ready: name exactly one of http, tcp, grpc/],
    ["no checks", minimal.replace("checks: { timeout: { request: r, timeoutMs: 100 } }", "checks: {}"), /checks: name at least one/],
    ["invalid YAML", "service: [\n", /:\d+: invalid YAML/],
    ["probe port not allocated", minimal.replace("checks: {", "checks: { probes: { liveness: { http: /live, port: ADMIN } },"), /liveness\.port: 'ADMIN' is not one of service\.ports/],
    ["manifest missing", minimal.replace("checks: {", "checks: { probes: { manifest: { file: nope.yaml } },"), /manifest\.file: file not found/],
    ["deadline on HTTP", minimal.replace("checks: {", "checks: { deadline-propagation: { request: r },"), /must be a grpc request/],
    ["unknown check", minimal.replace("checks: {", "checks: { chaos: { request: r },"), /: checks\.chaos: unknown key \(expected one of timeout, retry/],
    ["source outside", minimal.replace("timeoutMs: 100", "from: { source: .. }"), /checks\.timeout\.from\.source: '\.\.' is outside the harness file's folder/],
    ["source absolute", minimal.replace("timeoutMs: 100", `from: { source: "${fixtures}" }`), /checks\.timeout\.from\.source: '.*' is outside the harness file's folder/],
    ["source symlinked out", minimal.replace("timeoutMs: 100", "from: { source: out/checkout }"), /checks\.timeout\.from\.source: 'out\/checkout' leads outside the harness file's folder through a symlink \(to .*fixtures\/harness\/derive\/checkout\)$/],
    ["source a file", minimal.replace("timeoutMs: 100", "from: { source: plain.txt }"), /checks\.timeout\.from\.source: not a folder: plain\.txt$/],
    ["ready port not declared", minimal.replace('"http://127.0.0.1:${PORT}/" } }', '"http://127.0.0.1:${ADMIN_PORT}/" } }'), /: service\.ready\.http: '\$\{ADMIN_PORT\}' is not one of service\.ports \(PORT\); only port variables are expanded$/],
    ["request port not declared", minimal.replace('url: "http://127.0.0.1:${PORT}/"', 'url: "http://127.0.0.1:${PORTT}/"'), /: requests\[0\]\.http\.url: '\$\{PORTT\}' is not one of service\.ports/],
    ["env var not a port", minimal.replace("ports: [PORT],", "ports: [PORT], env: { X: \"${HOME}\" },"), /: service\.env\.X: '\$\{HOME\}' is not one of service\.ports/],
    ["manifest not YAML", minimal.replace("checks: {", "checks: { probes: { manifest: { file: broken-k8s.yaml } },"), /: checks\.probes\.manifest: .*broken-k8s\.yaml:\d+: invalid YAML: deficient indentation$/],
    ["manifest without workload", minimal.replace("checks: {", "checks: { probes: { manifest: { file: plain.txt } },"), /: checks\.probes\.manifest: .*plain\.txt: no workload \(Deployment/],
  ])("%s: one line naming the key", (_name, text, message) => {
    const p = write(`${_name.replace(/\W/g, "-")}.yaml`, text);
    let err: unknown;
    try {
      loadHarnessConfig(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HarnessConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });

  it("checks gRPC services and methods against their proto when loading", () => {
    const proto = join(fixtures, "proto", "shop.proto");
    const grpcDep = (service: string, method: string) =>
      minimal
        .replace("dependencies: [", `dependencies: [{ name: inv, env: INV, protocol: grpc, proto: "${proto}", service: ${service} }, `)
        .replace("requests: [", `requests: [{ name: g, dependency: inv, grpc: { address: "127.0.0.1:1", proto: "${proto}", method: "${method}" } }, `);
    expect(() => loadHarnessConfig(write("grpc-ok.yaml", grpcDep("shop.v1.InventoryService", "shop.v1.OrdersService/GetOrder")))).not.toThrow();
    expect(() => loadHarnessConfig(write("grpc-svc.yaml", grpcDep("shop.v1.Nope", "shop.v1.OrdersService/GetOrder")))).toThrow(/dependencies\[0\]\.service: no service 'shop\.v1\.Nope' in the proto \(have: .*InventoryService/);
    expect(() => loadHarnessConfig(write("grpc-method.yaml", grpcDep("shop.v1.InventoryService", "shop.v1.OrdersService/Nope")))).toThrow(/requests\[0\]\.grpc\.method: service 'shop\.v1\.OrdersService' has no method 'Nope'/);
  });

  it("reads exec and gRPC probes from a manifest; an unknown probe kind is a config error", () => {
    write("exec.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w }\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          ports: [{ name: grpc, containerPort: 9090 }]\n          livenessProbe: { exec: { command: [cat, /tmp/ok] } }\n          readinessProbe: { grpc: { port: 9090, service: shop.v1.Orders } }\n");
    const p = write("uses-exec.yaml", minimal.replace("checks: {", "checks: { probes: { manifest: { file: exec.yaml, ports: { grpc: PORT } } },"));
    const probes = loadHarnessConfig(p).checks.probes!;
    expect(probes.liveness).toMatchObject({ kind: "exec", path: "cat /tmp/ok" });
    expect(probes.readiness).toMatchObject({ kind: "grpc", path: "shop.v1.Orders", port: "PORT" });
    write("odd.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w }\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          livenessProbe: { udp: { port: 1 } }\n");
    const q = write("uses-odd.yaml", minimal.replace("checks: {", "checks: { probes: { manifest: { file: odd.yaml } },"));
    expect(() => loadHarnessConfig(q)).toThrow(/only httpGet, tcpSocket, grpc and exec probes/);
  });

  it("expands ${VAR} placeholders and leaves unknown ones", () => {
    expect(expand("http://127.0.0.1:${PORT}/x/${NOPE}", { PORT: "8080" })).toBe("http://127.0.0.1:8080/x/${NOPE}");
  });
});

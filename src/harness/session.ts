/**
 * One run of the service under test, for one check: a fake upstream (or the real one) behind a
 * fault proxy for each dependency, free ports chosen by the OS, the service started with the
 * proxies' addresses in its env, and a ready check with a time limit. `close()` undoes all of it.
 */
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { Driver, type Outcome } from "./client.js";
import { expand } from "./config.js";
import { startProcess, type ServiceProcess } from "./process.js";
import { FaultProxy } from "./proxy/proxy.js";
import type { DependencySpec, HarnessConfig, ProbeSpec } from "./types.js";
import { startGrpcUpstream } from "./upstream/grpc.js";
import { startHttpUpstream } from "./upstream/http.js";
import type { FakeUpstream } from "./upstream/types.js";

/** The service could not be started or did not become ready: the check is inconclusive. */
export class SetupError extends Error {}

/**
 * The service exited before its ready check passed. Unlike a slow start (which load can cause),
 * a process that dies is a defect of the service or of its command line: the check fails.
 */
export class StartCrash extends SetupError {}

export interface LiveDependency {
  spec: DependencySpec;
  /** Absent when the dependency forwards to a real upstream. */
  fake?: FakeUpstream;
  proxy: FaultProxy;
}

const READY_POLL_MS = 50;

export class Session {
  readonly deps = new Map<string, LiveDependency>();
  vars: Record<string, string> = {};
  proc: ServiceProcess | undefined;
  driver: Driver = new Driver({});
  /** ms from spawn until the ready check first passed. */
  readyAfterMs = 0;
  private closed = false;

  private constructor(readonly config: HarnessConfig) {}

  /** Start everything; on failure everything started so far is stopped again. */
  static async open(config: HarnessConfig, options: { waitReady?: boolean } = {}): Promise<Session> {
    const s = new Session(config);
    try {
      await s.start(options.waitReady ?? true);
      return s;
    } catch (err) {
      await s.close();
      throw err;
    }
  }

  dep(name: string): LiveDependency {
    const d = this.deps.get(name);
    if (!d) throw new SetupError(`no dependency '${name}'`);
    return d;
  }

  /** The fake upstream of a dependency; checks that script failures need one. */
  fake(name: string): FakeUpstream {
    const f = this.dep(name).fake;
    if (!f) throw new SetupError(`dependency '${name}' forwards to a real upstream; this check needs the fake one`);
    return f;
  }

  private async start(waitReady: boolean): Promise<void> {
    const { service, dependencies } = this.config;
    for (const spec of dependencies) {
      const fake = spec.upstream ? undefined : await startFake(spec);
      const target = spec.upstream ? parseHostPort(spec.upstream) : { host: "127.0.0.1", port: fake!.port };
      const live: LiveDependency = { spec, proxy: await FaultProxy.start(spec.name, target) };
      if (fake) live.fake = fake;
      this.deps.set(spec.name, live);
    }
    const ports = await freePorts(service.ports.length);
    this.vars = Object.fromEntries(service.ports.map((name, i) => [name, String(ports[i])]));
    this.driver = new Driver(this.vars);
    const env: Record<string, string> = { ...this.vars };
    for (const [k, v] of Object.entries(service.env)) env[k] = expand(v, this.vars);
    for (const d of this.deps.values()) {
      env[d.spec.env] = d.spec.format.replaceAll("{host}", "127.0.0.1").replaceAll("{port}", String(d.proxy.port));
    }
    this.proc = startProcess(service.command, service.args.map((a) => expand(a, this.vars)), service.cwd, env);
    if (waitReady) this.readyAfterMs = await this.waitReady();
  }

  /** Poll the ready check until it passes; ms since spawn. */
  async waitReady(): Promise<number> {
    const proc = this.proc!;
    const { ready } = this.config.service;
    const deadline = proc.startedAt + ready.timeoutMs;
    let last = "no answer";
    while (performance.now() < deadline) {
      if (proc.exit) throw new StartCrash(`service exited (${describeExit(proc)}) before it was ready${lastLine(proc)}`);
      const o = await this.readyOnce(Math.min(1000, Math.max(50, deadline - performance.now())));
      if (o.ok) return o.end - proc.startedAt;
      last = o.status;
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
    throw new SetupError(`service not ready within ${ready.timeoutMs} ms (last ready check: ${last})${lastLine(proc)}`);
  }

  readyOnce(limitMs: number): Promise<Outcome> {
    const { ready } = this.config.service;
    if (ready.kind === "http") return this.readyHttp(ready.url, limitMs);
    if (ready.kind === "grpc") return this.driver.health(ready.address, limitMs);
    const { port } = parseHostPort(expand(ready.address, this.vars));
    return this.driver.probe(adHocProbe("tcp", "", String(port)), limitMs);
  }

  private readyHttp(url: string, limitMs: number): Promise<Outcome> {
    const u = new URL(expand(url, this.vars));
    return this.driver.probe(adHocProbe("http", `${u.pathname}${u.search}`, u.port || "80"), limitMs);
  }

  /** Stop the service (SIGKILL to its group), the proxies and the fakes. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Each step on its own: one failing must not leave the others running.
    const steps: (() => unknown)[] = [() => this.driver.close(), () => this.proc?.kill()];
    for (const d of this.deps.values()) steps.push(() => d.proxy.close(), () => d.fake?.close());
    for (const step of steps) {
      try {
        await step();
      } catch {
        // Already closed or never started.
      }
    }
  }
}

export function describeExit(proc: ServiceProcess): string {
  const e = proc.exit;
  if (!e) return "running";
  return e.signal ? `signal ${e.signal}` : `code ${e.code}`;
}

/**
 * The line that says why the service stopped: Node ends an uncaught error with its version
 * (`Node.js v20.…`) after the stack, so the last error line (`Error: Cannot find module …`) tells
 * more than the last line.
 */
function lastLine(proc: ServiceProcess): string {
  const lines = proc.output().split("\n").filter((l) => l.trim() !== "" && !/^Node\.js v\d/.test(l));
  const error = lines.findLast((l) => /^([\w.]*Error|panic|Exception|fatal)\b.*:/i.test(l));
  const l = error ?? lines[lines.length - 1];
  return l ? `; ${error ? "error" : "last output"}: ${l.slice(0, 200)}` : "";
}

function adHocProbe(kind: ProbeSpec["kind"], path: string, port: string): ProbeSpec {
  return { kind, path, port, initialDelaySeconds: 0, periodSeconds: 0, timeoutSeconds: 1, failureThreshold: 1 };
}

function startFake(spec: DependencySpec): Promise<FakeUpstream> {
  if (spec.protocol === "grpc") return startGrpcUpstream(spec.proto!, spec.grpcService!, spec.response.body);
  // A tcp dependency gets the HTTP fake too: it accepts connections, which is what tcp checks need.
  return startHttpUpstream(spec.response);
}

function parseHostPort(s: string): { host: string; port: number } {
  const i = s.lastIndexOf(":");
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

/** n distinct free loopback ports, chosen by the OS (all held open at once, then released). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const s = createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => resolve(s));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

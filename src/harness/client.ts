/**
 * Drives the service under test: its requests (HTTP or unary gRPC) and its probes, each bounded
 * by a time limit, each timed. HTTP uses a fresh connection per request (no keep-alive), so a
 * request after SIGTERM really is a new connection.
 */
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import { expand } from "./config.js";
import { findMethod, healthProto, loadProto, type UnaryMethod } from "./upstream/grpc-load.js";
import type { ProbeSpec, RequestSpec } from "./types.js";

export interface Outcome {
  /** 2xx for HTTP, OK for gRPC. */
  ok: boolean;
  /** HTTP status, gRPC status name, or an error code such as ECONNREFUSED / TIMEOUT. */
  status: string;
  /** performance.now() when sent and when answered (or given up). */
  start: number;
  end: number;
  latencyMs: number;
  /** Nothing came back within the limit. */
  timedOut: boolean;
  /** The connection was refused (nothing listening). */
  refused: boolean;
}

export class Driver {
  private readonly clients = new Map<string, Client>();
  constructor(private readonly vars: Record<string, string>) {}

  /** Send one request; never rejects. */
  send(req: RequestSpec, limitMs: number, deadlineMs?: number): Promise<Outcome> {
    if (req.kind === "http") {
      return httpCall(req.method, expand(req.url, this.vars), req.headers, req.body, limitMs);
    }
    const method = findMethod(loadProto(req.proto), req.method, req.name);
    return this.grpcCall(expand(req.address, this.vars), method, req.request, Math.min(limitMs, deadlineMs ?? req.deadlineMs), limitMs);
  }

  /**
   * Call a probe as the kubelet would: HTTP GET (2xx–3xx passes), a TCP connect, or gRPC
   * Health/Check (SERVING passes). Exec probes run inside the container: callers must not pass one.
   */
  probe(p: ProbeSpec, limitMs = p.timeoutSeconds * 1000): Promise<Outcome> {
    const port = this.vars[p.port] ?? p.port;
    if (p.kind === "exec") throw new Error("exec probes cannot be called by the harness");
    if (p.kind === "tcp") return tcpConnect(Number(port), limitMs);
    if (p.kind === "grpc") return this.health(`127.0.0.1:${port}`, limitMs, p.path);
    return httpCall("GET", `http://127.0.0.1:${port}${p.path.startsWith("/") ? "" : "/"}${p.path}`, {}, undefined, limitMs, 400);
  }

  /**
   * grpc.health.v1.Health/Check against `address` for `service` ("" = the whole server). As for
   * the kubelet, only an OK answer with status SERVING passes; otherwise the status is the outcome.
   */
  health(address: string, limitMs: number, service = ""): Promise<Outcome> {
    const method = findMethod(healthProto(), "grpc.health.v1.Health/Check", "health check");
    const serving = (reply: unknown) => {
      const status = String((reply as { status?: unknown } | undefined)?.status ?? "UNKNOWN");
      return status === "SERVING" ? undefined : status;
    };
    return this.grpcCall(expand(address, this.vars), method, { service }, limitMs, limitMs, serving);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  /** `reject` turns an OK reply into a failure named by what it returns (a health status). */
  private grpcCall(address: string, method: UnaryMethod, message: unknown, deadlineMs: number, limitMs: number, reject?: (reply: unknown) => string | undefined): Promise<Outcome> {
    let client = this.clients.get(address);
    if (!client) {
      client = new Client(address, credentials.createInsecure());
      this.clients.set(address, client);
    }
    const start = performance.now();
    return new Promise<Outcome>((resolve) => {
      const done = (status: string, ok: boolean, timedOut = false, refused = false) => {
        clearTimeout(guard);
        const end = performance.now();
        resolve({ ok, status, start, end, latencyMs: end - start, timedOut, refused });
      };
      const call = client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        message as object,
        new Metadata(),
        { deadline: Date.now() + deadlineMs },
        (err: ServiceError | null, reply?: unknown) => {
          if (!err) {
            const bad = reject?.(reply);
            return bad === undefined ? done(reject ? "SERVING" : "OK", true) : done(bad, false);
          }
          const name = grpcStatusName(err.code);
          done(name, false, name === "DEADLINE_EXCEEDED", name === "UNAVAILABLE" && /ECONNREFUSED/.test(err.details ?? ""));
        },
      );
      // The deadline should end the call; this guard only bounds a misbehaving channel.
      const guard = setTimeout(() => {
        call.cancel();
        done("TIMEOUT", false, true);
      }, limitMs + 500);
    });
  }
}

function httpCall(method: string, url: string, headers: Record<string, string>, body: string | undefined, limitMs: number, okBelow = 300): Promise<Outcome> {
  const start = performance.now();
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const done = (status: string, ok: boolean, timedOut = false, refused = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const end = performance.now();
      resolve({ ok, status, start, end, latencyMs: end - start, timedOut, refused });
    };
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest(url, { method, headers, agent: false });
    } catch (err) {
      done(`BAD_URL`, false);
      return;
    }
    const timer = setTimeout(() => {
      done("TIMEOUT", false, true);
      req.destroy();
    }, limitMs);
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => done(String(res.statusCode), (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < okBelow));
      res.on("error", () => done("ECONNRESET", false));
    });
    req.on("error", (err: NodeJS.ErrnoException) => done(err.code ?? "ERROR", false, false, err.code === "ECONNREFUSED"));
    req.end(body);
  });
}

function tcpConnect(port: number, limitMs: number): Promise<Outcome> {
  const start = performance.now();
  return new Promise<Outcome>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (status: string, ok: boolean, timedOut = false, refused = false) => {
      clearTimeout(timer);
      socket.destroy();
      const end = performance.now();
      resolve({ ok, status, start, end, latencyMs: end - start, timedOut, refused });
    };
    const timer = setTimeout(() => done("TIMEOUT", false, true), limitMs);
    socket.once("connect", () => done("CONNECTED", true));
    socket.once("error", (err: NodeJS.ErrnoException) => done(err.code ?? "ERROR", false, false, err.code === "ECONNREFUSED"));
  });
}

const GRPC_STATUS = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"];
function grpcStatusName(code: number): string {
  return GRPC_STATUS[code] ?? `CODE_${code}`;
}

/**
 * A fake gRPC upstream over HTTP/2 (@grpc/grpc-js): serves every unary method of one service from
 * a .proto, answers with the configured message or a status code, and records the deadline each
 * call carried. A connection reset is done by the fault proxy's reset_peer toxic, not here.
 */
import { Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { performance } from "node:perf_hooks";
import { loadProto, serviceMethods } from "./grpc-load.js";
import { TimerSet } from "../timers.js";
import { grpcCodeOf, newFake, type Attempt, type FakeUpstream } from "./types.js";

export async function startGrpcUpstream(proto: string, service: string, body: unknown): Promise<FakeUpstream> {
  const methods = serviceMethods(loadProto(proto), service, proto);
  const timers = new TimerSet();
  const server = new Server();
  const upstream = newFake(async () => {
    timers.clear();
    server.forceShutdown();
  });
  const attempts = upstream.attempts;


  const handler = (path: string) => (call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) => {
    const deadline = call.getDeadline();
    const ms = deadline instanceof Date ? deadline.getTime() - Date.now() : Number.isFinite(deadline) ? deadline - Date.now() : undefined;
    const attempt: Attempt = { at: performance.now(), method: "POST", path, ...(ms !== undefined ? { deadlineMs: ms } : {}) };
    attempts.push(attempt);
    call.on("cancelled", () => {
      if (attempt.answeredAt === undefined) attempt.abandonedAt ??= performance.now();
    });
    const b = upstream.behaviour;
    const finish = (fn: () => void) => {
      if (call.cancelled) return;
      fn();
      attempt.answeredAt = performance.now();
    };
    if (b.kind === "fail" || b.kind === "reset") {
      const code = b.kind === "fail" ? grpcCodeOf[b.code] : status.UNAVAILABLE;
      finish(() => callback({ code, details: `archlint harness: ${b.kind === "fail" ? b.code : "reset"}` }));
      return;
    }
    const delay = (b.delayMs ?? 0) + (b.bodyDelayMs ?? 0);
    timers.later(() => finish(() => callback(null, body as object)), delay);
  };

  const impl: UntypedServiceImplementation = {};
  for (const [name, m] of Object.entries(methods)) {
    if (!m.requestStream && !m.responseStream) impl[name] = handler(m.path);
  }
  server.addService(methods, impl);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  upstream.port = port;
  return upstream;
}

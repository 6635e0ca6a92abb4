/** A fake HTTP/1.1 upstream on loopback: scripted answers, one recorded attempt per request. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { bounded, TimerSet } from "../timers.js";
import { httpStatusOf, newFake, type Attempt, type Behaviour, type FakeUpstream } from "./types.js";

export async function startHttpUpstream(response: { status: number; body: unknown }): Promise<FakeUpstream> {
  const timers = new TimerSet();
  const later = (fn: () => void, ms: number) => timers.later(fn, ms);
  const sockets = new Set<Socket>();
  const body = typeof response.body === "string" ? response.body : JSON.stringify(response.body);

  const upstream = newFake(async () => {
    timers.clear();
    for (const s of sockets) s.destroy();
    await bounded(new Promise((r) => server.close(r)), 1000);
  });
  const attempts = upstream.attempts;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const attempt: Attempt = { at: performance.now(), method: req.method ?? "GET", path: req.url ?? "/" };
    attempts.push(attempt);
    req.resume();
    res.on("close", () => {
      if (!res.writableFinished && attempt.abandonedAt === undefined) attempt.abandonedAt = performance.now();
    });
    const b: Behaviour = upstream.behaviour;
    if (b.kind === "reset") {
      req.socket.resetAndDestroy();
      return;
    }
    const answer = (status: number, text: string, bodyDelayMs = 0) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      const end = () => {
        if (res.destroyed) return;
        res.end(text);
        attempt.answeredAt = performance.now();
      };
      if (bodyDelayMs > 0) {
        res.flushHeaders();
        later(end, bodyDelayMs);
      } else end();
    };
    if (b.kind === "fail") answer(httpStatusOf[b.code], JSON.stringify({ error: b.code }));
    else later(() => answer(response.status, body, b.bodyDelayMs), b.delayMs ?? 0);
  };

  // A plain TCP listener hands sockets to the HTTP server, after `acceptDelayMs` when set: the
  // client's request sits unread in the kernel buffer meanwhile (a slow accept).
  const http = createServer(handle);
  const server = createNetServer((socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (upstream.acceptDelayMs > 0) later(() => socket.destroyed || http.emit("connection", socket), upstream.acceptDelayMs);
    else http.emit("connection", socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  upstream.port = (server.address() as { port: number }).port;
  return upstream;
}

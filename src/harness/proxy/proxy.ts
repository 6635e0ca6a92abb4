/**
 * A pure-Node TCP fault proxy with Toxiproxy's model: one listener on loopback (port chosen by the
 * OS), one upstream, toxics per direction, and `enabled` (disabling closes the listener and every
 * connection: clients see ECONNREFUSED, Toxiproxy's "down"). Toxics apply to connections opened
 * after they change (Toxiproxy races there too, its #148); `dropConnections()` forces new ones.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { bounded, TimerSet } from "../timers.js";
import { bandwidth, latency, slicer } from "./toxics-pace.js";
import { limitData, resetPeer, slowClose, timeout } from "./toxics-cut.js";
import { passThrough, type Emit, type LinkControl, type Stage, type StageFactory, type Toxic, type ToxicType } from "./toxic.js";

const factories: Record<ToxicType, StageFactory> = {
  latency,
  bandwidth,
  slicer,
  slow_close: slowClose,
  timeout,
  reset_peer: resetPeer,
  limit_data: limitData,
};

export interface ProxyStats {
  connections: number;
  /** Bytes that arrived client→server and server→client (before toxics). */
  bytesUp: number;
  bytesDown: number;
}

export class FaultProxy {
  toxics: Toxic[] = [];
  enabled = true;
  readonly stats: ProxyStats = { connections: 0, bytesUp: 0, bytesDown: 0 };
  private server: Server | undefined;
  private readonly links = new Set<Connection>();
  private constructor(
    readonly name: string,
    readonly upstream: { host: string; port: number },
    public port: number,
  ) {}

  static async start(name: string, upstream: { host: string; port: number }, port = 0): Promise<FaultProxy> {
    const proxy = new FaultProxy(name, upstream, port);
    await proxy.listen();
    return proxy;
  }

  /** `127.0.0.1:port`: what the service under test is given instead of the upstream. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  addToxic(t: Partial<Toxic> & { type: ToxicType }): Toxic {
    const stream = t.stream ?? "downstream";
    const toxic: Toxic = { name: t.name ?? `${t.type}_${stream}`, type: t.type, stream, toxicity: t.toxicity ?? 1, attributes: { ...(t.attributes ?? {}) } };
    if (this.toxics.some((x) => x.name === toxic.name)) throw new Error(`toxic already exists: ${toxic.name}`);
    this.toxics.push(toxic);
    return toxic;
  }

  removeToxic(name: string): boolean {
    const before = this.toxics.length;
    this.toxics = this.toxics.filter((t) => t.name !== name);
    return this.toxics.length < before;
  }

  /** Remove every toxic and enable the proxy (Toxiproxy's `POST /reset`). */
  async reset(): Promise<void> {
    this.toxics = [];
    await this.setEnabled(true);
  }

  async setEnabled(enabled: boolean): Promise<void> {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    if (enabled) await this.listen();
    else await this.closeListener();
  }

  /** Close every open connection (both sides), so that new toxics reach the next ones. */
  dropConnections(): void {
    for (const link of this.links) link.close();
  }

  async close(): Promise<void> {
    this.enabled = false;
    await this.closeListener();
  }

  private listen(): Promise<void> {
    const server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        this.port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const link of this.links) link.reset();
    // close() waits for every connection to end; they were all just reset, but never wait long.
    if (server) await bounded(new Promise((r) => server.close(r)), 1000);
  }

  private accept(client: Socket): void {
    this.stats.connections++;
    const link = new Connection(client, this.upstream, this.toxics, this.stats, () => this.links.delete(link));
    this.links.add(link);
  }
}

/** One proxied connection: client ↔ upstream, each direction with its own chain of stages. */
class Connection implements LinkControl {
  private readonly server: Socket;
  private readonly timers = new TimerSet();
  private done = false;

  constructor(
    private readonly client: Socket,
    upstream: { host: string; port: number },
    toxics: readonly Toxic[],
    stats: ProxyStats,
    private readonly onDone: () => void,
  ) {
    this.server = createConnection({ host: upstream.host, port: upstream.port, allowHalfOpen: true });
    const chain = (stream: Toxic["stream"]) =>
      toxics.filter((t) => t.stream === stream && Math.random() < t.toxicity).map((t) => factories[t.type](t.attributes, this));
    const up = pipe(client, this.server, chain("upstream"), (n) => (stats.bytesUp += n));
    const down = pipe(this.server, client, chain("downstream"), (n) => (stats.bytesDown += n));
    for (const [s, flow] of [[client, up], [this.server, down]] as const) {
      s.setNoDelay(true);
      s.on("error", () => this.reset());
      // A side that closed after a clean EOF: close the link once that EOF has passed its toxics
      // (slow_close holds it); a side that closed without one: close the link now.
      s.on("close", () => void (flow.ended ?? Promise.resolve()).then(() => this.close()));
    }
  }

  timer(fn: () => void, ms: number): void {
    if (!this.done) this.timers.later(fn, ms);
  }

  close(): void {
    this.finish((s) => s.destroy());
  }

  reset(): void {
    this.finish((s) => (s.destroyed ? undefined : s.resetAndDestroy()));
  }

  private finish(how: (s: Socket) => void): void {
    if (this.done) return;
    this.done = true;
    this.timers.clear();
    for (const s of [this.client, this.server]) {
      try {
        how(s);
      } catch {
        s.destroy(); // e.g. a reset while the upstream socket is still connecting
      }
    }
    this.onDone();
  }
}

interface Flow {
  /** Set at EOF; resolves once the EOF has been passed on to `to`. */
  ended?: Promise<void>;
}

/** Runs `from`'s data through `stages` into `to`, in order, pausing `from` when `to` is full. */
function pipe(from: Socket, to: Socket, stages: Stage[], count: (n: number) => void): Flow {
  const flow: Flow = {};
  const chain = stages.length > 0 ? stages : [passThrough];
  const write: Emit = async (chunk) => {
    if (to.destroyed || to.writableEnded) return;
    if (!to.write(chunk)) {
      from.pause();
      await new Promise<void>((r) => {
        const go = () => { to.off("close", go); to.off("drain", go); r(); };
        to.once("drain", go);
        to.once("close", go);
      });
      from.resume();
    }
  };
  const emitAt = (i: number): Emit => (i >= chain.length ? write : (c, at) => chain[i]!.chunk(c, at, emitAt(i + 1)));
  let queue: Promise<void> = Promise.resolve();
  from.on("data", (chunk: Buffer) => {
    const at = performance.now();
    count(chunk.length);
    queue = queue.then(() => emitAt(0)(chunk, at)).catch(() => {});
  });
  from.on("end", () => {
    flow.ended = queue.then(
      () =>
        new Promise<void>((resolve) => {
          const endAt = (i: number): void => {
            if (i < chain.length) return chain[i]!.end(() => endAt(i + 1));
            if (!to.destroyed) to.end();
            resolve();
          };
          endAt(0);
        }),
    );
  });
  return flow;
}

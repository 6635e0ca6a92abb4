// The pure-Node fault proxy: each Toxiproxy toxic against a loopback echo server.
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultProxy } from "../src/harness/proxy/proxy.js";

let echo: Server;
let echoPort = 0;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  echo = createServer({ allowHalfOpen: true }, (s) => {
    s.on("data", (d) => s.write(d));
    s.on("end", () => s.end());
    s.on("error", () => {});
  });
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
  echoPort = (echo.address() as { port: number }).port;
});

afterAll(async () => {
  for (const p of proxies) await p.close();
  await new Promise((r) => echo.close(r));
});

async function proxy(): Promise<FaultProxy> {
  const p = await FaultProxy.start("echo", { host: "127.0.0.1", port: echoPort });
  proxies.push(p);
  return p;
}

interface Exchange {
  data: Buffer;
  chunks: number;
  /** ms from write to the first byte back, and to the close. */
  firstByteMs?: number;
  closedMs?: number;
  error?: string;
}

/** Write `payload`, optionally half-close, and collect what comes back within `limitMs`. */
function exchange(port: number, payload: Buffer, limitMs: number, halfClose = false): Promise<Exchange> {
  return new Promise((resolve) => {
    const out: Exchange = { data: Buffer.alloc(0), chunks: 0 };
    const s: Socket = connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    let t0 = 0;
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(out);
    };
    const timer = setTimeout(finish, limitMs);
    s.on("connect", () => {
      t0 = performance.now();
      s.write(payload);
      if (halfClose) s.end();
    });
    s.on("data", (d: Buffer) => {
      out.firstByteMs ??= performance.now() - t0;
      out.chunks++;
      out.data = Buffer.concat([out.data, d]);
    });
    s.on("error", (e: NodeJS.ErrnoException) => (out.error = e.code ?? e.message));
    // The proxy's FIN shows as 'end' (this socket allows half-open), a reset as 'close'.
    const closed = () => {
      out.closedMs ??= performance.now() - t0;
      finish();
    };
    s.on("end", closed);
    s.on("close", closed);
  });
}

describe("fault proxy", () => {
  it("passes data through without toxics", async () => {
    const p = await proxy();
    const r = await exchange(p.port, Buffer.from("hello"), 300, true);
    expect(r.data.toString()).toBe("hello");
    expect(p.stats.bytesUp).toBe(5);
  });

  it("latency delays each chunk by latency ± jitter", async () => {
    const p = await proxy();
    p.addToxic({ type: "latency", attributes: { latency: 80, jitter: 10 } });
    const r = await exchange(p.port, Buffer.from("x"), 300);
    expect(r.data.toString()).toBe("x");
    expect(r.firstByteMs!).toBeGreaterThanOrEqual(65);
  });

  it("bandwidth paces data at rate KB/s", async () => {
    const p = await proxy();
    p.addToxic({ type: "bandwidth", stream: "downstream", attributes: { rate: 20 } }); // 20 KB/s
    const r = await exchange(p.port, Buffer.alloc(3000, 97), 300);
    expect(r.data.length).toBe(3000); // 3000 bytes at 20 KB/s: ≈150 ms
    expect(r.chunks).toBeGreaterThanOrEqual(2);
  });

  it("slicer splits chunks into small pieces", async () => {
    const p = await proxy();
    p.addToxic({ type: "slicer", attributes: { average_size: 10, size_variation: 2, delay: 2000 } });
    const r = await exchange(p.port, Buffer.alloc(100, 98), 300);
    expect(r.data.length).toBe(100);
    expect(r.chunks).toBeGreaterThanOrEqual(5);
  });

  it("timeout drops data and closes after the timeout", async () => {
    const p = await proxy();
    p.addToxic({ type: "timeout", stream: "upstream", attributes: { timeout: 100 } });
    const r = await exchange(p.port, Buffer.from("lost"), 300);
    expect(r.data.length).toBe(0);
    expect(r.closedMs!).toBeGreaterThanOrEqual(80);
  });

  it("timeout 0 is a blackhole that never closes", async () => {
    const p = await proxy();
    p.addToxic({ type: "timeout", stream: "upstream", attributes: { timeout: 0 } });
    const r = await exchange(p.port, Buffer.from("lost"), 150);
    expect(r.data.length).toBe(0);
    expect(r.closedMs).toBeUndefined();
  });

  it("reset_peer resets the connection on the first data (ECONNRESET)", async () => {
    const p = await proxy();
    p.addToxic({ type: "reset_peer", stream: "upstream", attributes: { timeout: 0 } });
    const r = await exchange(p.port, Buffer.from("boom"), 300);
    expect(r.error).toBe("ECONNRESET");
  });

  it("limit_data truncates and closes", async () => {
    const p = await proxy();
    p.addToxic({ type: "limit_data", attributes: { bytes: 4 } });
    const r = await exchange(p.port, Buffer.from("abcdefgh"), 300);
    expect(r.data.toString()).toBe("abcd");
    expect(r.closedMs).toBeDefined();
  });

  it("slow_close delays the close after EOF", async () => {
    const p = await proxy();
    p.addToxic({ type: "slow_close", attributes: { delay: 120 } });
    const r = await exchange(p.port, Buffer.from("bye"), 400, true);
    expect(r.data.toString()).toBe("bye");
    expect(r.closedMs!).toBeGreaterThanOrEqual(100);
  });

  it("toxicity 0 never applies the toxic", async () => {
    const p = await proxy();
    p.addToxic({ type: "timeout", stream: "upstream", toxicity: 0, attributes: { timeout: 0 } });
    const r = await exchange(p.port, Buffer.from("ok"), 300, true);
    expect(r.data.toString()).toBe("ok");
  });

  it("down refuses connections; up and reset bring it back", async () => {
    const p = await proxy();
    p.addToxic({ type: "limit_data", attributes: { bytes: 1 } });
    await p.setEnabled(false);
    const down = await exchange(p.port, Buffer.from("x"), 300);
    expect(down.error).toBe("ECONNREFUSED");
    await p.reset();
    expect(p.toxics).toEqual([]);
    const up = await exchange(p.port, Buffer.from("back"), 300, true);
    expect(up.data.toString()).toBe("back");
  });

  it("names toxics as Toxiproxy does and refuses duplicates", async () => {
    const p = await proxy();
    expect(p.addToxic({ type: "latency", attributes: { latency: 1 } }).name).toBe("latency_downstream");
    expect(() => p.addToxic({ type: "latency" })).toThrow(/already exists/);
    expect(p.removeToxic("latency_downstream")).toBe(true);
  });
});

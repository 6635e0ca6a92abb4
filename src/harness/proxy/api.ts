/**
 * A subset of Toxiproxy's HTTP API (v2.x) over the pure-Node proxies, so that scripts written for
 * `toxiproxy-node-client` (or curl against :8474) can drive them: /version, /reset, /populate,
 * /proxies[/{name}[/toxics[/{toxic}]]] with GET, POST, PATCH and DELETE. Loopback only: a
 * `listen` address is always bound on 127.0.0.1, whatever host it names.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { bounded } from "../timers.js";
import { FaultProxy } from "./proxy.js";
import { toxicTypes, type Toxic, type ToxicType } from "./toxic.js";

export const TOXIPROXY_API_VERSION = "2.12.0";
const MAX_BODY_BYTES = 64 * 1024;

class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

interface ProxyInput { name?: unknown; listen?: unknown; upstream?: unknown; enabled?: unknown }

export class ToxiproxyApi {
  readonly proxies = new Map<string, FaultProxy>();
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const p of this.proxies.values()) await p.close();
    this.proxies.clear();
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await bounded(new Promise((r) => server.close(r)), 1000);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const parts = (req.url ?? "/").split("?")[0]!.split("/").filter(Boolean).map(decodeURIComponent);
      const body = await readJson(req);
      const out = await this.route(req.method ?? "GET", parts, body);
      if (out === undefined) res.writeHead(204).end();
      else send(res, req.method === "POST" && parts.length === 1 ? 201 : 200, out); // POST /proxies, /populate create
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 500;
      send(res, status, { error: (err as Error).message, status });
    }
  }

  private async route(method: string, [a, b, c, d]: string[], body: unknown): Promise<unknown> {
    if (a === "version" && method === "GET") return TOXIPROXY_API_VERSION;
    if (a === "reset" && method === "POST") {
      for (const p of this.proxies.values()) await p.reset();
      return undefined;
    }
    if (a === "populate" && method === "POST") {
      if (!Array.isArray(body)) throw new ApiError(400, "populate expects a list of proxies");
      const made = [];
      for (const input of body as ProxyInput[]) {
        const existing = this.proxies.get(String(input.name));
        if (existing) await this.remove(existing.name);
        made.push(json(await this.create(input)));
      }
      return { proxies: made };
    }
    if (a !== "proxies") throw new ApiError(404, "not found");
    if (b === undefined) {
      if (method === "GET") return Object.fromEntries([...this.proxies].map(([n, p]) => [n, json(p)]));
      if (method === "POST") return json(await this.create(body as ProxyInput));
      throw new ApiError(405, "method not allowed");
    }
    const proxy = this.proxies.get(b);
    if (!proxy) throw new ApiError(404, "proxy not found");
    if (c === undefined) {
      if (method === "GET") return json(proxy);
      if (method === "DELETE") return void (await this.remove(b));
      if (method === "POST" || method === "PATCH") {
        const input = (body ?? {}) as ProxyInput;
        if (typeof input.enabled === "boolean") await proxy.setEnabled(input.enabled);
        return json(proxy);
      }
      throw new ApiError(405, "method not allowed");
    }
    if (c !== "toxics") throw new ApiError(404, "not found");
    if (d === undefined) {
      if (method === "GET") return proxy.toxics;
      if (method === "POST") return addToxic(proxy, body);
      throw new ApiError(405, "method not allowed");
    }
    const toxic = proxy.toxics.find((t) => t.name === d);
    if (!toxic) throw new ApiError(404, "toxic not found");
    if (method === "GET") return toxic;
    if (method === "DELETE") return void proxy.removeToxic(d);
    if (method === "POST" || method === "PATCH") {
      const input = (body ?? {}) as Partial<Toxic>;
      if (typeof input.toxicity === "number") toxic.toxicity = input.toxicity;
      if (input.attributes && typeof input.attributes === "object") Object.assign(toxic.attributes, numbers(input.attributes));
      return toxic;
    }
    throw new ApiError(405, "method not allowed");
  }

  private async create(input: ProxyInput): Promise<FaultProxy> {
    const name = typeof input.name === "string" && input.name ? input.name : undefined;
    if (!name) throw new ApiError(400, "proxy name is required");
    if (this.proxies.has(name)) throw new ApiError(409, "proxy already exists");
    const upstream = hostPort(input.upstream, "upstream");
    const listen = input.listen === undefined ? { host: "127.0.0.1", port: 0 } : hostPort(input.listen, "listen");
    const proxy = await FaultProxy.start(name, upstream, listen.port);
    if (input.enabled === false) await proxy.setEnabled(false);
    this.proxies.set(name, proxy);
    return proxy;
  }

  private async remove(name: string): Promise<void> {
    await this.proxies.get(name)?.close();
    this.proxies.delete(name);
  }
}

function addToxic(proxy: FaultProxy, body: unknown): Toxic {
  const input = (body ?? {}) as Partial<Toxic>;
  if (!toxicTypes.includes(input.type as ToxicType)) throw new ApiError(400, `unknown toxic type: ${String(input.type)}`);
  if (input.stream !== undefined && input.stream !== "upstream" && input.stream !== "downstream") throw new ApiError(400, "stream must be upstream or downstream");
  try {
    return proxy.addToxic({
      type: input.type as ToxicType,
      ...(typeof input.name === "string" ? { name: input.name } : {}),
      ...(input.stream ? { stream: input.stream } : {}),
      ...(typeof input.toxicity === "number" ? { toxicity: input.toxicity } : {}),
      attributes: numbers(input.attributes ?? {}),
    });
  } catch (err) {
    throw new ApiError(409, (err as Error).message);
  }
}

function json(p: FaultProxy): object {
  return { name: p.name, listen: p.address, upstream: `${p.upstream.host}:${p.upstream.port}`, enabled: p.enabled, toxics: p.toxics };
}

function numbers(attrs: object): Record<string, number> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === "number" && Number.isFinite(v)));
}

function hostPort(v: unknown, what: string): { host: string; port: number } {
  const m = typeof v === "string" ? /^(.*):(\d{1,5})$/.exec(v) : null;
  if (!m || Number(m[2]) > 65535) throw new ApiError(400, `${what} must be host:port`);
  return { host: m[1] || "127.0.0.1", port: Number(m[2]) };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY_BYTES) {
        reject(new ApiError(413, "body too large"));
        req.destroy();
      }
    });
    req.on("end", () => {
      if (!text.trim()) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ApiError(400, "body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" }).end(text);
}

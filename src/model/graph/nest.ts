/**
 * NestJS microservice clients that name their target by address: `ClientsModule.register([...])`,
 * `ClientProxyFactory.create({...})` and `@Client({...})` with `Transport.TCP` (`host` + `port`) or
 * `Transport.GRPC` (`url`). Broker transports (NATS, Redis, RabbitMQ, Kafka) name the broker, not
 * the service; their messages are joined by pattern in messaging.ts.
 */
import type { CallFact, Value } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import type { EdgeProtocol } from "./types.js";
import { stringsOf, type ValueContext } from "./values.js";

export interface NestClient {
  service: string;
  protocol: EdgeProtocol;
  /** `host:port` or the URL, as far as it resolves. */
  address: string;
  file: string;
  line: number;
  column: number;
  env?: string;
}

const FACTORIES = /^(ClientsModule\.register(Async)?|ClientProxyFactory\.create|Client)$/;

export function nestClients(files: readonly ModelFile[], valueCtx: (service: string) => ValueContext): NestClient[] {
  const out: NestClient[] = [];
  for (const f of files) {
    if (!f.service || f.isTest || (f.language !== "ts" && f.language !== "js")) continue;
    if (!f.facts.some((x) => x.kind === "import" && x.module === "@nestjs/microservices")) continue;
    const ctx = valueCtx(f.service);
    for (const call of f.facts) {
      if (call.kind !== "call" || !FACTORIES.test(call.callee)) continue;
      const configs = call.args[0]?.kind === "array" ? call.args[0].items : call.args.slice(0, 1);
      for (const c of configs) out.push(...fromConfig(f, call, c, ctx));
    }
  }
  return out;
}

function fromConfig(f: ModelFile, call: CallFact, c: Value, ctx: ValueContext): NestClient[] {
  if (c.kind !== "object") return [];
  const transport = c.props.transport?.kind === "unknown" ? c.props.transport.text.replace(/^.*\./, "") : "TCP";
  const options = c.props.options?.kind === "object" ? c.props.options.props : {};
  const at = { service: f.service!, file: f.path, line: call.loc.line, column: call.loc.column };
  if (transport === "TCP") {
    const hosts = stringsOf(options.host, ctx);
    const port = options.port?.kind === "number" ? String(options.port.value) : stringsOf(options.port, ctx)[0]?.text;
    if (!port) return [];
    return hosts.map((h) => ({ ...at, protocol: "rpc" as const, address: `${h.text}:${port}`, ...(h.env ? { env: h.env } : {}) }));
  }
  if (transport === "GRPC") {
    return stringsOf(options.url, ctx).map((u) => ({ ...at, protocol: "grpc" as const, address: u.text, ...(u.env ? { env: u.env } : {}) }));
  }
  return [];
}

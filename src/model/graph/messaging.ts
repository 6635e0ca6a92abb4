/**
 * Publishers and consumers of messages, by subject / topic / queue / stream: NATS (core,
 * JetStream, Streaming), Kafka (kafkajs, segmentio/kafka-go, sarama), RabbitMQ (amqplib,
 * amqp091-go), Redis streams, and NestJS message patterns (`send` is a request, `emit` an event,
 * answered by `@MessagePattern` / `@EventPattern`). Calls count only in services that import the
 * library, and subjects resolve through constants defined once anywhere in the repo.
 */
import type { CallFact, StringFact, Value } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { lastSegment, stringsOf, type ValueContext } from "./values.js";
import type { GraphEvidence } from "./types.js";

export interface MessageEnd {
  service: string;
  role: "pub" | "sub";
  /** A request that waits for the answer (NATS request, NestJS `send`). */
  sync: boolean;
  subject: string;
  file: string;
  line: number;
  column: number;
  message: string;
  evidence: GraphEvidence[];
}

type Family = "nats" | "kafka" | "amqp" | "redis" | "nest";

const LIBS: Array<[Family, RegExp]> = [
  ["nats", /^(nats(\.ws)?$|@nats-io\/|github\.com\/nats-io\/)/],
  ["kafka", /^(kafkajs|node-rdkafka|@confluentinc\/|github\.com\/(segmentio\/kafka-go|IBM\/sarama|Shopify\/sarama|confluentinc\/confluent-kafka-go))/],
  ["amqp", /^(amqplib|amqp-connection-manager|github\.com\/(rabbitmq\/amqp091-go|streadway\/amqp))/],
  ["redis", /^(ioredis|redis|github\.com\/(redis\/go-redis|go-redis\/redis))/],
  ["nest", /^@nestjs\/microservices/],
];

interface Rule {
  family: Family;
  fn: RegExp;
  role: "pub" | "sub";
  sync?: boolean;
  /** Where the subject sits: an argument index (after a leading ctx in Go), or an object property. */
  subject: (args: Value[]) => Value[];
}

const arg = (i: number) => (args: Value[]) => (args[i] ? [args[i]!] : []);
const prop = (...names: string[]) => (args: Value[]) => {
  const out: Value[] = [];
  for (const a of args) {
    if (a.kind !== "object") continue;
    for (const n of names) {
      const v = a.props[n];
      if (v?.kind === "array") out.push(...v.items);
      else if (v) out.push(v);
    }
  }
  return out;
};
const afterStreams = (args: Value[]) => {
  const i = args.findIndex((a) => a.kind === "string" && a.value.toUpperCase() === "STREAMS");
  return i >= 0 && args[i + 1] ? [args[i + 1]!] : [];
};

const RULES: Rule[] = [
  { family: "nats", fn: /^publish(Msg)?$/i, role: "pub", subject: (a) => [...arg(0)(a), ...prop("Subject", "subject")(a)] },
  { family: "nats", fn: /^request(WithContext|Msg)?$/i, role: "pub", sync: true, subject: arg(0) },
  { family: "nats", fn: /^(queue|chan|chanQueue|pull)?subscribe(Sync)?$/i, role: "sub", subject: arg(0) },
  { family: "kafka", fn: /^(send|sendBatch|produce)$/, role: "pub", subject: (a) => [...prop("topic")(a), ...(a[0]?.kind === "string" ? [a[0]] : [])] },
  { family: "kafka", fn: /^subscribe$/, role: "sub", subject: prop("topic", "topics") },
  { family: "kafka", fn: /^NewWriter$/, role: "pub", subject: prop("Topic") },
  { family: "kafka", fn: /^NewReader$/, role: "sub", subject: prop("Topic", "GroupTopics") },
  { family: "kafka", fn: /^SendMessages?$/, role: "pub", subject: prop("Topic") },
  { family: "kafka", fn: /^ConsumePartition$/, role: "sub", subject: arg(0) },
  { family: "kafka", fn: /^Consume$/, role: "sub", subject: (a) => (a[1]?.kind === "array" ? a[1].items : []) },
  { family: "kafka", fn: /^(Produce)$/, role: "pub", subject: prop("Topic") },
  { family: "amqp", fn: /^sendToQueue$/, role: "pub", subject: arg(0) },
  { family: "amqp", fn: /^publish(WithContext)?$/i, role: "pub", subject: (a) => amqpPublish(a) },
  { family: "amqp", fn: /^consume$/i, role: "sub", subject: arg(0) },
  { family: "redis", fn: /^xadd$/i, role: "pub", subject: (a) => [...prop("Stream")(a), ...(a[0]?.kind !== "object" ? arg(0)(a) : [])] },
  { family: "redis", fn: /^xreadgroup$/i, role: "sub", subject: (a) => [...afterStreams(a), ...prop("Streams")(a).filter((v) => !(v.kind === "string" && /^[>$0-9-]+$/.test(v.value)))] },
  { family: "nest", fn: /^emit$/, role: "pub", subject: pattern },
  { family: "nest", fn: /^send$/, role: "pub", sync: true, subject: pattern },
  { family: "nest", fn: /^EventPattern$/, role: "sub", subject: pattern },
  { family: "nest", fn: /^MessagePattern$/, role: "sub", sync: true, subject: pattern },
];

/** A NestJS pattern: a string, or an object of strings (`{ cmd: "sum" }`) written canonically. */
function pattern(args: Value[]): Value[] {
  const a = args[0];
  if (a?.kind !== "object") return a ? [a] : [];
  const entries = Object.entries(a.props).sort(([x], [y]) => (x < y ? -1 : 1));
  if (!entries.length || !entries.every(([, v]) => v.kind === "string" && !v.holes.length)) return [];
  const value = `{${entries.map(([k, v]) => `${k}:${(v as { value: string }).value}`).join(",")}}`;
  return [{ kind: "string", value, segments: [], holes: [], loc: a.loc }];
}

/** RabbitMQ publish(exchange, routingKey): the default exchange ("") routes by queue name. */
function amqpPublish(a: Value[]): Value[] {
  const [ex, key] = a[0]?.kind === "unknown" && /ctx|context/i.test(a[0].text) ? [a[1], a[2]] : [a[0], a[1]];
  if (ex?.kind === "string" && ex.value === "") return key ? [key] : [];
  return ex ? [ex] : [];
}

/** Subject-shaped literals (`orders.confirmed`, `payments-failed`, `order_created`). */
const SUBJECT_LIKE = /^[A-Za-z0-9][\w-]*([.:/][\w*>-]+)+$|^[a-z0-9]+([_-][a-z0-9]+)+$/;

export function messageEnds(files: readonly ModelFile[], valueCtx: (service: string) => ValueContext): MessageEnd[] {
  const families = new Map<string, Set<Family>>();
  for (const f of files) {
    if (!f.service) continue;
    for (const fact of f.facts) {
      if (fact.kind !== "import") continue;
      for (const [fam, re] of LIBS) if (re.test(fact.module)) (families.get(f.service) ?? families.set(f.service, new Set()).get(f.service)!).add(fam);
    }
  }
  const out: MessageEnd[] = [];
  for (const f of files) {
    if (!f.service || f.isTest || (f.language !== "ts" && f.language !== "js" && f.language !== "go")) continue;
    const fams = families.get(f.service);
    if (!fams) continue;
    const ctx = valueCtx(f.service);
    const calls = f.facts.filter((x): x is CallFact => x.kind === "call");
    const unresolved: Array<{ rule: Rule; call: CallFact }> = [];
    for (const call of calls) {
      const fn = lastSegment(call.callee);
      for (const rule of RULES) {
        if (!fams.has(rule.family) || !rule.fn.test(fn)) continue;
        if (rule.family !== "nest" && !call.callee.includes(".") && f.language === "go") continue;
        // NestJS clients are injected objects: `this.client.send`, never a bare `send(...)`.
        if (rule.family === "nest" && rule.role === "pub" && !call.callee.includes(".")) continue;
        const args = f.language === "go" && call.args[0]?.kind === "unknown" && /^(ctx|context\.\w+\(\))$/i.test(call.args[0].text) ? call.args.slice(1) : call.args;
        const subjects = rule.subject(args).flatMap((v) => stringsOf(v, ctx));
        if (!subjects.length) {
          if (rule.subject(args).length) unresolved.push({ rule, call });
          continue;
        }
        for (const s of subjects) out.push(end(f, rule, call, s.text, s.evidence));
        break;
      }
    }
    // A subject passed through a variable the file cannot see: a wrapper (`publish(Subjects.X, e)`
    // calling `nc.publish(subject, …)`) or a table of subjects iterated over. Take the subjects the
    // same file names in wrapper calls (publishers) or in literal tables (consumers).
    for (const { rule, call } of unresolved) {
      if (rule.role === "pub") {
        for (const w of calls) {
          if (w === call || !/^(publish|emit|produce|send)/i.test(lastSegment(w.callee))) continue;
          for (const s of stringsOf(w.args[0], ctx)) if (SUBJECT_LIKE.test(s.text)) out.push(end(f, rule, w, s.text, [{ file: f.path, line: call.loc.line, message: `sent with ${call.callee}` }, ...s.evidence]));
        }
      } else {
        const table = f.facts.filter((x): x is StringFact => x.kind === "string" && x.context.callee === undefined && !x.holes.length && SUBJECT_LIKE.test(x.value));
        for (const s of table) out.push(end(f, rule, call, s.value, [{ file: f.path, line: s.loc.line, message: `subject "${s.value}"` }]));
      }
    }
  }
  return out;
}

function end(f: ModelFile, rule: Rule, call: CallFact, subject: string, evidence: GraphEvidence[]): MessageEnd {
  const verb = rule.role === "pub" ? (rule.sync ? "requests" : "publishes") : rule.sync ? "answers" : "consumes";
  return {
    service: f.service!,
    role: rule.role,
    sync: rule.sync === true,
    subject,
    file: f.path,
    line: call.loc.line,
    column: call.loc.column,
    message: `${f.service} ${verb} ${subject} (${call.callee})`,
    evidence,
  };
}

/** NATS-style subject match: `*` one token, `>` the rest; RabbitMQ-style `#` as `>`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  if (!/[*>#]/.test(pattern)) return false;
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">" || p[i] === "#") return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== "*" && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

import type { Method } from "../model.js";
import { filePairs, methodPairs, q, servicePairs, type RuleImpl } from "./context.js";

/** Rules about services and RPCs. */

const serviceNoDelete: RuleImpl = {
  id: "SERVICE_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      const names = new Set(c.services.map((s) => s.name));
      for (const s of p.services) {
        if (!names.has(s.name)) emit({ file: c, against: p, message: `Previously present service ${q(s.name)} was deleted from file.` });
      }
    }
  },
};

const rpcNoDelete: RuleImpl = {
  id: "RPC_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of servicePairs(cur, prev)) {
      const names = new Set(c.methods.map((m) => m.name));
      for (const m of p.methods) {
        if (!names.has(m.name)) emit({ file: c.file, span: c.span, against: p.file, message: `Previously present RPC ${q(m.name)} on service ${q(c.name)} was deleted.` });
      }
    }
  },
};

function streaming(id: string, side: "client" | "server"): RuleImpl {
  const get = (m: Method) => (side === "client" ? m.inputStream : m.outputStream);
  return {
    id,
    run(cur, prev, emit) {
      for (const [c, p] of methodPairs(cur, prev)) {
        if (get(c) === get(p)) continue;
        const [was, now] = get(c) ? ["unary", "streaming"] : ["streaming", "unary"];
        emit({ file: c.service.file, span: c.span, against: p.service.file, message: `RPC ${q(c.name)} on service ${q(c.service.name)} changed from ${side} ${was} to ${side} ${now}.` });
      }
    },
  };
}

function messageType(id: string, which: "request" | "response"): RuleImpl {
  return {
    id,
    run(cur, prev, emit) {
      for (const [c, p] of methodPairs(cur, prev)) {
        const pt = which === "request" ? p.resolvedInput : p.resolvedOutput;
        const ct = which === "request" ? c.resolvedInput : c.resolvedOutput;
        if (pt === ct) continue;
        emit({
          file: c.service.file,
          span: which === "request" ? c.inputSpan : c.outputSpan,
          against: p.service.file,
          message: `RPC ${q(c.name)} on service ${q(c.service.name)} changed ${which} type from ${q(pt ?? "")} to ${q(ct ?? "")}.`,
          typeChange: { from: pt ?? "", to: ct ?? "" },
        });
      }
    },
  };
}

const idempotency: RuleImpl = {
  id: "RPC_SAME_IDEMPOTENCY_LEVEL",
  run(cur, prev, emit) {
    const get = (m: Method) => String(m.options.get("idempotency_level")?.value.value ?? "IDEMPOTENCY_UNKNOWN");
    for (const [c, p] of methodPairs(cur, prev)) {
      if (get(c) === get(p)) continue;
      emit({
        file: c.service.file,
        span: c.options.get("idempotency_level")?.span,
        against: p.service.file,
        message: `RPC ${q(c.name)} on service ${q(c.service.name)} changed option "idempotency_level" from ${q(get(p))} to ${q(get(c))}.`,
      });
    }
  },
};

export const serviceRules: RuleImpl[] = [
  serviceNoDelete,
  rpcNoDelete,
  streaming("RPC_SAME_CLIENT_STREAMING", "client"),
  streaming("RPC_SAME_SERVER_STREAMING", "server"),
  messageType("RPC_SAME_REQUEST_TYPE", "request"),
  messageType("RPC_SAME_RESPONSE_TYPE", "response"),
  idempotency,
];

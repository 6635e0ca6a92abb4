import type { Detector } from "../../check/rule.js";
import { where } from "./shared.js";

/**
 * gRPC calls with no deadline: TS/JS calls without `deadline` in their options on a client with no
 * interceptor or service-config timeout; Go calls whose context has no `WithTimeout`/`WithDeadline`
 * and does not come in from the caller. gRPC's default deadline is infinite.
 */
export const missingRpcDeadline: Detector = {
  name: "missing-rpc-deadline",
  defaults: { skipTests: true },
  run({ model, params, report }) {
    for (const c of model.resilience?.calls ?? []) {
      if (c.protocol !== "grpc" || c.limit || (params.skipTests !== false && c.isTest)) continue;
      const client = c.uses.find((u) => u.file !== c.file || u.line !== c.line);
      const how =
        c.library === "grpc-go"
          ? `the context passed to it has no deadline (no context.WithTimeout or WithDeadline${c.inFunction ? ` in ${c.inFunction}` : ""}, and it does not come from an incoming request)`
          : `no deadline in its call options, and the client${client ? ` (line ${client.line}${client.file === c.file ? "" : ` of ${client.file}`})` : ""} sets no interceptor or channel option that adds one`;
      report({
        ...where(c),
        message: `${c.callee} is called without a deadline: ${how}. gRPC's default deadline is infinite (deadline: none), so a stuck server holds this call and its resources forever.`,
        related: client ? [{ file: client.file, line: client.line, message: "the client this call goes through" }] : [],
      });
    }
  },
};

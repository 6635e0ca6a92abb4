import type { Detector } from "../../check/rule.js";
import { formatMs, where } from "./shared.js";

/**
 * A caller's timeout shorter than what the callee itself may wait downstream (its own timeout
 * times its attempts), where both numbers are visible: the caller gives up while the callee
 * keeps working, and every retry of the caller adds load on a callee that is already slow.
 */
export const timeoutBudget: Detector = {
  name: "timeout-budget",
  defaults: {},
  run({ model, report }) {
    const seen = new Set<string>();
    for (const b of model.resilience?.budgets ?? []) {
      const callerMs = b.caller.limit.value.ms;
      const down = b.downstream.limit.value;
      const needed = down.ms * b.attempts;
      if (callerMs >= needed) continue;
      const key = `${b.caller.file}:${b.caller.line}:${b.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const retries = b.attempts > 1 ? ` × ${b.attempts} attempts = ${formatMs(needed)}` : "";
      report({
        ...where(b.caller),
        message:
          `${b.from} gives ${b.to} ${formatMs(callerMs)} (${b.caller.limit.value.text}), but ${b.to}'s handlers wait up to ` +
          `${formatMs(down.ms)}${retries} on their own downstream call (${b.downstream.callee} at ${b.downstream.file}:${b.downstream.line}, ${down.text}): ` +
          `${b.from} gives up first while ${b.to} keeps working${b.unbounded.length ? `, and ${b.unbounded.length} downstream ${b.unbounded.length > 1 ? "calls have" : "call has"} no timeout at all` : ""}.`,
        related: [
          { file: b.caller.limit.value.file, line: b.caller.limit.value.line, message: `caller timeout ${formatMs(callerMs)} (${b.caller.limit.value.text})` },
          { file: down.file, line: down.line, message: `${b.to}'s downstream timeout ${formatMs(down.ms)} (${down.text})` },
          { file: b.downstream.file, line: b.downstream.line, message: `${b.downstream.callee} in ${b.to}` },
          ...b.unbounded.map((u) => ({ file: u.file, line: u.line, message: `downstream call in ${b.to} with no timeout` })),
        ],
      });
    }
  },
};

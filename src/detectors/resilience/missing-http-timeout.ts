import type { Detector } from "../../check/rule.js";
import { where } from "./shared.js";

/**
 * Outbound HTTP that nothing bounds: `fetch` without a signal, axios / got without `timeout`
 * (per call, per instance, in defaults or an interceptor), `http.request` without `timeout`, Go's
 * `http.Get`/`http.DefaultClient` and `http.Client{}` without `Timeout`. The model follows
 * instances to their calls and knows wrapping policies; this detector only words the finding.
 */
export const missingHttpTimeout: Detector = {
  name: "missing-http-timeout",
  defaults: { skipTests: true },
  run({ model, params, report }) {
    for (const c of model.resilience?.calls ?? []) {
      if (c.protocol !== "http" || c.limit || (params.skipTests !== false && c.isTest)) continue;
      const uses = c.uses.map((u) => (u.file === c.file ? `line ${u.line}` : `${u.file}:${u.line}`));
      const message =
        c.anchor === "client"
          ? `${c.missing}: ${uses.length ? `the ${uses.length > 1 ? "calls" : "call"} through it (${uses.join(", ")}) can` : "every call through it can"} wait forever for a slow server (timeout: none).`
          : `${c.missing}: this call can wait forever for a slow server (timeout: none).`;
      report({
        ...where(c),
        message,
        related: c.uses.map((u) => ({ file: u.file, line: u.line, message: `call through the client created at ${c.file}:${c.line}` })),
      });
    }
  },
};

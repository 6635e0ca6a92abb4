/**
 * timeout: the upstream answers only after `factor ×` the declared timeout. The service must
 * answer (error or fallback) within the declared timeout + slack + its own healthy latency, and
 * must abandon the upstream request by then (closing the stream or socket), not leak it.
 * Noise on a loaded machine only adds time, so the fastest of up to three tries decides, and a
 * try that lands between "within" and "clearly beyond" asks for another.
 */
import type { Session } from "../session.js";
import type { TimeoutCheckSpec, Verdict } from "../types.js";
import { baseline, Inconclusive, request, round, sendCounting, VerdictBuilder, waitFor } from "./common.js";

const MAX_TRIES = 3;
/** Beyond this many times the allowance the service clearly has no (or a longer) timeout. */
const CLEARLY_BEYOND = 1.5;

export async function timeoutCheck(session: Session, spec: TimeoutCheckSpec): Promise<Verdict> {
  const v = new VerdictBuilder("timeout", { timeoutMs: spec.timeoutMs, slackMs: spec.slackMs, ...(spec.declaredAt ? { declaredAt: spec.declaredAt } : {}) });
  // "800 ms (services/storefront/src/server.mjs:12)" when the value was read from the code.
  const declaredText = `${spec.timeoutMs} ms${spec.declaredAt?.timeoutMs ? ` (${spec.declaredAt.timeoutMs})` : ""}`;
  const req = request(session, spec.request);
  const fake = session.fake(req.dependency);
  const base = await baseline(session, req);
  const delayMs = spec.timeoutMs * spec.factor;
  const allowedMs = spec.timeoutMs + spec.slackMs + base.latencyMs;
  fake.behaviour = { kind: "ok", delayMs };
  v.measured.upstreamDelayMs = delayMs;
  v.measured.baselineMs = round(base.latencyMs);

  const latencies: number[] = [];
  let abandonedAfter: number | undefined;
  let leaked = false;
  for (let i = 0; i < MAX_TRIES; i++) {
    const { outcome, attempts } = await sendCounting(session, fake, req, delayMs + 2000);
    if (attempts.length === 0) throw new Inconclusive(`'${req.name}' never reached ${req.dependency} while it was slow (${outcome.status})`);
    const first = attempts[0]!;
    // Give the service until the allowance to drop the upstream call (it may answer first).
    await waitFor(() => first.abandonedAt !== undefined || first.answeredAt !== undefined, Math.max(0, first.at + allowedMs - performance.now()));
    const latency = outcome.timedOut ? Infinity : outcome.latencyMs;
    latencies.push(latency);
    if (first.abandonedAt !== undefined) abandonedAfter = Math.min(abandonedAfter ?? Infinity, first.abandonedAt - first.at);
    else leaked = true;
    if (latency <= allowedMs || latency > allowedMs * CLEARLY_BEYOND) break;
  }
  const best = Math.min(...latencies);
  v.measured.latencyMs = Number.isFinite(best) ? round(best) : null;
  v.measured.triesMs = latencies.map((l) => (Number.isFinite(l) ? round(l) : null));
  v.measured.upstreamAbandonedAfterMs = abandonedAfter === undefined ? null : round(abandonedAfter);

  if (best <= allowedMs) v.pass(`answered in ${round(best)} ms; declared timeout ${declaredText}`);
  else if (!Number.isFinite(best)) v.fail(`no answer within ${delayMs + 2000} ms while ${req.dependency} hung: no effective timeout; declared timeout ${declaredText}`);
  else if (best > allowedMs * CLEARLY_BEYOND) v.fail(`answered after ${round(best)} ms while ${req.dependency} hung; declared ${declaredText} (+${spec.slackMs} ms slack)`);
  else v.unsure(`answered after ${round(best)} ms, just above the ${round(allowedMs)} ms allowance; rerun on a quieter machine`);

  if (abandonedAfter !== undefined && abandonedAfter <= allowedMs) v.pass(`upstream call abandoned after ${round(abandonedAfter)} ms`);
  else if (abandonedAfter !== undefined && abandonedAfter > allowedMs * CLEARLY_BEYOND) v.fail(`the upstream call was abandoned only after ${round(abandonedAfter)} ms`);
  else if (abandonedAfter !== undefined) v.unsure(`the upstream call was abandoned after ${round(abandonedAfter)} ms, just above the ${round(allowedMs)} ms allowance; rerun on a quieter machine`);
  else if (leaked) v.fail(`the upstream call was never abandoned: the service leaks a waiting request to ${req.dependency} on timeout`);
  return v.build();
}

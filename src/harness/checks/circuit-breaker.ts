/**
 * circuit-breaker: the upstream fails without pause. After at most `failureThreshold` failing
 * requests the upstream must see no more attempts while requests fail fast; after
 * `halfOpenAfterMs` exactly one probe attempt goes through (and, still failing, the breaker opens
 * again); once the upstream heals, the next probe succeeds and the breaker closes.
 */
import type { Session } from "../session.js";
import type { BreakerCheckSpec, Verdict } from "../types.js";
import { baseline, request, round, sendCounting, sleep, VerdictBuilder } from "./common.js";

const LIMIT_MS = 10_000;
/** Consecutive requests with no upstream attempt that show the breaker is open. */
const OPEN_RUN = 3;
/** Waits for the half-open delay are stretched by this much (timers and load make them late). */
const WAIT_FACTOR = 1.25;
const WAIT_EXTRA_MS = 100;
/** An open-state latency beyond this many times the allowance is clearly not failing fast. */
const CLEARLY_SLOW = 2;

export async function circuitBreakerCheck(session: Session, spec: BreakerCheckSpec): Promise<Verdict> {
  const { request: _r, from: _f, ...declared } = spec;
  // "4 (services/checkout/src/clients.ts:9)" when the value was read from the code.
  const decl = (key: "failureThreshold" | "halfOpenAfterMs", text: string) => `${text}${spec.declaredAt?.[key] ? ` (${spec.declaredAt[key]})` : ""}`;
  const v = new VerdictBuilder("circuit-breaker", declared);
  const req = request(session, spec.request);
  const fake = session.fake(req.dependency);
  const base = await baseline(session, req);
  fake.behaviour = { kind: "fail", code: "unavailable" };

  // 1. Open: send until OPEN_RUN requests in a row reach nothing, or give up.
  const counts: number[] = [];
  const openLatencies: number[] = [];
  let openedAfter = -1;
  let lastAttemptAt = 0;
  for (let i = 0; i < spec.failureThreshold + OPEN_RUN + 2 && openedAfter < 0; i++) {
    const { outcome, attempts } = await sendCounting(session, fake, req, LIMIT_MS);
    counts.push(attempts.length);
    if (attempts.length > 0) {
      lastAttemptAt = attempts[attempts.length - 1]!.at;
      openLatencies.length = 0;
    } else openLatencies.push(outcome.latencyMs);
    const run = counts.slice(-OPEN_RUN);
    if (run.length === OPEN_RUN && run.every((c) => c === 0)) openedAfter = counts.length - OPEN_RUN;
  }
  v.measured.attemptsPerRequest = counts;
  if (openedAfter < 0) {
    v.fail(`never opened: all ${counts.length} requests reached ${req.dependency} while it failed (declared threshold ${decl("failureThreshold", String(spec.failureThreshold))})`);
    return v.build();
  }
  v.measured.failedRequestsBeforeOpen = openedAfter;
  if (openedAfter > spec.failureThreshold) v.fail(`opened only after ${openedAfter} failing requests, declared ${decl("failureThreshold", String(spec.failureThreshold))}`);
  else v.pass(`opened after ${openedAfter} failing requests (declared threshold ${decl("failureThreshold", String(spec.failureThreshold))})`);
  // Load only ever adds time: the fastest open-state answer is the service's own; one between the
  // allowance and CLEARLY_SLOW times it is undecided rather than a fail.
  const fast = Math.min(...openLatencies);
  const allowMs = spec.openLatencyMs + base.latencyMs;
  v.measured.openLatencyMs = round(fast);
  v.measured.openLatenciesMs = openLatencies.map(round);
  if (fast <= allowMs) v.pass(`fails fast while open (${round(fast)} ms)`);
  else if (fast > allowMs * CLEARLY_SLOW) v.fail(`while open, requests take ${round(fast)} ms, not fast (declared under ${spec.openLatencyMs} ms)`);
  else v.unsure(`while open, the fastest request took ${round(fast)} ms, just above the ${round(allowMs)} ms allowance; rerun on a quieter machine`);

  // 2. Half-open with the upstream still failing: one probe, then open again.
  await sleep(lastAttemptAt + spec.halfOpenAfterMs * WAIT_FACTOR + WAIT_EXTRA_MS - performance.now());
  const probe = await sendCounting(session, fake, req, LIMIT_MS);
  const after = await sendCounting(session, fake, req, LIMIT_MS);
  v.measured.halfOpenProbeAttempts = probe.attempts.length;
  v.measured.attemptsAfterFailedProbe = after.attempts.length;
  if (probe.attempts.length === 0) v.fail(`no probe reached ${req.dependency} ${round(spec.halfOpenAfterMs * WAIT_FACTOR + WAIT_EXTRA_MS)} ms after opening (declared half-open after ${decl("halfOpenAfterMs", `${spec.halfOpenAfterMs} ms`)})`);
  else if (probe.attempts.length > 1) v.fail(`half-open let ${probe.attempts.length} attempts through, not one probe`);
  else if (after.attempts.length > 0) v.fail(`after a failed probe the breaker did not open again (${after.attempts.length} attempts)`);
  else v.pass("one probe when half-open");

  // 3. Heal: the next probe succeeds and the breaker closes.
  const probeAt = probe.attempts[0]?.at ?? lastAttemptAt;
  fake.behaviour = { kind: "ok" };
  await sleep(probeAt + spec.halfOpenAfterMs * WAIT_FACTOR + WAIT_EXTRA_MS - performance.now());
  const healed: boolean[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await sendCounting(session, fake, req, LIMIT_MS, 0);
    healed.push(r.outcome.ok && r.attempts.length > 0);
  }
  v.measured.afterHealOk = healed;
  if (healed.every(Boolean)) v.pass("closes again once the upstream heals");
  else v.fail(`did not close after ${req.dependency} healed (${healed.filter(Boolean).length}/3 requests went through)`);
  return v.build();
}

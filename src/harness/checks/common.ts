/** What the checks share: the baseline request, counting attempts at the upstream, small statistics. */
import type { Outcome } from "../client.js";
import type { Session } from "../session.js";
import type { CheckId, RequestSpec, Verdict } from "../types.js";
import type { Attempt, FakeUpstream } from "../upstream/types.js";

/** A check that cannot go on says why; the runner turns it into an inconclusive verdict. */
export class Inconclusive extends Error {}

export function request(session: Session, name: string): RequestSpec {
  const r = session.config.requests.get(name);
  if (!r) throw new Inconclusive(`no request named '${name}'`);
  return r;
}

/**
 * The request with a healthy dependency: it must succeed, or no fault verdict means anything.
 * Sent twice; the faster answer is the service's own latency (noise only ever adds time).
 */
export async function baseline(session: Session, req: RequestSpec, limitMs = 5000): Promise<Outcome> {
  const fake = session.dep(req.dependency).fake;
  if (fake) fake.behaviour = { kind: "ok" };
  let best: Outcome | undefined;
  for (let i = 0; i < 2; i++) {
    const o = await session.driver.send(req, limitMs);
    if (!o.ok) throw new Inconclusive(`'${req.name}' fails even with a healthy ${req.dependency} (${o.status})`);
    if (!best || o.latencyMs < best.latencyMs) best = o;
  }
  return best!;
}

/** Send one request and return its outcome with the upstream attempts that arrived meanwhile. */
export async function sendCounting(session: Session, fake: FakeUpstream, req: RequestSpec, limitMs: number, settleMs = 30): Promise<{ outcome: Outcome; attempts: Attempt[] }> {
  const before = fake.attempts.length;
  const outcome = await session.driver.send(req, limitMs);
  // Attempts that were on the wire when the answer came are still arriving; wait a moment.
  await sleep(settleMs);
  return { outcome, attempts: fake.attempts.slice(before) };
}

export function gaps(attempts: readonly Attempt[]): number[] {
  return attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function round(ms: number): number {
  return Math.round(ms);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

/** Wait until `cond()` holds or `limitMs` passes; true when it held. */
export async function waitFor(cond: () => boolean, limitMs: number, stepMs = 10): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() >= end) return false;
    await sleep(stepMs);
  }
  return true;
}

/**
 * Builds a verdict from sub-results: any failure fails the check, otherwise any undecided part
 * makes it inconclusive, otherwise it passes.
 */
export class VerdictBuilder {
  readonly measured: Record<string, unknown> = {};
  private readonly failures: string[] = [];
  private readonly undecided: string[] = [];
  private readonly passes: string[] = [];
  constructor(readonly check: CheckId, readonly declared: Record<string, unknown>) {}

  fail(reason: string): void { this.failures.push(reason); }
  unsure(reason: string): void { this.undecided.push(reason); }
  pass(what: string): void { this.passes.push(what); }

  build(): Verdict {
    const verdict = this.failures.length > 0 ? "fail" : this.undecided.length > 0 ? "inconclusive" : "pass";
    const reasons = [...this.failures, ...this.undecided];
    const summary = verdict === "pass" ? this.passes.join("; ") || "as declared" : reasons[0]!;
    return { check: this.check, verdict, summary, declared: this.declared, measured: this.measured, reasons };
  }
}

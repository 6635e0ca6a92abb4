/**
 * retry: the upstream fails (HTTP 503 / gRPC UNAVAILABLE, or resets the connection). Attempts per inbound request are
 * counted at the upstream (one request at a time, so every attempt belongs to it); they must be
 * bounded by the declared maximum and, when retries are declared, happen at all. The gaps between
 * attempts show the backoff (it must grow when exponential) and jitter (gaps must vary between
 * requests). Then: a non-retryable error (400 / INVALID_ARGUMENT) must not be retried, nor a
 * non-idempotent call unless declared.
 */
import type { Session } from "../session.js";
import type { RetryCheckSpec, Verdict } from "../types.js";
import type { FailCode } from "../upstream/types.js";
import { baseline, gaps, median, request, round, sendCounting, VerdictBuilder } from "./common.js";

const LIMIT_MS = 10_000;
/** Gaps shorter than this are no backoff at all. */
const NO_BACKOFF_MS = 5;
/** Median second gap / median first gap: above GROWS the backoff grows, below FLAT it does not. */
const GROWS = 1.3;
const FLAT = 1.1;
/**
 * Half the range of a position's gaps (its largest dropped) over their median: jitter above
 * JITTERED, none below STEADY. Simulated on 8 requests: ±20 % uniform jitter passes 99.98 %; a
 * fixed pause with 0–4 % noise and a 0–40 % spike on 5 % of gaps fails 93 %, passes 2.5 %.
 */
const JITTERED = 0.12;
const STEADY = 0.04;
/** "No jitter" is decided on this many retried requests at least. */
const JITTER_FAIL_ROWS = 8;
/** When the gaps cannot decide, up to max(2 × samples, this) requests in all. */
const MORE_SAMPLES = 12;

export async function retryCheck(session: Session, spec: RetryCheckSpec): Promise<Verdict> {
  const { request: _r, from: _f, ...declared } = spec;
  // "3 (services/storefront/src/server.mjs:13)" when the value was read from the code.
  const decl = (key: "maxAttempts" | "backoff" | "jitter", value: unknown) => `${String(value)}${spec.declaredAt?.[key] ? ` at ${spec.declaredAt[key]}` : ""}`;
  const v = new VerdictBuilder("retry", declared);
  const req = request(session, spec.request);
  const fake = session.fake(req.dependency);
  await baseline(session, req);

  // 1. Retryable failures.
  const fault = spec.fault === "reset" ? ({ kind: "reset" } as const) : ({ kind: "fail", code: "unavailable" } as const);
  const perRequest: number[] = [];
  const gapRows: number[][] = [];
  let sent = 0;
  const sample = async (n: number) => {
    for (let i = 0; i < n; i++, sent++) {
      // Successes between samples keep a breaker that counts consecutive failed calls closed, so
      // every sample measures retries, not fail-fast.
      if (sent > 0) await baseline(session, req);
      fake.behaviour = fault;
      const { attempts } = await sendCounting(session, fake, req, LIMIT_MS, 60);
      if (attempts.length === 0) continue; // a breaker already open: not a retry sample
      perRequest.push(attempts.length);
      gapRows.push(gaps(attempts).map(round));
    }
  };
  await sample(spec.samples);
  v.measured.attemptsPerRequest = perRequest;
  v.measured.gapsMs = gapRows;
  const most = Math.max(0, ...perRequest);
  if (perRequest.length === 0) v.unsure("no request reached the upstream while it failed (a breaker open from the start?)");
  else if (most > spec.maxAttempts) v.fail(`${most} attempts for one request, more than the declared ${decl("maxAttempts", spec.maxAttempts)}`);
  else if (spec.maxAttempts > 1 && most === 1) v.fail(`no retry: 1 attempt per request while ${req.dependency} ${spec.fault === "reset" ? "reset connections" : "answered 503/UNAVAILABLE"} (declared up to ${decl("maxAttempts", spec.maxAttempts)})`);
  else v.pass(`at most ${most} attempts per request (declared ${decl("maxAttempts", spec.maxAttempts)})`);
  if (most > 1 && spec.backoff !== "none") {
    let judged = judgeBackoff(gapRows, spec);
    // Too close to call, or "no jitter" from few requests: more requests, once, before deciding.
    const more = Math.max(2 * spec.samples, MORE_SAMPLES) - spec.samples;
    if (judged.some((j) => j.undecided)) {
      await sample(more);
      v.measured.extraSamples = more;
      judged = judgeBackoff(gapRows, spec);
      const again = Math.max(0, ...perRequest);
      if (again > spec.maxAttempts) v.fail(`${again} attempts for one request, more than the declared ${decl("maxAttempts", spec.maxAttempts)}`);
    }
    for (const j of judged) {
      Object.assign(v.measured, j.measured);
      if (j.verdict === "pass") v.pass(j.text);
      else if (j.verdict === "fail" && !j.undecided) v.fail(j.text);
      else if (j.verdict === "fail") v.unsure(`${j.text}, but from only ${gapRows.length} retried requests; raise samples`);
      else v.unsure(j.text);
    }
  }

  // 2. Non-retryable errors and non-idempotent calls; heal first so that a breaker closes again.
  await baseline(session, req);
  await single(v, session, req.name, "invalid", 1, "a non-retryable error (400 / INVALID_ARGUMENT)", "attemptsOnNonRetryable");
  if (spec.nonIdempotentRequest) {
    await baseline(session, req);
    const allowed = spec.retryNonIdempotent ? spec.maxAttempts : 1;
    await single(v, session, spec.nonIdempotentRequest, "unavailable", allowed, `the non-idempotent '${spec.nonIdempotentRequest}'`, "attemptsOnNonIdempotent");
  }
  return v.build();
}

async function single(v: VerdictBuilder, session: Session, name: string, code: FailCode, allowed: number, what: string, key: string): Promise<void> {
  const req = request(session, name);
  const fake = session.fake(req.dependency);
  fake.behaviour = { kind: "fail", code };
  const { attempts } = await sendCounting(session, fake, req, LIMIT_MS, 60);
  v.measured[key] = attempts.length;
  if (attempts.length === 0) v.unsure(`${what} never reached ${req.dependency}`);
  else if (attempts.length > allowed) v.fail(`${what} was retried: ${attempts.length} attempts`);
  else v.pass(`${what} not retried`);
}

interface Judged {
  verdict: "pass" | "fail" | "unsure";
  text: string;
  measured: Record<string, number>;
  /** More requests could decide it (unsure, or "no jitter" from fewer than JITTER_FAIL_ROWS). */
  undecided: boolean;
}

/** The backoff and jitter verdicts from the gaps so far (one row of gaps per request). */
export function judgeBackoff(rows: number[][], spec: Pick<RetryCheckSpec, "backoff" | "jitter" | "declaredAt">): Judged[] {
  const where = (key: "backoff" | "jitter") => (spec.declaredAt?.[key] ? ` at ${spec.declaredAt[key]}` : "");
  const out: Judged[] = [];
  const judged = (verdict: Judged["verdict"], text: string, measured: Record<string, number> = {}, undecided = verdict === "unsure") => out.push({ verdict, text, measured, undecided });
  const all = rows.flat();
  if (Math.min(...all) < NO_BACKOFF_MS) {
    judged("fail", `retries without backoff: a gap of ${Math.min(...all)} ms between attempts`);
    return out;
  }
  const byPosition = (k: number) => rows.map((r) => r[k]).filter((g): g is number => g !== undefined);
  const first = byPosition(0);
  const second = byPosition(1);
  if (spec.backoff === "exponential" && second.length > 0) {
    const ratio = median(second) / median(first);
    const growth = { backoffGrowth: Math.round(ratio * 100) / 100 };
    if (ratio >= GROWS) judged("pass", `backoff grows ×${ratio.toFixed(1)} (declared exponential${where("backoff")})`, growth);
    else if (ratio < FLAT) judged("fail", `backoff does not grow (second gap / first gap = ${ratio.toFixed(2)}), declared exponential${where("backoff")}`, growth);
    else judged("unsure", `backoff growth ×${ratio.toFixed(2)} is too close to call`, growth);
  }
  if (!spec.jitter) return out;
  if (first.length < 3) {
    judged("unsure", `jitter needs at least 3 retried requests, got ${first.length}`);
    return out;
  }
  // Load only ever adds time, to a few gaps: the largest gap of each position is dropped, and the
  // spread is half the range of the rest over their median. Real jitter moves every gap.
  let spread = 0;
  for (const k of [0, 1]) {
    const col = byPosition(k).sort((a, b) => a - b);
    const m = median(col);
    if (col.length >= 3 && m > 0) spread = Math.max(spread, (col[col.length - 2]! - col[0]!) / m / 2);
  }
  const measured = { jitterSpread: Math.round(spread * 100) / 100 };
  if (spread >= JITTERED) judged("pass", `jitter present (gaps vary ±${Math.round(spread * 100)} %${spec.declaredAt?.jitter ? `; declared at ${spec.declaredAt.jitter}` : ""})`, measured);
  else if (spread < STEADY) judged("fail", `no jitter: gaps vary only ±${Math.round(spread * 100)} % between requests (declared jitter${where("jitter")})`, measured, first.length < JITTER_FAIL_ROWS);
  else judged("unsure", `jitter of ±${Math.round(spread * 100)} % is too close to call`, measured);
  return out;
}

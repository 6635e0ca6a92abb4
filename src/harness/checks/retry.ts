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
/** Largest relative deviation of a gap from its position's median: jitter above, none below. */
const JITTERED = 0.15;
const STEADY = 0.08;

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
  for (let i = 0; i < spec.samples; i++) {
    // Successes between samples keep a breaker that counts consecutive failed calls closed, so
    // every sample measures retries, not fail-fast.
    if (i > 0) await baseline(session, req);
    fake.behaviour = fault;
    const { attempts } = await sendCounting(session, fake, req, LIMIT_MS, 60);
    if (attempts.length === 0) continue; // a breaker already open: not a retry sample
    perRequest.push(attempts.length);
    gapRows.push(gaps(attempts).map(round));
  }
  v.measured.attemptsPerRequest = perRequest;
  v.measured.gapsMs = gapRows;
  const most = Math.max(0, ...perRequest);
  if (perRequest.length === 0) v.unsure("no request reached the upstream while it failed (a breaker open from the start?)");
  else if (most > spec.maxAttempts) v.fail(`${most} attempts for one request, more than the declared ${decl("maxAttempts", spec.maxAttempts)}`);
  else if (spec.maxAttempts > 1 && most === 1) v.fail(`no retry: 1 attempt per request while ${req.dependency} ${spec.fault === "reset" ? "reset connections" : "answered 503/UNAVAILABLE"} (declared up to ${decl("maxAttempts", spec.maxAttempts)})`);
  else v.pass(`at most ${most} attempts per request (declared ${decl("maxAttempts", spec.maxAttempts)})`);
  if (most > 1 && spec.backoff !== "none") judgeBackoff(v, gapRows, spec);

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

function judgeBackoff(v: VerdictBuilder, rows: number[][], spec: RetryCheckSpec): void {
  const where = (key: "backoff" | "jitter") => (spec.declaredAt?.[key] ? ` at ${spec.declaredAt[key]}` : "");
  const all = rows.flat();
  if (Math.min(...all) < NO_BACKOFF_MS) {
    v.fail(`retries without backoff: a gap of ${Math.min(...all)} ms between attempts`);
    return;
  }
  const byPosition = (k: number) => rows.map((r) => r[k]).filter((g): g is number => g !== undefined);
  const first = byPosition(0);
  const second = byPosition(1);
  if (spec.backoff === "exponential" && second.length > 0) {
    const ratio = median(second) / median(first);
    v.measured.backoffGrowth = Math.round(ratio * 100) / 100;
    if (ratio >= GROWS) v.pass(`backoff grows ×${ratio.toFixed(1)} (declared exponential${where("backoff")})`);
    else if (ratio < FLAT) v.fail(`backoff does not grow (second gap / first gap = ${ratio.toFixed(2)}), declared exponential${where("backoff")}`);
    else v.unsure(`backoff growth ×${ratio.toFixed(2)} is too close to call`);
  }
  if (!spec.jitter) return;
  if (first.length < 3) {
    v.unsure(`jitter needs at least 3 retried requests, got ${first.length}`);
    return;
  }
  let spread = 0;
  for (const k of [0, 1]) {
    const col = byPosition(k);
    const m = median(col);
    if (col.length >= 3 && m > 0) for (const g of col) spread = Math.max(spread, Math.abs(g / m - 1));
  }
  v.measured.jitterSpread = Math.round(spread * 100) / 100;
  if (spread >= JITTERED) v.pass(`jitter present (gaps vary ±${Math.round(spread * 100)} %${spec.declaredAt?.jitter ? `; declared at ${spec.declaredAt.jitter}` : ""})`);
  else if (spread < STEADY) v.fail(`no jitter: gaps vary only ±${Math.round(spread * 100)} % between requests (declared jitter${where("jitter")})`);
  else v.unsure(`jitter of ±${Math.round(spread * 100)} % is too close to call`);
}

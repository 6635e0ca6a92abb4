/**
 * graceful-shutdown: SIGTERM (to the service itself, as the kubelet sends it) while requests are
 * in flight (the upstream holds them for `holdMs`). In-flight requests must complete, readiness
 * must fail at once, new connections must be refused (or answered 503), and the process must exit
 * within terminationGracePeriodSeconds, after which the kubelet would SIGKILL it.
 */
import type { Outcome } from "../client.js";
import type { Session } from "../session.js";
import type { ShutdownCheckSpec, Verdict } from "../types.js";
import { baseline, Inconclusive, request, round, sleep, VerdictBuilder, waitFor } from "./common.js";

/** How soon after SIGTERM readiness must fail (a kubelet probe period is seconds; this is "at once"). */
const REACT_MS = 1000;
const POLL_MS = 50;

export async function gracefulShutdownCheck(session: Session, spec: ShutdownCheckSpec): Promise<Verdict> {
  const { request: _r, readiness: _p, ...declared } = spec;
  const v = new VerdictBuilder("graceful-shutdown", declared);
  const req = request(session, spec.request);
  const fake = session.fake(req.dependency);
  const proc = session.proc!;
  await baseline(session, req);
  const graceMs = spec.terminationGracePeriodSeconds * 1000;

  fake.behaviour = { kind: "ok", delayMs: spec.holdMs };
  const before = fake.attempts.length;
  const inFlight: Promise<Outcome>[] = [];
  for (let i = 0; i < spec.inFlight; i++) inFlight.push(session.driver.send(req, spec.holdMs + graceMs + 2000));
  if (!(await waitFor(() => fake.attempts.length - before >= spec.inFlight, 2000))) {
    throw new Inconclusive(`the ${spec.inFlight} in-flight requests did not reach ${req.dependency} within 2 s`);
  }
  const sigAt = performance.now();
  proc.signal("SIGTERM");

  // An exec readiness probe runs inside the container: the harness cannot call it.
  const readiness = spec.readiness?.kind === "exec" ? undefined : spec.readiness;
  if (spec.readiness && !readiness) v.unsure(`the readiness probe is an exec probe (\`${spec.readiness.path}\`): the harness cannot call it`);
  // "At once", with room for a busy machine: poll until readiness fails, for REACT_MS at most.
  if (readiness) {
    let r = await session.driver.probe(readiness, 500);
    while (r.ok && performance.now() - sigAt < REACT_MS) {
      await sleep(POLL_MS);
      r = await session.driver.probe(readiness, 500);
    }
    v.measured.readinessAfterSigterm = r.status;
    v.measured.readinessFailedAfterMs = r.ok ? null : round(r.end - sigAt);
    if (r.ok) v.fail(`readiness still passes ${REACT_MS} ms after SIGTERM: the pod keeps receiving traffic while it drains`);
    else v.pass("readiness fails at once");
  } else await sleep(POLL_MS);
  const fresh = await session.driver.send(req, 1000);
  v.measured.newRequestAfterSigterm = fresh.status;
  if (fresh.ok) v.fail("a new connection after SIGTERM is still served");
  else v.pass(`new connections are turned away (${fresh.status})`);

  const results = await Promise.all(inFlight);
  v.measured.inFlight = results.map((o) => o.status);
  const finishedBeforeSignal = results.every((o) => o.end < sigAt);
  const failed = results.filter((o) => !o.ok);
  if (finishedBeforeSignal) v.unsure("every in-flight request finished before SIGTERM landed; raise holdMs");
  else if (failed.length > 0) v.fail(`${failed.length} of ${results.length} in-flight requests failed on SIGTERM (${failed[0]!.status})`);
  else v.pass(`${results.length} in-flight requests completed`);

  const exited = await Promise.race([proc.exited, sleep(Math.max(0, sigAt + graceMs + 500 - performance.now())).then(() => undefined)]);
  if (!exited) {
    v.measured.exitAfterMs = null;
    v.fail(`still running ${graceMs} ms after SIGTERM: the kubelet would SIGKILL it`);
    return v.build();
  }
  const after = exited.at - sigAt;
  v.measured.exitAfterMs = round(after);
  v.measured.exit = exited.signal ?? exited.code;
  if (after > graceMs) v.fail(`exited ${round(after)} ms after SIGTERM, beyond terminationGracePeriodSeconds (${spec.terminationGracePeriodSeconds} s)`);
  else v.pass(`exited ${round(after)} ms after SIGTERM`);
  return v.build();
}

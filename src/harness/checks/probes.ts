/**
 * probes: the workload's probes called as the kubelet would (HTTP GET 2xx–3xx or a TCP connect,
 * within timeoutSeconds). The startup window must cover the measured start time; with the
 * dependencies up both pass; with them down (the fault proxy's `down`) readiness must fail and
 * liveness must keep passing (a liveness probe that checks dependencies restarts every pod in an
 * outage); once they are back, readiness recovers.
 */
import type { Outcome } from "../client.js";
import type { Session } from "../session.js";
import type { ProbeSpec, ProbesCheckSpec, Verdict } from "../types.js";
import { round, sleep, VerdictBuilder } from "./common.js";

/** How long readiness may take to notice an outage or a recovery (the harness polls meanwhile). */
const NOTICE_MS = 1500;
const POLL_MS = 100;
const LIVENESS_ROUNDS = 3;

export async function probesCheck(session: Session, spec: ProbesCheckSpec): Promise<Verdict> {
  const v = new VerdictBuilder("probes", {
    source: spec.source,
    ...(spec.liveness ? { liveness: describe(spec.liveness) } : {}),
    ...(spec.readiness ? { readiness: describe(spec.readiness) } : {}),
    ...(spec.startup ? { startup: describe(spec.startup) } : {}),
  });
  const probe = (p: ProbeSpec) => session.driver.probe(p);
  // Exec probes run a command inside the container; the harness runs the service on this machine
  // and will not run that command here, so those probes are undecided rather than skipped in silence.
  const callable = (name: string, p: ProbeSpec | undefined): ProbeSpec | undefined => {
    if (p?.kind !== "exec") return p;
    v.unsure(`the ${name} probe is an exec probe (\`${p.path}\`): it runs inside the container, so the harness cannot call it`);
    return undefined;
  };
  const liveness = callable("liveness", spec.liveness);
  const readiness = callable("readiness", spec.readiness);
  callable("startup", spec.startup);

  // Start time against the window before the kubelet would restart the container.
  const windowProbe = spec.startup ?? spec.liveness;
  v.measured.startMs = round(session.readyAfterMs);
  if (windowProbe) {
    const windowMs = (windowProbe.initialDelaySeconds + windowProbe.periodSeconds * windowProbe.failureThreshold) * 1000;
    v.measured.startupWindowMs = windowMs;
    if (session.readyAfterMs <= windowMs) v.pass(`starts in ${round(session.readyAfterMs)} ms, within the ${windowMs} ms window`);
    else v.fail(`starts in ${round(session.readyAfterMs)} ms, longer than the ${spec.startup ? "startup" : "liveness"} window of ${windowMs} ms: it would be restarted before it is up`);
  }

  // Healthy dependencies: readiness must get there.
  if (readiness) {
    const ok = await until(() => probe(readiness), (o) => o.ok, NOTICE_MS);
    v.measured.readyWhenHealthy = ok.ok;
    if (!ok.ok) v.fail(`readiness fails with every dependency up (${ok.status})`);
  }

  // Dependencies down.
  const down = [...session.deps.values()].filter((d) => spec.dependencies.length === 0 || spec.dependencies.includes(d.spec.name));
  for (const d of down) await d.proxy.setEnabled(false);
  v.measured.down = down.map((d) => d.spec.name);
  const names = down.map((d) => d.spec.name).join(", ");
  if (readiness) {
    const r = await until(() => probe(readiness), (o) => !o.ok, NOTICE_MS);
    v.measured.readinessWithDependencyDown = r.status;
    if (r.ok) v.fail(`readiness keeps passing with ${names} down: traffic keeps coming to a pod that cannot serve it`);
    else v.pass(`readiness fails with ${names} down`);
  }
  if (liveness) {
    const results: Outcome[] = [];
    for (let i = 0; i < LIVENESS_ROUNDS; i++) {
      results.push(await probe(liveness));
      await sleep(POLL_MS);
    }
    v.measured.livenessWithDependencyDown = results.map((o) => o.status);
    const failed = results.filter((o) => !o.ok);
    if (failed.length > 0) v.fail(`liveness fails with ${names} down (${failed[0]!.status}): the kubelet would restart every pod during an outage`);
    else v.pass(`liveness keeps passing with ${names} down`);
  }

  // Back up: readiness recovers.
  for (const d of down) await d.proxy.setEnabled(true);
  if (readiness) {
    const r = await until(() => probe(readiness), (o) => o.ok, NOTICE_MS);
    v.measured.readinessAfterRecovery = r.status;
    if (!r.ok) v.fail(`readiness does not recover within ${NOTICE_MS} ms of ${names} coming back`);
  }
  return v.build();
}

/** Poll until `want` holds or `limitMs` passes; the last outcome. */
async function until(call: () => Promise<Outcome>, want: (o: Outcome) => boolean, limitMs: number): Promise<Outcome> {
  const end = performance.now() + limitMs;
  for (;;) {
    const o = await call();
    if (want(o) || performance.now() >= end) return o;
    await sleep(POLL_MS);
  }
}

function describe(p: ProbeSpec): string {
  const what = { http: `GET ${p.path}`, tcp: "TCP connect", grpc: `gRPC Health/Check${p.path ? ` '${p.path}'` : ""}`, exec: `exec ${p.path}` }[p.kind];
  return `${what}${p.kind === "exec" ? "" : ` on ${p.port}`} (delay ${p.initialDelaySeconds}s, period ${p.periodSeconds}s, timeout ${p.timeoutSeconds}s, failures ${p.failureThreshold})`;
}

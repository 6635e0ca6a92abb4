/**
 * deadline-propagation (gRPC): the harness calls the service with a deadline; the outgoing call
 * the fake upstream receives must carry a deadline (grpc-timeout) no later than the incoming one.
 */
import type { Session } from "../session.js";
import type { DeadlineCheckSpec, Verdict } from "../types.js";
import { Inconclusive, request, round, sendCounting, VerdictBuilder } from "./common.js";

/** Clock and scheduling noise allowed between the two deadlines. */
const SLACK_MS = 50;
const WARM_UP_MS = 5000;

export async function deadlinePropagationCheck(session: Session, spec: DeadlineCheckSpec): Promise<Verdict> {
  const v = new VerdictBuilder("deadline-propagation", { incomingDeadlineMs: spec.deadlineMs });
  const req = request(session, spec.request);
  if (req.kind !== "grpc") throw new Inconclusive(`'${req.name}' is not a gRPC request`);
  const fake = session.fake(req.dependency);
  fake.behaviour = { kind: "ok" };
  // Warm up first: connecting both gRPC channels can take longer than the deadline on a busy box.
  await session.driver.send({ ...req, deadlineMs: WARM_UP_MS }, WARM_UP_MS);
  const { outcome, attempts } = await sendCounting(session, fake, { ...req, deadlineMs: spec.deadlineMs }, spec.deadlineMs + 1000);
  if (attempts.length === 0) throw new Inconclusive(`'${req.name}' never reached ${req.dependency} (${outcome.status})`);
  const first = attempts[0]!;
  const elapsed = first.at - outcome.start;
  v.measured.outgoingDeadlineMs = first.deadlineMs === undefined ? null : round(first.deadlineMs);
  v.measured.callStatus = outcome.status;
  if (first.deadlineMs === undefined) v.fail(`the call to ${req.dependency} carries no deadline although the incoming call had ${spec.deadlineMs} ms`);
  else if (first.deadlineMs > spec.deadlineMs - elapsed + SLACK_MS) v.fail(`the call to ${req.dependency} allows ${round(first.deadlineMs)} ms, more than the ${round(spec.deadlineMs - elapsed)} ms left of the incoming deadline`);
  else v.pass(`the call to ${req.dependency} carries ${round(first.deadlineMs)} ms of the incoming ${spec.deadlineMs} ms`);
  return v.build();
}

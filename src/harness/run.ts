/**
 * The harness pipeline: for each selected check, a fresh session (dependencies, proxies, the
 * service), the check bounded by `checkTimeoutMs`, then teardown, whatever happened. A check that
 * cannot decide (setup failed, time ran out, the baseline request failed) is inconclusive; a service
 * that dies before it is ready fails it.
 */
import { checkRunners, declaredOf, type CheckRunner } from "./checks/index.js";
import { Inconclusive } from "./checks/common.js";
import { deriveExpectations } from "./derive.js";
import { HarnessConfigError } from "./errors.js";
import { describeExit, Session, SetupError, StartCrash } from "./session.js";
import { checkIds, type CheckId, type HarnessConfig, type Verdict } from "./types.js";

export interface HarnessOptions {
  only?: CheckId[];
  /** Called as each check starts and ends (the CLI prints progress on a TTY). */
  onProgress?: (check: CheckId, verdict?: Verdict) => void;
}

export async function runHarness(config: HarnessConfig, options: HarnessOptions = {}): Promise<Verdict[]> {
  const selected = checkIds.filter((id) => config.checks[id] !== undefined && (!options.only || options.only.includes(id)));
  if (options.only) {
    const missing = options.only.filter((id) => config.checks[id] === undefined);
    if (missing.length > 0) throw new HarnessConfigError(`--only ${missing.join(",")}: not configured under checks in ${config.file}`);
  }
  // Expectations read from the code come first: a check that cannot get them is a config error.
  await deriveExpectations(config, selected);
  const verdicts: Verdict[] = [];
  for (const id of selected) {
    options.onProgress?.(id);
    const verdict = await runOne(config, id);
    options.onProgress?.(id, verdict);
    verdicts.push(verdict);
  }
  return verdicts;
}

async function runOne(config: HarnessConfig, id: CheckId): Promise<Verdict> {
  const spec = config.checks[id]!;
  const runner = checkRunners[id] as CheckRunner<CheckId> | undefined;
  const undecided = (why: string): Verdict => ({ check: id, verdict: "inconclusive", summary: why, declared: declaredOf(id, spec), measured: {}, reasons: [why] });
  if (!runner) return undecided(`the ${id} check is not implemented yet`);
  let session: Session | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Set once this check is over: a session that finishes opening after a timeout is closed at once.
  let over = false;
  try {
    const work = (async () => {
      const opened = await Session.open(config);
      session = opened;
      if (over) {
        await opened.close();
        throw new Inconclusive("timed out");
      }
      const verdict = await runner(session, spec);
      if (session.proc?.exit && id !== "graceful-shutdown") {
        verdict.verdict = "fail";
        verdict.reasons.unshift(`the service crashed during the check (${describeExit(session.proc)})`);
        verdict.summary = verdict.reasons[0]!;
      }
      return verdict;
    })();
    work.catch(() => {}); // after a timeout nobody awaits it any more
    const limit = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve(undecided(`the check did not finish within checkTimeoutMs (${config.checkTimeoutMs} ms)`)), config.checkTimeoutMs);
    });
    return await Promise.race([work, limit]);
  } catch (err) {
    if (err instanceof StartCrash) return { ...undecided(err.message), verdict: "fail" };
    if (err instanceof SetupError || err instanceof Inconclusive) return undecided(err.message);
    if (err instanceof HarnessConfigError) throw err;
    return undecided(`harness error: ${String((err as Error)?.message ?? err).split("\n")[0]}`);
  } finally {
    over = true;
    clearTimeout(timer);
    await session?.close();
  }
}

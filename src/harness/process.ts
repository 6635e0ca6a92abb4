/**
 * The service under test as a child process in its own process group (detached), so that one
 * kill(-pgid) also takes every grandchild it spawned. Every live group is killed when the harness
 * exits, is interrupted (SIGINT/SIGTERM/SIGHUP) or crashes; the handlers are installed only while
 * a child lives. (A SIGKILL of the harness itself cannot be caught by anyone.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export interface ServiceProcess {
  readonly pid: number;
  /** performance.now() at spawn. */
  readonly startedAt: number;
  /** Set once the process has exited. */
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  /** The last lines of stdout and stderr, for error messages. */
  output(): string;
  /** Send a signal to the service itself (as the kubelet does to PID 1), not its group. */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL the whole group and wait (bounded) for the exit. */
  kill(): Promise<void>;
}

const liveGroups = new Set<number>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const OUTPUT_LINES = 20;
const KILL_WAIT_MS = 2000;

export function startProcess(command: string, args: string[], cwd: string, env: Record<string, string>): ServiceProcess {
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
    tail.splice(0, Math.max(0, tail.length - OUTPUT_LINES));
  };
  const child: ChildProcess = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const startedAt = performance.now();
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const proc: ServiceProcess = {
    pid: child.pid ?? -1,
    startedAt,
    exit: undefined,
    exited: new Promise<Exit>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (proc.exit) return;
        proc.exit = { code, signal, at: performance.now() };
        resolve(proc.exit);
      };
      child.on("exit", done);
      child.on("error", (err) => {
        keep(Buffer.from(`cannot start ${command}: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
        done(127, null);
      });
    }),
    output: () => tail.join("\n"),
    signal: (sig) => {
      if (!proc.exit && child.pid) tryKill(child.pid, sig);
    },
    kill: async () => {
      if (child.pid) killGroup(child.pid);
      await Promise.race([proc.exited, new Promise((r) => setTimeout(r, KILL_WAIT_MS).unref())]);
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (child.pid) forget(child.pid);
    },
  };
  if (child.pid) remember(child.pid);
  return proc;
}

function remember(pgid: number): void {
  if (liveGroups.size === 0) {
    process.on("exit", killAll);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  liveGroups.add(pgid);
}

function forget(pgid: number): void {
  if (!liveGroups.delete(pgid) || liveGroups.size > 0) return;
  process.off("exit", killAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

function onSignal(sig: NodeJS.Signals): void {
  killAll();
  // Re-raise with the default action now that our handlers are gone.
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off("exit", killAll);
  process.kill(process.pid, sig);
}

/** Synchronous, so it works from an `exit` handler. */
export function killAll(): void {
  for (const pgid of liveGroups) killGroup(pgid);
}

function killGroup(pgid: number): void {
  tryKill(-pgid, "SIGKILL");
}

function tryKill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // ESRCH: already gone.
  }
}

/** Process groups the harness still owns (tests assert this is empty afterwards). */
export function liveProcessGroups(): number[] {
  return [...liveGroups];
}

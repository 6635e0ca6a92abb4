import { Option } from "commander";
import { DEFAULT_HARNESS_FILE, loadHarnessConfig } from "../harness/config.js";
import { HarnessConfigError } from "../harness/errors.js";
import { ToxiproxyApi } from "../harness/proxy/api.js";
import { formatHarnessJson, harnessReport } from "../harness/report.js";
import { runHarness } from "../harness/run.js";
import { checkIds, type CheckId } from "../harness/types.js";
import { formatReport, reporterNames, type ReporterName } from "../report/index.js";
import { UsageError } from "./errors.js";
import { writeFileOrFail } from "./output.js";
import type { RegisterCommand } from "./types.js";

export const registerHarness: RegisterCommand = (program, setExitCode) => {
  program
    .command("harness")
    .description("start a service behind fault proxies and check that its timeouts, retries, breaker, probes and shutdown work")
    .argument("[harness.yaml]", "harness file", DEFAULT_HARNESS_FILE)
    .addOption(new Option("-f, --format <format>", "output format").choices([...reporterNames]).default("stylish"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--only <checks>", `comma-separated checks to run (${checkIds.join(", ")})`, parseChecks)
    .option("--strict", "exit 1 on an inconclusive check too")
    .option("--toxiproxy-api <port>", "run no checks: serve Toxiproxy's HTTP API (pure-Node proxies) on 127.0.0.1:<port> until interrupted", parsePort)
    .option("--color", "force colours in stylish output")
    .option("--no-color", "never use colours")
    .action(async (file: string, opts: HarnessOptions) => {
      setExitCode(await harnessCommand(file, opts));
    });
};

interface HarnessOptions {
  format: ReporterName;
  toxiproxyApi?: number;
  strict?: boolean;
  output?: string;
  only?: CheckId[];
  color?: boolean;
}

function parseChecks(value: string): CheckId[] {
  const ids = value.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = ids.filter((id) => !(checkIds as readonly string[]).includes(id));
  if (bad.length > 0 || ids.length === 0) throw new UsageError(`--only: unknown check '${bad[0] ?? value}' (expected ${checkIds.join(", ")})`);
  return ids as CheckId[];
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--toxiproxy-api must be a port number, got '${value}'`);
  return n;
}

/** `--toxiproxy-api`: for existing toxiproxy-node-client scripts; stops on SIGINT / SIGTERM. */
async function serveToxiproxyApi(port: number): Promise<number> {
  const api = new ToxiproxyApi();
  try {
    await api.start(port);
  } catch (err) {
    throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  process.stderr.write(`archlint: Toxiproxy API on http://127.0.0.1:${api.port} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await api.close();
  return 0;
}

export async function harnessCommand(file: string, opts: HarnessOptions): Promise<number> {
  if (opts.toxiproxyApi !== undefined) return serveToxiproxyApi(opts.toxiproxyApi);
  try {
    const config = loadHarnessConfig(file);
    const tty = process.stderr.isTTY === true;
    const verdicts = await runHarness(config, {
      ...(opts.only ? { only: opts.only } : {}),
      onProgress: tty ? (check, v) => process.stderr.write(v ? `\r\x1b[K` : `\rarchlint harness: ${check}…`) : undefined,
    });
    const report = harnessReport(config, verdicts);
    const color = opts.color ?? (!opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
    const text = opts.format === "json" ? formatHarnessJson(config, report, verdicts) : formatReport(opts.format, report, { color });
    if (opts.output) writeFileOrFail(opts.output, text);
    else await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
    const failing = opts.strict ? ["fail", "inconclusive"] : ["fail"];
    const code = verdicts.some((v) => failing.includes(v.verdict)) ? 1 : 0;
    // Everything the harness started is closed by now, but Node 20 can spin forever in its exit-time
    // handle cleanup after grpc-js HTTP/2 sessions (seen under load). Exit explicitly instead, once
    // main() has returned and the report has been flushed (awaited above).
    setTimeout(() => process.exit(code), 0);
    return code;
  } catch (err) {
    if (err instanceof HarnessConfigError) throw new UsageError(err.message);
    throw err;
  }
}

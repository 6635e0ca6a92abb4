import { Option } from "commander";
import { formatBaseline } from "../check/baseline.js";
import type { Report } from "../check/finding.js";
import { formatReport, reporterNames, type ReporterName } from "../report/index.js";
import { run, type RunOptions } from "../run.js";
import { UsageError } from "./errors.js";
import { writeFileOrFail } from "./output.js";
import type { RegisterCommand } from "./types.js";

export const registerCheck: RegisterCommand = (program, setExitCode) => {
  program
    .command("check")
    .description("run the static rules on a repository")
    .argument("[dir]", "folder to scan", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices([...reporterNames]).default("stylish"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in <dir>)")
    .option("-q, --quiet", "report errors only")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this", parseCount)
    .option("--baseline <file>", "hide findings recorded in this baseline file")
    .option("--write-baseline <file>", "record today's findings as the baseline and exit 0")
    .option("--concurrency <n>", "threads that parse files (default: one per core, up to 4, on repos of 400+ files)", parseThreads)
    .option("--color", "force colours in stylish output")
    .option("--no-color", "never use colours")
    .action(async (dir: string, opts: CheckOptions) => {
      setExitCode(await checkCommand(dir, opts));
    });
};

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${value}'`);
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings must be a whole number, got '${value}'`);
  return n;
}

export interface CheckOptions {
  format: ReporterName;
  output?: string;
  config?: string;
  quiet?: boolean;
  maxWarnings?: number;
  baseline?: string;
  writeBaseline?: string;
  color?: boolean;
  concurrency?: number;
}

/** `runOptions`: what `adr lint` changes (ADR files and decision rules only). */
export async function checkCommand(dir: string, opts: CheckOptions, runOptions: Partial<RunOptions> = {}): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const onProgress = tty
    ? (done: number, total: number) => process.stderr.write(done === total ? "\r\x1b[K" : `\rarchlint: ${done}/${total} files`)
    : undefined;
  const { report, unbaselined } = await run({ ...runOptions, root: dir, configPath: opts.config, baselinePath: opts.baseline, concurrency: opts.concurrency, onProgress });

  if (opts.writeBaseline) {
    writeFileOrFail(opts.writeBaseline, formatBaseline(unbaselined));
    process.stderr.write(`archlint: wrote ${unbaselined.length} finding(s) to ${opts.writeBaseline}\n`);
    return 0;
  }

  const shown: Report = opts.quiet ? quietReport(report) : report;
  const color = opts.color ?? (!opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const text = formatReport(opts.format, shown, { color });
  if (opts.output) writeFileOrFail(opts.output, text);
  else process.stdout.write(text);

  if (report.summary.errors > 0) return 1;
  if (opts.maxWarnings !== undefined && report.summary.warnings > opts.maxWarnings) {
    process.stderr.write(`archlint: ${report.summary.warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** `--quiet`: errors only, as ESLint. */
function quietReport(report: Report): Report {
  const findings = report.findings.filter((f) => f.severity === "error");
  return { ...report, findings, summary: { ...report.summary, warnings: 0, infos: 0 } };
}

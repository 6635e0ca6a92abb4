import { writeFileSync } from "node:fs";
import { formatBaseline } from "../check/baseline.js";
import type { Report } from "../check/finding.js";
import { formatReport, type ReporterName } from "../report/index.js";
import { run } from "../run.js";
import { UsageError } from "./errors.js";

export interface CheckOptions {
  format: ReporterName;
  output?: string;
  config?: string;
  quiet?: boolean;
  maxWarnings?: number;
  baseline?: string;
  writeBaseline?: string;
  color?: boolean;
}

export async function checkCommand(dir: string, opts: CheckOptions): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const onProgress = tty
    ? (done: number, total: number) => process.stderr.write(done === total ? "\r\x1b[K" : `\rarchlint: ${done}/${total} files`)
    : undefined;
  const { report, unbaselined } = await run({ root: dir, configPath: opts.config, baselinePath: opts.baseline, onProgress });

  if (opts.writeBaseline) {
    writeOut(opts.writeBaseline, formatBaseline(unbaselined));
    process.stderr.write(`archlint: wrote ${unbaselined.length} finding(s) to ${opts.writeBaseline}\n`);
    return 0;
  }

  const shown: Report = opts.quiet ? quietReport(report) : report;
  const color = opts.color ?? (!opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const text = formatReport(opts.format, shown, { color });
  if (opts.output) writeOut(opts.output, text);
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

function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

import { resolve } from "node:path";
import { Option } from "commander";
import { BreakingConfigError, runBreaking } from "../proto/breaking.js";
import { BufConfigError } from "../proto/load/config.js";
import { dirSource, gitSource, isDirectory, SourceError, type Source } from "../proto/load/index.js";
import { formatBufJson, toReport } from "../proto/report.js";
import { formatReport, reporterNames, type ReporterName } from "../report/index.js";
import { version } from "../version.js";
import { UsageError } from "./errors.js";
import { writeOrPrint } from "./output.js";
import type { RegisterCommand } from "./types.js";

const formats = [...reporterNames, "buf-json"] as const;
type BreakingFormat = (typeof formats)[number];

export interface BreakingOptions {
  against: string;
  format: BreakingFormat;
  output?: string;
  color?: boolean;
  renameHints?: boolean;
}

export const registerBreaking: RegisterCommand = (program, setExitCode) => {
  program
    .command("breaking")
    .description("check .proto changes for breaking changes against a folder or git ref (buf breaking rules)")
    .argument("[dir]", "folder with the current protos (its buf.yaml / buf.work.yaml, if any, is read)", ".")
    .requiredOption("--against <dir|ref>", "the old version: a folder, or a git ref (branch, tag, HEAD~1, origin/main) read without checkout")
    .addOption(new Option("-f, --format <format>", "output format").choices([...formats]).default("stylish"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--no-rename-hints", "report renamed messages as buf does (a deletion plus type changes)")
    .option("--color", "force colours in stylish output")
    .option("--no-color", "never use colours")
    .action(async (dir: string, opts: BreakingOptions) => {
      setExitCode(await breakingCommand(dir, opts));
    });
};

/** `--against`: a folder if one exists there, else a git ref (buf's `.git#ref=X` / `#branch=X` / `#tag=X` is accepted too). */
async function againstSource(dir: string, against: string): Promise<Source> {
  if (await isDirectory(against)) return dirSource(against);
  const m = /#(?:.*,)?(?:ref|branch|tag)=([^,]+)/.exec(against);
  return gitSource(dir, m ? m[1]! : against);
}

export async function breakingCommand(dir: string, opts: BreakingOptions): Promise<number> {
  if (!(await isDirectory(dir))) throw new UsageError(`${dir}: not a folder`);
  let outcome;
  try {
    const against = await againstSource(resolve(dir), opts.against);
    outcome = await runBreaking(dirSource(dir), against);
  } catch (err) {
    if (err instanceof SourceError || err instanceof BufConfigError || err instanceof BreakingConfigError) throw new UsageError(err.message);
    throw err;
  }
  let text: string;
  if (opts.format === "buf-json") text = formatBufJson(outcome);
  else {
    const report = toReport(outcome, version, opts.renameHints !== false);
    const color = opts.color ?? (!opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
    text = formatReport(opts.format as ReporterName, report, { color });
  }
  writeOrPrint(opts.output, text);
  return outcome.compile.length || outcome.findings.length ? 1 : 0;
}

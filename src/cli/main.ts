import { Command, CommanderError, Option } from "commander";
import { ConfigError } from "../config/load.js";
import { RuleFileError } from "../check/rules.js";
import { BaselineError } from "../check/baseline.js";
import { reporterNames } from "../report/index.js";
import { version } from "../version.js";
import { checkCommand } from "./check.js";
import { initCommand } from "./init.js";
import { rulesCommand } from "./rules.js";
import { UsageError } from "./errors.js";

/** Runs the CLI; resolves to the exit code (0 clean, 1 error-level findings, 2 usage or internal error). */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command();
  program
    .name("archlint")
    .description("Architecture governance linter for microservice repositories")
    .version(version, "-v, --version")
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`archlint: ${s.replace(/^error: /, "").trim()}\n`),
    })
    .exitOverride()
    .showSuggestionAfterError(true);

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
    .option("--color", "force colours in stylish output")
    .option("--no-color", "never use colours")
    .action(async (dir: string, opts) => {
      exitCode = await checkCommand(dir, opts);
    });

  program
    .command("rules")
    .description("list the rules, or explain one")
    .argument("[id]", "rule id to explain")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((id: string | undefined, opts: { format: "text" | "json" }) => {
      exitCode = rulesCommand(id, opts.format);
    });

  program
    .command("init")
    .description("write a commented archlint.yaml")
    .argument("[dir]", "folder to write it in", ".")
    .option("--force", "overwrite an existing archlint.yaml")
    .action((dir: string, opts: { force?: boolean }) => {
      exitCode = initCommand(dir, !!opts.force);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConfigError || err instanceof RuleFileError || err instanceof BaselineError || err instanceof UsageError) {
      process.stderr.write(`archlint: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`archlint: internal error: ${String((err as Error)?.message ?? err).split("\n")[0]}\n`);
    return 2;
  }
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings must be a whole number, got '${value}'`);
  return n;
}

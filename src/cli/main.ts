import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/load.js";
import { RuleFileError } from "../check/rules.js";
import { BaselineError } from "../check/baseline.js";
import { version } from "../version.js";
import { registerBreaking } from "./breaking.js";
import { registerAdr } from "./adr.js";
import { registerCheck } from "./check.js";
import { registerFacts } from "./facts.js";
import { registerGraph } from "./graph.js";
import { registerHarness } from "./harness.js";
import { registerMerge } from "./merge.js";
import { registerInit } from "./init.js";
import { registerRules } from "./rules.js";
import { registerTables } from "./tables.js";
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

  const setExitCode = (code: number) => {
    exitCode = code;
  };
  // Each command registers itself from its own file; add new commands to this list.
  for (const register of [registerCheck, registerBreaking, registerRules, registerInit, registerGraph, registerFacts, registerMerge, registerTables, registerAdr, registerHarness]) register(program, setExitCode);

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

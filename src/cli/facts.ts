import { basename, resolve } from "node:path";
import { factsOf } from "../multirepo/facts.js";
import { run } from "../run.js";
import { writeOrPrint } from "./output.js";
import type { RegisterCommand } from "./types.js";

export const registerFacts: RegisterCommand = (program, setExitCode) => {
  program
    .command("facts")
    .description("write this repo's services, call graph, datastores and tables as versioned JSON (for archlint merge)")
    .argument("[dir]", "folder to scan", ".")
    .option("-o, --output <file>", "write the facts to a file instead of stdout")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in <dir>)")
    .option("--repo <name>", "the repo's name in merged output (default: the folder's name)")
    .action(async (dir: string, opts: { output?: string; config?: string; repo?: string }) => {
      const { model } = await run({ root: dir, configPath: opts.config });
      const facts = factsOf(model, opts.repo ?? basename(resolve(dir)));
      writeOrPrint(opts.output, `${JSON.stringify(facts, null, 2)}\n`);
      setExitCode(0);
    });
};

import { readFileSync } from "node:fs";
import { Option } from "commander";
import { loadConfig } from "../config/load.js";
import { graphDocument } from "../model/graph/document.js";
import { checkMerged } from "../multirepo/check.js";
import { FactsFileError, readFacts, type FactsFile } from "../multirepo/facts.js";
import { mergeFacts } from "../multirepo/merge.js";
import { graphFormats, type GraphFormat } from "../report/graph/index.js";
import { formatReport, reporterNames, type ReporterName } from "../report/index.js";
import { UsageError } from "./errors.js";
import { renderGraph } from "./graph.js";
import { writeOrPrint } from "./output.js";
import type { RegisterCommand } from "./types.js";

interface MergeOptions {
  format: ReporterName;
  graph?: GraphFormat;
  output?: string;
  writeFacts?: string;
  config?: string;
}

export const registerMerge: RegisterCommand = (program, setExitCode) => {
  program
    .command("merge")
    .description("join several repos' facts (archlint facts) and run the cross-service rules on the whole")
    .argument("<facts...>", "facts files written by archlint facts")
    .addOption(new Option("-f, --format <format>", "findings format").choices([...reporterNames]).default("stylish"))
    .addOption(new Option("--graph <format>", "print the merged service graph instead of findings").choices([...graphFormats]))
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .option("--write-facts <file>", "also write the merged facts (they can be merged again)")
    .option("-c, --config <file>", "archlint.yaml with rule settings (default: the one in the current folder)")
    .action(async (paths: string[], opts: MergeOptions) => {
      const merged = mergeFacts(paths.map(readFactsFile));
      if (opts.writeFacts) writeOrPrint(opts.writeFacts, `${JSON.stringify(merged, null, 2)}\n`);
      if (opts.graph) {
        writeOrPrint(opts.output, renderGraph(graphDocument(merged.services, merged), opts.graph, merged.repo));
        setExitCode(0);
        return;
      }
      const report = checkMerged(merged, loadConfig(process.cwd(), opts.config).config);
      writeOrPrint(opts.output, formatReport(opts.format, report, { color: !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR }));
      setExitCode(report.summary.errors > 0 ? 1 : 0);
    });
};

function readFactsFile(path: string): FactsFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return readFacts(JSON.parse(text), path);
  } catch (err) {
    if (err instanceof FactsFileError) throw new UsageError(err.message);
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message.split("\n")[0]})`);
  }
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { Option } from "commander";
import { maskSecretsDeep } from "../model/datastores/dsn.js";
import { graphDocument, graphServices, type GraphDocument } from "../model/graph/document.js";
import { graphDot, graphFormats, graphHtml, graphJson, graphMermaid, type GraphFormat } from "../report/graph/index.js";
import { run } from "../run.js";
import { writeOrPrint } from "./output.js";
import type { RegisterCommand } from "./types.js";

export const registerGraph: RegisterCommand = (program, setExitCode) => {
  program
    .command("graph")
    .description("print the service call graph (edges with file:line evidence; cycles highlighted)")
    .argument("[dir]", "folder to scan", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices([...graphFormats]).default("json"))
    .option("-o, --output <file>", "write the graph to a file instead of stdout")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in <dir>)")
    .action(async (dir: string, opts: { format: GraphFormat; output?: string; config?: string }) => {
      const { model } = await run({ root: dir, configPath: opts.config });
      const doc = maskSecretsDeep(graphDocument(graphServices(model), model.graph ?? { edges: [] }));
      writeOrPrint(opts.output, renderGraph(doc, opts.format, basename(resolve(dir))));
      setExitCode(0);
    });
};

export function renderGraph(doc: GraphDocument, format: GraphFormat, name: string): string {
  switch (format) {
    case "json":
      return graphJson(doc);
    case "mermaid":
      return graphMermaid(doc);
    case "dot":
      return graphDot(doc);
    case "html":
      return graphHtml(doc, dagreSource(), `Service graph of ${name}`);
  }
}

/** dagre's browser build, inlined into the HTML so the file needs nothing else. */
function dagreSource(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve("@dagrejs/dagre/package.json")), "dist", "dagre.min.js"), "utf8");
}

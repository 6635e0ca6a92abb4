import { resolve } from "node:path";
import { Option } from "commander";
import { loadConfig } from "../config/load.js";
import { maskSecretsDeep } from "../model/datastores/dsn.js";
import { crossAccessRate, tableOwner, type TableRow } from "../model/tables/index.js";
import { formatTables, tableFormats, type TableFormat, type TableMatrixRow } from "../report/tables/index.js";
import { run } from "../run.js";
import { writeOrPrint } from "./output.js";
import type { RegisterCommand } from "./types.js";

export const registerTables: RegisterCommand = (program, setExitCode) => {
  program
    .command("tables")
    .description("print the table access matrix: table, owner, readers, writers, cross-access rate")
    .argument("[dir]", "folder to scan", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices([...tableFormats]).default("markdown"))
    .option("-o, --output <file>", "write the matrix to a file instead of stdout")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in <dir>)")
    .action(async (dir: string, opts: { format: TableFormat; output?: string; config?: string }) => {
      const { model } = await run({ root: dir, configPath: opts.config });
      const owners = configuredOwners(dir, opts.config);
      writeOrPrint(opts.output, formatTables(maskSecretsDeep((model.tables ?? []).map((r) => matrixRow(r, owners))), opts.format));
      setExitCode(0);
    });
};

/** The owners archlint.yaml names for the cross-service-table-access rule. */
function configuredOwners(dir: string, config?: string): Record<string, string> {
  const setting = loadConfig(resolve(dir), config).config.rules["cross-service-table-access"];
  const owners = typeof setting === "object" ? setting.params?.owners : undefined;
  const out: Record<string, string> = {};
  if (owners && typeof owners === "object") for (const [t, s] of Object.entries(owners as Record<string, unknown>)) out[t.toLowerCase()] = String(s);
  return out;
}

export function matrixRow(r: TableRow, owners: Record<string, string>): TableMatrixRow {
  const { owner, basis } = tableOwner(r, owners);
  const row: TableMatrixRow = {
    table: r.table,
    ownerBasis: basis,
    writers: r.writers,
    readers: r.readers,
    statements: r.statements.length,
    crossAccessRate: Math.round(crossAccessRate(r, owner) * 1000) / 1000,
    accesses: r.statements.map((s) => ({ service: s.service, file: s.file, line: s.line, column: s.column, statement: s.statement, reads: s.reads, writes: s.writes, ...(s.orm ? { orm: s.orm.orm, ...(s.orm.entity ? { entity: s.orm.entity } : {}) } : {}) })),
  };
  if (r.database) row.database = r.database;
  if (owner) row.owner = owner;
  return row;
}

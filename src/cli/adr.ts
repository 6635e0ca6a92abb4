import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Option } from "commander";
import { loadConfig } from "../config/load.js";
import { ADR_STATUSES } from "../detectors/adr/metadata.js";
import { linkTo, refOf, withStatus, withSupersedesLine } from "../adr/edit.js";
import { adrRows, formatRows } from "../adr/list.js";
import { AdrError, newAdr, readFindings, templateForFindings } from "../adr/new.js";
import { findAdrDir, readAdrFiles } from "../adr/records.js";
import { templateKinds } from "../adr/templates.js";
import { reporterNames } from "../report/index.js";
import { checkCommand, type CheckOptions } from "./check.js";
import { UsageError } from "./errors.js";
import type { RegisterCommand } from "./types.js";

/** `archlint adr new|lint|list|status`: decision records written, linted and kept linked. */
export const registerAdr: RegisterCommand = (program, setExitCode) => {
  const adr = program.command("adr").description("architecture decision records: new, lint, list, status");

  adr
    .command("new")
    .description("write the next decision record from a template with a rollback checklist")
    .argument("<title...>", "the decision, e.g. \"Replace RabbitMQ with Kafka\"")
    .option("-t, --template <kind>", `template: ${templateKinds().join(", ")} (default: generic, or one that fits --from-findings)`)
    .option("--dir <dir>", "the ADR folder (default: adr.dir in archlint.yaml, .adr-dir, doc/adr, docs/adr, docs/decisions…)")
    .option("--supersedes <n>", "the number of the record this one replaces (both records are linked)", parseNumber)
    .option("--status <status>", "status of the new record", "proposed")
    .option("--from-findings <file>", "an archlint --format json report whose findings the decision addresses")
    .option("--date <YYYY-MM-DD>", "the record's date (default: today, UTC)")
    .option("--root <dir>", "the repository", ".")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in --root)")
    .action((words: string[], opts: NewOptions) => guard(() => newCommand(words.join(" "), opts)));

  adr
    .command("lint")
    .description("lint the decision records (the decisions rules only; findings and exit codes as check)")
    .argument("[dir]", "the repository", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices([...reporterNames]).default("stylish"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in <dir>)")
    .option("--adr-dir <dir>", "the ADR folder, relative to <dir>")
    .option("-q, --quiet", "report errors only")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this", parseNumber)
    .option("--baseline <file>", "hide findings recorded in this baseline file")
    .option("--color", "force colours in stylish output")
    .option("--no-color", "never use colours")
    .action(async (dir: string, opts: CheckOptions & { adrDir?: string }) => {
      const root = resolve(dir);
      if (existsSync(root) && !findAdrDir(root, loadConfig(root, opts.config).config, opts.adrDir)) {
        process.stderr.write(`archlint: no ADR folder in ${dir} (set adr.dir, or use .adr-dir, doc/adr, docs/adr or docs/decisions); nothing to lint\n`);
      }
      setExitCode(await checkCommand(dir, opts, { adrOnly: true, ...(opts.adrDir ? { adrDir: opts.adrDir } : {}) }));
    });

  adr
    .command("list")
    .description("list the decision records: number, title, status, date, supersede links")
    .argument("[dir]", "the repository", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in <dir>)")
    .option("--adr-dir <dir>", "the ADR folder, relative to <dir>")
    .action((dir: string, opts: { format: "text" | "json" | "markdown"; config?: string; adrDir?: string }) =>
      guard(() => {
        const root = resolve(dir);
        const found = findAdrDir(root, loadConfig(root, opts.config).config, opts.adrDir);
        process.stdout.write(formatRows(adrRows(found ? readAdrFiles(root, found) : []), opts.format));
      }),
    );

  adr
    .command("status")
    .description("set a record's status; with --by, mark it superseded and link both records")
    .argument("<n>", "the record's number", parseNumber)
    .argument("<status>", `new status: ${ADR_STATUSES.join(", ")}`)
    .option("--by <m>", "the record that supersedes it", parseNumber)
    .option("--root <dir>", "the repository", ".")
    .option("-c, --config <file>", "archlint.yaml to use (default: the one in --root)")
    .option("--adr-dir <dir>", "the ADR folder, relative to --root")
    .action((n: number, status: string, opts: { by?: number; root: string; config?: string; adrDir?: string }) => guard(() => statusCommand(n, status, opts)));
};

interface NewOptions {
  template?: string;
  dir?: string;
  supersedes?: number;
  status: string;
  fromFindings?: string;
  date?: string;
  root: string;
  config?: string;
}

function newCommand(title: string, opts: NewOptions): void {
  const root = resolve(opts.root);
  const dir = findAdrDir(root, loadConfig(root, opts.config).config, opts.dir);
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD, got '${date}'`);
  const findings = opts.fromFindings ? readFindings(opts.fromFindings) : [];
  const result = newAdr({
    root,
    dir,
    records: dir ? readAdrFiles(root, dir) : [],
    title,
    template: opts.template ?? (findings.length > 0 ? templateForFindings(findings) : "generic"),
    status: opts.status.toLowerCase(),
    date,
    ...(opts.supersedes !== undefined ? { supersedes: opts.supersedes } : {}),
    findings,
  });
  process.stdout.write(`${result.path}\n`);
  for (const u of result.updated) process.stderr.write(`archlint: marked ${u} superseded by ${result.path}\n`);
  process.stderr.write("archlint: fill in every {…} prompt, then run 'archlint adr lint'\n");
}

function statusCommand(n: number, status: string, opts: { by?: number; root: string; config?: string; adrDir?: string }): void {
  const root = resolve(opts.root);
  const dir = findAdrDir(root, loadConfig(root, opts.config).config, opts.adrDir);
  const files = dir ? readAdrFiles(root, dir) : [];
  const file = files.find((f) => f.number === n);
  if (!file) throw new UsageError(`there is no ADR ${n}${dir ? ` in ${dir.dir}` : " (no ADR folder found)"}`);
  const word = status.toLowerCase();
  if (!ADR_STATUSES.includes(word)) throw new UsageError(`'${status}' is not a status (use ${ADR_STATUSES.join(", ")})`);
  if ((word === "superseded") !== (opts.by !== undefined)) throw new UsageError("use --by <m> exactly when the status is superseded");
  const by = opts.by !== undefined ? files.find((f) => f.number === opts.by) : undefined;
  if (opts.by !== undefined && (!by || by === file)) throw new UsageError(`--by ${opts.by}: there is no other ADR ${opts.by}`);
  const shown = file.fact.format === "nygard" ? word[0]!.toUpperCase() + word.slice(1) : word;
  const text = withStatus(file, by ? `${shown} by ${linkTo(refOf(by), file.path)}` : shown);
  if (text === undefined) throw new UsageError(`${file.path} states no status to replace; add one by hand`);
  writeFileSync(file.abs, text);
  process.stdout.write(`${file.path}: ${word}${by ? ` by ${by.path}` : ""}\n`);
  if (by && !by.fact.relations.some((r) => r.kind === "supersedes" && (r.targetNumber === n || r.targetFile === file.name))) {
    writeFileSync(by.abs, withSupersedesLine(by.text, by, file));
    process.stdout.write(`${by.path}: supersedes ${file.path}\n`);
  }
}

function parseNumber(value: string): number {
  const n = Number(value.replace(/^adr[-\s]?/i, ""));
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`expected a whole number, got '${value}'`);
  return n;
}

/** ADR errors are the user's to fix: one line, exit 2. */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdrError) throw new UsageError(err.message);
    throw err;
  }
}


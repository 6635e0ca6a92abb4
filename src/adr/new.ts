import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../check/finding.js";
import { DEFAULT_ADR_DIR, type AdrDir } from "./find.js";
import { linkTo, refOf, withStatus } from "./edit.js";
import type { AdrFile } from "./records.js";
import { fillTemplate, loadTemplate, templateKinds } from "./templates.js";

export class AdrError extends Error {}

export interface NewAdrOptions {
  root: string;
  /** The ADR folder found (or undefined: `docs/decisions` is created). */
  dir: AdrDir | undefined;
  records: AdrFile[];
  title: string;
  template: string;
  status: string;
  /** YYYY-MM-DD. */
  date: string;
  supersedes?: number;
  findings?: Finding[];
}

export interface NewAdrResult {
  path: string;
  /** Records changed besides the new one (the superseded record). */
  updated: string[];
}

/**
 * Writes the next record of the folder from a template. The file name is made from the title
 * (a slug of letters, digits and dashes: a title cannot name a path), the number is the next free
 * one (log4brains folders get a date instead), and an existing file is never overwritten.
 * With `supersedes`, the old record's status becomes "superseded by" the new one and the new one
 * links back, so both directions are written at once.
 */
export function newAdr(o: NewAdrOptions): NewAdrResult {
  const dir = o.dir?.dir ?? DEFAULT_ADR_DIR;
  const repoTemplates = join(o.root, dir, "templates");
  const template = loadTemplate(o.template, repoTemplates);
  if (!template) throw new AdrError(`unknown template '${o.template}' (known: ${templateKinds(repoTemplates).join(", ")})`);
  const slug = slugify(o.title);
  if (!slug) throw new AdrError("the title must contain letters or digits");
  const old = o.supersedes !== undefined ? o.records.find((r) => r.number === o.supersedes) : undefined;
  if (o.supersedes !== undefined && !old) throw new AdrError(`--supersedes ${o.supersedes}: there is no ADR ${o.supersedes} in ${dir}`);

  const { name, number } = nextName(o.records, slug, o.date);
  const path = `${dir === "" ? "" : `${dir}/`}${name}`;
  const text = fillTemplate(template, {
    title: number !== undefined && usesTitleNumbers(o.records) ? `${number}. ${oneLine(o.title)}` : oneLine(o.title),
    date: o.date,
    status: o.status,
    supersedes: old ? `\nSupersedes ${linkTo(refOf(old), path)}\n` : "",
    findings: findingsBlock(o.findings ?? []),
  });

  let updated: string | undefined;
  if (old) {
    const ref = { path, title: oneLine(o.title), ...(number !== undefined ? { number } : {}) };
    updated = withStatus(old, `${old.fact.format === "nygard" ? "Superseded" : "superseded"} by ${linkTo(ref, old.path)}`);
    if (updated === undefined) throw new AdrError(`${old.path} states no status to mark as superseded; add one, then retry`);
  }
  mkdirSync(join(o.root, dir), { recursive: true });
  try {
    writeFileSync(join(o.root, path), text, { flag: "wx" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AdrError(code === "EEXIST" ? `${path} already exists; not overwritten` : `cannot write ${path}: ${code ?? (err as Error).message}`);
  }
  if (old && updated !== undefined) {
    // Re-read so a concurrent edit is not lost between our read and this write.
    if (readFileSync(old.abs, "utf8") === old.text) writeFileSync(old.abs, updated);
    else throw new AdrError(`${old.path} changed while archlint was writing; ${path} was created, mark ${old.path} superseded by hand`);
  }
  return { path, updated: old ? [old.path] : [] };
}

/** "Replace RabbitMQ with Kafka!" → "replace-rabbitmq-with-kafka". */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The folder's own naming: `NNNN-` (width and `ADR-` prefix as the existing files), or a date (log4brains). */
function nextName(records: AdrFile[], slug: string, date: string): { name: string; number?: number } {
  const dated = records.filter((r) => r.fact.dateNamed).length;
  const numbered = records.filter((r) => r.fact.fileNumber !== undefined);
  if (dated > numbered.length) {
    const base = `${date.replace(/-/g, "")}-${slug}`;
    const taken = new Set(records.map((r) => r.name.toLowerCase()));
    let name = `${base}.md`;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}.md`;
    return { name };
  }
  const number = Math.max(0, ...numbered.map((r) => r.fact.fileNumber!)) + 1;
  const sample = numbered[numbered.length - 1]?.name ?? "0000-";
  const m = /^((?:adr[-_ ]?)?)(\d+)/i.exec(sample) ?? ["", "", "0000"];
  return { name: `${m[1]}${String(number).padStart(m[2]!.length, "0")}-${slug}.md`, number };
}

/** adr-tools titles carry the number (`# 7. Use Kafka`); follow the folder's habit. */
function usesTitleNumbers(records: AdrFile[]): boolean {
  return records.length > 0 && records.filter((r) => r.fact.titleNumber !== undefined).length * 2 >= records.length;
}

/** The findings the decision addresses, as checklist items to tick when resolved (`--from-findings`). */
function findingsBlock(findings: Finding[]): string {
  if (findings.length === 0) return "";
  const max = 50;
  const rows = findings.slice(0, max).map((f) => `- [ ] \`${f.ruleId}\` at \`${f.location.file}:${f.location.line}\`: ${f.message.replace(/\s+/g, " ")}`);
  if (findings.length > max) rows.push(`- [ ] …and ${findings.length - max} more (see the report)`);
  return `\n### Findings addressed\n\n${rows.join("\n")}\n`;
}

/** The template that fits the findings best, when none is named: by the rules they come from. */
export function templateForFindings(findings: Finding[]): string {
  const ids = findings.map((f) => f.ruleId.toLowerCase());
  const has = (re: RegExp) => ids.some((id) => re.test(id));
  if (has(/^(?:field|enum|rpc|message|service|package|file)_|breaking|proto/)) return "protocol-migration";
  if (has(/shared-database|cross-service-(?:table|query)|database/)) return "database-split";
  if (has(/timeout|retr|breaker|probe|shutdown|deadline/)) return "resilience-change";
  if (has(/broker|queue|kafka|rabbit|messag/)) return "messaging-migration";
  return "generic";
}

/** Reads an archlint JSON report (`--format json`) for `--from-findings`. */
export function readFindings(path: string): Finding[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AdrError(`--from-findings ${path}: ${code ? `cannot read (${code})` : "not JSON (expected archlint --format json output)"}`);
  }
  const list = Array.isArray(data) ? data : (data as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list)) throw new AdrError(`--from-findings ${path}: no 'findings' list (expected archlint --format json output)`);
  return list.filter(
    (f): f is Finding =>
      typeof f === "object" && f !== null && typeof (f as Finding).ruleId === "string" && typeof (f as Finding).message === "string" && typeof (f as Finding).location?.file === "string",
  );
}

import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { load } from "js-yaml";
import { ConfigError } from "../config/load.js";
import type { ArchlintConfig } from "../config/types.js";
import { createPathMatcher } from "../discover/glob.js";
import type { DiscoveredFile } from "../discover/types.js";

/** Folders ADR tools use by convention, in the order they are tried (adr-tools, MADR, others). */
export const CONVENTIONAL_ADR_DIRS = [
  "doc/adr",
  "docs/adr",
  "docs/decisions",
  "doc/decisions",
  "docs/adrs",
  "docs/architecture/decisions",
  "doc/architecture/decisions",
  "docs/architecture/adr",
  "adr",
];

/** A bare `adr/` folder could be anything; it counts only when it holds numbered or dated records. */
const NEEDS_RECORDS = new Set(["adr"]);
const RECORD_NAME = /^(?:adr[-_ ]?)?\d+[-_ ].*\.(?:md|markdown)$/i;

/** Where `adr new` creates the folder when the repo has none (MADR 4's default). */
export const DEFAULT_ADR_DIR = "docs/decisions";

export interface AdrDir {
  /** Relative to the root, with `/`. */
  dir: string;
  /** What named it: the config, `.adr-dir` (adr-tools), `.log4brains.yml`, or a conventional folder. */
  source: "config" | ".adr-dir" | ".log4brains.yml" | "convention" | "flag";
}

/** Files in the ADR folder that are not decisions: indexes, templates. */
const NOT_A_RECORD = /^(?:readme|index|toc|contents|summary|changelog|contributing|license|guidelines)\.(?:md|markdown)$/i;

/** Templates kept beside the records (MADR ships adr-template.md, adr-template-minimal.md, …). */
const isTemplateFile = (name: string) => /template/i.test(name) && !/^(?:adr[-_ ]?)?\d+[-_ ]/i.test(name);

/**
 * The ADR folder of the repo at `root`: `explicit` (a flag), the config's `adr.dir`, the folder
 * named in `.adr-dir` (adr-tools) or `.log4brains.yml`, else the first conventional folder that
 * exists. A folder that would lead out of the root is a ConfigError.
 */
export function findAdrDir(root: string, config: ArchlintConfig, explicit?: string): AdrDir | undefined {
  if (explicit) return { dir: inside(root, resolve(root, explicit), `--dir ${explicit}`), source: "flag" };
  if (config.adr?.dir) {
    const base = config.source ? dirname(config.source) : root;
    return { dir: inside(root, resolve(base, config.adr.dir), `adr.dir ${config.adr.dir}`), source: "config" };
  }
  const adrDirFile = join(root, ".adr-dir");
  if (isFile(adrDirFile)) {
    const named = readFileSync(adrDirFile, "utf8").split("\n")[0]!.trim();
    if (named) return { dir: inside(root, resolve(root, named), `.adr-dir ${named}`), source: ".adr-dir" };
  }
  const l4b = join(root, ".log4brains.yml");
  if (isFile(l4b)) {
    try {
      const folder = (load(readFileSync(l4b, "utf8")) as { project?: { adrFolder?: unknown } } | null)?.project?.adrFolder;
      if (typeof folder === "string" && folder.trim()) return { dir: inside(root, resolve(root, folder.trim()), `.log4brains.yml adrFolder ${folder}`), source: ".log4brains.yml" };
    } catch {
      // not ours to validate; fall back to the conventions
    }
  }
  for (const dir of CONVENTIONAL_ADR_DIRS) {
    if (!isDir(join(root, dir))) continue;
    if (NEEDS_RECORDS.has(dir) && !readdirSync(join(root, dir)).some((n) => RECORD_NAME.test(n))) continue;
    return { dir, source: "convention" };
  }
  return undefined;
}

/**
 * The decision records in the ADR folder (Markdown files, not its README, index or template), as
 * discovered files. Symlinks are followed only when they stay inside the root; `ignore` globs
 * (the config's) apply. Sorted by path.
 */
export function listAdrFiles(root: string, ignore: readonly string[], dir: AdrDir | undefined): DiscoveredFile[] {
  if (!dir) return [];
  const abs = join(root, dir.dir);
  if (!isDir(abs) || !staysInside(root, abs)) return [];
  const ignored = createPathMatcher(ignore, { matchBase: true, matchAncestors: true });
  const out: DiscoveredFile[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const name = entry.name;
    if (!/\.(?:md|markdown)$/i.test(name) || NOT_A_RECORD.test(name) || isTemplateFile(name) || name.startsWith(".")) continue;
    const path = dir.dir === "" ? name : `${dir.dir}/${name}`;
    if (ignored.matchPrefix(path)) continue;
    const full = join(abs, name);
    if (entry.isSymbolicLink() && !staysInside(root, full)) continue;
    let size: number;
    try {
      const st = statSync(full);
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue;
    }
    out.push({ path, language: "markdown", size, isTest: false });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function inside(root: string, target: string, what: string): string {
  const rel = relative(root, target);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new ConfigError(`${what}: the ADR folder must be inside ${root}`);
  return rel.split(sep).join("/");
}

/** The real path of `path` is inside the real root (no symlink leads out). */
function staysInside(root: string, path: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(path);
    return real === realRoot || real.startsWith(realRoot + sep);
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory() || (existsSync(path) && statSync(path).isDirectory());
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

import { execFile } from "node:child_process";
import { lstatSync, promises as fsp, type Stats } from "node:fs";
import * as nodePath from "node:path";
import ignore from "ignore";
import type { FileLanguage } from "../extract/facts.js";
import { baseName, EXCLUDED_DIRS, inExcludedDir, languageOf } from "./classify.js";
import { createPathMatcher, type PathMatcher } from "./glob.js";

type Ignore = ReturnType<typeof ignore>;

export interface ListedFile {
  path: string;
  language: FileLanguage;
  size: number;
}

export interface Skip {
  path: string;
  reason: string;
}

export interface FileListing {
  /** How the candidate paths were found. */
  mode: "git" | "walk";
  files: ListedFile[];
  skipped: Skip[];
}

export interface ListOptions {
  /** Use `git ls-files` when the root is in a work tree (default true); false forces the walk. */
  useGit?: boolean;
}

/** What the listing knows of a path before looking at the disk. */
type EntryKind = "file" | "symlink" | "gitlink" | "dir" | "unknown";

interface RawEntry {
  path: string;
  kind: EntryKind;
}

const REASON_OUTSIDE = "symlink to outside the root (not followed)";
const REASON_SYMLINK_DIR = "symlinked directory (not followed; its target is scanned)";
const REASON_LOOP = "symlink loop";
const REASON_BROKEN = "broken symlink";
const REASON_SUBMODULE = "git submodule (not scanned)";
const REASON_NESTED_REPO = "nested git repository (not scanned)";

/** Environment for git: drop variables that would point it at another repository or index. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0" };
  for (const k of [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
  ]) {
    delete env[k];
  }
  return env;
}

function runGit(args: string[], cwd: string): Promise<string | undefined> {
  // `core.fsmonitor` is the one setting through which a repo's own config could make
  // `git ls-files` run a program; archlint must never execute code from the scanned repo.
  const fullArgs = ["-c", "core.fsmonitor=false", ...args];
  return new Promise((resolve) => {
    execFile(
      "git",
      fullArgs,
      { cwd, env: gitEnv(), maxBuffer: 1024 * 1024 * 1024, windowsHide: true, encoding: "utf8" },
      (err, stdout) => resolve(err ? undefined : stdout),
    );
  });
}

/**
 * Tracked files (with their index mode) and untracked, not ignored files under `root`, relative
 * to it. Undefined when git is missing, the root is not in a work tree, or nothing is listed
 * (e.g. the root itself is ignored by the enclosing repo): the caller then walks the tree.
 */
async function gitEntries(root: string): Promise<RawEntry[] | undefined> {
  const [staged, others] = await Promise.all([
    runGit(["ls-files", "-z", "--stage"], root),
    runGit(["ls-files", "-z", "--others", "--exclude-standard"], root),
  ]);
  if (staged === undefined || others === undefined) return undefined;
  const byPath = new Map<string, EntryKind>();
  for (const rec of staged.split("\0")) {
    const tab = rec.indexOf("\t");
    if (tab === -1) continue;
    const mode = rec.slice(0, rec.indexOf(" "));
    const path = rec.slice(tab + 1);
    // Index modes: 120000 symlink, 160000 gitlink (submodule); others are regular files.
    byPath.set(path, mode === "120000" ? "symlink" : mode === "160000" ? "gitlink" : "file");
  }
  for (const path of others.split("\0")) {
    if (path === "" || byPath.has(path)) continue;
    // An untracked nested repository is listed once, as `dir/`.
    if (path.endsWith("/")) byPath.set(path.slice(0, -1), "dir");
    else byPath.set(path, "unknown");
  }
  if (byPath.size === 0) return undefined;
  return [...byPath].map(([path, kind]) => ({ path, kind }));
}

interface IgnoreLayer {
  /** Folder of the .gitignore, relative to the root ("" for the root). */
  base: string;
  ig: Ignore;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

/** gitignore semantics across nested files: the deepest file with a matching rule decides. */
function gitIgnored(layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, ig } = layers[i]!;
    const sub = base === "" ? rel : rel.slice(base.length + 1);
    const r = ig.test(isDir ? `${sub}/` : sub);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** Walks the tree without git, honouring every .gitignore and `.git/info/exclude`. */
async function walkEntries(root: string, configIgnore: PathMatcher, skipped: Skip[]): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  const rootLayers: IgnoreLayer[] = [];
  const exclude = await readText(nodePath.join(root, ".git", "info", "exclude"));
  if (exclude !== undefined) rootLayers.push({ base: "", ig: ignore({ ignorecase: false }).add(exclude) });

  const visit = async (dirRel: string, parentLayers: IgnoreLayer[]): Promise<void> => {
    const abs = dirRel === "" ? root : nodePath.join(root, dirRel);
    let dirents;
    try {
      dirents = await fsp.readdir(abs, { withFileTypes: true });
    } catch {
      if (dirRel !== "") skipped.push({ path: dirRel, reason: "unreadable folder" });
      return;
    }
    if (dirRel !== "" && dirents.some((d) => d.name === ".git")) {
      skipped.push({ path: dirRel, reason: REASON_NESTED_REPO });
      return;
    }
    let layers = parentLayers;
    if (dirents.some((d) => d.name === ".gitignore" && d.isFile())) {
      const text = await readText(nodePath.join(abs, ".gitignore"));
      if (text !== undefined) layers = [...parentLayers, { base: dirRel, ig: ignore({ ignorecase: false }).add(text) }];
    }
    const subdirs: string[] = [];
    for (const d of dirents) {
      const rel = dirRel === "" ? d.name : `${dirRel}/${d.name}`;
      const isDir = d.isDirectory();
      // Also a symlink named node_modules (pnpm, bazel): left out, not reported.
      if (EXCLUDED_DIRS.has(d.name) && (isDir || d.isSymbolicLink())) continue;
      if (gitIgnored(layers, rel, isDir)) continue;
      if (isDir) {
        const hit = configIgnore.matchPrefix(rel);
        if (hit) skipped.push({ path: hit.prefix, reason: `ignored by config (${hit.glob})` });
        else subdirs.push(rel);
      } else if (d.isSymbolicLink()) {
        entries.push({ path: rel, kind: "symlink" });
      } else if (d.isFile()) {
        entries.push({ path: rel, kind: "file" });
      }
    }
    await Promise.all(subdirs.map((s) => visit(s, layers)));
  };
  await visit("", rootLayers);
  return entries;
}

function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(nodePath.sep) ? realRoot : realRoot + nodePath.sep);
}

type Resolved = { file: ListedFile } | { skip: Skip } | undefined;

async function resolveSymlink(path: string, abs: string, realRoot: string): Promise<Resolved> {
  let real: string;
  try {
    real = await fsp.realpath(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skip: { path, reason: code === "ELOOP" ? REASON_LOOP : REASON_BROKEN } };
  }
  if (!isInside(realRoot, real)) return { skip: { path, reason: REASON_OUTSIDE } };
  let st: Stats;
  try {
    st = await fsp.stat(real);
  } catch {
    return { skip: { path, reason: REASON_BROKEN } };
  }
  if (st.isDirectory()) return { skip: { path, reason: REASON_SYMLINK_DIR } };
  if (!st.isFile()) return undefined;
  const language = languageOf(path);
  return language ? { file: { path, language, size: st.size } } : undefined;
}

/**
 * Regular files are stat'ed synchronously: on every file system measured, a loop of lstatSync
 * beats thousands of queued async stats (libuv's 4-thread pool) by 2-4x. Symlinks (few) are
 * resolved asynchronously afterwards.
 */
function resolveEntrySync(entry: RawEntry, rootPrefix: string): Resolved | "symlink" {
  const { path, kind } = entry;
  if (kind === "gitlink") return { skip: { path, reason: REASON_SUBMODULE } };
  if (kind === "dir") return { skip: { path, reason: REASON_NESTED_REPO } };
  if (kind === "symlink") return "symlink";
  // Regular files: decide by name first, so that only kept files cost a stat. Untracked
  // entries ("unknown") are stat'ed whatever their name, since one could be a symlink.
  const language = languageOf(path);
  if (kind === "file" && language === undefined) return undefined;
  const st = lstatSync(rootPrefix + path, { throwIfNoEntry: false });
  if (!st) return undefined; // listed by git but deleted from disk
  if (st.isSymbolicLink()) return "symlink";
  if (st.isDirectory()) return kind === "file" ? { skip: { path, reason: REASON_SUBMODULE } } : undefined;
  if (!st.isFile() || language === undefined) return undefined;
  return { file: { path, language, size: st.size } };
}

/** Memoised: the first folder of `dir` (itself or an ancestor) that is a symlink on disk. */
function symlinkedAncestorFinder(rootPrefix: string): (dir: string) => string | undefined {
  const memo = new Map<string, string | null>();
  const find = (dir: string): string | undefined => {
    let hit = memo.get(dir);
    if (hit === undefined) {
      const slash = dir.lastIndexOf("/");
      hit = (slash === -1 ? undefined : find(dir.slice(0, slash))) ?? null;
      if (hit === null) {
        let isLink = false;
        try {
          isLink = lstatSync(rootPrefix + dir, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
        } catch {
          isLink = false;
        }
        if (isLink) hit = dir;
      }
      memo.set(dir, hit);
    }
    return hit ?? undefined;
  };
  return find;
}

/**
 * Lists the files discover keeps under `root` (absolute), with language and size, and the
 * notable paths it left out. Built-in exclusions, generated code by name, lockfiles and
 * config.ignore apply in both modes.
 */
export async function listFiles(
  root: string,
  realRoot: string,
  ignoreGlobs: readonly string[],
  options: ListOptions = {},
): Promise<FileListing> {
  const configIgnore = createPathMatcher(ignoreGlobs, { matchBase: true, matchAncestors: true });
  const skipped: Skip[] = [];
  let mode: FileListing["mode"] = "walk";
  let entries = options.useGit === false ? undefined : await gitEntries(root);
  if (entries) mode = "git";
  else entries = await walkEntries(root, configIgnore, skipped);

  const recordedPrefixes = new Set<string>();
  const todo: RawEntry[] = [];
  for (const entry of entries) {
    if (inExcludedDir(entry.path) || EXCLUDED_DIRS.has(baseName(entry.path))) continue;
    const hit = configIgnore.matchPrefix(entry.path);
    if (hit) {
      // A whole folder is recorded once; a single file only if discover would have kept it.
      const isFolder = hit.prefix !== entry.path;
      if (!recordedPrefixes.has(hit.prefix) && (isFolder || languageOf(entry.path) !== undefined)) {
        recordedPrefixes.add(hit.prefix);
        skipped.push({ path: hit.prefix, reason: `ignored by config (${hit.glob})` });
      }
      continue;
    }
    todo.push(entry);
  }

  const files: ListedFile[] = [];
  const symlinks: string[] = [];
  const collect = (r: Resolved): void => {
    if (!r) return;
    if ("file" in r) files.push(r.file);
    else skipped.push(r.skip);
  };
  const rootPrefix = root.endsWith(nodePath.sep) ? root : root + nodePath.sep;
  // git lists what its index holds; if a listed folder has since become a symlink on disk,
  // reading below it would follow the link (maybe out of the root). The walk never descends
  // into symlinks, so only git mode needs this check (one lstat per folder, memoised).
  const linkedAncestor = mode === "git" ? symlinkedAncestorFinder(rootPrefix) : () => undefined;
  for (const entry of todo) {
    const slash = entry.path.lastIndexOf("/");
    const link = slash === -1 ? undefined : linkedAncestor(entry.path.slice(0, slash));
    if (link !== undefined) {
      if (!symlinks.includes(link)) symlinks.push(link);
      continue;
    }
    let r: Resolved | "symlink";
    try {
      r = resolveEntrySync(entry, rootPrefix);
    } catch {
      continue; // EACCES and the like: unreadable, leave it out
    }
    if (r === "symlink") symlinks.push(entry.path);
    else collect(r);
  }
  const resolved = await Promise.all(symlinks.map((p) => resolveSymlink(p, rootPrefix + p, realRoot)));
  for (const r of resolved) collect(r);
  return { mode, files, skipped };
}

import type { DiscoveredFile, ServiceCandidate, ServiceEvidence } from "./types.js";
import { baseName, dirName, isDockerfileName, isPlainDockerfileName, isTestPath } from "./classify.js";
import { parseGoMod, parsePackageJson, readSmallText, type GoModInfo, type PackageInfo } from "./manifests.js";
import { goModuleBaseName, normalizeServiceName, stripNpmScope } from "./names.js";

export interface DetectOptions {
  /** Absolute root, to read manifests. */
  absRoot: string;
  /** Name of the root folder's own candidate (its basename). */
  rootName: string;
  maxFileBytes: number;
  testPatterns?: readonly string[];
}

/** Files beside a package.json that mark a JS workspace root (pnpm, lerna, nx, turbo, rush). */
const WORKSPACE_TOOL_FILES = new Set(["pnpm-workspace.yaml", "lerna.json", "nx.json", "turbo.json", "rush.json"]);

/**
 * Folders whose only evidence is a Dockerfile but which hold images of something else, not a
 * service of their own (`docker/Dockerfile`, `deploy/Dockerfile`, `ci/Dockerfile`…).
 */
const DOCKER_ONLY_NOT_SERVICE = new Set([
  "docker",
  "dockerfiles",
  "deploy",
  "deployment",
  "deployments",
  "ci",
  "infra",
  "ops",
  "hack",
  "scripts",
  "tools",
  "devcontainer",
]);

/** Folders that hold shared code, not services: anything with a package/module below them. */
const LIBRARY_PARENT_DIRS = new Set(["libs", "lib", "pkg", "internal", "shared", "common"]);

/** Package or folder names that say "library": shared, common, utils, lib*, *-sdk, *-types… */
const LIBRARY_NAME =
  /^(?:shared|common|utils?|helpers?|types|sdk|libs?)(?:[-_.].*)?$|^lib[a-z0-9]|[-_.](?:libs?|utils?|helpers?|common|shared|types|sdk)$/;

/** Code that belongs to a package's tooling, not to what it runs. */
const TOOLING_FILE = /\.config\.[cm]?[jt]s$|^\.[^/]*rc\.[cm]?[jt]s$|^(?:gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i;
const TOOLING_DIRS = new Set(["scripts", "tools"]);

interface Folder {
  dir: string;
  packageJson?: DiscoveredFile;
  goMod?: DiscoveredFile;
  dockerfile?: DiscoveredFile;
  dockerVariants: DiscoveredFile[];
  hasWorkspaceTool: boolean;
}

interface Draft {
  folder: Folder;
  pkg?: PackageInfo;
  mod?: GoModInfo;
  /** Some non-test, non-tooling code file has this folder as its nearest candidate. */
  ownsCode: boolean;
  ownsMainGo: boolean;
}

function collectFolders(files: readonly DiscoveredFile[]): Map<string, Folder> {
  const folders = new Map<string, Folder>();
  const folderOf = (dir: string): Folder => {
    let f = folders.get(dir);
    if (!f) {
      f = { dir, dockerVariants: [], hasWorkspaceTool: false };
      folders.set(dir, f);
    }
    return f;
  };
  for (const file of files) {
    const name = baseName(file.path);
    if (name === "package.json") folderOf(dirName(file.path)).packageJson = file;
    else if (name === "go.mod") folderOf(dirName(file.path)).goMod = file;
    else if (isPlainDockerfileName(name)) folderOf(dirName(file.path)).dockerfile ??= file;
    else if (isDockerfileName(name)) folderOf(dirName(file.path)).dockerVariants.push(file);
    else if (WORKSPACE_TOOL_FILES.has(name)) folderOf(dirName(file.path)).hasWorkspaceTool = true;
  }
  return folders;
}

/** Whether a folder may be a service at all, before reading its manifests. */
function mayBeService(f: Folder, testPatterns: readonly string[] | undefined): boolean {
  if (!f.packageJson && !f.goMod && !f.dockerfile) return false;
  const segs = f.dir === "" ? [] : f.dir.split("/");
  // .github/actions/x, .devcontainer: tooling, never services.
  if (segs.some((s) => s.startsWith("."))) return false;
  // e2e/package.json, test/fixtures/app/go.mod: test harnesses and test data.
  if (f.dir !== "" && isTestPath(`${f.dir}/package.json`, testPatterns)) return false;
  if (!f.packageJson && !f.goMod && DOCKER_ONLY_NOT_SERVICE.has(segs[segs.length - 1] ?? "")) return false;
  return true;
}

function relativeTo(root: string, path: string): string {
  return root === "" ? path : path.slice(root.length + 1);
}

function isToolingFile(root: string, path: string): boolean {
  const rel = relativeTo(root, path);
  const segs = rel.split("/");
  if (segs.length > 1 && TOOLING_DIRS.has(segs[0]!)) return true;
  if (segs.some((s) => s.startsWith("."))) return true;
  return TOOLING_FILE.test(segs[segs.length - 1]!);
}

/**
 * For each candidate folder: whether it owns code, and a main.go (nearest candidate wins).
 *
 * Code in a shared-library folder (`libs/`, `shared/`, …) at the top of a candidate that holds
 * other candidates is the monorepo's shared code, not the candidate's own: a NestJS or Nx
 * monorepo keeps one root package.json, its apps in `apps/*` and their shared code in `libs/*`,
 * and that root is no service.
 */
function countOwnedCode(drafts: Map<string, Draft>, files: readonly DiscoveredFile[]): void {
  const holdsOthers = new Set<string>();
  for (const dir of drafts.keys()) {
    for (let up = dir; up !== ""; ) {
      up = dirName(up);
      if (drafts.has(up)) {
        holdsOthers.add(up);
        break;
      }
    }
  }
  for (const file of files) {
    if (file.isTest || (file.language !== "ts" && file.language !== "js" && file.language !== "go")) continue;
    let dir = dirName(file.path);
    for (;;) {
      const draft = drafts.get(dir);
      if (draft) {
        const isMainGo = file.language === "go" && baseName(file.path) === "main.go";
        const sharedCode = holdsOthers.has(dir) && LIBRARY_PARENT_DIRS.has(relativeTo(dir, file.path).split("/")[0]!);
        if ((!draft.ownsCode || isMainGo) && !isToolingFile(dir, file.path) && !sharedCode) {
          draft.ownsCode = true;
          if (isMainGo) draft.ownsMainGo = true;
        }
        break;
      }
      if (dir === "") break;
      dir = dirName(dir);
    }
  }
}

/**
 * A package.json of a monorepo root is not a service: it declares workspaces (or sits beside
 * pnpm-workspace.yaml / lerna.json / nx.json / turbo.json / rush.json) or is `private`, and no
 * code of its own sits beside it (config files and `scripts/`, `tools/` do not count).
 */
function isMonorepoRoot(d: Draft): boolean {
  const pkg = d.pkg!;
  return (pkg.hasWorkspaces || pkg.isPrivate || d.folder.hasWorkspaceTool) && !d.ownsCode;
}

/**
 * A library, not a service (pragmatic heuristic): nothing says it runs (no Dockerfile in its
 * folder, no `bin`, no `start` script, no owned `main.go`), and either it sits below a shared-code
 * folder (`libs/`, `lib/`, `pkg/`, `internal/`, `shared/`, `common/`) or its folder or package
 * is named like a library (`shared`, `common`, `utils`, `types`, `sdk`, `lib*`, `*-utils`,
 * `*-sdk`, `*-types`…), e.g. `packages/shared`. The root folder is never a library.
 */
function isLibrary(d: Draft): boolean {
  const { folder, pkg, mod } = d;
  if (folder.dir === "") return false;
  if (folder.dockerfile || folder.dockerVariants.length > 0) return false;
  if (pkg && (pkg.hasBin || pkg.hasStartScript)) return false;
  if (d.ownsMainGo) return false;
  const segs = folder.dir.split("/");
  if (segs.slice(0, -1).some((s) => LIBRARY_PARENT_DIRS.has(s))) return true;
  const names = [segs[segs.length - 1]!];
  if (pkg?.name) names.push(stripNpmScope(pkg.name));
  if (mod?.module) names.push(goModuleBaseName(mod.module));
  return names.some((n) => LIBRARY_NAME.test(n.toLowerCase()));
}

function uniqueSorted(values: Iterable<string>, exclude: string): string[] {
  return [...new Set(values)].filter((v) => v !== "" && v !== exclude).sort();
}

/** Builds the aliases of a candidate from the names its evidence declares and its folder. */
export function aliasesFor(name: string, declared: readonly string[], extra: readonly string[] = []): string[] {
  const all: string[] = [normalizeServiceName(name), ...extra];
  for (const d of declared) {
    all.push(d, normalizeServiceName(d));
    if (d.startsWith("@")) all.push(stripNpmScope(d));
    else if (d.includes("/")) all.push(goModuleBaseName(d));
  }
  return uniqueSorted(all, name);
}

export function compareEvidence(a: ServiceEvidence, b: ServiceEvidence): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/** Service candidates from the file tree: folders with package.json, go.mod or a Dockerfile. */
export async function detectServices(files: readonly DiscoveredFile[], opts: DetectOptions): Promise<ServiceCandidate[]> {
  const folders = collectFolders(files);
  const drafts = new Map<string, Draft>();
  for (const f of folders.values()) {
    if (mayBeService(f, opts.testPatterns)) drafts.set(f.dir, { folder: f, ownsCode: false, ownsMainGo: false });
  }
  await Promise.all(
    [...drafts.values()].map(async (d) => {
      const { packageJson, goMod } = d.folder;
      if (packageJson) {
        d.pkg = parsePackageJson(await readSmallText(opts.absRoot, packageJson.path, packageJson.size, opts.maxFileBytes));
      }
      if (goMod) d.mod = parseGoMod(await readSmallText(opts.absRoot, goMod.path, goMod.size, opts.maxFileBytes));
    }),
  );
  countOwnedCode(drafts, files);

  const out: ServiceCandidate[] = [];
  for (const d of drafts.values()) {
    if (isLibrary(d)) continue;
    const { folder, pkg, mod } = d;
    const evidence: ServiceEvidence[] = [];
    const declared: string[] = [];
    if (folder.packageJson && pkg && !isMonorepoRoot(d)) {
      const ev: ServiceEvidence = { kind: "package.json", file: folder.packageJson.path, line: pkg.nameLine };
      if (pkg.name) {
        ev.declaredName = pkg.name;
        declared.push(pkg.name);
      }
      evidence.push(ev);
    }
    if (folder.goMod && mod) {
      const ev: ServiceEvidence = { kind: "go.mod", file: folder.goMod.path, line: mod.moduleLine };
      if (mod.module) {
        ev.declaredName = mod.module;
        declared.push(mod.module);
      }
      evidence.push(ev);
    }
    if (folder.dockerfile) evidence.push({ kind: "dockerfile", file: folder.dockerfile.path, line: 1 });
    if (evidence.length === 0) continue;
    // Dockerfile variants (Dockerfile.dev, api.Dockerfile) back a folder that is a service anyway.
    for (const v of folder.dockerVariants) evidence.push({ kind: "dockerfile", file: v.path, line: 1 });
    evidence.sort(compareEvidence);
    const name = folder.dir === "" ? opts.rootName : baseName(folder.dir);
    out.push({ name, root: folder.dir, aliases: aliasesFor(name, declared), evidence });
  }
  return out;
}

import { load } from "js-yaml";

/** The `breaking:` block of a buf.yaml, normalised. */
export interface BreakingConfig {
  version: "v1beta1" | "v1" | "v2";
  use: string[];
  except: string[];
  ignore: string[];
  ignoreOnly: Record<string, string[]>;
  ignoreUnstablePackages: boolean;
}

/** One module: its root relative to the input folder, its excludes and breaking config. */
export interface ModuleConfig {
  root: string;
  excludes: string[];
  breaking: BreakingConfig;
  /** Paths in `ignore`/`ignore_only` are relative to this folder (v2: the buf.yaml's; v1: the module root). */
  configBase: string;
}

export interface Layout {
  modules: ModuleConfig[];
  /** buf.yaml declares `deps`: imports we cannot read are assumed to come from them. */
  hasDeps: boolean;
  /** Which config files were read, for messages. */
  configFiles: string[];
}

export class BufConfigError extends Error {}

export const defaultBreaking = (version: BreakingConfig["version"] = "v2"): BreakingConfig => ({
  version,
  use: ["FILE"],
  except: [],
  ignore: [],
  ignoreOnly: {},
  ignoreUnstablePackages: false,
});

function parseYaml(text: string, path: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new BufConfigError(`${path}: invalid YAML: ${String((err as Error).message).split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new BufConfigError(`${path}: expected a mapping at the top level`);
  return doc as Record<string, unknown>;
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new BufConfigError(`${where}: expected a list of strings`);
  return v.map((s) => normPath(s));
}

function normPath(p: string): string {
  return p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "") || ".";
}

function version(doc: Record<string, unknown>, path: string): BreakingConfig["version"] {
  const v = doc.version ?? "v1beta1";
  if (v !== "v1beta1" && v !== "v1" && v !== "v2") throw new BufConfigError(`${path}: unknown version '${String(v)}' (expected v1beta1, v1 or v2)`);
  return v;
}

function breakingBlock(raw: unknown, v: BreakingConfig["version"], where: string, base?: BreakingConfig): BreakingConfig {
  const out = base ? { ...base, version: v } : defaultBreaking(v);
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new BufConfigError(`${where}: 'breaking' must be a mapping`);
  const b = raw as Record<string, unknown>;
  if (b.use !== undefined) out.use = strings(b.use, `${where}: breaking.use`).map((s) => s.toUpperCase());
  if (b.except !== undefined) out.except = strings(b.except, `${where}: breaking.except`).map((s) => s.toUpperCase());
  if (b.ignore !== undefined) out.ignore = strings(b.ignore, `${where}: breaking.ignore`);
  if (b.ignore_only !== undefined) {
    if (typeof b.ignore_only !== "object" || b.ignore_only === null || Array.isArray(b.ignore_only)) {
      throw new BufConfigError(`${where}: breaking.ignore_only must be a mapping of rule or category to paths`);
    }
    out.ignoreOnly = Object.fromEntries(
      Object.entries(b.ignore_only as Record<string, unknown>).map(([k, v]) => [k.toUpperCase(), strings(v, `${where}: breaking.ignore_only.${k}`)]),
    );
  }
  if (b.ignore_unstable_packages !== undefined) out.ignoreUnstablePackages = b.ignore_unstable_packages === true;
  return out;
}

/**
 * Reads the layout of one side from its config files (given by path relative to the side's root):
 * buf.work.yaml (v1 workspace: each directory a module with its own buf.yaml), buf.yaml v2 (`modules`),
 * buf.yaml v1/v1beta1 (the folder is the module; v1beta1 `build.roots`), or none (the folder is the module).
 */
export function readLayout(read: (path: string) => string | undefined): Layout {
  const work = read("buf.work.yaml");
  const configFiles: string[] = [];
  if (work !== undefined) {
    configFiles.push("buf.work.yaml");
    const doc = parseYaml(work, "buf.work.yaml");
    const dirs = strings(doc.directories, "buf.work.yaml: directories");
    if (!dirs.length) throw new BufConfigError("buf.work.yaml: 'directories' is empty");
    let hasDeps = false;
    const modules = dirs.map((d) => {
      const path = `${d}/buf.yaml`;
      const text = read(path);
      if (text === undefined) return { root: d, excludes: [], breaking: defaultBreaking("v1"), configBase: d };
      configFiles.push(path);
      const m = parseYaml(text, path);
      const v = version(m, path);
      if (Array.isArray(m.deps) && m.deps.length) hasDeps = true;
      const build = (m.build ?? {}) as Record<string, unknown>;
      return { root: d, excludes: strings(build.excludes, `${path}: build.excludes`).map((e) => join(d, e)), breaking: breakingBlock(m.breaking, v, path), configBase: d };
    });
    return { modules, hasDeps, configFiles };
  }
  const text = read("buf.yaml");
  if (text === undefined) return { modules: [{ root: ".", excludes: [], breaking: defaultBreaking("v2"), configBase: "." }], hasDeps: false, configFiles };
  configFiles.push("buf.yaml");
  const doc = parseYaml(text, "buf.yaml");
  const v = version(doc, "buf.yaml");
  const hasDeps = Array.isArray(doc.deps) && doc.deps.length > 0;
  if (v === "v2") {
    const top = breakingBlock(doc.breaking, v, "buf.yaml");
    const rawModules = doc.modules === undefined ? [{ path: "." }] : doc.modules;
    if (!Array.isArray(rawModules)) throw new BufConfigError("buf.yaml: 'modules' must be a list");
    const modules = rawModules.map((m, i) => {
      if (typeof m !== "object" || m === null) throw new BufConfigError(`buf.yaml: modules[${i}] must be a mapping`);
      const mm = m as Record<string, unknown>;
      const root = normPath(typeof mm.path === "string" ? mm.path : ".");
      return { root, excludes: strings(mm.excludes, `buf.yaml: modules[${i}].excludes`), breaking: breakingBlock(mm.breaking, v, `buf.yaml: modules[${i}]`, top), configBase: "." };
    });
    return { modules, hasDeps, configFiles };
  }
  const build = (doc.build ?? {}) as Record<string, unknown>;
  const breaking = breakingBlock(doc.breaking, v, "buf.yaml");
  const excludes = strings(build.excludes, "buf.yaml: build.excludes");
  const roots = v === "v1beta1" && Array.isArray(build.roots) && build.roots.length ? strings(build.roots, "buf.yaml: build.roots") : ["."];
  return { modules: roots.map((root) => ({ root, excludes: excludes.map((e) => join(root, e)), breaking, configBase: root })), hasDeps, configFiles };
}

function join(a: string, b: string): string {
  if (a === "." || a === "") return normPath(b);
  return normPath(`${a}/${b}`);
}

/** `path` equals `dir` or is inside it (`.` contains everything). */
export function under(path: string, dir: string): boolean {
  return dir === "." || path === dir || path.startsWith(`${dir}/`);
}

/** buf's unstable package versions: the last component is vNalphaM, vNbetaM, vNtestX (with optional pN). */
export function isUnstablePackage(pkg: string): boolean {
  const last = pkg.slice(pkg.lastIndexOf(".") + 1);
  return /^v\d+(p\d+)?(alpha|beta)\d*$/.test(last) || /^v\d+(p\d+)?test\w*$/.test(last);
}

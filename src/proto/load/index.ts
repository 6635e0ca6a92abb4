import { ProtoSyntaxError } from "../lex.js";
import { link } from "../link.js";
import type { CompileError, ProtoFile } from "../model.js";
import { parseProto } from "../parse.js";
import { builtinFiles } from "../wkt.js";
import { readLayout, under, type Layout, type ModuleConfig } from "./config.js";
import type { Source } from "./source.js";

export { readLayout, type Layout, type ModuleConfig, type BreakingConfig } from "./config.js";
export { dirSource, gitSource, isDirectory, SourceError, type Source } from "./source.js";

/** One side, loaded: the module files to compare, each tagged with its module, and what failed to compile. */
export interface LoadedSide {
  layout: Layout;
  files: ProtoFile[];
  moduleOf: Map<ProtoFile, ModuleConfig>;
  errors: CompileError[];
  label: string;
}

/** The module whose root holds `path` (the deepest one), or undefined when no module does or it is excluded. */
function moduleFor(layout: Layout, path: string): ModuleConfig | undefined {
  let best: ModuleConfig | undefined;
  for (const m of layout.modules) {
    if (!under(path, m.root)) continue;
    if (!best || m.root.length > best.root.length || best.root === ".") best = m;
  }
  if (!best || best.excludes.some((e) => under(path, e))) return undefined;
  return best;
}

function moduleRelative(root: string, path: string): string {
  return root === "." ? path : path.slice(root.length + 1);
}

/**
 * Reads a side: its buf config (unless `layout` is given), every .proto of its modules, and the files
 * they import from the module roots. Syntax errors and unresolvable imports or types become
 * CompileErrors naming the file and line; well-known types are built in.
 */
export async function loadSide(source: Source, layout?: Layout): Promise<LoadedSide> {
  const list = await source.list();
  const listed = new Set(list);
  if (!layout) {
    const yaml = await source.readMany(list.filter((p) => p.endsWith(".yaml")));
    layout = readLayout((p) => yaml.get(p));
  }
  const targets: Array<{ path: string; module: ModuleConfig }> = [];
  for (const p of list) {
    if (!p.endsWith(".proto")) continue;
    const m = moduleFor(layout, p);
    if (m) targets.push({ path: p, module: m });
  }
  const texts = await source.readMany(targets.map((t) => t.path));
  const errors: CompileError[] = [];
  const files: ProtoFile[] = [];
  const moduleOf = new Map<ProtoFile, ModuleConfig>();
  const byModulePath = new Map<string, ProtoFile>();
  const parseOne = (listPath: string, module: ModuleConfig | undefined, text: string): ProtoFile | undefined => {
    const rel = module ? moduleRelative(module.root, listPath) : listPath;
    try {
      return parseProto(text, rel, listPath);
    } catch (err) {
      if (err instanceof ProtoSyntaxError) {
        errors.push({ path: listPath, line: err.line, col: err.col, endLine: err.endLine, endCol: err.endCol, message: err.message });
        return undefined;
      }
      throw err;
    }
  };
  for (const t of targets) {
    const f = parseOne(t.path, t.module, texts.get(t.path) ?? "");
    if (!f) continue;
    files.push(f);
    moduleOf.set(f, t.module);
    byModulePath.set(f.path, f);
  }

  // imports: module roots first (excluded files load as imports), then the built-in files
  const all = [...files];
  const queue = [...files];
  const pendingImports = new Map<string, string>();
  const missing: Array<{ file: ProtoFile; imp: ProtoFile["imports"][number] }> = [];
  while (queue.length) {
    const f = queue.shift()!;
    for (const imp of f.imports) {
      if (byModulePath.has(imp.path) || builtinFiles.has(imp.path)) continue;
      const hit = layout.modules.map((m) => (m.root === "." ? imp.path : `${m.root}/${imp.path}`)).find((p) => listed.has(p));
      if (!hit) {
        missing.push({ file: f, imp });
        continue;
      }
      pendingImports.set(imp.path, hit);
    }
    if (!queue.length && pendingImports.size) {
      const batch = [...pendingImports];
      pendingImports.clear();
      const got = await source.readMany(batch.map(([, p]) => p));
      for (const [impPath, listPath] of batch) {
        if (byModulePath.has(impPath)) continue;
        const g = parseOne(listPath, undefined, got.get(listPath) ?? "");
        if (!g) continue;
        g.path = impPath;
        g.isImport = true;
        byModulePath.set(impPath, g);
        all.push(g);
        queue.push(g);
      }
    }
  }
  if (!layout.hasDeps) {
    for (const { file, imp } of missing) {
      if (byModulePath.has(imp.path)) continue;
      const s = imp.span;
      errors.push({ path: file.displayPath, line: s.start.line, col: s.start.col, endLine: s.end.line, endCol: s.end.col, message: `import "${imp.path}": file does not exist` });
    }
  }
  const linked = link(all, layout.hasDeps);
  errors.push(...linked.errors);
  return { layout, files, moduleOf, errors, label: source.label };
}

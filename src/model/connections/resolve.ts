/**
 * Follows values across files: `config.inventoryAddr` in one file to the `export const config`
 * object in the file it imports (TS/JS relative imports), and Go identifiers to package-level
 * constants of the same package or of an in-repo package (`config.DefaultAddr`). Extractors fold
 * what one file alone can tell; this is the one place that joins files.
 */
import type { DeclarationFact, ImportFact, Value } from "../../extract/facts.js";
import type { ModelFile, Service } from "../types.js";

export interface ChainStep {
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface Resolved {
  value: Value;
  /** Steps taken through other declarations, outermost first. */
  steps: ChainStep[];
  /** The file the value was found in, when another than the one asked about: its references are looked up there. */
  file?: ModelFile;
}

const DOTTED = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const MAX_HOPS = 6;

interface FileScope {
  file: ModelFile;
  imports: Map<string, { module: string; imported: string }>;
  declarations: Map<string, DeclarationFact>;
}

export class ValueResolver {
  private readonly scopes = new Map<string, FileScope>();
  private readonly byPath = new Map<string, ModelFile>();
  /** Go package folder → its files. */
  private readonly goDirs = new Map<string, ModelFile[]>();
  /** Go module path → folder of its go.mod. */
  private readonly goModules: Array<{ module: string; dir: string }> = [];

  constructor(files: readonly ModelFile[], services: readonly Service[]) {
    for (const f of files) {
      this.byPath.set(f.path, f);
      if (f.language === "go") {
        const d = dirname(f.path);
        const list = this.goDirs.get(d) ?? [];
        list.push(f);
        this.goDirs.set(d, list);
      }
    }
    for (const s of services) {
      for (const e of s.evidence) if (e.kind === "go.mod" && e.declaredName) this.goModules.push({ module: e.declaredName, dir: dirname(e.file) });
    }
    this.goModules.sort((a, b) => b.module.length - a.module.length);
  }

  scope(file: ModelFile): FileScope {
    let s = this.scopes.get(file.path);
    if (!s) {
      s = { file, imports: new Map(), declarations: new Map() };
      for (const f of file.facts) {
        if (f.kind === "import") for (const b of bindingsOf(f)) s.imports.set(b.local, { module: f.module, imported: b.imported });
        else if (f.kind === "declaration") s.declarations.set(f.name, f);
      }
      this.scopes.set(file.path, s);
    }
    return s;
  }

  /** The value with unknown dotted references (`config.ordersUrl`) replaced where another declaration tells. */
  resolve(file: ModelFile, value: Value, hops = 0): Resolved {
    if (value.kind === "env" && value.default) {
      const d = this.resolve(file, value.default, hops);
      return { value: { ...value, default: d.value }, steps: d.steps };
    }
    if (value.kind === "string" && value.holes[0] === 0 && value.holeRefs?.[0] && hops < MAX_HOPS) return this.resolveHead(file, value, hops);
    if (value.kind !== "unknown" || hops >= MAX_HOPS || !DOTTED.test(value.text)) return { value, steps: [] };
    const parts = value.text.split(".");
    const found = this.lookup(file, parts);
    if (!found) return { value, steps: [] };
    const step: ChainStep = { file: found.file.path, line: found.decl.loc.line, column: found.decl.loc.column, message: `${value.text} is defined in ${found.file.path}:${found.decl.loc.line}` };
    let v: Value | undefined = found.decl.value;
    for (const p of found.rest) {
      const r: Resolved = this.resolve(found.file, v, hops + 1);
      v = r.value.kind === "object" ? r.value.props[p] : undefined;
      if (!v) return { value, steps: [] };
    }
    const inner = this.resolve(found.file, v, hops + 1);
    return { value: inner.value, steps: [step, ...inner.steps], file: inner.file ?? found.file };
  }

  /**
   * `${config.baseUrl}/orders`: when the leading hole is a reference that resolves to a string (or
   * an env var, with or without a literal default), the result is that value with the rest appended.
   */
  private resolveHead(file: ModelFile, value: Extract<Value, { kind: "string" }>, hops: number): Resolved {
    const head = this.resolve(file, { kind: "unknown", text: value.holeRefs![0]!, loc: value.loc }, hops + 1);
    const rest: Extract<Value, { kind: "string" }> = {
      ...value,
      holes: value.holes.slice(1),
      ...(value.holeRefs ? { holeRefs: value.holeRefs.slice(1) } : {}),
    };
    const h = head.value;
    if (h.kind === "string") return { value: concat(h, rest), steps: head.steps };
    if (h.kind === "env") {
      const env: Value = { kind: "env", name: h.name, loc: h.loc };
      if (h.default?.kind === "string") env.default = concat(h.default, rest);
      return { value: env, steps: head.steps };
    }
    return { value, steps: [] };
  }

  /** Walks `path` into an object value, resolving references on the way (`()` steps into a function's result). */
  walk(file: ModelFile, value: Value, path: readonly string[]): Resolved | undefined {
    let cur = this.resolve(file, value);
    // A value found in another file (`useClass: TypeOrmConfigService` imported) resolves its own
    // references in that file.
    let at = cur.file ?? file;
    const steps = [...cur.steps];
    for (const p of path) {
      // `()`: what a function returns (a NestJS `useFactory`'s options object), when the extractor saw it.
      if (p === "()" && cur.value.kind === "unknown" && cur.value.returns) {
        cur = this.resolve(at, cur.value.returns);
      } else {
        const next = cur.value.kind === "object" ? cur.value.props[p] : undefined;
        if (!next) return undefined;
        cur = this.resolve(at, next);
      }
      at = cur.file ?? at;
      steps.push(...cur.steps);
    }
    return at === file ? { value: cur.value, steps } : { value: cur.value, steps, file: at };
  }

  private lookup(file: ModelFile, parts: string[]): { file: ModelFile; decl: DeclarationFact; rest: string[] } | undefined {
    const scope = this.scope(file);
    const [head, ...rest] = parts as [string, ...string[]];
    const own = scope.declarations.get(head);
    if (own) return { file, decl: own, rest };
    const imp = scope.imports.get(head);
    if (file.language === "go") return this.lookupGo(file, head, rest, imp?.module);
    if (!imp || !imp.module.startsWith(".")) return undefined;
    const target = this.resolveTsModule(file.path, imp.module);
    if (!target) return undefined;
    let name = imp.imported;
    let tail = rest;
    // `export default class …` / `export default function …` is declared as `default` too.
    const dflt = name === "default" ? this.scope(target).declarations.get("default") : undefined;
    if (dflt) return { file: target, decl: dflt, rest };
    if (name === "*" || name === "default") {
      if (!rest.length) return undefined;
      [name, ...tail] = rest as [string, ...string[]];
    }
    const decl = this.scope(target).declarations.get(name);
    return decl && decl.exported ? { file: target, decl, rest: tail } : undefined;
  }

  private lookupGo(file: ModelFile, head: string, rest: string[], module: string | undefined): { file: ModelFile; decl: DeclarationFact; rest: string[] } | undefined {
    if (module === undefined) {
      // A package-level name from another file of the same package.
      for (const f of this.goDirs.get(dirname(file.path)) ?? []) {
        const d = f !== file ? this.scope(f).declarations.get(head) : undefined;
        if (d) return { file: f, decl: d, rest };
      }
      return undefined;
    }
    const [name, ...tail] = rest;
    if (!name) return undefined;
    const mod = this.goModules.find((m) => module === m.module || module.startsWith(`${m.module}/`));
    if (!mod) return undefined;
    const dir = joinPath(mod.dir, module.slice(mod.module.length + 1));
    for (const f of this.goDirs.get(dir) ?? []) {
      const d = this.scope(f).declarations.get(name);
      if (d && d.exported) return { file: f, decl: d, rest: tail };
    }
    return undefined;
  }

  private resolveTsModule(from: string, spec: string): ModelFile | undefined {
    const base = joinPath(dirname(from), spec);
    const stem = base.replace(/\.(m|c)?jsx?$/, "");
    const candidates = [base, ...TS_EXTENSIONS.map((e) => stem + e), ...TS_EXTENSIONS.map((e) => `${base}/index${e}`)];
    for (const c of candidates) {
      const f = this.byPath.get(c);
      if (f && (f.language === "ts" || f.language === "js")) return f;
    }
    return undefined;
  }
}

/** `a` followed by `b`: segments, holes and hole references shifted by `a`'s length. */
function concat(a: Extract<Value, { kind: "string" }>, b: Extract<Value, { kind: "string" }>): Extract<Value, { kind: "string" }> {
  const n = a.value.length;
  const out: Extract<Value, { kind: "string" }> = {
    kind: "string",
    value: a.value + b.value,
    segments: [...a.segments, ...b.segments.map((s) => ({ ...s, offset: s.offset + n }))],
    holes: [...a.holes, ...b.holes.map((h) => h + n)],
    loc: a.loc,
  };
  if (a.holeRefs || b.holeRefs) out.holeRefs = [...(a.holeRefs ?? a.holes.map(() => "")), ...(b.holeRefs ?? b.holes.map(() => ""))];
  return out;
}

export function bindingsOf(f: ImportFact): Array<{ local: string; imported: string }> {
  return f.bindings ?? f.names.map((n) => ({ local: n, imported: "*" }));
}

export function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i);
}

/** Joins and normalises a relative path (`a/b` + `../c` → `a/c`); never climbs above the root. */
export function joinPath(dir: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${dir}/${rel}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

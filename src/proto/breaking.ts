import type { BreakingConfig, ModuleConfig } from "./load/config.js";
import { isUnstablePackage, under } from "./load/config.js";
import { loadSide, type LoadedSide } from "./load/index.js";
import type { Source } from "./load/source.js";
import type { CompileError, ProtoFile, Span } from "./model.js";
import { buildSide, type RawBreaking } from "./rules/context.js";
import { breakingRules, categories, categoryRules, deprecatedIds, ruleImpl, type Category } from "./rules/index.js";

/** A breaking change that survived the config and comment ignores. */
export interface BreakingFinding extends RawBreaking {
  /** The path printed (relative to the input folder, like buf); absent for a deleted file or package. */
  path?: string;
}

export interface BreakingOutcome {
  findings: BreakingFinding[];
  /** Syntax and resolution errors on either side; when present, no rule ran (as buf). */
  compile: CompileError[];
  /** Findings hidden by `// archlint:ignore` comments. */
  suppressed: number;
  /** Files compared on the current side. */
  filesChecked: number;
  current: LoadedSide;
  against: LoadedSide;
}

export class BreakingConfigError extends Error {}

/** The rule ids a breaking config turns on (`use` minus `except`; categories expanded). */
export function enabledRules(cfg: BreakingConfig): Set<string> {
  const expand = (ids: string[], where: string): string[] =>
    ids.flatMap((id) => {
      if ((categories as readonly string[]).includes(id)) return categoryRules(id as Category, cfg.version);
      if (id in deprecatedIds) return deprecatedIds[id]!;
      if (breakingRules.some((r) => r.id === id)) return [id];
      throw new BreakingConfigError(`unknown breaking rule or category '${id}' in ${where}`);
    });
  const use = new Set(expand(cfg.use.length ? cfg.use : ["FILE"], "breaking.use"));
  for (const id of expand(cfg.except, "breaking.except")) use.delete(id);
  return use;
}

/** Compares the current side against the old one with buf's pairing, rules and config. */
export async function runBreaking(current: Source, against: Source): Promise<BreakingOutcome> {
  const [cur, prev] = await Promise.all([loadSide(current), loadSide(against)]);
  const base = { suppressed: 0, filesChecked: cur.files.length, current: cur, against: prev };
  if (cur.errors.length || prev.errors.length) {
    return { ...base, findings: [], compile: [...cur.errors, ...prev.errors] };
  }
  const configs = new Map<ModuleConfig, Set<string>>();
  for (const m of cur.layout.modules) configs.set(m, enabledRules(m.breaking));
  const anyRules = new Set([...configs.values()].flatMap((s) => [...s]));
  const curSide = buildSide(cur.files);
  const prevSide = buildSide(prev.files);
  const raw: RawBreaking[] = [];
  for (const r of breakingRules) {
    if (!anyRules.has(r.id)) continue;
    ruleImpl(r.id).run(curSide, prevSide, (f) => raw.push({ ...f, ruleId: r.id }));
  }
  // the breaking config is the current side's (as buf): the module of the current file, else of the
  // against file's path, else the first module
  const curModuleByPath = new Map<string, ModuleConfig>();
  for (const [f, m] of cur.moduleOf) curModuleByPath.set(f.path, m);
  const defaultModule = cur.layout.modules[0]!;
  const findings: BreakingFinding[] = [];
  let suppressed = 0;
  const seen = new Set<string>();
  for (const f of raw) {
    const module = (f.file && cur.moduleOf.get(f.file)) ?? (f.against && curModuleByPath.get(f.against.path)) ?? defaultModule;
    if (!configs.get(module)?.has(f.ruleId)) continue;
    if (ignoredByConfig(f, module)) continue;
    if (f.file && ignoredByComment(f.ruleId, f.file, f.span)) {
      suppressed++;
      continue;
    }
    const out: BreakingFinding = { ...f, path: f.file?.displayPath };
    // buf drops exact duplicates
    const key = `${out.path}\u0000${out.span?.start.line}:${out.span?.start.col}\u0000${f.ruleId}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(out);
  }
  findings.sort(compareBreaking);
  return { ...base, findings, compile: [], suppressed };
}

/** buf's order: path, start line, start column, rule, message. */
export function compareBreaking(a: BreakingFinding, b: BreakingFinding): number {
  const pa = a.path ?? "";
  const pb = b.path ?? "";
  if (pa !== pb) return pa < pb ? -1 : 1;
  const la = a.span?.start.line ?? 1;
  const lb = b.span?.start.line ?? 1;
  if (la !== lb) return la - lb;
  const ca = a.span?.start.col ?? 1;
  const cb = b.span?.start.col ?? 1;
  if (ca !== cb) return ca - cb;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * `ignore`, `ignore_only` and `ignore_unstable_packages`, matched on the current and the against
 * file. Paths are relative to the buf.yaml folder in v2 (the input folder) and to the module root in v1.
 */
function ignoredByConfig(f: RawBreaking, module: ModuleConfig): boolean {
  const cfg = module.breaking;
  const v2 = cfg.version === "v2";
  const paths: string[] = [];
  if (f.file) paths.push(v2 ? f.file.displayPath : f.file.path);
  if (f.against) paths.push(v2 ? joinRoot(module.root, f.against.path) : f.against.path);
  const hit = (list: string[]) => list.some((ig) => paths.some((p) => under(p, ig)));
  if (cfg.ignore.length && hit(cfg.ignore)) return true;
  for (const [key, list] of Object.entries(cfg.ignoreOnly)) {
    const applies = key === f.ruleId || ((categories as readonly string[]).includes(key) && categoryRules(key as Category, cfg.version).includes(f.ruleId));
    if (applies && hit(list)) return true;
  }
  if (cfg.ignoreUnstablePackages) {
    if ((f.file && isUnstablePackage(f.file.package)) || (f.against && isUnstablePackage(f.against.package))) return true;
  }
  return false;
}

function joinRoot(root: string, p: string): string {
  return root === "." ? p : `${root}/${p}`;
}

/**
 * `// archlint:ignore RULE_ID -- reason` hides a finding of that rule when the comment is on the
 * finding's line or the line above it, or inside the element the finding points at (so a comment
 * where a field used to be silences FIELD_NO_DELETE on its message). For findings at 1:1 (deleted
 * top-level elements), a comment outside every element of the file does.
 */
export function ignoredByComment(ruleId: string, file: ProtoFile, span: Span | undefined): boolean {
  if (!file.ignores.length) return false;
  for (const c of file.ignores) {
    if (!c.rules.includes(ruleId)) continue;
    if (!span) {
      if (!insideElement(file, c.line)) return true;
      continue;
    }
    const start = span.start.line;
    if (c.endLine === start - 1 || c.line === start) return true;
    if (c.line > start && c.line < span.end.line) return true;
  }
  return false;
}

function insideElement(file: ProtoFile, line: number): boolean {
  const spans = [...file.messages.map((m) => m.span), ...file.enums.map((e) => e.span), ...file.services.map((s) => s.span)];
  return spans.some((s) => line >= s.start.line && line <= s.end.line);
}

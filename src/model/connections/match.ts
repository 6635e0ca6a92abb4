/**
 * Which catalog entry a call fact is: the callee's first name is looked up among the file's
 * imports (`import { Pool } from "pg"` makes `new Pool` pg's), giving the export path the
 * catalog lists. Globals (`fetch`) match only when no import or declaration shadows them.
 */
import type { CallFact, ImportFact, Value } from "../../extract/facts.js";
import { CATALOG, type CatalogEntry } from "./catalog.js";
import { bindingsOf } from "./resolve.js";

interface Indexed {
  /** module (version suffix stripped) → entries */
  byModule: Map<string, CatalogEntry[]>;
  globals: CatalogEntry[];
  shapes: CatalogEntry[];
}

const indexes = new Map<string, Indexed>();

function index(language: "ts" | "go"): Indexed {
  let ix = indexes.get(language);
  if (!ix) {
    ix = { byModule: new Map(), globals: [], shapes: [] };
    for (const e of CATALOG) {
      if (e.language !== language) continue;
      if (e.modules.length === 0) ix.globals.push(e);
      else if (e.modules.includes("*")) ix.shapes.push(e);
      else
        for (const m of e.modules) {
          const key = normalizeModule(m);
          const list = ix.byModule.get(key) ?? [];
          list.push(e);
          ix.byModule.set(key, list);
        }
    }
    indexes.set(language, ix);
  }
  return ix;
}

/** `github.com/redis/go-redis/v9` → `github.com/redis/go-redis`; `node:http` stays. */
export function normalizeModule(m: string): string {
  return m.replace(/\/v\d+(?=\/|$)/g, "");
}

/** The import binding of a Go package name, also when the path's last element is not the name (`go-redis` → `redis`). */
function goImport(imports: readonly ImportFact[], head: string): ImportFact | undefined {
  const exact = imports.find((i) => bindingsOf(i).some((b) => b.local === head));
  if (exact) return exact;
  return imports.find((i) => {
    if (i.names.length && i.names[0] !== goDefaultName(i.module)) return false; // aliased
    const last = normalizeModule(i.module).split("/").pop() ?? "";
    const name = last.replace(/^go-/, "").replace(/[-.]go$/, "");
    return name === head || name.replace(/\d+$/, "") === head;
  });
}

function goDefaultName(module: string): string {
  const parts = module.split("/");
  let last = parts[parts.length - 1] ?? module;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/\.v\d+$/, "");
}

export interface MatchContext {
  language: "ts" | "go";
  imports: readonly ImportFact[];
  /** Names declared in the file (module-level), which shadow globals. */
  declared: ReadonlySet<string>;
}

/** The catalog entry a call is, if any. `argValue` gives an argument's resolved value for shape checks. */
export function matchCall(call: CallFact, ctx: MatchContext, argValue: (i: number) => Value | undefined): CatalogEntry | undefined {
  const ix = index(ctx.language);
  const callee = call.callee;
  const dot = callee.indexOf(".");
  const head = dot < 0 ? callee : callee.slice(0, dot);
  const rest = dot < 0 ? "" : callee.slice(dot + 1);
  const fits = (e: CatalogEntry) => e.isNew === undefined || e.isNew === call.isNew || ctx.language === "go";

  const imp = ctx.language === "go" ? goImport(ctx.imports, head) : ctx.imports.find((i) => bindingsOf(i).some((b) => b.local === head));
  if (imp) {
    const binding = bindingsOf(imp).find((b) => b.local === head);
    const imported = binding?.imported ?? "*";
    const paths = imported === "*" ? [rest] : imported === "default" ? [rest, rest ? `default.${rest}` : "default"] : [rest ? `${imported}.${rest}` : imported];
    for (const e of ix.byModule.get(normalizeModule(imp.module)) ?? []) {
      if (fits(e) && paths.some((p) => e.calls.includes(p)) && whenArg(e, argValue)) return e;
    }
  } else if (!ctx.declared.has(head)) {
    for (const e of ix.globals) if (fits(e) && e.calls.includes(callee) && whenArg(e, argValue)) return e;
  }
  const last = callee.slice(callee.lastIndexOf(".") + 1);
  for (const e of ix.shapes) {
    if (!fits(e) || !(e.calls.includes("*") || (dot >= 0 && e.calls.includes(last)))) continue;
    // A verb with a URL (`x.get("https://…")`) counts only on a client the file made itself, never
    // on an imported module (msw's `http.get(url, resolver)` declares a mock) or with a handler.
    if (e.whenArg?.string !== undefined && (imp || call.args.some(isHandler))) continue;
    if (e.whenArg && whenArg(e, argValue)) return e;
  }
  return undefined;
}

const regexps = new Map<string, RegExp>();
const re = (source: string) => {
  let r = regexps.get(source);
  if (!r) regexps.set(source, (r = new RegExp(source)));
  return r;
};

/** A function argument: the call registers a handler (`router.get(url, (req, res) => …)`). */
function isHandler(v: Value): boolean {
  return v.kind === "unknown" && /^(async\s*)?(\(|function\b|[A-Za-z_$][\w$]*\s*=>)/.test(v.text);
}

function whenArg(e: CatalogEntry, argValue: (i: number) => Value | undefined): boolean {
  if (!e.whenArg) return true;
  const v = argValue(e.whenArg.index);
  if (!v) return false;
  if (e.whenArg.callee !== undefined) return v.kind === "call" && re(e.whenArg.callee).test(v.callee);
  if (e.whenArg.string !== undefined) return v.kind === "string" && re(e.whenArg.string).test(v.value) && !v.holes.includes(0);
  return true;
}

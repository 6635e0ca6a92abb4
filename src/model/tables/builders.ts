/**
 * Query builders that name their table as a string: knex (`knex("orders").where(…)`,
 * `knex.select().from("orders")`, `knex.insert(row).into("orders")`, `trx("orders").del()`,
 * `knex.schema.createTable("orders", …)`). No entity is involved, so the table is the literal.
 *
 * A chain counts only when its head is provably a knex instance: the result of the `knex` factory
 * imported or required from the `knex` package, a parameter typed `Knex` / `Knex.Transaction`, the
 * callback parameter of `<instance>.transaction(…)`, or an instance another file of the service
 * exports and this one imports by a relative path. `db("orders")` on anything else is not read.
 */
import { dirname, posix } from "node:path";
import type { CallFact, FunctionFact, ImportFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { chains, segments } from "./chains.js";

/** One table a builder chain touches. */
export interface BuilderAccess {
  table: string;
  call: CallFact;
  /** `update`, `insert`, … for writes; `select` (or the chain's read terminal) for reads. */
  op: string;
  writes: boolean;
}

const WRITES = new Set("insert update del delete truncate upsert increment decrement merge".split(" "));
const READS = new Set("select first pluck count countDistinct min max sum sumDistinct avg avgDistinct exists".split(" "));
/** Methods whose first argument is the chain's table. */
const TABLE_METHODS = new Set(["from", "into", "table"]);
const JOINS = new Set("join innerJoin leftJoin leftOuterJoin rightJoin rightOuterJoin fullOuterJoin crossJoin".split(" "));
/** `knex.schema.<m>("orders", …)`: DDL on the table, a write like SQL's `CREATE`. */
const SCHEMA_WRITES = new Set("createTable createTableIfNotExists createTableLike alterTable table dropTable dropTableIfExists renameTable".split(" "));

/** The file path without its extension, as a relative import names it. */
export const stem = (path: string) => path.replace(/\.(m|c)?[jt]sx?$/, "").replace(/\/index$/, "");

/** Local names bound to a knex instance in one file; `imported` are names other files export as instances. */
export function knexInstances(f: ModelFile, exported: Map<string, Set<string>>): Set<string> {
  const imports = f.facts.filter((x): x is ImportFact => x.kind === "import");
  const calls = f.facts.filter((x): x is CallFact => x.kind === "call");
  const factories = new Set<string>();
  const types = new Set<string>();
  const out = new Set<string>();
  for (const i of imports) {
    if (i.module === "knex") {
      for (const b of i.bindings ?? i.names.map((n) => ({ local: n, imported: "*" }))) {
        if (b.imported === "Knex") types.add(b.local);
        if (b.imported === "default" || b.imported === "*" || b.imported === "knex") factories.add(b.local);
        if (b.imported === "default" || b.imported === "*") types.add(b.local);
      }
      // `const db = require("knex")(config)`: the require and the call on its result share a start.
      const req = calls.find((c) => c.callee === "require()" && c.loc.line === i.loc.line && c.loc.column === i.loc.column);
      if (req?.assignedTo) out.add(req.assignedTo);
    } else if (i.module.startsWith(".")) {
      const names = exported.get(stem(posix.normalize(posix.join(dirname(f.path), i.module))));
      for (const b of i.bindings ?? []) if (names?.has(b.imported)) out.add(b.local);
    }
  }
  if (factories.size === 0 && types.size === 0 && out.size === 0) return out;
  for (const c of calls) {
    if (c.assignedTo && !c.isNew && (factories.has(c.callee) || [...factories].some((n) => c.callee === `${n}.knex`))) out.add(c.assignedTo);
  }
  for (const fn of f.facts.filter((x): x is FunctionFact => x.kind === "function")) {
    for (const p of fn.params) {
      const t = p.type?.replace(/\s+/g, "");
      if (t && [...types].some((n) => t === n || t.startsWith(`${n}.Transaction`) || t.startsWith(`${n}<`))) {
        out.add(p.name);
        if (fn.name === "constructor") out.add(`this.${p.name}`);
      }
    }
  }
  // `knex.transaction(async (trx) => …)`: its callback's parameter is a transaction, a knex instance too.
  for (const fn of f.facts.filter((x): x is FunctionFact => x.kind === "function")) {
    const recv = fn.argOf?.endsWith(".transaction") ? fn.argOf.slice(0, -".transaction".length) : undefined;
    if (recv && out.has(recv) && fn.params[0]) out.add(fn.params[0].name);
  }
  return out;
}

/** Every table a file's knex chains touch, at the chain's first call. */
export function knexAccesses(f: ModelFile, instances: Set<string>): BuilderAccess[] {
  if (instances.size === 0) return [];
  const out: BuilderAccess[] = [];
  for (const group of chains(f.facts.filter((x): x is CallFact => x.kind === "call"))) {
    const segs = segments(group[group.length - 1]!.callee);
    const head = instances.has(segs.slice(0, 2).join(".")) && segs.length > 1 ? 2 : instances.has(segs[0]!) ? 1 : 0;
    if (!head) continue;
    const ops = segs.slice(head);
    let main: string | undefined;
    let ddl = false;
    let schema: string | undefined;
    const joined: string[] = [];
    // `knex.with("recent", …).from("recent")`: a CTE's name is no table.
    const ctes = new Set<string>();
    for (const c of group) {
      const n = segments(c.callee).length;
      const method = segs[n - 1]!;
      const arg = tableArg(c);
      if (n === head) main = arg;
      else if (segs[head] === "schema" && n === head + 2 && SCHEMA_WRITES.has(method)) {
        main = arg;
        ddl = true;
      } else if (method === "withSchema") schema = arg;
      else if (/^with(Recursive|Materialized|NotMaterialized)?$/.test(method) && arg) ctes.add(arg);
      else if (TABLE_METHODS.has(method) && arg) main = arg;
      else if (JOINS.has(method) && arg) joined.push(arg);
    }
    if (main && ctes.has(main)) main = undefined;
    const q = (t: string) => (schema && !t.includes(".") ? `${schema}.${t}` : t);
    const write = ddl ? "create" : ops.find((o) => WRITES.has(o));
    if (main) out.push({ table: q(main), call: group[0]!, op: write ?? [...ops].reverse().find((o) => READS.has(o)) ?? "select", writes: !!write });
    for (const t of joined) if (!ctes.has(t) && (!main || q(t) !== q(main))) out.push({ table: q(t), call: group[0]!, op: "join", writes: false });
  }
  return out;
}

/** `"orders"`, `"sales.orders"`, `"orders as o"`, `"orders o"` (GORM) → the table; anything else (SQL, holes) is not one. */
export function tableArg(c: CallFact): string | undefined {
  const a = c.args[0];
  if (a?.kind !== "string" || a.holes.length > 0) return undefined;
  const m = /^\s*[`"]?([A-Za-z_][\w$]*(?:[`"]?\.[`"]?[A-Za-z_][\w$]*)?)[`"]?(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s*$/i.exec(a.value);
  return m ? m[1]!.replace(/[`"]/g, "") : undefined;
}

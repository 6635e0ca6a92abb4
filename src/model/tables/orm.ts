/**
 * Table accesses through ORMs. Entities (`orm-entity` facts) name a table; calls that work on an
 * entity read or write that table: TypeORM / MikroORM repositories and entity managers, Sequelize
 * and Objection model statics, the Prisma client's model accessors, GORM calls given `&Order{…}`
 * or a parameter of the entity's type; query builders on a literal table (`builders.ts`, GORM
 * `db.Table("orders")`). A call counts only when its entity is resolved without guessing: the same
 * file, a relative import of the entity's file or of a folder re-exporting it, a path alias or
 * package naming the entity's folder, or (Go) the same package or an imported package of that
 * name. An entity no call of its service is seen using still shows who maps the table: it is a
 * read at the declaration. Seeds and test-data helpers (`paths.ts`) are nobody's access.
 */
import { dirname, posix } from "node:path";
import type { CallFact, CompositeFact, ImportFact, OrmEntityFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { knexAccesses, knexInstances, stem, tableArg } from "./builders.js";
import { chains, segments, within } from "./chains.js";
import { isSeedOrFactory } from "./paths.js";

export interface OrmEntity {
  /** `knex`, and `gorm` with no name, for a query builder given the table as a string (`db.Table("orders")`). */
  orm: OrmEntityFact["orm"] | "knex";
  /** The class, model or struct; "" for a query builder's literal table. */
  name: string;
  table: string;
  file: string;
  service?: string;
  line: number;
  column: number;
}

export interface OrmAccess {
  entity: OrmEntity;
  service: string;
  file: string;
  line: number;
  column: number;
  /** `orm:save`, `orm:findMany`, … or `orm:entity` for a mapping no call uses. */
  statement: string;
  reads: boolean;
  writes: boolean;
}

type Family = "repository" | "model" | "prisma" | "gorm";

const OPS: Record<Family, { writes: Set<string>; reads: Set<string> }> = {
  // TypeORM / MikroORM repositories, entity managers and query builders started from them.
  repository: {
    writes: set("save insert update delete remove upsert softDelete softRemove restore recover increment decrement clear insertMany upsertMany nativeInsert nativeUpdate nativeDelete"),
    reads: set("find findBy findOne findOneBy findOneOrFail findOneByOrFail findAndCount findAndCountBy findAll findByIds count countBy exist exists existsBy sum average minimum maximum getMany getOne getOneOrFail getRawMany getRawOne getCount getManyAndCount"),
  },
  // Sequelize models and Objection models (`Order.query().patch(…)`).
  model: {
    writes: set("create bulkCreate update destroy upsert increment decrement truncate restore findOrCreate insert insertAndFetch insertGraph insertGraphAndFetch upsertGraph upsertGraphAndFetch patch patchAndFetch patchAndFetchById update updateAndFetch updateAndFetchById delete deleteById relate unrelate"),
    reads: set("findAll findOne findByPk findAndCountAll count max min sum query findById findByIds first"),
  },
  prisma: {
    writes: set("create createMany createManyAndReturn update updateMany updateManyAndReturn upsert delete deleteMany"),
    reads: set("findMany findUnique findUniqueOrThrow findFirst findFirstOrThrow count aggregate groupBy"),
  },
  gorm: {
    writes: set("Create CreateInBatches Save Delete Update Updates UpdateColumn UpdateColumns FirstOrCreate"),
    reads: set("First Find Take Last Count Pluck Scan FirstOrInit Row Rows FindInBatches"),
  },
};

/** Calls that bind a repository or a model to a name: `@InjectRepository(Order) repo`, `getRepository(Order)`. */
const REPO_FACTORIES = new Set(["InjectRepository", "getRepository", "getTreeRepository", "InjectModel", "getCustomRepository"]);
/** `Order.relatedQuery("lines")`, `Order.sequelize.query(sql)`, `Order.knex()`, `db.Table("x")`, `db.Raw(sql)`, `db.Exec(sql)`. */
const LEAVES_ENTITY = new Set(["relatedQuery", "$relatedQuery", "sequelize", "knex", "Table", "Raw", "Exec", "Joins"]);
/** GORM methods whose first argument is the value (or `Model`) a statement works on. */
const GORM_TAKES_VALUE = new Set([...OPS.gorm.writes, ...OPS.gorm.reads, "Model"]);
const GORM_MODULES = /^(gorm\.io\/gorm|github\.com\/jinzhu\/gorm)$/;

/** Every ORM access of every service, in file order. */
export function ormAccesses(files: ModelFile[]): OrmAccess[] {
  const entities: OrmEntity[] = [];
  for (const f of files) {
    if (f.isTest || isSeedOrFactory(f.path)) continue;
    for (const fact of f.facts) {
      // Prisma's table is the model name unless `@@map` says otherwise, with no naming strategy to
      // change it; the code-first ORMs count only where the name is written.
      if (fact.kind !== "orm-entity" || (!fact.explicit && fact.orm !== "prisma")) continue;
      entities.push({ orm: fact.orm, name: fact.name, table: fact.table, file: f.path, ...(f.service ? { service: f.service } : {}), line: fact.loc.line, column: fact.loc.column });
    }
  }
  const index: EntityIndex = { code: new Map(), gorm: new Map(), prisma: new Map(), shared: new Set() };
  for (const e of entities) {
    if (e.orm === "prisma") {
      if (!e.service) continue;
      const mine = index.prisma.get(e.service) ?? new Map<string, OrmEntity>();
      mine.set(lowerFirst(e.name), e);
      index.prisma.set(e.service, mine);
    } else {
      const by = e.orm === "gorm" ? index.gorm : index.code;
      by.set(e.name, [...(by.get(e.name) ?? []), e]);
    }
  }
  const knex = exportedKnex(files);
  const out: OrmAccess[] = [];
  for (const f of files) {
    if (!f.service || f.isTest || isSeedOrFactory(f.path)) continue;
    const scan = new FileScan(f, f.service, index);
    if (f.language === "ts" || f.language === "js") {
      if (index.code.size || index.prisma.has(f.service)) out.push(...scan.tsAccesses());
      out.push(...scan.builderAccesses(knexAccesses(f, knexInstances(f, knex)), "knex"));
    } else if (f.language === "go") out.push(...scan.goAccesses());
  }
  const used = new Set(out.map((a) => `${a.service}\0${key(a.entity)}`));
  for (const e of entities) {
    // An entity other services import as a package (`@app/database`), and its own service never
    // calls, is a shared definition (a NestJS `libs/database` that discovery counts as the root
    // service's), not a use by that service.
    if (!e.service || used.has(`${e.service}\0${key(e)}`) || index.shared.has(e)) continue;
    out.push({ entity: e, service: e.service, file: e.file, line: e.line, column: e.column, statement: "orm:entity", reads: true, writes: false });
  }
  return out;
}

/** Per file stem, the knex instances it exports (`export const db = knex(config)`), for files that import them. */
function exportedKnex(files: ModelFile[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const none = new Map<string, Set<string>>();
  for (const f of files) {
    if (f.language !== "ts" && f.language !== "js") continue;
    const mine = knexInstances(f, none);
    const exported = f.facts.filter((x) => x.kind === "declaration" && x.exported && mine.has(x.name)).map((x) => (x as { name: string }).name);
    if (exported.length) out.set(stem(f.path), new Set(exported));
  }
  return out;
}

/** Entities by the name code uses: code-first ORMs and GORM by class or struct name, Prisma per service by client accessor. */
interface EntityIndex {
  code: Map<string, OrmEntity[]>;
  gorm: Map<string, OrmEntity[]>;
  prisma: Map<string, Map<string, OrmEntity>>;
  /** Entities other services import by a path alias or package name: a shared library's. */
  shared: Set<OrmEntity>;
}

class FileScan {
  private readonly calls: CallFact[];
  private readonly imports = new Map<string, { module: string; imported: string }>();

  constructor(
    private readonly f: ModelFile,
    private readonly service: string,
    private readonly index: EntityIndex,
  ) {
    this.calls = f.facts.filter((x): x is CallFact => x.kind === "call");
    for (const i of f.facts.filter((x): x is ImportFact => x.kind === "import")) {
      for (const b of i.bindings ?? i.names.map((n) => ({ local: n, imported: "*" }))) this.imports.set(b.local, { module: i.module, imported: b.imported });
    }
  }

  tsAccesses(): OrmAccess[] {
    const repos = new Map<string, OrmEntity>();
    for (const c of this.calls) {
      if (!c.assignedTo || !REPO_FACTORIES.has(last(c.callee))) continue;
      const e = this.resolveTs(argName(c));
      if (e) repos.set(c.assignedTo, e);
    }
    const prisma = this.index.prisma.get(this.service) ?? new Map<string, OrmEntity>();
    const out: OrmAccess[] = [];
    for (const group of chains(this.calls)) {
      const full = group[group.length - 1]!;
      const hit = this.tsChain(group, full.callee, repos, prisma);
      const a = hit && this.access(hit.entity, group[0]!, hit.family, hit.ops);
      if (a) out.push(a);
    }
    return out;
  }

  private tsChain(group: CallFact[], full: string, repos: Map<string, OrmEntity>, prisma: Map<string, OrmEntity>): { entity: OrmEntity; family: Family; ops: string[] } | undefined {
    const segs = segments(full);
    // `this.orders.save(…)`, `this.orderModel.create(…)`: a bound repository or model.
    for (let i = segs.length - 1; i >= 1; i--) {
      const e = repos.get(segs.slice(0, i).join("."));
      if (e) return { entity: e, family: familyOf(e), ops: segs.slice(i) };
    }
    // `dataSource.getRepository(Order).find()`, `manager.save(Order, …)`, `em.find(Order, {})`.
    for (const c of group) {
      const e = this.resolveTs(argName(c));
      if (!e || (e.orm !== "typeorm" && e.orm !== "mikro-orm")) continue;
      const n = segments(c.callee).length;
      if (REPO_FACTORIES.has(last(c.callee)) && n < segs.length) return { entity: e, family: "repository", ops: segs.slice(n) };
      if (OPS.repository.writes.has(last(c.callee)) || OPS.repository.reads.has(last(c.callee))) return { entity: e, family: "repository", ops: segs.slice(n - 1) };
    }
    // `Order.create(…)`, `Order.query().patch(…)`: Sequelize and Objection statics; TypeORM's
    // active-record `Order.findOneBy(…)` through the repository verbs.
    const head = this.resolveTs(segs[0]!);
    if (head && segs.length > 1) return { entity: head, family: familyOf(head), ops: segs.slice(1) };
    // `prisma.order.create(…)`, `tx.orderLine.findMany(…)`: the accessor of a model in this service's schema.
    for (let i = 1; i + 1 < segs.length; i++) {
      const e = prisma.get(segs[i]!);
      const op = segs[i + 1]!;
      if (e && (OPS.prisma.writes.has(op) || OPS.prisma.reads.has(op)) && !this.notPrisma(segs.slice(0, i).join("."))) return { entity: e, family: "prisma", ops: [op] };
    }
    return undefined;
  }

  /**
   * A receiver shown to be something else than a Prisma client: `stripe.customers.create(…)` with
   * an introspected `model customers` is Stripe's API. Shown by its binding (`new Stripe(…)`,
   * `twilio(…)`) or its parameter type imported from another package (`private stripe: Stripe`).
   */
  private notPrisma(receiver: string): boolean {
    const prismaish = (name: string) => /prisma/i.test(name) || name.endsWith("$extends");
    const bound = this.calls.filter((c) => c.assignedTo === receiver);
    if (bound.length > 0) return !bound.some((c) => prismaish(c.callee));
    const name = receiver.replace(/^this\./, "");
    for (const fn of this.f.facts) {
      if (fn.kind !== "function") continue;
      const type = fn.params.find((p) => p.name === name)?.type?.split(/[.<\s]/)[0];
      const imp = type ? this.imports.get(type) : undefined;
      if (imp && !imp.module.startsWith(".") && !prismaish(imp.module) && !prismaish(type!)) return true;
    }
    return false;
  }

  /** Query-builder accesses (knex) as accesses of a nameless entity on the literal table. */
  builderAccesses(list: ReturnType<typeof knexAccesses>, orm: OrmEntity["orm"]): OrmAccess[] {
    return list.map((b) => ({
      entity: this.literal(orm, b.table, b.call),
      service: this.service,
      file: this.f.path,
      line: b.call.loc.line,
      column: b.call.loc.column,
      statement: `orm:${b.op}`,
      reads: !b.writes,
      writes: b.writes,
    }));
  }

  private literal(orm: OrmEntity["orm"], table: string, call: CallFact): OrmEntity {
    return { orm, name: "", table, file: this.f.path, service: this.service, line: call.loc.line, column: call.loc.column };
  }

  goAccesses(): OrmAccess[] {
    if (![...this.imports.values()].some((i) => GORM_MODULES.test(i.module))) return [];
    const lits = new Map<string, CompositeFact>();
    for (const x of this.f.facts) if (x.kind === "composite") lits.set(`${x.loc.line}:${x.loc.column}`, x);
    const out: OrmAccess[] = [];
    for (const group of chains(this.calls)) {
      const full = group[group.length - 1]!;
      // `db.Table("orders").Where(…).Update(…)`: the table as written, whatever the destination.
      const table = group.find((c) => last(c.callee) === "Table" && tableArg(c));
      if (table) {
        const a = this.access(this.literal("gorm", tableArg(table)!, table), group[0]!, "gorm", segments(full.callee).slice(segments(table.callee).length));
        if (a) out.push(a);
        continue;
      }
      for (const c of group) {
        const arg = c.args[0];
        const lit = arg && lits.get(`${arg.loc.line}:${arg.loc.column}`);
        // `db.Create(&Order{…})`, or `db.Create(o)` with `o *model.Order` a parameter of the function.
        const e = lit ? this.resolveGo(lit.type) : arg?.kind === "unknown" && GORM_TAKES_VALUE.has(last(c.callee)) ? this.goParamEntity(arg.text, c) : undefined;
        if (!e) continue;
        const n = segments(c.callee).length;
        const a = this.access(e, group[0]!, "gorm", segments(full.callee).slice(n - 1));
        if (a) out.push(a);
        break;
      }
    }
    return out;
  }

  /** The entity of a parameter `o *model.Order` / `rows []model.Order` of the function a call sits in. */
  private goParamEntity(text: string, call: CallFact): OrmEntity | undefined {
    const name = text.replace(/^&/, "");
    if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
    let best: { type?: string; size: number } | undefined;
    for (const fn of this.f.facts) {
      if (fn.kind !== "function" || !within(call.loc, fn.loc)) continue;
      const size = (fn.loc.endLine - fn.loc.line) * 1e4 + fn.loc.endColumn;
      if (best && best.size <= size) continue;
      best = { type: fn.params.find((p) => p.name === name)?.type, size };
    }
    const type = best?.type?.replace(/^(\*|\[\])+/, "");
    return type && /^[A-Za-z_][\w.]*$/.test(type) ? this.resolveGo(type) : undefined;
  }

  private access(entity: OrmEntity, call: CallFact, family: Family, ops: string[]): OrmAccess | undefined {
    // Past these the chain works on another table or on raw SQL (read as SQL where it is a string).
    if (ops.some((o) => LEAVES_ENTITY.has(o))) return undefined;
    const { writes, reads } = OPS[family];
    const write = ops.find((o) => writes.has(o));
    const op = write ?? [...ops].reverse().find((o) => reads.has(o));
    if (!op) return undefined;
    return { entity, service: this.service, file: this.f.path, line: call.loc.line, column: call.loc.column, statement: `orm:${op}`, reads: !write, writes: !!write };
  }

  private readonly resolved = new Map<string, OrmEntity | undefined>();

  /** The entity a TS/JS name refers to in this file (memoised: every call chain's head is asked). */
  private resolveTs(name: string | undefined): OrmEntity | undefined {
    if (!name) return undefined;
    if (!this.resolved.has(name)) this.resolved.set(name, this.lookupTs(name));
    return this.resolved.get(name);
  }

  private lookupTs(name: string): OrmEntity | undefined {
    const imp = this.imports.get(name);
    const named = this.index.code.get(imp && imp.imported !== "default" && imp.imported !== "*" ? imp.imported : name) ?? [];
    const local = named.filter((e) => e.file === this.f.path && e.name === name);
    // Not imported: only an entity declared in this very file. Another file's entity of the name
    // would need an import; without one the name is something else (a domain class `Order` with
    // `static create`, beside an `Order` entity elsewhere in the service).
    if (local.length || !imp) return one(local);
    if (imp.module.startsWith(".")) {
      const base = stem(posix.normalize(posix.join(dirname(this.f.path), imp.module)));
      const inFile = (es: OrmEntity[]) => es.filter((e) => stem(e.file) === base);
      if (imp.imported === "default") return one(inFile([...this.index.code.values()].flat()));
      // `import { Order } from "./entities"`: a barrel folder re-exporting its entity files.
      return one(inFile(named)) ?? one(named.filter((e) => e.file.startsWith(`${base}/`)));
    }
    // A path alias or a shared package: an entity of this service or of no service, unambiguous;
    // else one whose path has the folder the specifier names (`@app/database` → `libs/database/…`),
    // which discovery may have put in another service (a NestJS monorepo's root).
    const mine = named.filter((e) => !e.service || e.service === this.service);
    if (mine.length) return one(mine);
    const folder = imp.module.replace(/^[@~#]?[\w.-]*\/(?=.)/, "").split("/")[0]!;
    const e = folder ? one(named.filter((x) => x.file.split("/").slice(0, -1).includes(folder))) : undefined;
    if (e) this.index.shared.add(e);
    return e;
  }

  /** The GORM entity of a composite literal's type: same package, or `pkg.Type` of an imported package. */
  private resolveGo(type: string): OrmEntity | undefined {
    const dot = type.indexOf(".");
    if (dot === -1) return one((this.index.gorm.get(type) ?? []).filter((e) => dirname(e.file) === dirname(this.f.path)));
    const imp = this.imports.get(type.slice(0, dot));
    if (!imp) return undefined;
    const pkg = imp.module.split("/").pop()!;
    const named = (this.index.gorm.get(type.slice(dot + 1)) ?? []).filter((e) => posix.basename(dirname(e.file)) === pkg);
    const mine = named.filter((e) => e.service === this.service);
    return one(mine.length ? mine : named);
  }
}

/** The entity a call's first argument names (`Order` in `getRepository(Order)`). */
function argName(c: CallFact): string | undefined {
  const a = c.args[0];
  return a?.kind === "unknown" ? a.text : undefined;
}

function familyOf(e: OrmEntity): Family {
  return e.orm === "sequelize" || e.orm === "objection" ? "model" : "repository";
}

/** The entity when the candidates agree on one table. */
function one(es: OrmEntity[]): OrmEntity | undefined {
  return es.length > 0 && es.every((e) => e.table === es[0]!.table) ? es[0] : undefined;
}

const key = (e: OrmEntity) => `${e.file}\0${e.name}\0${e.line}`;
const last = (callee: string) => callee.slice(callee.lastIndexOf(".") + 1);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
function set(words: string): Set<string> {
  return new Set(words.split(" "));
}

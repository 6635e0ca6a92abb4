/**
 * Table accesses through ORMs. Entities (`orm-entity` facts) name a table; calls that work on an
 * entity read or write that table: TypeORM / MikroORM repositories and entity managers, Sequelize
 * and Objection model statics, the Prisma client's model accessors, GORM calls given `&Order{…}`.
 * A call counts only when its entity is resolved without guessing: the same file, a relative
 * import of the entity's file, a name only one entity has, or (Go) the same package or an
 * imported package of that name. An entity no call of its service is seen using still shows
 * who maps the table: it is a read at the declaration.
 */
import { dirname, posix } from "node:path";
import type { CallFact, CompositeFact, ImportFact, Loc, OrmEntityFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";

export interface OrmEntity {
  orm: OrmEntityFact["orm"];
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
const GORM_MODULES = /^(gorm\.io\/gorm|github\.com\/jinzhu\/gorm)$/;

/** Every ORM access of every service, in file order. */
export function ormAccesses(files: ModelFile[]): OrmAccess[] {
  const entities: OrmEntity[] = [];
  for (const f of files) {
    if (f.isTest) continue;
    for (const fact of f.facts) {
      // Prisma's table is the model name unless `@@map` says otherwise, with no naming strategy to
      // change it; the code-first ORMs count only where the name is written.
      if (fact.kind !== "orm-entity" || (!fact.explicit && fact.orm !== "prisma")) continue;
      entities.push({ orm: fact.orm, name: fact.name, table: fact.table, file: f.path, ...(f.service ? { service: f.service } : {}), line: fact.loc.line, column: fact.loc.column });
    }
  }
  if (entities.length === 0) return [];
  const index: EntityIndex = { code: new Map(), gorm: new Map(), prisma: new Map() };
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
  const out: OrmAccess[] = [];
  for (const f of files) {
    if (!f.service || f.isTest) continue;
    if ((f.language === "ts" || f.language === "js") && (index.code.size || index.prisma.has(f.service))) out.push(...new FileScan(f, f.service, index).tsAccesses());
    else if (f.language === "go" && index.gorm.size) out.push(...new FileScan(f, f.service, index).goAccesses());
  }
  const used = new Set(out.map((a) => `${a.service}\0${key(a.entity)}`));
  for (const e of entities) {
    if (!e.service || used.has(`${e.service}\0${key(e)}`)) continue;
    out.push({ entity: e, service: e.service, file: e.file, line: e.line, column: e.column, statement: "orm:entity", reads: true, writes: false });
  }
  return out;
}

/** Entities by the name code uses: code-first ORMs and GORM by class or struct name, Prisma per service by client accessor. */
interface EntityIndex {
  code: Map<string, OrmEntity[]>;
  gorm: Map<string, OrmEntity[]>;
  prisma: Map<string, Map<string, OrmEntity>>;
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
      if (e && (OPS.prisma.writes.has(op) || OPS.prisma.reads.has(op))) return { entity: e, family: "prisma", ops: [op] };
    }
    return undefined;
  }

  goAccesses(): OrmAccess[] {
    if (![...this.imports.values()].some((i) => GORM_MODULES.test(i.module))) return [];
    const lits = new Map<string, CompositeFact>();
    for (const x of this.f.facts) if (x.kind === "composite") lits.set(`${x.loc.line}:${x.loc.column}`, x);
    const out: OrmAccess[] = [];
    for (const group of chains(this.calls)) {
      const full = group[group.length - 1]!;
      for (const c of group) {
        const arg = c.args[0];
        const lit = arg && lits.get(`${arg.loc.line}:${arg.loc.column}`);
        const e = lit && this.resolveGo(lit.type);
        if (!e) continue;
        const n = segments(c.callee).length;
        const a = this.access(e, group[0]!, "gorm", segments(full.callee).slice(n - 1));
        if (a) out.push(a);
        break;
      }
    }
    return out;
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
    if (local.length || !imp) return one(local.length ? local : named.filter((e) => e.service === this.service));
    if (imp.module.startsWith(".")) {
      const base = posix.normalize(posix.join(dirname(this.f.path), imp.module)).replace(/\.(m|c)?[jt]sx?$/, "");
      const inFile = (es: OrmEntity[]) => es.filter((e) => [base, `${base}/index`].includes(e.file.replace(/\.(m|c)?[jt]sx?$/, "")));
      if (imp.imported !== "default") return one(inFile(named));
      return one(inFile([...this.index.code.values()].flat()));
    }
    // A path alias or a shared package: an entity of this service or of no service, unambiguous.
    return one(named.filter((e) => !e.service || e.service === this.service));
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

/**
 * Calls grouped into chains, innermost first: `a.b().c()` is one chain with its inner `a.b()`, and
 * so is `(await a.b()).c()`, whose outer call starts at the parenthesis. A call joins the chain of
 * the call its callee continues (`a.b` for `a.b().c`) when that call sits inside it.
 */
function chains(calls: CallFact[]): CallFact[][] {
  const byCallee = new Map<string, CallFact[]>();
  for (const c of calls) byCallee.set(c.callee, [...(byCallee.get(c.callee) ?? []), c]);
  const inner = new Map<CallFact, CallFact>();
  for (const b of calls) {
    for (let i = b.callee.lastIndexOf("()"); i > 0; i = b.callee.lastIndexOf("()", i - 1)) {
      const candidates = (byCallee.get(b.callee.slice(0, i)) ?? []).filter((a) => a !== b && within(a.loc, b.loc));
      if (candidates.length === 0) continue;
      inner.set(b, candidates.reduce((x, y) => (before(y.loc, x.loc) ? y : x)));
      break;
    }
  }
  const groups = new Map<CallFact, CallFact[]>();
  for (const c of calls) {
    let root = c;
    while (inner.has(root)) root = inner.get(root)!;
    groups.set(root, [...(groups.get(root) ?? []), c]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.callee.length - b.callee.length));
}

function within(a: Loc, b: Loc): boolean {
  return !before(a, b) && (a.endLine < b.endLine || (a.endLine === b.endLine && a.endColumn <= b.endColumn));
}

function before(a: Loc, b: Loc): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/** `this.repo.find().then` → `this`, `repo`, `find`, `then`. */
function segments(callee: string): string[] {
  return callee.split(".").map((s) => s.replace(/\(\)$/, ""));
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

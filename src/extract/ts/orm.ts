/**
 * ORM entities in TS/JS: classes and models whose table name is written in code. TypeORM
 * `@Entity("orders")` / `@Entity({ name })` / `@ViewEntity`, MikroORM `@Entity({ tableName })`,
 * sequelize-typescript `@Table({ tableName })`, Sequelize `sequelize.define("Order", attrs,
 * { tableName })` and `Order.init(attrs, { sequelize, tableName })`, Objection
 * `static tableName = "orders"` / `static get tableName() { return "orders" }`.
 *
 * Only explicit names: a bare `@Entity()` takes its table from a naming strategy the project can
 * configure anywhere (TypeORM `namingStrategy`, Sequelize `define` defaults), so guessing it would
 * invent tables. Decorators count only when imported from the ORM's own package.
 */
import type * as ts from "typescript";
import type { OrmEntityFact, Value } from "../facts.js";
import { calleePath, propertyKey, type Evaluator } from "./evaluate.js";
import type { Ts } from "./load.js";

type Orm = OrmEntityFact["orm"];

/** Which ORM a decorator belongs to, by the module it is imported from and its exported name. */
function decoratorOrm(module: string, imported: string): { orm: Orm; nameKeys: string[] } | undefined {
  if (module === "typeorm" && (imported === "Entity" || imported === "ViewEntity")) return { orm: "typeorm", nameKeys: ["name"] };
  if (module.startsWith("@mikro-orm/") && imported === "Entity") return { orm: "mikro-orm", nameKeys: ["tableName"] };
  if (module === "sequelize-typescript" && imported === "Table") return { orm: "sequelize", nameKeys: ["tableName"] };
  return undefined;
}

/** Finds ORM entities in one file; import bindings are read once, on first need. */
export class OrmScanner {
  private imports: Map<string, { module: string; imported: string }> | undefined;

  constructor(
    private readonly T: Ts,
    private readonly ev: Evaluator,
    private readonly sf: ts.SourceFile,
  ) {}

  /** Entities a class declares through a decorator or an Objection `tableName`. */
  classEntities(node: ts.ClassLikeDeclaration): OrmEntityFact[] {
    const T = this.T;
    const name = node.name?.text;
    if (!name) return [];
    const out: OrmEntityFact[] = [];
    for (const mod of node.modifiers ?? []) {
      if (!T.isDecorator(mod) || !T.isCallExpression(mod.expression)) continue;
      const call = mod.expression;
      const ref = this.importedAs(call.expression);
      const kind = ref && decoratorOrm(ref.module, ref.imported);
      if (!kind) continue;
      const table = this.decoratorTable(call.arguments, kind.nameKeys);
      if (table) out.push(this.fact(kind.orm, name, table, node));
    }
    const objection = this.objectionTable(node);
    if (objection && out.length === 0) out.push(this.fact("objection", name, objection, node));
    return out;
  }

  /** `sequelize.define("Order", attrs, { tableName })` and `Order.init(attrs, { sequelize, tableName })`. */
  callEntity(node: ts.CallExpression, boundTo: string | undefined): OrmEntityFact | undefined {
    const T = this.T;
    const callee = calleePath(T, node.expression, this.sf);
    const args = node.arguments;
    if (/\.define$/.test(callee) && args.length >= 3 && T.isStringLiteralLike(args[0]!)) {
      const table = this.sequelizeTable(args[2]!, args[0].text);
      if (table) return this.fact("sequelize", boundTo ?? args[0].text, table, node);
    }
    const init = /^([A-Za-z_$][\w$]*)\.init$/.exec(callee);
    if (init && args.length >= 2) {
      const opts = this.ev.strip(args[1]!);
      const hasInstance = T.isObjectLiteralExpression(opts) && opts.properties.some((p) => p.name && propertyKey(T, p.name) === "sequelize");
      const table = hasInstance ? this.sequelizeTable(opts, init[1]!) : undefined;
      if (table) return this.fact("sequelize", init[1]!, table, node);
    }
    return undefined;
  }

  /** The local name of the import a decorator expression refers to (`Entity`, `typeorm.Entity`). */
  private importedAs(e: ts.Expression): { module: string; imported: string } | undefined {
    const T = this.T;
    const map = (this.imports ??= this.readImports());
    if (T.isIdentifier(e)) return map.get(e.text);
    if (T.isPropertyAccessExpression(e) && T.isIdentifier(e.expression)) {
      const ns = map.get(e.expression.text);
      if (ns?.imported === "*") return { module: ns.module, imported: e.name.text };
    }
    return undefined;
  }

  private readImports(): Map<string, { module: string; imported: string }> {
    const T = this.T;
    const map = new Map<string, { module: string; imported: string }>();
    for (const st of this.sf.statements) {
      if (!T.isImportDeclaration(st) || !T.isStringLiteral(st.moduleSpecifier)) continue;
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (clause?.name) map.set(clause.name.text, { module, imported: "default" });
      const named = clause?.namedBindings;
      if (named && T.isNamespaceImport(named)) map.set(named.name.text, { module, imported: "*" });
      else if (named) for (const el of named.elements) map.set(el.name.text, { module, imported: (el.propertyName ?? el.name).text });
    }
    return map;
  }

  /** `("orders")`, `("orders", { schema })`, `({ name: "orders", schema: "sales" })`. */
  private decoratorTable(args: ts.NodeArray<ts.Expression>, nameKeys: string[]): string | undefined {
    const first = args[0] ? this.ev.value(args[0]) : undefined;
    if (!first) return undefined;
    if (first.kind === "string") {
      const name = plain(first);
      const opts = args[1] ? this.ev.value(args[1]) : undefined;
      return name && qualified(name, opts?.kind === "object" ? opts.props : {});
    }
    if (first.kind !== "object") return undefined;
    for (const key of nameKeys) {
      const name = plain(first.props[key]);
      if (name) return qualified(name, first.props);
    }
    return undefined;
  }

  /** `{ tableName: "orders" }`, or `{ freezeTableName: true }`, which makes the model name the table. */
  private sequelizeTable(arg: ts.Expression, modelName: string): string | undefined {
    const v = this.ev.value(arg);
    if (v.kind !== "object") return undefined;
    const name = plain(v.props.tableName);
    if (name) return qualified(name, v.props);
    const freeze = v.props.freezeTableName;
    return freeze?.kind === "boolean" && freeze.value ? qualified(modelName, v.props) : undefined;
  }

  /** `static tableName = "orders"` or `static get tableName() { return "orders"; }` in a subclass. */
  private objectionTable(node: ts.ClassLikeDeclaration): string | undefined {
    const T = this.T;
    if (!node.heritageClauses?.some((h) => h.token === T.SyntaxKind.ExtendsKeyword)) return undefined;
    for (const m of node.members) {
      if (!m.name || propertyKey(T, m.name) !== "tableName") continue;
      if ((T.getCombinedModifierFlags(m as ts.Declaration) & T.ModifierFlags.Static) === 0) continue;
      if (T.isPropertyDeclaration(m) && m.initializer) return plain(this.ev.value(m.initializer));
      if (T.isGetAccessorDeclaration(m) && m.body?.statements.length === 1) {
        const ret = m.body.statements[0]!;
        if (T.isReturnStatement(ret) && ret.expression) return plain(this.ev.value(ret.expression));
      }
    }
    return undefined;
  }

  private fact(orm: Orm, name: string, table: string, node: ts.Node): OrmEntityFact {
    return { kind: "orm-entity", orm, name, table, explicit: true, loc: this.ev.loc(node) };
  }
}

/** A string value with no unknown parts. */
function plain(v: Value | undefined): string | undefined {
  return v?.kind === "string" && v.holes.length === 0 && v.value !== "" ? v.value : undefined;
}

/**
 * `sales.orders` for `{ schema: "sales" }`; a `database` option (TypeORM, MikroORM `dbName` is
 * connection-wide and not here) is kept too, so a table in another database never joins a
 * same-named one.
 */
function qualified(table: string, opts: Record<string, Value>): string {
  return [plain(opts.database), plain(opts.schema), table].filter((x): x is string => !!x).join(".");
}

/**
 * The member a decorator call decorates, as code refers to it: `this.repo` for a property or a
 * constructor parameter property (`@InjectRepository(Order) private repo`), `repo` for a plain
 * parameter. Lets the model follow `@InjectRepository(Order)` to `this.repo.save(…)`.
 */
export function decoratedName(T: Ts, node: ts.CallExpression | ts.NewExpression): string | undefined {
  const dec = node.parent;
  if (!dec || !T.isDecorator(dec)) return undefined;
  const target = dec.parent;
  if (T.isParameter(target) && T.isIdentifier(target.name)) {
    const isProperty = target.modifiers?.some((m) => m.kind !== T.SyntaxKind.Decorator) ?? false;
    return isProperty ? `this.${target.name.text}` : target.name.text;
  }
  if (T.isPropertyDeclaration(target) && target.name) {
    const key = propertyKey(T, target.name);
    if (key === undefined) return undefined;
    return target.modifiers?.some((m) => m.kind === T.SyntaxKind.StaticKeyword) ? key : `this.${key}`;
  }
  return undefined;
}

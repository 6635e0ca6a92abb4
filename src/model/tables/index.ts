import type { DatastoreUse } from "../datastores/index.js";
import type { ModelFile } from "../types.js";
import { ormAccesses } from "./orm.js";
import { isSeedOrFactory } from "./paths.js";

/** One SQL statement of a service touching a table. */
export interface TableStatement {
  service: string;
  file: string;
  line: number;
  column: number;
  /** select, insert, update, delete, create, …; for ORM calls `orm:<method>` (`orm:save`), `orm:entity` for a mapping no call uses. */
  statement: string;
  reads: boolean;
  writes: boolean;
  /** For ORM statements: the ORM and the entity (class, model or struct) the call goes through; "" for a query builder (knex, GORM `Table`). */
  orm?: { orm: string; entity: string };
}

/**
 * One table as the services see it. Services proven to use different databases (their resolved
 * datastores differ) see different tables of the same name: they get separate rows.
 */
export interface TableRow {
  table: string;
  /** The database the row's services share, when their datastores say (`MySQL shop on mysql-main.data:3306`). */
  database?: string;
  /** Services that insert, update, delete or create it, sorted. */
  writers: string[];
  /** Services that read it, sorted. */
  readers: string[];
  statements: TableStatement[];
}

export interface TableOwnership {
  owner?: string;
  /** `config`: named in archlint.yaml; `writer`: the only service writing it; `contested`: several write it; `none`: nobody writes it. */
  basis: "config" | "writer" | "contested" | "none";
}

const SQL_KINDS = new Set(["mysql", "postgresql", "sqlserver"]);

/**
 * The table access matrix: every SQL statement in a service's (non-test) files, from `.sql` files
 * and SQL strings in code, and every ORM call on an entity with a known table and every query
 * builder call on a literal table (see `orm.ts`, `builders.ts`), as table × service reads and
 * writes. Files outside every service (shared migrations) are not attributed to anyone, and
 * neither are seed scripts and test-data factories (see `paths.ts`).
 */
export function collectTables(files: ModelFile[], datastores: DatastoreUse[]): TableRow[] {
  const byTable = new Map<string, TableStatement[]>();
  for (const f of files) {
    if (!f.service || f.isTest || isSeedOrFactory(f.path)) continue;
    for (const fact of f.facts) {
      if (fact.kind !== "sql") continue;
      const read = new Set(fact.tablesRead.map(normalizeTable));
      const written = new Set(fact.tablesWritten.map(normalizeTable));
      for (const table of new Set([...read, ...written])) {
        const list = byTable.get(table) ?? [];
        list.push({ service: f.service, file: f.path, line: fact.loc.line, column: fact.loc.column, statement: fact.statement, reads: read.has(table), writes: written.has(table) });
        byTable.set(table, list);
      }
    }
  }
  for (const a of ormAccesses(files)) {
    const table = normalizeTable(a.entity.table);
    const list = byTable.get(table) ?? [];
    list.push({ service: a.service, file: a.file, line: a.line, column: a.column, statement: a.statement, reads: a.reads, writes: a.writes, orm: { orm: a.entity.orm, entity: a.entity.name } });
    byTable.set(table, list);
  }
  const dbs = databasesByService(datastores);
  const rows: TableRow[] = [];
  for (const [table, statements] of byTable) {
    for (const group of groupByDatabase([...new Set(statements.map((s) => s.service))].sort(), dbs)) {
      const mine = statements.filter((s) => group.services.includes(s.service));
      const row: TableRow = {
        table,
        writers: uniq(mine.filter((s) => s.writes).map((s) => s.service)),
        readers: uniq(mine.filter((s) => s.reads).map((s) => s.service)),
        statements: mine.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column),
      };
      if (group.database) row.database = group.database;
      rows.push(row);
    }
  }
  return rows.sort((a, b) => cmp(a.table, b.table) || cmp(a.database ?? "", b.database ?? ""));
}

/** Who owns a table: archlint.yaml's word, else its only writer. */
export function tableOwner(row: TableRow, owners: Record<string, string> = {}): TableOwnership {
  const configured = owners[row.table] ?? owners[row.table.split(".").pop()!];
  if (configured) return { owner: configured, basis: "config" };
  if (row.writers.length === 1) return { owner: row.writers[0]!, basis: "writer" };
  return { basis: row.writers.length > 1 ? "contested" : "none" };
}

/** Share of the row's statements that come from services other than the owner (0…1). */
export function crossAccessRate(row: TableRow, owner: string | undefined): number {
  if (!owner || row.statements.length === 0) return 0;
  return row.statements.filter((s) => s.service !== owner).length / row.statements.length;
}

/** `"Shop"."Orders"` → `shop.orders`; the default schemas (`public`, `dbo`) are dropped. */
export function normalizeTable(name: string): string {
  return name.replace(/[`"[\]]/g, "").toLowerCase().replace(/^(public|dbo)\./, "");
}

type Databases = Map<string, Map<string, Set<string>>>;

/** Per service, per environment, the SQL databases its datastores resolve to. */
function databasesByService(uses: DatastoreUse[]): { keys: Databases; labels: Map<string, string> } {
  const keys: Databases = new Map();
  const labels = new Map<string, string>();
  for (const u of uses) {
    if (!SQL_KINDS.has(u.kind) || !u.databaseKey) continue;
    const envs = keys.get(u.service) ?? new Map<string, Set<string>>();
    const set = envs.get(u.environment) ?? new Set<string>();
    set.add(u.databaseKey);
    envs.set(u.environment, set);
    keys.set(u.service, envs);
    // A store known only as a Secret key: its label already names it once.
    if (!labels.has(u.databaseKey)) labels.set(u.databaseKey, u.instanceLabel.endsWith(` ${u.database}`) ? u.instanceLabel : `${u.instanceLabel}/${u.database}`);
  }
  return { keys, labels };
}

/** Different tables of one name: in every environment both are resolved in, their databases differ. */
function provenApart(a: string, b: string, keys: Databases): boolean {
  const ea = keys.get(a);
  const eb = keys.get(b);
  if (!ea || !eb) return false;
  let common = 0;
  for (const [env, setA] of ea) {
    const setB = eb.get(env);
    if (!setB) continue;
    common++;
    for (const k of setA) if (setB.has(k)) return false;
  }
  return common > 0;
}

/**
 * Services that may share the table. Services with a resolved database group with those not proven
 * apart; services with none join the single group when there is one, else form their own.
 */
function groupByDatabase(services: string[], dbs: { keys: Databases; labels: Map<string, string> }): Array<{ services: string[]; database?: string }> {
  const known = services.filter((s) => dbs.keys.has(s));
  const unknown = services.filter((s) => !dbs.keys.has(s));
  const parent = new Map(known.map((s) => [s, s]));
  const find = (s: string): string => (parent.get(s) === s ? s : find(parent.get(s)!));
  for (let i = 0; i < known.length; i++) {
    for (let j = i + 1; j < known.length; j++) {
      if (!provenApart(known[i]!, known[j]!, dbs.keys)) parent.set(find(known[j]!), find(known[i]!));
    }
  }
  const groups = new Map<string, string[]>();
  for (const s of known) groups.set(find(s), [...(groups.get(find(s)) ?? []), s]);
  const list = [...groups.values()];
  if (list.length === 1) list[0]!.push(...unknown);
  else if (unknown.length) list.push(unknown);
  return list.map((g) => {
    const members = g.sort();
    const database = sharedLabel(members, dbs);
    return database ? { services: members, database } : { services: members };
  });
}

/** The one database every resolved member uses in Kubernetes (or, without Kubernetes, anywhere). */
function sharedLabel(members: string[], dbs: { keys: Databases; labels: Map<string, string> }): string | undefined {
  const resolved = members.filter((s) => dbs.keys.has(s));
  if (resolved.length === 0) return undefined;
  const pick = (s: string) => {
    const envs = dbs.keys.get(s)!;
    const set = envs.get("kubernetes") ?? [...envs.values()][0]!;
    return set.size === 1 ? [...set][0] : undefined;
  };
  const first = pick(resolved[0]!);
  return first && resolved.every((s) => pick(s) === first) ? dbs.labels.get(first) : undefined;
}

const uniq = (xs: string[]) => [...new Set(xs)].sort();
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

import type { Detector } from "../../check/rule.js";
import { crossAccessRate, normalizeTable, tableOwner, type TableRow, type TableStatement } from "../../model/tables/index.js";

/**
 * Bookkeeping tables every service keeps its own copy of, by pattern: migration tools' history,
 * transactional outbox / inbox tables, idempotency keys and scheduler locks. Two services writing
 * `outbox` almost always write two tables in two databases; when the databases are not resolved,
 * reporting them would be a guess.
 */
export const BOOKKEEPING_TABLES = [
  "schema_migrations", "schema_version", "flyway_schema_history", "databasechangelog", "databasechangeloglock",
  "knex_migrations", "knex_migrations_lock", "goose_db_version", "_prisma_migrations", "__efmigrationshistory",
  "sequelizemeta", "typeorm_metadata", "migrations", "ar_internal_metadata", "gorp_migrations", "atlas_schema_revisions",
  "outbox", "outbox_events", "outbox_messages", "inbox", "inbox_messages", "processed_messages", "idempotency_keys",
  "shedlock", "event_publication",
];

/**
 * A service reading or writing a table another service owns (its only writer, or the owner
 * archlint.yaml names), and tables several services write with nobody owning them. Each finding
 * sits at the statement and carries the table's cross-access rate.
 */
export const crossServiceTableAccess: Detector = {
  name: "cross-service-table-access",
  defaults: { owners: {}, threshold: 0.4, ignoreTables: BOOKKEEPING_TABLES, reportContested: true },
  run({ model, params, report }) {
    const owners = normalizeOwners(params.owners);
    const ignored = new Set((Array.isArray(params.ignoreTables) ? params.ignoreTables : BOOKKEEPING_TABLES).map((t) => normalizeTable(String(t))));
    const threshold = typeof params.threshold === "number" ? params.threshold : 0.4;
    for (const row of model.tables ?? []) {
      if (ignored.has(row.table) || ignored.has(row.table.split(".").pop()!)) continue;
      const { owner, basis } = tableOwner(row, owners);
      if (basis === "contested") {
        if (params.reportContested !== false) reportContested(row, report);
        continue;
      }
      if (!owner) continue;
      const rate = crossAccessRate(row, owner);
      const foreign = row.statements.filter((s) => s.service !== owner);
      const ownerWrites = row.statements.filter((s) => s.service === owner && s.writes).slice(0, 3);
      for (const s of foreign) {
        const verb = s.writes ? "writes" : "reads";
        const why = basis === "config" ? "archlint.yaml names it the owner" : "the only service that writes it";
        let message = `${s.service} ${verb} table ${row.table}${through(s)}, which ${owner} owns (${why}). ${share(row, foreign.length, rate)}`;
        if (s.writes) message += ` Route the change through ${owner}'s API or events, so ${owner} keeps its invariants.`;
        else if (rate > threshold) message += ` That is above ${pct(threshold)}: give ${s.service} a read model or view owned by ${owner}, fed by ${owner}'s events or API.`;
        else message += ` Ask ${owner} for the data through its API or events instead of its table.`;
        report({
          message,
          file: s.file,
          line: s.line,
          column: s.column,
          service: s.service,
          related: ownerWrites.map((w) => ({ file: w.file, line: w.line, column: w.column, message: `${owner} ${did(w, row.table)} here` })),
        });
      }
    }
  },
};

function reportContested(row: TableRow, report: Parameters<Detector["run"]>[0]["report"]): void {
  const firstWrites = row.writers.map((w) => row.statements.find((s) => s.service === w && s.writes)!);
  const anchor = firstWrites[0]!;
  report({
    message: `${row.writers.length === 2 ? `${list(row.writers)} both` : `${list(row.writers)} all`} write table ${row.table}, so no service owns it${row.database ? ` (${row.database})` : ""}. Pick one owner (rules.cross-service-table-access.params.owners in archlint.yaml) and let the others change it through the owner's API or events.`,
    file: anchor.file,
    line: anchor.line,
    column: anchor.column,
    service: anchor.service,
    related: firstWrites.slice(1).map((s: TableStatement) => ({ file: s.file, line: s.line, column: s.column, message: `${s.service} ${did(s, row.table)} here` })),
  });
}

const ORM_NAMES: Record<string, string> = { typeorm: "TypeORM", "mikro-orm": "MikroORM", sequelize: "Sequelize", objection: "Objection", prisma: "Prisma", gorm: "GORM", knex: "knex" };

/** ` through TypeORM entity Order (save)`, ` through the knex query builder (update)`, or ` (mapped by its Prisma model Order)` for a mapping alone. */
function through(s: TableStatement): string {
  if (!s.orm) return "";
  const orm = ORM_NAMES[s.orm.orm] ?? s.orm.orm;
  const what = s.orm.orm === "prisma" ? "model" : s.orm.orm === "gorm" ? "struct" : "entity";
  const op = s.statement.replace(/^orm:/, "");
  if (!s.orm.entity) return ` through the ${orm} query builder (${op})`;
  return op === "entity" ? ` (mapped by its ${orm} ${what} ${s.orm.entity})` : ` through ${orm} ${what} ${s.orm.entity} (${op})`;
}

/** `inserts orders`, or `writes orders through TypeORM entity Order (save)`. */
function did(s: TableStatement, table: string): string {
  return s.orm ? `${s.writes ? "writes" : "reads"} ${table}${through(s)}` : `${s.statement}s ${table}`;
}

function share(row: TableRow, foreign: number, rate: number): string {
  return `${foreign} of ${row.statements.length} statements on ${row.table} come from other services (cross-access rate ${pct(rate)}).`;
}

function normalizeOwners(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === "object") for (const [t, s] of Object.entries(v as Record<string, unknown>)) out[normalizeTable(t)] = String(s);
  return out;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const list = (xs: string[]) => (xs.length <= 2 ? xs.join(" and ") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** `archlint tables` output: the table access matrix as JSON or a Markdown table. Pure functions. */

export interface TableMatrixRow {
  table: string;
  database?: string;
  owner?: string;
  /** `config`, `writer`, `contested` (several writers) or `none` (no writer). */
  ownerBasis: string;
  writers: string[];
  readers: string[];
  statements: number;
  /** Share of statements from services other than the owner, 0…1 (0 without an owner). */
  crossAccessRate: number;
  /** One per statement; ORM statements (`orm:save`, `orm:entity`) name the ORM and the entity they go through. */
  accesses: Array<{ service: string; file: string; line: number; column: number; statement: string; reads: boolean; writes: boolean; orm?: string; entity?: string }>;
}

export const tableFormats = ["json", "markdown"] as const;
export type TableFormat = (typeof tableFormats)[number];

export function formatTables(rows: TableMatrixRow[], format: TableFormat): string {
  return format === "json" ? `${JSON.stringify({ tables: rows }, null, 2)}\n` : tablesMarkdown(rows);
}

function tablesMarkdown(rows: TableMatrixRow[]): string {
  if (rows.length === 0) return "No SQL statement or ORM entity in any service's code, schemas or .sql files.\n";
  const lines = [
    "| table | owner | writers | readers | statements | via | cross-access |",
    "|---|---|---|---|---:|---|---:|",
  ];
  for (const r of rows) {
    const table = `\`${r.table.replace(/`/g, "")}\`${r.database ? ` (${esc(r.database)})` : ""}`;
    const owner = r.owner ? `${esc(r.owner)}${r.ownerBasis === "config" ? " (archlint.yaml)" : ""}` : r.ownerBasis === "contested" ? "**none: several writers**" : "—";
    lines.push(`| ${table} | ${owner} | ${list(r.writers)} | ${list(r.readers)} | ${r.statements} | ${via(r)} | ${r.owner ? `${Math.round(r.crossAccessRate * 100)}%` : "—"} |`);
  }
  return `${lines.join("\n")}\n`;
}

const ORM_NAMES: Record<string, string> = { typeorm: "TypeORM", "mikro-orm": "MikroORM", sequelize: "Sequelize", objection: "Objection", prisma: "Prisma", gorm: "GORM", knex: "knex" };

/** Where the statements come from: `SQL`, `TypeORM Order`, `knex` (a query builder has no entity), … */
function via(r: TableMatrixRow): string {
  const out = new Set<string>();
  for (const a of r.accesses) out.add(a.orm ? `${ORM_NAMES[a.orm] ?? a.orm} ${a.entity ?? ""}`.trim() : "SQL");
  return list([...out].sort());
}

const esc = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
const list = (xs: string[]) => (xs.length ? xs.map(esc).join(", ") : "—");

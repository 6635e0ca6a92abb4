// SQL text: queries embedded in code (pg `$1` / mysql `?` placeholders) and migration files.
import { COLUMNS } from './names.mjs';

function columns(rng, n) {
  const cols = new Set(['id']);
  while (cols.size < n) cols.add(rng.pick(COLUMNS));
  return [...cols];
}

/**
 * One query. kind: 'star' (SELECT *), 'count', 'select', 'join', 'insert', 'update', 'delete'.
 * Returns { kind, text, multiline }.
 */
export function query(rng, table, dialect, otherTable) {
  const ph = (i) => (dialect === 'mysql' ? '?' : `$${i}`);
  const r = rng.next();
  const kind = r < 0.07 ? 'star' : r < 0.16 ? 'count' : r < 0.52 ? 'select' : r < 0.62 ? 'join'
    : r < 0.78 ? 'insert' : r < 0.93 ? 'update' : 'delete';
  const cols = columns(rng, rng.int(2, 7));
  switch (kind) {
    case 'star':
      return { kind, text: `SELECT * FROM ${table} WHERE tenant_id = ${ph(1)} AND status = ${ph(2)}`, multiline: false };
    case 'count':
      return { kind, text: `SELECT COUNT(*) FROM ${table} WHERE tenant_id = ${ph(1)}`, multiline: false };
    case 'select':
      return rng.chance(0.5)
        ? { kind, text: `SELECT ${cols.join(', ')}\n  FROM ${table}\n  WHERE id = ${ph(1)}\n  LIMIT 1`, multiline: true }
        : { kind, text: `SELECT ${cols.join(', ')} FROM ${table} WHERE tenant_id = ${ph(1)} ORDER BY created_at DESC LIMIT ${ph(2)}`, multiline: false };
    case 'join':
      return { kind, multiline: true, text:
        `SELECT a.id, a.status, b.quantity, b.sku\n  FROM ${table} a\n  JOIN ${otherTable} b ON b.parent_id = a.id\n  WHERE a.tenant_id = ${ph(1)}\n  ORDER BY a.created_at DESC` };
    case 'insert': {
      const vals = cols.map((_, i) => ph(i + 1)).join(', ');
      const ret = dialect === 'mysql' ? '' : '\n  RETURNING id';
      return { kind, text: `INSERT INTO ${table} (${cols.join(', ')})\n  VALUES (${vals})${ret}`, multiline: true };
    }
    case 'update':
      return { kind, text: `UPDATE ${table} SET status = ${ph(1)}, updated_at = NOW() WHERE id = ${ph(2)}`, multiline: false };
    default:
      return { kind, text: `DELETE FROM ${table} WHERE id = ${ph(1)} AND tenant_id = ${ph(2)}`, multiline: false };
  }
}

/** A migration file for a table. */
export function migration(rng, table, dialect, step) {
  const id = dialect === 'mysql' ? 'BIGINT AUTO_INCREMENT PRIMARY KEY' : 'BIGSERIAL PRIMARY KEY';
  const ts = dialect === 'mysql' ? 'DATETIME' : 'TIMESTAMPTZ';
  const lines = [`-- migration ${String(step).padStart(4, '0')}: ${table}`, `CREATE TABLE IF NOT EXISTS ${table} (`, `  id ${id},`];
  const cols = [...new Set(['tenant_id', ...columns(rng, rng.int(5, 12))])].filter((c) => c !== 'id');
  for (const c of cols) {
    const type = c.endsWith('_at') ? ts : c.endsWith('_cents') || c === 'quantity' || c === 'version' ? 'BIGINT' : c === 'payload' ? (dialect === 'mysql' ? 'JSON' : 'JSONB') : 'VARCHAR(255)';
    lines.push(`  ${c} ${type}${c === 'tenant_id' ? ' NOT NULL' : ''},`);
  }
  lines.push(`  parent_id BIGINT`, ');', '');
  lines.push(`CREATE INDEX idx_${table}_tenant ON ${table} (tenant_id);`);
  if (rng.chance(0.4)) lines.push(`ALTER TABLE ${table} ADD COLUMN notes TEXT;`);
  if (rng.chance(0.3)) lines.push(`INSERT INTO ${table} (tenant_id, status) SELECT tenant_id, 'migrated' FROM ${table}_legacy;`);
  if (rng.chance(0.15)) lines.push(`CREATE VIEW ${table}_all AS SELECT * FROM ${table};`);
  lines.push('');
  return lines.join('\n');
}

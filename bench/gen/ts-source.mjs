// The text of one TS/JS source file of a Node service. TS-only syntax is written «like this» and
// dropped for .js files.
import { posix } from 'node:path';
import { query } from './sql.mjs';
import { envName, pascal, camel, NOUNS, VERBS } from './names.mjs';

const FIXED_NAMES = { config: 'config', logger: 'logger', db: 'pool' };
export const exportName = (f) => FIXED_NAMES[f.role] ?? f.ident;

function specifier(from, to, style) {
  let rel = posix.relative(posix.dirname(from.path), to.path);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (to.lang === 'ts') rel = style === 'js' ? rel.replace(/\.ts$/, '.js') : rel.replace(/\.ts$/, '');
  return rel;
}

const EXTERNAL = {
  entry: () => ["import express from 'express';"],
  handler: () => ["import { Router } from 'express';"],
  test: () => ["import { describe, it, expect } from 'vitest';"],
  db: (svc) => [svc.db === 'mysql' ? "import mysql from 'mysql2/promise';" : "import { Pool } from 'pg';"],
};

export function renderTs(rng, svc, file, shop) {
  const ts = file.lang === 'ts';
  const ctx = { rng, svc, file, shop, ts, pre: [], calls: file.imports.filter((t) => !FIXED_NAMES[t.role]).map(exportName), k: 0,
    T: pascal(rng.pick(NOUNS), rng.pick(['record', 'row', 'dto', 'input', 'view'])) };
  ctx.call = () => (ctx.calls.length ? ctx.calls[ctx.k++ % ctx.calls.length] : null);
  const head = [`// ${svc.name}: ${file.role} module`];
  if (rng.chance(0.5)) head.push(`// Owner: team-${svc.name.split('-')[0]}. Keep this module free of HTTP concerns.`);
  head.push(...(EXTERNAL[file.role]?.(svc) ?? []));
  if (file.role === 'client' && (ctx.axios = rng.chance(0.5))) head.push("import axios from 'axios';");
  for (const t of file.imports) head.push(`import { ${exportName(t)} } from '${specifier(file, t, svc.importStyle)}';`);
  const body = [...(PRIMARY[file.role] ?? primaryFn)(ctx), ''];
  const target = 40 + Math.floor(175 * rng.next() ** 1.6); // blocks are < 30 lines: files stay within 40-250
  const fillers = FILLERS[file.role] ?? (ts ? [genericFn, genericFn, typeBlock, messagesBlock, constBlock, classBlock] : [jsUtil, jsUtil, messagesBlock, classBlock]);
  const count = () => head.length + ctx.pre.length + body.length;
  while (count() < target) body.push(...rng.pick(fillers)(ctx).join('\n').split('\n'), '');
  const text = [...head, '', ...ctx.pre, ...(ctx.pre.length ? [''] : []), ...body].join('\n');
  return ts ? text.replace(/[«»]/g, '') : text.replace(/«[^»]*»/g, '');
}

const word = (rng) => rng.pick(NOUNS);
const fnName = (ctx, verb = ctx.rng.pick(VERBS)) => camel(verb, word(ctx.rng), String(ctx.file.index), String(ctx.k++));

function primaryFn(ctx) {
  if (ctx.file.role === 'model') return [...typeBlock(ctx, ctx.T), '', ...genericFn(ctx, ctx.file.ident)];
  return ctx.ts ? genericFn(ctx, ctx.file.ident) : jsUtil(ctx, ctx.file.ident);
}

function classBlock(ctx) {
  const { rng } = ctx;
  const C = pascal(word(rng), rng.pick(['cache', 'queue', 'tracker']), String(ctx.k++));
  const c = ctx.call();
  return [`export class ${C} {`, `  «private readonly »entries = new Map«<string, { value: unknown; expires: number }>»();`, '',
    `  constructor(«private readonly »ttlMs«: number» = ${rng.pick([1000, 30_000, 60_000])}) {${ctx.ts ? '' : '\n    this.ttlMs = ttlMs;\n  '}}`, '',
    '  get(key«: string»)«: unknown» {', '    const hit = this.entries.get(key);', '    if (!hit || hit.expires < Date.now()) {',
    '      this.entries.delete(key);', '      return undefined;', '    }', '    return hit.value;', '  }', '',
    '  set(key«: string», value«: unknown»)«: void» {', '    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });', '  }', '',
    `  async load(key«: string»)«: Promise<unknown>» {`, '    const cached = this.get(key);', '    if (cached !== undefined) return cached;',
    `    const value = ${c ? `await ${c}({ id: key }« as never»)` : 'null'};`, '    this.set(key, value);', '    return value;', '  }', '}'];
}

function typeBlock(ctx, name = pascal(word(ctx.rng), 'shape', String(ctx.k++))) {
  const { rng } = ctx;
  const out = [`export interface ${name} {`, '  id: string;', '  tenantId: string;'];
  for (let i = rng.int(2, 8); i > 0; i--) out.push(`  ${camel(word(rng), rng.pick(['id', 'count', 'label', 'at']))}${i}${rng.chance(0.3) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', 'Date'])};`);
  out.push(`  status: '${rng.pick(['pending', 'active'])}' | '${rng.pick(['closed', 'failed', 'done'])}';`, '}');
  return out;
}

function genericFn(ctx, name = fnName(ctx)) {
  const { rng } = ctx;
  const c1 = ctx.call(), c2 = rng.chance(0.5) ? ctx.call() : null, noun = word(rng);
  const out = [`export async function ${name}(input«: Record<string, unknown>», options«: { dryRun?: boolean }» = {})«: Promise<Record<string, unknown>>» {`,
    '  const started = Date.now();', `  if (!input || typeof input.id !== 'string') {`, `    throw new Error('${noun} id is required');`, '  }'];
  if (c1) out.push(`  const first = await ${c1}(input« as never»);`);
  if (c2) out.push(`  const second = await ${c2}({ ...input, source: '${ctx.svc.name}' }« as never»);`);
  if (rng.chance(0.6)) out.push(`  for (const key of Object.keys(input)) {`, `    if (key.startsWith('_')) {`, '      delete input[key];', '    }', '  }');
  out.push(`  logger.debug('${rng.pick(VERBS)} ${noun}', { id: input.id, ms: Date.now() - started });`,
    '  if (options.dryRun) {', '    return input;', '  }',
    `  return { ...input${c1 ? ', first' : ''}${c2 ? ', second' : ''} };`, '}');
  return ctx.file.role === 'logger' ? out.map((l) => l.replace(/logger\.debug/, 'console.debug')) : out;
}

function jsUtil(ctx, name = fnName(ctx, 'group')) {
  const { rng } = ctx;
  const c = ctx.call();
  return [`export function ${name}(items, key = '${rng.pick(['id', 'tenantId', 'status'])}') {`, '  const out = new Map();',
    '  for (const item of items ?? []) {', '    const k = item?.[key];', '    if (k === undefined) continue;',
    '    const list = out.get(k) ?? [];', '    list.push(item);', '    out.set(k, list);', '  }',
    ...(c ? [`  return ${c}([...out.values()].flat(), key);`] : ['  return [...out.values()];']), '}'];
}

function messagesBlock(ctx) {
  const { rng } = ctx;
  const noun = word(rng), log = ctx.file.role === 'logger' ? 'console' : 'logger';
  return [`export function ${fnName(ctx, 'describe')}(count«: number»)«: string[]» {`, '  const msgs«: string[]» = [];',
    '  if (count === 0) {', `    msgs.push('Please select at least one ${noun}');`, '  } else {',
    `    msgs.push(\`Selected \${count} ${noun}s\`);`, '  }',
    `  ${log}.info(${rng.chance(0.5) ? `'user did not select a ${word(rng)}'` : '`select returned ${count} rows`'}, { count });`,
    ...(rng.chance(0.1) ? ["  msgs.push('Tip: select * in the list to pick every row');"] : []), '  return msgs;', '}'];
}

function constBlock(ctx) {
  const { rng } = ctx;
  const name = `${word(rng).toUpperCase()}_${rng.pick(['LIMITS', 'DEFAULTS', 'FLAGS'])}_${ctx.k++}`;
  const out = [`export const ${name} = {`];
  for (let i = rng.int(3, 7); i > 0; i--) out.push(`  ${camel(word(rng), 'max')}${i}: ${rng.int(1, 500)},`);
  out.push('} as const;');
  return ctx.ts ? out : out.map((l) => l.replace(' as const', ''));
}

function repoBlock(ctx) {
  const { rng, svc } = ctx;
  const own = svc.tables;
  let table = rng.pick(own);
  if (rng.chance(0.03)) table = rng.pick(rng.pick(ctx.shop).tables); // another service's table
  const q = query(rng, table, svc.db, rng.pick(own));
  const name = fnName(ctx, { star: 'list', count: 'count', select: 'find', join: 'list', insert: 'insert', update: 'update', delete: 'remove' }[q.kind]);
  const nArgs = (q.text.match(/\$\d|\?/g) ?? []).length;
  const args = Array.from({ length: nArgs }, (_, i) => `arg${i}`);
  let sqlExpr;
  if (rng.chance(0.2)) { // hoisted constant
    const constName = `${name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}_SQL`;
    ctx.pre.push(`const ${constName} = \`${q.text}\`;`);
    sqlExpr = constName;
  } else if (!q.multiline && rng.chance(0.5)) sqlExpr = `'${q.text}'`;
  else if (rng.chance(0.1)) {
    const tc = `TABLE_${table.toUpperCase()}`;
    ctx.pre.includes(`const ${tc} = '${table}';`) || ctx.pre.push(`const ${tc} = '${table}';`);
    sqlExpr = `\`${q.text.split(table).join(`\${${tc}}`)}\``;
  } else sqlExpr = `\`${q.text}\``;
  const sig = `export async function ${name}(${args.map((a) => `${a}«: unknown»`).join(', ')})«: Promise<unknown>» {`;
  const call = svc.db === 'mysql'
    ? [`  const [rows] = await pool.${rng.chance(0.5) ? 'execute' : 'query'}(`, `    ${sqlExpr.replace(/\n/g, '\n    ')},`, `    [${args.join(', ')}],`, '  );']
    : [`  const { rows } = await pool.query(`, `    ${sqlExpr.replace(/\n/g, '\n    ')},`, `    [${args.join(', ')}],`, '  );'];
  const c = rng.chance(0.5) ? ctx.call() : null;
  const ret = q.kind === 'count' ? ['  return Number((rows« as any[]»)[0]?.count ?? 0);'] : [c ? `  return ${c}(rows« as never»);` : '  return rows;'];
  return [sig, ...call.join('\n').split('\n'), ...(rng.chance(0.3) ? [`  logger.debug('query ${name} done');`] : []), ...ret, '}'];
}

function clientBlock(ctx) {
  const { rng, svc, file } = ctx;
  const dep = file.path.match(/clients\/(.+?)-client/)?.[1] ?? rng.pick(svc.deps) ?? 'upstream';
  const env = envName(dep, 'URL');
  const base = `${dep.replace(/-/g, '_').toUpperCase()}_URL`;
  const decl = rng.chance(0.03) ? `const ${base} = 'http://10.12.${rng.int(0, 9)}.${rng.int(2, 250)}:8080';`
    : `const ${base} = process.env.${env}${rng.chance(0.6) ? ` ?? 'http://${dep}:8080'` : ''};`;
  if (!ctx.pre.some((l) => l.startsWith(`const ${base} =`))) ctx.pre.push(decl);
  const noun = word(rng), name = fnName(ctx, rng.pick(['get', 'post', 'fetch']));
  const timeout = rng.chance(0.7);
  if (ctx.axios) {
    const url = `\`\${${base}}/v1/${noun}s/\${id}\``;
    return [`export async function ${name}(id«: string», body«: unknown» = {})«: Promise<unknown>» {`,
      `  const res = await axios.${rng.chance(0.5) ? 'get(' + url : 'post(' + url + ', body'}${timeout ? `, { timeout: ${rng.pick([500, 1500, 3000])} }` : ''});`,
      `  logger.info('${dep} ${noun} call done', { status: res.status });`, '  return res.data;', '}'];
  }
  return [`export async function ${name}(id«: string»)«: Promise<unknown>» {`,
    `  const res = await fetch(\`\${${base}}/v1/${noun}s/\${encodeURIComponent(id)}\`, {`,
    "    headers: { 'content-type': 'application/json' },", ...(timeout ? [`    signal: AbortSignal.timeout(${rng.pick([800, 2000, 5000])}),`] : []), '  });',
    '  if (!res.ok) {', `    throw new Error(\`${dep} responded \${res.status}\`);`, '  }', '  return res.json();', '}'];
}

function routeBlock(ctx) {
  const { rng, file } = ctx;
  const noun = word(rng), c = ctx.call();
  return [`${file.ident}.${rng.pick(['get', 'post', 'put', 'delete'])}('/v1/${noun}s/:id', async (req, res) => {`,
    '  try {', `    const item = await ${c ?? 'Promise.resolve'}({ id: req.params.id, ...req.body });`,
    '    if (!item) {', `      res.status(404).json({ error: '${noun} not found' });`, '      return;', '    }', '    res.json(item);',
    '  } catch (err) {', `    logger.error('${noun} route failed', { err: String(err) });`, "    res.status(500).json({ error: 'internal' });", '  }', '});'];
}

function testBlock(ctx) {
  const c = ctx.call() ?? 'Promise.resolve';
  const noun = word(ctx.rng);
  return [`describe('${c} ${noun}', () => {`, `  it('handles a ${noun}', async () => {`,
    `    const result = await ${c}({ id: '${noun}-${ctx.k++}', tenantId: 't1' }« as never»);`, '    expect(result).toBeDefined();', '  });',
    `  it('rejects an empty ${noun}', async () => {`, `    await expect(${c}(«undefined as never»)).rejects.toThrow();`, '  });', '});'];
}

const PRIMARY = {
  entry: (ctx) => {
    const { file } = ctx;
    const handlers = file.imports.filter((t) => t.role === 'handler').map(exportName);
    const jobs = file.imports.filter((t) => t.role === 'job').map(exportName);
    const hasDb = file.imports.some((t) => t.role === 'db');
    return ['const app = express();', 'app.use(express.json());', '', "app.get('/healthz', (_req, res) => {", "  res.send('ok');", '});',
      "app.get('/readyz', async (_req, res) => {", ...(hasDb ? ["  await pool.query('SELECT 1');"] : []), "  res.send('ready');", '});',
      ...handlers.map((h) => `app.use(${h});`), '',
      'const server = app.listen(config.port, () => {', '  logger.info(`listening on ${config.port}`);', '});',
      ...jobs.map((j) => `void ${j}({ id: 'boot' });`), '',
      "process.on('SIGTERM', () => {", "  logger.info('shutting down');", '  server.close(() => process.exit(0));', '});'];
  },
  config: (ctx) => {
    const { svc, rng } = ctx;
    return ['export const config = {', '  port: Number(process.env.PORT ?? 8080),', "  logLevel: process.env.LOG_LEVEL ?? 'info',",
      ...(svc.db ? ["  databaseUrl: process.env.DATABASE_URL ?? '',"] : []),
      ...svc.deps.map((d) => `  ${camel(...d.split('-'))}Url: process.env.${envName(d, 'URL')}${rng.chance(0.5) ? ` ?? 'http://${d}:8080'` : ''},`),
      `  featureFlags: (process.env.FEATURE_FLAGS ?? '').split(','),`, '};'];
  },
  logger: () => ["const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };", "const threshold = LEVELS[process.env.LOG_LEVEL ?? 'info'] ?? 20;", '',
    'function write(level, msg, fields) {', '  if (LEVELS[level] < threshold) return;',
    '  console.log(JSON.stringify({ level, msg, ...fields, time: new Date().toISOString() }));', '}', '',
    'export const logger = {', "  debug: (msg, fields = {}) => write('debug', msg, fields),", "  info: (msg, fields = {}) => write('info', msg, fields),",
    "  warn: (msg, fields = {}) => write('warn', msg, fields),", "  error: (msg, fields = {}) => write('error', msg, fields),", '};'],
  db: (ctx) => (ctx.svc.db === 'mysql'
    ? ['export const pool = mysql.createPool({', '  uri: config.databaseUrl,', '  connectionLimit: 10,', '  waitForConnections: true,', '});']
    : ['export const pool = new Pool({', '  connectionString: config.databaseUrl,', '  max: 10,', '  idleTimeoutMillis: 30_000,', '  statement_timeout: 5_000,', '});']),
  repository: (ctx) => repoBlock(ctx),
  client: (ctx) => clientBlock(ctx),
  handler: (ctx) => [`export const ${ctx.file.ident} = Router();`, '', ...routeBlock(ctx)],
  test: (ctx) => testBlock(ctx),
};

const FILLERS = {
  repository: [repoBlock, repoBlock, repoBlock, typeBlock],
  client: [clientBlock, clientBlock, typeBlock],
  handler: [routeBlock, routeBlock, messagesBlock],
  test: [testBlock],
  db: [genericFn], config: [constBlock], entry: [genericFn, messagesBlock],
};

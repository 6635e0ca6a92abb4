// generateMonorepo(outDir, opts): writes a deterministic polyglot monorepo for the benchmark.
// CLI: node bench/generate.mjs <outDir> [--services 60] [--ts-files 5000] [--go-files 500] [--seed 1]
import { mkdirSync, writeFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng, hash } from './gen/prng.mjs';
import { planShop } from './gen/plan.mjs';
import { renderTs } from './gen/ts-source.mjs';
import { renderGo } from './gen/go-source.mjs';
import { migration } from './gen/sql.mjs';
import * as m from './gen/manifests.mjs';

export const MARKER = '.bench-monorepo.json';

/** A hash of the generator's own source: a repo made by other code is stale. */
export function generatorVersion() {
  const here = dirname(fileURLToPath(import.meta.url));
  const files = [join(here, 'generate.mjs'), ...readdirSync(join(here, 'gen')).sort().map((f) => join(here, 'gen', f))];
  return hash(files.map((f) => readFileSync(f, 'utf8')).join('\0')).toString(16);
}

export function generateMonorepo(outDir, { services = 60, tsFiles = 5000, goFiles = 500, seed = 1 } = {}) {
  const root = resolve(outDir);
  clearOutDir(root);
  const rng = createRng(seed);
  const shop = planShop(rng.fork('plan'), { services, tsFiles, goFiles });
  const stats = { files: 0, bytes: 0, lines: 0, ts: 0, js: 0, go: 0 };
  const made = new Set();
  const write = (rel, text) => {
    const abs = join(root, rel);
    const dir = dirname(abs);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    writeFileSync(abs, text);
    stats.files++; stats.bytes += Buffer.byteLength(text); stats.lines += text.split('\n').length;
    const ext = rel.match(/\.(ts|js|go)$/)?.[1];
    if (ext) stats[ext]++;
  };

  for (const [rel, text] of Object.entries(m.rootFiles(shop))) write(rel, text);
  write('docker-compose.yml', m.compose(shop));
  for (const svc of shop) {
    const base = `services/${svc.name}`;
    const r = rng.fork(svc.name);
    write(`${base}/Dockerfile`, m.dockerfile(svc));
    for (const [name, text] of Object.entries(m.k8s(r, svc))) write(`${base}/k8s/${name}`, text);
    if (svc.db) svc.tables.forEach((t, i) => write(`${base}/migrations/${String(i + 1).padStart(4, '0')}_create_${t}.sql`, migration(r, t, svc.db, i + 1)));
    if (svc.grpc) write(`proto/${svc.name}/v1/${svc.name.replace(/-/g, '_')}.proto`, m.proto(r, svc));
    if (svc.lang === 'ts') {
      write(`${base}/package.json`, m.packageJson(svc));
      write(`${base}/tsconfig.json`, m.tsconfig(svc));
      for (const f of svc.files) write(`${base}/${f.path}`, renderTs(rng.fork(`${svc.name}/${f.path}`), svc, f, shop));
    } else {
      write(`${base}/go.mod`, m.goMod(svc));
      const pkgIdent = {};
      for (const f of svc.files) if (f.role !== 'test' && f.role !== 'generated' && f.role !== 'entry') pkgIdent[f.pkg] ??= f.ident;
      for (const f of svc.files) {
        f.goImports = f.goImports.filter((p) => pkgIdent[p]);
        write(`${base}/${f.path}`, renderGo(rng.fork(`${svc.name}/${f.path}`), svc, f, pkgIdent));
      }
    }
  }
  if (stats.ts + stats.js !== tsFiles || stats.go !== goFiles) {
    throw new Error(`generator bug: wrote ${stats.ts + stats.js} TS/JS and ${stats.go} Go files, wanted ${tsFiles} and ${goFiles}`);
  }
  const summary = { params: { services, tsFiles, goFiles, seed }, generator: generatorVersion(), ...stats };
  writeFileSync(join(root, MARKER), JSON.stringify(summary, null, 2) + '\n');
  return { dir: root, ...summary };
}

/** Empty outDir, but only if it is empty or was made by this generator. */
function clearOutDir(root) {
  if (!existsSync(root)) return;
  if (existsSync(join(root, MARKER))) rmSync(root, { recursive: true, force: true });
  else if (readdirSync(root).length > 0) throw new Error(`${root} is not empty and was not made by bench/generate.mjs; refusing to overwrite it`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: {
    services: { type: 'string' }, 'ts-files': { type: 'string' }, 'go-files': { type: 'string' }, seed: { type: 'string' } } });
  if (positionals.length !== 1) {
    console.error('usage: node bench/generate.mjs <outDir> [--services N] [--ts-files N] [--go-files N] [--seed N]');
    process.exit(2);
  }
  const num = (v, d) => (v === undefined ? d : Number.parseInt(v, 10));
  const t0 = performance.now();
  let r;
  try {
    r = generateMonorepo(positionals[0], { services: num(values.services, 60), tsFiles: num(values['ts-files'], 5000),
      goFiles: num(values['go-files'], 500), seed: num(values.seed, 1) });
  } catch (err) {
    console.error(`generate: ${err.message}`);
    process.exit(1);
  }
  console.log(`${r.dir}: ${r.files} files (${r.ts} .ts, ${r.js} .js, ${r.go} .go), ${r.lines} lines, ${(r.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}

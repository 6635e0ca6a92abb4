// npm run bench: generate a large polyglot monorepo (once), then time archlint and its peers on it.
// The repo is regenerated when missing, when its size options or the generator's code changed, or with --regen.
// Options: --dir <path> (default: <os tmpdir>/archlint-bench/monorepo), --runs <n> (3), --regen,
//          --only read,archlint,depcruise, --services/--ts-files/--go-files/--seed (repo size).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { generateMonorepo, generatorVersion, MARKER } from './generate.mjs';
import { measure } from './lib/measure.mjs';
import { TOOLS } from './lib/tools.mjs';
import { markdown } from './lib/table.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: {
  dir: { type: 'string' }, runs: { type: 'string', default: '3' }, regen: { type: 'boolean', default: false },
  only: { type: 'string' }, services: { type: 'string', default: '60' }, 'ts-files': { type: 'string', default: '5000' },
  'go-files': { type: 'string', default: '500' }, seed: { type: 'string', default: '1' } } });
const int = (s) => Number.parseInt(s, 10);
const params = { services: int(opt.services), tsFiles: int(opt['ts-files']), goFiles: int(opt['go-files']), seed: int(opt.seed) };
const runs = Math.max(1, int(opt.runs));
const benchTmp = join(os.tmpdir(), 'archlint-bench');
const dir = resolve(opt.dir ?? join(benchTmp, 'monorepo'));
const log = (msg) => process.stderr.write(`${msg}\n`);

const inside = relative(repoRoot, dir);
if (!inside.startsWith('..') && !isAbsolute(inside)) {
  log(`note: ${dir} is inside the archlint repo; archlint will see it through this repo's git, not as a plain folder`);
}

// 1. the repo under test
let repo = existsSync(join(dir, MARKER)) ? JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) : null;
if (opt.regen || !repo || JSON.stringify(repo.params) !== JSON.stringify(params) || repo.generator !== generatorVersion()) {
  const t0 = performance.now();
  repo = generateMonorepo(dir, params);
  log(`generated ${dir}: ${repo.files} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  log(`using ${dir} (${repo.files} files; --regen to rebuild)`);
}
repo.dir = dir;

// 2. the tools
const work = join(benchTmp, 'work');
mkdirSync(work, { recursive: true });
const ctx = { repoRoot, dir, work, expected: repo.params };
const unknown = (opt.only?.split(',') ?? []).filter((id) => !TOOLS.some((t) => t.id === id));
if (unknown.length) {
  log(`unknown tool ${unknown.join(', ')}; known: ${TOOLS.map((t) => t.id).join(', ')}`);
  process.exit(2);
}
const selected = opt.only ? TOOLS.filter((t) => opt.only.split(',').includes(t.id)) : TOOLS;
const results = [];
for (const tool of selected) {
  const skipped = tool.skip(ctx);
  if (skipped) { log(`${tool.id}: ${skipped}`); results.push({ tool: tool.name, skipped }); continue; }
  const one = { tool: tool.name, ok: true, runsWallS: [], runsPeakRssMB: [], runsCpuS: [], notes: '', data: null };
  for (let i = 1; i <= runs && one.ok; i++) {
    const { cmd, args, cwd } = tool.command(ctx);
    one.command = [cmd, ...args].join(' ');
    let r;
    try { r = await measure(cmd, args, { cwd }); } catch (e) { r = { code: null, signal: null, stdout: '', stderr: String(e), wallS: 0, peakRssMB: null, cpuS: null }; }
    const seen = tool.inspect(r, ctx);
    Object.assign(one, { ok: seen.ok, notes: seen.notes, data: seen.data ?? null });
    one.runsWallS.push(r.wallS); one.runsPeakRssMB.push(r.peakRssMB); one.runsCpuS.push(r.cpuS);
    log(`${tool.id} run ${i}/${runs}: ${r.wallS.toFixed(2)} s, ${r.peakRssMB?.toFixed(0) ?? '?'} MB${seen.ok ? '' : ` FAILED: ${seen.notes}`}`);
  }
  results.push({ ...one, wallMedianS: median(one.runsWallS),
    peakRssMB: one.runsPeakRssMB.includes(null) ? null : Math.max(...one.runsPeakRssMB), cpuS: median(one.runsCpuS) });
}

// 3. the report
const machine = { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model?.trim() ?? 'unknown', memGB: os.totalmem() / 2 ** 30,
  platform: `${os.platform()} ${os.arch()}`, node: process.version, loadavg: os.loadavg() };
const report = { date: new Date().toISOString(), machine, repo, runs, results };
console.log(markdown(report));
mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
writeFileSync(join(repoRoot, 'bench/out/results.json'), JSON.stringify(report, null, 2) + '\n');
log(`\nwrote ${join(repoRoot, 'bench/out/results.json')}`);
process.exitCode = results.some((r) => !r.skipped && !r.ok) ? 1 : 0;

function median(list) {
  if (list.includes(null) || !list.length) return null;
  const s = [...list].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

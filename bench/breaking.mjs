// Times `archlint breaking` against `buf breaking` on one large generated schema pair (hundreds of
// files, tens of thousands of lines, hundreds of changes), with wall time and peak RSS measured the
// same way for both (bench/lib/measure.mjs), and checks that both report the same findings.
//   node bench/breaking.mjs [--files 300] [--messages 20] [--mutations 400] [--runs 3] [--seed 7] [--category FILE]
// Needs `npm run build` first. Writes bench/out/breaking.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { generatePair } from './gen/proto-pairs.mjs';
import { bufBinary, findingKey, writeTree } from './lib/breaking-diff.mjs';
import { measure } from './lib/measure.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: {
  files: { type: 'string', default: '300' }, messages: { type: 'string', default: '20' }, mutations: { type: 'string', default: '400' },
  runs: { type: 'string', default: '3' }, seed: { type: 'string', default: '7' }, category: { type: 'string', default: 'FILE' } } });
const log = (m) => process.stderr.write(`${m}\n`);

const dir = join(os.tmpdir(), 'archlint-bench', 'breaking');
rmSync(dir, { recursive: true, force: true });
const t0 = performance.now();
const pair = generatePair(Number(opt.seed), { files: Number(opt.files), messagesPerFile: Number(opt.messages), mutations: Number(opt.mutations) });
const yaml = `version: v2\nbreaking:\n  use:\n    - ${opt.category}\n`;
writeTree(join(dir, 'old'), [...pair.old, ['buf.yaml', yaml]]);
writeTree(join(dir, 'new'), [...pair.new, ['buf.yaml', yaml]]);
const lines = [...pair.new.values()].reduce((n, t) => n + t.split('\n').length - 1, 0);
const oldLines = [...pair.old.values()].reduce((n, t) => n + t.split('\n').length - 1, 0);
log(`generated ${pair.old.size} → ${pair.new.size} files, ${oldLines} → ${lines} lines, ${pair.applied.length} changes in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);

const tools = [
  { name: 'archlint breaking', cmd: process.execPath, args: [join(repoRoot, 'bin/archlint.js'), 'breaking', '.', '--against', '../old', '--format', 'buf-json'] },
  { name: 'buf breaking 1.75 (binary)', cmd: bufBinary(), args: ['breaking', '.', '--against', '../old', '--error-format', 'json'] },
];
const results = [];
const outputs = [];
for (const t of tools) {
  if (!t.cmd) {
    log(`${t.name}: not installed`);
    continue;
  }
  const runs = [];
  let last;
  for (let i = 0; i < Number(opt.runs); i++) {
    last = await measure(t.cmd, t.args, { cwd: join(dir, 'new'), maxOutput: 1 << 28 });
    runs.push(last);
    log(`${t.name} run ${i + 1}: ${last.wallS.toFixed(2)} s, ${last.peakRssMB?.toFixed(0)} MB, exit ${last.code}`);
  }
  const findings = last.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  outputs.push(findings);
  const wall = runs.map((r) => r.wallS).sort((a, b) => a - b);
  results.push({ tool: t.name, wallMedianS: wall[Math.floor(wall.length / 2)], peakRssMB: Math.max(...runs.map((r) => r.peakRssMB ?? 0)), cpuS: runs.map((r) => r.cpuS)[Math.floor(runs.length / 2)], findings: findings.length, exit: last.code });
}
let same = null;
if (outputs.length === 2) {
  const a = new Set(outputs[0].map(findingKey));
  const b = new Set(outputs[1].map(findingKey));
  same = a.size === b.size && [...a].every((k) => b.has(k));
}
const out = ['| tool | median wall s | peak RSS MB | CPU s | findings |', '| --- | ---: | ---: | ---: | ---: |'];
for (const r of results) out.push(`| ${r.tool} | ${r.wallMedianS.toFixed(2)} | ${r.peakRssMB.toFixed(0)} | ${r.cpuS?.toFixed(2) ?? '?'} | ${r.findings} |`);
if (results.length === 2) {
  const [a, b] = results;
  out.push('', `archlint: ${(b.wallMedianS / a.wallMedianS).toFixed(1)}× faster, ${(100 * a.peakRssMB / b.peakRssMB).toFixed(0)}% of buf's peak memory; same (rule, path, line, column) set: ${same ? 'yes' : 'NO'}`);
}
out.push('', `pair: ${pair.new.size} files, ${lines} lines (old ${oldLines}), ${pair.applied.length} changes, category ${opt.category}; ${os.availableParallelism()} cores, node ${process.version}`);
console.log(out.join('\n'));
mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
writeFileSync(join(repoRoot, 'bench/out/breaking.json'), `${JSON.stringify({ date: new Date().toISOString(), files: pair.new.size, lines, changes: pair.applied.length, results, same }, null, 2)}\n`);
process.exitCode = same === false ? 1 : 0;
void readFileSync;

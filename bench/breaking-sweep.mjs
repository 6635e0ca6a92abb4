// The larger differential sweep (npm test runs a fixed handful of seeds): many generated pairs under
// each breaking category, buf vs archlint, (rule id, path, line, column) compared.
//   node bench/breaking-sweep.mjs [--seeds 200] [--start 1000] [--mutations 15] [--files 5] [--keep] [--json per-seed.json]
// Needs `npm run build` first. Exits 1 on any difference; prints rule coverage.
import { parseArgs } from 'node:util';
import { diffPair } from './lib/breaking-diff.mjs';

const { values: opt } = parseArgs({ options: {
  seeds: { type: 'string', default: '200' }, start: { type: 'string', default: '1000' }, mutations: { type: 'string', default: '15' },
  files: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false }, json: { type: 'string' } } });
const cats = ['FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'];
const seen = new Map();
const perSeed = [];
let bad = 0;
const t0 = performance.now();
for (let i = 0; i < Number(opt.seeds); i++) {
  const seed = Number(opt.start) + i;
  const category = cats[i % cats.length];
  const r = await diffPair(seed, { category, mutations: Number(opt.mutations), files: Number(opt.files), keep: opt.keep });
  for (const f of r.buf) seen.set(f.type, (seen.get(f.type) ?? 0) + 1);
  perSeed.push({ seed, category, rules: [...new Set(r.buf.map((f) => f.type))].sort() });
  if (r.onlyBuf.length || r.onlyOurs.length) {
    bad++;
    console.log(`seed ${seed} ${category}: ${r.onlyBuf.length} only in buf, ${r.onlyOurs.length} only in archlint${r.dir ? ` (${r.dir})` : ''}`);
    for (const k of r.onlyBuf) console.log(`  buf only:      ${k}`);
    for (const k of r.onlyOurs) console.log(`  archlint only: ${k}`);
    console.log(`  mutations: ${r.applied.join('; ')}`);
  }
}
console.log(`\n${opt.seeds} pairs, ${bad} with differences, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`rules buf reported (${seen.size}): ${[...seen].sort().map(([k, n]) => `${k}×${n}`).join(' ')}`);
if (opt.json) (await import('node:fs')).writeFileSync(opt.json, JSON.stringify(perSeed, null, 1));
process.exitCode = bad ? 1 : 0;

// Differential harness: writes a generated old/new pair to a temp folder, runs `buf breaking` (the
// npm binary, called directly) and archlint's breaking engine (from dist/) on it, and compares the
// (rule id, path, line, column) sets. Used by test/breaking-diff.test.ts and bench/breaking-sweep.mjs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generatePair } from '../gen/proto-pairs.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The buf binary shipped by @bufbuild/buf (skipping the node shim, ~1 s per call). */
export function bufBinary() {
  const require = createRequire(join(repoRoot, 'package.json'));
  const pkg = `@bufbuild/buf-${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`;
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', process.platform === 'win32' ? 'buf.exe' : 'buf');
  } catch {
    return null;
  }
}

export function writeTree(root, files) {
  for (const [p, text] of files) {
    const f = join(root, p);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, text);
  }
}

/** Runs buf in `newDir` against `oldDir`; returns its JSON findings. */
export function runBuf(newDir, oldDir) {
  const r = spawnSync(bufBinary(), ['breaking', '.', '--against', oldDir, '--error-format', 'json'], { cwd: newDir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 100) throw new Error(`buf failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function runOurs(newDir, oldDir) {
  const { runBreaking } = await import(join(repoRoot, 'dist/proto/breaking.js'));
  const { dirSource } = await import(join(repoRoot, 'dist/proto/load/index.js'));
  const out = await runBreaking(dirSource(newDir), dirSource(oldDir));
  if (out.compile.length) return out.compile.map((c) => ({ path: c.path, start_line: c.line, start_column: c.col, type: 'COMPILE', message: c.message }));
  return out.findings.map((f) => ({ path: f.path, start_line: f.span?.start.line ?? 1, start_column: f.span?.start.col ?? 1, type: f.ruleId, message: f.message }));
}

export const findingKey = (x) => `${x.type} ${x.path ?? '<none>'}:${x.start_line}:${x.start_column}`;

/**
 * One pair: generate, write (buf.yaml v2 with `breaking.use: [category]`), run both, compare.
 * Returns { seed, category, applied, buf, ours, onlyBuf, onlyOurs }.
 */
export async function diffPair(seed, { category = 'FILE', keep = false, ...gen } = {}) {
  const pair = generatePair(seed, gen);
  const dir = mkdtempSync(join(tmpdir(), 'archlint-bdiff-'));
  try {
    const yaml = `version: v2\nbreaking:\n  use:\n    - ${category}\n`;
    writeTree(join(dir, 'old'), [...pair.old, ['buf.yaml', yaml]]);
    writeTree(join(dir, 'new'), [...pair.new, ['buf.yaml', yaml]]);
    const buf = runBuf(join(dir, 'new'), join(dir, 'old'));
    const ours = await runOurs(join(dir, 'new'), join(dir, 'old'));
    const a = new Set(buf.map(findingKey));
    const b = new Set(ours.map(findingKey));
    return {
      seed, category, dir: keep ? dir : undefined, applied: pair.applied, buf, ours,
      onlyBuf: [...a].filter((k) => !b.has(k)).sort(),
      onlyOurs: [...b].filter((k) => !a.has(k)).sort(),
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

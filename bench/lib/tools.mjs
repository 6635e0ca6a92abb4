// The measured tools: how to run each on the generated repo and what to read from its output.
// Each: { name, skip(): reason | null, command(ctx) -> { cmd, args, cwd }, inspect(result, ctx) -> { ok, notes, data } }
// ctx = { repoRoot, dir, work, expected: { tsFiles, goFiles, files } }
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const tail = (text) => text.trim().split('\n').slice(-5).join('\n');

export const readAll = {
  name: 'read every file',
  id: 'read',
  skip: () => null,
  command: ({ repoRoot, dir }) => ({ cmd: process.execPath, args: [join(repoRoot, 'bench/lib/read-all.mjs'), dir] }),
  inspect: (r) => {
    if (r.code !== 0) return { ok: false, notes: `exit ${r.code}: ${tail(r.stderr)}` };
    const data = JSON.parse(r.stdout);
    return { ok: true, notes: `${data.files} files, ${(data.bytes / 1e6).toFixed(1)} MB`, data };
  },
};

export const archlint = {
  name: 'archlint check',
  id: 'archlint',
  skip: ({ repoRoot }) => {
    const bin = join(repoRoot, 'bin/archlint.js');
    if (!existsSync(bin)) return 'not built (no bin/archlint.js)';
    // the launcher imports the compiled CLI (../dist/…); without it the run can only fail
    const target = /import\(\s*["'](\.\.\/dist\/[^"']+)["']/.exec(readFileSync(bin, 'utf8'))?.[1];
    return target && !existsSync(join(repoRoot, 'bin', target)) ? `not built (no ${target.slice(3)}; npm run build)` : null;
  },
  command: ({ repoRoot, dir, work }) => {
    rmSync(join(work, 'archlint.json'), { force: true });
    return { cmd: process.execPath, args: [join(repoRoot, 'bin/archlint.js'), 'check', dir, '--format', 'json', '--output', join(work, 'archlint.json')] };
  },
  inspect: (r, { work }) => {
    // exit 0 = no error-level finding, 1 = some; both mean it ran. 2 = usage/config failure.
    if (r.code !== 0 && r.code !== 1) return { ok: false, notes: `exit ${r.code ?? r.signal}: ${tail(r.stderr)}` };
    let out;
    try { out = readJson(join(work, 'archlint.json')); } catch (e) { return { ok: false, notes: `no JSON output: ${e.message}` }; }
    const findings = out.findings ?? [];
    const byRule = {};
    for (const f of findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    const top = Object.entries(byRule).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ');
    const counts = Object.entries(out.summary ?? {}).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${v}`).join(', ');
    return { ok: true, notes: `${findings.length} findings (${top || 'none'})${counts ? `; summary: ${counts}` : ''}; exit ${r.code}`,
      data: { findings: findings.length, byRule, summary: out.summary } };
  },
};

export const depcruise = {
  name: 'dependency-cruiser',
  id: 'depcruise',
  skip: ({ repoRoot }) => (depcruiseBin(repoRoot) ? null : 'not installed (npm ci)'),
  command: ({ repoRoot, dir, work }) => {
    const config = join(work, 'dependency-cruiser.json');
    writeFileSync(config, JSON.stringify({
      forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }],
      options: { doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true },
    }, null, 2));
    rmSync(join(work, 'depcruise.json'), { force: true });
    return { cmd: process.execPath, cwd: dir,
      args: [depcruiseBin(repoRoot), '--config', config, '--output-type', 'json', '--output-to', join(work, 'depcruise.json'), 'services'] };
  },
  inspect: (r, { work, expected }) => {
    // dependency-cruiser's exit code counts error-level violations, so a parsable output is the test.
    let out;
    try { out = readJson(join(work, 'depcruise.json')); } catch (e) { return { ok: false, notes: `exit ${r.code}, no JSON output: ${e.message} ${tail(r.stderr)}` }; }
    const sources = out.modules.filter((m) => /^services\/.*\.(ts|js)$/.test(m.source)).length;
    let resolved = 0, unresolved = 0;
    for (const m of out.modules) for (const d of m.dependencies) d.couldNotResolve ? unresolved++ : resolved++;
    const cycles = out.summary.violations.filter((v) => v.rule.name === 'no-circular').length;
    const missing = sources < expected.tsFiles ? ` — ONLY ${sources} OF ${expected.tsFiles} TS/JS FILES PARSED` : '';
    return { ok: true, notes: `${out.modules.length} modules (${sources}/${expected.tsFiles} TS/JS files), ${resolved} deps resolved, ${unresolved} unresolved (npm packages), ${cycles} circular${missing}`,
      data: { modules: out.modules.length, sources, resolved, unresolved, circular: cycles, totalCruised: out.summary.totalCruised } };
  },
};

function depcruiseBin(repoRoot) {
  const pkgPath = join(repoRoot, 'node_modules/dependency-cruiser/package.json');
  if (!existsSync(pkgPath)) return null;
  const bin = readJson(pkgPath).bin?.depcruise;
  return bin ? join(repoRoot, 'node_modules/dependency-cruiser', bin) : null;
}

export const TOOLS = [readAll, archlint, depcruise];

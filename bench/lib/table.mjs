// The Markdown report of one bench run.
const fmt = (v, digits) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

export function markdown({ machine, repo, runs, results }) {
  const lines = [
    `Machine: ${machine.cores} cores (${machine.cpu}), ${fmt(machine.memGB, 1)} GB RAM, ${machine.platform}, Node ${machine.node}`,
    `Repo: ${repo.dir} — ${repo.files} files (${repo.ts} .ts, ${repo.js} .js, ${repo.go} .go), ${repo.lines} lines, ${fmt(repo.bytes / 1e6, 1)} MB, ${repo.params.services} services`,
    `Each tool ran ${runs} times; wall = median, peak RSS = highest of the runs.`,
    '',
    '| tool | median wall s | peak RSS MB | notes |',
    '|---|---:|---:|---|',
  ];
  for (const r of results) {
    if (r.skipped) { lines.push(`| ${r.tool} | – | – | ${r.skipped} |`); continue; }
    const cpu = r.cpuS === null ? '' : `CPU ${fmt(r.cpuS, 1)} s; `;
    lines.push(`| ${r.tool} | ${r.ok ? fmt(r.wallMedianS, 2) : 'FAILED'} | ${r.ok ? fmt(r.peakRssMB, 0) : '–'} | ${r.ok ? cpu : ''}${r.notes.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  }
  return lines.join('\n');
}

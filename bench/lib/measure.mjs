// Run a command and measure its wall time, peak RSS and CPU time, with no system dependency:
// while the child runs, /proc/<pid>/status (VmHWM = the process's own peak RSS) and /proc/<pid>/stat
// (utime + stime) are polled every `intervalMs` for the child and every descendant it starts.
// Peak RSS = the largest sum of VmHWM over the processes alive at one sample (exact for a single
// process, an upper bound for a tree). What happens after the last sample (< intervalMs before exit) is
// missed, so CPU time is slightly low. Without /proc (macOS, Windows) the figures are null.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';

const HAS_PROC = existsSync('/proc/self/status');
const CLK_TCK = (() => {
  const r = HAS_PROC ? spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }) : null;
  return Number.parseInt(r?.stdout ?? '', 10) || 100;
})();

function read(path) {
  try { return readFileSync(path, 'utf8'); } catch { return null; }
}

/** pid and all its descendants (via /proc/<pid>/task/<tid>/children). */
function tree(pid, out = []) {
  out.push(pid);
  let tids = [];
  try { tids = readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const tid of tids) {
    for (const child of (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean)) tree(Number(child), out);
  }
  return out;
}

function sample(pid, cpu) {
  let rssKB = 0;
  for (const p of tree(pid)) {
    const status = read(`/proc/${p}/status`);
    const hwm = status && /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) rssKB += Number(hwm[1]);
    const stat = read(`/proc/${p}/stat`);
    if (stat) { // fields after the ")" of the command name: utime is the 14th field, stime the 15th
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(p, (Number(f[11]) + Number(f[12])) / CLK_TCK);
    }
  }
  return rssKB;
}

/** Resolves to { code, signal, wallS, peakRssMB, cpuS, stdout, stderr } (stdout/stderr capped). */
export function measure(cmd, args, { cwd, intervalMs = 20, maxOutput = 1 << 20 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let peakKB = 0;
    const cpu = new Map();
    const out = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr']) {
      child[name].setEncoding('utf8').on('data', (d) => { if (out[name].length < maxOutput) out[name] += d; });
    }
    const poll = () => { peakKB = Math.max(peakKB, sample(child.pid, cpu)); };
    const timer = HAS_PROC ? setInterval(poll, intervalMs) : null;
    if (HAS_PROC) poll();
    child.on('error', (err) => { clearInterval(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const cpuS = HAS_PROC ? [...cpu.values()].reduce((s, v) => s + v, 0) : null;
      resolve({ code, signal, wallS: (performance.now() - t0) / 1000, peakRssMB: HAS_PROC ? peakKB / 1024 : null, cpuS, ...out });
    });
  });
}

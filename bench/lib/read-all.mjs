// Baseline child process: list every file under a folder and read each one as UTF-8 text.
// Usage: node bench/lib/read-all.mjs <dir>  -> prints {"files":N,"bytes":N}
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const stack = [process.argv[2]];
let files = 0;
let bytes = 0;
while (stack.length) {
  const dir = stack.pop();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) stack.push(p);
    else if (e.isFile()) { files++; bytes += readFileSync(p, 'utf8').length; }
  }
}
console.log(JSON.stringify({ files, bytes }));

#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`, run by `prepare`).
import("../dist/cli/main.js")
  .then((m) => m.main(process.argv))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`archlint: internal error: ${String(err?.message ?? err).split("\n")[0]}\n`);
    process.exitCode = 2;
  });

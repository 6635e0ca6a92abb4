import { describe, expect, it } from "vitest";
import { bufBinary, diffPair } from "../bench/lib/breaking-diff.mjs";
import { breakingRules } from "../src/proto/rules/index.js";

/**
 * Differential test against buf (the @bufbuild/buf devDependency, run offline): generated old/new
 * schema pairs, many changes per pair, each pair under one breaking category; archlint must report
 * exactly buf's (rule id, path, line, column) set. The seeds were picked so that together they make
 * buf report every one of the 64 rules (`node bench/breaking-sweep.mjs --json` prints which rules
 * each seed hits); the larger sweep is `node bench/breaking-sweep.mjs`.
 */
const covering: Array<[number, string]> = [
  [5100, "FILE"], [5217, "PACKAGE"], [5026, "WIRE_JSON"], [5068, "FILE"], [5129, "PACKAGE"], [5019, "WIRE"],
  [5044, "FILE"], [5036, "FILE"], [5173, "PACKAGE"], [5210, "WIRE_JSON"], [5012, "FILE"], [5020, "FILE"],
  [5025, "PACKAGE"], [5060, "FILE"], [5108, "FILE"], [5109, "PACKAGE"], [5237, "PACKAGE"],
];
const extra: Array<[number, string]> = [[1, "FILE"], [2, "WIRE"], [3, "WIRE_JSON"], [4, "PACKAGE"]];

describe.skipIf(!bufBinary())("archlint breaking vs buf breaking (differential)", () => {
  const seen = new Set<string>();
  for (const [seed, category] of [...covering, ...extra]) {
    it(`seed ${seed} under ${category}: the same findings`, async () => {
      const r = await diffPair(seed, { category, mutations: 15, files: 5 });
      for (const f of r.buf) seen.add(f.type);
      expect(r.buf.length).toBeGreaterThan(0);
      expect({ onlyBuf: r.onlyBuf, onlyArchlint: r.onlyOurs }, `mutations: ${r.applied.join("; ")}`).toEqual({ onlyBuf: [], onlyArchlint: [] });
    });
  }
  it("the seeds above exercise every one of buf's 64 rules", () => {
    const missing = breakingRules.map((r) => r.id).filter((id) => !seen.has(id));
    expect(missing, "the generator changed: pick new covering seeds with bench/breaking-sweep.mjs --json").toEqual([]);
  });
});

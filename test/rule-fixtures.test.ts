import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/run.js";

/**
 * Each rule case is a tiny repo under fixtures/rules/<rule>/<case>/ with `expected.txt`: one
 * `file:line:column rule-id` per expected finding (buf's testdata style), empty for `ok-` cases.
 * The whole pipeline runs on it; the findings of the rule under test, and any parse-error (bad
 * input must never pass unseen), must be exactly the expected ones. Other rules may fire on a
 * case without failing it, as in buf's per-rule testdata: a case tests its own rule.
 */
const root = join(import.meta.dirname, "..", "fixtures", "rules");

for (const rule of readdirSync(root).sort()) {
  describe(rule, () => {
    for (const kase of readdirSync(join(root, rule)).sort()) {
      const dir = join(root, rule, kase);
      it(kase, async () => {
        const expectedPath = join(dir, "expected.txt");
        expect(existsSync(expectedPath), `${expectedPath} is missing`).toBe(true);
        const expected = readFileSync(expectedPath, "utf8")
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith("#"));
        const { report } = await run({ root: dir });
        const relevant = report.findings.filter((f) => f.ruleId === rule || f.ruleId === "parse-error");
        const actual = relevant.map((f) => `${f.location.file}:${f.location.line}:${f.location.column ?? 1} ${f.ruleId}`);
        expect(actual, relevant.map((f) => `${f.location.file}:${f.location.line} ${f.message}`).join("\n")).toEqual(expected);
        if (kase.startsWith("ok-")) expect(report.findings.filter((f) => f.ruleId === rule)).toEqual([]);
        if (kase.startsWith("fires-")) expect(report.findings.some((f) => f.ruleId === rule)).toBe(true);
      });
    }
  });
}

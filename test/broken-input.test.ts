import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/run.js";

const dir = join(import.meta.dirname, "..", "fixtures", "rules", "parse-error", "fires-broken-files");

describe("a repo full of broken files", () => {
  it("still yields every finding of its good files, one parse-error per broken file", async () => {
    const { report } = await run({ root: dir });
    const errors = report.findings.filter((f) => f.ruleId === "parse-error").map((f) => f.location.file);
    expect(errors).toEqual(["k8s/bad.yaml", "src/blob.js", "src/broken.ts", "src/bundle.js", "src/latin1.js"]);
    expect(report.findings.filter((f) => f.ruleId === "select-star").map((f) => `${f.location.file}:${f.location.line}`)).toEqual(["src/good.ts:2"]);
    // parse-error is a warning: the exit code depends on the real findings only.
    expect(report.findings.filter((f) => f.ruleId === "parse-error").every((f) => f.severity === "warning")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import type { Finding, Report } from "../src/check/finding.js";
import { ConfigError, validateConfig } from "../src/config/load.js";
import { formatJson, formatMarkdown, formatSarif } from "../src/report/index.js";

const yaml = `extends: recommended
waivers:
  # the export job
  - rule: select-star
    paths: ["services/reporting/**"]
    adr: ADR-0007
    reason: nightly export copies whole rows
  - rule: shared-database
    services: [orders, inventory]
    adr: 9
    reason: split planned in ADR 9
`;

describe("waivers in archlint.yaml", () => {
  it("are read with their lines; ADR numbers as 7 or ADR-0007", () => {
    const config = validateConfig(
      { extends: "recommended", waivers: [{ rule: "select-star", paths: ["services/reporting/**"], adr: "ADR-0007", reason: "nightly export copies whole rows" }, { rule: "shared-database", services: ["orders", "inventory"], adr: 9, reason: "split planned in ADR 9" }] },
      "archlint.yaml",
      yaml,
    );
    expect(config.waivers).toEqual([
      { rule: "select-star", adr: 7, reason: "nightly export copies whole rows", paths: ["services/reporting/**"], line: 4 },
      { rule: "shared-database", adr: 9, reason: "split planned in ADR 9", services: ["orders", "inventory"], line: 8 },
    ]);
  });

  it("refuse a waiver without a reason, a decision, or a scope", () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ rule: "select-star", paths: ["a/**"], adr: 7 }, /reason/],
      [{ rule: "select-star", paths: ["a/**"], reason: "x" }, /adr/],
      [{ rule: "select-star", adr: 7, reason: "x" }, /paths or services/],
      [{ rule: "select-star", adr: "seven", reason: "x", paths: ["a"] }, /adr/],
      [{ rule: "select-star", adr: 7, reason: "x", paths: ["a"], until: "2027" }, /unknown key/],
    ];
    for (const [w, msg] of bad) {
      expect(() => validateConfig({ waivers: [w] }, "archlint.yaml"), JSON.stringify(w)).toThrow(ConfigError);
      expect(() => validateConfig({ waivers: [w] }, "archlint.yaml"), JSON.stringify(w)).toThrow(msg);
    }
  });
});

describe("reporters show waived findings with their decision", () => {
  const waived: Finding = {
    ruleId: "select-star",
    severity: "error",
    message: "SELECT * reads every column of orders.",
    location: { file: "services/reporting/export.sql", line: 1, column: 8 },
    fingerprint: "abc",
    waiver: { adr: 7, title: "Export whole rows", reason: "nightly export" },
  };
  const report: Report = {
    tool: { name: "archlint", version: "0.0.0" },
    findings: [],
    rules: [],
    summary: { errors: 0, warnings: 0, infos: 0, filesScanned: 3, services: 1, suppressed: 0, baselined: 0, waived: 1 },
    staleBaseline: [],
    waived: [waived],
  };
  it("SARIF: a suppressed result, justified by the ADR", () => {
    const sarif = JSON.parse(formatSarif(report, { color: false })) as { runs: Array<{ results: Array<{ suppressions: unknown }> }> };
    expect(sarif.runs[0]!.results[0]!.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "Waived by ADR-0007: Export whole rows (nightly export)" }]);
  });
  it("markdown and JSON list them apart from the findings", () => {
    expect(formatMarkdown(report, { color: false })).toContain("### Waived by decisions");
    expect(formatMarkdown(report, { color: false })).toContain("ADR-0007 Export whole rows");
    const json = JSON.parse(formatJson(report, { color: false })) as { findings: unknown[]; waived: Array<{ waiver: unknown }>; summary: { waived: number } };
    expect(json.findings).toEqual([]);
    expect(json.summary.waived).toBe(1);
    expect(json.waived[0]!.waiver).toEqual({ adr: 7, title: "Export whole rows", reason: "nightly export" });
  });
});

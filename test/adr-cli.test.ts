import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AdrError, newAdr, readFindings } from "../src/adr/new.js";
import { run } from "../src/run.js";

const repo = join(import.meta.dirname, "..");
const bin = join(repo, "bin", "archlint.js");

function archlint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ruleIds = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);

/** What an author writes over the template's prompts: real content, a concrete rollback group. */
function fillIn(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      if (line.includes("**Kill switch:**")) return "- [ ] **Kill switch:** set `orders.events.transport` to `rabbitmq` in the orders ConfigMap.";
      if (line.includes("**Steps:**")) return "- [ ] **Steps:** flip the switch, run `kubectl rollout restart deploy/orders`, then drain the Kafka consumers before stopping them.";
      if (line.includes("**Trigger:**")) return "- [ ] **Trigger:** consumer lag above 10000 messages for 5 minutes.";
      if (line.includes("**Verification:**")) return '- [ ] **Verification:** the "Orders / events" dashboard shows the RabbitMQ publish rate back at baseline.';
      return line.replace(/\{[^{}]*\}/g, "orders team");
    })
    .join("\n");
}

describe("archlint adr", () => {
  it("new → lint fails on the template's prompts → lint passes once they are filled in", () => {
    const root = mkdtempSync(join(tmpdir(), "archlint-adr-"));
    const made = archlint(["adr", "new", "Replace RabbitMQ with Kafka", "--template", "messaging-migration", "--date", "2026-11-26"], root);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toBe("docs/decisions/0001-replace-rabbitmq-with-kafka.md\n");
    const path = join(root, made.stdout.trim());
    const text = readFileSync(path, "utf8");
    expect(text).toContain("status: proposed\ndate: 2026-11-26\n");
    expect(text).toMatch(/### Rollback\n\n- \[ \] \*\*Kill switch:\*\*/);

    const before = archlint(["adr", "lint", "--format", "json"], root);
    expect(before.code).toBe(1);
    expect(new Set(ruleIds(before.stdout))).toEqual(new Set(["adr-placeholders", "adr-rollback-plan"]));

    writeFileSync(path, fillIn(text));
    const after = archlint(["adr", "lint"], root);
    expect(after.stdout + after.stderr).toBe("");
    expect(after.code).toBe(0);
  });

  it("numbers records, keeps titles inside the folder, links superseded records both ways, sets status", () => {
    const root = mkdtempSync(join(tmpdir(), "archlint-adr-"));
    mkdirSync(join(root, "doc", "adr"), { recursive: true });
    writeFileSync(
      join(root, "doc", "adr", "0001-use-rabbitmq.md"),
      "# 1. Use RabbitMQ\n\nDate: 2019-06-12\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n",
    );
    const escape = archlint(["adr", "new", "../../../etc/passwd", "--date", "2026-01-01"], root);
    expect(escape.stdout).toBe("doc/adr/0002-etc-passwd.md\n");
    const next = archlint(["adr", "new", "Use", "Kafka", "--supersedes", "1", "--date", "2026-01-02"], root);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe("doc/adr/0003-use-kafka.md\n");
    expect(readFileSync(join(root, "doc", "adr", "0001-use-rabbitmq.md"), "utf8")).toContain("## Status\n\nSuperseded by [3. Use Kafka](0003-use-kafka.md)\n");
    expect(readFileSync(join(root, "doc", "adr", "0003-use-kafka.md"), "utf8")).toContain("# 3. Use Kafka\n\nSupersedes [1. Use RabbitMQ](0001-use-rabbitmq.md)\n");

    expect(archlint(["adr", "status", "3", "accepted"], root).code).toBe(0);
    const list = JSON.parse(archlint(["adr", "list", "--format", "json"], root).stdout) as Array<{ number: number; status: string; supersedes: string[]; supersededBy: string[] }>;
    expect(list.map((r) => [r.number, r.status, r.supersedes, r.supersededBy])).toEqual([
      [1, "superseded", [], ["3"]],
      [2, "proposed", [], []],
      [3, "accepted", ["1"], []],
    ]);
    const lint = archlint(["adr", "lint", "--format", "json"], root);
    expect(ruleIds(lint.stdout)).not.toContain("adr-supersede-links");
    expect(ruleIds(lint.stdout)).not.toContain("adr-numbering");
    expect(readdirSync(join(root, "doc", "adr")).sort()).toEqual(["0001-use-rabbitmq.md", "0002-etc-passwd.md", "0003-use-kafka.md"]);
  });

  it("pre-fills the findings a decision addresses and picks a fitting template", () => {
    const root = mkdtempSync(join(tmpdir(), "archlint-adr-"));
    const findings = { findings: [{ ruleId: "FIELD_NO_DELETE", severity: "error", message: "Field 3 was deleted from Order.", location: { file: "proto/orders.proto", line: 12 } }] };
    writeFileSync(join(root, "breaking.json"), JSON.stringify(findings));
    const made = archlint(["adr", "new", "Move orders to v2", "--from-findings", "breaking.json", "--date", "2026-03-01"], root);
    expect(made.code, made.stderr).toBe(0);
    const text = readFileSync(join(root, made.stdout.trim()), "utf8");
    expect(text).toContain("### Findings addressed\n\n- [ ] `FIELD_NO_DELETE` at `proto/orders.proto:12`: Field 3 was deleted from Order.\n\n### Constraints");
    expect(text).toContain("generated clients"); // the protocol-migration template
  });

  it("answers mistakes with one line and exit 2", () => {
    const root = mkdtempSync(join(tmpdir(), "archlint-adr-"));
    writeFileSync(join(root, "bad.json"), "{");
    for (const args of [
      ["adr", "new", "x", "--template", "nope"],
      ["adr", "new", "x", "--dir", "../outside"],
      ["adr", "status", "9", "accepted"],
    ]) {
      const r = archlint(args, root);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    // The same errors, without a process each: what the CLI turns into one line and exit 2.
    const base = { root, dir: undefined, records: [], template: "generic", status: "proposed", date: "2026-01-01" };
    expect(() => newAdr({ ...base, title: "x", supersedes: 9 })).toThrow(AdrError);
    expect(() => newAdr({ ...base, title: "!!!" })).toThrow(/letters or digits/);
    expect(() => readFindings(join(root, "bad.json"))).toThrow(/not JSON/);
  });

  it("shows waived findings as suppressed in SARIF, with the decision as justification", () => {
    const dir = join(repo, "fixtures", "rules", "adr-waiver", "ok-accepted-adr");
    const r = archlint(["check", dir, "--format", "sarif"], repo);
    expect(r.code).toBe(0);
    const results = (JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }> }> }).runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.suppressions?.[0]?.kind])).toEqual([["select-star", "external"]]);
    expect(results[0]!.suppressions![0]!.justification).toMatch(/^Waived by ADR-0002: Export whole rows to the warehouse/);
  });
});

describe("bad ADR input", () => {
  it("gives parse-error findings for broken records and goes on", async () => {
    const root = mkdtempSync(join(tmpdir(), "archlint-adr-"));
    mkdirSync(join(root, "docs", "adr"), { recursive: true });
    writeFileSync(join(root, "docs", "adr", "0001-bad-front-matter.md"), "---\nstatus: [unclosed\n---\n# Bad\n");
    writeFileSync(join(root, "docs", "adr", "0002-binary.md"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    writeFileSync(join(root, "docs", "adr", "0003-latin1.md"), Buffer.from("# 3. Caf\xe9\n", "latin1"));
    const { report } = await run({ root, adrOnly: true });
    const errors = report.findings.filter((f) => f.ruleId === "parse-error").map((f) => `${f.location.file}:${f.location.line}`);
    expect(errors).toEqual(["docs/adr/0001-bad-front-matter.md:2", "docs/adr/0002-binary.md:1", "docs/adr/0003-latin1.md:1"]);
  });
});

describe("real-world ADR corpus", () => {
  for (const name of ["adr-tools", "madr", "log4brains"]) {
    it(`${name}: no findings on well-formed records`, async () => {
      const { report } = await run({ root: join(repo, "fixtures", "adr-corpus", name), adrOnly: true });
      expect(report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId} ${f.message}`)).toEqual([]);
      expect(report.summary.filesScanned).toBeGreaterThanOrEqual(4);
    });
  }
});

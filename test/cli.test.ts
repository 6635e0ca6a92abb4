import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..");
const bin = join(repo, "bin", "archlint.js");
const shop = join(repo, "fixtures", "repos", "shop");

function archlint(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("archlint CLI", () => {
  it("checks the demo repo: JSON is valid, sorted and byte-identical across runs", () => {
    const a = archlint(["check", shop, "--format", "json"]);
    const b = archlint(["check", shop, "--format", "json"]);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as { tool: { name: string }; findings: Array<{ ruleId: string; location: { file: string; line: number } }>; summary: { errors: number } };
    expect(out.tool.name).toBe("archlint");
    expect(out.findings.filter((f) => f.ruleId === "select-star").length).toBeGreaterThanOrEqual(4);
    expect(out.summary.errors).toBeGreaterThan(0);
    const keys = out.findings.map((f) => `${f.location.file}\u0000${String(f.location.line).padStart(6, "0")}`);
    expect([...keys].sort()).toEqual(keys);
  });

  it("never prints a password written in a URL, in any command or format", () => {
    const d = mkdtempSync(join(tmpdir(), "archlint-secret-"));
    writeFileSync(join(d, "package.json"), JSON.stringify({ name: "svc" }));
    writeFileSync(
      join(d, "index.ts"),
      [
        'import { Pool } from "pg";',
        'const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? "postgres://app:s3cretpw@db.internal.example.com:5432/app" });',
        'export const q = () => pool.query("SELECT 1");',
        'const api = "http://admin:hunter2@orders.internal.example.com:8080/v1";',
        'export const get = () => fetch(api + "/orders");',
        "",
      ].join("\n"),
    );
    const runs = [
      ...["stylish", "json", "sarif", "github", "markdown"].map((f) => ["check", d, "--format", f]),
      ["facts", d],
      ...["json", "mermaid", "dot", "html"].map((f) => ["graph", d, "--format", f]),
      ["tables", d, "--format", "json"],
    ];
    for (const args of runs) {
      const r = archlint(args);
      expect(r.stdout + r.stderr, args.join(" ")).not.toMatch(/s3cretpw|hunter2/);
    }
    // The findings are still there, with the password masked.
    expect(archlint(["check", d]).stdout).toContain("http://admin:****@orders.internal.example.com:8080/v1/orders");
  });

  it("prints the same bytes whether files are parsed on one thread or several", () => {
    const one = archlint(["check", shop, "--format", "json", "--concurrency", "1"]);
    const two = archlint(["check", shop, "--format", "json", "--concurrency", "3"]);
    expect(two.stderr).toBe("");
    expect(two.stdout).toBe(one.stdout);
  });

  it("exits 2 with one line on a bad flag, a bad format, a missing folder and a broken config", () => {
    for (const args of [["check", "--nope"], ["check", shop, "--format", "xml"], ["check", join(repo, "no-such-dir")], ["frobnicate"]]) {
      const r = archlint(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^archlint: /);
    }
    const dir = mkdtempSync(join(tmpdir(), "archlint-cli-"));
    writeFileSync(join(dir, "archlint.yaml"), "rules:\n  select-star: loud\n");
    const r = archlint(["check", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\.select-star: 'loud' is not a severity/);
    writeFileSync(join(dir, "archlint.yaml"), "rules: [unclosed\n");
    expect(archlint(["check", dir]).stderr).toMatch(/invalid YAML/);
    writeFileSync(join(dir, "archlint.yaml"), "rules:\n  no-such-rule: error\n");
    expect(archlint(["check", dir]).stderr).toMatch(/unknown rule/);
  });

  it("honours severity overrides, --quiet and --max-warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "archlint-cli-"));
    cpSync(join(shop, "db"), join(dir, "db"), { recursive: true });
    writeFileSync(join(dir, "archlint.yaml"), "rules:\n  select-star: warning\n");
    const warn = archlint(["check", dir, "--format", "json"]);
    expect(warn.code).toBe(0);
    expect(JSON.parse(warn.stdout).summary.warnings).toBeGreaterThan(0);
    expect(archlint(["check", dir, "--max-warnings", "0"]).code).toBe(1);
    expect(JSON.parse(archlint(["check", dir, "--format", "json", "--quiet"]).stdout).findings).toEqual([]);
  });

  it("writes a baseline that hides today's findings and reports stale entries", () => {
    const dir = mkdtempSync(join(tmpdir(), "archlint-cli-"));
    cpSync(join(shop, "db"), join(dir, "db"), { recursive: true });
    const baseline = join(dir, "baseline.json");
    expect(archlint(["check", dir, "--write-baseline", baseline]).code).toBe(0);
    const after = archlint(["check", dir, "--baseline", baseline, "--format", "json"]);
    expect(after.code).toBe(0);
    const report = JSON.parse(after.stdout);
    expect(report.findings).toEqual([]);
    expect(report.summary.baselined).toBeGreaterThan(0);
    // Moving the flagged line down keeps it baselined; removing it makes the entry stale.
    const view = join(dir, "db", "migrations", "0002_order_reporting_views.sql");
    writeFileSync(view, `-- moved\n\n${readFileSync(view, "utf8")}`);
    expect(JSON.parse(archlint(["check", dir, "--baseline", baseline, "--format", "json"]).stdout).findings).toEqual([]);
    writeFileSync(view, "SELECT id FROM orders;\n");
    const stale = JSON.parse(archlint(["check", dir, "--baseline", baseline, "--format", "json"]).stdout);
    expect(stale.staleBaseline.length).toBeGreaterThan(0);
  });

  it("explains rules and writes a starter config without overwriting one", () => {
    const list = archlint(["rules"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("select-star");
    const one = archlint(["rules", "select-star"]);
    expect(one.stdout).toContain("## Why it matters");
    expect(archlint(["rules", "nope"]).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), "archlint-cli-"));
    expect(archlint(["init", dir]).code).toBe(0);
    expect(existsSync(join(dir, "archlint.yaml"))).toBe(true);
    // The starter file is itself a valid config.
    expect(archlint(["check", dir]).code).toBe(0);
    const again = archlint(["init", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("produces SARIF that names every rule it reports", () => {
    const r = archlint(["check", shop, "--format", "sarif"]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    const ids = new Set(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id));
    for (const res of sarif.runs[0].results) expect(ids.has(res.ruleId)).toBe(true);
  });

  const multitool = join(repo, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
  it.skipIf(!(process.platform === "linux" && process.arch === "x64" && existsSync(multitool)))(
    "writes demo SARIF that the SARIF multitool accepts under GitHub's ingestion rules",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "archlint-sarif-"));
      const file = join(dir, "shop.sarif");
      const out = join(dir, "validation.sarif");
      expect(archlint(["check", shop, "--format", "sarif", "--output", file]).code).toBe(1);
      const v = spawnSync(multitool, ["validate", file, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "--output", out, "--log", "ForceOverwrite"], { encoding: "utf8" });
      expect(v.status, v.stdout + v.stderr).toBe(0);
      const results = JSON.parse(readFileSync(out, "utf8").replace(/^\uFEFF/, "")).runs[0].results as Array<{ level: string; ruleId: string }>;
      expect(results.filter((r) => r.level === "error").map((r) => r.ruleId)).toEqual([]);
    },
  );

  it("prints its version", () => {
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" }).trim()).toBe(pkg.version);
  });
});

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Log } from "sarif";
import { afterAll, describe, expect, test } from "vitest";
import type { Report } from "../src/check/finding.js";
import { formatReport, isReporterName, reporterNames } from "../src/report/index.js";
import { MARKDOWN_MAX_ROWS } from "../src/report/markdown.js";
import { encodePath, pascalCase } from "../src/report/sarif.js";
import { emptyReport, report } from "./fixtures-report/reports.js";

const plain = { color: false };

/** Characters that need escaping in every format, in a path, a rule id and a message. */
const tricky: Report = {
  tool: { name: "archlint", version: "0.1.0" },
  findings: [
    {
      ruleId: "custom:rule,x",
      severity: "warning",
      message: "100% of calls | a,b: c\r\nsecond [line] @team/x <b>bold</b> `code` $x$ \u001b[31mred",
      location: { file: "svc/a dir/we,ird:name%.ts", line: 2, column: 3, endColumn: 1 },
      fingerprint: "fp-1",
    },
    {
      ruleId: "unknown-rule",
      severity: "info",
      message: "Does it end with a question?",
      location: { file: "svc/ünï.ts", line: 0, endLine: -1 },
      fingerprint: "fp-2",
    },
  ],
  rules: [],
  summary: { errors: 0, warnings: 1, infos: 1, filesScanned: 2, services: 1, suppressed: 0, baselined: 0 },
  staleBaseline: [],
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function shuffled(r: Report): Report {
  return { ...r, findings: [...r.findings].reverse(), rules: [...r.rules].reverse(), staleBaseline: [...r.staleBaseline].reverse() };
}

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

describe("index", () => {
  test("reporter names", () => {
    expect(reporterNames).toEqual(["stylish", "json", "sarif", "github", "markdown"]);
    expect(isReporterName("sarif")).toBe(true);
    expect(isReporterName("xml")).toBe(false);
    expect(() => formatReport("xml" as never, report, plain)).toThrow(/Unknown format "xml"/);
  });

  test.each(reporterNames)("%s is deterministic, order-independent and does not mutate its input", (name) => {
    const frozen = deepFreeze(structuredClone(report));
    const a = formatReport(name, frozen, plain);
    expect(formatReport(name, frozen, plain)).toBe(a);
    expect(formatReport(name, shuffled(frozen), plain)).toBe(a);
    expect(formatReport(name, deepFreeze(structuredClone(tricky)), plain)).toBe(formatReport(name, tricky, plain));
    expect(a).not.toMatch(ansi);
  });
});

describe("stylish", () => {
  test("groups by file, aligns columns, summarises, lists stale baseline entries", () => {
    expect(formatReport("stylish", report, plain)).toMatchInlineSnapshot(`
      "
      services/orders/k8s/deployment.yaml
         3:5  error  Cannot parse YAML: bad indentation of a mapping entry (3:5)  parse-error
        17    info   Deployment orders has no readinessProbe                      missing-readiness-probe
              ↳ services/orders/src/main.ts:4:1  the HTTP server starts here

      services/orders/src/repository.ts
         3:21  warning  Endpoint http://payments:8080/charge is hardcoded, 100% tied to one cluster | see @shop/payments Move it to config [ENV], e.g. \`PAYMENTS_URL\`.  hardcoded-endpoint
               ↳ services/payments/k8s/service.yaml:2:7  payments Service, port 8080
               ↳ services/payments/src/main.ts:9  payments listens here
        11:33  error    SELECT * reads every column of orders; list the columns this query needs.                                                                       select-star

      ✖ 4 problems (2 errors, 1 warning, 1 info)
        not shown: 2 baselined, 1 suppressed

      2 baseline entries no longer match any finding; remove them from the baseline file:
        services/auth/src/config.ts  hardcoded-secret  deadbeef00000002
        services/payments/src/db.ts  select-star       deadbeef00000001
      "
    `);
  });

  test("colour only when asked, and colour does not change the layout", () => {
    const coloured = formatReport("stylish", report, { color: true });
    expect(coloured).toMatch(ansi);
    expect(coloured).toContain("\u001b[4mservices/orders/src/repository.ts\u001b[24m");
    expect(coloured.replace(ansi, "")).toBe(formatReport("stylish", report, plain));
  });

  test("no findings and no stale entries: empty output", () => {
    expect(formatReport("stylish", emptyReport, plain)).toBe("");
    expect(formatReport("stylish", emptyReport, { color: true })).toBe("");
  });

  test("only stale entries: only the note", () => {
    const out = formatReport("stylish", { ...emptyReport, staleBaseline: [report.staleBaseline[0]!] }, plain);
    expect(out).toBe(
      "\n1 baseline entry no longer matches any finding; remove it from the baseline file:\n" +
        "  services/payments/src/db.ts  select-star  deadbeef00000001\n",
    );
  });

  test("messages are one line and cannot drive the terminal", () => {
    expect(formatReport("stylish", tricky, plain)).toBe(
      [
        "",
        "svc/a dir/we,ird:name%.ts",
        "  2:3  warning  100% of calls | a,b: c second [line] @team/x <b>bold</b> `code` $x$ \uFFFD[31mred  custom:rule,x",
        "",
        "svc/ünï.ts",
        "  0  info  Does it end with a question?  unknown-rule",
        "",
        "✖ 2 problems (0 errors, 1 warning, 1 info)",
        "",
      ].join("\n"),
    );
  });
});

describe("json", () => {
  test("tool, sorted findings with a fixed key order, summary, stale entries", () => {
    const out = formatReport("json", report, plain);
    expect(out.endsWith("}\n")).toBe(true);
    expect(Object.keys(JSON.parse(out))).toEqual(["tool", "findings", "summary", "staleBaseline"]);
    expect(out).toMatchInlineSnapshot(`
      "{
        "tool": {
          "name": "archlint",
          "version": "0.1.0"
        },
        "findings": [
          {
            "ruleId": "parse-error",
            "severity": "error",
            "message": "Cannot parse YAML: bad indentation of a mapping entry (3:5)",
            "location": {
              "file": "services/orders/k8s/deployment.yaml",
              "line": 3,
              "column": 5
            },
            "fingerprint": "feedfacecafebeef"
          },
          {
            "ruleId": "missing-readiness-probe",
            "severity": "info",
            "message": "Deployment orders has no readinessProbe",
            "location": {
              "file": "services/orders/k8s/deployment.yaml",
              "line": 17
            },
            "service": "orders",
            "related": [
              {
                "file": "services/orders/src/main.ts",
                "line": 4,
                "column": 1,
                "message": "the HTTP server starts here"
              }
            ],
            "fingerprint": "0f1e2d3c4b5a6978"
          },
          {
            "ruleId": "hardcoded-endpoint",
            "severity": "warning",
            "message": "Endpoint http://payments:8080/charge is hardcoded, 100% tied to one cluster | see @shop/payments\\nMove it to config [ENV], e.g. \`PAYMENTS_URL\`.",
            "location": {
              "file": "services/orders/src/repository.ts",
              "line": 3,
              "column": 21,
              "endLine": 4,
              "endColumn": 2
            },
            "service": "orders",
            "related": [
              {
                "file": "services/payments/k8s/service.yaml",
                "line": 2,
                "column": 7,
                "message": "payments Service, port 8080"
              },
              {
                "file": "services/payments/src/main.ts",
                "line": 9,
                "message": "payments listens here"
              }
            ],
            "fingerprint": "99aa88bb77cc66dd"
          },
          {
            "ruleId": "select-star",
            "severity": "error",
            "message": "SELECT * reads every column of orders; list the columns this query needs.",
            "location": {
              "file": "services/orders/src/repository.ts",
              "line": 11,
              "column": 33,
              "endLine": 11,
              "endColumn": 69
            },
            "service": "orders",
            "fingerprint": "a1b2c3d4e5f60718"
          }
        ],
        "summary": {
          "errors": 2,
          "warnings": 1,
          "infos": 1,
          "filesScanned": 12,
          "services": 2,
          "suppressed": 1,
          "baselined": 2
        },
        "staleBaseline": [
          {
            "ruleId": "hardcoded-secret",
            "file": "services/auth/src/config.ts",
            "fingerprint": "deadbeef00000002"
          },
          {
            "ruleId": "select-star",
            "file": "services/payments/src/db.ts",
            "fingerprint": "deadbeef00000001"
          }
        ]
      }
      "
    `);
  });

  test("no staleBaseline key when there are none", () => {
    const out = formatReport("json", emptyReport, plain);
    expect(Object.keys(JSON.parse(out))).toEqual(["tool", "findings", "summary"]);
    expect(out).toMatchInlineSnapshot(`
      "{
        "tool": {
          "name": "archlint",
          "version": "0.1.0"
        },
        "findings": [],
        "summary": {
          "errors": 0,
          "warnings": 0,
          "infos": 0,
          "filesScanned": 12,
          "services": 2,
          "suppressed": 0,
          "baselined": 0
        }
      }
      "
    `);
  });
});

describe("github", () => {
  test("one workflow command per finding, then the stale-baseline notice", () => {
    expect(formatReport("github", report, plain)).toMatchInlineSnapshot(`
      "::error file=services/orders/k8s/deployment.yaml,line=3,col=5,title=parse-error::Cannot parse YAML: bad indentation of a mapping entry (3:5)
      ::notice file=services/orders/k8s/deployment.yaml,line=17,title=missing-readiness-probe::Deployment orders has no readinessProbe%0A↳ services/orders/src/main.ts:4:1: the HTTP server starts here
      ::warning file=services/orders/src/repository.ts,line=3,endLine=4,title=hardcoded-endpoint::Endpoint http://payments:8080/charge is hardcoded, 100%25 tied to one cluster | see @shop/payments%0AMove it to config [ENV], e.g. \`PAYMENTS_URL\`.%0A↳ services/payments/k8s/service.yaml:2:7: payments Service, port 8080%0A↳ services/payments/src/main.ts:9: payments listens here
      ::error file=services/orders/src/repository.ts,line=11,col=33,endLine=11,endColumn=69,title=select-star::SELECT * reads every column of orders; list the columns this query needs.
      ::notice title=archlint%3A stale baseline::2 baseline entries no longer match any finding; remove them from the baseline file:%0Aservices/auth/src/config.ts  hardcoded-secret  deadbeef00000002%0Aservices/payments/src/db.ts  select-star  deadbeef00000001
      "
    `);
  });

  test("escapes data (% CR LF) and properties (also : and ,)", () => {
    expect(formatReport("github", tricky, plain).split("\n")).toEqual([
      "::warning file=svc/a dir/we%2Cird%3Aname%25.ts,line=2,col=3,title=custom%3Arule%2Cx::" +
        "100%25 of calls | a,b: c%0D%0Asecond [line] @team/x <b>bold</b> `code` $x$ \u001b[31mred",
      "::notice file=svc/ünï.ts,line=0,title=unknown-rule::Does it end with a question?",
      "",
    ]);
  });

  test("nothing to say: empty output", () => {
    expect(formatReport("github", emptyReport, plain)).toBe("");
  });
});

describe("markdown", () => {
  test("heading, counts, table by rule, findings table, stale entries", () => {
    expect(formatReport("markdown", report, plain)).toMatchInlineSnapshot(`
      "## archlint

      ❌ **4 problems** (2 errors, 1 warning, 1 info); 12 files scanned, 2 services.

      Not shown: 2 baselined, 1 suppressed.

      ### By rule

      | Rule | Severity | Count |
      | --- | --- | ---: |
      | \`parse-error\` | error | 1 |
      | \`select-star\` — Avoid SELECT \\* | error | 1 |
      | \`hardcoded-endpoint\` — Hardcoded service endpoint | warning | 1 |
      | \`missing-readiness-probe\` — Workload without readiness probe | info | 1 |

      ### Findings

      | Location | Severity | Rule | Message |
      | --- | --- | --- | --- |
      | \`services/orders/k8s/deployment.yaml:3:5\` | error | \`parse-error\` | Cannot parse YAML: bad indentation of a mapping entry (3:5) |
      | \`services/orders/src/repository.ts:11:33\` | error | \`select-star\` | SELECT \\* reads every column of orders; list the columns this query needs. |
      | \`services/orders/src/repository.ts:3:21\` | warning | \`hardcoded-endpoint\` | Endpoint http://payments:8080/charge is hardcoded, 100% tied to one cluster \\| see \`@shop/payments\`<br>Move it to config \\[ENV\\], e.g. \\\`PAYMENTS\\_URL\\\`.<br>↳ \`services/payments/k8s/service.yaml:2:7\` payments Service, port 8080<br>↳ \`services/payments/src/main.ts:9\` payments listens here |
      | \`services/orders/k8s/deployment.yaml:17\` | info | \`missing-readiness-probe\` | Deployment orders has no readinessProbe<br>↳ \`services/orders/src/main.ts:4:1\` the HTTP server starts here |

      ### Stale baseline entries

      2 baseline entries no longer match any finding; remove them from the baseline file.

      - \`services/auth/src/config.ts\` \`hardcoded-secret\` \`deadbeef00000002\`
      - \`services/payments/src/db.ts\` \`select-star\` \`deadbeef00000001\`
      "
    `);
  });

  test("no findings", () => {
    expect(formatReport("markdown", emptyReport, plain)).toBe(
      "## archlint\n\n✅ No problems found (12 files scanned, 2 services).\n",
    );
  });

  test("escapes cells: pipes, newlines, markup, mentions", () => {
    const out = formatReport("markdown", tricky, plain);
    expect(out).toContain(
      "| `svc/a dir/we,ird:name%.ts:2:3` | warning | `custom:rule,x` | " +
        "100% of calls \\| a,b: c<br>second \\[line\\] `@team/x` \\<b\\>bold\\</b\\> \\`code\\` \\$x\\$ \u001b\\[31mred |",
    );
    // Each table row has as many unescaped pipes as its header: nothing in a cell breaks the table.
    const pipes = (line: string) => line.replace(/\\\|/g, "").split("|").length - 1;
    const rows = out.split("\n").filter((l) => l.startsWith("|"));
    expect(rows.map(pipes)).toEqual([4, 4, 4, 4, 5, 5, 5, 5]);
  });

  test(`caps the findings table at ${MARKDOWN_MAX_ROWS} rows`, () => {
    const many: Report = {
      ...emptyReport,
      findings: Array.from({ length: MARKDOWN_MAX_ROWS + 7 }, (_, i) => ({
        ruleId: "select-star",
        severity: "error" as const,
        message: `m${i}`,
        location: { file: "a.ts", line: i + 1 },
        fingerprint: `f${i}`,
      })),
    };
    const out = formatReport("markdown", many, plain);
    expect(out.split("\n").filter((l) => l.startsWith("| `a.ts:"))).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(out).toContain("| `select-star` — Avoid SELECT \\* | error | 57 |");
    expect(out.endsWith("\n…and 7 more findings.\n")).toBe(true);
  });
});

describe("sarif", () => {
  const log = (r: Report): Log => JSON.parse(formatReport("sarif", r, plain)) as Log;

  test("shape GitHub code scanning reads", () => {
    const sarif = log(report);
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0]!;
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(Object.keys(run.originalUriBaseIds ?? {})).toEqual(["%SRCROOT%"]);
    const driver = run.tool.driver;
    expect(driver.name).toBe("archlint");
    expect(driver.semanticVersion).toBe("0.1.0");
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const rules = driver.rules ?? [];
    // All known rules plus the synthesised parse-error, sorted by id.
    expect(rules.map((r) => r.id)).toEqual([
      "hardcoded-endpoint",
      "hardcoded-secret",
      "missing-readiness-probe",
      "parse-error",
      "select-star",
    ]);
    expect(rules.map((r) => r.name)).toEqual([
      "HardcodedEndpoint",
      "HardcodedSecret",
      "MissingReadinessProbe",
      "ParseError",
      "SelectStar",
    ]);
    const selectStar = rules[4]!;
    expect(selectStar).toMatchObject({
      shortDescription: { text: "Avoid SELECT *." },
      help: { text: "List the columns the query needs.", markdown: "# select-star\n\nList the columns the query needs.\n" },
      helpUri: "https://example.com/rules/select-star",
      defaultConfiguration: { level: "error" },
      properties: { tags: ["data"], precision: "high", "problem.severity": "error" },
    });
    expect(selectStar.properties).not.toHaveProperty("security-severity");
    // A repo-relative helpUri is not a URI GitHub can open: left out.
    expect(rules[0]).not.toHaveProperty("helpUri");
    expect(rules[1]!.properties).toMatchObject({ tags: ["security"], "security-severity": "8.0" });
    expect(rules[2]!.properties).toMatchObject({ "problem.severity": "recommendation" });
    expect(rules[2]!.defaultConfiguration).toEqual({ level: "note" });

    const results = run.results ?? [];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ["parse-error", "error"],
      ["missing-readiness-probe", "note"],
      ["hardcoded-endpoint", "warning"],
      ["select-star", "error"],
    ]);
    for (const r of results) {
      expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.message.text).toMatch(/[.?!]$/);
      expect(Object.keys(r.partialFingerprints ?? {})).toEqual(["archlint/v1"]);
      const pl = r.locations![0]!.physicalLocation!;
      expect(pl.artifactLocation!.uriBaseId).toBe("%SRCROOT%");
      expect(pl.artifactLocation!.uri).not.toMatch(/^\/|^[a-z]+:/i);
      expect(pl.region!.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(results[3]!.partialFingerprints).toEqual({ "archlint/v1": "a1b2c3d4e5f60718" });
    expect(results[3]!.locations![0]!.physicalLocation!.region).toEqual({
      startLine: 11,
      startColumn: 33,
      endLine: 11,
      endColumn: 69,
    });
    expect(results[1]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 17 });
    const endpoint = results[2]!;
    expect(endpoint.message.text).toBe(
      "Endpoint http://payments:8080/charge is hardcoded, 100% tied to one cluster | see @shop/payments\n" +
        "Move it to config \\[ENV\\], e.g. `PAYMENTS_URL`. Related: " +
        "[services/payments/k8s/service.yaml:2:7](1), [services/payments/src/main.ts:9](2).",
    );
    expect(endpoint.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "services/payments/k8s/service.yaml", uriBaseId: "%SRCROOT%" },
          region: { startLine: 2, startColumn: 7 },
        },
        message: { text: "payments Service, port 8080." },
      },
      {
        id: 2,
        physicalLocation: {
          artifactLocation: { uri: "services/payments/src/main.ts", uriBaseId: "%SRCROOT%" },
          region: { startLine: 9 },
        },
        message: { text: "payments listens here." },
      },
    ]);
    expect(endpoint.properties).toEqual({ service: "orders" });
  });

  test("no findings: results is an empty array (closes fixed alerts)", () => {
    const run = log(emptyReport).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toHaveLength(4);
  });

  test("odd paths, regions and rule ids", () => {
    const results = log(tricky).runs[0]!.results!;
    expect(results[0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "svc/a%20dir/we,ird%3Aname%25.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 2, startColumn: 3 }, // endColumn before startColumn dropped
    });
    expect(results[1]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 1 });
    expect(results[1]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe("svc/%C3%BCn%C3%AF.ts");
    expect(results[1]!.message.text).toBe("Does it end with a question?");
    expect(encodePath("packages/@shop/orders/a+b.ts")).toBe("packages/@shop/orders/a+b.ts");
    expect(pascalCase("custom:rule,x")).toBe("CustomRuleX");
  });
});

// The validator is a self-contained linux-x64 .NET binary. Run it directly: the npm wrapper
// goes through a shell.
const multitool = join(import.meta.dirname, "../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
const canValidate = process.platform === "linux" && process.arch === "x64" && existsSync(multitool);

describe.skipIf(!canValidate)("sarif: Microsoft SARIF Multitool (rule kinds Sarif + GitHub)", () => {
  const dir = mkdtempSync(join(tmpdir(), "archlint-sarif-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ["findings", report],
    ["no findings", emptyReport],
    ["tricky", tricky],
  ] as const)("%s: no errors, no warnings", (label, input) => {
    const file = join(dir, `${label.replace(/\s/g, "-")}.sarif`);
    const out = join(dir, `${label.replace(/\s/g, "-")}.validation.sarif`);
    writeFileSync(file, formatReport("sarif", input, plain));
    const run = spawnSync(
      multitool,
      ["validate", file, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note", "--output", out, "--log", "ForceOverwrite"],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const validation = JSON.parse(readFileSync(out, "utf8").replace(/^\uFEFF/, "")) as Log;
    const problems = (validation.runs[0]?.results ?? [])
      .filter((r) => r.level === "error" || r.level === "warning")
      .map((r) => `${r.level} ${r.ruleId}: ${(r.message.arguments ?? []).join(" | ")}`);
    const notifications = (validation.runs[0]?.invocations ?? [])
      .flatMap((i) => [...(i.toolExecutionNotifications ?? []), ...(i.toolConfigurationNotifications ?? [])])
      .filter((n) => n.level === "error")
      .map((n) => `tool error: ${n.message.text}`);
    expect([...problems, ...notifications]).toEqual([]);
  });
});

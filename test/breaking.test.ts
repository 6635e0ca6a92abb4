import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufBinary, findingKey, runBuf, runOurs, writeTree } from "../bench/lib/breaking-diff.mjs";
import { runBreaking } from "../src/proto/breaking.js";
import { breakingRulesMarkdown } from "../src/proto/docs.js";
import { dirSource, gitSource } from "../src/proto/load/index.js";
import { parseProto } from "../src/proto/parse.js";
import { formatBufJson, toReport } from "../src/proto/report.js";
import { breakingRules } from "../src/proto/rules/index.js";

const repo = join(import.meta.dirname, "..");
const bin = join(repo, "bin", "archlint.js");
const fixtures = join(repo, "fixtures", "breaking");

function archlint(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "archlint-breaking-"));
}

function tree(root: string, files: Record<string, string>): string {
  writeTree(root, Object.entries(files));
  return root;
}

describe("fixtures/breaking/<RULE_ID>: one case per rule, expected = buf's own output", () => {
  const dirs = readdirSync(fixtures).sort();
  it("has a fixture for each of the 64 rules, and each fires its rule", () => {
    expect(dirs).toEqual(breakingRules.map((r) => r.id));
    for (const id of dirs) expect(readFileSync(join(fixtures, id, "expected.jsonl"), "utf8"), id).toContain(`"type":"${id}"`);
  });
  for (const id of dirs) {
    it(`${id}: byte-identical buf JSON (paths, lines, columns, ends, messages)`, async () => {
      const out = await runBreaking(dirSource(join(fixtures, id, "new")), dirSource(join(fixtures, id, "old")));
      expect(formatBufJson(out)).toBe(readFileSync(join(fixtures, id, "expected.jsonl"), "utf8"));
    });
  }
});

describe("rules/breaking/README.md", () => {
  it("is generated from the rule table and current", () => {
    expect(readFileSync(join(repo, "rules", "breaking", "README.md"), "utf8")).toBe(breakingRulesMarkdown());
  });
  it("every rule states a consequence and a safe alternative", () => {
    expect(breakingRules).toHaveLength(64);
    for (const r of breakingRules) {
      expect(r.consequence.length, r.id).toBeGreaterThan(20);
      expect(r.safe.length, r.id).toBeGreaterThan(10);
    }
  });
});

describe("parser positions (buf's columns: tabs to multiples of 4)", () => {
  it("records spans of messages, fields, types, names, numbers and options", () => {
    const f = parseProto('syntax = "proto3";\npackage a;\noption go_package = "x";\nmessage M {\n\tint64 id = 1 [jstype = JS_STRING];\n  map<string, M> kids = 2;\n}\n', "a.proto");
    expect(f.syntaxSpan).toEqual({ start: { line: 1, col: 1 }, end: { line: 1, col: 19 } });
    expect(f.options.get("go_package")!.span).toEqual({ start: { line: 3, col: 1 }, end: { line: 3, col: 25 } });
    const m = f.messages[0]!;
    expect(m.span).toEqual({ start: { line: 4, col: 1 }, end: { line: 7, col: 2 } });
    const id = m.fields[0]!;
    expect(id.span.start).toEqual({ line: 5, col: 5 });
    expect(id.typeSpan).toEqual({ start: { line: 5, col: 5 }, end: { line: 5, col: 10 } });
    expect(id.nameSpan.start).toEqual({ line: 5, col: 11 });
    expect(id.options.get("jstype")!.span).toEqual({ start: { line: 5, col: 19 }, end: { line: 5, col: 37 } });
    expect(m.messages[0]!.name).toBe("KidsEntry");
  });
  it("reports a syntax error with its line and column", () => {
    expect(() => parseProto('syntax = "proto3";\nmessage M {\n  int32 x = ;\n}\n', "a.proto")).toThrow(/expecting integer/);
  });
});

describe.skipIf(!bufBinary())("buf.yaml and buf.work.yaml handling, compared with buf", () => {
  const base = {
    "a/v1/a.proto": 'syntax = "proto3";\npackage a.v1;\nmessage A {\n  string x = 1;\n  int32 y = 2;\n}\n',
    "b/v1beta1/b.proto": 'syntax = "proto3";\npackage b.v1beta1;\nmessage B {\n  string x = 1;\n  int32 y = 2;\n}\n',
    "c/c.proto": 'syntax = "proto3";\npackage c;\nenum E {\n  E_0 = 0;\n  E_1 = 1;\n}\n',
  };
  const changed = {
    "a/v1/a.proto": 'syntax = "proto3";\npackage a.v1;\nmessage A {\n  int64 x = 1;\n}\n',
    "b/v1beta1/b.proto": 'syntax = "proto3";\npackage b.v1beta1;\nmessage B {\n  int64 x = 1;\n}\n',
    "c/c.proto": 'syntax = "proto3";\npackage c;\nenum E {\n  E_0 = 0;\n  reserved 1;\n}\n',
  };
  const configs: Record<string, string> = {
    "v2 default": "version: v2\n",
    "v2 WIRE + except": "version: v2\nbreaking:\n  use: [WIRE]\n  except: [FIELD_WIRE_COMPATIBLE_TYPE]\n",
    "v2 ignore": "version: v2\nbreaking:\n  ignore: [a, c/c.proto]\n",
    "v2 ignore_only": "version: v2\nbreaking:\n  ignore_only:\n    FIELD_NO_DELETE: [a/v1]\n    WIRE_JSON: [b]\n",
    "v2 unstable": "version: v2\nbreaking:\n  use: [WIRE_JSON]\n  ignore_unstable_packages: true\n",
    "v1 PACKAGE": "version: v1\nbreaking:\n  use: [PACKAGE]\n  ignore: [c]\n",
    "v1 deprecated ids": "version: v1\nbreaking:\n  use: [FIELD_SAME_LABEL, FIELD_SAME_CTYPE, ENUM_VALUE_NO_DELETE]\n",
  };
  for (const [name, yaml] of Object.entries(configs)) {
    it(name, async () => {
      const d = tmp();
      tree(join(d, "old"), { ...base, "buf.yaml": yaml });
      tree(join(d, "new"), { ...changed, "buf.yaml": yaml });
      const buf = runBuf(join(d, "new"), join(d, "old")).map(findingKey).sort();
      const ours = (await runOurs(join(d, "new"), join(d, "old"))).map(findingKey).sort();
      expect(ours).toEqual(buf);
    });
  }
  it("v2 modules: paths relative to the workspace, files paired by module path", async () => {
    const d = tmp();
    const yaml = "version: v2\nmodules:\n  - path: proto\n  - path: vendor\n    breaking:\n      use: [WIRE]\n";
    const withRoots = (files: Record<string, string>, root: string) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`${root}/${p}`, t]));
    tree(join(d, "old"), { ...withRoots({ "a/v1/a.proto": base["a/v1/a.proto"] }, "proto"), ...withRoots({ "c/c.proto": base["c/c.proto"] }, "vendor"), "buf.yaml": yaml });
    tree(join(d, "new"), { ...withRoots({ "a/v1/a.proto": changed["a/v1/a.proto"] }, "proto"), ...withRoots({ "c/c.proto": changed["c/c.proto"] }, "vendor"), "buf.yaml": yaml });
    const buf = runBuf(join(d, "new"), join(d, "old")).map(findingKey).sort();
    expect(buf.length).toBeGreaterThan(0);
    expect((await runOurs(join(d, "new"), join(d, "old"))).map(findingKey).sort()).toEqual(buf);
  });
  it("buf.work.yaml (v1 workspace)", async () => {
    const d = tmp();
    for (const side of ["old", "new"]) {
      const files = side === "old" ? base : changed;
      tree(join(d, side), {
        "buf.work.yaml": "version: v1\ndirectories:\n  - one\n  - two\n",
        "one/buf.yaml": "version: v1\nbreaking:\n  use: [FILE]\n",
        "two/buf.yaml": "version: v1\nbreaking:\n  use: [WIRE_JSON]\n",
        "one/a/v1/a.proto": files["a/v1/a.proto"],
        "two/c/c.proto": files["c/c.proto"],
      });
    }
    const buf = runBuf(join(d, "new"), join(d, "old")).map(findingKey).sort();
    expect((await runOurs(join(d, "new"), join(d, "old"))).map(findingKey).sort()).toEqual(buf);
  });
});

describe("beyond buf", () => {
  const old = 'syntax = "proto3";\npackage shop.v1;\nmessage Money {\n  int64 units = 1;\n  string currency = 2;\n}\nmessage Order {\n  Money total = 1;\n  string note = 2;\n  int32 qty = 3;\n}\nservice S {\n  rpc Quote(Order) returns (Money);\n}\n';
  it("comment ignores: on the line above, inside the element for deletions, at top level for 1:1 findings", async () => {
    const d = tmp();
    tree(join(d, "old"), { "a.proto": old + "message Gone {}\n" });
    tree(join(d, "new"), {
      "a.proto":
        'syntax = "proto3";\npackage shop.v1;\n// archlint:ignore MESSAGE_NO_DELETE -- Gone was never used by a client\nmessage Money {\n  int64 units = 1;\n  string currency = 2;\n}\nmessage Order {\n  Money total = 1;\n  // archlint:ignore FIELD_NO_DELETE -- note moved to the audit log, clients updated in v4.2\n  // archlint:ignore FIELD_SAME_TYPE -- qty never exceeds int32\n  int64 qty = 3;\n}\nservice S {\n  rpc Quote(Order) returns (Money);\n}\n',
    });
    const out = await runBreaking(dirSource(join(d, "new")), dirSource(join(d, "old")));
    expect(out.findings.map((f) => f.ruleId)).toEqual([]);
    expect(out.suppressed).toBe(3);
  });
  it("a renamed message gives one finding that names the rename, with the type changes as related locations", async () => {
    const d = tmp();
    tree(join(d, "old"), { "a.proto": old });
    tree(join(d, "new"), { "a.proto": old.replace(/Money/g, "Amount") });
    const out = await runBreaking(dirSource(join(d, "new")), dirSource(join(d, "old")));
    expect(out.findings.map((f) => f.ruleId).sort()).toEqual(["FIELD_SAME_TYPE", "MESSAGE_NO_DELETE", "RPC_SAME_RESPONSE_TYPE"]);
    const report = toReport(out, "test");
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.message).toMatch(/"shop\.v1\.Money" looks renamed to "shop\.v1\.Amount"/);
    expect(report.findings[0]!.related).toHaveLength(2);
    expect(toReport(out, "test", false).findings).toHaveLength(3);
  });
  it("every message says what breaks and what to do instead", async () => {
    const d = tmp();
    tree(join(d, "old"), { "a.proto": old });
    tree(join(d, "new"), { "a.proto": old.replace("  string note = 2;\n", "") });
    const report = toReport(await runBreaking(dirSource(join(d, "new")), dirSource(join(d, "old"))), "test");
    expect(report.findings[0]!.message).toMatch(/was deleted\. .*old clients.* Instead: Keep the field/);
  });
});

describe("compile errors", () => {
  it("a syntax error or a missing import is a COMPILE finding with file and line, and nothing else runs", async () => {
    const d = tmp();
    tree(join(d, "old"), { "a.proto": 'syntax = "proto3";\nmessage A {}\n' });
    tree(join(d, "new"), { "a.proto": 'syntax = "proto3";\nimport "nope/missing.proto";\nmessage A {\n  strin x = 1;\n}\n' });
    const out = await runBreaking(dirSource(join(d, "new")), dirSource(join(d, "old")));
    expect(out.compile.map((c) => [c.path, c.line, c.message])).toEqual([
      ["a.proto", 2, 'import "nope/missing.proto": file does not exist'],
      ["a.proto", 4, "cannot find `strin` in this scope"],
    ]);
    tree(join(d, "new"), { "a.proto": 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}\n' });
    const r = archlint(["breaking", join(d, "new"), "--against", join(d, "old"), "--format", "json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; location: { file: string; line: number } }> };
    expect(json.findings.map((f) => [f.ruleId, f.location.file, f.location.line])).toEqual([["COMPILE", "a.proto", 3]]);
  });
  it("well-known types and descriptor.proto custom options resolve without files", async () => {
    const d = tmp();
    const src = 'syntax = "proto3";\npackage a;\nimport "google/protobuf/timestamp.proto";\nimport "google/protobuf/descriptor.proto";\nextend google.protobuf.FieldOptions {\n  string label = 50001;\n}\nmessage A {\n  google.protobuf.Timestamp at = 1 [(label) = "x"];\n}\n';
    tree(join(d, "old"), { "a.proto": src });
    tree(join(d, "new"), { "a.proto": src });
    const out = await runBreaking(dirSource(join(d, "new")), dirSource(join(d, "old")));
    expect(out.compile).toEqual([]);
    expect(out.findings).toEqual([]);
  });
});

describe("CLI: archlint breaking", () => {
  const shop = join(repo, "fixtures", "repos", "shop");
  function shopPair() {
    const d = tmp();
    cpSync(shop, join(d, "old"), { recursive: true });
    cpSync(shop, join(d, "new"), { recursive: true });
    const f = join(d, "new", "proto", "shop", "orders", "v1", "orders.proto");
    writeFileSync(f, readFileSync(f, "utf8").replace("  string reason = 2;\n", "").replace("int64 total_cents = 4;", "double total_cents = 4;"));
    return d;
  }
  it("exits 0 on no change, 1 on a breaking change; json carries buf's rule ids and paths", () => {
    const d = shopPair();
    expect(archlint(["breaking", join(d, "old"), "--against", join(d, "old")]).code).toBe(0);
    const r = archlint(["breaking", join(d, "new"), "--against", join(d, "old"), "--format", "json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; location: { file: string; line: number }; message: string }> };
    expect(json.findings.map((f) => [f.ruleId, f.location.file, f.location.line])).toEqual([
      ["FIELD_SAME_TYPE", "proto/shop/orders/v1/orders.proto", 35],
      ["FIELD_NO_DELETE", "proto/shop/orders/v1/orders.proto", 51],
    ]);
    for (const fmt of ["stylish", "sarif", "github", "markdown"]) {
      const out = archlint(["breaking", join(d, "new"), "--against", join(d, "old"), "--format", fmt]);
      expect(out.code, fmt).toBe(1);
      expect(out.stdout, fmt).toContain("FIELD_NO_DELETE");
    }
  });
  it.skipIf(!bufBinary())("--format buf-json prints what buf prints", () => {
    const d = shopPair();
    const ours = archlint(["breaking", ".", "--against", "../old", "--format", "buf-json"], join(d, "new"));
    const buf = spawnSync(bufBinary()!, ["breaking", ".", "--against", "../old", "--error-format", "json"], { cwd: join(d, "new"), encoding: "utf8" });
    expect(ours.stdout).toBe(buf.stdout);
  });
  it("reads --against from git refs without checkout; a missing ref in a shallow clone says how to fetch it", async () => {
    const d = tmp();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: d, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
    git("init", "-q", "-b", "main");
    cpSync(join(shop, "buf.yaml"), join(d, "api", "buf.yaml"), { recursive: true });
    cpSync(join(shop, "proto"), join(d, "api", "proto"), { recursive: true });
    git("add", ".");
    git("commit", "-q", "-m", "v1");
    git("tag", "v1");
    const f = join(d, "api", "proto", "shop", "orders", "v1", "orders.proto");
    writeFileSync(f, readFileSync(f, "utf8").replace("  string reason = 2;\n", ""));
    const before = git("status", "--porcelain");
    for (const ref of ["HEAD", "v1", "main"]) {
      const r = archlint(["breaking", join(d, "api"), "--against", ref, "--format", "buf-json"]);
      expect(r.code, ref).toBe(1);
      expect(r.stdout, ref).toContain('"type":"FIELD_NO_DELETE"');
    }
    git("commit", "-q", "-am", "v2");
    expect(archlint(["breaking", join(d, "api"), "--against", "HEAD~1"]).code).toBe(1);
    expect(archlint(["breaking", join(d, "api"), "--against", "HEAD"]).code).toBe(0);
    expect(git("status", "--porcelain")).toBe("");
    void before;
    const src = await gitSource(join(d, "api"), "v1");
    expect((await src.list()).filter((p) => p.endsWith(".proto")).sort()).toEqual(["proto/shop/inventory/v1/inventory.proto", "proto/shop/orders/v1/orders.proto"]);
    // a shallow clone without the base branch
    const clone = tmp();
    rmSync(clone, { recursive: true });
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${d}`, clone]);
    const r = archlint(["breaking", join(clone, "api"), "--against", "origin/base"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/git ref 'origin\/base' not found.*shallow clone.*git fetch/);
  });
  it("exits 2 with one line on usage errors", () => {
    const d = tmp();
    for (const args of [["breaking", join(d, "nope"), "--against", d], ["breaking", d], ["breaking", d, "--against", "no-such-ref"]]) {
      const r = archlint(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    writeFileSync(join(d, "buf.yaml"), "version: v2\nbreaking:\n  use: [NOPE]\n");
    const r = archlint(["breaking", d, "--against", d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown breaking rule or category 'NOPE'/);
  });
  it("archlint rules lists and explains the breaking rules", () => {
    const list = archlint(["rules", "--breaking"]);
    expect(list.code).toBe(0);
    for (const r of breakingRules) expect(list.stdout).toContain(r.id);
    const one = archlint(["rules", "FIELD_NO_DELETE"]);
    expect(one.stdout).toMatch(/What breaks: .*\n\nDo instead: /);
    expect(existsSync(join(repo, "rules", "breaking", "README.md"))).toBe(true);
  });
});

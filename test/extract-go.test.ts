import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CallFact, EnvReadFact, Fact, FileFacts, ImportFact, StringFact, Value } from "../src/extract/facts.js";
import { goPackageName, isGeneratedGo, loadGoExtractor, type GoExtractor } from "../src/extract/go/index.js";
import { positionOfOffset } from "../src/extract/strings.js";

let extract: GoExtractor;

beforeAll(async () => {
  extract = await loadGoExtractor();
});

const strings = (r: FileFacts): StringFact[] => r.facts.filter((f): f is StringFact => f.kind === "string");
const calls = (r: FileFacts, callee?: string): CallFact[] =>
  r.facts.filter((f): f is CallFact => f.kind === "call" && (callee === undefined || f.callee === callee));
const envReads = (r: FileFacts): EnvReadFact[] => r.facts.filter((f): f is EnvReadFact => f.kind === "env-read");
const imports = (r: FileFacts): ImportFact[] => r.facts.filter((f): f is ImportFact => f.kind === "import");
const call = (r: FileFacts, callee: string): CallFact => {
  const c = calls(r, callee)[0];
  if (!c) throw new Error(`no call ${callee} in ${calls(r).map((x) => x.callee).join(", ")}`);
  return c;
};
const str = (v: Value | undefined): Extract<Value, { kind: "string" }> => {
  if (!v || v.kind !== "string") throw new Error(`not a string value: ${JSON.stringify(v)}`);
  return v;
};
/** 1-based line/column of the first occurrence of `needle` in `text` (UTF-16 columns). */
const where = (text: string, needle: string, from = 0): { line: number; column: number } => {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, i).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
};

describe("Go extractor", () => {
  it("puts the repo-relative path, language and 1-based positions on every fact", () => {
    const text = 'package main\n\nfunc main() {\n\tprintln("hi")\n}\n';
    const r = extract("svc/main.go", text);
    expect(r.file).toBe("svc/main.go");
    expect(r.language).toBe("go");
    expect(r.parseError).toBeUndefined();
    const s = strings(r)[0]!;
    expect(s.loc).toEqual({ file: "svc/main.go", line: 4, column: 10, endLine: 4, endColumn: 14 });
    expect(s.context).toEqual({ callee: "println", argIndex: 0 });
    const c = call(r, "println");
    expect(c.loc).toMatchObject({ line: 4, column: 2, endLine: 4, endColumn: 15 });
    expect(c.isNew).toBe(false);
  });

  it("maps an offset in a multi-line raw SQL string to the line of its `*`", () => {
    const text = [
      "package repo",
      "",
      "func (r *Repo) List() {",
      "\tq := `",
      "\t\tSELECT o.id,",
      "\t\t       c.*",
      "\t\tFROM orders o JOIN customers c ON c.id = o.customer_id`",
      "\tr.db.Query(q)",
      "}",
      "",
    ].join("\n");
    const r = extract("repo.go", text);
    const s = strings(r).find((f) => f.value.includes("SELECT"))!;
    expect(s.context).toEqual({ variable: "q" });
    expect(s.segments).toHaveLength(1);
    expect(s.segments[0]!.multiline).toBe(true);
    const star = positionOfOffset(s.segments, s.value.indexOf("*"))!;
    const cStar = where(text, "c.*");
    expect(star).toEqual({ line: 6, column: cStar.column + 2 });
    expect(cStar.line).toBe(6);
    const from = positionOfOffset(s.segments, s.value.indexOf("FROM"))!;
    expect(from).toEqual(where(text, "FROM"));
    // The call gets the resolved value, located at the definition.
    const q = str(call(r, "r.db.Query").args[0]);
    expect(q.value).toBe(s.value);
    expect(q.loc.line).toBe(4);
    expect(positionOfOffset(q.segments, q.value.indexOf("*"))).toEqual(star);
  });

  it("drops carriage returns from raw strings like Go does, keeping positions exact", () => {
    const text = "package x\r\nvar q = `SELECT *\r\nFROM t`\r\n";
    const r = extract("x.go", text);
    const s = strings(r)[0]!;
    expect(s.value).toBe("SELECT *\nFROM t");
    expect(positionOfOffset(s.segments, s.value.indexOf("FROM"))).toEqual({ line: 3, column: 1 });
    expect(positionOfOffset(s.segments, s.value.indexOf("*"))).toEqual({ line: 2, column: 17 });
  });

  it("folds a concatenation of literals across lines into one StringFact", () => {
    const text = [
      "package repo",
      "func f(db DB, table string) {",
      '\tconst q = "SELECT * " +',
      '\t\t"FROM orders " +',
      '\t\t"WHERE id = ?"',
      '\tdb.Exec("DELETE FROM " + table + " WHERE id = ?", 1)',
      "}",
    ].join("\n");
    const r = extract("repo.go", text);
    const ss = strings(r);
    expect(ss.map((s) => s.value)).toEqual(["SELECT * FROM orders WHERE id = ?", "DELETE FROM  WHERE id = ?"]);
    const q = ss[0]!;
    expect(q.context).toEqual({ variable: "q" });
    expect(q.segments.map((s) => [s.offset, s.line, s.column])).toEqual([
      [0, 3, 13],
      [9, 4, 4],
      [21, 5, 4],
    ]);
    expect(q.holes).toEqual([]);
    expect(positionOfOffset(q.segments, q.value.indexOf("WHERE"))).toEqual(where(text, "WHERE"));
    expect(q.loc).toMatchObject({ line: 3, column: 12, endLine: 5, endColumn: 17 });
    const del = ss[1]!;
    expect(del.holes).toEqual(["DELETE FROM ".length]);
    expect(del.context).toEqual({ callee: "db.Exec", argIndex: 0 });
    // The folded value also reaches the call.
    const exec = call(r, "db.Exec");
    expect(str(exec.args[0]).value).toBe("DELETE FROM  WHERE id = ?");
    expect(str(exec.args[0]).holes).toEqual([12]);
    expect(exec.args[1]).toMatchObject({ kind: "number", value: 1 });
  });

  it("folds `q += …` onto the previous value of q", () => {
    const text = 'package x\nfunc f(db DB) {\n\tq := "SELECT id FROM t"\n\tq += " WHERE a = 1"\n\tdb.Query(q)\n}\n';
    const r = extract("x.go", text);
    const v = str(call(r, "db.Query").args[0]);
    expect(v.value).toBe("SELECT id FROM t WHERE a = 1");
    expect(positionOfOffset(v.segments, v.value.indexOf("WHERE"))).toEqual(where(text, "WHERE"));
  });

  it("decodes escapes and keeps every character mapped to its column", () => {
    const text = 'package x\nvar s = "a\\tb\\"c\\u00e9\\xc3\\xa9d"\n';
    const r = extract("x.go", text);
    const s = strings(r)[0]!;
    expect(s.value).toBe('a\tb"cééd');
    expect(s.segments.every((g) => !g.multiline)).toBe(true);
    // `d` sits after: a \t b \" c \u00e9 \xc3\xa9
    expect(positionOfOffset(s.segments, s.value.indexOf("d"))).toEqual(where(text, 'd"'));
    expect(positionOfOffset(s.segments, s.value.indexOf("c"))).toEqual(where(text, "c\\u"));
  });

  it("folds fmt.Sprintf DSNs built from os.Getenv values", () => {
    const text = [
      "package db",
      'import ("database/sql"; "fmt"; "os")',
      "func Open() {",
      '\tdsn := fmt.Sprintf("postgres://%s:%s@%s:%d/orders", os.Getenv("DB_USER"), os.Getenv("DB_PASS"), "db.internal", 5432)',
      '\tsql.Open("postgres", dsn)',
      '\taddr := fmt.Sprintf("%s:%d", host, port)',
      "\tdial(addr)",
      "}",
      'const host = "cache"',
      "const port = 6379",
    ].join("\n");
    const r = extract("db.go", text);
    const sprintf = call(r, "fmt.Sprintf");
    expect(sprintf.args.slice(1, 3)).toMatchObject([
      { kind: "env", name: "DB_USER" },
      { kind: "env", name: "DB_PASS" },
    ]);
    const dsn = str(call(r, "sql.Open").args[1]);
    expect(dsn.value).toBe("postgres://:@db.internal:5432/orders");
    expect(dsn.holes).toEqual([11, 12]);
    expect(positionOfOffset(dsn.segments, dsn.value.indexOf("db.internal"))).toEqual(where(text, "db.internal"));
    expect(positionOfOffset(dsn.segments, dsn.value.indexOf("/orders"))).toEqual(where(text, "/orders"));
    expect(positionOfOffset(dsn.segments, dsn.value.indexOf("5432"))).toEqual(where(text, "5432)"));
    const addr = str(call(r, "dial").args[0]);
    expect(addr.value).toBe("cache:6379");
    expect(addr.holes).toEqual([]);
    expect(envReads(r).map((e) => e.name)).toEqual(["DB_USER", "DB_PASS"]);
    expect(strings(r).find((s) => s.value.startsWith("postgres://"))!.context).toEqual({
      callee: "fmt.Sprintf",
      argIndex: 0,
    });
  });

  it("handles %%, explicit argument indexes, %q and net.JoinHostPort when folding", () => {
    const text = [
      "package x",
      "func f(h string) {",
      '\tdial(fmt.Sprintf("%[2]s:%[1]d 100%% %q %x", 80, "web", "q", 255))',
      '\tdial(net.JoinHostPort("db", "5432"))',
      '\tdial(net.JoinHostPort(h, "5432"))',
      "}",
    ].join("\n");
    const r = extract("x.go", text);
    const [a, b, c] = calls(r, "dial").map((d) => str(d.args[0]));
    // Like Go: after %[1]d the next verb takes argument 2 ("web"), then 3 ("q", hole for %x).
    expect(a!.value).toBe('web:80 100% "web" ');
    expect(a!.holes).toEqual([a!.value.length]);
    expect(positionOfOffset(a!.segments, a!.value.indexOf("%"))).toEqual(where(text, "%%"));
    expect(b!.value).toBe("db:5432");
    expect(b!.holes).toEqual([]);
    expect(c!.value).toBe(":5432");
    expect(c!.holes).toEqual([0]);
  });

  it("ignores comments between arguments and names func literal calls `func`", () => {
    const text = [
      "package x",
      "func f() {",
      '\tdb.Query(/* the query */ "SELECT 1", // trailing',
      "\t\t42)",
      '\tgo func() { db.Ping("x") }()',
      '\tq := "a" + // first',
      '\t\t"b"',
      "}",
    ].join("\n");
    const r = extract("x.go", text);
    expect(call(r, "db.Query").args).toMatchObject([{ value: "SELECT 1" }, { value: 42 }]);
    expect(strings(r)[0]!.context).toEqual({ callee: "db.Query", argIndex: 0 });
    expect(calls(r).map((c) => c.callee)).toEqual(["db.Query", "func", "db.Ping"]);
    expect(strings(r).find((s) => s.context.variable === "q")!.value).toBe("ab");
  });

  it("evaluates redis.Options composite literals into objects", () => {
    const text = [
      "package cache",
      'import ("os"; "github.com/redis/go-redis/v9")',
      "func New() *redis.Client {",
      "\treturn redis.NewClient(&redis.Options{",
      '\t\tAddr:     "redis:6379",',
      '\t\tPassword: os.Getenv("REDIS_PASSWORD"),',
      "\t\tDB:       0,",
      "\t\tPoolSize: -1,",
      "\t\tTLSConfig: nil,",
      '\t\tHosts: []string{"a", "b"},',
      "\t})",
      "}",
    ].join("\n");
    const r = extract("cache.go", text);
    const opts = call(r, "redis.NewClient").args[0]!;
    expect(opts.kind).toBe("object");
    if (opts.kind !== "object") return;
    expect(opts.props["Addr"]).toMatchObject({ kind: "string", value: "redis:6379" });
    expect(opts.props["Password"]).toMatchObject({ kind: "env", name: "REDIS_PASSWORD" });
    expect(opts.props["DB"]).toMatchObject({ kind: "number", value: 0 });
    expect(opts.props["PoolSize"]).toMatchObject({ kind: "number", value: -1 });
    expect(opts.props["TLSConfig"]).toMatchObject({ kind: "unknown", text: "nil" });
    expect(opts.props["Hosts"]).toMatchObject({ kind: "array", items: [{ value: "a" }, { value: "b" }] });
    expect(opts.loc.line).toBe(4);
    const addr = strings(r).find((s) => s.value === "redis:6379")!;
    expect(addr.context).toEqual({ property: "Addr", callee: "redis.NewClient", argIndex: 0 });
    expect(envReads(r)).toMatchObject([{ name: "REDIS_PASSWORD", loc: { line: 6 } }]);
  });

  it("resolves a const address passed to grpc.Dial", () => {
    const text = [
      "package client",
      'import "google.golang.org/grpc"',
      'const inventoryAddr = "inventory.svc:50051"',
      "func Dial() {",
      "\tconn, err := grpc.Dial(inventoryAddr, grpc.WithInsecure())",
      "\t_ = conn",
      "}",
    ].join("\n");
    const r = extract("client.go", text);
    const dial = call(r, "grpc.Dial");
    const addr = str(dial.args[0]);
    expect(addr.value).toBe("inventory.svc:50051");
    expect(addr.loc).toMatchObject({ line: 3, column: 23 });
    expect(dial.args[1]).toMatchObject({ kind: "call", callee: "grpc.WithInsecure" });
    expect(dial.loc.line).toBe(5);
    // The string fact stays at the definition.
    expect(strings(r)).toHaveLength(1);
    expect(strings(r)[0]!.context).toEqual({ variable: "inventoryAddr" });
  });

  it("uses the last assignment before the call and respects function scopes", () => {
    const text = [
      "package x",
      'var addr = "pkg:1"',
      "func a(c C) {",
      '\taddr := "local:2"',
      '\taddr = "local:3"',
      "\tc.Dial(addr)",
      "}",
      "func b(c C) { c.Dial(addr) }",
      "func d(c C, addr string) { c.Dial(addr) }",
      "func e(c C) { go func() { c.Dial(addr) }() }",
    ].join("\n");
    const r = extract("x.go", text);
    const dials = calls(r, "c.Dial").map((c) => c.args[0]);
    expect(dials.map((v) => (v?.kind === "string" ? v.value : v?.kind))).toEqual([
      "local:3",
      "pkg:1",
      "unknown",
      "pkg:1",
    ]);
  });

  it("keeps method chains in the callee path", () => {
    const text = [
      "package m",
      "func f(ctx Ctx, s *S) {",
      '\tclient, _ := mongo.Connect(ctx, options.Client().ApplyURI("mongodb://mongo:27017"))',
      '\ts.client.Get("http://users/api")',
      "}",
    ].join("\n");
    const r = extract("m.go", text);
    const names = calls(r).map((c) => c.callee);
    expect(names).toEqual(["mongo.Connect", "options.Client().ApplyURI", "options.Client", "s.client.Get"]);
    expect(call(r, "mongo.Connect").args[1]).toMatchObject({ kind: "call", callee: "options.Client().ApplyURI" });
    expect(strings(r)[0]!.context).toEqual({ callee: "options.Client().ApplyURI", argIndex: 0 });
  });

  it("emits imports with aliases and Go package names", () => {
    const text = [
      "package main",
      'import "fmt"',
      "import (",
      '\tpg "github.com/lib/pq"',
      '\t_ "github.com/go-sql-driver/mysql"',
      '\t. "strings"',
      '\t"github.com/go-redis/redis/v8"',
      '\t"gopkg.in/yaml.v3"',
      ")",
    ].join("\n");
    const r = extract("main.go", text);
    expect(imports(r).map((i) => [i.module, i.names])).toEqual([
      ["fmt", ["fmt"]],
      ["github.com/lib/pq", ["pg"]],
      ["github.com/go-sql-driver/mysql", ["_"]],
      ["strings", ["."]],
      ["github.com/go-redis/redis/v8", ["redis"]],
      ["gopkg.in/yaml.v3", ["yaml"]],
    ]);
    expect(imports(r)[1]!.loc).toMatchObject({ line: 4, column: 2 });
    // Import paths are not string facts.
    expect(strings(r)).toEqual([]);
    expect(goPackageName("k8s.io/client-go/kubernetes")).toBe("kubernetes");
  });

  it("reports syntax errors and still returns the facts it could extract", () => {
    const text = [
      "package broken",
      'const addr = "redis:6379"',
      "func f() {",
      '\tclient.Dial(addr',
      "}",
      'func g() { db.Query("SELECT * FROM t") }',
    ].join("\n");
    const r = extract("broken.go", text);
    expect(r.parseError).toBeDefined();
    expect(r.parseError!.message).toBe("syntax error");
    expect(r.parseError!.line).toBeGreaterThanOrEqual(4);
    expect(r.parseError!.line).toBeLessThanOrEqual(5);
    expect(strings(r).map((s) => s.value)).toContain("SELECT * FROM t");
    expect(calls(r).map((c) => c.callee)).toContain("db.Query");
    const garbage = extract("garbage.go", "this is not go at all {{{ \u00e9");
    expect(garbage.parseError).toMatchObject({ message: "syntax error", line: 1 });
  });

  it("uses UTF-16 columns on lines with non-ASCII text", () => {
    const text = 'package x\n// héllo 😀\nfunc f() { log.Print("é😀 ok", "x"); db.Query("SELECT 1") }\n';
    const r = extract("x.go", text);
    const [a, b, c] = strings(r);
    expect(a!.loc).toMatchObject({ line: 3, column: 22, endColumn: 30 });
    expect(b!.loc).toMatchObject({ line: 3, column: 32 });
    // UTF-16: é is 1 unit, 😀 is 2 (UTF-8 bytes would give 50).
    expect(c!.loc).toMatchObject({ line: 3, column: 47 });
    expect(where(text, '"SELECT')).toEqual({ line: 3, column: 47 });
    expect(positionOfOffset(a!.segments, a!.value.indexOf("ok"))).toEqual(where(text, "ok"));
    expect(call(r, "db.Query").loc).toMatchObject({ line: 3, column: 38 });
  });

  it("detects the generated-code header", () => {
    expect(isGeneratedGo("// Code generated by protoc-gen-go. DO NOT EDIT.\n// source: a.proto\n\npackage pb\n")).toBe(
      true,
    );
    expect(isGeneratedGo("// Copyright 2024\n\n// Code generated by mockgen. DO NOT EDIT.\r\npackage m\n")).toBe(true);
    expect(isGeneratedGo("package main\n\n// Code generated by hand. DO NOT EDIT.\n")).toBe(false);
    expect(isGeneratedGo("// Code generated by x. Do not edit.\npackage main\n")).toBe(false);
    expect(isGeneratedGo("package main\n")).toBe(false);
  });

  it("finds env reads with defaults", () => {
    const text = [
      "package cfg",
      "func getEnv(key, fallback string) string {",
      "\tif v, ok := os.LookupEnv(key); ok {",
      "\t\treturn v",
      "\t}",
      "\treturn fallback",
      "}",
      "func Load() {",
      '\thost := os.Getenv("DB_HOST")',
      '\tif host == "" {',
      '\t\thost = "localhost"',
      "\t}",
      '\tport, ok := os.LookupEnv("DB_PORT")',
      "\tif !ok {",
      '\t\tport = "5432"',
      "\t}",
      '\tconnect(host, port, getEnv("DB_NAME", "orders"), cmp.Or(os.Getenv("DB_SSL"), "disable"))',
      '\tviper.GetString("db.user")',
      '\tconfig.GetEnvOrDefault("CACHE_URL", "redis://cache:6379")',
      "}",
    ].join("\n");
    const r = extract("cfg.go", text);
    const reads = envReads(r).map((e) => [e.name, e.default?.kind === "string" ? e.default.value : undefined]);
    expect(reads).toEqual([
      ["DB_HOST", "localhost"],
      ["DB_PORT", "5432"],
      ["DB_NAME", "orders"],
      ["DB_SSL", "disable"],
      ["CACHE_URL", "redis://cache:6379"],
    ]);
    const args = call(r, "connect").args;
    expect(args[0]).toMatchObject({ kind: "env", name: "DB_HOST", default: { kind: "string", value: "localhost" } });
    expect(args[1]).toMatchObject({ kind: "env", name: "DB_PORT", default: { kind: "string", value: "5432" } });
    expect(args[2]).toMatchObject({ kind: "env", name: "DB_NAME", default: { kind: "string", value: "orders" } });
    expect(args[3]).toMatchObject({ kind: "env", name: "DB_SSL", default: { kind: "string", value: "disable" } });
    expect(envReads(r)[0]!.loc).toMatchObject({ line: 9, column: 10 });
  });

  it("gives strings their property, variable and map contexts, and skips struct tags", () => {
    const text = [
      "package x",
      "type T struct {",
      '\tName string `json:"name"`',
      "}",
      "var cfg = Config{",
      '\tURL: "http://users:8080",',
      '\tHeaders: map[string]string{"X-Team": "orders"},',
      "}",
      'var a, b = "first", "second"',
      "func f(c *Config) {",
      '\tc.URL = "http://billing"',
      '\tswitch env { case "prod": }',
      "}",
    ].join("\n");
    const r = extract("x.go", text);
    const ctx = Object.fromEntries(strings(r).map((s) => [s.value, s.context]));
    expect(ctx).toEqual({
      "http://users:8080": { property: "URL", variable: "cfg" },
      "X-Team": {},
      orders: { property: "X-Team", variable: "cfg" },
      first: { variable: "a" },
      second: { variable: "b" },
      "http://billing": { variable: "c.URL" },
      prod: {},
    });
  });

  it("truncates unknown argument text and evaluates other literal kinds", () => {
    const long = "x".repeat(200);
    const text = `package x\nfunc f() { g(${long}, 0x1F, 1_000, 2.5, true, 'a', 5 * time.Second, []int{}, args...) }\n`;
    const r = extract("x.go", text);
    const args = call(r, "g").args;
    expect(args[0]).toMatchObject({ kind: "unknown" });
    expect((args[0] as { text: string }).text.length).toBeLessThanOrEqual(80);
    expect(args.slice(1, 5).map((a) => (a as { value: unknown }).value)).toEqual([31, 1000, 2.5, true]);
    expect(args[5]).toMatchObject({ kind: "unknown", text: "'a'" });
    expect(args[6]).toMatchObject({ kind: "unknown", text: "5 * time.Second" });
    expect(args[7]).toMatchObject({ kind: "array", items: [] });
    expect(args[8]).toMatchObject({ kind: "unknown", text: "args..." });
  });

  it("is reusable across many files and returns plain JSON", () => {
    const text = readFileSync(new URL("./data/go/orders.go", import.meta.url), "utf8");
    let last: FileFacts | undefined;
    for (let i = 0; i < 300; i++) last = extract(`svc/orders${i}.go`, text);
    expect(last!.file).toBe("svc/orders299.go");
    const facts: Fact[] = last!.facts;
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect(facts.length).toBeGreaterThan(30);
    expect(envReads(last!).map((e) => e.name)).toEqual([
      "DB_HOST",
      "DB_USER",
      "DB_PASS",
      "REDIS_PASSWORD",
      "MONGO_URI",
    ]);
  });

  it("returns the same promise from loadGoExtractor", async () => {
    expect(await loadGoExtractor()).toBe(extract);
  });
});

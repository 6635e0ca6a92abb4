import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig, type ArchlintConfig } from "../src/config/types.js";
import { assignFiles, composeBuildFolders, composeBuildService, discover, isTestPath, normalizeServiceName } from "../src/discover/index.js";
import { languageOf } from "../src/discover/classify.js";
import { createPathMatcher, globToRegExp } from "../src/discover/glob.js";
import type { Discovery } from "../src/discover/types.js";

const tmpRoots: string[] = [];

function tmpDir(prefix = "archlint-discover-"): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tmpRoots.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

function write(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

function cleanGitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("GIT_")) delete env[k];
  return env;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args],
    { cwd, env: cleanGitEnv(), stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
}

const hasGit = (() => {
  try {
    git(os.tmpdir(), "--version");
    return true;
  } catch {
    return false;
  }
})();

function config(overrides: Partial<ArchlintConfig> = {}): ArchlintConfig {
  return { ...defaultConfig, ...overrides };
}

/** A small monorepo exercising every exclusion and service rule. */
const SHOP: Record<string, string> = {
  "package.json": JSON.stringify({ name: "shop", private: true, workspaces: ["services/*", "packages/*"] }, null, 2),
  "package-lock.json": "{}",
  ".gitignore": "*.log\nsecret/\n",
  "app.log": "x",
  "secret/key.json": "{}",
  "README.md": "# shop",
  ".env": "A=1",
  ".env.production": "A=2",
  ".env.example": "A=",
  ".envrc": "use nix",
  "config/app.env": "B=1",
  "proto/orders.proto": 'syntax = "proto3";',
  "deploy/k8s/orders.yaml": "kind: Deployment",
  "deploy/docker/Dockerfile": "FROM node",
  ".github/actions/x/Dockerfile": "FROM alpine",
  "legacy/old.ts": "export {};",
  "e2e/package.json": JSON.stringify({ name: "e2e" }),
  "e2e/checkout.ts": "export {};",
  "services/orders/package.json":
    '{\n  "description": "orders",\n  "name": "@shop/orders-service",\n  "scripts": { "start": "node dist/index.js" }\n}\n',
  "services/orders/Dockerfile": "FROM node:20",
  "services/orders/Dockerfile.dev": "FROM node:20",
  "services/orders/.gitignore": "generated/\n*.sql\n!schema.sql\n",
  "services/orders/generated/client.ts": "export {};",
  "services/orders/schema.sql": "create table orders (id int);",
  "services/orders/seed.sql": "insert into orders values (1);",
  "services/orders/src/index.ts": "export const x = 1;",
  "services/orders/src/index.test.ts": "test",
  "services/orders/src/__tests__/helper.ts": "export {};",
  "services/orders/src/types.d.ts": "declare const x: number;",
  "services/orders/src/api_pb.js": "// generated",
  "services/orders/src/api_grpc_pb.js": "// generated",
  "services/orders/src/api_pb.d.ts": "// generated",
  "services/orders/src/api.pb.ts": "// generated",
  "services/orders/src/vendor.min.js": "!function(){}",
  "services/orders/src/view.tsx": "export {};",
  "services/orders/src/worker.mjs": "export {};",
  "services/orders/src/legacy.cjs": "module.exports = {};",
  "services/orders/src/thing.generated.ts": "export {};",
  "services/orders/node_modules/left-pad/index.js": "module.exports = 1;",
  "services/orders/node_modules/left-pad/package.json": JSON.stringify({ name: "left-pad" }),
  "services/orders/dist/index.js": "x",
  "services/orders/coverage/lcov.json": "{}",
  "services/payments/go.mod": "// payments service\nmodule github.com/acme/payments/v2\n\ngo 1.22\n",
  "services/payments/go.sum": "x",
  "services/payments/main.go": "package main",
  "services/payments/main_test.go": "package main",
  "services/payments/testdata/in.json": "{}",
  "services/payments/api/payments.pb.go": "package api",
  "services/payments/api/payments_grpc.pb.go": "package api",
  "services/payments/api/payments.pb.gw.go": "package api",
  "services/payments/api/handler.go": "package api",
  "services/payments/vendor/github.com/x/y/y.go": "package y",
  "services/payments/target/out.go": "package y",
  "services/gateway/Dockerfile": "FROM nginx",
  "services/gateway/nginx.conf": "events {}",
  "packages/shared/package.json": JSON.stringify({ name: "@shop/shared", main: "index.js" }),
  "packages/shared/index.ts": "export const shared = 1;",
  "nested/.git/HEAD": "ref: refs/heads/main\n",
  "nested/inner.ts": "export {};",
};

const SHOP_CONFIG = config({ ignore: ["legacy/**", "*.generated.ts"] });

const EXPECTED_FILES = [
  ".env",
  ".env.example",
  ".env.production",
  ".github/actions/x/Dockerfile",
  "config/app.env",
  "deploy/docker/Dockerfile",
  "deploy/k8s/orders.yaml",
  "e2e/checkout.ts",
  "e2e/package.json",
  "package.json",
  "packages/shared/index.ts",
  "packages/shared/package.json",
  "proto/orders.proto",
  "services/gateway/Dockerfile",
  "services/orders/Dockerfile",
  "services/orders/Dockerfile.dev",
  "services/orders/package.json",
  "services/orders/schema.sql",
  "services/orders/src/__tests__/helper.ts",
  "services/orders/src/index.test.ts",
  "services/orders/src/index.ts",
  "services/orders/src/legacy.cjs",
  "services/orders/src/linked.ts",
  "services/orders/src/view.tsx",
  "services/orders/src/worker.mjs",
  "services/payments/api/handler.go",
  "services/payments/go.mod",
  "services/payments/main.go",
  "services/payments/main_test.go",
  "services/payments/testdata/in.json",
];

const TEST_FILES = [
  "e2e/checkout.ts",
  "e2e/package.json",
  "services/orders/src/__tests__/helper.ts",
  "services/orders/src/index.test.ts",
  "services/payments/main_test.go",
  "services/payments/testdata/in.json",
];

/** Symlinks: out of the root, a loop, a folder inside the root, a file inside the root. */
function addSymlinks(root: string, outside: string): void {
  fs.symlinkSync(outside, path.join(root, "outside-dir"));
  fs.symlinkSync(path.join(outside, "stolen.ts"), path.join(root, "services/orders/src/stolen.ts"));
  if (fs.existsSync("/etc")) fs.symlinkSync("/etc", path.join(root, "etc"));
  fs.symlinkSync("loop-b.ts", path.join(root, "loop-a.ts"));
  fs.symlinkSync("loop-a.ts", path.join(root, "loop-b.ts"));
  fs.symlinkSync("..", path.join(root, "services/orders/parent"));
  fs.symlinkSync("../../packages/shared", path.join(root, "services/orders/node_modules-link-target"));
  fs.symlinkSync("node_modules-link-target", path.join(root, "services/orders/dist-link"));
  fs.symlinkSync("../../packages", path.join(root, "services/gateway/node_modules"));
  fs.symlinkSync("../../../packages/shared/index.ts", path.join(root, "services/orders/src/linked.ts"));
}

function makeShop(): { root: string; outside: string } {
  const base = tmpDir();
  const root = path.join(base, "shop");
  const outside = path.join(base, "outside");
  write(root, SHOP);
  write(outside, { "stolen.ts": "export const secret = 1;" });
  addSymlinks(root, outside);
  return { root, outside };
}

function skippedReason(d: Discovery, p: string): string | undefined {
  return d.skipped.find((s) => s.path === p)?.reason;
}

function checkShop(d: Discovery, root: string): void {
  expect(d.root).toBe(root);
  expect(d.files.map((f) => f.path)).toEqual(EXPECTED_FILES);
  expect(d.files.filter((f) => f.isTest).map((f) => f.path)).toEqual(TEST_FILES);

  const lang = Object.fromEntries(d.files.map((f) => [f.path, f.language]));
  expect(lang[".env.example"]).toBe("env");
  expect(lang["config/app.env"]).toBe("env");
  expect(lang["services/orders/Dockerfile"]).toBe("other");
  expect(lang["services/payments/go.mod"]).toBe("other");
  expect(lang["services/orders/src/view.tsx"]).toBe("ts");
  expect(lang["services/orders/src/legacy.cjs"]).toBe("js");
  expect(lang["services/orders/schema.sql"]).toBe("sql");
  expect(lang["proto/orders.proto"]).toBe("proto");
  expect(d.files.find((f) => f.path === "services/orders/src/index.ts")!.size).toBe("export const x = 1;".length);
  // The symlinked file inside the root is kept, with its target's size.
  expect(d.files.find((f) => f.path === "services/orders/src/linked.ts")!.size).toBe(
    "export const shared = 1;".length,
  );

  expect(skippedReason(d, "outside-dir")).toMatch(/outside the root/);
  expect(skippedReason(d, "services/orders/src/stolen.ts")).toMatch(/outside the root/);
  if (fs.existsSync("/etc")) expect(skippedReason(d, "etc")).toMatch(/outside the root/);
  expect(skippedReason(d, "loop-a.ts")).toMatch(/loop/);
  expect(skippedReason(d, "services/orders/parent")).toMatch(/symlinked directory/);
  expect(skippedReason(d, "legacy")).toBe("ignored by config (legacy/**)");
  expect(skippedReason(d, "services/orders/src/thing.generated.ts")).toBe("ignored by config (*.generated.ts)");
  expect(skippedReason(d, "nested")).toMatch(/nested git repository/);
  // node_modules and the like are left out silently.
  expect(d.skipped.some((s) => s.path.includes("node_modules/"))).toBe(false);
  expect(skippedReason(d, "services/gateway/node_modules")).toBeUndefined();
  expect(skippedReason(d, "services/orders/dist-link")).toMatch(/symlinked directory/);

  expect(d.services).toEqual([
    {
      name: "gateway",
      root: "services/gateway",
      aliases: [],
      evidence: [{ kind: "dockerfile", file: "services/gateway/Dockerfile", line: 1 }],
    },
    {
      name: "orders",
      root: "services/orders",
      aliases: ["@shop/orders-service", "orders-service"],
      evidence: [
        { kind: "dockerfile", file: "services/orders/Dockerfile", line: 1 },
        { kind: "dockerfile", file: "services/orders/Dockerfile.dev", line: 1 },
        { kind: "package.json", file: "services/orders/package.json", line: 3, declaredName: "@shop/orders-service" },
      ],
    },
    {
      name: "payments",
      root: "services/payments",
      aliases: ["github.com/acme/payments/v2"],
      evidence: [{ kind: "go.mod", file: "services/payments/go.mod", line: 2, declaredName: "github.com/acme/payments/v2" }],
    },
  ]);
}

describe("discover without git", () => {
  let root: string;
  beforeAll(() => {
    root = makeShop().root;
    // A `.git` folder that is not a repository: git fails, the walk takes over and still
    // reads `.git/info/exclude`.
    write(root, { ".git/info/exclude": "excluded-by-info.ts\n", "excluded-by-info.ts": "export {};" });
  });

  it("walks the tree honouring nested .gitignore files and the built-in exclusions", async () => {
    checkShop(await discover(root, SHOP_CONFIG), root);
  });

  it("is deterministic", async () => {
    const a = await discover(root, SHOP_CONFIG);
    const b = await discover(root, SHOP_CONFIG);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("accepts a relative root", async () => {
    const rel = path.relative(process.cwd(), root);
    const d = await discover(rel, SHOP_CONFIG);
    expect(d.root).toBe(root);
    expect(d.files.length).toBe(EXPECTED_FILES.length);
  });

  it("rejects a root that is not a directory", async () => {
    await expect(discover(path.join(root, "nope"), SHOP_CONFIG)).rejects.toThrow(/cannot read/);
    await expect(discover(path.join(root, "package.json"), SHOP_CONFIG)).rejects.toThrow(/not a directory/);
  });
});

describe.skipIf(!hasGit)("discover in a git work tree", () => {
  let root: string;
  beforeAll(() => {
    root = makeShop().root;
    fs.rmSync(path.join(root, "nested/.git"), { recursive: true });
    git(path.join(root, "nested"), "init", "-q");
    git(root, "init", "-q");
    write(root, { ".git/info/exclude": "excluded-by-info.ts\n", "excluded-by-info.ts": "export {};" });
    git(root, "add", "-A", "--", ".", ":!nested");
    // Committed everything but leave a few files untracked (they are listed too).
    write(root, { "services/orders/src/gone.ts": "export {};" });
    git(root, "add", "services/orders/src/gone.ts");
    git(root, "commit", "-q", "-m", "init");
    fs.rmSync(path.join(root, "services/orders/src/gone.ts"));
    // A tracked file in node_modules (some repos commit vendored code): still left out.
    write(root, { "services/orders/node_modules/committed/index.js": "x" });
    git(root, "add", "-f", "services/orders/node_modules/committed/index.js");
    // A submodule (gitlink) entry.
    const head = git(root, "rev-parse", "HEAD").trim();
    git(root, "update-index", "--add", "--cacheinfo", `160000,${head},libs/submodule`);
    fs.mkdirSync(path.join(root, "libs/submodule"), { recursive: true });
    write(root, { "services/gateway/untracked.ts": "export {};" });
  });

  it("uses git's file list (tracked + untracked, ignored left out, deleted skipped)", async () => {
    const d = await discover(root, SHOP_CONFIG);
    const expected = [...EXPECTED_FILES, "services/gateway/untracked.ts"].sort();
    checkShop({ ...d, files: d.files.filter((f) => f.path !== "services/gateway/untracked.ts") }, root);
    expect(d.files.map((f) => f.path)).toEqual(expected);
    expect(skippedReason(d, "libs/submodule")).toMatch(/submodule/);
  });

  it("gives the same files as the walk", async () => {
    const viaGit = await discover(root, SHOP_CONFIG);
    const viaWalk = await discover(root, SHOP_CONFIG, { useGit: false });
    expect(viaWalk.files).toEqual(viaGit.files);
    expect(viaWalk.services).toEqual(viaGit.services);
  });

  it("handles a root that is a subfolder of the work tree", async () => {
    const sub = path.join(root, "services");
    const d = await discover(sub, SHOP_CONFIG);
    expect(d.root).toBe(sub);
    expect(d.files.map((f) => f.path)).toContain("orders/src/index.ts");
    expect(d.files.map((f) => f.path)).toContain("gateway/untracked.ts");
    expect(d.files.every((f) => !f.path.startsWith("services/") && !f.path.startsWith("../"))).toBe(true);
    expect(d.files.some((f) => f.path.includes("generated/"))).toBe(false);
    expect(d.services.map((s) => [s.root, s.name])).toEqual([
      ["gateway", "gateway"],
      ["orders", "orders"],
      ["payments", "payments"],
    ]);
    const orders = d.services.find((s) => s.name === "orders")!;
    expect(orders.evidence.find((e) => e.kind === "package.json")!.file).toBe("orders/package.json");
  });

  it("does not read below a tracked folder that became a symlink out of the root", async () => {
    const base = tmpDir();
    const repo = path.join(base, "repo");
    write(repo, { "lib/a.ts": "export {};", "src/b.ts": "export {};" });
    write(base, { "outside/a.ts": "export const secret = 1;" });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    fs.rmSync(path.join(repo, "lib"), { recursive: true });
    fs.symlinkSync(path.join(base, "outside"), path.join(repo, "lib"));
    const d = await discover(repo, config());
    expect(d.files.map((f) => f.path)).toEqual(["src/b.ts"]);
    expect(skippedReason(d, "lib")).toMatch(/outside the root/);
  });

  it("falls back to the walk when the root is ignored by the enclosing repo", async () => {
    write(root, { ".gitignore": "*.log\nsecret/\nscratch/\n", "scratch/app/go.mod": "module example.com/scratch-app\n" });
    write(root, { "scratch/app/main.go": "package main" });
    const d = await discover(path.join(root, "scratch"), SHOP_CONFIG);
    expect(d.files.map((f) => f.path)).toEqual(["app/go.mod", "app/main.go"]);
    expect(d.services.map((s) => s.name)).toEqual(["app"]);
  });
});

describe("paths relative to the root", () => {
  it("a root under a fixtures/ folder does not make everything a test", async () => {
    const base = tmpDir();
    const root = path.join(base, "fixtures", "repos", "shop");
    write(root, { "src/index.ts": "export {};", "src/index.spec.ts": "", "test/a.ts": "" });
    const d = await discover(root, config());
    expect(d.files.map((f) => [f.path, f.isTest])).toEqual([
      ["src/index.spec.ts", true],
      ["src/index.ts", false],
      ["test/a.ts", true],
    ]);
  });

  it("keeps files larger than maxFileBytes (the extractor reports them)", async () => {
    const root = tmpDir();
    write(root, { "big.json": "x".repeat(5000), "small.json": "{}" });
    const d = await discover(root, config({ maxFileBytes: 1000 }));
    expect(d.files.map((f) => [f.path, f.size])).toEqual([
      ["big.json", 5000],
      ["small.json", 2],
    ]);
  });

  it("uses config.testPatterns instead of the defaults", async () => {
    const root = tmpDir();
    write(root, { "src/a.test.ts": "", "src/testing/helpers.ts": "", "qa/x.ts": "", "src/b.ts": "" });
    const d = await discover(root, config({ testPatterns: ["src/testing/**", "qa"] }));
    expect(d.files.filter((f) => f.isTest).map((f) => f.path)).toEqual(["qa/x.ts", "src/testing/helpers.ts"]);
  });
});

describe("services", () => {
  it("names the root's own candidate after the root folder; a single-package repo is a service", async () => {
    const base = tmpDir();
    const root = path.join(base, "billing-api");
    write(root, {
      "package.json": JSON.stringify({ name: "@acme/billing-api", private: true }, null, 2),
      "src/index.ts": "export {};",
      "vitest.config.ts": "export default {};",
    });
    const d = await discover(root, config());
    expect(d.services).toEqual([
      {
        name: "billing-api",
        root: "",
        aliases: ["@acme/billing-api", "billing"],
        evidence: [{ kind: "package.json", file: "package.json", line: 2, declaredName: "@acme/billing-api" }],
      },
    ]);
  });

  it("a private root package.json with only tooling code is a monorepo root, not a service", async () => {
    const root = tmpDir();
    write(root, {
      "package.json": JSON.stringify({ name: "mono", private: true }),
      "pnpm-workspace.yaml": "packages: [apps/*]",
      "eslint.config.js": "export default [];",
      "scripts/release.ts": "export {};",
      "apps/web-shop/package.json": JSON.stringify({ name: "web-shop", scripts: { start: "node ." } }),
      "apps/web-shop/index.js": "",
      "libs/money/package.json": JSON.stringify({ name: "@mono/money" }),
      "libs/money/index.ts": "",
      "packages/utils/package.json": JSON.stringify({ name: "@mono/utils" }),
      "packages/catalog/package.json": JSON.stringify({ name: "@mono/catalog" }),
      "packages/catalog/index.ts": "",
      "pkg/store/go.mod": "module example.com/mono/pkg/store\n",
      "pkg/store/store.go": "package store",
      "pkg/tool/go.mod": "module example.com/mono/pkg/tool\n",
      "pkg/tool/main.go": "package main",
      "libs/runner/package.json": JSON.stringify({ name: "runner", bin: "cli.js" }),
    });
    const d = await discover(root, config());
    expect(d.services.map((s) => s.root)).toEqual(["apps/web-shop", "libs/runner", "packages/catalog", "pkg/tool"]);
  });

  it("a NestJS monorepo root whose only code is its shared libs/ is no service; a root with code of its own stays one", async () => {
    const nest = tmpDir();
    write(nest, {
      "package.json": JSON.stringify({ name: "shop", private: true }),
      "nest-cli.json": JSON.stringify({ monorepo: true, projects: {} }),
      "apps/orders/Dockerfile": "FROM node:20",
      "apps/orders/src/main.ts": "",
      "apps/billing/Dockerfile": "FROM node:20",
      "apps/billing/src/main.ts": "",
      "libs/database/src/order.entity.ts": "",
    });
    expect((await discover(nest, config())).services.map((s) => s.root)).toEqual(["apps/billing", "apps/orders"]);

    const app = tmpDir();
    write(app, {
      "package.json": JSON.stringify({ name: "api", private: true }),
      "src/main.ts": "",
      "libs/money.ts": "",
      "admin/package.json": JSON.stringify({ name: "admin-ui", scripts: { start: "vite" } }),
      "admin/main.ts": "",
    });
    expect((await discover(app, config())).services.map((s) => s.root)).toEqual(["", "admin"]);
  });

  it("nested candidates: nearest manifest wins, both are services", async () => {
    const root = tmpDir();
    write(root, {
      "services/api/go.mod": "module example.com/api\n",
      "services/api/main.go": "package main",
      "services/api/admin/package.json": JSON.stringify({ name: "admin-ui", scripts: { start: "vite" } }),
      "services/api/admin/main.ts": "",
    });
    const d = await discover(root, config());
    expect(d.services.map((s) => [s.root, s.name])).toEqual([
      ["services/api", "api"],
      ["services/api/admin", "admin"],
    ]);
    const owner = assignFiles(d);
    expect(owner.get("services/api/main.go")).toBe("api");
    expect(owner.get("services/api/admin/main.ts")).toBe("admin");
  });

  it("a package.json without a name, or invalid, is still evidence (line 1)", async () => {
    const root = tmpDir();
    write(root, {
      "a/package.json": "{ not json",
      "a/index.ts": "",
      "b/package.json": '{ "version": "1.0.0", "dependencies": { "name": "x" } }',
      "b/index.ts": "",
    });
    const d = await discover(root, config());
    expect(d.services.map((s) => [s.name, s.evidence[0]!.line, s.evidence[0]!.declaredName])).toEqual([
      ["a", 1, undefined],
      ["b", 1, undefined],
    ]);
  });

  it("applies config service overrides", async () => {
    const root = tmpDir();
    write(root, {
      "apps/cart/package.json": JSON.stringify({ name: "cart", scripts: { start: "node ." } }),
      "apps/cart/index.ts": "",
      "services/orders/go.mod": "module example.com/orders\n",
      "services/orders/main.go": "package main",
      "services/orders/shared-db/schema.sql": "",
      "modules/billing/index.ts": "",
      "modules/billing-db/schema.sql": "",
      "modules/other.ts": "",
    });
    const overrides = [
      { name: "checkout", paths: ["apps/cart/**"], aliases: ["Checkout_Service"] },
      { name: "orders", aliases: ["order-svc"] },
      { name: "billing", paths: ["modules/billing/**", "modules/billing-db/**"] },
      { name: "k8s-only", aliases: ["x"] },
    ];
    const d = await discover(root, config({ services: overrides }));
    expect(d.services).toEqual([
      {
        name: "checkout",
        root: "apps/cart",
        aliases: ["Checkout_Service", "cart"],
        evidence: [
          { kind: "package.json", file: "apps/cart/package.json", line: 1, declaredName: "cart" },
          { kind: "config", file: "archlint.yaml", line: 1, declaredName: "checkout" },
        ],
      },
      {
        name: "billing",
        root: "modules",
        aliases: [],
        evidence: [{ kind: "config", file: "archlint.yaml", line: 1, declaredName: "billing" }],
      },
      {
        name: "orders",
        root: "services/orders",
        aliases: ["example.com/orders", "order", "order-svc"],
        evidence: [
          { kind: "config", file: "archlint.yaml", line: 1, declaredName: "orders" },
          { kind: "go.mod", file: "services/orders/go.mod", line: 1, declaredName: "example.com/orders" },
        ],
      },
    ]);
    const owner = assignFiles(d, overrides);
    expect(owner.get("modules/billing/index.ts")).toBe("billing");
    expect(owner.get("modules/billing-db/schema.sql")).toBe("billing");
    expect(owner.get("modules/other.ts")).toBe("billing"); // nearest root (modules) wins
    expect(owner.get("apps/cart/index.ts")).toBe("checkout");
    expect(owner.get("services/orders/shared-db/schema.sql")).toBe("orders");
  });
});

describe("compose build contexts", () => {
  it("reads the build context (string or mapping) relative to the compose file", () => {
    expect(composeBuildFolders("docker-compose.yml", { build: "./spring-petclinic-customers-service" })).toEqual(["spring-petclinic-customers-service"]);
    expect(composeBuildFolders("deploy/compose.yaml", { build: "../services/orders/" })).toEqual(["services/orders"]);
    expect(composeBuildFolders("docker-compose.yml", { build: { context: "./services/orders", dockerfile: "Dockerfile" } })).toEqual(["services/orders"]);
    expect(composeBuildFolders("docker-compose.yml", { build: "." })).toEqual([""]);
    // The Compose Specification's default context is the compose file's folder.
    expect(composeBuildFolders("ops/docker-compose.yml", { build: { dockerfile: "Dockerfile.dev" } })).toEqual(["ops"]);
  });

  it("puts a Dockerfile elsewhere in the context first (monorepos build from the root)", () => {
    expect(composeBuildFolders("docker-compose.yml", { build: { context: ".", dockerfile: "services/orders/Dockerfile" } })).toEqual(["services/orders", ""]);
    expect(composeBuildFolders("docker-compose.yml", { build: { context: "./orders", dockerfile: "../docker/orders.Dockerfile" } })).toEqual(["docker", "orders"]);
  });

  it("ignores images, remote contexts, variables, absolute paths and paths leaving the repo", () => {
    expect(composeBuildFolders("docker-compose.yml", { image: "postgres:16" })).toEqual([]);
    expect(composeBuildFolders("docker-compose.yml", { build: "https://github.com/acme/orders.git#main" })).toEqual([]);
    expect(composeBuildFolders("docker-compose.yml", { build: "git@github.com:acme/orders.git" })).toEqual([]);
    expect(composeBuildFolders("docker-compose.yml", { build: { context: "${ORDERS_DIR}" } })).toEqual([]);
    expect(composeBuildFolders("docker-compose.yml", { build: "/srv/orders" })).toEqual([]);
    expect(composeBuildFolders("docker-compose.yml", { build: "../elsewhere" })).toEqual([]);
    expect(composeBuildFolders("docker-compose.yml", null)).toEqual([]);
  });

  it("joins the service whose root is the folder built, only exact roots", () => {
    const byRoot = new Map([
      ["spring-petclinic-customers-service", "customers"],
      ["services/orders", "orders"],
      ["", "root"],
    ]);
    expect(composeBuildService("docker-compose.yml", { build: "./spring-petclinic-customers-service" }, byRoot)).toBe("customers");
    expect(composeBuildService("docker-compose.yml", { build: { context: ".", dockerfile: "services/orders/Dockerfile" } }, byRoot)).toBe("orders");
    expect(composeBuildService("docker-compose.yml", { build: { context: ".", dockerfile: "docker/Dockerfile" } }, byRoot)).toBe("root");
    expect(composeBuildService("docker-compose.yml", { build: "./services/orders/docker" }, byRoot)).toBeUndefined();
    expect(composeBuildService("docker-compose.yml", { build: "./services" }, new Map([["services/orders", "orders"]]))).toBeUndefined();
  });
});

describe("normalizeServiceName", () => {
  it.each([
    ["@shop/orders-service", "orders"],
    ["@shop/orders", "orders"],
    ["github.com/acme/payments/v2", "payments"],
    ["github.com/acme/payments", "payments"],
    ["Orders_Service", "orders"],
    ["orders-svc", "orders"],
    ["orders-server", "orders"],
    ["orders-srv", "orders"],
    ["orders-api", "orders"],
    ["orders-app", "orders"],
    ["orders-deployment", "orders"],
    ["orders-deploy", "orders"],
    ["orders-api-service", "orders-api"],
    ["orders-v2", "orders"],
    ["gopkg.in/yaml.v3", "yaml"],
    ["order.history", "order-history"],
    ["Order History", "order-history"],
    ["service", "service"],
    ["api", "api"],
    ["-api", "api"],
    ["v2", "v2"],
    ["  Payments  ", "payments"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeServiceName(input)).toBe(expected);
  });
});

describe("isTestPath", () => {
  it.each([
    ["src/a.test.ts", true],
    ["src/a.spec.tsx", true],
    ["pkg/a_test.go", true],
    ["__tests__/a.ts", true],
    ["src/__mocks__/fs.ts", true],
    ["test/a.ts", true],
    ["a/tests/b.ts", true],
    ["a/testdata/x.json", true],
    ["e2e/login.ts", true],
    ["fixtures/x.yaml", true],
    ["src/latest/a.ts", false],
    ["src/contest.ts", false],
    ["src/test.ts", false],
    ["src/testing.go", false],
  ])("%s → %s", (p, expected) => {
    expect(isTestPath(p)).toBe(expected);
  });
});

describe("languageOf", () => {
  it.each([
    ["a.ts", "ts"],
    ["a.cts", "ts"],
    ["a.jsx", "js"],
    ["a.yml", "yaml"],
    ["Dockerfile", "other"],
    ["api.Dockerfile", "other"],
    ["Dockerfile.prod", "other"],
    ["go.mod", "other"],
    ["Chart.yaml", "yaml"],
    [".env.local", "env"],
    ["prod.env", "env"],
    [".envrc", undefined],
    ["a.d.ts", undefined],
    ["a.pb.go", undefined],
    ["a.pb.validate.go", undefined],
    ["a_pb.ts", undefined],
    ["pnpm-lock.yaml", undefined],
    ["a.md", undefined],
    ["Makefile", undefined],
  ])("%s → %s", (p, expected) => {
    expect(languageOf(p)).toBe(expected);
  });
});

describe("glob", () => {
  it.each([
    ["services/**", "services", true],
    ["services/**", "services/a/b.ts", true],
    ["services/**", "servicesx/a.ts", false],
    ["**/*.ts", "a.ts", true],
    ["**/*.ts", "a/b/c.ts", true],
    ["src/**/*.test.ts", "src/a.test.ts", true],
    ["src/**/*.test.ts", "src/x/y/a.test.ts", true],
    ["src/*.ts", "src/x/a.ts", false],
    ["*.{js,ts}", "a.ts", true],
    ["*.{js,ts}", "a.go", false],
    ["a?.ts", "ab.ts", true],
    ["a?.ts", "a/.ts", false],
    ["[!a]*.ts", "b.ts", true],
    ["[!a]*.ts", "a.ts", false],
    ["./src/a\\*.ts", "src/a*.ts", true],
    ["a.b", "aXb", false],
    ["{**/gen,tmp}/x.ts", "a/b/gen/x.ts", true],
    ["{**/gen,tmp}/x.ts", "tmp/x.ts", true],
    ["src/{a,b/**}", "src/b/c/d", true],
  ])("%s ~ %s → %s", (glob, p, expected) => {
    expect(globToRegExp(glob).test(p)).toBe(expected);
  });

  it("matches names at any depth and folders' contents (gitignore-style)", () => {
    const m = createPathMatcher(["generated", "/top.ts", "*.gen.ts"]);
    expect(m.matchPrefix("a/generated/x/y.ts")).toEqual({ prefix: "a/generated", glob: "generated" });
    expect(m.matches("top.ts")).toBe(true);
    expect(m.matches("a/top.ts")).toBe(false);
    expect(m.matches("a/b/x.gen.ts")).toBe(true);
    const strict = createPathMatcher(["generated"], { matchBase: false, matchAncestors: false });
    expect(strict.matches("a/generated")).toBe(false);
    expect(strict.matches("generated")).toBe(true);
  });
});

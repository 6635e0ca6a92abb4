import type { FileLanguage } from "../extract/facts.js";
import { createPathMatcher, type PathMatcher } from "./glob.js";

/** Folders never scanned, at any depth: dependencies, build output, caches, VCS data. */
export const EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  "node_modules",
  "vendor",
  "dist",
  "build",
  "out",
  ".git",
  "coverage",
  ".next",
  "target",
]);

/** Lockfiles: generated, huge, and never architecture. */
const LOCKFILES: ReadonlySet<string> = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "deno.lock",
  "go.sum",
  "go.work.sum",
]);

/**
 * Generated code recognised by its name: protoc / grpc-gateway / protoc-gen-validate Go output
 * (`*.pb.go`, `*_grpc.pb.go`, `*.pb.gw.go`, `*.pb.validate.go`), protoc JS/TS output
 * (`*_pb.js`, `*_grpc_pb.js`, `*_pb.ts`, `*.pb.ts`, `*.pb.js`), and minified bundles.
 * Files that only say "Code generated … DO NOT EDIT" inside are left to the extractor.
 */
const GENERATED_NAME = /(?:\.pb(?:\.[a-z]+)?\.go|_pb\.[cm]?[jt]sx?|\.pb\.[cm]?[jt]s|\.min\.[cm]?js)$/;

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

const BY_EXTENSION: Readonly<Record<string, FileLanguage>> = {
  ".ts": "ts",
  ".tsx": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".js": "js",
  ".jsx": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".go": "go",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".sql": "sql",
  ".proto": "proto",
  ".json": "json",
  ".env": "env",
  // Prisma schemas and Java `.properties` (Spring's application*.properties carry datasource URLs).
  ".prisma": "prisma",
  ".properties": "properties",
};

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile` (and the Podman spelling `Containerfile`). */
export function isDockerfileName(name: string): boolean {
  return /^(?:dockerfile|containerfile)(?:\..+)?$/i.test(name) || /\.(?:dockerfile|containerfile)$/i.test(name);
}

/** Exactly `Dockerfile` / `Containerfile`: the image of the folder it sits in. */
export function isPlainDockerfileName(name: string): boolean {
  return /^(?:dockerfile|containerfile)$/i.test(name);
}

export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? path : path.slice(i + 1);
}

export function dirName(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "" : path.slice(0, i);
}

/**
 * The language of a file from its name, or undefined when discover leaves it out
 * (unknown extension, declaration file, generated code, lockfile).
 */
export function languageOf(path: string): FileLanguage | undefined {
  const name = baseName(path);
  if (LOCKFILES.has(name) || GENERATED_NAME.test(name) || DECLARATION_FILE.test(name)) return undefined;
  // `.env`, `.env.production`, `.env.example`… (but not `.envrc`, a shell script)
  if (name === ".env" || name.startsWith(".env.")) return "env";
  if (name === "go.mod") return "other";
  if (isDockerfileName(name)) return "other";
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return BY_EXTENSION[name.slice(dot).toLowerCase()];
}

/** True if a folder segment of the path is one of the always-excluded folders. */
export function inExcludedDir(path: string): boolean {
  let start = 0;
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", start)) {
    if (EXCLUDED_DIRS.has(path.slice(start, i))) return true;
    start = i + 1;
  }
  return false;
}

/** Folder names that hold test code, wherever they sit in the path. */
export const DEFAULT_TEST_DIRS: ReadonlySet<string> = new Set([
  "__tests__",
  "test",
  "tests",
  "testdata",
  "e2e",
  "fixtures",
  "__mocks__",
]);

const DEFAULT_TEST_FILE = /\.(?:test|spec)\.[^/]+$|_test\.go$/;

const matcherCache = new Map<string, PathMatcher>();

function testMatcher(patterns: readonly string[]): PathMatcher {
  const key = patterns.join("\0");
  let m = matcherCache.get(key);
  if (!m) {
    m = createPathMatcher(patterns, { matchBase: true, matchAncestors: true });
    if (matcherCache.size > 64) matcherCache.clear();
    matcherCache.set(key, m);
  }
  return m;
}

/**
 * Whether a path (relative to the scanned root) is test code.
 *
 * Defaults: `*.test.*`, `*.spec.*`, `*_test.go`, and any folder segment named `__tests__`,
 * `test`, `tests`, `testdata`, `e2e`, `fixtures` or `__mocks__`. Only segments of the path
 * itself count, so scanning a root that sits under `fixtures/` does not make everything a test.
 *
 * `patterns` (config.testPatterns), when non-empty, replace the defaults. They are globs,
 * gitignore-style: a pattern without `/` matches a name at any depth, and a pattern that
 * matches a folder marks everything below it (`e2e`, `**\/*.spec.ts`, `src/testing/**`).
 */
export function isTestPath(path: string, patterns?: readonly string[]): boolean {
  if (patterns && patterns.length > 0) return testMatcher(patterns).matches(path);
  if (DEFAULT_TEST_FILE.test(baseName(path))) return true;
  let start = 0;
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", start)) {
    if (DEFAULT_TEST_DIRS.has(path.slice(start, i))) return true;
    start = i + 1;
  }
  return false;
}

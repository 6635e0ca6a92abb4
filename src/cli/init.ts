import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./errors.js";
import type { RegisterCommand } from "./types.js";

export const registerInit: RegisterCommand = (program, setExitCode) => {
  program
    .command("init")
    .description("write a commented archlint.yaml")
    .argument("[dir]", "folder to write it in", ".")
    .option("--force", "overwrite an existing archlint.yaml")
    .action((dir: string, opts: { force?: boolean }) => {
      setExitCode(initCommand(dir, !!opts.force));
    });
};

const STARTER = `# archlint configuration. YAML only: archlint never runs code from the repository it scans.
# Editors complete this file through the schema below (shipped in the archlint package).
# yaml-language-server: $schema=./node_modules/archlint/schema/archlint.schema.json

# Start from a preset: recommended (default), strict, or none.
extends: recommended

# Per rule: error, warning, info or off; or a mapping with severity and params.
# 'archlint rules' lists the rules, 'archlint rules <id>' explains one.
rules:
  # select-star: warning
  # select-star:
  #   severity: error
  #   params:
  #     allowInExists: true      # EXISTS (SELECT * ...) reads no columns
  #     allowInSubqueries: false
  #     skipTests: false

# Paths to leave out, on top of .gitignore, node_modules, vendor, build output and generated code.
ignore:
  # - "legacy/**"

# Globs that mark test files (replace the built-in *.test.*, *_test.go, test/, __tests__/ …).
# testPatterns:
#   - "**/*.spec.ts"

# Services archlint cannot name by itself, or that go by other names in manifests.
services:
  # - name: orders
  #   paths: ["services/orders/**"]
  #   manifests: ["deploy/orders/*.yaml"]
  #   aliases: ["orders-api"]

# Files larger than this are reported as parse-error instead of being parsed.
# maxFileBytes: 2097152

# Where the architecture decision records live (default: .adr-dir, doc/adr, docs/adr, docs/decisions).
# adr:
#   dir: docs/adr

# Accept a rule's findings for some services or paths only through an accepted decision record.
# waivers:
#   - rule: shared-database
#     services: [orders, inventory]
#     adr: 7
#     reason: the split is planned in ADR-0007; until then both read the orders schema
`;

export function initCommand(dir: string, force: boolean): number {
  const path = join(dir, "archlint.yaml");
  if (existsSync(path) && !force) throw new UsageError(`${path} already exists (use --force to overwrite it)`);
  try {
    writeFileSync(path, STARTER);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  process.stdout.write(`wrote ${path}\n`);
  return 0;
}

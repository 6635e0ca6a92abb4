import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyBaseline, readBaseline } from "./check/baseline.js";
import { allRules, applySuppressions, resolveRules, ruleMeta, runRules } from "./check/engine.js";
import { compareFindings, type Finding, type Report } from "./check/finding.js";
import { addFingerprints } from "./check/fingerprint.js";
import { findAdrDir, listAdrFiles } from "./adr/find.js";
import { applyWaivers, modelWaivers } from "./check/waivers.js";
import { ConfigError, loadConfig } from "./config/load.js";
import { discover } from "./discover/index.js";
import { extractAll } from "./extract/pool.js";
import { buildModel } from "./model/build.js";
import type { Model } from "./model/types.js";
import { version } from "./version.js";

const ADR_LINT_ALSO = new Set(["parse-error", "suppression-needs-reason"]);

export interface RunOptions {
  /** Folder to scan. */
  root: string;
  /** archlint.yaml to use instead of the one in `root`. */
  configPath?: string;
  /** Baseline file whose findings are hidden. */
  baselinePath?: string;
  /** Threads for extraction: 1 keeps everything on the main thread; default: one per core on big repos. */
  concurrency?: number;
  /** Called as files are extracted (the CLI draws progress on a TTY). */
  onProgress?: (done: number, total: number) => void;
  /** Read only the decision records and run only the decision rules (`archlint adr lint`). */
  adrOnly?: boolean;
  /** The ADR folder, instead of the one the config or conventions name. */
  adrDir?: string;
}

export interface RunResult {
  report: Report;
  /** Every finding before the baseline was applied (what `--write-baseline` records). */
  unbaselined: Finding[];
  model: Model;
}

/** The one orchestrator: discover → extract → model → check. Reporting is the caller's choice. */
export async function run(options: RunOptions): Promise<RunResult> {
  const root = resolve(options.root);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new ConfigError(`not a folder: ${options.root}`);
  const { config } = loadConfig(root, options.configPath);
  const rules = allRules(config);
  // `adr lint`: the decision rules, and the two that concern any file read (the ADRs, then).
  const active = resolveRules(config, rules).filter((a) => !options.adrOnly || a.rule.category === "decisions" || ADR_LINT_ALSO.has(a.rule.id));
  const baseline = options.baselinePath ? readBaseline(options.baselinePath) : undefined;

  const discovery = options.adrOnly ? { root, files: [], services: [], skipped: [] } : await discover(root, config);
  // Markdown is read only from the ADR folder: every file there is a decision record.
  discovery.files = [...discovery.files, ...listAdrFiles(root, config.ignore ?? [], findAdrDir(root, config, options.adrDir))];
  const facts = await extractAll(discovery, { maxFileBytes: config.maxFileBytes, concurrency: options.concurrency }, options.onProgress);
  const model = buildModel(discovery, facts, config);
  model.waivers = modelWaivers(config, root);

  const raw = runRules(model, active);
  const { kept: unsuppressed, suppressed } = applySuppressions(model, raw);
  const { kept, waived: rawWaived } = applyWaivers(model, unsuppressed);
  kept.sort((a, b) => compareFindings({ ...a, fingerprint: "" }, { ...b, fingerprint: "" }));
  const lines = lineReader(root);
  const findings = addFingerprints(kept, lines);
  rawWaived.sort((a, b) => compareFindings({ ...a, fingerprint: "" }, { ...b, fingerprint: "" }));
  const waived = addFingerprints(rawWaived, lines);
  const { kept: shown, hidden, stale } = baseline ? applyBaseline(findings, baseline) : { kept: findings, hidden: 0, stale: [] };

  const report: Report = {
    tool: { name: "archlint", version },
    findings: shown,
    rules: active.map((a) => ruleMeta(a.rule, a.severity)),
    summary: {
      errors: shown.filter((f) => f.severity === "error").length,
      warnings: shown.filter((f) => f.severity === "warning").length,
      infos: shown.filter((f) => f.severity === "info").length,
      filesScanned: model.files.length,
      services: model.services.length,
      suppressed,
      baselined: hidden,
      ...(waived.length > 0 ? { waived: waived.length } : {}),
    },
    staleBaseline: stale,
    ...(waived.length > 0 ? { waived } : {}),
  };
  return { report, unbaselined: findings, model };
}

/** Source lines for fingerprints, read only for files that have findings. */
function lineReader(root: string): (file: string, line: number) => string {
  const cache = new Map<string, string[]>();
  return (file, line) => {
    let lines = cache.get(file);
    if (!lines) {
      try {
        lines = readFileSync(join(root, file), "utf8").split("\n");
      } catch {
        lines = [];
      }
      cache.set(file, lines);
    }
    return lines[line - 1] ?? "";
  };
}

import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyBaseline, readBaseline } from "./check/baseline.js";
import { allRules, applySuppressions, resolveRules, ruleMeta, runRules } from "./check/engine.js";
import { compareFindings, type Finding, type Report } from "./check/finding.js";
import { addFingerprints } from "./check/fingerprint.js";
import { ConfigError, loadConfig } from "./config/load.js";
import { discover } from "./discover/index.js";
import { extractAll } from "./extract/pool.js";
import { buildModel } from "./model/build.js";
import type { Model } from "./model/types.js";
import { version } from "./version.js";

export interface RunOptions {
  /** Folder to scan. */
  root: string;
  /** archlint.yaml to use instead of the one in `root`. */
  configPath?: string;
  /** Baseline file whose findings are hidden. */
  baselinePath?: string;
  /** Called as files are extracted (the CLI draws progress on a TTY). */
  onProgress?: (done: number, total: number) => void;
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
  const active = resolveRules(config, rules);
  const baseline = options.baselinePath ? readBaseline(options.baselinePath) : undefined;

  const discovery = await discover(root, config);
  const facts = await extractAll(discovery, { maxFileBytes: config.maxFileBytes }, options.onProgress);
  const model = buildModel(discovery, facts, config);

  const raw = runRules(model, active);
  const { kept, suppressed } = applySuppressions(model, raw);
  kept.sort((a, b) => compareFindings({ ...a, fingerprint: "" }, { ...b, fingerprint: "" }));
  const findings = addFingerprints(kept, lineReader(root));
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
    },
    staleBaseline: stale,
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

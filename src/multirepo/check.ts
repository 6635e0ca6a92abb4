/**
 * Runs the rules that look across services — cycles, shared databases, table access — on merged
 * facts. Only those: the per-file rules already ran in each repo's own `archlint check`.
 */
import { allRules, resolveRules, ruleMeta, runRules } from "../check/engine.js";
import { compareFindings, type Report } from "../check/finding.js";
import { addFingerprints } from "../check/fingerprint.js";
import type { ArchlintConfig } from "../config/types.js";
import type { Model, Service } from "../model/types.js";
import { version } from "../version.js";
import type { FactsFile } from "./facts.js";

/** Detectors that read only the model's services, graph, datastores and tables. */
export const CROSS_SERVICE_DETECTORS = new Set(["cyclic-rpc", "shared-database", "cross-service-table-access"]);

export function checkMerged(facts: FactsFile, config: ArchlintConfig): Report {
  const services: Service[] = facts.services.map((s) => ({ name: s.name, aliases: [], evidence: [], workloads: [], ...(s.paths[0] ? { root: s.paths[0] } : {}) }));
  const model: Model = {
    root: "",
    files: [],
    services,
    env: [],
    datastores: facts.datastores,
    tables: facts.tables,
    graph: { edges: facts.edges, unresolved: facts.unresolved, provided: facts.provided },
  };
  const active = resolveRules(config, allRules(config)).filter((a) => CROSS_SERVICE_DETECTORS.has(a.rule.detector));
  const raw = runRules(model, active);
  raw.sort((a, b) => compareFindings({ ...a, fingerprint: "" }, { ...b, fingerprint: "" }));
  const findings = addFingerprints(raw, () => "");
  return {
    tool: { name: "archlint", version },
    findings,
    rules: active.map((a) => ruleMeta(a.rule, a.severity)),
    summary: {
      errors: findings.filter((f) => f.severity === "error").length,
      warnings: findings.filter((f) => f.severity === "warning").length,
      infos: findings.filter((f) => f.severity === "info").length,
      filesScanned: 0,
      services: services.length,
      suppressed: 0,
      baselined: 0,
    },
    staleBaseline: [],
  };
}

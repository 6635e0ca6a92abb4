import { relative, sep } from "node:path";
import type { ArchlintConfig } from "../config/types.js";
import { adrRecords } from "../detectors/adr/records.js";
import { createPathMatcher } from "../discover/glob.js";
import type { Model, ModelWaiver } from "../model/types.js";
import type { RawFinding } from "./rule.js";

/** The config's waivers as the model carries them: with the file (relative to the root) they are written in. */
export function modelWaivers(config: ArchlintConfig, root: string): ModelWaiver[] {
  const file = config.source ? relative(root, config.source).split(sep).join("/") : "archlint.yaml";
  return (config.waivers ?? []).map(({ line, ...w }) => ({ ...w, file, line }));
}

/**
 * Findings a waiver covers, set apart with the decision that accepted them. A waiver applies only
 * while its ADR exists and is accepted (otherwise `adr-waiver` reports it and the finding stays).
 * Findings about waivers themselves are never waived.
 */
export function applyWaivers(model: Model, findings: RawFinding[]): { kept: RawFinding[]; waived: RawFinding[] } {
  const waivers = model.waivers ?? [];
  if (waivers.length === 0) return { kept: findings, waived: [] };
  const records = adrRecords(model);
  const active = waivers.flatMap((w) => {
    const adr = records.find((r) => r.number === w.adr);
    if (!adr || adr.fact.statusValue !== "accepted") return [];
    const paths = w.paths ? createPathMatcher(w.paths, { matchBase: false, matchAncestors: true }) : undefined;
    return [{ w, title: adr.fact.title?.text ?? adr.name, paths }];
  });
  const kept: RawFinding[] = [];
  const waived: RawFinding[] = [];
  for (const f of findings) {
    const hit =
      f.ruleId === "adr-waiver"
        ? undefined
        : active.find(
            ({ w, paths }) =>
              w.rule === f.ruleId && ((paths?.matches(f.location.file) ?? false) || (f.service !== undefined && (w.services ?? []).includes(f.service))),
          );
    if (hit) waived.push({ ...f, waiver: { adr: hit.w.adr, title: hit.title, reason: hit.w.reason } });
    else kept.push(f);
  }
  return { kept, waived };
}

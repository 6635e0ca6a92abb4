import type { ServiceOverride } from "../config/types.js";
import type { DiscoveredFile, ServiceCandidate } from "./types.js";
import { dirName } from "./classify.js";
import { createPathMatcher, globLiteralPrefix, isLiteralGlob, normalizeGlob, type PathMatcher } from "./glob.js";
import { normalizeServiceName } from "./names.js";
import { aliasesFor, compareEvidence } from "./services.js";

/** Where `config` evidence points: the config file is not known to discover. */
export const CONFIG_EVIDENCE_FILE = "archlint.yaml";

/** Matcher for a service override's `paths` globs (relative to the root; a folder takes its subtree). */
export function overridePathMatcher(paths: readonly string[]): PathMatcher {
  return createPathMatcher(paths, { matchBase: false, matchAncestors: true });
}

/**
 * The longest common folder of the globs' literal prefixes. A fully literal glob names a
 * folder when files sit below it, else a file (its folder counts).
 */
export function commonRootOfGlobs(globs: readonly string[], filePaths: readonly string[]): string {
  const roots = globs.map((g) => {
    const prefix = globLiteralPrefix(g);
    if (!isLiteralGlob(g) || prefix === "") return prefix;
    const asFolder = `${normalizeGlob(g)}/`;
    return filePaths.some((p) => p.startsWith(asFolder)) ? prefix : dirName(prefix);
  });
  if (roots.length === 0) return "";
  let common = roots[0]!.split("/");
  for (const r of roots.slice(1)) {
    const segs = r.split("/");
    let n = 0;
    while (n < common.length && n < segs.length && common[n] === segs[n]) n++;
    common = common.slice(0, n);
  }
  return common.join("/");
}

/** The candidate an override names: by exact name, then exact alias, then normalized name. */
function findByName(candidates: readonly ServiceCandidate[], name: string): ServiceCandidate | undefined {
  const norm = normalizeServiceName(name);
  return (
    candidates.find((c) => c.name === name) ??
    candidates.find((c) => c.aliases.includes(name)) ??
    candidates.find((c) => normalizeServiceName(c.name) === norm)
  );
}

/**
 * Applies `config.services`: an override names a detected candidate (by name or alias, or by
 * the folder its `paths` globs share) and renames it, or creates one for its `paths`; its
 * `aliases` are added. Overrides without `paths` that name nothing detected are left to the
 * model (they may name a Kubernetes workload). Which files the override's globs take is
 * answered by `assignFiles`.
 */
export function applyServiceOverrides(
  candidates: ServiceCandidate[],
  overrides: readonly ServiceOverride[],
  files: readonly DiscoveredFile[],
): ServiceCandidate[] {
  const filePaths = files.map((f) => f.path);
  const claimed = new Set<ServiceCandidate>();
  for (const o of overrides) {
    if (!o.name) continue;
    const paths = o.paths ?? [];
    let c = findByName(
      candidates.filter((x) => !claimed.has(x)),
      o.name,
    );
    let root: string | undefined;
    if (!c && paths.length > 0) {
      root = commonRootOfGlobs(paths, filePaths);
      // Globs that share only the root folder do not rename the root's own candidate.
      if (root !== "") c = candidates.find((x) => x.root === root && !claimed.has(x));
    }
    if (!c) {
      if (root === undefined) continue;
      c = { name: o.name, root, aliases: [], evidence: [] };
      candidates.push(c);
    }
    claimed.add(c);
    const previous = c.name;
    c.name = o.name;
    const declared = c.evidence.map((e) => e.declaredName).filter((n): n is string => n !== undefined);
    c.aliases = aliasesFor(o.name, declared, [...c.aliases, previous, ...(o.aliases ?? []), ...(o.aliases ?? []).map(normalizeServiceName)]);
    c.evidence.push({ kind: "config", file: CONFIG_EVIDENCE_FILE, line: 1, declaredName: o.name });
    c.evidence.sort(compareEvidence);
  }
  return candidates;
}

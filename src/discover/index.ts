import { promises as fsp } from "node:fs";
import * as nodePath from "node:path";
import type { ArchlintConfig } from "../config/types.js";
import type { DiscoveredFile, Discovery, ServiceCandidate } from "./types.js";
import { isTestPath } from "./classify.js";
import { listFiles, type ListOptions } from "./files.js";
import { applyServiceOverrides } from "./overrides.js";
import { detectServices } from "./services.js";

export type { DiscoveredFile, Discovery, ServiceCandidate, ServiceEvidence } from "./types.js";
export { normalizeServiceName, stripNpmScope, goModuleBaseName } from "./names.js";
export { isTestPath, languageOf, isDockerfileName, EXCLUDED_DIRS } from "./classify.js";
export { assignFiles } from "./assign.js";
export { composeBuildFolders, composeBuildService } from "./compose-build.js";
export { globToRegExp, createPathMatcher, type PathMatcher, type PathMatcherOptions } from "./glob.js";

export type DiscoverOptions = ListOptions;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Walks the repo once: the files archlint reads (git's file list when the root is in a work
 * tree, else a walk honouring .gitignore), and the service candidates found from the tree.
 * Output is sorted, so two runs on the same tree give the same result.
 */
export async function discover(root: string, config: ArchlintConfig, options: DiscoverOptions = {}): Promise<Discovery> {
  const absRoot = nodePath.resolve(root);
  let st;
  try {
    st = await fsp.stat(absRoot);
  } catch {
    throw new Error(`cannot read ${absRoot}: no such directory`);
  }
  if (!st.isDirectory()) throw new Error(`${absRoot} is not a directory`);
  const realRoot = await fsp.realpath(absRoot);

  const listing = await listFiles(absRoot, realRoot, config.ignore ?? [], options);
  const files: DiscoveredFile[] = listing.files
    .map((f) => ({ path: f.path, language: f.language, size: f.size, isTest: isTestPath(f.path, config.testPatterns) }))
    .sort((a, b) => compareStrings(a.path, b.path));

  const detected = await detectServices(files, {
    absRoot,
    rootName: nodePath.basename(absRoot) || "root",
    maxFileBytes: config.maxFileBytes,
    ...(config.testPatterns ? { testPatterns: config.testPatterns } : {}),
  });
  const services: ServiceCandidate[] = applyServiceOverrides(detected, config.services ?? [], files).sort(
    (a, b) => compareStrings(a.root, b.root) || compareStrings(a.name, b.name),
  );

  const seen = new Set<string>();
  const skipped = listing.skipped
    .filter((s) => {
      const key = `${s.path}\0${s.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.reason, b.reason));

  return { root: absRoot, files, services, skipped };
}

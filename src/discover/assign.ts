import type { ServiceOverride } from "../config/types.js";
import type { Discovery } from "./types.js";
import { dirName } from "./classify.js";
import { overridePathMatcher } from "./overrides.js";

/**
 * The service each file belongs to (path → service name). A `config.services` override's
 * `paths` globs take their files first (first override wins); every other file belongs to the
 * candidate with the nearest root folder above it. Files under no candidate are absent.
 */
export function assignFiles(discovery: Discovery, overrides: readonly ServiceOverride[] = []): Map<string, string> {
  const byGlobs = overrides
    .filter((o) => o.name && o.paths && o.paths.length > 0)
    .map((o) => ({ name: o.name, matcher: overridePathMatcher(o.paths!) }));
  const byRoot = new Map<string, string>();
  for (const s of discovery.services) if (!byRoot.has(s.root)) byRoot.set(s.root, s.name);
  const out = new Map<string, string>();
  for (const file of discovery.files) {
    const hit = byGlobs.find((g) => g.matcher.matches(file.path));
    if (hit) {
      out.set(file.path, hit.name);
      continue;
    }
    let dir = dirName(file.path);
    for (;;) {
      const name = byRoot.get(dir);
      if (name !== undefined) {
        out.set(file.path, name);
        break;
      }
      if (dir === "") break;
      dir = dirName(dir);
    }
  }
  return out;
}

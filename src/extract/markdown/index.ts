import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { FileFacts } from "../facts.js";
import { extractAdr, type LinkResolver } from "./adr.js";

/**
 * Markdown files reach the extractor only from the ADR folder (see src/adr/find.ts), so every one
 * is read as a decision record. `absPath` lets links be checked against the repository on disk.
 */
export function extractMarkdown(file: string, text: string, absPath: string): FileFacts {
  return extractAdr(file, text, repoLinkResolver(file, absPath));
}

/**
 * Whether a relative link from `file` names something inside the repository. A link that climbs
 * out of the root, or reaches a symlink whose target is outside it, counts as missing: nothing
 * outside the scanned folder is looked at.
 */
export function repoLinkResolver(file: string, absPath: string): LinkResolver {
  const depth = file.split("/").length - 1;
  let root = dirname(absPath);
  for (let i = 0; i < depth; i++) root = dirname(root);
  let realRoot: string | undefined;
  return (url) => {
    let path = url.replace(/[?#].*$/, "");
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep it as written
    }
    if (path === "") return true;
    const target = path.startsWith("/") ? join(root, path) : resolve(dirname(absPath), path);
    const rel = relative(root, target);
    if (rel.startsWith("..") || isAbsolute(rel) || !existsSync(target)) return false;
    try {
      realRoot ??= realpathSync(root);
      const real = realpathSync(target);
      return real === realRoot || real.startsWith(realRoot + sep);
    } catch {
      return false;
    }
  };
}

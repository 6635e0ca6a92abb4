import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AdrFact } from "../extract/facts.js";
import { extractAdr } from "../extract/markdown/adr.js";
import { repoLinkResolver } from "../extract/markdown/index.js";
import { findAdrDir, listAdrFiles, type AdrDir } from "./find.js";

/** A decision record on disk, for the commands that read or edit records (`adr new|list|status`). */
export interface AdrFile {
  /** Relative to the root, with `/`. */
  path: string;
  name: string;
  abs: string;
  text: string;
  fact: AdrFact;
  number?: number;
}

/** The records of the ADR folder, read with the same extractor the lint rules use. */
export function readAdrFiles(root: string, dir: AdrDir): AdrFile[] {
  return listAdrFiles(root, [], dir).flatMap((f) => {
    const abs = join(root, f.path);
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch {
      return [];
    }
    const fact = extractAdr(f.path, text, repoLinkResolver(f.path, abs)).facts[0] as AdrFact;
    const number = fact.fileNumber ?? fact.titleNumber;
    return [{ path: f.path, name: f.path.slice(f.path.lastIndexOf("/") + 1), abs, text, fact, ...(number !== undefined ? { number } : {}) }];
  });
}

export { findAdrDir };

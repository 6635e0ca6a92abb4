import { promises as fsp } from "node:fs";
import * as nodePath from "node:path";

/** What discover needs from a package.json (read as data, never executed). */
export interface PackageInfo {
  name?: string;
  /** 1-based line of the top-level `"name"` key (1 when absent or unreadable). */
  nameLine: number;
  hasWorkspaces: boolean;
  isPrivate: boolean;
  hasBin: boolean;
  hasStartScript: boolean;
}

export interface GoModInfo {
  module?: string;
  /** 1-based line of the `module` directive (1 when absent or unreadable). */
  moduleLine: number;
}

/** Reads a small text file; undefined when it is unreadable or larger than `maxBytes`. */
export async function readSmallText(absRoot: string, path: string, size: number, maxBytes: number): Promise<string | undefined> {
  if (size > maxBytes) return undefined;
  try {
    const text = await fsp.readFile(nodePath.join(absRoot, path), "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** 1-based line of a key of the top-level JSON object, found without a full parse. */
export function topLevelKeyLine(text: string, key: string): number | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
    else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      const str = text.slice(i + 1, j);
      i = j;
      if (depth === 1 && str === key) {
        let k = j + 1;
        while (k < text.length && (text[k] === " " || text[k] === "\t" || text[k] === "\r" || text[k] === "\n")) k++;
        if (text[k] === ":") return line;
      }
    }
  }
  return undefined;
}

export function parsePackageJson(text: string | undefined): PackageInfo {
  const info: PackageInfo = { nameLine: 1, hasWorkspaces: false, isPrivate: false, hasBin: false, hasStartScript: false };
  if (text === undefined) return info;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return info;
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) return info;
  const o = pkg as Record<string, unknown>;
  if (typeof o["name"] === "string" && o["name"].trim() !== "") {
    info.name = o["name"].trim();
    info.nameLine = topLevelKeyLine(text, "name") ?? 1;
  }
  info.hasWorkspaces = o["workspaces"] !== undefined && o["workspaces"] !== null;
  info.isPrivate = o["private"] === true;
  info.hasBin = o["bin"] !== undefined && o["bin"] !== null && o["bin"] !== "";
  const scripts = o["scripts"];
  info.hasStartScript =
    typeof scripts === "object" && scripts !== null && typeof (scripts as Record<string, unknown>)["start"] === "string";
  return info;
}

export function parseGoMod(text: string | undefined): GoModInfo {
  if (text === undefined) return { moduleLine: 1 };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\/\/.*$/, "");
    const m = /^\s*module\s+(\S+)/.exec(line);
    if (m) {
      const module = m[1]!.replace(/^["`]|["`]$/g, "");
      return module === "" ? { moduleLine: i + 1 } : { module, moduleLine: i + 1 };
    }
  }
  return { moduleLine: 1 };
}

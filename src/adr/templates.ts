import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../check/rules.js";

/** The templates archlint ships (`adr-templates/<kind>.md`). */
export const builtinTemplatesDir = join(packageRoot, "adr-templates");

/** Template kinds: the repo's own (`<adr folder>/templates/*.md`) and the built-in ones. */
export function templateKinds(repoTemplatesDir?: string): string[] {
  const kinds = new Set<string>();
  for (const dir of [builtinTemplatesDir, repoTemplatesDir]) {
    if (!dir || !existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".md") && f !== "README.md") kinds.add(f.slice(0, -3));
  }
  return [...kinds].sort();
}

/** The text of template `kind`; the repo's own template wins. Undefined when there is none. */
export function loadTemplate(kind: string, repoTemplatesDir?: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(kind)) return undefined;
  for (const dir of [repoTemplatesDir, builtinTemplatesDir]) {
    if (!dir) continue;
    const path = join(dir, `${kind}.md`);
    try {
      if (lstatSync(path).isFile()) return readFileSync(path, "utf8");
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Replaces `{{name}}` tokens; single-brace `{…}` prompts stay for the author. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([a-z]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

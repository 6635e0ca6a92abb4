import type { Detector } from "../check/rule.js";
import type { ImportFact } from "../extract/facts.js";
import type { Service } from "../model/types.js";
import { normalize } from "./module-cycle.js";

/**
 * Code of one service importing another service's code: a relative path reaching into a sibling
 * service's folder, a workspace package that is another deployable service, or another service's
 * Go module. Shared library packages are not services (discovery leaves them out), so importing
 * them is fine.
 */
export const crossServiceImport: Detector = {
  name: "cross-service-import",
  defaults: { skipTests: true },
  run({ model, params, report }) {
    const rooted = model.services.filter((s): s is Service & { root: string } => s.root !== undefined);
    const packages = new Map<string, string>();
    for (const s of model.services) {
      for (const e of s.evidence) if ((e.kind === "package.json" || e.kind === "go.mod") && e.declaredName) packages.set(e.declaredName, s.name);
    }
    const ownerOf = (path: string): string | undefined => {
      let best: { name: string; len: number } | undefined;
      for (const s of rooted) {
        if (s.root === "" || path === s.root || path.startsWith(`${s.root}/`)) {
          if (!best || s.root.length > best.len) best = { name: s.name, len: s.root.length };
        }
      }
      return best?.name;
    };
    for (const file of model.files) {
      if (!file.service || (file.isTest && params.skipTests !== false)) continue;
      if (!["ts", "js", "go"].includes(file.language)) continue;
      for (const fact of file.facts) {
        if (fact.kind !== "import") continue;
        const hit = target(fact, file.path, file.language === "go", packages, ownerOf);
        if (!hit || hit.service === file.service) continue;
        report({
          message: `${file.service} imports ${hit.what}, code of the ${hit.service} service: the two can no longer be built, versioned and deployed apart. Move the shared code into a library package both depend on, or call ${hit.service} through its API.`,
          file: file.path,
          line: fact.loc.line,
          column: fact.loc.column,
          endLine: fact.loc.endLine,
          endColumn: fact.loc.endColumn,
          service: file.service,
        });
      }
    }
  },
};

function target(
  fact: ImportFact,
  from: string,
  go: boolean,
  packages: Map<string, string>,
  ownerOf: (path: string) => string | undefined,
): { service: string; what: string } | undefined {
  const spec = fact.module;
  if (!go && (spec.startsWith("./") || spec.startsWith("../"))) {
    const path = normalize(`${from.slice(0, from.lastIndexOf("/") + 1)}${spec}`);
    if (path === undefined) return undefined;
    const service = ownerOf(path);
    return service ? { service, what: path } : undefined;
  }
  // Longest declared package / module name that the import starts with.
  let best: string | undefined;
  for (const name of packages.keys()) {
    if ((spec === name || spec.startsWith(`${name}/`)) && (!best || name.length > best.length)) best = name;
  }
  return best ? { service: packages.get(best)!, what: spec } : undefined;
}

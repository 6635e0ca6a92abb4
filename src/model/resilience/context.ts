/** What every part of the resilience derivation shares: files by service, scopes, measurement. */
import type { ImportFact } from "../../extract/facts.js";
import type { Connection, ValueResolver } from "../connections/index.js";
import { bindingsOf } from "../connections/resolve.js";
import type { CallFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import type { Measurer } from "./measure.js";
import type { Scopes } from "./scope.js";

export interface Derivation {
  files: readonly ModelFile[];
  scopes: Scopes;
  measurer: Measurer;
  resolver: ValueResolver;
  connections: readonly Connection[];
  /** Code files (TS/JS/Go) per service name ("" for code outside every service). */
  byService: Map<string, ModelFile[]>;
}

export const isCode = (f: ModelFile): boolean => f.language === "ts" || f.language === "js" || f.language === "go";

const importMemo = new WeakMap<ModelFile, Map<string, { module: string; imported: string }>>();

/** Local name → the module and export it binds, for one file (computed once per file). */
export function importsOf(file: ModelFile): Map<string, { module: string; imported: string }> {
  let out = importMemo.get(file);
  if (out) return out;
  out = new Map();
  for (const f of file.facts) if (f.kind === "import") for (const b of bindingsOf(f as ImportFact)) out.set(b.local, { module: f.module, imported: b.imported });
  importMemo.set(file, out);
  return out;
}

/** Whether the file imports one of `modules` (a Go major-version suffix and subpackages count). */
export function importsAny(file: ModelFile, modules: readonly string[]): boolean {
  return file.facts.some((f) => f.kind === "import" && modules.some((m) => f.module === m || f.module.startsWith(`${m}/`)));
}

/** The last segment of a dotted path (`this.client.get` → `get`). */
export const lastSegment = (path: string): string => path.slice(path.lastIndexOf(".") + 1);

/** The path without its last segment (`this.client.get` → `this.client`). */
export const receiverOf = (path: string): string => (path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "");

const receiverMemo = new WeakMap<readonly ModelFile[], Map<string, Array<{ file: ModelFile; call: CallFact }>>>();

/** Calls in `files` by receiver (`api.get` → `api`), built once per file list. */
export function callsByReceiver(d: Derivation, files: readonly ModelFile[]): Map<string, Array<{ file: ModelFile; call: CallFact }>> {
  let m = receiverMemo.get(files);
  if (m) return m;
  m = new Map();
  for (const file of files) {
    for (const call of d.scopes.of(file)!.calls) {
      const r = receiverOf(call.callee);
      const list = m.get(r);
      if (list) list.push({ file, call });
      else m.set(r, [{ file, call }]);
    }
  }
  receiverMemo.set(files, m);
  return m;
}

/**
 * YAML extractor: Kubernetes manifests, docker-compose files, Helm values and templates, and any
 * other YAML, as {@link ManifestFact}s with a line for every key and sequence item.
 *
 * Classification, per document, first match wins:
 * 1. `k8s`: a mapping with string `apiVersion` and `kind`. `kind: List` (and typed lists such as
 *    `DeploymentList` with an `items` array and no `spec`) expand to one fact per item.
 * 2. `compose`, when the file is named like a compose file (see {@link isComposePath}): one fact
 *    per service (`name` = service key, `doc` = the service's mapping, `lines` relative to it).
 *    Top-level keys other than `services` (`networks`, `volumes`, `x-…`, `version`) go into one
 *    extra `yaml` fact for the same document, `lines` relative to the document.
 * 3. `helm-values`, when the file is named like a values file (see {@link isHelmValuesPath}):
 *    one fact per document, `name` = the chart folder's name (see {@link helmChartName}).
 * 4. `compose` by content (any other name): a top-level `services` mapping whose entries are all
 *    mappings and at least one has `image` or `build`.
 * 5. `yaml`: one fact per document, `name` "".
 *
 * Empty documents produce no fact but still count for `docIndex`.
 *
 * Helm templates: a file under a `templates/` folder that contains `{{` is read through
 * {@link neutralizeHelm} (actions become `__HELM__`, action-only lines become blank lines, line
 * numbers unchanged); any other file that contains `{{` and fails to parse is retried that way.
 * Such documents are ordinary facts whose values may contain `__HELM__`; each single-line scalar
 * value holding one is kept as written in `helmScalars`, so the model can render it from values.
 */
import type { FileFacts, HelmScalar, Loc, ManifestFact } from "../facts.js";
import {
  composeServices,
  helmChartName,
  isComposePath,
  isHelmValuesPath,
  isK8sDoc,
  isPlainObject,
  looksLikeCompose,
} from "./classify.js";
import { HELM_PLACEHOLDER, isHelmTemplatePath, neutralizeHelmActions, type Neutralized } from "./helm.js";
import { helmOutputLines } from "./helm-output.js";
import { parseYamlStream, toParseError, type ParsedDoc } from "./parse.js";
import { setOwn } from "./tree.js";

export { HELM_PLACEHOLDER, isHelmTemplatePath, neutralizeHelm } from "./helm.js";
export { renderHelmScalar, type HelmRender } from "./helm-eval.js";
export { isComposePath, isHelmValuesPath, helmChartName } from "./classify.js";
export { MAX_DOCUMENTS, MAX_EXPANDED_NODES } from "./parse.js";
export { MAX_PATH_DEPTH } from "./scan.js";

/** Line starts of a text, for offset → line/column. */
class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line of an offset. */
  line(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  column(offset: number, line: number): number {
    return offset - this.starts[line - 1]! + 1;
  }
  /** Length of a 1-based line without its line break. */
  length(line: number): number {
    const start = this.starts[line - 1];
    if (start === undefined) return 0;
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end - start;
  }
}

interface Ctx {
  file: string;
  /** Index over the text that was parsed (Helm-neutralized or not). */
  parsed: LineIndex;
  /** Index over the original text (same lines), for line lengths. */
  original: LineIndex;
  /** Helm templates: the current document's scalars holding actions, by full path. */
  scalars?: Map<string, HelmScalar>;
  /** Path prefix (`items.2.`, `services.api.`) of facts that cover part of a document. */
  prefixes: Map<ManifestFact, string>;
}

function locAt(ctx: Ctx, offset: number): Loc {
  if (offset < 0) return { file: ctx.file, line: 1, column: 1, endLine: 1, endColumn: ctx.original.length(1) + 1 };
  const line = ctx.parsed.line(offset);
  const column = ctx.parsed.column(offset, line);
  const endColumn = Math.max(ctx.original.length(line) + 1, column + 1);
  return { file: ctx.file, line, column, endLine: line, endColumn };
}

function newLines(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** All recorded lines of a document (prefix "") or those under `prefix`, relative to it. */
function linesUnder(ctx: Ctx, offsets: Map<string, number>, prefix: string): Record<string, number> {
  const out = newLines();
  for (const [path, off] of offsets) {
    if (prefix === "") out[path] = ctx.parsed.line(off);
    else if (path.startsWith(prefix) && path.length > prefix.length) out[path.slice(prefix.length)] = ctx.parsed.line(off);
  }
  return out;
}

/**
 * Lines of the children `<parent>.<name>.…` of a mapping or sequence, bucketed by child name and
 * relative to the child. One pass over the document's lines.
 */
function linesByChild(
  ctx: Ctx,
  offsets: Map<string, number>,
  parent: string,
  names: string[],
): Map<string, Record<string, number>> {
  const prefix = parent === "" ? "" : `${parent}.`;
  const buckets = new Map<string, Record<string, number>>();
  for (const n of names) buckets.set(n, newLines());
  const dotted = names.filter((n) => n.includes(".")).sort((a, b) => b.length - a.length);
  for (const [path, off] of offsets) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const dot = rest.indexOf(".");
    if (dot < 0) continue; // the child itself
    let name = rest.slice(0, dot);
    let bucket = buckets.get(name);
    if (dotted.length > 0) {
      const longer = dotted.find((n) => rest.startsWith(`${n}.`));
      if (longer !== undefined && longer.length > name.length) {
        name = longer;
        bucket = buckets.get(name);
      }
    }
    if (bucket) bucket[rest.slice(name.length + 1)] = ctx.parsed.line(off);
  }
  return buckets;
}

function metaString(doc: Record<string, unknown>, key: "name" | "namespace"): string | undefined {
  const meta = doc.metadata;
  if (!isPlainObject(meta)) return undefined;
  const v = meta[key];
  return typeof v === "string" ? v : undefined;
}

function k8sFact(
  doc: Record<string, unknown>,
  resourceKind: string,
  docIndex: number,
  lines: Record<string, number>,
  loc: Loc,
): ManifestFact {
  const fact: ManifestFact = {
    kind: "manifest",
    format: "k8s",
    resourceKind,
    name: metaString(doc, "name") ?? "",
    doc,
    docIndex,
    lines,
    loc,
  };
  const ns = metaString(doc, "namespace");
  if (ns !== undefined) fact.namespace = ns;
  return fact;
}

function isListDoc(doc: Record<string, unknown> & { kind: string }): boolean {
  if (!Array.isArray(doc.items)) return false;
  return doc.kind === "List" || (doc.kind.endsWith("List") && !("spec" in doc));
}

function emitK8s(ctx: Ctx, d: ParsedDoc, doc: Record<string, unknown> & { kind: string }, out: ManifestFact[]): void {
  const { offsets } = d.scan;
  if (isListDoc(doc)) {
    const items = doc.items as unknown[];
    const names = items.map((_, i) => String(i));
    const buckets = linesByChild(ctx, offsets, "items", names);
    const itemKindDefault = doc.kind === "List" ? "" : doc.kind.slice(0, -"List".length);
    items.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      const kind = typeof item.kind === "string" && item.kind !== "" ? item.kind : itemKindDefault;
      if (kind === "") return;
      const off = offsets.get(`items.${i}.kind`) ?? offsets.get(`items.${i}`) ?? d.scan.rootOffset;
      const fact = k8sFact(item, kind, d.index, buckets.get(String(i))!, locAt(ctx, off));
      ctx.prefixes.set(fact, `items.${i}.`);
      out.push(fact);
    });
    return;
  }
  const off = offsets.get("kind") ?? d.scan.rootOffset;
  out.push(k8sFact(doc, doc.kind, d.index, linesUnder(ctx, offsets, ""), locAt(ctx, off)));
}

function plainFact(
  ctx: Ctx,
  format: "yaml" | "helm-values",
  name: string,
  doc: unknown,
  docIndex: number,
  lines: Record<string, number>,
  offset: number,
): ManifestFact {
  return { kind: "manifest", format, resourceKind: "", name, doc, docIndex, lines, loc: locAt(ctx, offset) };
}

/** Emits compose facts; false when the document has no services after all. */
function emitCompose(ctx: Ctx, d: ParsedDoc, doc: unknown, out: ManifestFact[]): boolean {
  const services = composeServices(doc);
  if (!services || !isPlainObject(doc)) return false;
  const { offsets } = d.scan;
  const legacy = services === doc; // compose v1: services at the top level
  const parent = legacy ? "" : "services";
  const names = Object.keys(services);
  const buckets = linesByChild(ctx, offsets, parent, names);
  for (const name of names) {
    const path = legacy ? name : `services.${name}`;
    const fact: ManifestFact = {
      kind: "manifest",
      format: "compose",
      resourceKind: "",
      name,
      doc: services[name] ?? null,
      docIndex: d.index,
      lines: buckets.get(name)!,
      loc: locAt(ctx, offsets.get(path) ?? d.scan.rootOffset),
    };
    ctx.prefixes.set(fact, `${path}.`);
    out.push(fact);
  }
  if (!legacy) {
    const rest: Record<string, unknown> = {};
    let firstKey: string | undefined;
    for (const k of Object.keys(doc)) {
      if (k === "services") continue;
      firstKey ??= k;
      setOwn(rest, k, doc[k]);
    }
    if (firstKey !== undefined) {
      const lines = newLines();
      for (const [path, off] of offsets) {
        if (path !== "services" && !path.startsWith("services.")) lines[path] = ctx.parsed.line(off);
      }
      out.push(plainFact(ctx, "yaml", "", rest, d.index, lines, offsets.get(firstKey) ?? d.scan.rootOffset));
    }
  }
  return true;
}

/** Offsets of the placeholders in a neutralized text; empty when they do not match its actions one to one. */
function placeholderOffsets(src: string, n: Neutralized): number[] {
  const at: number[] = [];
  for (let i = src.indexOf(HELM_PLACEHOLDER); i >= 0; i = src.indexOf(HELM_PLACEHOLDER, i + HELM_PLACEHOLDER.length)) at.push(i);
  return at.length === n.actions.length ? at : []; // the file itself spells the placeholder: no telling which is which
}

/**
 * Each marked scalar of a document (full path → source range in the neutralized text) as written
 * in the template: its placeholders put back to the actions they stand for (`at`: their offsets).
 * Multi-line scalars are left out (a blanked action line inside one would be lost).
 */
function helmScalarsOf(src: string, n: Neutralized, at: number[], marked: Map<string, [number, number]>): Map<string, HelmScalar> {
  const out = new Map<string, HelmScalar>();
  for (const [path, [start, end]] of marked) {
    if (src.slice(start, end).includes("\n")) continue;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    const first = n.actions[lo];
    if (!first || at[lo]! >= end) continue;
    let source = "";
    let from = start;
    for (let k = lo; k < at.length && at[k]! < end; k++) {
      source += src.slice(from, at[k]) + n.actions[k]!.text;
      from = at[k]! + HELM_PLACEHOLDER.length;
    }
    source += src.slice(from, end);
    out.set(path, first.blocks.length > 0 ? { source, blocks: first.blocks } : { source });
  }
  return out;
}

function extract(path: string, text: string): FileFacts {
  const hasActions = text.includes("{{");
  const template = hasActions && isHelmTemplatePath(path);
  let helm = template ? neutralizeHelmActions(text) : undefined;
  let src = helm ? helm.text : text;
  let outcome = parseYamlStream(src, template, template ? HELM_PLACEHOLDER : undefined);
  if (outcome.error && hasActions && !template) {
    const lenient = neutralizeHelmActions(text);
    const retry = parseYamlStream(lenient.text, true, HELM_PLACEHOLDER);
    if (!retry.error) {
      outcome = retry;
      src = lenient.text;
      helm = lenient;
    }
  }
  const original = new LineIndex(text);
  const ctx: Ctx = { file: path, parsed: src === text ? original : new LineIndex(src), original, prefixes: new Map() };
  const composeFile = isComposePath(path);
  const valuesFile = isHelmValuesPath(path);
  const facts: ManifestFact[] = [];
  const at = helm ? placeholderOffsets(src, helm) : [];
  for (const d of outcome.docs) {
    const doc = d.value;
    if (doc === null || doc === undefined) continue;
    const emitted = facts.length;
    ctx.scalars = helm && at.length > 0 && d.scan.marked && d.scan.marked.size > 0 ? helmScalarsOf(src, helm, at, d.scan.marked) : undefined;
    emitDoc(ctx, d, doc, composeFile, valuesFile, path, facts);
    for (let i = emitted; i < facts.length; i++) attachScalars(ctx, facts[i]!);
  }
  if (src !== text) {
    const hidden = helmOutputLines(text);
    if (hidden.length > 0) for (const f of facts) f.helmOutputLines = hidden;
  }
  const result: FileFacts = { file: path, language: "yaml", facts };
  if (outcome.error) result.parseError = outcome.error;
  return result;
}

/** A fact's share of its document's Helm scalars, keyed like its `lines`. */
function attachScalars(ctx: Ctx, fact: ManifestFact): void {
  if (!ctx.scalars || ctx.scalars.size === 0) return;
  const prefix = ctx.prefixes.get(fact) ?? "";
  const own: Record<string, HelmScalar> = Object.create(null) as Record<string, HelmScalar>;
  let any = false;
  for (const [path, scalar] of ctx.scalars) {
    if (!path.startsWith(prefix)) continue;
    const rel = path.slice(prefix.length);
    // The fact's own lines say which paths are its (a compose file's top-level fact leaves out `services`).
    if (!Object.hasOwn(fact.lines, rel)) continue;
    own[rel] = scalar;
    any = true;
  }
  if (any) fact.helmScalars = own;
}

function emitDoc(ctx: Ctx, d: ParsedDoc, doc: unknown, composeFile: boolean, valuesFile: boolean, path: string, facts: ManifestFact[]): void {
  if (isK8sDoc(doc)) {
    emitK8s(ctx, d, doc, facts);
    return;
  }
  if ((composeFile || (!valuesFile && looksLikeCompose(doc))) && emitCompose(ctx, d, doc, facts)) return;
  const lines = linesUnder(ctx, d.scan.offsets, "");
  if (valuesFile) facts.push(plainFact(ctx, "helm-values", helmChartName(path), doc, d.index, lines, d.scan.rootOffset));
  else facts.push(plainFact(ctx, "yaml", "", doc, d.index, lines, d.scan.rootOffset));
}

/**
 * Facts of one YAML file. Never throws: unreadable YAML yields `parseError` (js-yaml's reason, on
 * one line, with 1-based line and column) plus the facts of the documents that did parse.
 */
export function extractYaml(path: string, text: string): FileFacts {
  try {
    return extract(path, text);
  } catch (e) {
    return { file: path, language: "yaml", facts: [], parseError: toParseError(e) };
  }
}

/**
 * The line of `path` in a fact's `lines`, or of its nearest recorded ancestor (keys merged in with
 * `<<` or nested deeper than {@link MAX_PATH_DEPTH} have no line of their own); the fact's own
 * line when nothing on the path was recorded.
 */
export function lineOfPath(fact: Pick<ManifestFact, "lines" | "loc">, path: string): number {
  let p = path;
  for (;;) {
    if (Object.hasOwn(fact.lines, p)) return fact.lines[p]!;
    const dot = p.lastIndexOf(".");
    if (dot < 0) return fact.loc.line;
    p = p.slice(0, dot);
  }
}

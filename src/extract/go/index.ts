/**
 * Go extractor: web-tree-sitter + tree-sitter-go → language-neutral facts.
 *
 * `loadGoExtractor()` loads the wasm runtime and grammar once (memoised) and returns a synchronous
 * function that can be called for thousands of files; each parse tree is freed after use.
 */
import { createRequire } from "node:module";
import type { Node as TsNode, Parser as TsParser } from "web-tree-sitter";
import type { FileFacts } from "../facts.js";
import { GoFileExtractor } from "./extract.js";
import { createTreeBuilder, LineIndex, type TreeBuilder } from "./tree.js";

export { goPackageName } from "./extract.js";

export type GoExtractor = (path: string, text: string) => FileFacts;

let loading: Promise<GoExtractor> | undefined;

/** Load (once) the Go grammar and return the extractor. */
export function loadGoExtractor(): Promise<GoExtractor> {
  loading ??= init().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function init(): Promise<GoExtractor> {
  const { Parser, Language } = await import("web-tree-sitter");
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve("tree-sitter-go/tree-sitter-go.wasm");
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  const builder = createTreeBuilder(language);
  return (path, text) => extractWith(parser, builder, path, text);
}

function extractWith(parser: TsParser, builder: TreeBuilder, file: string, text: string): FileFacts {
  const tree = parser.parse(text);
  if (!tree) return { file, language: "go", facts: [], parseError: { message: "parse failed" } };
  try {
    const lines = new LineIndex(text);
    const hasError = tree.rootNode.hasError;
    const root = builder.build(tree, text, hasError);
    const facts = new GoFileExtractor(file, text, lines).run(root);
    const result: FileFacts = { file, language: "go", facts };
    if (hasError) {
      const bad = firstError(tree.rootNode);
      const { line, column } = lines.position(bad ? bad.startIndex : 0);
      result.parseError = { message: "syntax error", line, column };
    }
    return result;
  } finally {
    tree.delete();
  }
}

/** The first ERROR or MISSING node in document order. */
function firstError(root: TsNode): TsNode | null {
  let cur = root;
  for (;;) {
    if (cur.isError || cur.isMissing) return cur;
    let next: TsNode | null = null;
    for (const child of cur.children) {
      if (child.isError || child.isMissing) return child;
      if (child.hasError) {
        next = child;
        break;
      }
    }
    if (!next) return cur === root ? null : cur;
    cur = next;
  }
}

const GENERATED_RE = /^\/\/ Code generated .* DO NOT EDIT\.$/;

/**
 * Whether a Go file carries the standard generated-code header (`// Code generated … DO NOT EDIT.`,
 * https://go.dev/s/generatedcode) before its package clause.
 */
export function isGeneratedGo(text: string): boolean {
  let from = 0;
  for (let n = 0; n < 200 && from < text.length; n++) {
    let nl = text.indexOf("\n", from);
    if (nl === -1) nl = text.length;
    let line = text.slice(from, nl);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (GENERATED_RE.test(line)) return true;
    if (line.startsWith("package ")) return false;
    from = nl + 1;
  }
  return false;
}

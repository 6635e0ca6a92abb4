import { readFileSync } from "node:fs";
import type { DiscoveredFile } from "../discover/types.js";
import type { FileFacts, StringFact } from "./facts.js";
import { scanSuppressions } from "./suppressions.js";

export type * from "./facts.js";

export interface ExtractOptions {
  maxFileBytes: number;
}

type Extractor = (file: string, text: string) => FileFacts;

const GENERATED = /Code generated\b.*\bDO NOT EDIT/;
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Turns one file into facts. Language extractors are loaded on first use, so a repo without Go
 * never loads tree-sitter and one without TS/JS never loads the compiler.
 */
export class FileExtractor {
  private ts?: Promise<Extractor>;
  private go?: Promise<Extractor>;
  private yaml?: Promise<Extractor>;
  private env?: Promise<Extractor>;
  private sql?: Promise<typeof import("./sql/index.js")>;
  private markdown?: Promise<typeof import("./markdown/index.js").extractMarkdown>;
  private proto?: Promise<Extractor>;
  private prisma?: Promise<Extractor>;
  private properties?: Promise<Extractor>;

  constructor(private readonly options: ExtractOptions) {}

  async extract(file: DiscoveredFile, absPath: string): Promise<FileFacts> {
    const base: FileFacts = { file: file.path, language: file.language, facts: [] };
    if (file.size > this.options.maxFileBytes) {
      return { ...base, parseError: { message: `file is ${mb(file.size)} MB, over the ${mb(this.options.maxFileBytes)} MB limit (maxFileBytes); not parsed` } };
    }
    let buf: Buffer;
    try {
      // Synchronous: source files are small and cached; a promise per file costs more than the read.
      buf = readFileSync(absPath);
    } catch (err) {
      return { ...base, parseError: { message: `cannot read file (${(err as NodeJS.ErrnoException).code ?? "unknown error"})` } };
    }
    if (buf.subarray(0, 8000).includes(0)) return { ...base, parseError: { message: "binary file; not parsed" } };
    let text: string;
    try {
      text = decoder.decode(buf);
    } catch {
      return { ...base, parseError: { message: "not valid UTF-8; not parsed" } };
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (GENERATED.test(text.slice(0, 2000).split("\n", 6).join("\n"))) return { ...base, generated: true };
    if ((file.language === "ts" || file.language === "js") && looksMinified(text)) {
      return { ...base, parseError: { message: "minified or bundled code (very long lines); not parsed" } };
    }
    const result = await this.byLanguage(file, text, absPath);
    // Parsers report errors at end of input one line past the last; point at a line that exists.
    if (result.parseError?.line !== undefined) {
      const lines = text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
      if (result.parseError.line > Math.max(1, lines)) result.parseError = { ...result.parseError, line: Math.max(1, lines), column: 1 };
    }
    const strings = result.facts.filter((f): f is StringFact => f.kind === "string");
    if (strings.length > 0) {
      const sql = await (this.sql ??= import("./sql/index.js"));
      result.facts.push(...sql.sqlFromStrings(strings));
    }
    result.facts.push(...scanSuppressions(file.path, text));
    return result;
  }

  private async byLanguage(file: DiscoveredFile, text: string, absPath: string): Promise<FileFacts> {
    switch (file.language) {
      case "ts":
      case "js": {
        const ts = await (this.ts ??= import("./ts/index.js").then((m) => m.loadTsExtractor()));
        return ts(file.path, text);
      }
      case "go": {
        const go = await (this.go ??= import("./go/index.js").then((m) => m.loadGoExtractor()));
        return go(file.path, text);
      }
      case "yaml": {
        const yaml = await (this.yaml ??= import("./yaml/index.js").then((m) => m.extractYaml));
        return yaml(file.path, text);
      }
      case "env": {
        const env = await (this.env ??= import("./env/index.js").then((m) => m.extractEnvFile));
        return env(file.path, text);
      }
      case "sql": {
        const sql = await (this.sql ??= import("./sql/index.js"));
        return { file: file.path, language: "sql", facts: sql.sqlFromFile(file.path, text) };
      }
      case "proto": {
        const proto = await (this.proto ??= import("./proto/index.js").then((m) => m.extractProto));
        return proto(file.path, text);
      }
      case "prisma": {
        const prisma = await (this.prisma ??= import("./prisma/index.js").then((m) => m.extractPrisma));
        return prisma(file.path, text);
      }
      case "properties": {
        const properties = await (this.properties ??= import("./properties/index.js").then((m) => m.extractProperties));
        return properties(file.path, text);
      }
      case "markdown": {
        // Only ADR files are discovered as markdown; their links are checked against the disk.
        const md = await (this.markdown ??= import("./markdown/index.js").then((m) => m.extractMarkdown));
        return md(file.path, text, absPath);
      }
      default:
        return { file: file.path, language: file.language, facts: [] };
    }
  }
}

/** Bundles and minified files: long lines and few of them. */
function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  const lines = text.split("\n", 2000);
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return longest > 5_000 && text.length / lines.length > 500;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

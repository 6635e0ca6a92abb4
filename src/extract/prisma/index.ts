/**
 * Facts from a Prisma schema (`schema.prisma`, or the files of a `prisma/schema/` folder):
 * - one `config-entry` per `datasource` setting, keyed `datasource.<name>.<setting>`; `env("X")`
 *   becomes an `env` value so the model follows it through `.env`, compose and Kubernetes like any
 *   other env read;
 * - one `orm-entity` per `model` and `view`: the table is the `@@map` name when there is one
 *   (explicit), else the model name (Prisma's convention).
 */
import type { ConfigEntryFact, Fact, FileFacts, Loc, OrmEntityFact, Value } from "../facts.js";
import { parseSchema, type Expr, type Span } from "./parse.js";

export function extractPrisma(file: string, text: string): FileFacts {
  const { blocks, error } = parseSchema(text);
  const facts: Fact[] = [];
  const loc = (s: Span): Loc => ({ file, ...s });
  for (const b of blocks) {
    if (b.keyword === "datasource") {
      for (const m of b.members) {
        if (!m.value) continue;
        const fact: ConfigEntryFact = { kind: "config-entry", format: "prisma", key: `datasource.${b.name}.${m.name}`, value: toValue(m.value, loc), loc: loc(m.span) };
        facts.push(fact);
      }
    } else if (b.keyword === "model" || b.keyword === "view") {
      const map = b.attributes.find((a) => a.name === "map");
      const arg = map?.args.find((a) => a.name === undefined || a.name === "name")?.value;
      const mapped = arg?.kind === "string" && arg.value !== "" ? arg.value : undefined;
      const fact: OrmEntityFact = { kind: "orm-entity", orm: "prisma", name: b.name, table: mapped ?? b.name, explicit: mapped !== undefined, loc: loc(b.span) };
      facts.push(fact);
    }
  }
  const out: FileFacts = { file, language: "prisma", facts };
  if (error) out.parseError = { message: `Prisma schema syntax error: ${error.message}`, line: error.line, column: error.column };
  return out;
}

function toValue(e: Expr, loc: (s: Span) => Loc): Value {
  const at = loc(e.span);
  switch (e.kind) {
    case "string":
      // One segment: the text starts one column after the opening quote.
      return { kind: "string", value: e.value, segments: [{ offset: 0, text: e.value, line: e.span.line, column: e.span.column + 1, multiline: false }], holes: [], loc: at };
    case "number":
      return { kind: "number", value: e.value, loc: at };
    case "array":
      return { kind: "array", items: e.items.map((i) => toValue(i, loc)), loc: at };
    case "path":
      return e.name === "true" || e.name === "false" ? { kind: "boolean", value: e.name === "true", loc: at } : { kind: "unknown", text: e.name, loc: at };
    case "call": {
      const arg = e.args[0]?.value;
      if (e.name === "env" && e.args.length === 1 && arg?.kind === "string") return { kind: "env", name: arg.value, loc: at };
      return { kind: "call", callee: e.name, loc: at };
    }
  }
}

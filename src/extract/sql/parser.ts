import { createRequire } from "node:module";

/** The slice of node-sql-parser's API archlint uses. */
interface SqlParser {
  /** One parse giving the AST and the table list (astify + tableList would parse twice). */
  parse(sql: string, opt: { database: string }): { ast: unknown; tableList: string[] };
}

export type Dialect = "mysql" | "postgresql";

const require = createRequire(import.meta.url);
const parsers = new Map<Dialect, SqlParser>();

/**
 * node-sql-parser is 89 MB with every dialect; each per-dialect build loads in ~150 ms, so a
 * dialect is loaded the first time a string that looks like SQL needs it, never at start-up.
 */
function parserFor(dialect: Dialect): SqlParser {
  let parser = parsers.get(dialect);
  if (!parser) {
    const mod = require(`node-sql-parser/build/${dialect}.js`) as { Parser: new () => SqlParser };
    parser = new mod.Parser();
    parsers.set(dialect, parser);
  }
  return parser;
}

export interface ParsedSql {
  dialect: Dialect;
  statement: string;
  tablesRead: string[];
  tablesWritten: string[];
}

/**
 * Parses one statement with the likelier dialect first, then the other. Returns undefined when
 * neither accepts it: a string that only looks like SQL is not archlint's business.
 */
export function parseStatement(sql: string, preferred: Dialect): ParsedSql | undefined {
  // Services repeat the same statements across files; the PEG parser is the costly part.
  const key = `${preferred}\u0000${sql}`;
  if (cache.has(key)) return cache.get(key);
  const parsed = parseUncached(sql, preferred);
  if (cache.size > 20_000) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

const cache = new Map<string, ParsedSql | undefined>();

function parseUncached(sql: string, preferred: Dialect): ParsedSql | undefined {
  for (const dialect of preferred === "postgresql" ? (["postgresql", "mysql"] as const) : (["mysql", "postgresql"] as const)) {
    try {
      const parser = parserFor(dialect);
      const { ast, tableList } = parser.parse(sql, { database: dialect });
      const first = (Array.isArray(ast) ? ast[0] : ast) as { type?: string } | undefined;
      if (!first || typeof first.type !== "string") continue;
      const read = new Set<string>();
      const written = new Set<string>();
      for (const entry of tableList) {
        const [op, , table] = entry.split("::");
        if (!table || table === "null" || table.startsWith("(")) continue;
        if (op === "select") read.add(table);
        else written.add(table);
      }
      return {
        dialect,
        statement: first.type.toLowerCase(),
        tablesRead: [...read].sort(),
        tablesWritten: [...written].sort(),
      };
    } catch {
      // Not valid in this dialect; try the next.
    }
  }
  return undefined;
}

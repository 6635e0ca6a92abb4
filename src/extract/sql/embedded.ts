import type { Loc, SqlFact, StringContext, StringFact, StringSegment } from "../facts.js";
import { locOfRange } from "../strings.js";
import { splitStatements, tokenize, type Token } from "./lexer.js";
import { parseStatement, type Dialect } from "./parser.js";
import { findSelectStars } from "./stars.js";

const STATEMENT_START: Record<string, string[]> = {
  SELECT: ["FROM"],
  WITH: ["SELECT", "INSERT", "UPDATE", "DELETE"],
  INSERT: ["INTO"],
  REPLACE: ["INTO"],
  UPDATE: ["SET"],
  DELETE: ["FROM"],
  MERGE: ["INTO"],
  CREATE: ["TABLE", "VIEW", "INDEX", "SCHEMA", "SEQUENCE", "TYPE", "FUNCTION", "TRIGGER", "PROCEDURE", "EXTENSION"],
  ALTER: ["TABLE", "VIEW", "INDEX", "SEQUENCE", "TYPE"],
  DROP: ["TABLE", "VIEW", "INDEX", "SCHEMA", "SEQUENCE", "TYPE", "FUNCTION", "TRIGGER"],
  TRUNCATE: [],
};

/** Cheap test before any parser runs: a first keyword that opens a statement and its partner. */
export function looksLikeSql(text: string): boolean {
  if (!/^[\s(]*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[\s(]*(select|with|insert|replace|update|delete|merge|create|alter|drop|truncate)\b/i.test(text)) return false;
  const tokens = tokenize(text);
  const first = tokens.find((t) => !(t.type === "punct" && t.text === "("));
  if (!first || first.type !== "word") return false;
  const partners = STATEMENT_START[first.text];
  if (!partners) return false;
  if (partners.length === 0) return true;
  return tokens.some((t) => t !== first && t.type === "word" && partners.includes(t.text));
}

// Calls whose string arguments are prose for people, never queries for a database.
const PROSE_CALLEE = /(^|\.)(log|logf|logger|info|infof|debug|debugf|warn|warnf|warning|error|errorf|trace|tracef|fatal|fatalf|panic|panicf|print|printf|println|errorln|fprintf|fprintln|describe|it|test|expect|assert|equal|deepEqual|strictEqual|toBe|toEqual|t\.(Log|Error|Fatal|Skip)\w*|Errorf|Wrap|Wrapf|WithMessage|send|json|render|write|alert|confirm|prompt)$|^errors\.New$/i;
const PROSE_PROPERTY = /^(message|msg|description|desc|summary|title|help|usage|label|text|hint|placeholder|example|comment|note|error|reason|detail|details)$/i;

/** A string that is an argument of a logger, an error constructor or a test name is prose. */
export function isProse(context: StringContext): boolean {
  if (context.callee && PROSE_CALLEE.test(context.callee)) return true;
  if (context.callee && /(^|\.)(Error|TypeError|RangeError|HttpException|BadRequestException)$/.test(context.callee)) return true;
  if (!context.callee && context.property && PROSE_PROPERTY.test(context.property)) return true;
  return false;
}

const HOLE = "__archlint_p";
/** Names that are our own placeholders: the real table is only known at run time. */
const PLACEHOLDER = /^(__archlint_p\d+|_+p)$/;

/** The value with a placeholder identifier at each hole, and a map back to value offsets. */
function withPlaceholders(value: string, holes: number[], printf: boolean): { sql: string; toValue: (o: number) => number } {
  let text = value;
  if (printf) {
    // fmt.Sprintf verbs become identifiers of the same length so offsets stay put.
    // Numeric verbs become numbers (LIMIT %d), the rest identifiers (FROM %s).
    text = text.replace(/%[-+# 0-9.]*[a-zA-Z]/g, (m) => (/[dx]$/.test(m) ? "1".repeat(m.length) : "_".repeat(m.length - 1) + "p"));
  }
  if (holes.length === 0) return { sql: text, toValue: (o) => o };
  const inserts: Array<{ at: number; len: number }> = [];
  let sql = "";
  let last = 0;
  [...holes].sort((a, b) => a - b).forEach((h, i) => {
    sql += text.slice(last, h);
    const ph = `${HOLE}${i}`;
    inserts.push({ at: sql.length, len: ph.length });
    sql += ph;
    last = h;
  });
  sql += text.slice(last);
  return {
    sql,
    toValue(o) {
      let shift = 0;
      for (const ins of inserts) {
        if (o >= ins.at + ins.len) shift += ins.len;
        else if (o >= ins.at) return ins.at - shift;
      }
      return o - shift;
    },
  };
}

/** Guess from the text; the other dialect is tried when this one fails. */
function preferredDialect(tokens: Token[], sql: string): Dialect {
  for (const t of tokens) {
    if (t.type === "param" && t.text.startsWith("$")) return "postgresql";
    if (t.type === "quoted" && sql[t.start] === "`") return "mysql";
    if (t.type === "param" && t.text === "?") return "mysql";
    if (t.type === "word" && (t.text === "ILIKE" || t.text === "RETURNING")) return "postgresql";
  }
  return sql.includes("::") ? "postgresql" : "mysql";
}

interface SqlSource {
  file: string;
  origin: SqlFact["origin"];
  value: string;
  holes: number[];
  segments: StringSegment[];
  printf: boolean;
  resultProperties?: string[];
  /** .sql files are SQL by definition: a statement the parser rejects is still scanned lexically. */
  lexicalFallback: boolean;
}

function analyze(src: SqlSource): SqlFact[] {
  const { sql, toValue } = withPlaceholders(src.value, src.holes, src.printf);
  const facts: SqlFact[] = [];
  const loc = (start: number, end: number): Loc => locOfRange(src.file, src.segments, toValue(start), toValue(end));
  for (const stmt of splitStatements(sql)) {
    const tokens = tokenize(stmt.text);
    if (src.origin === "code-string" && !looksLikeSql(stmt.text)) continue;
    const parsed = parseStatement(stmt.text, preferredDialect(tokens, stmt.text));
    if (!parsed && !src.lexicalFallback) continue;
    const firstTok = tokens[0]!;
    const lastTok = tokens[tokens.length - 1]!;
    const stars = findSelectStars(tokens, stmt.text).map((s) => ({
      table: s.tables.length === 1 && !PLACEHOLDER.test(s.tables[0]!) ? s.tables[0] : undefined,
      qualifier: s.qualifier,
      inExists: s.inExists,
      inSubquery: s.inSubquery,
      loc: loc(stmt.start + (s.qualifier ? s.start - s.qualifier.length - 1 : s.start), stmt.start + s.end),
      tables: s.tables.filter((t) => !PLACEHOLDER.test(t)),
    }));
    const fact: SqlFact = {
      kind: "sql",
      origin: src.origin,
      dialect: parsed?.dialect ?? preferredDialect(tokens, stmt.text),
      statement: parsed?.statement ?? firstTok.text.toLowerCase(),
      tablesRead: parsed?.tablesRead ?? [],
      tablesWritten: parsed?.tablesWritten ?? [],
      stars,
      loc: loc(stmt.start + firstTok.start, stmt.start + lastTok.end),
    };
    if (src.resultProperties?.length) fact.resultProperties = src.resultProperties;
    facts.push(fact);
  }
  return facts;
}

/** SQL statements in a `.sql` file. */
export function sqlFromFile(file: string, text: string): SqlFact[] {
  return analyze({
    file,
    origin: "sql-file",
    value: text,
    holes: [],
    segments: [{ offset: 0, text, line: 1, column: 1, multiline: true }],
    printf: false,
    lexicalFallback: true,
  });
}

/** SQL statements in strings written in code; prose and strings that do not parse are skipped. */
export function sqlFromStrings(strings: StringFact[]): SqlFact[] {
  const out: SqlFact[] = [];
  for (const s of strings) {
    if (!looksLikeSql(s.value) || isProse(s.context)) continue;
    out.push(
      ...analyze({
        file: s.loc.file,
        origin: "code-string",
        value: s.value,
        holes: s.holes,
        segments: s.segments,
        printf: !!s.context.callee && /printf$/i.test(s.context.callee),
        resultProperties: s.context.resultProperties,
        lexicalFallback: false,
      }),
    );
  }
  return out;
}

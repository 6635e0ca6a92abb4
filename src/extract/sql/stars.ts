import type { Token } from "./lexer.js";

/** A `*` in a select list, located by the lexer and resolved against its own FROM clause. */
export interface LexicalStar {
  start: number;
  end: number;
  qualifier?: string;
  /** Tables the star expands: the qualifier's table, or every table in that select's FROM. */
  tables: string[];
  inExists: boolean;
  inSubquery: boolean;
}

interface SelectScope {
  depth: number;
  inExists: boolean;
  stars: Array<{ start: number; end: number; qualifier?: string }>;
  /** alias (lower-case) → table name; tables also map to themselves. */
  aliases: Map<string, string>;
  tables: string[];
}

interface Frame {
  depth: number;
  exists: boolean;
  state: "none" | "list" | "from";
  scope?: SelectScope;
  expectTable: boolean;
  lastTable?: string;
  expectAlias: boolean;
  derived?: boolean;
}

const FROM_END = new Set([
  "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "FOR",
  "OFFSET", "FETCH", "RETURNING", "INTO", "SET", "VALUES",
]);
const JOIN_WORDS = new Set(["JOIN", "STRAIGHT_JOIN"]);
const NOT_ALIAS = new Set([
  ...FROM_END, "ON", "USING", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "NATURAL",
  "LATERAL", "AS", "WITH", "USE", "FORCE", "IGNORE", "STRAIGHT_JOIN", "TABLESAMPLE",
]);
const SET_OPS = new Set(["UNION", "EXCEPT", "INTERSECT", "MINUS"]);

/** Finds every select-list `*` (`SELECT *`, `t.*`) in one statement's tokens. */
export function findSelectStars(tokens: Token[], sql: string): LexicalStar[] {
  const scopes: SelectScope[] = [];
  const stack: Frame[] = [newFrame(0, false)];
  let firstSelectDepth = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const frame = stack[stack.length - 1]!;
    if (t.type === "punct" && t.text === "(") {
      if (frame.state === "from" && frame.expectTable) {
        // A derived table: its alias, read after the `)`, names it.
        frame.expectTable = false;
        frame.lastTable = undefined;
        frame.derived = true;
      }
      stack.push(newFrame(frame.depth + 1, frame.exists || (prev?.type === "word" && prev.text === "EXISTS")));
      continue;
    }
    if (t.type === "punct" && t.text === ")") {
      if (stack.length > 1) stack.pop();
      const outer = stack[stack.length - 1]!;
      if (outer.state === "from" && outer.derived) outer.expectAlias = true;
      continue;
    }
    if (t.type === "word" && t.text === "SELECT") {
      if (firstSelectDepth < 0) firstSelectDepth = frame.depth;
      frame.scope = { depth: frame.depth, inExists: frame.exists, stars: [], aliases: new Map(), tables: [] };
      scopes.push(frame.scope);
      frame.state = "list";
      continue;
    }
    if (t.type === "word" && SET_OPS.has(t.text)) {
      frame.state = "none";
      continue;
    }
    if (frame.state === "list") {
      if (t.type === "punct" && t.text === "*" && frame.scope) {
        const unqualified =
          prev && ((prev.type === "word" && ["SELECT", "DISTINCT", "ALL"].includes(prev.text)) || (prev.type === "punct" && prev.text === ","));
        const dotted = prev?.type === "punct" && prev.text === "." && adjacent(tokens[i - 2], prev);
        if (unqualified) frame.scope.stars.push({ start: t.start, end: t.end });
        else if (dotted) frame.scope.stars.push({ start: t.start, end: t.end, qualifier: identText(tokens[i - 2]!, sql) });
      } else if (t.type === "word" && t.text === "FROM") {
        frame.state = "from";
        frame.expectTable = true;
      }
      continue;
    }
    if (frame.state === "from" && frame.scope) {
      i = readFromClause(frame, t, tokens, i, sql);
    }
  }
  return scopes.flatMap((scope) =>
    scope.stars.map((s) => {
      const resolved = s.qualifier ? scope.aliases.get(s.qualifier.toLowerCase()) ?? s.qualifier : undefined;
      return {
        start: s.start,
        end: s.end,
        qualifier: s.qualifier,
        tables: resolved ? [resolved] : [...scope.tables],
        inExists: scope.inExists,
        inSubquery: scope.depth > firstSelectDepth,
      };
    }),
  );
}

/** Reads one token of a FROM clause; returns the index of the last token consumed. */
function readFromClause(frame: Frame, t: Token, tokens: Token[], i: number, sql: string): number {
  const scope = frame.scope!;
  if (t.type === "word" && FROM_END.has(t.text)) {
    frame.state = "none";
    return i;
  }
  if ((t.type === "punct" && t.text === ",") || (t.type === "word" && JOIN_WORDS.has(t.text))) {
    frame.expectTable = true;
    frame.expectAlias = false;
    frame.derived = false;
    return i;
  }
  if (t.type === "word" && t.text === "ON") {
    frame.expectAlias = false;
    return i;
  }
  const isIdent = t.type === "quoted" || (t.type === "word" && !NOT_ALIAS.has(t.text));
  if (frame.expectTable && isIdent) {
    // Dotted names (schema.table) are one table; keep the last part.
    let name = identText(t, sql);
    let j = i;
    while (tokens[j + 1]?.text === "." && tokens[j + 2] && (tokens[j + 2]!.type === "word" || tokens[j + 2]!.type === "quoted")) {
      name = identText(tokens[j + 2]!, sql);
      j += 2;
    }
    scope.tables.push(name);
    scope.aliases.set(name.toLowerCase(), name);
    frame.lastTable = name;
    frame.expectTable = false;
    frame.expectAlias = true;
    return j;
  }
  if (frame.expectAlias && isIdent) {
    const alias = identText(t, sql);
    if (frame.lastTable) scope.aliases.set(alias.toLowerCase(), frame.lastTable);
    else if (frame.derived) {
      scope.tables.push(alias);
      scope.aliases.set(alias.toLowerCase(), alias);
    }
    frame.expectAlias = false;
    frame.derived = false;
  }
  return i;
}

function newFrame(depth: number, exists: boolean): Frame {
  return { depth, exists, state: "none", expectTable: false, expectAlias: false };
}

function adjacent(a: Token | undefined, b: Token): a is Token {
  return !!a && a.end === b.start && (a.type === "word" || a.type === "quoted");
}

function identText(t: Token, sql: string): string {
  const raw = sql.slice(t.start, t.end);
  return t.type === "quoted" ? raw.slice(1, -1) : raw;
}

/**
 * A small SQL lexer: enough to split scripts into statements and to find `*` in select lists with
 * their exact offsets, which node-sql-parser's AST does not carry. It understands quoted strings
 * and identifiers, line and block comments and PostgreSQL dollar quoting, so a `*` or `;` inside
 * any of those is never mistaken for syntax.
 */

export type TokenType = "word" | "quoted" | "string" | "number" | "punct" | "param";

export interface Token {
  type: TokenType;
  /** Upper-cased for words, raw otherwise. */
  text: string;
  start: number;
  end: number;
}

const isWordStart = (c: string) => /[A-Za-z_\u00C0-\uFFFF]/.test(c);
const isWordPart = (c: string) => /[A-Za-z0-9_$\u00C0-\uFFFF]/.test(c);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      i++;
    } else if (c === "-" && next === "-") {
      while (i < n && sql[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      const start = i;
      i++;
      while (i < n) {
        if (sql[i] === "\\" && c === "'") i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) {
          i++;
          break;
        } else i++;
      }
      tokens.push({ type: c === "'" ? "string" : "quoted", text: sql.slice(start, i), start, end: i });
    } else if (c === "$" && /[A-Za-z_$]/.test(next ?? "")) {
      // Dollar-quoted body ($$ … $$ or $tag$ … $tag$).
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        const end = close < 0 ? n : close + m[0].length;
        tokens.push({ type: "string", text: sql.slice(i, end), start: i, end });
        i = end;
      } else {
        tokens.push({ type: "punct", text: c, start: i, end: i + 1 });
        i++;
      }
    } else if ((c === "$" || c === ":" || c === "@") && /[0-9A-Za-z_]/.test(next ?? "") && !(c === ":" && sql[i - 1] === ":")) {
      const start = i;
      i++;
      while (i < n && /[0-9A-Za-z_]/.test(sql[i]!)) i++;
      tokens.push({ type: "param", text: sql.slice(start, i), start, end: i });
    } else if (c === "?") {
      tokens.push({ type: "param", text: c, start: i, end: i + 1 });
      i++;
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[0-9.eE]/.test(sql[i]!)) i++;
      tokens.push({ type: "number", text: sql.slice(start, i), start, end: i });
    } else if (isWordStart(c)) {
      const start = i;
      while (i < n && isWordPart(sql[i]!)) i++;
      tokens.push({ type: "word", text: sql.slice(start, i).toUpperCase(), start, end: i });
    } else {
      tokens.push({ type: "punct", text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** Splits a script at top-level `;` into statements with their offsets (empty ones dropped). */
export function splitStatements(sql: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let start = 0;
  let depth = 0;
  // BEGIN … END blocks (triggers, procedures) keep their inner semicolons.
  let block = 0;
  let sawToken = false;
  for (const t of tokenize(sql)) {
    if (!(t.type === "punct" && t.text === ";")) sawToken = true;
    if (t.type === "punct" && t.text === "(") depth++;
    else if (t.type === "punct" && t.text === ")") depth = Math.max(0, depth - 1);
    else if (t.type === "word" && t.text === "BEGIN") block++;
    else if (t.type === "word" && t.text === "END" && block > 0) block--;
    else if (t.type === "punct" && t.text === ";" && depth === 0 && block === 0) {
      if (sawToken) out.push({ text: sql.slice(start, t.start), start });
      start = t.end;
      sawToken = false;
    }
  }
  if (sawToken) out.push({ text: sql.slice(start), start });
  return out;
}

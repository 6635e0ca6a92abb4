/**
 * A tokenizer and parser for the Prisma schema language (PSL), enough to read every block of a
 * real schema: `datasource` / `generator` (`key = expression` lines), `model` / `view` / `type`
 * (fields with a type and `@attributes`, block `@@attributes`) and `enum` (values with
 * attributes). Comments are `//` and `///` to the end of the line; PSL has no block comments.
 * Lines matter: one field, value or setting per line, as Prisma's own grammar has it.
 *
 * The grammar follows prisma-engines' `datamodel.pest`: identifiers are
 * `[A-Za-z0-9][A-Za-z0-9_-]*`, numbers `-?\d+(\.\d+)?`, strings double-quoted on one line with
 * backslash escapes, expressions are strings, numbers, arrays, paths (`Cascade`, `db.VarChar`)
 * and function calls with positional or named arguments (`env("DATABASE_URL")`,
 * `@relation(fields: [userId], references: [id])`).
 */

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Expr =
  | { kind: "string"; value: string; span: Span }
  | { kind: "number"; value: number; span: Span }
  | { kind: "path"; name: string; span: Span }
  | { kind: "call"; name: string; args: Arg[]; span: Span }
  | { kind: "array"; items: Expr[]; span: Span };

export interface Arg {
  name?: string;
  value: Expr;
}

export interface Attribute {
  /** Without the `@` / `@@` (`map`, `db.VarChar`). */
  name: string;
  args: Arg[];
  span: Span;
}

/** A line of a block: a setting (`url = env("X")`), a field (`id Int @id`) or an enum value. */
export interface Member {
  name: string;
  span: Span;
  /** `datasource` / `generator` settings. */
  value?: Expr;
  /** Model, view and type fields: the type as written without `?` / `[]` (`String`, `Unsupported`). */
  type?: string;
  attributes: Attribute[];
}

export interface Block {
  keyword: "datasource" | "generator" | "model" | "view" | "enum" | "type";
  name: string;
  /** The `keyword Name` header. */
  span: Span;
  members: Member[];
  /** Block attributes (`@@map("orders")`, `@@schema("sales")`). */
  attributes: Attribute[];
}

export class PrismaSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type TokenKind = "ident" | "number" | "string" | "punct" | "newline" | "eof";
interface Token {
  kind: TokenKind;
  text: string;
  /** Cooked value of a string token. */
  value?: string;
  line: number;
  column: number;
  endColumn: number;
}

const PUNCT = new Set(["{", "}", "(", ")", "[", "]", "=", ":", ",", ".", "?", "@"]);
const KEYWORDS = new Set(["datasource", "generator", "model", "view", "enum", "type"]);
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "0": "\0" };

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const col = (at: number) => at - lineStart + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      out.push({ kind: "newline", text: "\n", line, column: col(i), endColumn: col(i) + 1 });
      i++;
      line++;
      lineStart = i;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\uFEFF") i++;
    else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === '"') {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === "\n") throw new PrismaSyntaxError("unterminated string", line, col(start));
        if (d === '"') break;
        if (d === "\\") {
          const e = text[i + 1];
          if (e === undefined || e === "\n") throw new PrismaSyntaxError("unterminated string", line, col(start));
          if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            value += ESCAPES[e] ?? e;
            i += 2;
          }
        } else {
          value += d;
          i++;
        }
      }
      i++;
      out.push({ kind: "string", text: text.slice(start, i), value, line, column: col(start), endColumn: col(i) });
    } else if (/[A-Za-z0-9_]/.test(c) || (c === "-" && /[0-9]/.test(text[i + 1] ?? ""))) {
      const start = i;
      i++;
      while (i < text.length && /[A-Za-z0-9_-]/.test(text[i]!)) i++;
      let word = text.slice(start, i);
      const numeric = /^-?\d+$/.test(word);
      if (numeric && text[i] === "." && /[0-9]/.test(text[i + 1] ?? "")) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i]!)) i++;
        word = text.slice(start, i);
      }
      out.push({ kind: /^-?\d+(\.\d+)?$/.test(word) ? "number" : "ident", text: word, line, column: col(start), endColumn: col(i) });
    } else if (PUNCT.has(c)) {
      out.push({ kind: "punct", text: c, line, column: col(i), endColumn: col(i) + 1 });
      i++;
    } else throw new PrismaSyntaxError(`unexpected character '${c}'`, line, col(i));
  }
  out.push({ kind: "eof", text: "", line, column: col(i), endColumn: col(i) });
  return out;
}

/**
 * Parses a schema. Blocks before a syntax error are kept in `blocks`; the error (the first one)
 * is returned beside them, so a schema broken at its end still yields its datasource.
 */
export function parseSchema(text: string): { blocks: Block[]; error?: PrismaSyntaxError } {
  const blocks: Block[] = [];
  try {
    new Parser(tokenize(text), blocks).schema();
    return { blocks };
  } catch (err) {
    if (err instanceof PrismaSyntaxError) return { blocks, error: err };
    throw err;
  }
}

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly blocks: Block[],
  ) {}

  private get peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== "eof") this.i++;
    return t;
  }

  private is(kind: TokenKind, text?: string): boolean {
    return this.peek.kind === kind && (text === undefined || this.peek.text === text);
  }

  private expect(kind: TokenKind, text?: string): Token {
    if (!this.is(kind, text)) this.fail(`expected ${text ? `'${text}'` : kind}`);
    return this.next();
  }

  private fail(expected: string): never {
    const t = this.peek;
    const found = t.kind === "eof" ? "end of file" : t.kind === "newline" ? "end of line" : `'${t.text}'`;
    throw new PrismaSyntaxError(`${expected}, found ${found}`, t.line, t.column);
  }

  private skipNewlines(): void {
    while (this.is("newline")) this.next();
  }

  private endOfLine(): void {
    if (this.is("punct", "}")) return;
    if (!this.is("newline") && !this.is("eof")) this.fail("expected end of line");
    this.skipNewlines();
  }

  schema(): void {
    this.skipNewlines();
    while (!this.is("eof")) {
      this.blocks.push(this.block());
      this.skipNewlines();
    }
  }

  private block(): Block {
    const kw = this.peek;
    if (kw.kind !== "ident" || !KEYWORDS.has(kw.text)) this.fail("expected datasource, generator, model, view, enum or type");
    this.next();
    const name = this.expect("ident");
    const block: Block = {
      keyword: kw.text as Block["keyword"],
      name: name.text,
      span: { line: kw.line, column: kw.column, endLine: name.line, endColumn: name.endColumn },
      members: [],
      attributes: [],
    };
    this.expect("punct", "{");
    this.skipNewlines();
    while (!this.is("punct", "}")) {
      if (this.is("eof")) this.fail(`expected '}' to close ${block.keyword} ${block.name}`);
      if (this.is("punct", "@")) {
        const at = this.next();
        this.expect("punct", "@");
        block.attributes.push(this.attribute(at));
      } else {
        block.members.push(this.member(block.keyword));
        // `enum Role { USER ADMIN }`: Prisma wants a line per value; reading several is harmless.
        while (block.keyword === "enum" && this.is("ident")) block.members.push(this.member("enum"));
      }
      this.endOfLine();
    }
    this.next();
    return block;
  }

  private member(keyword: Block["keyword"]): Member {
    const name = this.expect("ident");
    const span: Span = { line: name.line, column: name.column, endLine: name.line, endColumn: name.endColumn };
    const member: Member = { name: name.text, span, attributes: [] };
    if (keyword === "datasource" || keyword === "generator") {
      this.expect("punct", "=");
      member.value = this.expr();
      span.endColumn = member.value.span.endColumn;
      return member;
    }
    if (keyword !== "enum") {
      // Field type: `String`, `db.Type`, `Unsupported("circle")`, then `?` or `[]` (legacy `[]?` too).
      member.type = this.dotted(this.expect("ident").text);
      if (this.is("punct", "(")) this.args();
      if (this.is("punct", "[")) {
        this.next();
        this.expect("punct", "]");
      }
      if (this.is("punct", "?")) this.next();
    }
    while (this.is("punct", "@")) member.attributes.push(this.attribute(this.next()));
    return member;
  }

  /** After `@` (or `@@`): a dotted name and optional arguments. */
  private attribute(at: Token): Attribute {
    const name = this.dotted(this.expect("ident").text);
    const args = this.is("punct", "(") ? this.args() : [];
    const prev = this.tokens[this.i - 1]!;
    return { name, args, span: { line: at.line, column: at.column, endLine: prev.line, endColumn: prev.endColumn } };
  }

  private dotted(head: string): string {
    let name = head;
    while (this.is("punct", ".")) {
      this.next();
      name += `.${this.expect("ident").text}`;
    }
    return name;
  }

  /** `( [name:] expr, … )`; newlines are allowed inside. */
  private args(): Arg[] {
    this.expect("punct", "(");
    const out: Arg[] = [];
    this.skipNewlines();
    while (!this.is("punct", ")")) {
      let name: string | undefined;
      if (this.is("ident") && this.tokens[this.i + 1]?.kind === "punct" && this.tokens[this.i + 1]!.text === ":") {
        name = this.next().text;
        this.next();
      }
      out.push(name === undefined ? { value: this.expr() } : { name, value: this.expr() });
      this.skipNewlines();
      if (!this.is("punct", ",")) break;
      this.next();
      this.skipNewlines();
    }
    this.expect("punct", ")");
    return out;
  }

  private expr(): Expr {
    const t = this.peek;
    const start = { line: t.line, column: t.column };
    const spanTo = (end: Token): Span => ({ ...start, endLine: end.line, endColumn: end.endColumn });
    if (t.kind === "string") {
      this.next();
      return { kind: "string", value: t.value!, span: spanTo(t) };
    }
    if (t.kind === "number") {
      this.next();
      return { kind: "number", value: Number(t.text), span: spanTo(t) };
    }
    if (this.is("punct", "[")) {
      this.next();
      const items: Expr[] = [];
      this.skipNewlines();
      while (!this.is("punct", "]")) {
        items.push(this.expr());
        this.skipNewlines();
        if (!this.is("punct", ",")) break;
        this.next();
        this.skipNewlines();
      }
      const end = this.expect("punct", "]");
      return { kind: "array", items, span: spanTo(end) };
    }
    if (t.kind === "ident") {
      const name = this.dotted(this.next().text);
      if (this.is("punct", "(")) {
        const args = this.args();
        return { kind: "call", name, args, span: spanTo(this.tokens[this.i - 1]!) };
      }
      return { kind: "path", name, span: spanTo(this.tokens[this.i - 1]!) };
    }
    this.fail("expected a value");
  }
}

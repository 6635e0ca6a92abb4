import { ProtoSyntaxError, T, type Token } from "./lex.js";
import type { Features, OptionEntry, OptionValue, Options, ProtoFile, Span } from "./model.js";

/*
 * The token cursor under the .proto parser (see parse.ts): token helpers, type and option
 * names, integer literals and option statements, shared by every declaration parser.
 */

/** Placeholder until the linker resolves features. */
export const UNRESOLVED: Features = {
  field_presence: "EXPLICIT",
  enum_type: "OPEN",
  repeated_field_encoding: "PACKED",
  utf8_validation: "VERIFY",
  message_encoding: "LENGTH_PREFIXED",
  json_format: "ALLOW",
};

export class ProtoCursor {
  protected i = 0;

  constructor(
    protected readonly toks: Token[],
    protected readonly file: ProtoFile,
  ) {}

  // ---- token helpers ----
  protected peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  protected next(): Token {
    const t = this.toks[this.i]!;
    if (t.t !== T.EOF) this.i++;
    return t;
  }
  protected isSym(s: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === T.Sym && t.s === s;
  }
  protected isIdent(s?: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === T.Ident && (s === undefined || t.s === s);
  }
  protected fail(t: Token, msg: string): never {
    throw new ProtoSyntaxError(msg, t.line, t.col, t.endLine, t.endCol);
  }
  protected describe(t: Token): string {
    if (t.t === T.EOF) return "end of file";
    if (t.t === T.String) return `string literal`;
    return `'${t.s}'`;
  }
  protected expectSym(s: string): Token {
    const t = this.next();
    if (t.t !== T.Sym || t.s !== s) this.fail(t, `syntax error: expecting '${s}', found ${this.describe(t)}`);
    return t;
  }
  protected expectIdent(what = "identifier"): Token {
    const t = this.next();
    if (t.t !== T.Ident) this.fail(t, `syntax error: expecting ${what}, found ${this.describe(t)}`);
    return t;
  }
  protected expectString(): string {
    const t = this.next();
    if (t.t !== T.String) this.fail(t, `syntax error: expecting string literal, found ${this.describe(t)}`);
    let s = t.s;
    while (this.peek().t === T.String) s += this.next().s;
    return s;
  }
  protected expectInt(): { value: number; tok: Token; neg: boolean; end: Token } {
    let neg = false;
    const first = this.peek();
    if (this.isSym("-")) {
      this.next();
      neg = true;
    }
    const t = this.next();
    if (t.t !== T.Int) this.fail(t, `syntax error: expecting integer, found ${this.describe(t)}`);
    const v = parseIntLiteral(t.s);
    if (v === undefined) this.fail(t, `invalid integer literal '${t.s}'`);
    return { value: neg ? -v : v, tok: first, neg, end: t };
  }
  protected span(a: Token, b: Token): Span {
    return { start: { line: a.line, col: a.col }, end: { line: b.endLine, col: b.endCol } };
  }
  protected last(): Token {
    return this.toks[this.i - 1]!;
  }

  /** `foo.bar.Baz` or `.foo.Baz`, returned with its first and last tokens. */
  protected typeName(): { name: string; first: Token; last: Token } {
    const first = this.peek();
    let name = "";
    if (this.isSym(".")) {
      this.next();
      name = ".";
    }
    name += this.expectIdent("type name").s;
    while (this.isSym(".") && this.peek(1).t === T.Ident) {
      this.next();
      name += "." + this.next().s;
    }
    return { name, first, last: this.last() };
  }

  // ---- options ----
  protected optionName(): { name: string; first: Token } {
    const first = this.peek();
    const parts: string[] = [];
    for (;;) {
      if (this.isSym("(")) {
        this.next();
        if (this.isSym(".")) this.next();
        let ext = this.expectIdent("option name").s;
        while (this.isSym(".")) {
          this.next();
          ext += "." + this.expectIdent("option name").s;
        }
        this.expectSym(")");
        parts.push(`(${ext})`);
      } else {
        parts.push(this.expectIdent("option name").s);
      }
      if (this.isSym(".")) {
        this.next();
        continue;
      }
      break;
    }
    return { name: parts.join("."), first };
  }

  protected optionValue(): OptionValue {
    const t = this.peek();
    if (t.t === T.String) return { kind: "string", value: this.expectString() };
    if (t.t === T.Sym && t.s === "{") {
      const start = this.i;
      let depth = 0;
      do {
        const x = this.next();
        if (x.t === T.EOF) this.fail(x, "syntax error: unterminated message literal");
        if (x.t === T.Sym && (x.s === "{" || x.s === "<")) depth++;
        else if (x.t === T.Sym && (x.s === "}" || x.s === ">")) depth--;
      } while (depth > 0);
      return { kind: "aggregate", value: this.toks.slice(start, this.i).map((x) => x.s).join(" ") };
    }
    let neg = false;
    if (t.t === T.Sym && (t.s === "-" || t.s === "+")) {
      neg = t.s === "-";
      this.next();
    }
    const v = this.next();
    if (v.t === T.Int) {
      const n = parseIntLiteral(v.s);
      if (n === undefined) this.fail(v, `invalid integer literal '${v.s}'`);
      return { kind: "number", value: neg ? -n : n, text: (neg ? "-" : "") + normaliseInt(v.s) };
    }
    if (v.t === T.Float) {
      const n = Number(v.s);
      return { kind: "number", value: neg ? -n : n, text: String(neg ? -n : n) };
    }
    if (v.t === T.Ident) {
      const low = v.s.toLowerCase();
      if (low === "inf" || low === "infinity") return { kind: "number", value: neg ? -Infinity : Infinity, text: neg ? "-inf" : "inf" };
      if (low === "nan") return { kind: "number", value: NaN, text: "nan" };
      if (neg) this.fail(v, "syntax error: expecting number");
      return { kind: "ident", value: v.s };
    }
    this.fail(v, `syntax error: expecting option value, found ${this.describe(v)}`);
  }

  protected optionStatement(into: Options): void {
    const kw = this.next(); // 'option'
    const { name } = this.optionName();
    this.expectSym("=");
    const value = this.optionValue();
    const end = this.expectSym(";");
    setOption(into, { name, value, span: this.span(kw, end) });
  }

  /** `[a = b, c = d]` after a field or enum value. */
  protected compactOptions(into: Options): void {
    if (!this.isSym("[")) return;
    this.next();
    for (;;) {
      const { name, first } = this.optionName();
      this.expectSym("=");
      const value = this.optionValue();
      setOption(into, { name, value, span: this.span(first, this.last()) });
      if (this.isSym(",")) {
        this.next();
        continue;
      }
      this.expectSym("]");
      break;
    }
  }
}

/** Later options of the same name win (as for repeated option statements on one element). */
function setOption(into: Options, entry: OptionEntry): void {
  into.set(entry.name, entry);
}

export function parseIntLiteral(s: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return Number.parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return Number.parseInt(s.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(s)) return Number(s);
  return undefined;
}

function normaliseInt(s: string): string {
  try {
    return BigInt(/^0[0-7]+$/.test(s) ? `0o${s.slice(1)}` : s).toString();
  } catch {
    return s;
  }
}

import { ProtoSyntaxError, T, tokenize, type Token } from "./lex.js";
import {
  ENUM_MAX,
  MESSAGE_MAX,
  type EnumValue,
  type Features,
  type Field,
  type Label,
  type Message,
  type Method,
  type Oneof,
  type OptionEntry,
  type OptionValue,
  type Options,
  type ProtoEnum,
  type ProtoFile,
  type Service,
  type Span,
} from "./model.js";

/** Placeholder until the linker resolves features. */
const UNRESOLVED: Features = {
  field_presence: "EXPLICIT",
  enum_type: "OPEN",
  repeated_field_encoding: "PACKED",
  utf8_validation: "VERIFY",
  message_encoding: "LENGTH_PREFIXED",
  json_format: "ALLOW",
};

/**
 * Parses one .proto file (proto2, proto3, editions) into the model, keeping the span of every
 * element, name, type, number and option. Throws ProtoSyntaxError with a line and column.
 * Names are not resolved here: see link.ts.
 */
export function parseProto(src: string, path: string, displayPath = path): ProtoFile {
  const file: ProtoFile = {
    path,
    displayPath,
    syntax: "proto2",
    package: "",
    imports: [],
    options: new Map(),
    messages: [],
    enums: [],
    services: [],
    extensions: [],
    ignores: [],
    features: UNRESOLVED,
    isImport: false,
  };
  const toks = tokenize(src, file.ignores);
  new Parser(toks, file).parseFile();
  return file;
}

class Parser {
  private i = 0;
  private sawSyntax = false;

  constructor(
    private readonly toks: Token[],
    private readonly file: ProtoFile,
  ) {}

  // ---- token helpers ----
  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.toks[this.i]!;
    if (t.t !== T.EOF) this.i++;
    return t;
  }
  private isSym(s: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === T.Sym && t.s === s;
  }
  private isIdent(s?: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === T.Ident && (s === undefined || t.s === s);
  }
  private fail(t: Token, msg: string): never {
    throw new ProtoSyntaxError(msg, t.line, t.col, t.endLine, t.endCol);
  }
  private describe(t: Token): string {
    if (t.t === T.EOF) return "end of file";
    if (t.t === T.String) return `string literal`;
    return `'${t.s}'`;
  }
  private expectSym(s: string): Token {
    const t = this.next();
    if (t.t !== T.Sym || t.s !== s) this.fail(t, `syntax error: expecting '${s}', found ${this.describe(t)}`);
    return t;
  }
  private expectIdent(what = "identifier"): Token {
    const t = this.next();
    if (t.t !== T.Ident) this.fail(t, `syntax error: expecting ${what}, found ${this.describe(t)}`);
    return t;
  }
  private expectString(): string {
    const t = this.next();
    if (t.t !== T.String) this.fail(t, `syntax error: expecting string literal, found ${this.describe(t)}`);
    let s = t.s;
    while (this.peek().t === T.String) s += this.next().s;
    return s;
  }
  private expectInt(): { value: number; tok: Token; neg: boolean; end: Token } {
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
  private span(a: Token, b: Token): Span {
    return { start: { line: a.line, col: a.col }, end: { line: b.endLine, col: b.endCol } };
  }
  private last(): Token {
    return this.toks[this.i - 1]!;
  }

  /** `foo.bar.Baz` or `.foo.Baz`, returned with its first and last tokens. */
  private typeName(): { name: string; first: Token; last: Token } {
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

  // ---- file ----
  parseFile(): void {
    const f = this.file;
    while (this.peek().t !== T.EOF) {
      const t = this.peek();
      if (t.t === T.Sym && t.s === ";") {
        this.next();
        continue;
      }
      if (t.t !== T.Ident) this.fail(t, `syntax error: unexpected ${this.describe(t)}`);
      switch (t.s) {
        case "syntax":
        case "edition": {
          if (this.sawSyntax || f.messages.length || f.enums.length || f.services.length || f.package || f.imports.length) {
            this.fail(t, `syntax error: unexpected '${t.s}'`);
          }
          this.next();
          this.expectSym("=");
          const strTok = this.peek();
          const v = this.expectString();
          const end = this.expectSym(";");
          this.sawSyntax = true;
          f.syntaxSpan = this.span(t, end);
          if (t.s === "syntax") {
            if (v !== "proto2" && v !== "proto3") this.fail(strTok, `syntax value must be "proto2" or "proto3"`);
            f.syntax = v;
          } else {
            if (v !== "2023" && v !== "2024") this.fail(strTok, `edition "${v}" not yet fully supported; latest supported edition "2024"`);
            f.syntax = "editions";
            f.edition = v;
          }
          break;
        }
        case "package": {
          this.next();
          if (f.packageSpan) this.fail(t, "files should have only one package declaration");
          const name = this.typeName();
          const end = this.expectSym(";");
          f.package = name.name;
          f.packageSpan = this.span(t, end);
          break;
        }
        case "import": {
          this.next();
          let isPublic = false;
          let isWeak = false;
          if (this.isIdent("public")) {
            this.next();
            isPublic = true;
          } else if (this.isIdent("weak")) {
            this.next();
            isWeak = true;
          } else if (this.isIdent("option")) {
            this.next(); // edition 2024 `import option`
          }
          const path = this.expectString();
          const end = this.expectSym(";");
          f.imports.push({ path, public: isPublic, weak: isWeak, span: this.span(t, end) });
          break;
        }
        case "option":
          this.optionStatement(f.options);
          break;
        case "message":
          f.messages.push(this.message(undefined, ""));
          break;
        case "enum":
          f.enums.push(this.enumDecl(undefined, ""));
          break;
        case "service":
          f.services.push(this.service());
          break;
        case "extend":
          this.extend(f.extensions, undefined, "");
          break;
        case "export":
        case "local":
          // edition 2024 visibility modifiers
          this.next();
          break;
        default:
          this.fail(t, `syntax error: unexpected '${t.s}'`);
      }
    }
  }

  // ---- options ----
  private optionName(): { name: string; first: Token } {
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

  private optionValue(): OptionValue {
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

  private optionStatement(into: Options): void {
    const kw = this.next(); // 'option'
    const { name } = this.optionName();
    this.expectSym("=");
    const value = this.optionValue();
    const end = this.expectSym(";");
    setOption(into, { name, value, span: this.span(kw, end) });
  }

  /** `[a = b, c = d]` after a field or enum value. */
  private compactOptions(into: Options): void {
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

  // ---- messages ----
  private message(parent: Message | undefined, prefix: string, kwTok?: Token): Message {
    const kw = kwTok ?? this.next(); // 'message'
    const nameTok = this.expectIdent("message name");
    const m = this.newMessage(nameTok.s, prefix, parent, kw, nameTok);
    this.expectSym("{");
    this.messageBody(m);
    const end = this.expectSym("}");
    m.span = this.span(kw, end);
    return m;
  }

  private newMessage(name: string, prefix: string, parent: Message | undefined, kw: Token, nameTok: Token): Message {
    return {
      name,
      nestedName: prefix ? `${prefix}.${name}` : name,
      fullName: "",
      span: this.span(kw, nameTok),
      nameSpan: this.span(nameTok, nameTok),
      options: new Map(),
      fields: [],
      oneofs: [],
      messages: [],
      enums: [],
      extensions: [],
      reservedRanges: [],
      reservedNames: [],
      extensionRanges: [],
      isMapEntry: false,
      parent,
      file: this.file,
      features: UNRESOLVED,
    };
  }

  private messageBody(m: Message): void {
    while (!this.isSym("}")) {
      const t = this.peek();
      if (t.t === T.EOF) this.fail(t, "syntax error: expecting '}', found end of file");
      if (t.t === T.Sym && t.s === ";") {
        this.next();
        continue;
      }
      if (t.t === T.Ident) {
        const n1 = this.peek(1);
        const declFollows = n1.t === T.Ident && (this.peek(2).t === T.Sym && this.peek(2).s === "{");
        switch (t.s) {
          case "message":
            if (declFollows) {
              m.messages.push(this.message(m, m.nestedName));
              continue;
            }
            break;
          case "enum":
            if (declFollows) {
              m.enums.push(this.enumDecl(m, m.nestedName));
              continue;
            }
            break;
          case "oneof":
            if (declFollows) {
              this.oneof(m);
              continue;
            }
            break;
          case "extend":
            if (n1.t === T.Ident || (n1.t === T.Sym && n1.s === ".")) {
              if (!(this.peek(2).t === T.Sym && this.peek(2).s === "=")) {
                this.extend(m.extensions, m, m.nestedName);
                continue;
              }
            }
            break;
          case "option":
            if (!(n1.t === T.Ident && this.peek(2).t === T.Sym && this.peek(2).s === "=" && this.peek(3).t === T.Int)) {
              this.optionStatement(m.options);
              continue;
            }
            break;
          case "reserved":
            if (n1.t !== T.Ident || this.file.syntax === "editions") {
              if (!(n1.t === T.Ident && this.peek(2).t === T.Sym && this.peek(2).s === "=")) {
                this.reserved(m.reservedRanges, m.reservedNames, MESSAGE_MAX);
                continue;
              }
            }
            break;
          case "extensions":
            if (n1.t === T.Int) {
              this.extensionsDecl(m);
              continue;
            }
            break;
          case "export":
          case "local":
            if (n1.t === T.Ident && (n1.s === "message" || n1.s === "enum")) {
              this.next();
              continue;
            }
            break;
        }
      }
      this.field(m, m.fields, undefined, undefined, m.nestedName);
    }
  }

  private oneof(m: Message): void {
    const kw = this.next();
    const nameTok = this.expectIdent("oneof name");
    const o: Oneof = { name: nameTok.s, span: this.span(kw, nameTok), synthetic: false, options: new Map(), features: UNRESOLVED };
    m.oneofs.push(o);
    this.expectSym("{");
    while (!this.isSym("}")) {
      const t = this.peek();
      if (t.t === T.EOF) this.fail(t, "syntax error: expecting '}', found end of file");
      if (t.t === T.Sym && t.s === ";") {
        this.next();
        continue;
      }
      if (t.t === T.Ident && t.s === "option" && !(this.peek(2).t === T.Sym && this.peek(2).s === "=")) {
        this.optionStatement(o.options);
        continue;
      }
      this.field(m, m.fields, o, undefined, m.nestedName);
    }
    const end = this.expectSym("}");
    o.span = this.span(kw, end);
  }

  private extend(into: Field[], m: Message | undefined, prefix: string): void {
    this.next(); // 'extend'
    const extendee = this.typeName();
    this.expectSym("{");
    while (!this.isSym("}")) {
      const t = this.peek();
      if (t.t === T.EOF) this.fail(t, "syntax error: expecting '}', found end of file");
      if (t.t === T.Sym && t.s === ";") {
        this.next();
        continue;
      }
      // groups inside extend declare a message in the enclosing scope
      this.field(m, into, undefined, extendee.name, prefix);
    }
    this.expectSym("}");
  }

  private reserved(ranges: Array<[number, number]>, names: string[], max: number): void {
    this.next(); // 'reserved'
    const t = this.peek();
    if (t.t === T.String || t.t === T.Ident) {
      for (;;) {
        const x = this.peek();
        if (x.t === T.String) names.push(this.expectString());
        else names.push(this.expectIdent("reserved name").s);
        if (this.isSym(",")) {
          this.next();
          continue;
        }
        break;
      }
    } else {
      this.ranges(ranges, max);
    }
    this.expectSym(";");
  }

  private ranges(ranges: Array<[number, number]>, max: number): void {
    for (;;) {
      const a = this.expectInt().value;
      let b = a;
      if (this.isIdent("to")) {
        this.next();
        if (this.isIdent("max")) {
          this.next();
          b = max;
        } else b = this.expectInt().value;
      }
      ranges.push([a, b]);
      if (this.isSym(",")) {
        this.next();
        continue;
      }
      break;
    }
  }

  private extensionsDecl(m: Message): void {
    this.next();
    const max = m.options.get("message_set_wire_format")?.value.value === "true" ? 2147483646 : MESSAGE_MAX;
    this.ranges(m.extensionRanges, max);
    this.compactOptions(new Map());
    this.expectSym(";");
  }

  /** A field, map field or group inside a message, oneof or extend block. */
  private field(m: Message | undefined, into: Field[], oneof: Oneof | undefined, extendee: string | undefined, prefix: string): void {
    const first = this.peek();
    let label: Label;
    if (first.t === T.Ident && (first.s === "optional" || first.s === "required" || first.s === "repeated")) {
      // a label, unless it is a type named like one (`optional foo = 1;` has no label)
      const n1 = this.peek(1);
      const n2 = this.peek(2);
      if (!(n1.t === T.Ident && n2.t === T.Sym && n2.s === "=")) {
        label = first.s;
        this.next();
      }
    }
    // map<K, V>
    if (this.isIdent("map") && this.isSym("<", 1)) {
      const mapTok = this.next();
      this.next();
      const key = this.typeName();
      this.expectSym(",");
      const val = this.typeName();
      const gt = this.expectSym(">");
      const nameTok = this.expectIdent("field name");
      this.expectSym("=");
      const num = this.expectInt();
      const f = this.newField(nameTok, num, label, `${mapEntryName(nameTok.s)}`, this.span(mapTok, gt), m, oneof, extendee, prefix);
      f.isMap = true;
      this.compactOptions(f.options);
      const end = this.expectSym(";");
      f.span = this.span(first, end);
      into.push(f);
      if (m) {
        const entry = this.newMessage(mapEntryName(nameTok.s), m.nestedName, m, mapTok, nameTok);
        entry.span = f.span;
        entry.isMapEntry = true;
        const kf = this.newField(nameTok, num, "optional", key.name, f.typeSpan, entry, undefined, undefined, entry.nestedName);
        kf.name = "key";
        kf.number = 1;
        kf.span = f.span;
        kf.nameSpan = f.nameSpan;
        const vf = this.newField(nameTok, num, "optional", val.name, f.typeSpan, entry, undefined, undefined, entry.nestedName);
        vf.name = "value";
        vf.number = 2;
        vf.span = f.span;
        vf.nameSpan = f.nameSpan;
        entry.fields.push(kf, vf);
        m.messages.push(entry);
        f.typeName = entry.nestedName;
      }
      return;
    }
    // group
    if (this.isIdent("group") && this.peek(1).t === T.Ident && this.isSym("=", 2)) {
      const groupTok = this.next();
      const nameTok = this.expectIdent("group name");
      this.expectSym("=");
      const num = this.expectInt();
      const f = this.newField(nameTok, num, label, nameTok.s, this.span(nameTok, nameTok), m, oneof, extendee, prefix);
      f.name = nameTok.s.toLowerCase();
      f.isGroup = true;
      f.typeSpan = this.span(groupTok, groupTok);
      this.compactOptions(f.options);
      const g = this.newMessage(nameTok.s, prefix, m, groupTok, nameTok);
      this.expectSym("{");
      this.messageBody(g);
      const end = this.expectSym("}");
      g.span = this.span(first, end);
      f.span = this.span(first, end);
      f.typeName = g.nestedName;
      into.push(f);
      if (m) m.messages.push(g);
      else this.file.messages.push(g);
      return;
    }
    const type = this.typeName();
    const nameTok = this.expectIdent("field name");
    this.expectSym("=");
    const num = this.expectInt();
    const f = this.newField(nameTok, num, label, type.name, this.span(type.first, type.last), m, oneof, extendee, prefix);
    this.compactOptions(f.options);
    const end = this.expectSym(";");
    f.span = this.span(first, end);
    into.push(f);
  }

  private newField(
    nameTok: Token,
    num: { value: number; tok: Token; end: Token },
    label: Label,
    typeName: string,
    typeSpan: Span,
    m: Message | undefined,
    oneof: Oneof | undefined,
    extendee: string | undefined,
    scope: string,
  ): Field {
    return {
      name: nameTok.s,
      number: num.value,
      label,
      typeName,
      kind: "message",
      span: typeSpan,
      typeSpan,
      nameSpan: this.span(nameTok, nameTok),
      numberSpan: this.span(num.tok, num.end),
      options: new Map(),
      oneof,
      message: m,
      extendee,
      isMap: false,
      isGroup: false,
      file: this.file,
      features: UNRESOLVED,
      jsonName: "",
      scope,
    };
  }

  // ---- enums ----
  private enumDecl(parent: Message | undefined, prefix: string): ProtoEnum {
    const kw = this.next();
    const nameTok = this.expectIdent("enum name");
    const e: ProtoEnum = {
      name: nameTok.s,
      nestedName: prefix ? `${prefix}.${nameTok.s}` : nameTok.s,
      fullName: "",
      span: this.span(kw, nameTok),
      options: new Map(),
      values: [],
      reservedRanges: [],
      reservedNames: [],
      parent,
      file: this.file,
      features: UNRESOLVED,
    };
    this.expectSym("{");
    while (!this.isSym("}")) {
      const t = this.peek();
      if (t.t === T.EOF) this.fail(t, "syntax error: expecting '}', found end of file");
      if (t.t === T.Sym && t.s === ";") {
        this.next();
        continue;
      }
      if (t.t === T.Ident && t.s === "option" && !this.isSym("=", 1)) {
        this.optionStatement(e.options);
        continue;
      }
      if (t.t === T.Ident && t.s === "reserved" && !this.isSym("=", 1)) {
        this.reserved(e.reservedRanges, e.reservedNames, ENUM_MAX);
        continue;
      }
      const vName = this.expectIdent("enum value name");
      this.expectSym("=");
      const num = this.expectInt();
      const v: EnumValue = { name: vName.s, number: num.value, span: this.span(vName, vName), numberSpan: this.span(num.tok, num.end), options: new Map() };
      this.compactOptions(v.options);
      const end = this.expectSym(";");
      v.span = this.span(vName, end);
      e.values.push(v);
    }
    const end = this.expectSym("}");
    e.span = this.span(kw, end);
    return e;
  }

  // ---- services ----
  private service(): Service {
    const kw = this.next();
    const nameTok = this.expectIdent("service name");
    const s: Service = { name: nameTok.s, fullName: "", span: this.span(kw, nameTok), options: new Map(), methods: [], file: this.file };
    this.expectSym("{");
    while (!this.isSym("}")) {
      const t = this.peek();
      if (t.t === T.EOF) this.fail(t, "syntax error: expecting '}', found end of file");
      if (t.t === T.Sym && t.s === ";") {
        this.next();
        continue;
      }
      if (t.t === T.Ident && t.s === "option") {
        this.optionStatement(s.options);
        continue;
      }
      if (t.t === T.Ident && t.s === "rpc") {
        s.methods.push(this.rpc(s));
        continue;
      }
      this.fail(t, `syntax error: unexpected ${this.describe(t)}`);
    }
    const end = this.expectSym("}");
    s.span = this.span(kw, end);
    return s;
  }

  private rpcType(): { name: string; span: Span; stream: boolean } {
    this.expectSym("(");
    let stream = false;
    if (this.isIdent("stream") && (this.peek(1).t === T.Ident || this.isSym(".", 1))) {
      this.next();
      stream = true;
    }
    const tn = this.typeName();
    this.expectSym(")");
    return { name: tn.name, span: this.span(tn.first, tn.last), stream };
  }

  private rpc(s: Service): Method {
    const kw = this.next();
    const nameTok = this.expectIdent("method name");
    const input = this.rpcType();
    const ret = this.expectIdent("'returns'");
    if (ret.s !== "returns") this.fail(ret, `syntax error: expecting 'returns', found '${ret.s}'`);
    const output = this.rpcType();
    const m: Method = {
      name: nameTok.s,
      span: this.span(kw, nameTok),
      inputType: input.name,
      inputSpan: input.span,
      inputStream: input.stream,
      outputType: output.name,
      outputSpan: output.span,
      outputStream: output.stream,
      options: new Map(),
      service: s,
    };
    if (this.isSym("{")) {
      this.next();
      while (!this.isSym("}")) {
        const t = this.peek();
        if (t.t === T.EOF) this.fail(t, "syntax error: expecting '}', found end of file");
        if (t.t === T.Sym && t.s === ";") {
          this.next();
          continue;
        }
        if (t.t === T.Ident && t.s === "option") {
          this.optionStatement(m.options);
          continue;
        }
        this.fail(t, `syntax error: unexpected ${this.describe(t)}`);
      }
      const end = this.expectSym("}");
      m.span = this.span(kw, end);
    } else {
      const end = this.expectSym(";");
      m.span = this.span(kw, end);
    }
    return m;
  }
}

/** Later options of the same name win (as for repeated option statements on one element). */
function setOption(into: Options, entry: OptionEntry): void {
  into.set(entry.name, entry);
}

export function mapEntryName(fieldName: string): string {
  let out = "";
  let upper = true;
  for (const ch of fieldName) {
    if (ch === "_") {
      upper = true;
      continue;
    }
    out += upper ? ch.toUpperCase() : ch;
    upper = false;
  }
  return `${out}Entry`;
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

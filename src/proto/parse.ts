import { T, tokenize } from "./lex.js";
import type { Method, ProtoFile, Service, Span } from "./model.js";
import { UNRESOLVED } from "./parse-cursor.js";
import { MessageParser } from "./parse-messages.js";

export { mapEntryName } from "./parse-messages.js";
export { parseIntLiteral } from "./parse-cursor.js";

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

class Parser extends MessageParser {
  private sawSyntax = false;

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

import { T, type Token } from "./lex.js";
import {
  ENUM_MAX,
  MESSAGE_MAX,
  type EnumValue,
  type Field,
  type Label,
  type Message,
  type Oneof,
  type ProtoEnum,
  type Span,
} from "./model.js";
import { ProtoCursor, UNRESOLVED } from "./parse-cursor.js";

/** Parsing of message and enum declarations: fields, map fields, groups, oneofs, extend, reserved. */
export class MessageParser extends ProtoCursor {
  // ---- messages ----
  protected message(parent: Message | undefined, prefix: string, kwTok?: Token): Message {
    const kw = kwTok ?? this.next(); // 'message'
    const nameTok = this.expectIdent("message name");
    const m = this.newMessage(nameTok.s, prefix, parent, kw, nameTok);
    this.expectSym("{");
    this.messageBody(m);
    const end = this.expectSym("}");
    m.span = this.span(kw, end);
    return m;
  }

  protected newMessage(name: string, prefix: string, parent: Message | undefined, kw: Token, nameTok: Token): Message {
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

  protected messageBody(m: Message): void {
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

  protected oneof(m: Message): void {
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

  protected extend(into: Field[], m: Message | undefined, prefix: string): void {
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

  protected reserved(ranges: Array<[number, number]>, names: string[], max: number): void {
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

  protected ranges(ranges: Array<[number, number]>, max: number): void {
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

  protected extensionsDecl(m: Message): void {
    this.next();
    const max = m.options.get("message_set_wire_format")?.value.value === "true" ? 2147483646 : MESSAGE_MAX;
    this.ranges(m.extensionRanges, max);
    this.compactOptions(new Map());
    this.expectSym(";");
  }

  /** A field, map field or group inside a message, oneof or extend block. */
  protected field(m: Message | undefined, into: Field[], oneof: Oneof | undefined, extendee: string | undefined, prefix: string): void {
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

  protected newField(
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
  protected enumDecl(parent: Message | undefined, prefix: string): ProtoEnum {
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


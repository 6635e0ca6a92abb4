import type { CompileError, Features, Field, FieldKind, Message, Oneof, Options, ProtoEnum, ProtoFile } from "./model.js";
import { scalarTypes } from "./model.js";
import { builtinFiles } from "./wkt.js";

type Sym = { kind: "message"; msg?: Message } | { kind: "enum"; en?: ProtoEnum } | { kind: "service" } | { kind: "package" };

/** Full-name index of one side (module files, their imports and the built-in files). */
export interface SymbolTable {
  symbols: Map<string, Sym>;
  messages: Map<string, Message>;
  enums: Map<string, ProtoEnum>;
}

const defaults: Record<string, Features> = {
  proto2: {
    field_presence: "EXPLICIT",
    enum_type: "CLOSED",
    repeated_field_encoding: "EXPANDED",
    utf8_validation: "NONE",
    message_encoding: "LENGTH_PREFIXED",
    json_format: "LEGACY_BEST_EFFORT",
  },
  proto3: {
    field_presence: "IMPLICIT",
    enum_type: "OPEN",
    repeated_field_encoding: "PACKED",
    utf8_validation: "VERIFY",
    message_encoding: "LENGTH_PREFIXED",
    json_format: "ALLOW",
  },
  editions: {
    field_presence: "EXPLICIT",
    enum_type: "OPEN",
    repeated_field_encoding: "PACKED",
    utf8_validation: "VERIFY",
    message_encoding: "LENGTH_PREFIXED",
    json_format: "ALLOW",
  },
};

/** Applies `features.x = Y` options to inherited features (editions only; proto2/3 cannot set them). */
function applyFeatures(base: Features, options: Options): Features {
  let out: Features | undefined;
  for (const [name, entry] of options) {
    if (!name.startsWith("features.")) continue;
    const key = name.slice(9) as keyof Features;
    if (!(key in base) || entry.value.kind !== "ident") continue;
    out ??= { ...base };
    (out as unknown as Record<string, string>)[key] = entry.value.value;
  }
  return out ?? base;
}

/**
 * Completes parsed files: full names, features, type resolution (protobuf scoping rules), field
 * kinds, JSON names and proto3 synthetic oneofs. Returns what could not be resolved.
 * `lenient`: unknown types (from dependencies we cannot read) resolve to messages instead of errors.
 */
export function link(files: ProtoFile[], lenient: boolean): { table: SymbolTable; errors: CompileError[] } {
  const table: SymbolTable = { symbols: new Map(), messages: new Map(), enums: new Map() };
  const errors: CompileError[] = [];
  const addPackage = (pkg: string) => {
    let p = pkg;
    while (p) {
      if (!table.symbols.has(p)) table.symbols.set(p, { kind: "package" });
      const dot = p.lastIndexOf(".");
      p = dot < 0 ? "" : p.slice(0, dot);
    }
  };
  for (const b of builtinFiles.values()) {
    addPackage(b.package);
    for (const s of b.symbols) table.symbols.set(s.fullName, s.kind === "enum" ? { kind: "enum" } : { kind: "message" });
  }

  // 1. names and features
  for (const f of files) {
    f.features = applyFeatures(defaults[f.syntax]!, f.options);
    addPackage(f.package);
    const prefix = f.package ? `${f.package}.` : "";
    const visitEnum = (e: ProtoEnum, parentFeatures: Features) => {
      e.fullName = prefix + e.nestedName;
      e.features = applyFeatures(parentFeatures, e.options);
      table.symbols.set(e.fullName, { kind: "enum", en: e });
      table.enums.set(e.fullName, e);
    };
    const visitMessage = (m: Message, parentFeatures: Features) => {
      m.fullName = prefix + m.nestedName;
      m.features = applyFeatures(parentFeatures, m.options);
      table.symbols.set(m.fullName, { kind: "message", msg: m });
      table.messages.set(m.fullName, m);
      for (const o of m.oneofs) o.features = applyFeatures(m.features, o.options);
      for (const e of m.enums) visitEnum(e, m.features);
      for (const n of m.messages) visitMessage(n, m.features);
    };
    for (const e of f.enums) visitEnum(e, f.features);
    for (const m of f.messages) visitMessage(m, f.features);
    for (const s of f.services) {
      s.fullName = prefix + s.name;
      table.symbols.set(s.fullName, { kind: "service" });
    }
  }

  // 2. fields
  for (const f of files) {
    const err = (span: { start: { line: number; col: number }; end: { line: number; col: number } }, message: string) =>
      errors.push({ path: f.displayPath, line: span.start.line, col: span.start.col, endLine: span.end.line, endCol: span.end.col, message });
    const resolveIn = (name: string, scope: string, span: Field["typeSpan"]): { full: string; sym?: Sym } | undefined => {
      const r = resolve(table, name, scope);
      if (r) return r;
      if (lenient) return { full: name.replace(/^\./, "") };
      err(span, `cannot find \`${name}\` in this scope`);
      return undefined;
    };
    const prefix = f.package;
    const linkField = (fd: Field, parentFeatures: Features, m: Message | undefined) => {
      const scope = fd.scope ? (prefix ? `${prefix}.${fd.scope}` : fd.scope) : prefix;
      fd.features = applyFeatures(parentFeatures, fd.options);
      if (fd.extendee) {
        const r = resolveIn(fd.extendee, scope, fd.typeSpan);
        fd.extendee = r?.full ?? fd.extendee.replace(/^\./, "");
      }
      if (!fd.isMap && !fd.isGroup && scalarTypes.has(fd.typeName)) {
        fd.kind = fd.typeName as FieldKind;
      } else {
        const r = resolveIn(fd.typeName, scope, fd.typeSpan);
        fd.resolvedType = r?.full ?? fd.typeName.replace(/^\./, "");
        if (r?.sym?.kind === "enum") fd.kind = "enum";
        else if (r?.sym && r.sym.kind !== "message" && !lenient) {
          err(fd.typeSpan, `${fd.typeName} is not a message or enum type`);
          fd.kind = "message";
        } else {
          const delimited = f.syntax === "editions" && fd.features.message_encoding === "DELIMITED" && !fd.isMap;
          const target = r?.sym?.kind === "message" ? r.sym.msg : undefined;
          fd.kind = fd.isGroup || (delimited && !target?.isMapEntry) ? "group" : "message";
        }
      }
      const jn = fd.options.get("json_name");
      fd.jsonName = jn && jn.value.kind === "string" ? jn.value.value : jsonName(fd.name);
      void m;
    };
    const visitMessage = (m: Message) => {
      for (const fd of m.fields) linkField(fd, fd.oneof ? fd.oneof.features : m.features, m);
      for (const fd of m.extensions) linkField(fd, m.features, m);
      // proto3 `optional` makes a synthetic oneof per field, after the real ones
      if (f.syntax === "proto3" && !m.isMapEntry) {
        const names = new Set(m.fields.map((x) => x.name).concat(m.oneofs.map((o) => o.name)));
        for (const fd of m.fields) {
          if (fd.label !== "optional" || fd.oneof) continue;
          let name = `_${fd.name}`;
          while (names.has(name)) name = `X${name}`;
          names.add(name);
          const o: Oneof = { name, span: fd.span, synthetic: true, options: new Map(), features: m.features };
          m.oneofs.push(o);
          fd.oneof = o;
        }
      }
      for (const n of m.messages) visitMessage(n);
    };
    for (const m of f.messages) visitMessage(m);
    for (const fd of f.extensions) linkField(fd, f.features, undefined);
    for (const s of f.services) {
      for (const md of s.methods) {
        md.resolvedInput = resolveIn(md.inputType, prefix, md.inputSpan)?.full ?? md.inputType.replace(/^\./, "");
        md.resolvedOutput = resolveIn(md.outputType, prefix, md.outputSpan)?.full ?? md.outputType.replace(/^\./, "");
      }
    }
  }
  return { table, errors };
}

/** protobuf scoping: try `scope.name`, then each enclosing scope outwards. */
function resolve(table: SymbolTable, name: string, scope: string): { full: string; sym?: Sym } | undefined {
  if (name.startsWith(".")) {
    const full = name.slice(1);
    const sym = table.symbols.get(full);
    return sym && (sym.kind === "message" || sym.kind === "enum") ? { full, sym } : undefined;
  }
  const dot = name.indexOf(".");
  const first = dot < 0 ? name : name.slice(0, dot);
  let s = scope;
  for (;;) {
    const firstFull = s ? `${s}.${first}` : first;
    if (table.symbols.has(firstFull)) {
      const full = s ? `${s}.${name}` : name;
      const sym = table.symbols.get(full);
      if (sym && (sym.kind === "message" || sym.kind === "enum")) return { full, sym };
    }
    if (!s) return undefined;
    const i = s.lastIndexOf(".");
    s = i < 0 ? "" : s.slice(0, i);
  }
}

/** protoc's default JSON name: drop underscores, upper-case the letter after each. */
export function jsonName(name: string): string {
  let out = "";
  let upper = false;
  for (const ch of name) {
    if (ch === "_") {
      upper = true;
      continue;
    }
    out += upper ? ch.toUpperCase() : ch;
    upper = false;
  }
  return out;
}

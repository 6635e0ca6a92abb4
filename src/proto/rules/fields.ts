import type { Cardinality, Field, FieldKind, Message, ProtoEnum, ProtoFile } from "../model.js";
import { cardinality, fieldDescription, fieldPairs, extensionFullName, messagePairs, optionSpan, q, type Emit, type RuleImpl, type Side } from "./context.js";

/** Rules about fields: deletion, type, cardinality, name, JSON name, oneof, default and per-language options. */

function noDelete(id: string, unless: "number" | "name" | undefined): RuleImpl {
  return {
    id,
    run(cur, prev, emit) {
      for (const [c, p] of messagePairs(cur, prev)) {
        const nums = new Set(c.fields.map((f) => f.number));
        for (const pf of p.fields) {
          if (nums.has(pf.number)) continue;
          if (unless === "number" && c.reservedRanges.some(([a, b]) => pf.number >= a && pf.number <= b)) continue;
          if (unless === "name" && c.reservedNames.includes(pf.name)) continue;
          const suffix = unless === "number" ? ` without reserving the number "${pf.number}"` : unless === "name" ? ` without reserving the name ${q(pf.name)}` : "";
          const d = fieldDescription(pf);
          emit({ file: c.file, span: c.span, against: p.file, message: `Previously present ${d[0]!.toLowerCase()}${d.slice(1)} was deleted${suffix}.` });
        }
      }
    },
  };
}

function bothMapEntries(c: Field, p: Field): boolean {
  return !!c.message?.isMapEntry && !!p.message?.isMapEntry;
}

function cardinalityRule(id: string, group?: Record<Cardinality, number>): RuleImpl {
  return {
    id,
    run(cur, prev, emit) {
      for (const [c, p] of fieldPairs(cur, prev)) {
        if (bothMapEntries(c, p)) continue;
        const pc = cardinality(p);
        const cc = cardinality(c);
        if (group ? group[pc] !== group[cc] : pc !== cc) {
          emit({ file: c.file, span: c.span, against: p.file, message: `${fieldDescription(c)} changed cardinality from ${q(pc)} to ${q(cc)}.` });
        }
      }
    },
  };
}

const wireCardinality: Record<Cardinality, number> = {
  "optional with explicit presence": 1,
  "optional with implicit presence": 1,
  required: 2,
  repeated: 3,
  map: 3,
};
const wireJsonCardinality: Record<Cardinality, number> = { ...wireCardinality, map: 4 };

const wireGroups: Record<FieldKind, number> = {
  int32: 1, int64: 1, uint32: 1, uint64: 1, bool: 1, sint32: 2, sint64: 2, string: 3, bytes: 4, fixed32: 5, sfixed32: 5,
  fixed64: 6, sfixed64: 6, double: 7, float: 8, group: 9, message: 10, enum: 11,
};
const wireJsonGroups: Record<FieldKind, number> = {
  int32: 1, uint32: 1, int64: 2, uint64: 2, fixed32: 3, sfixed32: 3, fixed64: 4, sfixed64: 4, bool: 5, sint32: 6, sint64: 7,
  string: 8, bytes: 9, double: 10, float: 11, group: 12, message: 13, enum: 14,
};

function kindString(f: Field): string {
  return f.kind === "group" && f.file.syntax !== "proto2" ? "message (delimited encoding)" : f.kind;
}

function isNamed(k: FieldKind): boolean {
  return k === "message" || k === "enum" || k === "group";
}

function changedType(emit: Emit, c: Field, p: Field, extra = ""): void {
  emit({ file: c.file, span: c.typeSpan, against: p.file, message: `${fieldDescription(c)} changed type from ${q(kindString(p))} to ${q(kindString(c))}.${extra ? ` ${extra}` : ""}` });
}

function changedTypeName(emit: Emit, c: Field, p: Field): void {
  emit({ file: c.file, span: c.typeSpan, against: p.file, message: `${fieldDescription(c)} changed type from ${q(p.resolvedType ?? "")} to ${q(c.resolvedType ?? "")}.`, typeChange: { from: p.resolvedType ?? "", to: c.resolvedType ?? "" } });
}

const fieldSameType: RuleImpl = {
  id: "FIELD_SAME_TYPE",
  run(cur, prev, emit) {
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (c.kind !== p.kind) changedType(emit, c, p);
      else if (isNamed(c.kind) && c.resolvedType !== p.resolvedType) changedTypeName(emit, c, p);
    }
  },
};

/** An enum that keeps its short name and all old values is still the same enum on the wire. */
function checkEnumCompatible(emit: Emit, cur: Side, prev: Side, c: Field, p: Field, enums: { cur: Map<string, ProtoEnum>; prev: Map<string, ProtoEnum> }): void {
  const pe = enums.prev.get(p.resolvedType ?? "") ?? prev.enums.get(p.resolvedType ?? "");
  const ce = enums.cur.get(c.resolvedType ?? "") ?? cur.enums.get(c.resolvedType ?? "");
  if (!pe || !ce || pe.name !== ce.name) return changedTypeName(emit, c, p);
  const have = new Set(ce.values.map((v) => `${v.name}=${v.number}`));
  if (!pe.values.every((v) => have.has(`${v.name}=${v.number}`))) changedTypeName(emit, c, p);
}

function wireTypeRule(id: string, groups: Record<FieldKind, number>, json: boolean): RuleImpl {
  return {
    id,
    run(cur, prev, emit) {
      const enums = { cur: cur.enums, prev: prev.enums };
      for (const [c, p] of fieldPairs(cur, prev)) {
        if (groups[p.kind] !== groups[c.kind]) {
          if (json) {
            changedType(emit, c, p, "See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules.");
            continue;
          }
          if (p.kind === "string" && c.kind === "bytes") continue;
          let extra = "See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.";
          if (p.kind === "bytes" && c.kind === "string") {
            extra += " Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.";
          }
          changedType(emit, c, p, extra);
          continue;
        }
        if (c.kind === "enum" && p.kind === "enum" && c.resolvedType !== p.resolvedType) checkEnumCompatible(emit, cur, prev, c, p, enums);
        else if ((c.kind === "message" || c.kind === "group") && c.resolvedType !== p.resolvedType) changedTypeName(emit, c, p);
      }
    },
  };
}

const fieldSameName: RuleImpl = {
  id: "FIELD_SAME_NAME",
  run(cur, prev, emit) {
    for (const [c, p] of fieldPairs(cur, prev)) {
      const pn = p.extendee ? extensionFullName(p) : p.name;
      const cn = c.extendee ? extensionFullName(c) : c.name;
      if (pn !== cn) emit({ file: c.file, span: c.nameSpan, against: p.file, message: `${fieldDescription(c, false)} changed name from ${q(pn)} to ${q(cn)}.` });
    }
  },
};

const fieldSameJsonName: RuleImpl = {
  id: "FIELD_SAME_JSON_NAME",
  run(cur, prev, emit) {
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (p.extendee) continue;
      if (p.jsonName !== c.jsonName) {
        emit({ file: c.file, span: optionSpan(c.options, "json_name") ?? c.span, against: p.file, message: `${fieldDescription(c)} changed option "json_name" from ${q(p.jsonName)} to ${q(c.jsonName)}.` });
      }
    }
  },
};

const fieldSameOneof: RuleImpl = {
  id: "FIELD_SAME_ONEOF",
  run(cur, prev, emit) {
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (p.extendee) continue;
      const po = p.oneof && !p.oneof.synthetic ? p.oneof : undefined;
      const co = c.oneof && !c.oneof.synthetic ? c.oneof : undefined;
      if (!po && !co) continue;
      if (po && co) {
        if (po.name !== co.name) emit({ file: c.file, span: c.span, against: p.file, message: `${fieldDescription(c)} moved from oneof ${q(po.name)} to oneof ${q(co.name)}.` });
        continue;
      }
      const [was, now] = co ? ["outside", "inside"] : ["inside", "outside"];
      emit({ file: c.file, span: c.span, against: p.file, message: `${fieldDescription(c)} moved from ${was} to ${now} a oneof.` });
    }
  },
};

const int64Kinds = new Set(["int64", "sint64", "uint64", "fixed64", "sfixed64"]);

const fieldSameJstype: RuleImpl = {
  id: "FIELD_SAME_JSTYPE",
  run(cur, prev, emit) {
    const js = (f: Field) => String(f.options.get("jstype")?.value.value ?? "JS_NORMAL");
    for (const [c, p] of fieldPairs(cur, prev)) {
      // buf looks at the declared type, so an enum or message never qualifies
      if (!int64Kinds.has(p.kind) || !int64Kinds.has(c.kind)) continue;
      if (js(p) !== js(c)) emit({ file: c.file, span: optionSpan(c.options, "jstype") ?? c.span, against: p.file, message: `${fieldDescription(c)} changed option "jstype" from ${q(js(p))} to ${q(js(c))}.` });
    }
  },
};

const fieldSameUtf8: RuleImpl = {
  id: "FIELD_SAME_UTF8_VALIDATION",
  run(cur, prev, emit) {
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (c.kind !== "string" || p.kind !== "string") continue;
      const pv = p.features.utf8_validation;
      const cv = c.features.utf8_validation;
      if (pv !== cv) emit({ file: c.file, span: optionSpan(c.options, "features.utf8_validation") ?? c.span, against: p.file, message: `${fieldDescription(c)} changed UTF8 validation from ${pv} to ${cv}.` });
    }
  },
};

function customFeature(f: Field, name: string): string | undefined {
  const key = `features.${name}`;
  const fromOpts = (o: Map<string, { value: { value: unknown } }>) => o.get(key)?.value.value as string | undefined;
  let v = fromOpts(f.options);
  if (v !== undefined) return v;
  if (f.oneof) v = fromOpts(f.oneof.options);
  for (let m: Message | undefined = f.message; v === undefined && m; m = m.parent) v = fromOpts(m.options);
  return v ?? fromOpts(f.file.options);
}

function javaUtf8(f: Field): string {
  const dflt = f.features.utf8_validation;
  const opt = f.file.options.get("java_string_check_utf8");
  if (f.file.syntax !== "editions" || opt) return String(opt?.value.value) === "true" ? "VERIFY" : dflt;
  return customFeature(f, "(pb.java).utf8_validation") === "VERIFY" ? "VERIFY" : dflt;
}

const fieldSameJavaUtf8: RuleImpl = {
  id: "FIELD_SAME_JAVA_UTF8_VALIDATION",
  run(cur, prev, emit) {
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (c.kind !== "string" || p.kind !== "string") continue;
      const pv = javaUtf8(p);
      const cv = javaUtf8(c);
      if (pv === cv) continue;
      const span = c.file.options.get("java_string_check_utf8")?.span ?? optionSpan(c.options, "features.(pb.java).utf8_validation") ?? c.span;
      emit({ file: c.file, span, against: p.file, message: `${fieldDescription(c)} changed Java string UTF8 validation from ${q(pv)} to ${q(cv)}.` });
    }
  },
};

function cppStringType(f: Field): { type: string; piece: boolean } {
  const ctype = f.options.get("ctype")?.value.value as string | undefined;
  if (f.file.edition !== "2024" && ctype !== undefined) {
    if (ctype === "CORD") return { type: "CORD", piece: false };
    if (ctype === "STRING_PIECE") return { type: "STRING", piece: true };
    if (ctype === "STRING" || f.file.syntax !== "editions") return { type: "STRING", piece: false };
  }
  const feat = customFeature(f, "(pb.cpp).string_type");
  return { type: feat ?? (f.file.edition === "2024" ? "VIEW" : "STRING"), piece: false };
}

const fieldSameCppStringType: RuleImpl = {
  id: "FIELD_SAME_CPP_STRING_TYPE",
  run(cur, prev, emit) {
    const isStr = (f: Field) => f.kind === "string" || f.kind === "bytes";
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (bothMapEntries(c, p) || !isStr(c) || !isStr(p)) continue;
      const pv = cppStringType(p);
      const cv = cppStringType(c);
      if ((pv.type !== cv.type || pv.piece !== cv.piece) && !(pv.piece && cv.type === "STRING")) {
        const show = (v: { type: string; piece: boolean }) => (v.piece ? "STRING_PIECE" : v.type);
        emit({
          file: c.file,
          span: optionSpan(c.options, "ctype", "features.(pb.cpp).string_type") ?? c.span,
          against: p.file,
          message: `${fieldDescription(c)} changed C++ string type from ${q(show(pv))} to ${q(show(cv))}.`,
        });
      }
    }
  },
};

// ---- defaults ----

type Dflt = { str?: string; num?: number; big?: bigint; float?: "f32" | "f64"; printable: string };

function enumOf(f: Field, side: Side): ProtoEnum | undefined {
  return side.enums.get(f.resolvedType ?? "");
}

function defaultOf(f: Field, side: Side): Dflt {
  const o = f.options.get("default")?.value;
  switch (f.kind) {
    case "string":
    case "bytes": {
      const s = o && o.kind === "string" ? o.value : "";
      return { str: s, printable: JSON.stringify(s) };
    }
    case "bool": {
      const b = o?.value === "true";
      return { num: b ? 1 : 0, printable: String(b) };
    }
    case "enum": {
      const e = enumOf(f, side);
      const v = o && o.kind === "ident" ? e?.values.find((x) => x.name === o.value) : e?.values[0];
      return { num: v?.number ?? 0, printable: `${e?.name ?? "?"}.${v?.name ?? "?"}` };
    }
    case "float":
    case "double": {
      const n = o && o.kind === "number" ? o.value : 0;
      return { num: f.kind === "float" ? Math.fround(n) : n, float: f.kind === "float" ? "f32" : "f64", printable: String(n) };
    }
    default: {
      if (o && o.kind === "number") {
        try {
          return { big: BigInt(o.text), printable: o.text };
        } catch {
          return { num: o.value, printable: o.text };
        }
      }
      return { big: 0n, printable: "0" };
    }
  }
}

function isZero(d: Dflt): boolean {
  if (d.str !== undefined) return d.str === "";
  if (d.big !== undefined) return d.big === 0n;
  return d.num === 0 && !Object.is(d.num, -0);
}

function defaultsEqual(a: Dflt, b: Dflt): boolean {
  if (a.str !== undefined || b.str !== undefined) return a.str === b.str;
  if (a.float && b.float && a.float !== b.float) return Math.fround(a.num!) === Math.fround(b.num!) || (Number.isNaN(a.num) && Number.isNaN(b.num));
  const an = a.big ?? a.num!;
  const bn = b.big ?? b.num!;
  if (typeof an === "number" && Number.isNaN(an)) return typeof bn === "number" && Number.isNaN(bn);
  if (typeof bn === "number" && Number.isNaN(bn)) return false;
  if (typeof an === "bigint" && typeof bn === "bigint") return an === bn;
  return Number(an) === Number(bn);
}

const fieldSameDefault: RuleImpl = {
  id: "FIELD_SAME_DEFAULT",
  run(cur, prev, emit) {
    const can = (f: Field) => f.label !== "repeated" && !f.isMap && f.kind !== "message" && f.kind !== "group";
    for (const [c, p] of fieldPairs(cur, prev)) {
      if (!can(c) || !can(p)) continue;
      const pd = defaultOf(p, prev);
      const cd = defaultOf(c, cur);
      if (isZero(pd) && isZero(cd)) continue;
      if (!defaultsEqual(pd, cd)) {
        emit({ file: c.file, span: optionSpan(c.options, "default") ?? c.span, against: p.file, message: `${fieldDescription(c)} changed default value from ${pd.printable} to ${cd.printable}.` });
      }
    }
  },
};

export const fieldRules: RuleImpl[] = [
  noDelete("FIELD_NO_DELETE", undefined),
  noDelete("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "number"),
  noDelete("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "name"),
  cardinalityRule("FIELD_SAME_CARDINALITY"),
  cardinalityRule("FIELD_WIRE_COMPATIBLE_CARDINALITY", wireCardinality),
  cardinalityRule("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", wireJsonCardinality),
  fieldSameType,
  wireTypeRule("FIELD_WIRE_COMPATIBLE_TYPE", wireGroups, false),
  wireTypeRule("FIELD_WIRE_JSON_COMPATIBLE_TYPE", wireJsonGroups, true),
  fieldSameName,
  fieldSameJsonName,
  fieldSameOneof,
  fieldSameJstype,
  fieldSameUtf8,
  fieldSameJavaUtf8,
  fieldSameCppStringType,
  fieldSameDefault,
];

export type { ProtoFile };

/**
 * A descriptor-like model of .proto files with source positions, built by src/proto/parse.ts and
 * completed by src/proto/link.ts. Positions follow buf (protocompile): lines and columns are 1-based,
 * a tab advances to the next multiple-of-4 tab stop, and `end` is exclusive.
 */

export interface Pos {
  line: number;
  col: number;
}

export interface Span {
  start: Pos;
  end: Pos;
}

export type Syntax = "proto2" | "proto3" | "editions";

export type OptionValue =
  | { kind: "ident"; value: string }
  | { kind: "number"; value: number; text: string }
  | { kind: "string"; value: string }
  | { kind: "aggregate"; value: string };

/** One option as written: `name` is normalised (`go_package`, `features.field_presence`, `(pb.cpp).string_type`). */
export interface OptionEntry {
  name: string;
  value: OptionValue;
  /** The statement (`option x = y;`) or, inside `[...]`, the `name = value` part. */
  span: Span;
}

export type Options = Map<string, OptionEntry>;

export type ScalarType =
  | "double"
  | "float"
  | "int64"
  | "uint64"
  | "int32"
  | "fixed64"
  | "fixed32"
  | "bool"
  | "string"
  | "bytes"
  | "uint32"
  | "sfixed32"
  | "sfixed64"
  | "sint32"
  | "sint64";

export type FieldKind = ScalarType | "message" | "group" | "enum";

export type Label = "optional" | "required" | "repeated" | undefined;

export type Cardinality =
  | "optional with explicit presence"
  | "optional with implicit presence"
  | "required"
  | "repeated"
  | "map";

/** Feature values after resolution (editions), or what proto2/proto3 imply. */
export interface Features {
  field_presence: "EXPLICIT" | "IMPLICIT" | "LEGACY_REQUIRED";
  enum_type: "OPEN" | "CLOSED";
  repeated_field_encoding: "PACKED" | "EXPANDED";
  utf8_validation: "VERIFY" | "NONE";
  message_encoding: "LENGTH_PREFIXED" | "DELIMITED";
  json_format: "ALLOW" | "LEGACY_BEST_EFFORT";
}

/** An `// archlint:ignore RULE -- reason` comment. */
export interface IgnoreComment {
  line: number;
  endLine: number;
  rules: string[];
  reason: string;
}

/** A syntax or resolution problem, reported as a `COMPILE` finding as buf does. */
export interface CompileError {
  path: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  message: string;
}

export interface ProtoFile {
  /** Path relative to its module root (how buf pairs files and names them in messages). */
  path: string;
  /** Path as printed in findings (relative to the input directory, like buf's `path`). */
  displayPath: string;
  syntax: Syntax;
  edition?: string;
  /** `syntax = ...;` or `edition = ...;` statement. */
  syntaxSpan?: Span;
  package: string;
  packageSpan?: Span;
  imports: Array<{ path: string; public: boolean; weak: boolean; span: Span }>;
  options: Options;
  messages: Message[];
  enums: ProtoEnum[];
  services: Service[];
  /** Extensions declared at file level (`extend X { ... }` outside any message). */
  extensions: Field[];
  ignores: IgnoreComment[];
  /** Resolved features at file scope. */
  features: Features;
  /** True for files read only to resolve imports (not compared). */
  isImport: boolean;
}

export interface Message {
  name: string;
  /** Name without the package: `Outer.Inner`. */
  nestedName: string;
  fullName: string;
  span: Span;
  nameSpan: Span;
  options: Options;
  fields: Field[];
  oneofs: Oneof[];
  messages: Message[];
  enums: ProtoEnum[];
  extensions: Field[];
  reservedRanges: Array<[number, number]>;
  reservedNames: string[];
  extensionRanges: Array<[number, number]>;
  isMapEntry: boolean;
  parent?: Message;
  file: ProtoFile;
  features: Features;
}

export interface Oneof {
  name: string;
  span: Span;
  synthetic: boolean;
  options: Options;
  features: Features;
}

export interface Field {
  name: string;
  number: number;
  label: Label;
  /** The type as written (`int32`, `Foo.Bar`, `.pkg.Baz`); for maps the entry message name. */
  typeName: string;
  /** Filled by the linker: scalar kind, or message/enum/group. */
  kind: FieldKind;
  /** Filled by the linker for message/enum/group fields: the full name, without a leading dot. */
  resolvedType?: string;
  span: Span;
  /** The scalar type token, or the type name token(s) for message/enum types; `map<...>` for maps. */
  typeSpan: Span;
  nameSpan: Span;
  numberSpan: Span;
  options: Options;
  oneof?: Oneof;
  /** Containing message (for extensions: the message the `extend` is nested in, if any). */
  message?: Message;
  /** For extensions: the extendee as written, then its full name after linking. */
  extendee?: string;
  isMap: boolean;
  isGroup: boolean;
  file: ProtoFile;
  features: Features;
  /** Set by the linker. */
  jsonName: string;
  /** Scope for name resolution: the full name of the enclosing message or the package. */
  scope: string;
}

export interface ProtoEnum {
  name: string;
  nestedName: string;
  fullName: string;
  span: Span;
  options: Options;
  values: EnumValue[];
  reservedRanges: Array<[number, number]>;
  reservedNames: string[];
  parent?: Message;
  file: ProtoFile;
  features: Features;
}

export interface EnumValue {
  name: string;
  number: number;
  span: Span;
  numberSpan: Span;
  options: Options;
}

export interface Service {
  name: string;
  fullName: string;
  span: Span;
  options: Options;
  methods: Method[];
  file: ProtoFile;
}

export interface Method {
  name: string;
  span: Span;
  inputType: string;
  inputSpan: Span;
  inputStream: boolean;
  outputType: string;
  outputSpan: Span;
  outputStream: boolean;
  options: Options;
  /** Resolved by the linker (full names without a leading dot). */
  resolvedInput?: string;
  resolvedOutput?: string;
  service: Service;
}

export const MESSAGE_MAX = 536870911;
export const MESSAGE_SET_MAX = 2147483646;
export const ENUM_MAX = 2147483647;

export const scalarTypes: ReadonlySet<string> = new Set([
  "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "bytes", "uint32",
  "sfixed32", "sfixed64", "sint32", "sint64",
]);

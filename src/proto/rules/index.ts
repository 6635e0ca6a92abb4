import type { RuleImpl } from "./context.js";
import { enumRules } from "./enums.js";
import { fieldRules } from "./fields.js";
import { fileRules } from "./files.js";
import { messageRules } from "./messages.js";
import { packageRules } from "./packages.js";
import { serviceRules } from "./services.js";

export type Category = "FILE" | "PACKAGE" | "WIRE_JSON" | "WIRE" | "CSR";
export const categories: readonly Category[] = ["FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR"];

/** What a breaking rule is, what breaks when it fires, and what to do instead. */
export interface BreakingRuleMeta {
  id: string;
  categories: Category[];
  /** One line: what the rule flags. */
  summary: string;
  /** What breaks: old clients fail to decode, JSON clients break, generated code stops compiling. */
  consequence: string;
  /** The safe way to make the change. */
  safe: string;
}

// Category sets as in buf's v2 config: C = CSR, F = FILE, P = PACKAGE, J = WIRE_JSON, W = WIRE.
const cat = (s: string): Category[] =>
  [...s].map((c) => ({ C: "CSR", F: "FILE", P: "PACKAGE", J: "WIRE_JSON", W: "WIRE" })[c] as Category);

const GEN = "Generated code that uses it stops compiling";
const fileOpt = (opt: string, lang: string): [string, string, string, string] => [
  "FP",
  `The file option \`${opt}\` changed.`,
  `${GEN}: ${lang} code imports or names the generated types by this option, so every consumer must change its imports at once.`,
  `Keep \`${opt}\` as it is; to move the generated code, create a new file (or package version) with the new option and migrate consumers to it.`,
];

const table: Record<string, [string, string, string, string]> = {
  // files and packages
  FILE_NO_DELETE: ["CF", "A .proto file was deleted (or moved or renamed).", `${GEN}: every import of the file and every type generated from it disappears.`, "Keep the file; deprecate its contents (`option deprecated = true;`) and delete it only after all consumers have moved."],
  FILE_SAME_PACKAGE: ["CFPJW", "A file's `package` changed.", "Every full name in the file changes: old clients fail to find services and messages (gRPC paths, `Any` type URLs), and generated code moves.", "Keep the package; copy the definitions into a new versioned package (`foo.v2`) and migrate consumers."],
  FILE_SAME_SYNTAX: ["CFP", "A file's syntax or edition changed.", "Field presence, enum openness, UTF-8 validation and JSON defaults change with the syntax, so generated code and wire behaviour change under the consumers.", "Keep the syntax; if you must move to editions, set features so that every field and enum keeps its old behaviour, and check with `archlint breaking`."],
  FILE_SAME_CC_ENABLE_ARENAS: fileOpt("cc_enable_arenas", "C++"),
  FILE_SAME_CC_GENERIC_SERVICES: fileOpt("cc_generic_services", "C++"),
  FILE_SAME_CSHARP_NAMESPACE: fileOpt("csharp_namespace", "C#"),
  FILE_SAME_GO_PACKAGE: fileOpt("go_package", "Go"),
  FILE_SAME_JAVA_GENERIC_SERVICES: fileOpt("java_generic_services", "Java"),
  FILE_SAME_JAVA_MULTIPLE_FILES: fileOpt("java_multiple_files", "Java"),
  FILE_SAME_JAVA_OUTER_CLASSNAME: fileOpt("java_outer_classname", "Java"),
  FILE_SAME_JAVA_PACKAGE: fileOpt("java_package", "Java"),
  FILE_SAME_OBJC_CLASS_PREFIX: fileOpt("objc_class_prefix", "Objective-C"),
  FILE_SAME_OPTIMIZE_FOR: fileOpt("optimize_for", "C++ and Java"),
  FILE_SAME_PHP_CLASS_PREFIX: fileOpt("php_class_prefix", "PHP"),
  FILE_SAME_PHP_METADATA_NAMESPACE: fileOpt("php_metadata_namespace", "PHP"),
  FILE_SAME_PHP_NAMESPACE: fileOpt("php_namespace", "PHP"),
  FILE_SAME_PY_GENERIC_SERVICES: fileOpt("py_generic_services", "Python"),
  FILE_SAME_RUBY_PACKAGE: fileOpt("ruby_package", "Ruby"),
  FILE_SAME_SWIFT_PREFIX: fileOpt("swift_prefix", "Swift"),
  PACKAGE_NO_DELETE: ["P", "A whole package disappeared.", `${GEN}, and old clients calling its services get "unimplemented".`, "Keep the package until no consumer uses it; deprecate it first."],
  PACKAGE_MESSAGE_NO_DELETE: ["P", "A message is gone from its package (moving it between files of the package is fine).", `${GEN}; fields and RPCs of that type are gone for old clients.`, "Keep the message and mark it `option deprecated = true;`; remove it after every consumer has stopped using it."],
  PACKAGE_ENUM_NO_DELETE: ["P", "An enum is gone from its package.", `${GEN}.`, "Keep the enum and deprecate it."],
  PACKAGE_SERVICE_NO_DELETE: ["P", "A service is gone from its package.", `${GEN}, and old clients get "unimplemented" for every call.`, "Keep the service and deprecate it; remove it once no client calls it."],
  PACKAGE_EXTENSION_NO_DELETE: ["P", "An extension is gone from its package.", `${GEN}; options or fields set through it can no longer be read.`, "Keep the extension and deprecate it."],
  // messages
  MESSAGE_NO_DELETE: ["CF", "A message (top-level or nested) was deleted from a file.", `${GEN}; if it is used by a field or RPC elsewhere, old clients lose that data.`, "Keep the message and mark it `option deprecated = true;`; delete it only once nothing refers to it."],
  MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: ["CFP", "`no_standard_descriptor_accessor` was turned on.", `${GEN}: the generated \`descriptor()\` accessor disappears.`, "Leave the option off."],
  MESSAGE_SAME_JSON_FORMAT: ["CFPJ", "A message's `json_format` feature moved away from ALLOW.", "JSON clients break: the message no longer gets a conformant JSON mapping.", "Keep `json_format = ALLOW` (the proto3 and editions default)."],
  MESSAGE_SAME_REQUIRED_FIELDS: ["CFPJW", "A `required` field was added or removed.", "Old clients fail to decode: a side that does not know the required field rejects messages without it (or never sends it).", "Never add or remove required fields; add an optional field and validate it in code."],
  ONEOF_NO_DELETE: ["CFP", "A oneof was deleted.", `${GEN}: the oneof case enum and accessors disappear.`, "Keep the oneof; deprecate its fields instead."],
  RESERVED_MESSAGE_NO_DELETE: ["CFPJW", "A reserved number or name was removed from a message.", "Old clients fail to decode: the freed number (or name in JSON) can be reused with another type, and old data is read as the new field.", "Keep every reservation forever; reserved ranges cost nothing."],
  EXTENSION_MESSAGE_NO_DELETE: ["CFP", "An extension range (`extensions N to M`) was removed from a message.", `${GEN}: extensions declared in the removed range no longer compile.`, "Keep the extension range."],
  // fields
  FIELD_NO_DELETE: ["CFP", "A field was deleted (even if its number is then reserved).", `${GEN} (the accessors disappear), and old clients still send the field, which new servers silently drop.`, "Keep the field and mark it `[deprecated = true]`; when you do delete it, `reserved` its number and name, and use WIRE_JSON if you only need wire safety."],
  FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: ["CJW", "A field was deleted without reserving its number.", "Old clients fail to decode: the number can later be reused with another type, and old data is then misread.", "Add `reserved <number>;` (and the name) in the same change."],
  FIELD_NO_DELETE_UNLESS_NAME_RESERVED: ["CJ", "A field was deleted without reserving its name.", "JSON clients break: the JSON name can later be reused with another meaning.", 'Add `reserved "<name>";` in the same change.'],
  FIELD_SAME_CARDINALITY: ["FP", "A field's cardinality changed (optional/implicit, optional/explicit, required, repeated, map).", `${GEN} (accessor shapes change), and presence or repetition semantics change on the wire.`, "Add a new field with the new cardinality, deprecate the old one, and migrate readers."],
  FIELD_WIRE_COMPATIBLE_CARDINALITY: ["W", "A field's cardinality changed across wire-incompatible groups (singular, required, repeated/map).", "Old clients fail to decode or lose data: singular and repeated encodings are read differently.", "Add a new field with the new cardinality and deprecate the old one."],
  FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: ["CJ", "A field's cardinality changed in a way that breaks wire or JSON (maps and repeated fields differ in JSON).", "JSON clients break (a map is an object, a repeated field an array), or old clients misread the wire.", "Add a new field with the new cardinality and deprecate the old one."],
  FIELD_SAME_TYPE: ["CFP", "A field's type changed.", `${GEN}, and old clients may fail to decode or misread the value.`, "Add a new field with the new type, deprecate the old one, and fill both during the migration."],
  FIELD_WIRE_COMPATIBLE_TYPE: ["W", "A field's type changed to one that is not wire compatible.", "Old clients fail to decode or read garbage: the wire encoding of the value differs.", "Only swap within a wire-compatible group (int32/int64/uint32/uint64/bool, sint32/sint64, fixed32/sfixed32, fixed64/sfixed64, string→bytes); otherwise add a new field."],
  FIELD_WIRE_JSON_COMPATIBLE_TYPE: ["CJ", "A field's type changed to one that is not wire and JSON compatible.", "JSON clients break (numbers become strings, enums become ints) or old clients misread the wire.", "Only swap int32↔uint32, int64↔uint64, fixed32↔sfixed32, fixed64↔sfixed64; otherwise add a new field."],
  FIELD_SAME_NAME: ["CFPJ", "A field was renamed.", `${GEN} (accessors are named after the field), and JSON clients break because the JSON key changes.`, "Keep the name; if it must change, add a new field and deprecate the old one, or set `json_name` to the old JSON name and accept the code change."],
  FIELD_SAME_JSON_NAME: ["CFPJ", "A field's JSON name changed (including through a rename).", "JSON clients break: they send and expect the old key, which is now ignored.", 'Keep the JSON name: set `json_name = "<old>"` explicitly when renaming.'],
  FIELD_SAME_ONEOF: ["CFPJW", "A field moved into, out of, or between oneofs.", "Old clients misread data: setting one member of a oneof clears the others, and generated accessors change.", "Leave existing fields where they are; add new fields to the oneof instead."],
  FIELD_SAME_DEFAULT: ["CFPJW", "A field's explicit default changed.", "Old and new clients disagree on unset fields: each reads its own default, silently.", "Keep the default; add a new field if a different default is needed."],
  FIELD_SAME_JSTYPE: ["FP", "A 64-bit field's `jstype` changed.", `${GEN}: JavaScript code switches between numbers and strings for the field.`, "Keep `jstype`; add a new field with the new jstype if needed."],
  FIELD_SAME_UTF8_VALIDATION: ["FP", "A string field's UTF-8 validation changed.", "Parsers that now verify UTF-8 reject messages that old writers produced.", "Keep the validation mode (mind it when changing syntax or editions features)."],
  FIELD_SAME_JAVA_UTF8_VALIDATION: ["FP", "A string field's Java UTF-8 validation changed (`java_string_check_utf8` or `(pb.java).utf8_validation`).", "Java parsers that now verify UTF-8 reject messages that old writers produced.", "Keep the option as it is."],
  FIELD_SAME_CPP_STRING_TYPE: ["FP", "A field's C++ string type changed (`ctype` or `(pb.cpp).string_type`).", `${GEN}: C++ accessors change type (std::string, Cord, string_view).`, "Keep the string type; add a new field if you need another representation."],
  // enums
  ENUM_NO_DELETE: ["CF", "An enum (top-level or nested) was deleted from a file.", `${GEN}.`, "Keep the enum and mark it `option deprecated = true;`."],
  ENUM_SAME_TYPE: ["FP", "An enum switched between open and closed.", "Unknown values are handled differently: closed enums move them to unknown fields, so old and new code disagree on data.", "Keep the enum's openness (mind it when changing syntax or the `enum_type` feature)."],
  ENUM_SAME_JSON_FORMAT: ["CFPJ", "An enum's `json_format` feature moved away from ALLOW.", "JSON clients break: the enum no longer gets a conformant JSON mapping.", "Keep `json_format = ALLOW`."],
  ENUM_VALUE_NO_DELETE: ["CFP", "An enum value was deleted (reserving it does not help).", `${GEN} (the constant disappears), and old clients may still send the number.`, "Keep the value and mark it `[deprecated = true]`; if you delete it, reserve its number and name and use WIRE_JSON."],
  ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: ["CJW", "An enum value was deleted without reserving its number.", "Old clients misread data if the number is later reused for another value.", "Add `reserved <number>;` to the enum in the same change."],
  ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: ["CJ", "An enum value was deleted without reserving its name.", "JSON clients break if the name is later reused with another number.", 'Add `reserved "<NAME>";` to the enum in the same change.'],
  ENUM_VALUE_SAME_NAME: ["CFPJ", "An enum value number got a different name.", `JSON clients break (enums are names in JSON), and ${GEN.toLowerCase()}.`, "Keep the old name; add the new one as an alias (`option allow_alias = true;`) and deprecate the old one."],
  RESERVED_ENUM_NO_DELETE: ["CFPJW", "A reserved number or name was removed from an enum.", "Old clients misread data once the freed number or name is reused.", "Keep every reservation forever."],
  // services
  SERVICE_NO_DELETE: ["F", "A service was deleted from a file.", `${GEN}, and old clients get "unimplemented" for every call.`, "Keep the service and deprecate it; remove it once no client calls it."],
  RPC_NO_DELETE: ["FP", "An RPC was deleted from a service.", `${GEN}, and old clients get "unimplemented".`, "Keep the RPC and mark it `option deprecated = true;`; remove it once no client calls it."],
  RPC_SAME_REQUEST_TYPE: ["CFPJW", "An RPC's request type changed.", "Old clients send the old request message, which the server now decodes as another type.", "Add a new RPC with the new request type and deprecate the old one."],
  RPC_SAME_RESPONSE_TYPE: ["CFPJW", "An RPC's response type changed.", "Old clients decode the new response as the old message type and misread it.", "Add a new RPC with the new response type and deprecate the old one."],
  RPC_SAME_CLIENT_STREAMING: ["CFPJW", "An RPC's client streaming changed.", "Old clients fail: the call shape (unary or stream) is part of the protocol.", "Add a new RPC with the new streaming mode and deprecate the old one."],
  RPC_SAME_SERVER_STREAMING: ["CFPJW", "An RPC's server streaming changed.", "Old clients fail: the call shape (unary or stream) is part of the protocol.", "Add a new RPC with the new streaming mode and deprecate the old one."],
  RPC_SAME_IDEMPOTENCY_LEVEL: ["CFPJW", "An RPC's `idempotency_level` changed.", "Clients and proxies that retry or use GET for side-effect-free calls change behaviour (Connect uses it for GET requests).", "Keep the level; add a new RPC if the semantics really changed."],
  // extensions
  EXTENSION_NO_DELETE: ["F", "An extension was deleted from a file.", `${GEN}; values set through it become unknown fields.`, "Keep the extension and deprecate it."],
};

const impls = new Map<string, RuleImpl>(
  [...fileRules, ...messageRules, ...fieldRules, ...enumRules, ...serviceRules, ...packageRules].map((r) => [r.id, r]),
);

export const breakingRules: readonly BreakingRuleMeta[] = Object.entries(table)
  .map(([id, [cats, summary, consequence, safe]]) => ({ id, categories: cat(cats), summary, consequence, safe }))
  .sort((a, b) => (a.id < b.id ? -1 : 1));

export const breakingRuleById: ReadonlyMap<string, BreakingRuleMeta> = new Map(breakingRules.map((r) => [r.id, r]));

export function ruleImpl(id: string): RuleImpl {
  const r = impls.get(id);
  if (!r) throw new Error(`no implementation for breaking rule ${id}`);
  return r;
}

/** Deprecated v1 ids and what they stand for today. */
export const deprecatedIds: Readonly<Record<string, string[]>> = {
  FIELD_SAME_CTYPE: ["FIELD_SAME_CPP_STRING_TYPE"],
  FIELD_SAME_LABEL: ["FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"],
  FILE_SAME_JAVA_STRING_CHECK_UTF8: ["FIELD_SAME_JAVA_UTF8_VALIDATION"],
  FILE_SAME_PHP_GENERIC_SERVICES: [],
  MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT: [],
};

/** Rules that exist only from config v2 on. */
export const v2Only: ReadonlySet<string> = new Set(["EXTENSION_NO_DELETE", "PACKAGE_EXTENSION_NO_DELETE", "FIELD_SAME_DEFAULT"]);

/** The rule ids in a category for a buf.yaml version. */
export function categoryRules(category: Category, version: "v1beta1" | "v1" | "v2"): string[] {
  const out = breakingRules.filter((r) => r.categories.includes(category) && (version === "v2" || !v2Only.has(r.id))).map((r) => r.id);
  if (version === "v1beta1" && (category === "WIRE" || category === "WIRE_JSON")) out.push("FIELD_SAME_TYPE", "FIELD_SAME_CARDINALITY");
  if (version !== "v2" && category === "CSR") return [];
  return [...new Set(out)].sort();
}

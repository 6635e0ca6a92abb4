import type { ProtoFile } from "../model.js";
import { filePairs, q, type RuleImpl } from "./context.js";

/** FILE_NO_DELETE, FILE_SAME_PACKAGE, FILE_SAME_SYNTAX and the FILE_SAME_<option> rules. */

const fileNoDelete: RuleImpl = {
  id: "FILE_NO_DELETE",
  run(cur, prev, emit) {
    for (const [path, p] of prev.byPath) {
      if (!cur.byPath.has(path)) emit({ message: `Previously present file ${q(path)} was deleted.`, against: p });
    }
  },
};

const fileSamePackage: RuleImpl = {
  id: "FILE_SAME_PACKAGE",
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      if (c.package !== p.package) emit({ file: c, span: c.packageSpan, against: p, message: `File package changed from ${q(p.package)} to ${q(c.package)}.` });
    }
  },
};

const fileSameSyntax: RuleImpl = {
  id: "FILE_SAME_SYNTAX",
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      if (c.syntax !== p.syntax) emit({ file: c, span: c.syntaxSpan, against: p, message: `File syntax changed from ${q(p.syntax)} to ${q(c.syntax)}.` });
    }
  },
};

type Kind = "bool" | "string" | "optimize";
const fileOptions: Array<[string, string, Kind, string?]> = [
  ["FILE_SAME_CC_ENABLE_ARENAS", "cc_enable_arenas", "bool", "true"],
  ["FILE_SAME_CC_GENERIC_SERVICES", "cc_generic_services", "bool"],
  ["FILE_SAME_CSHARP_NAMESPACE", "csharp_namespace", "string"],
  ["FILE_SAME_GO_PACKAGE", "go_package", "string"],
  ["FILE_SAME_JAVA_GENERIC_SERVICES", "java_generic_services", "bool"],
  ["FILE_SAME_JAVA_MULTIPLE_FILES", "java_multiple_files", "bool"],
  ["FILE_SAME_JAVA_OUTER_CLASSNAME", "java_outer_classname", "string"],
  ["FILE_SAME_JAVA_PACKAGE", "java_package", "string"],
  ["FILE_SAME_OBJC_CLASS_PREFIX", "objc_class_prefix", "string"],
  ["FILE_SAME_OPTIMIZE_FOR", "optimize_for", "optimize", "SPEED"],
  ["FILE_SAME_PHP_CLASS_PREFIX", "php_class_prefix", "string"],
  ["FILE_SAME_PHP_METADATA_NAMESPACE", "php_metadata_namespace", "string"],
  ["FILE_SAME_PHP_NAMESPACE", "php_namespace", "string"],
  ["FILE_SAME_PY_GENERIC_SERVICES", "py_generic_services", "bool"],
  ["FILE_SAME_RUBY_PACKAGE", "ruby_package", "string"],
  ["FILE_SAME_SWIFT_PREFIX", "swift_prefix", "string"],
];

function optionValue(f: ProtoFile, name: string, kind: Kind, dflt?: string): string {
  const o = f.options.get(name);
  if (!o) return dflt ?? (kind === "bool" ? "false" : "");
  return String(o.value.value);
}

const fileSameOptions: RuleImpl[] = fileOptions.map(([id, name, kind, dflt]) => ({
  id,
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      const pv = optionValue(p, name, kind, dflt);
      const cv = optionValue(c, name, kind, dflt);
      if (pv !== cv) emit({ file: c, span: c.options.get(name)?.span, against: p, message: `File option ${q(name)} changed from ${q(pv)} to ${q(cv)}.` });
    }
  },
}));

export const fileRules: RuleImpl[] = [fileNoDelete, fileSamePackage, fileSameSyntax, ...fileSameOptions];

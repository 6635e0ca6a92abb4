import { breakingRules, categories, categoryRules } from "./rules/index.js";

/**
 * rules/breaking/README.md, generated from the rule table in src/proto/rules/index.ts (a test keeps
 * the file in step). Regenerate: `node -e "import('./dist/proto/docs.js').then((m) => process.stdout.write(m.breakingRulesMarkdown()))" > rules/breaking/README.md`
 */
export function breakingRulesMarkdown(): string {
  const out: string[] = [
    "# Breaking-change rules (`archlint breaking`)",
    "",
    "<!-- Generated from src/proto/rules/index.ts by src/proto/docs.ts; test/breaking.test.ts checks it is current. -->",
    "",
    "`archlint breaking [dir] --against <dir | git ref>` compares two versions of a protobuf schema with",
    "buf's 64 active breaking rules: the same ids, the same categories (buf.yaml v2), the same pairing",
    "(files by path; messages, enums and services by full name; fields and enum values by number; RPCs",
    "and oneofs by name) and findings at the same lines and columns. Every finding also says what breaks",
    "and what to do instead, as below.",
    "",
    "These rules are not `rules/*.yaml` rules of `archlint check`: they are selected by `breaking.use` /",
    "`except` in buf.yaml (default: `FILE`), and tested against buf itself (test/breaking-diff.test.ts,",
    "`node bench/breaking-sweep.mjs`) and by one fixture per rule in `fixtures/breaking/<RULE_ID>/`.",
    "",
    "## Categories",
    "",
    "| category | rules | what it protects |",
    "| --- | ---: | --- |",
    `| \`FILE\` (default) | ${categoryRules("FILE", "v2").length} | generated code, per file: nothing may move between files |`,
    `| \`PACKAGE\` | ${categoryRules("PACKAGE", "v2").length} | generated code, per package: elements may move between files of a package |`,
    `| \`WIRE_JSON\` | ${categoryRules("WIRE_JSON", "v2").length} | the binary and JSON encodings (old clients keep decoding, JSON keys stay) |`,
    `| \`WIRE\` | ${categoryRules("WIRE", "v2").length} | the binary encoding only |`,
    `| \`CSR\` | ${categoryRules("CSR", "v2").length} | Confluent Schema Registry compatibility (buf.yaml v2) |`,
    "",
    "Config versions v1 and v1beta1 lack EXTENSION_NO_DELETE, PACKAGE_EXTENSION_NO_DELETE and FIELD_SAME_DEFAULT and",
    "have no CSR category; their deprecated ids (FIELD_SAME_CTYPE, FIELD_SAME_LABEL, FILE_SAME_JAVA_STRING_CHECK_UTF8)",
    "map to today's rules.",
    "",
    "## Ignoring a finding",
    "",
    "- buf.yaml: `breaking.ignore` (paths), `breaking.ignore_only` (rule or category → paths),",
    "  `breaking.ignore_unstable_packages` (packages ending in `v1alpha1`, `v1beta1`, `v1test`...), as buf.",
    "- In the .proto (archlint only): `// archlint:ignore FIELD_NO_DELETE -- reason` on the line of the",
    "  finding or the line above it, or inside the element the finding points at (for a deleted field:",
    "  inside its message, where the field was). For a deleted top-level element (reported at 1:1), put",
    "  the comment at the top level of the file.",
    "",
    "## Rules",
    "",
    `| rule | ${categories.join(" | ")} | what it flags |`,
    `| --- | ${categories.map(() => ":---:").join(" | ")} | --- |`,
  ];
  for (const r of breakingRules) {
    out.push(`| [\`${r.id}\`](#${r.id.toLowerCase()}) | ${categories.map((c) => (r.categories.includes(c) ? "✓" : "")).join(" | ")} | ${r.summary} |`);
  }
  out.push("");
  for (const r of breakingRules) {
    out.push(`### ${r.id}`, "", `${r.summary} Categories: ${r.categories.join(", ")}.`, "", `**What breaks:** ${r.consequence}`, "", `**Do instead:** ${r.safe}`, "");
  }
  out.push("### COMPILE", "", "Not a rule: a file on either side does not compile (syntax error, missing import, unknown type). Nothing is compared until it does, as with buf.", "");
  return out.join("\n");
}

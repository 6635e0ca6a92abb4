import { describe, expect, it } from "vitest";
import type { ConfigEntryFact } from "../src/extract/facts.js";
import { extractProperties } from "../src/extract/properties/index.js";

const FILE = "services/ledger/src/main/resources/application.properties";

function entries(text: string, file = FILE): ConfigEntryFact[] {
  return extractProperties(file, text).facts as ConfigEntryFact[];
}

function pairs(text: string): Array<[string, string]> {
  return entries(text).map((f) => [f.key, f.value.kind === "string" ? f.value.value : `<${f.value.kind}>`]);
}

describe("extractProperties", () => {
  it("reads `=`, `:` and whitespace separators with the key's position", () => {
    const facts = entries("spring.datasource.url=jdbc:mysql://db:3306/shop\n  server.port : 8080\nspring.application.name ledger\n");
    expect(facts.map((f) => [f.key, f.loc.line, f.loc.column])).toEqual([
      ["spring.datasource.url", 1, 1],
      ["server.port", 2, 3],
      ["spring.application.name", 3, 1],
    ]);
    const v = facts[0]!.value;
    expect(v).toMatchObject({ kind: "string", value: "jdbc:mysql://db:3306/shop", holes: [], loc: { line: 1, column: 23 } });
    expect(facts[1]!.value).toMatchObject({ value: "8080", loc: { line: 2, column: 17 } });
    expect(facts[2]!.value).toMatchObject({ value: "ledger" });
  });

  it("numbers the documents of a Spring multi-document file (`#---`, `!---`)", () => {
    const facts = entries("a=1\n#---\nspring.config.activate.on-profile=test\na=2\n!---\na=3\n#--- not a separator\n");
    expect(facts.map((f) => [f.key, f.document])).toEqual([
      ["a", undefined],
      ["spring.config.activate.on-profile", 1],
      ["a", 1],
      ["a", 2],
    ]);
  });

  it("skips `#` and `!` comments and blank lines", () => {
    expect(pairs("# a comment\n! another\n\n   \n\tkey=value\n")).toEqual([["key", "value"]]);
  });

  it("joins continuation lines, dropping the next line's leading whitespace", () => {
    const facts = entries("spring.datasource.url=jdbc:postgresql://\\\n    pg-main:5432/\\\n    orders\nnext=1\n");
    expect(facts.map((f) => [f.key, (f.value as { value: string }).value, f.loc.line])).toEqual([
      ["spring.datasource.url", "jdbc:postgresql://pg-main:5432/orders", 1],
      ["next", "1", 4],
    ]);
    expect(facts[0]!.loc.endLine).toBe(3);
  });

  it("keeps an escaped trailing backslash, and never continues a comment", () => {
    expect(pairs("path=C:\\\\dir\\\\\n# comment \\\nkey=v\n")).toEqual([
      ["path", "C:\\dir\\"],
      ["key", "v"],
    ]);
  });

  it("cooks escapes in keys and values, \\uXXXX included", () => {
    expect(pairs("a\\=b\\:c\\ d=x\\ty\\u00e9\\z\n")).toEqual([["a=b:c d", "x\ty\u00e9z"]]);
  });

  it("takes one separator only and keeps the rest of the value", () => {
    expect(pairs("key = = value  \nempty=\nbare\n")).toEqual([
      ["key", "= value  "],
      ["empty", ""],
      ["bare", ""],
    ]);
  });

  it("handles CRLF and CR line ends", () => {
    expect(pairs("a=1\r\nb=2\rc=3")).toEqual([["a", "1"], ["b", "2"], ["c", "3"]]);
  });

  it("reports a malformed \\u escape with its line and still reads the other entries", () => {
    const r = extractProperties(FILE, "a=1\nb=\\u12\nc=3\n");
    expect(r.parseError).toMatchObject({ line: 2, column: 3 });
    expect((r.facts as ConfigEntryFact[]).map((f) => f.key)).toEqual(["a", "b", "c"]);
  });

  it("reads Spring Boot files only", () => {
    expect(entries("a=1\n", "src/main/resources/application-prod.properties")).toHaveLength(1);
    expect(entries("a=1\n", "src/main/resources/bootstrap.properties")).toHaveLength(1);
    expect(entries("a=1\n", "src/main/resources/messages_fr.properties")).toHaveLength(0);
    expect(entries("a=1\n", "gradle.properties")).toHaveLength(0);
  });
});

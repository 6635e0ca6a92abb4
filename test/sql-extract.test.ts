import { describe, expect, it } from "vitest";
import { sqlFromFile, sqlFromStrings, looksLikeSql } from "../src/extract/sql/index.js";
import type { StringFact } from "../src/extract/facts.js";

const script = `-- orders view
CREATE VIEW v AS SELECT * FROM orders;
SELECT o.*, i.sku FROM shop.orders o JOIN items i ON i.oid = o.id WHERE o.id = $1;
SELECT COUNT(*) FROM orders;
SELECT a FROM x WHERE EXISTS (SELECT * FROM y WHERE y.a = x.a);
SELECT t.a FROM (SELECT * FROM z) t;
INSERT INTO a SELECT * FROM b;
SELECT 2 * 3 FROM dual; -- SELECT * FROM nothing
/* SELECT * FROM commented */
SELECT 'a * b', "x" FROM quoted;
`;

function str(value: string, context: StringFact["context"] = {}, holes: number[] = []): StringFact {
  return {
    kind: "string",
    value,
    holes,
    segments: [{ offset: 0, text: value, line: 10, column: 5, multiline: true }],
    loc: { file: "a.ts", line: 10, column: 4, endLine: 10, endColumn: 5 },
    context,
  };
}

describe("SQL extraction", () => {
  it("finds select-list stars in a script, with tables and positions", () => {
    const facts = sqlFromFile("db/x.sql", script);
    const stars = facts.flatMap((f) => f.stars.map((s) => ({ line: s.loc.line, col: s.loc.column, tables: s.tables, q: s.qualifier, exists: s.inExists, sub: s.inSubquery })));
    expect(stars).toEqual([
      { line: 2, col: 25, tables: ["orders"], q: undefined, exists: false, sub: false },
      { line: 3, col: 8, tables: ["orders"], q: "o", exists: false, sub: false },
      { line: 5, col: 38, tables: ["y"], q: undefined, exists: true, sub: true },
      { line: 6, col: 25, tables: ["z"], q: undefined, exists: false, sub: true },
      { line: 7, col: 22, tables: ["b"], q: undefined, exists: false, sub: false },
    ]);
    expect(facts.map((f) => f.statement)).toEqual(["create", "select", "select", "select", "select", "insert", "select", "select"]);
    expect(facts[1]!.tablesRead).toEqual(["items", "orders"]);
    expect(facts[5]!.tablesWritten).toEqual(["a"]);
  });

  it("reads template holes as placeholders and maps positions through them", () => {
    const value = "\n  SELECT * FROM  WHERE id = $1";
    const holes = [value.indexOf(" WHERE")];
    const facts = sqlFromStrings([str(value, { callee: "pool.query", argIndex: 0 }, holes)]);
    expect(facts).toHaveLength(1);
    expect(facts[0]!.stars[0]!.loc).toMatchObject({ line: 11, column: 10 });
  });

  it("stays silent on prose and on strings that do not parse", () => {
    expect(sqlFromStrings([str("select * from the menu", { callee: "logger.info", argIndex: 0 })])).toEqual([]);
    expect(sqlFromStrings([str("Select the rows you want from the table below, then press OK")])).toEqual([]);
    expect(sqlFromStrings([str("SELECT * FROM orders", { callee: "Error", argIndex: 0 })])).toEqual([]);
    expect(looksLikeSql("selection from menu")).toBe(false);
    expect(looksLikeSql("SELECT id FROM t")).toBe(true);
  });

  it("treats fmt.Sprintf verbs as identifiers", () => {
    const facts = sqlFromStrings([str("SELECT * FROM %s WHERE id = %d", { callee: "fmt.Sprintf", argIndex: 0 })]);
    expect(facts).toHaveLength(1);
    expect(facts[0]!.stars).toHaveLength(1);
  });
});

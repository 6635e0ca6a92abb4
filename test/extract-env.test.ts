import { describe, expect, it } from "vitest";
import type { EnvFileFact } from "../src/extract/facts.js";
import { extractEnvFile } from "../src/extract/env/index.js";

function entries(text: string): EnvFileFact[] {
  return extractEnvFile(".env", text).facts as EnvFileFact[];
}

function pairs(text: string): [string, string][] {
  return entries(text).map((f) => [f.name, f.value]);
}

describe("extractEnvFile", () => {
  it("returns env facts for the file", () => {
    const r = extractEnvFile("services/orders/.env.local", "A=1\n");
    expect(r).toEqual({
      file: "services/orders/.env.local",
      language: "env",
      facts: [
        {
          kind: "env-file-entry",
          name: "A",
          value: "1",
          loc: { file: "services/orders/.env.local", line: 1, column: 1, endLine: 1, endColumn: 4 },
        },
      ],
    });
    expect(r.parseError).toBeUndefined();
  });

  it("reads plain, exported and spaced assignments", () => {
    expect(pairs("A=1\nexport B=two\n  C = three  \nD=\nE.F-G=x\n")).toEqual([
      ["A", "1"],
      ["B", "two"],
      ["C", "three"],
      ["D", ""],
      ["E.F-G", "x"],
    ]);
  });

  it("skips blank lines, comments and malformed lines", () => {
    expect(pairs("# comment\n\n   \n  # indented comment\nNOEQUALS\n1BAD=x\n=x\nexport\nOK=yes\n-X=1\n")).toEqual([["OK", "yes"]]);
  });

  it("strips inline comments after unquoted values only", () => {
    expect(pairs("A=value # comment\nB=a#b\nC= # only a comment\nD=#hash\nE=x\t#tab comment\nF=#a #b\n")).toEqual([
      ["A", "value"],
      ["B", "a#b"],
      ["C", ""],
      ["D", "#hash"],
      ["E", "x"],
      ["F", "#a"],
    ]);
  });

  it("reads single-quoted values literally", () => {
    expect(pairs("A='x # not a comment'\nB='a\\nb'\nC='${HOME}' # c\n")).toEqual([
      ["A", "x # not a comment"],
      ["B", "a\\nb"],
      ["C", "${HOME}"],
    ]);
  });

  it("cooks escapes in double-quoted values", () => {
    expect(pairs('A="line1\\nline2"\nB="tab\\there"\nC="say \\"hi\\""\nD="back\\\\slash"\nE="keep \\x"\nF="# not comment" # comment\n')).toEqual([
      ["A", "line1\nline2"],
      ["B", "tab\there"],
      ["C", 'say "hi"'],
      ["D", "back\\slash"],
      ["E", "keep \\x"],
      ["F", "# not comment"],
    ]);
  });

  it("reads quoted values that span lines, with loc covering them", () => {
    const f = entries('KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nNEXT=1\n');
    expect(f.map((x) => [x.name, x.value])).toEqual([
      ["KEY", "-----BEGIN KEY-----\nabc\n-----END KEY-----"],
      ["NEXT", "1"],
    ]);
    expect(f[0]!.loc).toMatchObject({ line: 1, column: 1, endLine: 3, endColumn: 19 });
    expect(f[1]!.loc.line).toBe(4);
  });

  it("ignores a line with an unclosed quote and goes on", () => {
    expect(pairs("A=\"never closed\nB=2\nC='x\n")).toEqual([["B", "2"]]);
  });

  it("locates keys at their column and the entry end at the end of the line", () => {
    const f = entries("\n  export   DB_URL=postgres://u:p@db/x  # db\r\nX=1\r\n");
    expect(f[0]!.loc).toEqual({ file: ".env", line: 2, column: 12, endLine: 2, endColumn: 44 });
    expect(f[0]!.value).toBe("postgres://u:p@db/x");
    expect(f[1]!.loc).toEqual({ file: ".env", line: 3, column: 1, endLine: 3, endColumn: 4 });
  });

  it("handles a BOM, CRLF and duplicate keys", () => {
    expect(pairs("\uFEFFA=1\r\nA=2\r\n")).toEqual([
      ["A", "1"],
      ["A", "2"],
    ]);
  });

  it("never reports errors", () => {
    const r = extractEnvFile(".env", "SECRET=\"unterminated hunter2\n\u0000garbage\n===\n");
    expect(r.parseError).toBeUndefined();
    expect(r.facts).toEqual([]);
  });
});

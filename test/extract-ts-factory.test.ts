import { describe, expect, it } from "vitest";
import type { CallFact, Value } from "../src/extract/facts.js";
import { loadTsExtractor } from "../src/extract/ts/index.js";

const extract = await loadTsExtractor();

function optionsOf(source: string, callee: string): Extract<Value, { kind: "object" }> {
  const call = extract("src/app.module.ts", source).facts.find((f): f is CallFact => f.kind === "call" && f.callee === callee)!;
  return call.args[0] as Extract<Value, { kind: "object" }>;
}

describe("TS values of factories (NestJS useFactory)", () => {
  it("carries the object an arrow function returns, with its loc unchanged", () => {
    const o = optionsOf('TypeOrmModule.forRootAsync({ useFactory: async (c: ConfigService) => ({ host: c.get("DB_HOST"), port: 5432 }) });', "TypeOrmModule.forRootAsync");
    const f = o.props.useFactory!;
    expect(f.kind).toBe("unknown");
    expect(f.loc.column).toBe(42);
    expect(f.kind === "unknown" && f.returns).toMatchObject({ kind: "object", props: { host: { kind: "call", callee: "c.get" }, port: { kind: "number", value: 5432 } } });
  });

  it("reads a block's final return, a method, a constant and a returned call", () => {
    const src = `const opts = { uri: "mongodb://m/db" };
M.a({ useFactory: (c) => { const x = 1; return { host: "db", x }; } });
M.b({ useFactory(c) { return opts; } });
M.c({ useFactory: function () { return opts; } });
M.d({ useFactory: (c: ConfigService) => c.get("database") });`;
    const ret = (callee: string) => {
      const f = optionsOf(src, callee).props.useFactory!;
      return f.kind === "unknown" ? f.returns : undefined;
    };
    expect(ret("M.a")).toMatchObject({ kind: "object", props: { host: { kind: "string", value: "db" }, x: { kind: "number", value: 1 } } });
    expect(ret("M.b")).toMatchObject({ kind: "object", props: { uri: { value: "mongodb://m/db" } } });
    expect(ret("M.c")).toMatchObject({ kind: "object" });
    expect(ret("M.d")).toMatchObject({ kind: "call", callee: "c.get" });
  });

  it("leaves functions with several or early returns, or other results, without one", () => {
    const src = `M.a({ useFactory: (c) => { if (c) return { a: 1 }; return { b: 2 }; } });
M.b({ useFactory: (c) => c.x + 1 });
M.c({ useFactory: () => { return { a: 1 }; doMore(); } });`;
    for (const callee of ["M.a", "M.b", "M.c"]) {
      const f = optionsOf(src, callee).props.useFactory!;
      expect(f.kind === "unknown" && f.returns).toBeFalsy();
    }
  });
});

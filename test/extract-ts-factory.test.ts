import { describe, expect, it } from "vitest";
import type { CallFact, DeclarationFact, Value } from "../src/extract/facts.js";
import { loadTsExtractor } from "../src/extract/ts/index.js";
import { ValueResolver } from "../src/model/connections/resolve.js";
import type { ModelFile } from "../src/model/types.js";
import { FileIndex } from "../src/model/datastores/template.js";

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

function declarationsOf(file: string, source: string): DeclarationFact[] {
  return extract(file, source).facts.filter((f): f is DeclarationFact => f.kind === "declaration");
}

describe("TS declarations of options classes and factory functions (NestJS useClass, imported useFactory)", () => {
  const configClass = `import { ConfigService } from "@nestjs/config";
@Injectable()
export default class TypeOrmConfigService implements TypeOrmOptionsFactory {
  constructor(private readonly config: ConfigService) {}
  static helper() { return { a: 1 }; }
  log() { console.log("x"); }
  toJSON() { return { name: "typeorm" }; }
  createTypeOrmOptions(): TypeOrmModuleOptions {
    return { type: "postgres", host: this.config.get("DB_HOST"), port: this.config.get<number>("DB_PORT", 5432) };
  }
}
class Empty { run() { return 1; } }`;

  it("declares a class as its create…Options() methods that return options, static and other methods left out", () => {
    const decls = declarationsOf("src/config/typeorm.config.ts", configClass);
    expect(decls.map((d) => [d.name, d.exported, d.declares])).toEqual([["TypeOrmConfigService", true, "class"], ["default", true, "class"]]);
    const v = decls[0]!.value;
    expect(v.kind === "object" && Object.keys(v.props)).toEqual(["createTypeOrmOptions"]);
    expect(v.kind === "object" && v.props.createTypeOrmOptions).toMatchObject({
      kind: "unknown",
      returns: { kind: "object", props: { type: { value: "postgres" }, host: { kind: "call", callee: "this.config.get" } } },
    });
  });

  it("declares exported functions that return an object or a call on a parameter, and only those", () => {
    const src = `export function typeOrmConfigFactory(config: ConfigService) { return { host: config.get("DB_HOST") }; }
function nothing() { doIt(); }
function local() { return { host: "not exported" }; }
export function helper(rows: Row[]) { return rows.map(toDto); }
export async function later() { if (x) return { a: 1 }; return { b: 2 }; }`;
    const decls = declarationsOf("src/config/db.ts", src);
    expect(decls.map((d) => [d.name, d.exported, d.declares])).toEqual([["typeOrmConfigFactory", true, "function"]]);
    expect(decls[0]!.value).toMatchObject({ kind: "unknown", returns: { kind: "object", props: { host: { kind: "call", callee: "config.get" } } } });
  });

  it("reads this.<name>.get as a ConfigService read inside the class whose constructor takes it", () => {
    const facts = extract("src/config/typeorm.config.ts", configClass.replaceAll("this.config", "this.settings").replace("private readonly config", "private readonly settings")).facts;
    const get = facts.find((f): f is CallFact => f.kind === "call" && f.callee === "this.settings.get")!;
    const idx = new FileIndex(facts);
    expect(idx.isConfigRead("this.settings.get", get.loc)).toBe(true);
    expect(idx.isConfigRead("this.other.get", get.loc)).toBe(false);
  });

  it("follows useClass into an imported class's createTypeOrmOptions() result, resolving there", () => {
    const file = (path: string, text: string): ModelFile => ({ path, language: "ts", isTest: false, facts: extract(path, text).facts });
    const config = file("svc/src/config/typeorm.config.ts", `import { settings } from "./settings";
const DB = "postgres";
export class DbConfig { createTypeOrmOptions() { return { type: DB, host: settings.host }; } }`);
    const settings = file("svc/src/config/settings.ts", `export const settings = { host: "db.internal" };`);
    const app = file("svc/src/app.module.ts", `import { DbConfig } from "./config/typeorm.config";
TypeOrmModule.forRootAsync({ useClass: DbConfig });`);
    const call = app.facts.find((f): f is CallFact => f.kind === "call" && f.callee === "TypeOrmModule.forRootAsync")!;
    const resolver = new ValueResolver([config, settings, app], []);
    const host = resolver.walk(app, call.args[0]!, ["useClass", "createTypeOrmOptions", "()", "host"]);
    // `settings` is imported by the class's file, not the module's: it is looked up there.
    expect(host?.value).toMatchObject({ kind: "string", value: "db.internal" });
    expect(host?.steps.map((s) => s.file)).toEqual(["svc/src/config/typeorm.config.ts", "svc/src/config/settings.ts"]);
    expect(resolver.walk(app, call.args[0]!, ["useClass", "createTypeOrmOptions", "()", "type"])?.value).toMatchObject({ kind: "string", value: "postgres" });
  });
});

import type * as ts from "typescript";
import type { CallFact, DeclarationFact, EnvReadFact, Fact, FileFacts, ImportFact, StringContext, StringFact, Value } from "../facts.js";
import { calleePath, Evaluator, propertyKey } from "./evaluate.js";
import { loadTs, type Ts } from "./load.js";
import { resultProperties } from "./results.js";
import { looksLikeSql } from "../sql/embedded.js";
import { assignmentFact, boundName, functionFact, loopFact } from "./flow.js";
import { decoratedName, OrmScanner } from "./orm.js";

export type TsExtractor = (file: string, text: string) => FileFacts;

/** Loads the compiler once and returns a synchronous extractor for TS/JS files. */
export async function loadTsExtractor(): Promise<TsExtractor> {
  const T = await loadTs();
  return (file, text) => extractTs(T, file, text);
}

function scriptKind(T: Ts, file: string): ts.ScriptKind {
  if (/\.tsx$/.test(file)) return T.ScriptKind.TSX;
  if (/\.(jsx)$/.test(file)) return T.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(file)) return T.ScriptKind.JS;
  return T.ScriptKind.TS;
}

function extractTs(T: Ts, file: string, text: string): FileFacts {
  const language = /\.(m|c)?jsx?$/.test(file) ? "js" : "ts";
  const sf = T.createSourceFile(file, text, T.ScriptTarget.Latest, true, scriptKind(T, file));
  const ev = new Evaluator(T, sf, file);
  const facts: Fact[] = [];
  const strings: StringFact[] = [];
  // Which call a variable flows into, to give `const q = "…"; pool.query(q)` its callee.
  const variableUses = new Map<string, { call: ts.CallExpression | ts.NewExpression; index: number } | null>();
  const orm = new OrmScanner(T, ev, sf);

  const visit = (node: ts.Node): void => {
    if (T.isImportDeclaration(node) && T.isStringLiteral(node.moduleSpecifier)) {
      facts.push(importFact(T, ev, node));
      return; // the module specifier is not a string worth reporting
    }
    if (T.isExportDeclaration(node)) return;
    if (T.isVariableStatement(node) && node.parent === sf) facts.push(...declarations(T, ev, node));
    if ((T.isClassDeclaration(node) || T.isFunctionDeclaration(node)) && node.parent === sf) facts.push(...returningDeclarations(T, ev, node));
    const shape = functionFact(T, ev, sf, node) ?? loopFact(T, ev, sf, node) ?? assignmentFact(T, ev, sf, node);
    if (shape) facts.push(shape);
    if (T.isClassDeclaration(node)) facts.push(...orm.classEntities(node));
    if (T.isCallExpression(node) || T.isNewExpression(node)) {
      const call = callFact(T, ev, sf, node);
      if (call) {
        if (call.callee === "require" && call.args[0]?.kind === "string") {
          const bindings = requireBindings(T, node);
          facts.push({ kind: "import", module: call.args[0].value, names: bindings.map((b) => b.local), bindings, loc: call.loc });
          return;
        }
        facts.push(call);
        const entity = T.isCallExpression(node) ? orm.callEntity(node, call.assignedTo) : undefined;
        if (entity) facts.push(entity);
      }
      node.arguments?.forEach((arg, index) => {
        const a = ev.strip(arg);
        if (T.isIdentifier(a)) variableUses.set(a.text, variableUses.has(a.text) ? null : { call: node, index });
      });
    }
    if (T.isPropertyAccessExpression(node) || T.isElementAccessExpression(node)) {
      const name = ev.envName(node);
      if (name) {
        facts.push(envRead(T, ev, node, name));
        return;
      }
    }
    if (T.isVariableDeclaration(node) && T.isObjectBindingPattern(node.name) && node.initializer && /^(process\.env|import\.meta\.env)$/.test(node.initializer.getText(sf))) {
      for (const el of node.name.elements) {
        const name = el.propertyName && T.isIdentifier(el.propertyName) ? el.propertyName.text : T.isIdentifier(el.name) ? el.name.text : undefined;
        if (!name) continue;
        const read: EnvReadFact = { kind: "env-read", name, loc: ev.loc(el) };
        if (el.initializer) read.default = ev.value(el.initializer);
        facts.push(read);
      }
    }
    if (isStringNode(T, ev, node) && !isFoldedIntoParent(T, ev, node) && !isNonValuePosition(T, node)) {
      const folded = ev.fold(node as ts.Expression);
      if (folded) {
        // Which columns the code reads from a query's result: only worth a walk for SQL.
        const fact: StringFact = { kind: "string", ...folded, loc: ev.loc(node), context: stringContext(T, sf, node, looksLikeSql(folded.value)) };
        strings.push(fact);
        facts.push(fact);
      }
    }
    T.forEachChild(node, visit);
  };
  visit(sf);

  for (const s of strings) {
    if (s.context.variable && s.context.callee === undefined) {
      const use = variableUses.get(s.context.variable);
      if (use) {
        s.context.callee = calleePath(T, use.call.expression, sf);
        s.context.argIndex = use.index;
        if (looksLikeSql(s.value)) {
          const props = resultProperties(T, use.call, sf);
          if (props.length) s.context.resultProperties = props;
        }
      }
    }
  }

  const result: FileFacts = { file, language, facts };
  const diags = (sf as unknown as { parseDiagnostics?: Array<{ start?: number; messageText: string | { messageText: string } }> }).parseDiagnostics;
  if (diags && diags.length > 0) {
    const d = diags[0]!;
    const lc = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    const message = typeof d.messageText === "string" ? d.messageText : d.messageText.messageText;
    result.parseError = { message: `syntax error: ${message}`, line: lc.line + 1, column: lc.character + 1 };
  }
  return result;
}

function isStringNode(T: Ts, ev: Evaluator, node: ts.Node): boolean {
  if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node) || T.isTemplateExpression(node)) return true;
  return T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.PlusToken && ev.isStringLike(node);
}

/** Pieces of a concatenation or template are reported once, as the whole they belong to. */
function isFoldedIntoParent(T: Ts, ev: Evaluator, node: ts.Node): boolean {
  let p = node.parent;
  while (p && T.isParenthesizedExpression(p)) p = p.parent;
  if (!p) return false;
  if (T.isTemplateSpan(p)) return true;
  return T.isBinaryExpression(p) && p.operatorToken.kind === T.SyntaxKind.PlusToken && ev.isStringLike(p);
}

/** Strings that are names, not values: keys, module specifiers, type literals, directives. */
function isNonValuePosition(T: Ts, node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if ((T.isPropertyAssignment(p) || T.isPropertyDeclaration(p) || T.isMethodDeclaration(p) || T.isEnumMember(p) || T.isPropertySignature(p)) && p.name === node) return true;
  if (T.isElementAccessExpression(p) && p.argumentExpression === node) return true;
  if (T.isLiteralTypeNode(p) || T.isExternalModuleReference(p) || T.isImportTypeNode(p)) return true;
  if (T.isExpressionStatement(p)) return true; // "use strict"
  if (T.isCallExpression(p) && p.expression.kind === T.SyntaxKind.ImportKeyword) return true;
  return false;
}

function stringContext(T: Ts, sf: ts.SourceFile, node: ts.Node, wantResults: boolean): StringContext {
  const ctx: StringContext = {};
  let child: ts.Node = node;
  let p = node.parent;
  // `process.env.X ?? "default"` takes the context of the whole expression (its property, variable).
  const isDefault = (b: ts.Node, c: ts.Node) =>
    T.isBinaryExpression(b) && b.right === c && (b.operatorToken.kind === T.SyntaxKind.QuestionQuestionToken || b.operatorToken.kind === T.SyntaxKind.BarBarToken);
  while (p && (T.isParenthesizedExpression(p) || T.isAsExpression(p) || T.isNonNullExpression(p) || T.isSatisfiesExpression(p) || isDefault(p, child))) {
    child = p;
    p = p.parent;
  }
  if (!p) return ctx;
  if (T.isTaggedTemplateExpression(p)) {
    ctx.tag = calleePath(T, p.tag, sf);
    return ctx;
  }
  if (T.isPropertyAssignment(p) && p.initializer === child) {
    const key = propertyKey(T, p.name);
    if (key !== undefined) ctx.property = key;
    // The options object's call: `pool.query({ text: "…" })`.
    const obj = p.parent;
    if (T.isObjectLiteralExpression(obj) && obj.parent && (T.isCallExpression(obj.parent) || T.isNewExpression(obj.parent))) {
      const call = obj.parent;
      ctx.callee = calleePath(T, call.expression, sf);
      ctx.argIndex = call.arguments?.indexOf(obj) ?? 0;
    }
    return ctx;
  }
  if ((T.isCallExpression(p) || T.isNewExpression(p)) && p.arguments?.includes(child as ts.Expression)) {
    ctx.callee = calleePath(T, p.expression, sf);
    ctx.argIndex = p.arguments.indexOf(child as ts.Expression);
    if (wantResults) {
      const props = resultProperties(T, p, sf);
      if (props.length) ctx.resultProperties = props;
    }
    return ctx;
  }
  // `enum Subjects { Paid = "order.paid" }`: the member is the constant's name.
  if (T.isEnumMember(p) && p.initializer === child) {
    const key = propertyKey(T, p.name);
    if (key !== undefined) ctx.property = key;
    return ctx;
  }
  if (T.isVariableDeclaration(p) && p.initializer === child && T.isIdentifier(p.name)) ctx.variable = p.name.text;
  else if (T.isBinaryExpression(p) && p.operatorToken.kind === T.SyntaxKind.EqualsToken && p.right === child) {
    ctx.variable = p.left.getText(sf);
  } else if (T.isPropertyDeclaration(p) && p.initializer === child) ctx.property = p.name.getText(sf);
  return ctx;
}

function callFact(T: Ts, ev: Evaluator, sf: ts.SourceFile, node: ts.CallExpression | ts.NewExpression): CallFact | undefined {
  if (node.expression.kind === T.SyntaxKind.ImportKeyword) return undefined;
  return {
    kind: "call",
    callee: calleePath(T, node.expression, sf),
    isNew: T.isNewExpression(node),
    args: (node.arguments ?? []).map((a) => ev.value(a)),
    loc: ev.loc(node),
    ...withBoundName(boundName(T, sf, node) ?? decoratedName(T, node)),
  };
}

function withBoundName(name: string | undefined): { assignedTo?: string } {
  return name === undefined ? {} : { assignedTo: name };
}

function importFact(T: Ts, ev: Evaluator, node: ts.ImportDeclaration): ImportFact {
  const bindings: Array<{ local: string; imported: string }> = [];
  const clause = node.importClause;
  if (clause?.name) bindings.push({ local: clause.name.text, imported: "default" });
  const named = clause?.namedBindings;
  if (named && T.isNamespaceImport(named)) bindings.push({ local: named.name.text, imported: "*" });
  else if (named) for (const el of named.elements) bindings.push({ local: el.name.text, imported: (el.propertyName ?? el.name).text });
  return { kind: "import", module: (node.moduleSpecifier as ts.StringLiteral).text, names: bindings.map((b) => b.local), bindings, loc: ev.loc(node) };
}

/** `const x = require("m")` binds the whole module; `const { a: b } = require("m")` binds export a as b. */
function requireBindings(T: Ts, node: ts.CallExpression | ts.NewExpression): Array<{ local: string; imported: string }> {
  const p = node.parent;
  if (p && T.isVariableDeclaration(p)) {
    if (T.isIdentifier(p.name)) return [{ local: p.name.text, imported: "*" }];
    if (T.isObjectBindingPattern(p.name)) {
      return p.name.elements.flatMap((e) =>
        T.isIdentifier(e.name) ? [{ local: e.name.text, imported: e.propertyName && T.isIdentifier(e.propertyName) ? e.propertyName.text : e.name.text }] : [],
      );
    }
  }
  return [];
}

/** Module-level `const`/`let`/`var` with their values, for cross-file lookups (`config.ordersUrl`). */
function declarations(T: Ts, ev: Evaluator, node: ts.VariableStatement): DeclarationFact[] {
  const exported = node.modifiers?.some((m) => m.kind === T.SyntaxKind.ExportKeyword) ?? false;
  const out: DeclarationFact[] = [];
  for (const d of node.declarationList.declarations) {
    if (!T.isIdentifier(d.name) || !d.initializer) continue;
    out.push({ kind: "declaration", name: d.name.text, value: ev.value(d.initializer), exported, loc: ev.loc(d) });
  }
  return out;
}

/** An options factory class's method: NestJS `TypeOrmOptionsFactory.createTypeOrmOptions()` and its kin. */
const OPTIONS_METHOD = /^create\w*Options$/;

/**
 * Functions and classes whose results the evaluator can read, as module-level declarations another
 * place can follow: NestJS `useFactory: typeOrmConfig` (an exported function's `returns`) and
 * `useClass: TypeOrmConfigService` (an object of the class's `create…Options()` methods that return
 * options). Only those: declaring every function and method with a readable result doubled the
 * bench repo's declarations and slowed its extraction. `export default` adds the name `default`.
 */
function returningDeclarations(T: Ts, ev: Evaluator, node: ts.ClassDeclaration | ts.FunctionDeclaration): DeclarationFact[] {
  const exported = node.modifiers?.some((m) => m.kind === T.SyntaxKind.ExportKeyword) ?? false;
  if (!node.name || (T.isFunctionDeclaration(node) && !exported)) return [];
  let value: Value | undefined;
  if (T.isFunctionDeclaration(node)) {
    // An object, or a config read on a parameter (`config.get("database")`, a namespace as the
    // options): a helper returning some other call's result is no options factory.
    const params = new Set(node.parameters.map((p) => (T.isIdentifier(p.name) ? p.name.text : "")));
    const configRead = (e: ts.CallExpression): boolean => {
      const c = e.expression;
      return T.isPropertyAccessExpression(c) && /^(get|getOrThrow)$/.test(c.name.text) && T.isIdentifier(c.expression) && params.has(c.expression.text);
    };
    const wanted = (e: ts.Expression) => T.isObjectLiteralExpression(e) || T.isIdentifier(e) || (T.isCallExpression(e) && configRead(e));
    const r = node.body ? ev.returnsOf(node, 0, wanted) : undefined;
    if (r?.kind === "object" || r?.kind === "call") value = ev.functionValue(node, 0);
  } else {
    const props: Record<string, Value> = {};
    for (const m of node.members) {
      if (!T.isMethodDeclaration(m) || !m.body || m.modifiers?.some((x) => x.kind === T.SyntaxKind.StaticKeyword)) continue;
      const key = propertyKey(T, m.name);
      if (key !== undefined && OPTIONS_METHOD.test(key) && ev.returnsOf(m, 0)) props[key] = ev.functionValue(m, 0);
    }
    if (Object.keys(props).length) value = { kind: "object", props, loc: ev.loc(node) };
  }
  if (!value) return [];
  const isDefault = exported && (node.modifiers?.some((m) => m.kind === T.SyntaxKind.DefaultKeyword) ?? false);
  const loc = ev.loc(node);
  const declares = T.isClassDeclaration(node) ? "class" : "function";
  const out: DeclarationFact[] = [{ kind: "declaration", name: node.name.text, value, exported, declares, loc }];
  if (isDefault) out.push({ kind: "declaration", name: "default", value, exported, declares, loc });
  return out;
}

function envRead(T: Ts, ev: Evaluator, node: ts.Expression, name: string): EnvReadFact {
  const read: EnvReadFact = { kind: "env-read", name, loc: ev.loc(node) };
  let child: ts.Node = node;
  let p = node.parent;
  while (p && T.isParenthesizedExpression(p)) {
    child = p;
    p = p.parent;
  }
  if (p && T.isBinaryExpression(p) && p.left === child && (p.operatorToken.kind === T.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === T.SyntaxKind.BarBarToken)) {
    read.default = ev.value(p.right);
  }
  return read;
}

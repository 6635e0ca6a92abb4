/**
 * Facts about the shape of TS/JS code around calls: which name a call's result is bound to,
 * functions with their parameters, loops with what bounds them, and assignments to property
 * paths. Resilience rules read these through the model (client instances followed to their
 * calls, contexts, retry loops); this file knows syntax only.
 */
import type * as ts from "typescript";
import type { AssignmentFact, FunctionFact, LoopFact } from "../facts.js";
import { calleePath, propertyKey, type Evaluator } from "./evaluate.js";
import type { Ts } from "./load.js";

/** `if (attempt >= max) throw …`, `if (++n > 5) { return }`: an exit under an ordering comparison. */
const COUNTED_EXIT = /\bif\s*\([^{};]*?[^=!<>]\s*(<=?|>=?)\s*[^{};]*?\)\s*\{?\s*(return|break|throw)\b/;
/** The same written as a loop guard inside the body: `if (attempt++ >= max) …` is covered above. */
const CANCELLED = /\b(signal\.aborted|throwIfAborted\s*\(|\.aborted\b|isCancell?ed\s*\(|ctx\.Done\s*\(|ctx\.Err\s*\()/;

/** The name the value of `node` is bound to: a variable, a property, a field, an assignment target. */
export function boundName(T: Ts, sf: ts.SourceFile, node: ts.Node): string | undefined {
  let child: ts.Node = node;
  let p = node.parent;
  while (p && (T.isParenthesizedExpression(p) || T.isAwaitExpression(p) || T.isAsExpression(p) || T.isNonNullExpression(p) || T.isSatisfiesExpression(p))) {
    child = p;
    p = p.parent;
  }
  if (!p) return undefined;
  if (T.isVariableDeclaration(p) && p.initializer === child) return T.isIdentifier(p.name) ? p.name.text : undefined;
  if (T.isPropertyDeclaration(p) && p.initializer === child) {
    const key = propertyKey(T, p.name);
    return key === undefined ? undefined : p.modifiers?.some((m) => m.kind === T.SyntaxKind.StaticKeyword) ? key : `this.${key}`;
  }
  if (T.isPropertyAssignment(p) && p.initializer === child) return propertyKey(T, p.name);
  if (T.isBinaryExpression(p) && p.operatorToken.kind === T.SyntaxKind.EqualsToken && p.right === child) return calleePath(T, p.left, sf);
  return undefined;
}

/** A function-like node's fact, or undefined for nodes that are not functions. */
export function functionFact(T: Ts, ev: Evaluator, sf: ts.SourceFile, node: ts.Node): FunctionFact | undefined {
  if (!(T.isFunctionDeclaration(node) || T.isFunctionExpression(node) || T.isArrowFunction(node) || T.isMethodDeclaration(node) || T.isConstructorDeclaration(node))) return undefined;
  let name = "";
  if ((T.isFunctionDeclaration(node) || T.isFunctionExpression(node)) && node.name) name = node.name.text;
  else if (T.isMethodDeclaration(node)) name = propertyKey(T, node.name) ?? "";
  else if (T.isConstructorDeclaration(node)) name = "constructor";
  else name = boundName(T, sf, node) ?? "";
  const params = node.parameters.map((p) => {
    const out: { name: string; type?: string } = { name: T.isIdentifier(p.name) ? p.name.text : p.name.getText(sf).replace(/\s+/g, " ") };
    if (p.type) out.type = p.type.getText(sf).replace(/\s+/g, " ");
    return out;
  });
  const fact: FunctionFact = { kind: "function", name, params, loc: ev.loc(node) };
  let child: ts.Node = node;
  let p = node.parent;
  while (p && T.isParenthesizedExpression(p)) {
    child = p;
    p = p.parent;
  }
  if (p && (T.isCallExpression(p) || T.isNewExpression(p)) && p.arguments?.includes(child as ts.Expression)) fact.argOf = calleePath(T, p.expression, sf);
  return fact;
}

/** A loop statement's fact, or undefined for other nodes. */
export function loopFact(T: Ts, ev: Evaluator, sf: ts.SourceFile, node: ts.Node): LoopFact | undefined {
  let unconditional: boolean;
  let body: ts.Statement;
  if (T.isWhileStatement(node) || T.isDoStatement(node)) {
    unconditional = isConstantTrue(T, ev.strip(node.expression));
    body = node.statement;
  } else if (T.isForStatement(node)) {
    unconditional = !node.condition || isConstantTrue(T, ev.strip(node.condition));
    body = node.statement;
  } else return undefined;
  const text = body.getText(sf);
  return { kind: "loop", unconditional, countedExit: COUNTED_EXIT.test(text), cancellable: CANCELLED.test(text), loc: ev.loc(node) };
}

function isConstantTrue(T: Ts, e: ts.Expression): boolean {
  return e.kind === T.SyntaxKind.TrueKeyword || (T.isNumericLiteral(e) && Number(e.text) !== 0);
}

/** `a.b.c = value`: assignments to property paths (plain variables are left out). */
export function assignmentFact(T: Ts, ev: Evaluator, sf: ts.SourceFile, node: ts.Node): AssignmentFact | undefined {
  if (!T.isBinaryExpression(node) || node.operatorToken.kind !== T.SyntaxKind.EqualsToken) return undefined;
  if (!T.isPropertyAccessExpression(node.left) && !T.isElementAccessExpression(node.left)) return undefined;
  return { kind: "assignment", target: calleePath(T, node.left, sf), value: ev.value(node.right), loc: ev.loc(node) };
}

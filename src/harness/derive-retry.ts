/**
 * The retry settings declared around one outgoing call: an axios-retry setting on its client
 * (from `model.resilience.retries`), or a hand-written loop around the call. The model records a
 * loop only when it may run forever, so a bounded loop's header and pause are read here, with the
 * TypeScript parser on that file: the attempt bound (`attempt <= MAX_ATTEMPTS`), whether the
 * pause grows (`**`, `<<`, `Math.pow`) and whether it is randomised (`Math.random`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as ts from "typescript";
import { loadTs, type Ts } from "../extract/ts/load.js";
import { loopBound, unreadBound } from "./derive-loop.js";
import { libraryRetryOf } from "./derive-retry-libs.js";
import type { LimitedCall } from "../model/resilience/index.js";
import { SLEEP } from "../model/resilience/retries.js";
import { within, type Scopes } from "../model/resilience/scope.js";
import type { Model } from "../model/types.js";

export interface Declared<T> {
  value: T;
  at: string;
}
export interface RetryDecl {
  maxAttempts?: Declared<number>;
  backoff?: Declared<"none" | "constant" | "exponential">;
  jitter?: Declared<boolean>;
}
type At = (file: string, line: number) => string;


/** What the code declares about retrying `call`, or why it cannot say. */
export async function retryOf(model: Model, scopes: Scopes, call: LimitedCall, at: At): Promise<RetryDecl | string> {
  const created = `${call.file}:${call.line}:${call.column}`;
  const lib = (model.resilience?.retries ?? []).find((r) => r.file === call.file && r.library === "axios-retry" && (r.target === created || (r.target !== undefined && r.target === call.name)));
  if (lib) {
    if (lib.attempts === undefined || !Number.isFinite(lib.attempts)) return `axios-retry at ${at(lib.file, lib.line)} has no retry count the scan can read; name maxAttempts`;
    const where = at(lib.file, lib.line);
    // axios-retry counts retries; the harness counts attempts, the first one included.
    return { maxAttempts: { value: lib.attempts + 1, at: where }, ...(lib.backoff === false ? { backoff: { value: "none", at: where }, jitter: { value: false, at: where } } : {}) };
  }
  const sites = call.anchor === "client" ? call.uses : [call];
  for (const site of sites) {
    const wrapped = libraryRetryOf(model, scopes, site, at);
    if (wrapped) return wrapped;
  }
  for (const site of sites) {
    const s = scopes.of(site.file);
    const loops = (s?.loops ?? []).filter((l) => within(l.loc, site)).sort((a, b) => a.loc.endLine - a.loc.line - (b.loc.endLine - b.loc.line));
    if (loops[0]) return readLoop(model, site.file, loops[0].loc.line, loops[0].loc.column, site, at);
  }
  return "the scan sees no retry around it (no axios-retry, p-retry, async-retry or cockatiel retry setting, no loop); name maxAttempts (1 if it is not retried)";
}

async function readLoop(model: Model, file: string, line: number, column: number, site: { line: number; column: number }, at: At): Promise<RetryDecl | string> {
  const T = await loadTs();
  const text = readFileSync(join(model.root, file), "utf8");
  const sf = T.createSourceFile(file, text, T.ScriptTarget.Latest, true, /\.m?jsx?$|\.cjs$/.test(file) ? T.ScriptKind.JS : T.ScriptKind.TS);
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  let loop: ts.IterationStatement | undefined;
  const find = (n: ts.Node): void => {
    if (loop) return;
    const p = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    if ((T.isForStatement(n) || T.isWhileStatement(n) || T.isDoStatement(n)) && p.line + 1 === line && p.character + 1 === column) loop = n;
    else T.forEachChild(n, find);
  };
  find(sf);
  if (!loop) return `the retry loop at ${at(file, line)} could not be read`;
  const out: RetryDecl = {};
  const callPos = sf.getPositionOfLineAndCharacter(site.line - 1, site.column - 1);
  const bound = loopBound(T, sf, loop, callPos, (e) => constant(T, sf, e));
  if (bound) out.maxAttempts = { value: bound.attempts, at: at(file, lineOf(bound.node)) };
  else {
    const unread = unreadBound(T, sf, loop, (e) => constant(T, sf, e));
    if (unread) return `the retry loop at ${at(file, line)} is bounded by \`${unread.text}\` (${at(file, unread.line)}), not a constant the scan can read; name maxAttempts`;
    return `the retry loop at ${at(file, line)} has no attempt bound the scan can read (a counter compared with a constant, in its header or in an \`if (…) throw\` in its body); name maxAttempts`;
  }

  const pause = firstCall(T, sf, loop.statement, (callee) => SLEEP.test(callee));
  if (!pause) {
    out.backoff = { value: "none", at: at(file, line) };
    out.jitter = { value: false, at: at(file, line) };
    return out;
  }
  const arg = calleeText(sf, pause.expression) === "setTimeout" ? pause.arguments[1] : pause.arguments[0];
  if (!arg) return out;
  // `sleep(backoffMs(attempt))`: read the helper's body, when it is declared in this file.
  const body = helperBody(T, sf, arg) ?? arg;
  const grows = findNode(T, body, (n) =>
    (T.isBinaryExpression(n) && (n.operatorToken.kind === T.SyntaxKind.AsteriskAsteriskToken || n.operatorToken.kind === T.SyntaxKind.LessThanLessThanToken)) ||
    (T.isCallExpression(n) && calleeText(sf, n.expression) === "Math.pow"));
  const random = findNode(T, body, (n) => T.isCallExpression(n) && /^(Math\.random|(crypto\.)?randomInt)$/.test(calleeText(sf, n.expression)));
  if (grows) out.backoff = { value: "exponential", at: at(file, lineOf(grows)) };
  else if (T.isNumericLiteral(arg) || T.isIdentifier(arg)) out.backoff = { value: "constant", at: at(file, lineOf(arg)) };
  out.jitter = random ? { value: true, at: at(file, lineOf(random)) } : { value: false, at: at(file, lineOf(pause)) };
  return out;
}

/** A numeric literal, or an identifier bound by a `const` in this file to one. */
export function constant(T: Ts, sf: ts.SourceFile, e: ts.Expression): { value: number; node: ts.Node } | undefined {
  if (T.isNumericLiteral(e)) return { value: Number(e.text), node: e };
  if (!T.isIdentifier(e)) return undefined;
  const name = e.text;
  const d = findNode(T, sf, (n) => T.isVariableDeclaration(n) && T.isIdentifier(n.name) && n.name.text === name && !!n.initializer && T.isNumericLiteral(n.initializer) && (n.parent.flags & T.NodeFlags.Const) !== 0) as ts.VariableDeclaration | undefined;
  return d ? { value: Number((d.initializer as ts.NumericLiteral).text), node: d.initializer! } : undefined;
}

/** The body of `helper` in `helper(…)`, a function declared (or bound with const) in this file. */
function helperBody(T: Ts, sf: ts.SourceFile, e: ts.Expression): ts.Node | undefined {
  if (!T.isCallExpression(e) || !T.isIdentifier(e.expression)) return undefined;
  const name = e.expression.text;
  const fn = findNode(T, sf, (n) =>
    (T.isFunctionDeclaration(n) && n.name?.text === name) ||
    (T.isVariableDeclaration(n) && T.isIdentifier(n.name) && n.name.text === name && !!n.initializer && (T.isArrowFunction(n.initializer) || T.isFunctionExpression(n.initializer))));
  if (!fn) return undefined;
  const f = T.isVariableDeclaration(fn) ? (fn.initializer as ts.ArrowFunction) : (fn as ts.FunctionDeclaration);
  return f.body;
}

function firstCall(T: Ts, sf: ts.SourceFile, root: ts.Node, want: (callee: string) => boolean): ts.CallExpression | undefined {
  return findNode(T, root, (n) => T.isCallExpression(n) && want(calleeText(sf, n.expression))) as ts.CallExpression | undefined;
}

function calleeText(sf: ts.SourceFile, e: ts.Expression): string {
  return e.getText(sf).replace(/\s+/g, "");
}

/** The first node (depth first, in source order) under `root` that satisfies `test`. */
function findNode(T: Ts, root: ts.Node, test: (n: ts.Node) => boolean): ts.Node | undefined {
  let hit: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (hit) return;
    if (test(n)) hit = n;
    else T.forEachChild(n, visit);
  };
  visit(root);
  return hit;
}

/**
 * The attempt bound of a hand-written retry loop, read with the TypeScript parser: a counter
 * compared with a constant, in the header (`for (let i = 1; i <= MAX; i++)`, `while (n < max)`)
 * or in a counted exit in the body (`if (attempt >= MAX) throw e;`). Rather than match loop
 * shapes, one iteration is reduced to its events in source order (counter steps, the outgoing
 * call, counted exits) and the loop is run on paper with every call failing, as it does when the
 * harness's upstream fails: the attempts are the calls made before the loop ends.
 */
import type * as ts from "typescript";
import type { Ts } from "../extract/ts/load.js";

export interface LoopBound {
  attempts: number;
  /** The constant that ended the loop, where it is written. */
  node: ts.Node;
}

type Cmp = (c: number) => boolean;
type Event = { pos: number } & ({ kind: "inc"; by: number } | { kind: "call" } | { kind: "exit"; test: Cmp; node: ts.Node });

/** Beyond this many iterations the loop is taken as unbounded. */
const MAX_STEPS = 10_000;

/**
 * The attempts `loop` makes when every call at `callPos` fails, or undefined when no counter and
 * constant bound it. `constant` resolves a bound expression to a number and where it is written.
 */
export function loopBound(T: Ts, sf: ts.SourceFile, loop: ts.IterationStatement, callPos: number, constant: (e: ts.Expression) => { value: number; node: ts.Node } | undefined): LoopBound | undefined {
  // The counter: the for-initialiser's variable, else a variable the loop compares and steps.
  const init = T.isForStatement(loop) && loop.initializer && T.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations[0] : undefined;
  const candidates = new Set<string>();
  if (init && T.isIdentifier(init.name)) candidates.add(init.name.text);
  visitOwn(T, loop, (n) => {
    if (!T.isBinaryExpression(n) || !isOrdering(T, n.operatorToken.kind)) return;
    for (let side of [n.left, n.right]) {
      if (T.isPrefixUnaryExpression(side) || T.isPostfixUnaryExpression(side)) side = side.operand;
      if (T.isIdentifier(side)) candidates.add(side.text);
    }
  });
  for (const counter of candidates) {
    const start = init && T.isIdentifier(init.name) && init.name.text === counter ? numeric(T, init.initializer) : declaredBefore(T, loop, counter);
    if (start === undefined) continue;
    const compare = (e: ts.Expression | undefined): { test: Cmp; node: ts.Node } | undefined => (e ? comparison(T, e, counter, constant) : undefined);
    // A header that is not about the counter (`while (!done)`) stays true while every call fails.
    const cond = T.isForStatement(loop) ? loop.condition : T.isWhileStatement(loop) || T.isDoStatement(loop) ? loop.expression : undefined;
    // `attempt < MAX && !done` ends when the count does, whatever else it waits for.
    const bound = cond && !isTrue(T, cond) ? compare(part(T, cond, T.SyntaxKind.AmpersandAmpersandToken, (e) => compare(e) !== undefined)) : undefined;
    const header = T.isDoStatement(loop) ? undefined : bound;
    const tail = T.isDoStatement(loop) ? bound : undefined;
    const events: Event[] = [{ pos: callPos, kind: "call" }];
    visitOwn(T, loop.statement, (n) => {
      const by = step(T, n, counter);
      if (by !== undefined && !(T.isBinaryExpression(n.parent) && isOrdering(T, n.parent.operatorToken.kind))) events.push({ pos: n.getStart(sf), kind: "inc", by });
      if (T.isIfStatement(n) && leaves(T, n.thenStatement)) {
        const c = exitCondition(T, n.expression, counter, constant);
        const at = n.getStart(sf);
        if (c) {
          events.push(...c.before.map((by) => ({ pos: at, kind: "inc" as const, by })), { pos: at + 1, kind: "exit", test: c.test, node: c.node });
          events.push(...c.after.map((by) => ({ pos: at + 2, kind: "inc" as const, by })));
        }
      }
    });
    events.sort((a, b) => a.pos - b.pos);
    const forStep = T.isForStatement(loop) && loop.incrementor ? step(T, loop.incrementor, counter) : undefined;
    if (!header && !tail && !events.some((e) => e.kind === "exit")) continue;
    if (!events.some((e) => e.kind === "inc") && forStep === undefined) continue;
    let c = start;
    let calls = 0;
    for (let i = 0; i < MAX_STEPS; i++) {
      if (header && !header.test(c)) return calls > 0 ? { attempts: calls, node: header.node } : undefined;
      for (const e of events) {
        if (e.kind === "inc") c += e.by;
        else if (e.kind === "call") calls++;
        else if (e.test(c)) return calls > 0 ? { attempts: calls, node: e.node } : undefined;
      }
      if (forStep !== undefined) c += forStep;
      if (tail && !tail.test(c)) return calls > 0 ? { attempts: calls, node: tail.node } : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** The operand of an `op` chain (`a && b && c`) that `want` accepts, or `e` itself. */
function part(T: Ts, e: ts.Expression, op: ts.SyntaxKind, want: (e: ts.Expression) => boolean): ts.Expression {
  while (T.isParenthesizedExpression(e)) e = e.expression;
  if (T.isBinaryExpression(e) && e.operatorToken.kind === op) {
    for (const side of [e.left, e.right]) {
      const p = part(T, side, op, want);
      if (want(p)) return p;
    }
  }
  return e;
}

/** Visit `root`'s own nodes: not the bodies of nested functions or loops (their counters are theirs). */
function visitOwn(T: Ts, root: ts.Node, visit: (n: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    visit(n);
    if (n !== root && (T.isFunctionLike(n) || T.isIterationStatement(n, false))) return;
    T.forEachChild(n, walk);
  };
  walk(root);
}

function isOrdering(T: Ts, k: ts.SyntaxKind): boolean {
  const K = T.SyntaxKind;
  return k === K.LessThanToken || k === K.LessThanEqualsToken || k === K.GreaterThanToken || k === K.GreaterThanEqualsToken || k === K.EqualsEqualsEqualsToken || k === K.EqualsEqualsToken;
}

function isTrue(T: Ts, e: ts.Expression): boolean {
  return e.kind === T.SyntaxKind.TrueKeyword;
}

function numeric(T: Ts, e: ts.Expression | undefined): number | undefined {
  return e && T.isNumericLiteral(e) ? Number(e.text) : undefined;
}

/** `counter OP bound` (either side) as a test on the counter's value, and where the bound is written. */
function comparison(T: Ts, e: ts.Expression, counter: string, constant: (e: ts.Expression) => { value: number; node: ts.Node } | undefined): { test: Cmp; node: ts.Node } | undefined {
  while (T.isParenthesizedExpression(e)) e = e.expression;
  if (!T.isBinaryExpression(e) || !isOrdering(T, e.operatorToken.kind)) return undefined;
  const K = T.SyntaxKind;
  const strip = (x: ts.Expression) => (T.isPrefixUnaryExpression(x) || T.isPostfixUnaryExpression(x) ? x.operand : x);
  const isCounter = (x: ts.Expression) => T.isIdentifier(strip(x)) && (strip(x) as ts.Identifier).text === counter;
  const flip = isCounter(e.right) && !isCounter(e.left);
  if (!flip && !isCounter(e.left)) return undefined;
  const bound = constant(flip ? e.left : e.right);
  if (!bound) return undefined;
  const n = bound.value;
  let op = e.operatorToken.kind;
  if (flip) op = op === K.LessThanToken ? K.GreaterThanToken : op === K.GreaterThanToken ? K.LessThanToken : op === K.LessThanEqualsToken ? K.GreaterThanEqualsToken : op === K.GreaterThanEqualsToken ? K.LessThanEqualsToken : op;
  const test: Cmp =
    op === K.LessThanToken ? (c) => c < n : op === K.LessThanEqualsToken ? (c) => c <= n : op === K.GreaterThanToken ? (c) => c > n : op === K.GreaterThanEqualsToken ? (c) => c >= n : (c) => c === n;
  return { test, node: bound.node };
}

/**
 * The counted part of an exit condition: `attempt >= MAX`, `attempt >= MAX || fatal(e)` (with the
 * call failing retryably, only the count ends the loop), `++attempt > MAX` (the step comes first).
 * A condition that needs something else as well (`&&`) bounds nothing the scan can count.
 */
function exitCondition(T: Ts, e: ts.Expression, counter: string, constant: (e: ts.Expression) => { value: number; node: ts.Node } | undefined): { test: Cmp; node: ts.Node; before: number[]; after: number[] } | undefined {
  while (T.isParenthesizedExpression(e)) e = e.expression;
  if (T.isBinaryExpression(e) && e.operatorToken.kind === T.SyntaxKind.BarBarToken) {
    return exitCondition(T, e.left, counter, constant) ?? exitCondition(T, e.right, counter, constant);
  }
  const c = comparison(T, e, counter, constant);
  if (!c || !T.isBinaryExpression(e)) return undefined;
  // `++attempt >= MAX` steps before comparing, `attempt++ >= MAX` after.
  const before: number[] = [];
  const after: number[] = [];
  for (const side of [e.left, e.right]) {
    if (T.isPrefixUnaryExpression(side) || T.isPostfixUnaryExpression(side)) {
      const by = side.operator === T.SyntaxKind.PlusPlusToken ? 1 : side.operator === T.SyntaxKind.MinusMinusToken ? -1 : 0;
      if (by !== 0) (T.isPrefixUnaryExpression(side) ? before : after).push(by);
    }
  }
  return { ...c, before, after };
}

/** The change `n` makes to the counter: `c++`, `++c`, `c += 1`, `c = c + 1` (and their minus forms). */
function step(T: Ts, n: ts.Node, counter: string): number | undefined {
  const K = T.SyntaxKind;
  const is = (x: ts.Expression) => T.isIdentifier(x) && x.text === counter;
  if ((T.isPostfixUnaryExpression(n) || T.isPrefixUnaryExpression(n)) && is(n.operand)) {
    if (n.operator === K.PlusPlusToken) return 1;
    if (n.operator === K.MinusMinusToken) return -1;
  }
  if (T.isBinaryExpression(n) && is(n.left)) {
    const r = n.right;
    if (n.operatorToken.kind === K.PlusEqualsToken && T.isNumericLiteral(r)) return Number(r.text);
    if (n.operatorToken.kind === K.MinusEqualsToken && T.isNumericLiteral(r)) return -Number(r.text);
    if (n.operatorToken.kind === K.EqualsToken && T.isBinaryExpression(r) && is(r.left) && T.isNumericLiteral(r.right)) {
      if (r.operatorToken.kind === K.PlusToken) return Number(r.right.text);
      if (r.operatorToken.kind === K.MinusToken) return -Number(r.right.text);
    }
  }
  return undefined;
}

/** Whether a branch always leaves the loop: it is, or ends in, `throw`, `return` or `break`. */
function leaves(T: Ts, s: ts.Statement): boolean {
  if (T.isBlock(s)) {
    const last = s.statements[s.statements.length - 1];
    return last !== undefined && leaves(T, last);
  }
  return T.isThrowStatement(s) || T.isReturnStatement(s) || (T.isBreakStatement(s) && !s.label);
}

/** `let counter = N` before the loop, in a block that encloses it (the nearest one). */
function declaredBefore(T: Ts, loop: ts.Node, counter: string): number | undefined {
  for (let at: ts.Node = loop; at.parent; at = at.parent) {
    const block = at.parent;
    if (!T.isBlock(block) && !T.isSourceFile(block)) {
      if (T.isFunctionLike(block)) break;
      continue;
    }
    const before = block.statements.slice(0, block.statements.indexOf(at as ts.Statement)).reverse();
    for (const s of before) {
      if (!T.isVariableStatement(s)) continue;
      const d = s.declarationList.declarations.find((x) => T.isIdentifier(x.name) && x.name.text === counter);
      if (d) return numeric(T, d.initializer);
    }
    if (T.isFunctionLike(block.parent)) break;
  }
  return undefined;
}

/** The first bound in the loop's header or counted exits that is not a constant (`n < max`), for messages. */
export function unreadBound(T: Ts, sf: ts.SourceFile, loop: ts.IterationStatement, constant: (e: ts.Expression) => unknown): { text: string; line: number } | undefined {
  let hit: { text: string; line: number } | undefined;
  const cond = T.isForStatement(loop) ? loop.condition : T.isWhileStatement(loop) || T.isDoStatement(loop) ? loop.expression : undefined;
  const look = (e: ts.Node) => {
    if (hit || !T.isBinaryExpression(e) || !isOrdering(T, e.operatorToken.kind)) return;
    for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
      if (!hit && T.isIdentifier(a) && !T.isNumericLiteral(b) && !constant(b)) hit = { text: b.getText(sf), line: sf.getLineAndCharacterOfPosition(b.getStart(sf)).line + 1 };
    }
  };
  if (cond) look(cond);
  visitOwn(T, loop.statement, (n) => {
    if (T.isIfStatement(n) && leaves(T, n.thenStatement)) look(n.expression);
  });
  return hit;
}

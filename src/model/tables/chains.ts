/** Call chains: the calls of one expression `a.b().c()`, as the call facts list them one by one. */
import type { CallFact, Loc } from "../../extract/facts.js";

/**
 * Calls grouped into chains, innermost first: `a.b().c()` is one chain with its inner `a.b()`, and
 * so is `(await a.b()).c()`, whose outer call starts at the parenthesis. A call joins the chain of
 * the call its callee continues (`a.b` for `a.b().c`) when that call sits inside it.
 */
export function chains(calls: CallFact[]): CallFact[][] {
  const byCallee = new Map<string, CallFact[]>();
  for (const c of calls) byCallee.set(c.callee, [...(byCallee.get(c.callee) ?? []), c]);
  const inner = new Map<CallFact, CallFact>();
  for (const b of calls) {
    for (let i = b.callee.lastIndexOf("()"); i > 0; i = b.callee.lastIndexOf("()", i - 1)) {
      const candidates = (byCallee.get(b.callee.slice(0, i)) ?? []).filter((a) => a !== b && within(a.loc, b.loc));
      if (candidates.length === 0) continue;
      inner.set(b, candidates.reduce((x, y) => (before(y.loc, x.loc) ? y : x)));
      break;
    }
  }
  const groups = new Map<CallFact, CallFact[]>();
  for (const c of calls) {
    let root = c;
    while (inner.has(root)) root = inner.get(root)!;
    groups.set(root, [...(groups.get(root) ?? []), c]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.callee.length - b.callee.length));
}

export function within(a: Loc, b: Loc): boolean {
  return !before(a, b) && (a.endLine < b.endLine || (a.endLine === b.endLine && a.endColumn <= b.endColumn));
}

function before(a: Loc, b: Loc): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/** `this.repo.find().then` → `this`, `repo`, `find`, `then`. */
export function segments(callee: string): string[] {
  return callee.split(".").map((s) => s.replace(/\(\)$/, ""));
}


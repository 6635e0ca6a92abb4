/**
 * Strongly connected components (Tarjan, iterative) and one readable cycle through each: the
 * shortest cycle through the component's smallest service name, so output is deterministic.
 */
import type { GraphEdge } from "./types.js";

export function stronglyConnected(nodes: readonly string[], edges: readonly Pick<GraphEdge, "from" | "to">[]): string[][] {
  const adj = new Map<string, string[]>();
  for (const n of nodes) adj.set(n, []);
  for (const e of edges) {
    if (!adj.has(e.from)) adj.set(e.from, []);
    if (!adj.has(e.to)) adj.set(e.to, []);
    adj.get(e.from)!.push(e.to);
  }
  for (const list of adj.values()) list.sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of [...adj.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const succ = adj.get(top.node)!;
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.node);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/**
 * The shortest path from `to` back to `from` inside `within`, as a node list starting at `from`
 * (the closing `from` repeated at the end): `[a, b, a]`. Undefined when there is none.
 */
export function shortestCycle<E extends Pick<GraphEdge, "from" | "to">>(first: E, edges: readonly E[], within: ReadonlySet<string>): E[] | undefined {
  const prev = new Map<string, E>();
  const queue = [first.to];
  const seen = new Set([first.to]);
  const sorted = [...edges].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  while (queue.length) {
    const n = queue.shift()!;
    if (n === first.from) {
      const path: E[] = [];
      for (let cur = n; cur !== first.to; ) {
        const e = prev.get(cur)!;
        path.unshift(e);
        cur = e.from;
      }
      return [first, ...path];
    }
    for (const e of sorted) {
      if (e.from !== n || !within.has(e.to) || seen.has(e.to)) continue;
      seen.add(e.to);
      prev.set(e.to, e);
      queue.push(e.to);
    }
  }
  return undefined;
}

/**
 * Aliases make js-yaml share one object between several places (and `&a [*a]` makes a cycle).
 * Facts must be plain JSON trees, and an alias bomb ("billion laughs") must not expand without
 * bound, so documents with aliases are copied into a tree under a node budget.
 */

export class ExpansionError extends Error {}

/** Own-property assignment that also works for a `__proto__` key. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

export interface Budget {
  /** Nodes still allowed. */
  remaining: number;
}

const MAX_TREE_DEPTH = 256;

/**
 * Copy `value` into a tree with no shared objects. Throws {@link ExpansionError} when the copy
 * would exceed `budget.remaining` nodes, nest deeper than 256 levels, or when a value contains
 * itself.
 */
export function toTree(value: unknown, budget: Budget): unknown {
  const onPath = new Set<object>();
  const copy = (v: unknown, depth: number): unknown => {
    if (--budget.remaining < 0) throw new ExpansionError("aliases expand to too many nodes");
    if (v === null || typeof v !== "object") return v;
    if (depth > MAX_TREE_DEPTH) throw new ExpansionError("aliases nest too deeply");
    if (onPath.has(v)) throw new ExpansionError("an alias refers to a node that contains it");
    onPath.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      const arr: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) arr[i] = copy(v[i], depth + 1);
      out = arr;
    } else {
      const obj: Record<string, unknown> = {};
      for (const k of Object.keys(v)) setOwn(obj, k, copy((v as Record<string, unknown>)[k], depth + 1));
      out = obj;
    }
    onPath.delete(v);
    return out;
  };
  return copy(value, 0);
}

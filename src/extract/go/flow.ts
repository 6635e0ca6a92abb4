/**
 * Facts about the shape of Go code around calls: the name a call's (or composite literal's)
 * value is bound to, functions with their parameters, `for` loops with what bounds them, and
 * composite literals of package types (`&http.Client{…}`). Knows Go syntax only.
 */
import type { AssignmentFact, CompositeFact, FunctionFact, Loc, LoopFact, Value } from "../facts.js";
import type { GoNode } from "./tree.js";

/** What these helpers need from the file extractor. */
export interface GoSyntax {
  src(n: GoNode): string;
  loc(n: GoNode): Loc;
  calleePath(fn: GoNode): string;
  evalExpr(n: GoNode): Value;
}

/** `if attempt >= max {`, `if n > 5 { return err }` (not `<-ch`, not `==`). */
const COUNTED_EXIT = /\bif\b[^{]*?[^<>=!-]\s*(<=?|>=?)\s*[^-=][^{]*\{\s*(return|break|panic\(|log\.Fatal|os\.Exit)/;
const CANCELLED = /\.Done\(\)|\.Err\(\)\s*!=\s*nil|\bctx\.Err\(\)/;

/** The name the value at `n` is bound to: `x := f()`, `s.c = f()`, `var x = f()`, `Field: f()`. */
export function goBoundName(g: GoSyntax, n: GoNode): string | undefined {
  let cur = n;
  let p = n.parent;
  while (p && (p.type === "parenthesized_expression" || (p.type === "unary_expression" && g.src(p).startsWith("&")))) {
    cur = p;
    p = p.parent;
  }
  if (!p) return undefined;
  if (p.type === "expression_list") {
    const stmt = p.parent;
    if (!stmt) return undefined;
    let names: GoNode[] = [];
    if (stmt.type === "var_spec") names = stmt.children.filter((c) => c.type === "identifier");
    else if ((stmt.type === "short_var_declaration" || stmt.type === "assignment_statement") && stmt.children[1] === p) names = stmt.children[0]!.children;
    const idx = p.children.indexOf(cur);
    const target = names.length === p.children.length ? names[idx] : p.children.length === 1 ? names[0] : undefined;
    const name = target ? g.src(target) : undefined;
    return name && name !== "_" ? name : undefined;
  }
  if (p.type === "literal_element" && p.parent?.type === "keyed_element" && p.parent.children[1] === p) {
    const key = p.parent.children[0];
    return key ? g.src(key) : undefined;
  }
  return undefined;
}

export function goFunctionFact(g: GoSyntax, n: GoNode): FunctionFact {
  const lists = n.children.filter((c) => c.type === "parameter_list");
  const list = n.type === "method_declaration" ? lists[1] : lists[0];
  const params: Array<{ name: string; type?: string }> = [];
  for (const d of list?.children ?? []) {
    if (d.type !== "parameter_declaration" && d.type !== "variadic_parameter_declaration") continue;
    const ids = d.children.filter((x) => x.type === "identifier");
    const typeNode = d.children.find((x) => x.type !== "identifier") ?? (ids.length > 1 ? ids[ids.length - 1] : undefined);
    const named = d.children.length > ids.length ? ids : ids.length > 1 ? ids.slice(0, -1) : [];
    const type = typeNode ? g.src(typeNode) : ids.length === 1 && named.length === 0 ? g.src(ids[0]!) : undefined;
    if (named.length === 0) params.push(type ? { name: "_", type } : { name: "_" });
    for (const id of named) params.push(type ? { name: g.src(id), type } : { name: g.src(id) });
  }
  let name = "";
  if (n.type !== "func_literal") {
    const id = n.children.find((c) => c.type === "identifier" || c.type === "field_identifier");
    if (id) name = g.src(id);
  } else name = goBoundName(g, n) ?? "";
  const fact: FunctionFact = { kind: "function", name, params, loc: g.loc(n) };
  if (n.parent?.type === "argument_list" && n.parent.parent?.type === "call_expression") {
    const fn = n.parent.parent.children[0];
    if (fn) fact.argOf = g.calleePath(fn);
  }
  return fact;
}

/** A `for` statement's fact; undefined when the tree kept it as a leaf (no call can sit in it). */
export function goLoopFact(g: GoSyntax, n: GoNode): LoopFact | undefined {
  const body = n.children[n.children.length - 1];
  if (!body || body.type !== "block") return undefined;
  const text = g.src(body);
  return { kind: "loop", unconditional: n.children.length === 1, countedExit: COUNTED_EXIT.test(text), cancellable: CANCELLED.test(text), loc: g.loc(n) };
}

/**
 * A composite literal of a package-qualified type (`http.Client{…}`), with its fields; or of a
 * package-local type passed straight to a call (`db.Create(&Order{…})`), which is how GORM names
 * the model a call works on.
 */
export function goCompositeFact(g: GoSyntax, n: GoNode): CompositeFact | undefined {
  const type = n.children[0];
  if (!type || n.children.length < 2) return undefined;
  if (type.type !== "qualified_type" && !(type.type === "type_identifier" && isCallArgument(g, n))) return undefined;
  const fact: CompositeFact = { kind: "composite", type: g.src(type), value: g.evalExpr(n), loc: g.loc(n) };
  const name = goBoundName(g, n);
  if (name) fact.assignedTo = name;
  return fact;
}

function isCallArgument(g: GoSyntax, n: GoNode): boolean {
  let cur = n;
  if (cur.parent?.type === "unary_expression" && g.src(cur.parent).startsWith("&")) cur = cur.parent;
  return cur.parent?.type === "argument_list";
}

/** `c.Timeout = 5 * time.Second`: a plain assignment to a field path (plain variables left out). */
export function goAssignmentFact(g: GoSyntax, n: GoNode): AssignmentFact | undefined {
  const [left, right] = n.children;
  if (!left || !right || left.children.length !== 1 || right.children.length !== 1) return undefined;
  const target = left.children[0]!;
  if (target.type !== "selector_expression") return undefined;
  const op = g.src(n).slice(target.end - n.start, right.start - n.start).trim();
  if (op !== "=") return undefined;
  return { kind: "assignment", target: g.src(target), value: g.evalExpr(right.children[0]!), loc: g.loc(n) };
}

import type * as ts from "typescript";
import type { Ts } from "./load.js";

// Properties that hold the rows of a driver's result (pg `rows`, mssql `recordset`), not columns.
const ROW_CONTAINERS = new Set(["rows", "recordset", "recordsets", "results"]);
const ITERATORS = new Set(["map", "forEach", "filter", "find", "findLast", "some", "every", "flatMap", "sort", "reduce"]);
const NOT_COLUMNS = new Set([
  ...ROW_CONTAINERS, ...ITERATORS, "length", "rowCount", "affectedRows", "fields", "command", "slice",
  "concat", "at", "join", "then", "catch", "push", "pop", "shift", "includes", "indexOf", "keys", "values",
  "entries", "toString", "toJSON",
]);

/**
 * Names of the columns the code reads from the result of `call` within its enclosing function:
 * `const { rows } = await pool.query(…); rows[0].total`, `const [rows] = await conn.execute(…)`,
 * `rows.map((r) => r.id)`, `for (const row of rows) row.status`. Empty when nothing can be seen.
 */
export function resultProperties(T: Ts, call: ts.Expression, sf: ts.SourceFile): string[] {
  const aliases = new Set<string>();
  const reads = new Set<string>();
  const nodes = new Set<ts.Node>();

  // Climb from the call to where its result lands.
  let e: ts.Node = call;
  while (e.parent && (T.isAwaitExpression(e.parent) || T.isParenthesizedExpression(e.parent) || T.isAsExpression(e.parent) || T.isNonNullExpression(e.parent) || (T.isPropertyAccessExpression(e.parent) && ROW_CONTAINERS.has(e.parent.name.text)) || (T.isElementAccessExpression(e.parent) && e.parent.expression === e))) {
    e = e.parent;
  }
  nodes.add(e);
  const parent = e.parent;
  if (parent && T.isVariableDeclaration(parent) && parent.initializer === e) bind(parent.name);
  else if (parent && T.isPropertyAccessExpression(parent) && parent.name.text === "then" && T.isCallExpression(parent.parent)) {
    callbackParam(parent.parent.arguments[0], 0);
  }

  const derives = (x: ts.Expression): boolean => {
    for (;;) {
      if (nodes.has(x)) return true;
      if (T.isIdentifier(x)) return aliases.has(x.text);
      if (T.isAwaitExpression(x) || T.isParenthesizedExpression(x) || T.isNonNullExpression(x) || T.isAsExpression(x)) x = x.expression;
      else if (T.isElementAccessExpression(x) && !T.isStringLiteralLike(x.argumentExpression)) x = x.expression;
      else if (T.isPropertyAccessExpression(x) && ROW_CONTAINERS.has(x.name.text)) x = x.expression;
      else return false;
    }
  };

  function bind(name: ts.BindingName): void {
    if (T.isIdentifier(name)) aliases.add(name.text);
    else if (T.isArrayBindingPattern(name)) {
      for (const el of name.elements) if (T.isBindingElement(el)) bind(el.name);
    } else {
      for (const el of name.elements) {
        const prop = el.propertyName && T.isIdentifier(el.propertyName) ? el.propertyName.text : T.isIdentifier(el.name) ? el.name.text : undefined;
        if (prop && ROW_CONTAINERS.has(prop)) bind(el.name);
        else if (prop && !NOT_COLUMNS.has(prop)) reads.add(prop);
      }
    }
  }

  function callbackParam(fn: ts.Expression | undefined, index: number): void {
    if (fn && (T.isArrowFunction(fn) || T.isFunctionExpression(fn))) {
      const p = fn.parameters[index];
      if (p) bind(p.name);
    }
  }

  const scope = enclosingFunction(T, call) ?? sf;
  // Two passes: an alias bound late in the walk (a callback parameter) is read early in source order.
  for (let pass = 0; pass < 2; pass++) {
    const visit = (n: ts.Node): void => {
      if (T.isVariableDeclaration(n) && n.initializer && derives(n.initializer)) bind(n.name);
      else if (T.isPropertyAccessExpression(n) && derives(n.expression) && !NOT_COLUMNS.has(n.name.text)) reads.add(n.name.text);
      else if (T.isElementAccessExpression(n) && T.isStringLiteralLike(n.argumentExpression) && derives(n.expression)) reads.add(n.argumentExpression.text);
      else if (T.isCallExpression(n) && T.isPropertyAccessExpression(n.expression) && ITERATORS.has(n.expression.name.text) && derives(n.expression.expression)) {
        callbackParam(n.arguments[0], n.expression.name.text === "reduce" ? 1 : 0);
      } else if (T.isForOfStatement(n) && derives(n.expression) && T.isVariableDeclarationList(n.initializer)) {
        for (const d of n.initializer.declarations) bind(d.name);
      }
      T.forEachChild(n, visit);
    };
    visit(scope);
  }
  return [...reads].sort();
}

function enclosingFunction(T: Ts, n: ts.Node): ts.Node | undefined {
  let p: ts.Node | undefined = n.parent;
  while (p && !(T.isFunctionDeclaration(p) || T.isMethodDeclaration(p) || T.isFunctionExpression(p) || T.isArrowFunction(p))) p = p.parent;
  return p;
}

/**
 * GORM entities: a `TableName() string` method whose body returns a string literal names the
 * table of its receiver type (`func (Order) TableName() string { return "orders" }`, pointer
 * receivers too). Structs without one take their table from GORM's naming strategy, which a
 * project can replace (`gorm.Config{NamingStrategy: …}`), so they are left out rather than guessed.
 */
import type { OrmEntityFact } from "../facts.js";
import type { GoSyntax } from "./flow.js";
import type { GoNode } from "./tree.js";

export function goTableNameEntity(g: GoSyntax, n: GoNode): OrmEntityFact | undefined {
  if (n.type !== "method_declaration") return undefined;
  const [receiver, name, params, result, body] = n.children;
  if (receiver?.type !== "parameter_list" || name?.type !== "field_identifier" || g.src(name) !== "TableName") return undefined;
  if (params?.type !== "parameter_list" || params.children.length !== 0) return undefined;
  if (!result || g.src(result) !== "string" || body?.type !== "block") return undefined;
  const type = receiverType(g, receiver);
  if (!type) return undefined;
  const ret = onlyStatement(body);
  if (ret?.type !== "return_statement" || ret.children.length !== 1) return undefined;
  const list = ret.children[0]!;
  const expr = list.type === "expression_list" ? (list.children.length === 1 ? list.children[0] : undefined) : list;
  if (!expr || (expr.type !== "interpreted_string_literal" && expr.type !== "raw_string_literal")) return undefined;
  const v = g.evalExpr(expr);
  if (v.kind !== "string" || v.holes.length > 0 || v.value === "") return undefined;
  return { kind: "orm-entity", orm: "gorm", name: type, table: v.value, explicit: true, loc: g.loc(n) };
}

/** `(Order)`, `(o Order)`, `(o *Order)` → `Order`; generic receivers are left out. */
function receiverType(g: GoSyntax, list: GoNode): string | undefined {
  const decl = list.children.find((c) => c.type === "parameter_declaration");
  const type = decl?.children[decl.children.length - 1];
  if (!type) return undefined;
  const text = g.src(type).replace(/^\*\s*/, "");
  return /^[A-Za-z_]\w*$/.test(text) ? text : undefined;
}

/** The one statement of a block (tree-sitter-go wraps statements in a `statement_list`). */
function onlyStatement(block: GoNode): GoNode | undefined {
  const inner = block.children.length === 1 && block.children[0]!.type === "statement_list" ? block.children[0]! : block;
  return inner.children.length === 1 ? inner.children[0] : undefined;
}

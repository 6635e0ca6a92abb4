/**
 * Facts from a Go file: imports, string literals (concatenations folded), calls with evaluated
 * arguments, env reads. Works on the light tree from `tree.ts`; knows Go syntax, nothing of rules.
 * Bindings and syntax helpers are in `bindings.ts`, value folding in `values.ts`; this file emits facts.
 */
import type {
  CallFact,
  DeclarationFact,
  EnvReadFact,
  Fact,
  ImportFact,
  StringContext,
  StringFact,
} from "../facts.js";
import { StringBuilder, type StringParts } from "./strings.js";
import type { GoNode } from "./tree.js";
import { goAssignmentFact, goBoundName, goCompositeFact, goFunctionFact, goLoopFact, type GoSyntax } from "./flow.js";
import { STRING_TYPES } from "./bindings.js";
import { GoValues } from "./values.js";
import { goTableNameEntity } from "./orm.js";

export { parseGoInt } from "./values.js";

export class GoFileExtractor extends GoValues {
  private readonly facts: Fact[] = [];
  private readonly consumed = new Set<GoNode>();

  run(root: GoNode): Fact[] {
    for (const n of root.children) {
      if (n.type === "function_declaration") this.findWrapper(n, this.params(n).names);
    }
    this.collect(root);
    this.emit(root);
    this.emitDeclarations(root);
    return this.facts;
  }

  /** Package-level `const`/`var` with values, so other files of the package can use them. */
  private emitDeclarations(root: GoNode): void {
    const specs: GoNode[] = [];
    for (const d of root.children) {
      if (d.type !== "const_declaration" && d.type !== "var_declaration") continue;
      for (const c of d.children) {
        if (c.type === "const_spec" || c.type === "var_spec") specs.push(c);
        else if (c.type === "var_spec_list") specs.push(...c.children.filter((x) => x.type === "var_spec"));
      }
    }
    for (const spec of specs) {
      const value = spec.children.find((c) => c.type === "expression_list");
      const names = spec.children.filter((c) => c.type === "identifier");
      if (!value || value.children.length !== names.length) continue;
      names.forEach((id, i) => {
        const name = this.src(id);
        if (name === "_") return;
        const fact: DeclarationFact = { kind: "declaration", name, value: this.evalExpr(value.children[i]!), exported: /^[A-Z]/.test(name), loc: this.loc(spec) };
        this.facts.push(fact);
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Syntax helpers

  private syntaxMemo: GoSyntax | undefined;
  /** The helpers `flow.ts` needs, bound to this file. */
  private syntax(): GoSyntax {
    return (this.syntaxMemo ??= { src: (n) => this.src(n), loc: (n) => this.loc(n), calleePath: (n) => this.calleePath(n), evalExpr: (n) => this.evalExpr(n) });
  }

  // ---------------------------------------------------------------------------------------------
  // Pass 2: facts in document order

  private emit(root: GoNode): void {
    const stack: GoNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.type) {
        case "import_spec":
          this.emitImport(n);
          continue;
        case "interpreted_string_literal":
        case "raw_string_literal":
          if (!this.consumed.has(n)) this.emitString(n, this.literal(n));
          continue;
        case "binary_expression":
          if (this.isConcat(n) && !this.chainParent(n)) this.emitConcat(n);
          break;
        case "call_expression":
          this.emitCall(n);
          break;
        case "function_declaration":
        case "method_declaration":
        case "func_literal": {
          this.facts.push(goFunctionFact(this.syntax(), n));
          const entity = goTableNameEntity(this.syntax(), n);
          if (entity) this.facts.push(entity);
          break;
        }
        case "for_statement": {
          const loop = goLoopFact(this.syntax(), n);
          if (loop) this.facts.push(loop);
          break;
        }
        case "composite_literal": {
          const lit = goCompositeFact(this.syntax(), n);
          if (lit) this.facts.push(lit);
          break;
        }
        case "assignment_statement": {
          const set = goAssignmentFact(this.syntax(), n);
          if (set) this.facts.push(set);
          break;
        }
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }

  private emitImport(n: GoNode): void {
    const path = n.children.find((c) => STRING_TYPES.has(c.type));
    if (!path) return;
    const module = this.literal(path).value;
    const alias = n.children.find((c) => c !== path && c.type !== "comment");
    const local = alias ? this.src(alias) : goPackageName(module);
    const fact: ImportFact = {
      kind: "import",
      module,
      names: [local],
      bindings: [{ local, imported: "*" }],
      loc: this.loc(n),
    };
    this.facts.push(fact);
  }

  private emitConcat(n: GoNode): void {
    const leaves = this.chainLeaves(n);
    if (!leaves.some((l) => STRING_TYPES.has(l.type))) return;
    const sb = new StringBuilder();
    for (const l of leaves) {
      if (STRING_TYPES.has(l.type)) {
        sb.append(this.literal(l));
        this.consumed.add(l);
      } else sb.hole();
    }
    this.emitString(n, sb.parts());
  }

  private emitString(n: GoNode, p: StringParts): void {
    const fact: StringFact = {
      kind: "string",
      value: p.value,
      holes: p.holes,
      segments: p.segments,
      loc: this.loc(n),
      context: this.stringContext(n),
    };
    this.facts.push(fact);
  }

  /** Where a string (or folded concatenation) sits: call argument, variable, property. */
  private stringContext(n: GoNode): StringContext {
    const ctx: StringContext = {};
    let cur = n;
    for (;;) {
      const p = cur.parent;
      if (!p) return ctx;
      switch (p.type) {
        case "parenthesized_expression":
        case "literal_value":
        case "composite_literal":
          break;
        case "unary_expression":
          if (this.unaryOp(p) !== "&") return ctx;
          break;
        case "literal_element": {
          const ke = p.parent;
          if (ke?.type === "keyed_element") {
            // A map key is not a value: stop there.
            if (ke.children[0] === p) return ctx;
            if (ctx.property === undefined && ke.children[0]) ctx.property = this.keyName(ke.children[0]);
            cur = ke;
            continue;
          }
          break;
        }
        case "argument_list": {
          const call = p.parent;
          const fn = call?.type === "call_expression" ? call.children[0] : undefined;
          if (fn) {
            ctx.callee = this.calleePath(fn);
            ctx.argIndex = p.children.indexOf(cur);
          }
          return ctx;
        }
        case "expression_list": {
          const stmt = p.parent;
          if (!stmt) return ctx;
          const idx = p.children.indexOf(cur);
          let names: GoNode[] = [];
          if (stmt.type === "var_spec" || stmt.type === "const_spec") {
            names = stmt.children.filter((c) => c.type === "identifier");
          } else if (
            (stmt.type === "short_var_declaration" || stmt.type === "assignment_statement") &&
            stmt.children[1] === p
          ) {
            names = stmt.children[0]!.children;
          }
          const target = names.length === p.children.length ? names[idx] : undefined;
          if (target) ctx.variable = this.src(target);
          return ctx;
        }
        default:
          return ctx;
      }
      cur = p;
    }
  }

  private emitCall(n: GoNode): void {
    const { fn, args } = this.callParts(n);
    if (!fn) return;
    const callee = this.calleePath(fn);
    const fact: CallFact = {
      kind: "call",
      callee,
      isNew: false,
      args: args.map((a) => (a.type === "variadic_argument" ? this.unknown(a) : this.evalExpr(a))),
      loc: this.loc(n),
    };
    const bound = goBoundName(this.syntax(), n);
    if (bound) fact.assignedTo = bound;
    this.facts.push(fact);
    const env = this.envCall(n, callee, args);
    if (env) {
      const read: EnvReadFact = { kind: "env-read", name: env.name, loc: this.loc(n) };
      if (env.defaultNode) read.default = this.evalExpr(env.defaultNode);
      this.facts.push(read);
    }
  }
}

/**
 * The package name an import path binds by default: the last path element, skipping a major
 * version element (`github.com/go-redis/redis/v8` → `redis`) and a gopkg.in `.vN` suffix
 * (`gopkg.in/yaml.v3` → `yaml`).
 */
export function goPackageName(path: string): string {
  const parts = path.split("/").filter(Boolean);
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/\.v\d+$/, "");
}

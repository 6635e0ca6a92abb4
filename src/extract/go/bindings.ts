/**
 * Syntax helpers and the first pass over a Go file: name bindings, env defaults, env wrappers,
 * and which calls look like env reads. Split out of `extract.ts`; value folding is in `values.ts`.
 */
import type { Loc, Value } from "../facts.js";
import { decodeInterpreted, decodeRaw, type StringParts } from "./strings.js";
import type { GoNode, LineIndex } from "./tree.js";

/** A name bound by a declaration, assignment or parameter, as far as one file can tell. */
export interface Binding {
  name: string;
  /** Offset after which the binding is visible (end of its statement). */
  pos: number;
  /** The expression bound, or null when unknown (parameters, `iota`, unpaired tuple results). */
  node: GoNode | null;
  /** For `a, b := f()`: which result of the call this name takes. */
  tuple?: number;
  /** `q += "…"`: `node` is appended to this binding's value (undefined when none is known). */
  append?: boolean;
  prev?: Binding;
  /** `if v == "" { v = "d" }` after `v := os.Getenv("X")`. */
  defaultNode?: GoNode;
  /** `v, ok := os.LookupEnv("X")`: the name of `ok`. */
  okName?: string;
  memo?: Value | null;
  busy?: boolean;
}

/** A same-file function that reads the env var named by one parameter: `getEnv(key, fallback string)`. */
export interface EnvWrapper {
  keyParam: number;
  defaultParam?: number;
}

export interface EnvCall {
  name: string;
  defaultNode?: GoNode;
}

const FUNC_TYPES = new Set(["function_declaration", "method_declaration", "func_literal"]);
export const STRING_TYPES = new Set(["interpreted_string_literal", "raw_string_literal"]);
export const ENV_FUNCS = new Set(["os.Getenv", "os.LookupEnv", "syscall.Getenv"]);
/** Last callee segment of env helpers defined elsewhere (`getEnv`, `config.GetEnvOrDefault`, `mustGetenv`). */
export const ENV_HELPER_RE =
  /^(must)?(get|lookup|read)?env(var)?(or|ordefault|withdefault|default|string|str|int|bool|duration)?$/i;
export const ENV_NAME_RE = /^[A-Z][A-Z0-9_]*$/;
const UNKNOWN_MAX = 80;

export abstract class GoBindings {
  protected readonly scopes = new Map<GoNode | null, Map<string, Binding[]>>();
  /** `os.Getenv(…)` call → the default assigned when its result is empty. */
  protected readonly envDefaults = new Map<GoNode, GoNode>();
  protected readonly wrappers = new Map<string, EnvWrapper>();
  protected readonly literalMemo = new Map<GoNode, StringParts>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  /** Folds an expression into a `Value` (implemented in `values.ts`). */
  abstract evalExpr(n: GoNode): Value;

  // ---------------------------------------------------------------------------------------------
  // Syntax helpers

  protected src(n: GoNode): string {
    return this.text.slice(n.start, n.end);
  }

  protected loc(n: GoNode): Loc {
    return this.locOf(n.start, n.end);
  }

  protected locOf(start: number, end: number): Loc {
    const a = this.lines.position(start);
    const b = this.lines.position(end);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Operator text between two children (`+`, `==`, `:=`, `+=`). */
  protected between(a: GoNode, b: GoNode): string {
    const t = this.text.slice(a.end, b.start);
    return (t.includes("/") ? t.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "") : t).trim();
  }

  protected binOp(n: GoNode): string {
    const c = n.children;
    return c.length >= 2 ? this.between(c[0]!, c[c.length - 1]!) : "";
  }

  protected unaryOp(n: GoNode): string {
    const operand = n.children[n.children.length - 1];
    return operand ? this.text.slice(n.start, operand.start).trim() : "";
  }

  protected isConcat(n: GoNode): boolean {
    return n.type === "binary_expression" && this.binOp(n) === "+";
  }

  /** The `+` expression `n` is an operand of (through parentheses), if any. */
  protected chainParent(n: GoNode): GoNode | null {
    let p = n.parent;
    while (p && p.type === "parenthesized_expression") p = p.parent;
    return p && this.isConcat(p) ? p : null;
  }

  /** Operands of a `+` chain, left to right, flattening parentheses. */
  protected chainLeaves(n: GoNode): GoNode[] {
    const out: GoNode[] = [];
    const stack: GoNode[] = [n];
    while (stack.length) {
      const x = stack.pop()!;
      let inner = x;
      while (inner.type === "parenthesized_expression" && inner.children.length === 1) inner = inner.children[0]!;
      if (this.isConcat(inner)) {
        const c = inner.children;
        stack.push(c[c.length - 1]!, c[0]!);
      } else out.push(x === inner ? x : inner);
    }
    return out;
  }

  /** The innermost function, method or func literal around `n` (null at package level). */
  protected scopeOf(n: GoNode): GoNode | null {
    for (let p = n.parent; p; p = p.parent) if (FUNC_TYPES.has(p.type)) return p;
    return null;
  }

  protected literal(n: GoNode): StringParts {
    let p = this.literalMemo.get(n);
    if (!p) {
      p =
        n.type === "raw_string_literal"
          ? decodeRaw(this.text, n.start, n.end, this.lines)
          : decodeInterpreted(this.text, n.start, n.end, this.lines);
      this.literalMemo.set(n, p);
    }
    return p;
  }

  /** Dotted callee path as written: `grpc.Dial`, `s.client.Get`, `options.Client().ApplyURI`. */
  calleePath(fn: GoNode): string {
    switch (fn.type) {
      case "identifier":
        return this.src(fn);
      case "selector_expression": {
        const c = fn.children;
        if (c.length === 2) return `${this.calleePath(c[0]!)}.${this.src(c[1]!)}`;
        break;
      }
      case "call_expression":
        if (fn.children.length) return `${this.calleePath(fn.children[0]!)}()`;
        break;
      case "parenthesized_expression":
        if (fn.children.length === 1) return `(${this.calleePath(fn.children[0]!)})`;
        break;
      case "func_literal":
        // `go func() { … }()`
        return "func";
    }
    return truncate(this.src(fn).replace(/\s*\n\s*/g, ""));
  }

  protected callParts(call: GoNode): { fn: GoNode | undefined; args: GoNode[] } {
    const c = call.children;
    const last = c[c.length - 1];
    return { fn: c[0], args: last && last.type === "argument_list" ? last.children : [] };
  }

  /** Parameter names of a function/method/func literal, in order (receiver excluded). */
  protected params(fn: GoNode): { names: string[]; end: number; receiver: string[] } {
    const lists = fn.children.filter((c) => c.type === "parameter_list");
    const list = fn.type === "method_declaration" ? lists[1] : lists[0];
    const names: string[] = [];
    const receiver: string[] = [];
    const collect = (l: GoNode | undefined, out: string[]): void => {
      if (!l) return;
      for (const d of l.children) {
        if (d.type !== "parameter_declaration" && d.type !== "variadic_parameter_declaration") continue;
        const ids = d.children.filter((x) => x.type === "identifier");
        // `func(string, int)`: types only; names are identifiers followed by a type.
        const named = d.children.length > ids.length ? ids : ids.length > 1 ? ids.slice(0, -1) : [];
        if (named.length === 0) out.push("_");
        for (const id of named) out.push(this.src(id));
      }
    };
    collect(list, names);
    if (fn.type === "method_declaration") collect(lists[0], receiver);
    return { names, end: list ? list.end : fn.start, receiver };
  }

  // ---------------------------------------------------------------------------------------------
  // Pass 1: bindings, env defaults, env wrappers

  protected bind(scope: GoNode | null, b: Binding): void {
    let m = this.scopes.get(scope);
    if (!m) this.scopes.set(scope, (m = new Map()));
    const list = m.get(b.name);
    if (list) list.push(b);
    else m.set(b.name, [b]);
  }

  /** The last binding of `name` before `at` in the enclosing functions, else at package level. */
  protected lookup(name: string, at: GoNode): Binding | undefined {
    for (let fn = this.scopeOf(at); fn; fn = this.scopeOf(fn)) {
      const list = this.scopes.get(fn)?.get(name);
      if (list) {
        for (let i = list.length - 1; i >= 0; i--) if (list[i]!.pos <= at.start) return list[i];
      }
    }
    const pkg = this.scopes.get(null)?.get(name);
    return pkg ? pkg[pkg.length - 1] : undefined;
  }

  protected collect(root: GoNode): void {
    const stack: GoNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.type) {
        case "function_declaration":
        case "method_declaration":
        case "func_literal": {
          const { names, end, receiver } = this.params(n);
          for (const name of [...receiver, ...names]) if (name !== "_") this.bind(n, { name, pos: end, node: null });
          break;
        }
        case "var_spec":
        case "const_spec": {
          const value = n.children.find((c) => c.type === "expression_list");
          const names = n.children.filter((c) => c.type === "identifier");
          this.bindList(n, names, value ? value.children : []);
          break;
        }
        case "short_var_declaration": {
          const [left, right] = n.children;
          if (left && right) this.bindList(n, left.children, right.children);
          break;
        }
        case "assignment_statement":
          this.collectAssignment(n);
          break;
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }

  protected bindList(stmt: GoNode, names: GoNode[], values: GoNode[]): void {
    const scope = this.scopeOf(stmt);
    const okName = names.length === 2 && values.length === 1 && this.isEnvCallNode(values[0]!) ? names[1] : undefined;
    names.forEach((id, i) => {
      if (id.type !== "identifier") return;
      const name = this.src(id);
      if (name === "_") return;
      const b: Binding = { name, pos: stmt.end, node: null };
      if (values.length === names.length) b.node = values[i]!;
      else if (values.length === 1 && values[0]!.type === "call_expression") {
        b.node = values[0]!;
        b.tuple = i;
      }
      if (i === 0 && okName && okName.type === "identifier") b.okName = this.src(okName);
      this.bind(scope, b);
    });
  }

  protected collectAssignment(n: GoNode): void {
    const [left, right] = n.children;
    if (!left || !right) return;
    const op = this.between(left, right);
    const scope = this.scopeOf(n);
    if (op === "=") {
      if (left.children.length === 1 && right.children.length === 1 && left.children[0]!.type === "identifier") {
        const name = this.src(left.children[0]!);
        const prev = this.lookup(name, n);
        if (prev && prev.node && this.isEnvCallNode(prev.node) && this.isEmptyDefault(n, name, prev)) {
          prev.defaultNode = right.children[0]!;
          this.envDefaults.set(prev.node, right.children[0]!);
          return;
        }
      }
      this.bindList(n, left.children, right.children);
      return;
    }
    if (left.children.length !== 1 || left.children[0]!.type !== "identifier") return;
    const name = this.src(left.children[0]!);
    if (name === "_") return;
    const b: Binding = { name, pos: n.end, node: null };
    if (op === "+=" && right.children.length === 1) {
      b.node = right.children[0]!;
      b.append = true;
      const prev = this.lookup(name, n);
      if (prev) b.prev = prev;
    }
    this.bind(scope, b);
  }

  /** Is assignment `n` (`v = …`) the consequence of `if v == ""` / `if len(v) == 0` / `if !ok`? */
  protected isEmptyDefault(n: GoNode, name: string, prev: Binding): boolean {
    const list = n.parent;
    const block = list?.type === "statement_list" ? list.parent : list;
    const ifs = block?.parent;
    if (!block || block.type !== "block" || !ifs || ifs.type !== "if_statement") return false;
    const k = ifs.children.findIndex((c) => c.type === "block");
    if (ifs.children[k] !== block || k < 1) return false;
    const cond = ifs.children[k - 1]!;
    if (cond.type === "unary_expression") {
      const operand = cond.children[0];
      return (
        !!prev.okName && this.unaryOp(cond) === "!" && operand?.type === "identifier" && this.src(operand) === prev.okName
      );
    }
    if (cond.type !== "binary_expression" || this.binOp(cond) !== "==" || cond.children.length !== 2) return false;
    const [a, b] = cond.children as [GoNode, GoNode];
    const isName = (x: GoNode): boolean => x.type === "identifier" && this.src(x) === name;
    const isEmpty = (x: GoNode): boolean =>
      (x.type === "interpreted_string_literal" || x.type === "raw_string_literal") && x.end - x.start === 2;
    const isLen = (x: GoNode): boolean => {
      if (x.type !== "call_expression") return false;
      const { fn, args } = this.callParts(x);
      return !!fn && this.src(fn) === "len" && args.length === 1 && isName(args[0]!);
    };
    const isZero = (x: GoNode): boolean => x.type === "int_literal" && this.src(x) === "0";
    return (isName(a) && isEmpty(b)) || (isEmpty(a) && isName(b)) || (isLen(a) && isZero(b)) || (isZero(a) && isLen(b));
  }

  /** `func getEnv(key, fallback string) string { … os.Getenv(key) … }` */
  protected findWrapper(fn: GoNode, params: string[]): void {
    const nameNode = fn.children.find((c) => c.type === "identifier");
    const body = fn.children[fn.children.length - 1];
    if (!nameNode || !body || body.type !== "block" || params.length === 0 || params.length > 3) return;
    const stack: GoNode[] = [body];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === "call_expression") {
        const { fn: f, args } = this.callParts(n);
        if (f && ENV_FUNCS.has(this.calleePath(f)) && args.length === 1 && args[0]!.type === "identifier") {
          const keyParam = params.indexOf(this.src(args[0]!));
          if (keyParam !== -1) {
            const w: EnvWrapper = { keyParam };
            if (params.length === 2) w.defaultParam = 1 - keyParam;
            this.wrappers.set(this.src(nameNode), w);
            return;
          }
        }
      }
      for (const c of n.children) if (c.type !== "func_literal") stack.push(c);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Env reads

  protected isEnvCallNode(n: GoNode): boolean {
    if (n.type !== "call_expression") return false;
    const { fn } = this.callParts(n);
    if (!fn) return false;
    const callee = this.calleePath(fn);
    return ENV_FUNCS.has(callee) || this.wrappers.has(callee) || ENV_HELPER_RE.test(lastSegment(callee));
  }
}

export function truncate(s: string): string {
  return s.length > UNKNOWN_MAX ? `${s.slice(0, UNKNOWN_MAX - 1)}…` : s;
}

export function lastSegment(callee: string): string {
  const i = callee.lastIndexOf(".");
  return i === -1 ? callee : callee.slice(i + 1);
}

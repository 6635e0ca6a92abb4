/**
 * Facts from a Go file: imports, string literals (concatenations folded), calls with evaluated
 * arguments, env reads. Works on the light tree from `tree.ts`; knows Go syntax, nothing of rules.
 */
import type {
  CallFact,
  DeclarationFact,
  EnvReadFact,
  Fact,
  ImportFact,
  Loc,
  StringContext,
  StringFact,
  Value,
} from "../facts.js";
import { decodeInterpreted, decodeRaw, StringBuilder, type StringParts } from "./strings.js";
import type { GoNode, LineIndex } from "./tree.js";
import { goAssignmentFact, goBoundName, goCompositeFact, goFunctionFact, goLoopFact, type GoSyntax } from "./flow.js";

/** A name bound by a declaration, assignment or parameter, as far as one file can tell. */
interface Binding {
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
interface EnvWrapper {
  keyParam: number;
  defaultParam?: number;
}

interface EnvCall {
  name: string;
  defaultNode?: GoNode;
}

const FUNC_TYPES = new Set(["function_declaration", "method_declaration", "func_literal"]);
const STRING_TYPES = new Set(["interpreted_string_literal", "raw_string_literal"]);
const ENV_FUNCS = new Set(["os.Getenv", "os.LookupEnv", "syscall.Getenv"]);
/** Last callee segment of env helpers defined elsewhere (`getEnv`, `config.GetEnvOrDefault`, `mustGetenv`). */
const ENV_HELPER_RE =
  /^(must)?(get|lookup|read)?env(var)?(or|ordefault|withdefault|default|string|str|int|bool|duration)?$/i;
const ENV_NAME_RE = /^[A-Z][A-Z0-9_]*$/;
const UNKNOWN_MAX = 80;

export class GoFileExtractor {
  private readonly facts: Fact[] = [];
  private readonly scopes = new Map<GoNode | null, Map<string, Binding[]>>();
  /** `os.Getenv(…)` call → the default assigned when its result is empty. */
  private readonly envDefaults = new Map<GoNode, GoNode>();
  private readonly wrappers = new Map<string, EnvWrapper>();
  private readonly consumed = new Set<GoNode>();
  private readonly literalMemo = new Map<GoNode, StringParts>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

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

  private src(n: GoNode): string {
    return this.text.slice(n.start, n.end);
  }

  private loc(n: GoNode): Loc {
    return this.locOf(n.start, n.end);
  }

  private locOf(start: number, end: number): Loc {
    const a = this.lines.position(start);
    const b = this.lines.position(end);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Operator text between two children (`+`, `==`, `:=`, `+=`). */
  private between(a: GoNode, b: GoNode): string {
    const t = this.text.slice(a.end, b.start);
    return (t.includes("/") ? t.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "") : t).trim();
  }

  private binOp(n: GoNode): string {
    const c = n.children;
    return c.length >= 2 ? this.between(c[0]!, c[c.length - 1]!) : "";
  }

  private unaryOp(n: GoNode): string {
    const operand = n.children[n.children.length - 1];
    return operand ? this.text.slice(n.start, operand.start).trim() : "";
  }

  private isConcat(n: GoNode): boolean {
    return n.type === "binary_expression" && this.binOp(n) === "+";
  }

  /** The `+` expression `n` is an operand of (through parentheses), if any. */
  private chainParent(n: GoNode): GoNode | null {
    let p = n.parent;
    while (p && p.type === "parenthesized_expression") p = p.parent;
    return p && this.isConcat(p) ? p : null;
  }

  /** Operands of a `+` chain, left to right, flattening parentheses. */
  private chainLeaves(n: GoNode): GoNode[] {
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
  private scopeOf(n: GoNode): GoNode | null {
    for (let p = n.parent; p; p = p.parent) if (FUNC_TYPES.has(p.type)) return p;
    return null;
  }

  private literal(n: GoNode): StringParts {
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

  private callParts(call: GoNode): { fn: GoNode | undefined; args: GoNode[] } {
    const c = call.children;
    const last = c[c.length - 1];
    return { fn: c[0], args: last && last.type === "argument_list" ? last.children : [] };
  }

  /** Parameter names of a function/method/func literal, in order (receiver excluded). */
  private params(fn: GoNode): { names: string[]; end: number; receiver: string[] } {
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

  private bind(scope: GoNode | null, b: Binding): void {
    let m = this.scopes.get(scope);
    if (!m) this.scopes.set(scope, (m = new Map()));
    const list = m.get(b.name);
    if (list) list.push(b);
    else m.set(b.name, [b]);
  }

  /** The last binding of `name` before `at` in the enclosing functions, else at package level. */
  private lookup(name: string, at: GoNode): Binding | undefined {
    for (let fn = this.scopeOf(at); fn; fn = this.scopeOf(fn)) {
      const list = this.scopes.get(fn)?.get(name);
      if (list) {
        for (let i = list.length - 1; i >= 0; i--) if (list[i]!.pos <= at.start) return list[i];
      }
    }
    const pkg = this.scopes.get(null)?.get(name);
    return pkg ? pkg[pkg.length - 1] : undefined;
  }

  private collect(root: GoNode): void {
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

  private bindList(stmt: GoNode, names: GoNode[], values: GoNode[]): void {
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

  private collectAssignment(n: GoNode): void {
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
  private isEmptyDefault(n: GoNode, name: string, prev: Binding): boolean {
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
  private findWrapper(fn: GoNode, params: string[]): void {
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

  private isEnvCallNode(n: GoNode): boolean {
    if (n.type !== "call_expression") return false;
    const { fn } = this.callParts(n);
    if (!fn) return false;
    const callee = this.calleePath(fn);
    return ENV_FUNCS.has(callee) || this.wrappers.has(callee) || ENV_HELPER_RE.test(lastSegment(callee));
  }

  /** The env var a call reads, when it is an env read with a name known in this file. */
  private envCall(call: GoNode, callee: string, args: GoNode[]): EnvCall | undefined {
    if (ENV_FUNCS.has(callee)) {
      if (args.length !== 1) return undefined;
      const name = this.constString(args[0]!);
      if (name === undefined) return undefined;
      let defaultNode = this.envDefaults.get(call);
      if (!defaultNode) defaultNode = this.cmpOrDefault(call);
      return defaultNode ? { name, defaultNode } : { name };
    }
    const w = this.wrappers.get(callee);
    if (w) {
      const keyArg = args[w.keyParam];
      const name = keyArg ? this.constString(keyArg) : undefined;
      if (name === undefined) return undefined;
      const defaultNode = this.envDefaults.get(call) ?? (w.defaultParam !== undefined ? args[w.defaultParam] : undefined);
      return defaultNode ? { name, defaultNode } : { name };
    }
    if (callee.startsWith("os.") || callee.startsWith("viper.") || !ENV_HELPER_RE.test(lastSegment(callee))) return undefined;
    if (args.length < 1 || args.length > 2) return undefined;
    const name = this.constString(args[0]!);
    if (name === undefined || !ENV_NAME_RE.test(name)) return undefined;
    const defaultNode = this.envDefaults.get(call) ?? args[1];
    return defaultNode ? { name, defaultNode } : { name };
  }

  /** `cmp.Or(os.Getenv("X"), "default")` */
  private cmpOrDefault(call: GoNode): GoNode | undefined {
    const list = call.parent;
    const outer = list?.parent;
    if (!list || list.type !== "argument_list" || !outer || outer.type !== "call_expression") return undefined;
    if (list.children[0] !== call || list.children.length < 2) return undefined;
    const { fn } = this.callParts(outer);
    return fn && this.calleePath(fn) === "cmp.Or" ? list.children[1] : undefined;
  }

  private constString(n: GoNode): string | undefined {
    const v = this.evalExpr(n);
    return v.kind === "string" && v.holes.length === 0 ? v.value : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private unknown(n: GoNode): Value {
    return { kind: "unknown", text: truncate(this.src(n).replace(/\s+/g, " ")), loc: this.loc(n) };
  }

  evalExpr(n: GoNode): Value {
    switch (n.type) {
      case "interpreted_string_literal":
      case "raw_string_literal": {
        const p = this.literal(n);
        return { kind: "string", value: p.value, segments: p.segments, holes: [], loc: this.loc(n) };
      }
      case "int_literal": {
        const v = parseGoInt(this.src(n));
        return v === undefined ? this.unknown(n) : { kind: "number", value: v, loc: this.loc(n) };
      }
      case "float_literal": {
        const v = Number(this.src(n).replace(/_/g, ""));
        return Number.isFinite(v) ? { kind: "number", value: v, loc: this.loc(n) } : this.unknown(n);
      }
      case "true":
      case "false":
        return { kind: "boolean", value: n.type === "true", loc: this.loc(n) };
      case "parenthesized_expression":
      case "literal_element":
        return n.children.length === 1 ? this.evalExpr(n.children[0]!) : this.unknown(n);
      case "identifier":
        return this.evalIdentifier(n);
      case "binary_expression":
        return this.evalBinary(n);
      case "unary_expression":
        return this.evalUnary(n);
      case "call_expression":
        return this.evalCall(n);
      case "composite_literal": {
        const body = n.children[n.children.length - 1];
        if (!body || body.type !== "literal_value") return this.unknown(n);
        const type = n.children.length > 1 ? n.children[0]!.type : "";
        return this.evalLiteralValue(body, n, /array_type|slice_type/.test(type));
      }
      case "literal_value":
        return this.evalLiteralValue(n, n, false);
    }
    return this.unknown(n);
  }

  private evalIdentifier(n: GoNode): Value {
    const name = this.src(n);
    const b = this.lookup(name, n);
    const v = b ? this.bindingValue(b) : null;
    if (!v || v.kind === "unknown") return this.unknown(n);
    return v;
  }

  private bindingValue(b: Binding): Value | null {
    if (b.memo !== undefined) return b.memo;
    if (b.busy || !b.node) return null;
    b.busy = true;
    let v: Value | null;
    try {
      if (b.tuple !== undefined && b.tuple > 0) v = null;
      else if (b.append) {
        const before = b.prev ? this.bindingValue(b.prev) : null;
        const add = this.evalExpr(b.node);
        const sb = new StringBuilder();
        if (before && before.kind === "string") sb.append(before);
        else sb.hole();
        if (add.kind === "string") sb.append(add);
        else sb.hole();
        const start = before ? before.loc : this.loc(b.node);
        const end = this.loc(b.node);
        v = {
          kind: "string",
          ...sb.parts(),
          loc: { ...start, endLine: end.endLine, endColumn: end.endColumn },
        };
      } else {
        v = this.evalExpr(b.node);
        if (v.kind === "env" && b.defaultNode) v = { ...v, default: this.evalExpr(b.defaultNode) };
      }
    } finally {
      b.busy = false;
    }
    b.memo = v;
    return v;
  }

  private evalBinary(n: GoNode): Value {
    const op = this.binOp(n);
    if (op === "+") {
      const leaves = this.chainLeaves(n).map((x) => this.evalExpr(x));
      if (leaves.some((v) => v.kind === "string")) {
        const sb = new StringBuilder();
        for (const v of leaves) {
          if (v.kind === "string") sb.append(v);
          else sb.hole();
        }
        return { kind: "string", ...sb.parts(), loc: this.loc(n) };
      }
      if (leaves.every((v) => v.kind === "number")) {
        let sum = 0;
        for (const v of leaves) sum += (v as { value: number }).value;
        return { kind: "number", value: sum, loc: this.loc(n) };
      }
      return this.unknown(n);
    }
    if ((op === "-" || op === "*") && n.children.length === 2) {
      const a = this.evalExpr(n.children[0]!);
      const b = this.evalExpr(n.children[1]!);
      if (a.kind === "number" && b.kind === "number") {
        return { kind: "number", value: op === "-" ? a.value - b.value : a.value * b.value, loc: this.loc(n) };
      }
    }
    return this.unknown(n);
  }

  private evalUnary(n: GoNode): Value {
    const op = this.unaryOp(n);
    const operand = n.children[n.children.length - 1];
    if (!operand) return this.unknown(n);
    if (op === "&") return this.evalExpr(operand);
    if (op === "-" || op === "+") {
      const v = this.evalExpr(operand);
      if (v.kind === "number") return { kind: "number", value: op === "-" ? -v.value : v.value, loc: this.loc(n) };
    }
    return this.unknown(n);
  }

  private evalLiteralValue(body: GoNode, at: GoNode, isArray: boolean): Value {
    const elems = body.children;
    const keyed = elems.some((e) => e.type === "keyed_element");
    if (!keyed && (isArray || elems.length > 0)) {
      return { kind: "array", items: elems.map((e) => this.evalExpr(e)), loc: this.loc(at) };
    }
    const props: Record<string, Value> = {};
    elems.forEach((e, i) => {
      if (e.type === "keyed_element" && e.children.length === 2) {
        props[this.keyName(e.children[0]!)] = this.evalExpr(e.children[1]!);
      } else props[String(i)] = this.evalExpr(e);
    });
    return { kind: "object", props, loc: this.loc(at) };
  }

  private keyName(el: GoNode): string {
    const k = el.type === "literal_element" && el.children.length === 1 ? el.children[0]! : el;
    if (STRING_TYPES.has(k.type)) return this.literal(k).value;
    return this.src(k);
  }

  private evalCall(n: GoNode): Value {
    const { fn, args } = this.callParts(n);
    if (!fn) return this.unknown(n);
    const callee = this.calleePath(fn);
    const env = this.envCall(n, callee, args);
    if (env) {
      const v: Value = { kind: "env", name: env.name, loc: this.loc(n) };
      if (env.defaultNode) v.default = this.evalExpr(env.defaultNode);
      return v;
    }
    switch (callee) {
      case "fmt.Sprintf":
        return this.evalSprintf(n, args) ?? { kind: "call", callee, loc: this.loc(n) };
      case "net.JoinHostPort":
        if (args.length === 2) {
          const sb = new StringBuilder();
          this.formatInto(sb, "s", this.evalExpr(args[0]!));
          sb.appendSynthetic(":");
          this.formatInto(sb, "v", this.evalExpr(args[1]!));
          return { kind: "string", ...sb.parts(), loc: this.loc(n) };
        }
        break;
      case "cmp.Or":
        if (args.length >= 2) {
          const first = this.evalExpr(args[0]!);
          if (first.kind === "env") return { ...first, default: first.default ?? this.evalExpr(args[1]!), loc: this.loc(n) };
        }
        break;
    }
    return { kind: "call", callee, loc: this.loc(n) };
  }

  /** Fold `fmt.Sprintf(format, args…)`: verbs replaced by known argument values, holes otherwise. */
  private evalSprintf(n: GoNode, args: GoNode[]): Value | undefined {
    if (args.length === 0 || args.some((a) => a.type === "variadic_argument")) return undefined;
    const format = this.evalExpr(args[0]!);
    if (format.kind !== "string") return undefined;
    const values: (Value | undefined)[] = [];
    const arg = (i: number): Value | undefined => {
      if (i < 0 || i + 1 >= args.length) return undefined;
      return (values[i] ??= this.evalExpr(args[i + 1]!));
    };
    const f = format.value;
    const sb = new StringBuilder();
    let argi = 0;
    let lit = 0;
    let i = 0;
    const bracket = (j: number): number => {
      // `[n]` explicit argument index
      if (f[j] !== "[") return j;
      const close = f.indexOf("]", j);
      if (close === -1) return j;
      const idx = Number(f.slice(j + 1, close));
      if (Number.isInteger(idx) && idx > 0) argi = idx - 1;
      return close + 1;
    };
    while (i < f.length) {
      if (f.charCodeAt(i) !== 37 /* % */) {
        i++;
        continue;
      }
      sb.appendSlice(format, lit, i);
      let j = i + 1;
      if (f[j] === "%") {
        sb.appendSlice(format, i, i + 1);
        i = lit = j + 1;
        continue;
      }
      while (j < f.length && "+-# 0".includes(f[j]!)) j++;
      j = bracket(j);
      if (f[j] === "*") {
        argi++;
        j++;
      } else while (j < f.length && f.charCodeAt(j) >= 48 && f.charCodeAt(j) <= 57) j++;
      if (f[j] === ".") {
        j = bracket(j + 1);
        if (f[j] === "*") {
          argi++;
          j++;
        } else while (j < f.length && f.charCodeAt(j) >= 48 && f.charCodeAt(j) <= 57) j++;
      }
      j = bracket(j);
      if (j >= f.length) {
        sb.hole();
        i = lit = f.length;
        break;
      }
      const verb = f[j]!;
      this.formatInto(sb, verb, arg(argi++));
      i = lit = j + 1;
    }
    sb.appendSlice(format, lit, f.length);
    return { kind: "string", ...sb.parts(), loc: this.loc(n) };
  }

  private formatInto(sb: StringBuilder, verb: string, v: Value | undefined): void {
    if (v?.kind === "string" && (verb === "s" || verb === "v")) sb.append(v);
    else if (v?.kind === "string" && verb === "q" && v.holes.length === 0) {
      sb.appendSynthetic('"');
      sb.append(v);
      sb.appendSynthetic('"');
    } else if (v?.kind === "number" && (verb === "d" || verb === "v" || verb === "s") && Number.isInteger(v.value)) {
      sb.appendAt(String(v.value), v.loc.line, v.loc.column);
    } else if (v?.kind === "boolean" && (verb === "t" || verb === "v")) {
      sb.appendAt(String(v.value), v.loc.line, v.loc.column);
    } else sb.hole();
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
        case "func_literal":
          this.facts.push(goFunctionFact(this.syntax(), n));
          break;
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

function truncate(s: string): string {
  return s.length > UNKNOWN_MAX ? `${s.slice(0, UNKNOWN_MAX - 1)}…` : s;
}

function lastSegment(callee: string): string {
  const i = callee.lastIndexOf(".");
  return i === -1 ? callee : callee.slice(i + 1);
}

/** Go integer literal → number (`0x1F`, `0o17`, `017`, `0b101`, `1_000`). */
export function parseGoInt(text: string): number | undefined {
  const t = text.replace(/_/g, "").toLowerCase();
  let v: number;
  if (t.startsWith("0x")) v = parseInt(t.slice(2), 16);
  else if (t.startsWith("0o")) v = parseInt(t.slice(2), 8);
  else if (t.startsWith("0b")) v = parseInt(t.slice(2), 2);
  else if (t.length > 1 && t.startsWith("0")) v = parseInt(t.slice(1), 8);
  else v = Number(t);
  return Number.isFinite(v) ? v : undefined;
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

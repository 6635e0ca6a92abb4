/**
 * Folding Go expressions into `Value`s: literals, identifiers through their bindings, `+` chains,
 * composite literals, `fmt.Sprintf`, `net.JoinHostPort`, `cmp.Or`, env reads. Split out of `extract.ts`.
 */
import type { Value } from "../facts.js";
import { StringBuilder } from "./strings.js";
import type { GoNode } from "./tree.js";
import {
  ENV_FUNCS,
  ENV_HELPER_RE,
  ENV_NAME_RE,
  GoBindings,
  lastSegment,
  STRING_TYPES,
  truncate,
  type Binding,
  type EnvCall,
} from "./bindings.js";

export abstract class GoValues extends GoBindings {
  // ---------------------------------------------------------------------------------------------
  // Env reads (`isEnvCallNode` is in `bindings.ts`)

  /** The env var a call reads, when it is an env read with a name known in this file. */
  protected envCall(call: GoNode, callee: string, args: GoNode[]): EnvCall | undefined {
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
  protected cmpOrDefault(call: GoNode): GoNode | undefined {
    const list = call.parent;
    const outer = list?.parent;
    if (!list || list.type !== "argument_list" || !outer || outer.type !== "call_expression") return undefined;
    if (list.children[0] !== call || list.children.length < 2) return undefined;
    const { fn } = this.callParts(outer);
    return fn && this.calleePath(fn) === "cmp.Or" ? list.children[1] : undefined;
  }

  protected constString(n: GoNode): string | undefined {
    const v = this.evalExpr(n);
    return v.kind === "string" && v.holes.length === 0 ? v.value : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  protected unknown(n: GoNode): Value {
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

  protected evalIdentifier(n: GoNode): Value {
    const name = this.src(n);
    const b = this.lookup(name, n);
    const v = b ? this.bindingValue(b) : null;
    if (!v || v.kind === "unknown") return this.unknown(n);
    return v;
  }

  protected bindingValue(b: Binding): Value | null {
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

  protected evalBinary(n: GoNode): Value {
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

  protected evalUnary(n: GoNode): Value {
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

  protected evalLiteralValue(body: GoNode, at: GoNode, isArray: boolean): Value {
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

  protected keyName(el: GoNode): string {
    const k = el.type === "literal_element" && el.children.length === 1 ? el.children[0]! : el;
    if (STRING_TYPES.has(k.type)) return this.literal(k).value;
    return this.src(k);
  }

  protected evalCall(n: GoNode): Value {
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
  protected evalSprintf(n: GoNode, args: GoNode[]): Value | undefined {
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

  protected formatInto(sb: StringBuilder, verb: string, v: Value | undefined): void {
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

/**
 * Renders a Helm template scalar against a chart's default values, for the common forms only and
 * without running anything: `.Values.a.b` / `$.Values.a.b`, `index .Values "a" "b"`, pipelines and
 * calls of `quote`, `squote`, `default`, `required`, `toString`, `int`/`int64`, `printf` (`%s %v %d
 * %q`), `trunc`, `trimSuffix`, `trimPrefix`, conditions with `not`, `and`, `or`, `eq`, `ne`, and
 * text mixed with actions in one scalar (`"{{ .Values.db.host }}:{{ .Values.db.port }}"`). Everything else — `.Release.*`, `.Chart.*`,
 * `include`, `template`, `tpl`, variables, `with` and `range` blocks, `else` branches — is unknown,
 * and so is a value the default values leave unset (`null`, `""`, missing), because only an
 * override (`values-prod.yaml`, `--set`) would give it one: no guessing.
 *
 * Values behave as Helm reads them: every number is a float64 (so `1000000` prints as `1e+06`,
 * which we call unknown rather than imitate), `%d` and `%s` of a number are Go's `%!d(float64=…)`
 * errors (unknown), and the rendered scalar is read back as YAML (`{{ .Values.port }}` is 5432).
 */
import { CORE_SCHEMA, load } from "js-yaml";
import type { HelmScalar } from "../facts.js";
import { actionEnd, actionWord } from "./helm.js";

/** A rendered scalar and the values paths it used, or why it cannot be rendered. */
export type HelmRender =
  | {
      value: string;
      /** Dotted values paths whose values the output holds (`db.host`). */
      refs: string[];
      /** Paths the values leave unset, where the template's `default` applied. */
      defaulted: string[];
    }
  | { unknown: string };

type V =
  | { k: "str"; s: string }
  | { k: "int"; n: number }
  | { k: "float"; n: number }
  | { k: "bool"; b: boolean }
  | { k: "nil"; path?: string }
  | { k: "map"; m: Record<string, unknown>; path?: string }
  | { k: "list"; l: unknown[]; path?: string };

/** Thrown for any form the evaluator does not know; caught at the scalar. */
class Unknown extends Error {}
const fail = (why: string): never => {
  throw new Unknown(why);
};

type Tok = { t: "str"; s: string } | { t: "num"; s: string } | { t: "field"; s: string } | { t: "ident"; s: string } | { t: "|" } | { t: "(" } | { t: ")" };

function tokenize(body: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "|" || c === "(" || c === ")") {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        const d = body[i];
        if (d === undefined) fail("unterminated string");
        if (d === '"') break;
        if (d === "\\") {
          const e = body[i + 1];
          const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
          if (e === undefined || !Object.hasOwn(map, e)) fail("string escape");
          s += map[e!];
          i += 2;
        } else {
          s += d;
          i++;
        }
      }
      out.push({ t: "str", s });
      i++;
    } else if (c === "`") {
      const end = body.indexOf("`", i + 1);
      if (end < 0) fail("unterminated raw string");
      out.push({ t: "str", s: body.slice(i + 1, end) });
      i = end + 1;
    } else {
      const m = /^(?:-?\d+(?:\.\d+)?(?![\w.])|\$?(?:\.[A-Za-z_]\w*)+|\$\w*|\.(?![\w])|[A-Za-z_]\w*)/.exec(body.slice(i));
      if (!m) fail(`cannot read "${body.slice(i, i + 10)}"`);
      const s = m![0];
      out.push(/^-?\d/.test(s) ? { t: "num", s } : /^[A-Za-z_]/.test(s) ? { t: "ident", s } : { t: "field", s });
      i += s.length;
    }
  }
  return out;
}

type Node = { n: "lit"; v: V } | { n: "field"; s: string } | { n: "call"; fn: string; args: Node[] } | { n: "pipe"; cmds: Node[][] };

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  pipeline(): Node {
    const cmds: Node[][] = [this.command()];
    while (this.toks[this.i]?.t === "|") {
      this.i++;
      cmds.push(this.command());
    }
    return { n: "pipe", cmds };
  }
  private command(): Node[] {
    const ops: Node[] = [];
    for (;;) {
      const t = this.toks[this.i];
      if (t === undefined || t.t === "|" || t.t === ")") break;
      this.i++;
      if (t.t === "(") {
        ops.push(this.pipeline());
        if (this.toks[this.i++]?.t !== ")") fail("unclosed parenthesis");
      } else if (t.t === "str") ops.push({ n: "lit", v: { k: "str", s: t.s } });
      else if (t.t === "num") ops.push({ n: "lit", v: t.s.includes(".") ? { k: "float", n: Number(t.s) } : { k: "int", n: Number(t.s) } });
      else if (t.t === "field") ops.push({ n: "field", s: t.s });
      else if (t.s === "true" || t.s === "false") ops.push({ n: "lit", v: { k: "bool", b: t.s === "true" } });
      else if (t.s === "nil") ops.push({ n: "lit", v: { k: "nil" } });
      else ops.push({ n: "call", fn: t.s, args: [] });
    }
    if (ops.length === 0) fail("empty command");
    return ops;
  }
  done(): boolean {
    return this.i === this.toks.length;
  }
}

function fromYaml(x: unknown, path: string): V {
  if (typeof x === "string") return { k: "str", s: x };
  if (typeof x === "number") return { k: "float", n: x };
  if (typeof x === "boolean") return { k: "bool", b: x };
  if (Array.isArray(x)) return { k: "list", l: x, path };
  if (x !== null && typeof x === "object") return { k: "map", m: x as Record<string, unknown>, path };
  return { k: "nil", path };
}

/** Sprig's `empty` (and the falsity of Go's `if`). */
function isEmpty(v: V): boolean {
  switch (v.k) {
    case "str":
      return v.s === "";
    case "int":
    case "float":
      return v.n === 0;
    case "bool":
      return !v.b;
    case "nil":
      return true;
    case "map":
      return Object.keys(v.m).length === 0;
    case "list":
      return v.l.length === 0;
  }
}

/** Go's `%v` of a value, where we can be sure of it. */
function text(v: V): string {
  switch (v.k) {
    case "str":
      return v.s;
    case "int":
      return String(v.n);
    case "bool":
      return String(v.b);
    case "float":
      // Go prints float64 in %e form from 1e+06 up (and below 1e-4): leave those to a real render.
      if (v.n === 0 || (Math.abs(v.n) < 1e6 && Math.abs(v.n) >= 1e-4)) return String(v.n);
      return fail("a number Go would print in exponent form");
    default:
      return fail(v.k === "nil" ? `${v.path ?? "a value"} is not set in the default values` : `${v.path ?? "a value"} is a ${v.k === "map" ? "mapping" : "list"}`);
  }
}

const FUNCTIONS = new Set(["quote", "squote", "toString", "int", "int64", "default", "required", "printf", "index", "not", "and", "or", "eq", "ne", "trunc", "trimSuffix", "trimPrefix"]);

class Evaluator {
  readonly refs = new Set<string>();
  readonly defaulted = new Set<string>();
  constructor(private readonly values: unknown) {}

  run(node: Node): V {
    if (node.n === "lit") return node.v;
    // `include "x.fullname" .`: say what cannot be evaluated rather than tripping over its `.` argument.
    for (const cmd of node.n === "pipe" ? node.cmds : []) if (cmd[0]!.n === "call" && !FUNCTIONS.has(cmd[0]!.fn)) fail(`${cmd[0]!.fn} is not evaluated`);
    if (node.n === "field") return this.field(node.s);
    if (node.n === "call") return this.call(node.fn, []);
    let piped: V | undefined;
    for (const cmd of node.cmds) {
      const [head, ...rest] = cmd;
      if (head!.n === "call") {
        const args = rest.map((a) => this.run(a));
        if (piped !== undefined) args.push(piped);
        piped = this.call(head!.fn, args);
      } else {
        if (rest.length > 0 || piped !== undefined) fail("arguments to a non-function");
        piped = this.run(head!);
      }
    }
    return piped!;
  }

  private field(s: string): V {
    const m = /^\$?\.Values((?:\.[A-Za-z_]\w*)*)$/.exec(s);
    if (!m) return fail(`${s} is only known at install time`);
    const segs = m[1]!.split(".").slice(1);
    return this.lookup(fromYaml(this.values, ""), segs);
  }

  private lookup(from: V, keys: string[]): V {
    let cur = from;
    let path = cur.k === "map" || cur.k === "list" ? (cur.path ?? "") : "";
    for (const key of keys) {
      path = path ? `${path}.${key}` : key;
      if (cur.k === "map") cur = fromYaml(Object.hasOwn(cur.m, key) ? cur.m[key] : undefined, path);
      else if (cur.k === "list" && /^\d+$/.test(key) && Number(key) < cur.l.length) cur = fromYaml(cur.l[Number(key)], path);
      else return fail(`${path} is not in the default values`); // Helm fails on a nil or scalar parent
    }
    if (cur.k !== "nil" && cur.k !== "map" && cur.k !== "list" && path) {
      this.refs.add(path);
      this.origin.set(cur, path);
    }
    return cur;
  }

  /** Where a scalar read from the values came from, for `default`. */
  private readonly origin = new WeakMap<V, string>();

  private call(fn: string, args: V[]): V {
    const str = (v: V): V => ({ k: "str", s: text(v) });
    switch (fn) {
      case "quote":
        if (args.length !== 1) return fail("quote of several values");
        return { k: "str", s: JSON.stringify(text(args[0]!)) };
      case "squote": {
        const s = args.length === 1 ? text(args[0]!) : fail("squote of several values");
        return s.includes("'") ? fail("squote of a value with a quote") : { k: "str", s: `'${s}'` };
      }
      case "toString":
        return args.length === 1 ? str(args[0]!) : fail("toString arity");
      case "int":
      case "int64": {
        const v = args.length === 1 ? args[0]! : fail(`${fn} arity`);
        if (v.k === "int" || v.k === "float") return { k: "int", n: Math.trunc(v.n) };
        if (v.k === "str" && /^-?\d+$/.test(v.s.trim())) return { k: "int", n: Number(v.s.trim()) };
        return fail(`${fn} of a ${v.k}`);
      }
      case "default": {
        if (args.length < 1 || args.length > 2) return fail("default arity");
        const given = args[1];
        if (given !== undefined && !isEmpty(given)) return given;
        const unset = given?.k === "nil" ? given.path : given ? this.origin.get(given) : undefined;
        if (unset) {
          this.defaulted.add(unset);
          this.refs.delete(unset);
        }
        return args[0]!;
      }
      case "required": {
        const v = args.length === 2 ? args[1]! : fail("required arity");
        return v.k === "nil" || (v.k === "str" && v.s === "") ? fail("a required value is not set in the default values") : v;
      }
      case "printf":
        return { k: "str", s: printf(args) };
      // `helm create`'s and Bitnami's name helpers end in `| trunc 63 | trimSuffix "-"`.
      case "trunc": {
        const [n, v] = args.length === 2 && args[0]!.k === "int" ? [args[0]!.n, text(args[1]!)] : fail("trunc arity");
        // Sprig cuts bytes: only ASCII text is cut the same way here.
        if (/[^\x00-\x7f]/.test(v)) return fail("trunc of non-ASCII text");
        return { k: "str", s: n >= 0 ? v.slice(0, n) : v.length + n > 0 ? v.slice(v.length + n) : v };
      }
      case "trimSuffix":
      case "trimPrefix": {
        const [a, v] = args.length === 2 && args[0]!.k === "str" ? [args[0]!.s, text(args[1]!)] : fail(`${fn} arity`);
        if (fn === "trimSuffix") return { k: "str", s: a !== "" && v.endsWith(a) ? v.slice(0, -a.length) : v };
        return { k: "str", s: v.startsWith(a) ? v.slice(a.length) : v };
      }
      case "index": {
        const [base, ...keys] = args;
        if (!base) return fail("index arity");
        return this.lookup(base, keys.map((k) => (k.k === "str" ? k.s : k.k === "int" ? String(k.n) : fail("index key"))));
      }
      case "not":
        return args.length === 1 ? { k: "bool", b: isEmpty(args[0]!) } : fail("not arity");
      case "and":
        return args.find(isEmpty) ?? args[args.length - 1] ?? fail("and arity");
      case "or":
        return args.find((a) => !isEmpty(a)) ?? args[args.length - 1] ?? fail("or arity");
      case "eq":
      case "ne": {
        if (args.length !== 2) return fail(`${fn} arity`);
        const [a, b] = args as [V, V];
        const same = a.k === b.k && (a.k === "str" || a.k === "int" || a.k === "float" || a.k === "bool");
        if (!same) return fail(`${fn} of a ${a.k} and a ${b.k}`);
        const eq = text(a) === text(b);
        return { k: "bool", b: fn === "eq" ? eq : !eq };
      }
      default:
        return fail(`${fn} is not evaluated`);
    }
  }
}

/** Go's fmt for `%s %v %d %q %%`; any other verb, flag or argument mismatch is unknown. */
function printf(args: V[]): string {
  const [format, ...rest] = args;
  if (format?.k !== "str") return fail("printf format");
  let n = 0;
  const out = format.s.replace(/%(.)/g, (_, verb: string) => {
    if (verb === "%") return "%";
    const a = rest[n++] ?? fail("printf argument missing");
    if (verb === "v") return text(a);
    if (verb === "s" && a.k === "str") return a.s;
    if (verb === "q" && a.k === "str") return JSON.stringify(a.s);
    if (verb === "d" && a.k === "int") return String(a.n);
    return fail(`printf %${verb} of a ${a.k}`);
  });
  if (/%$/.test(format.s.replace(/%%/g, "")) || n !== rest.length) fail("printf arguments do not match");
  return out;
}

/** The body of an action: without braces and trim markers. */
function bodyOf(action: string): string {
  return action.replace(/^\{\{(?:-(?=\s))?/, "").replace(/(?:(?<=\s)-)?\}\}$/, "").trim();
}

function evaluate(body: string, ev: Evaluator): V {
  const p = new Parser(tokenize(body));
  const node = p.pipeline();
  if (!p.done()) fail("unexpected )");
  return ev.run(node);
}

/** Whether the `if` blocks around a scalar are taken with the default values (other blocks: unknown). */
function blocksTaken(blocks: readonly string[], values: unknown): true | string {
  for (const b of blocks) {
    if (actionWord(b) !== "if") return `it sits in a {{ ${actionWord(b) || "…"} }} block`;
    const cond = evaluate(bodyOf(b).slice(2), new Evaluator(values));
    if (isEmpty(cond)) return "its {{ if }} block is not rendered with the default values";
  }
  return true;
}

/**
 * The value of a template scalar rendered with the chart's default values (`values`: the parsed
 * values.yaml), read back as YAML; `unknown` with the reason when any part cannot be told.
 */
export function renderHelmScalar(scalar: HelmScalar, values: unknown): HelmRender {
  const ev = new Evaluator(values);
  try {
    const taken = scalar.blocks ? blocksTaken(scalar.blocks, values) : true;
    if (taken !== true) return { unknown: taken };
    const src = scalar.source;
    let out = "";
    let from = 0;
    let trimNext = false;
    for (;;) {
      const open = src.indexOf("{{", from);
      const literal = src.slice(from, open < 0 ? src.length : open);
      out += trimNext ? literal.trimStart() : literal;
      if (open < 0) break;
      const end = actionEnd(src, open);
      const action = src.slice(open, end);
      if (!action.endsWith("}}")) return { unknown: "an action is not closed" };
      // Go's trim markers need white space next to them (`{{-3}}` is the number -3).
      if (/^\{\{-\s/.test(action)) out = out.trimEnd();
      trimNext = /\s-\}\}$/.test(action);
      const body = bodyOf(action);
      if (!body.startsWith("/*")) {
        const printed = text(evaluate(body, ev));
        if (printed === "") return { unknown: "an action prints an empty string with the default values" };
        out += printed;
      }
      from = end;
    }
    const parsed = load(out, { schema: CORE_SCHEMA });
    if (typeof parsed !== "string" && typeof parsed !== "number" && typeof parsed !== "boolean") return { unknown: "the rendered text is not a scalar" };
    return { value: String(parsed), refs: [...ev.refs].sort(), defaulted: [...ev.defaulted].sort() };
  } catch (e) {
    if (e instanceof Unknown) return { unknown: e.message };
    return { unknown: "the template could not be rendered" }; // e.g. the rendered text is not YAML
  }
}

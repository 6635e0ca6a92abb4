import type * as ts from "typescript";
import type { Loc, StringSegment, Value } from "../facts.js";
import type { Ts } from "./load.js";

/** A folded string: literal pieces with their source positions, and holes where nothing is known. */
export interface FoldedString {
  value: string;
  segments: StringSegment[];
  holes: number[];
  /** Per hole, the reference it stands for (`config.baseUrl`), or "" (see Value). */
  holeRefs?: string[];
}

const MAX_DEPTH = 6;

/**
 * Evaluates expressions of one file as far as the file alone allows: literals, template literals,
 * `+` concatenation, constants, `process.env.X ?? "default"`, object and array literals.
 */
export class Evaluator {
  /** Initializers of variables declared exactly once in the file, by name. */
  private readonly decls = new Map<string, ts.Expression | null>();

  constructor(
    private readonly T: Ts,
    private readonly sf: ts.SourceFile,
    private readonly file: string,
  ) {
    const visit = (node: ts.Node): void => {
      if (T.isVariableDeclaration(node) && T.isIdentifier(node.name)) {
        const name = node.name.text;
        // A name declared twice (shadowing, reassignment by redeclaration) is not trusted.
        this.decls.set(name, this.decls.has(name) ? null : (node.initializer ?? null));
      }
      T.forEachChild(node, visit);
    };
    visit(sf);
  }

  loc(node: ts.Node): Loc {
    const start = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const end = this.sf.getLineAndCharacterOfPosition(node.getEnd());
    return { file: this.file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  /** The initializer of a once-declared variable, if any. */
  initializerOf(name: string): ts.Expression | undefined {
    return this.decls.get(name) ?? undefined;
  }

  /** Whether the expression is a string literal, a template, or a concatenation with a literal in it. */
  isStringLike(node: ts.Node): boolean {
    const T = this.T;
    if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node) || T.isTemplateExpression(node)) return true;
    if (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.PlusToken) {
      return this.isStringLike(node.left) || this.isStringLike(node.right);
    }
    if (T.isParenthesizedExpression(node)) return this.isStringLike(node.expression);
    return false;
  }

  /** Folds a string-like expression into one value; undefined when it holds no literal text. */
  fold(node: ts.Expression, depth = 0): FoldedString | undefined {
    const out: FoldedString = { value: "", segments: [], holes: [] };
    let literal = false;
    const T = this.T;
    const sf = this.sf;
    const pushText = (text: string, pos: number, multiline: boolean) => {
      const lc = sf.getLineAndCharacterOfPosition(pos);
      out.segments.push({ offset: out.value.length, text, line: lc.line + 1, column: lc.character + 1, multiline });
      out.value += text;
      literal = true;
    };
    const walk = (n: ts.Expression, d: number): void => {
      n = this.strip(n);
      if (T.isStringLiteral(n)) pushText(n.text, n.getStart(sf) + 1, false);
      else if (T.isNoSubstitutionTemplateLiteral(n)) pushText(n.text, n.getStart(sf) + 1, true);
      else if (T.isTemplateExpression(n)) {
        pushText(n.head.text, n.head.getStart(sf) + 1, true);
        for (const span of n.templateSpans) {
          walk(span.expression, d);
          pushText(span.literal.text, span.literal.getStart(sf) + 1, true);
        }
      } else if (T.isBinaryExpression(n) && n.operatorToken.kind === T.SyntaxKind.PlusToken) {
        walk(n.left, d);
        walk(n.right, d);
      } else if (T.isNumericLiteral(n)) pushText(n.text, n.getStart(sf), false);
      else if (T.isIdentifier(n) && d < MAX_DEPTH) {
        const init = this.initializerOf(n.text);
        if (init && (this.isStringLike(init) || T.isNumericLiteral(init))) walk(init, d + 1);
        else hole(n);
      } else hole(n);
    };
    const refs: string[] = [];
    const hole = (n: ts.Expression) => {
      out.holes.push(out.value.length);
      refs.push(T.isIdentifier(n) || (T.isPropertyAccessExpression(n) && /^[\w$.]+$/.test(n.getText(sf))) ? n.getText(sf) : "");
    };
    walk(node, depth);
    if (refs.some(Boolean)) out.holeRefs = refs;
    return literal ? out : undefined;
  }

  /** Strips syntax that does not change a value: parentheses, `as`, `!`, `satisfies`, `await`. */
  strip(n: ts.Expression): ts.Expression {
    const T = this.T;
    for (;;) {
      if (T.isParenthesizedExpression(n) || T.isAsExpression(n) || T.isNonNullExpression(n) || T.isSatisfiesExpression(n) || T.isTypeAssertionExpression(n)) n = n.expression;
      else return n;
    }
  }

  /** `process.env.X`, `process.env["X"]`, `import.meta.env.X` → X. */
  envName(n: ts.Expression): string | undefined {
    const T = this.T;
    n = this.strip(n);
    let target: ts.Expression | undefined;
    let name: string | undefined;
    if (T.isPropertyAccessExpression(n)) {
      target = n.expression;
      name = n.name.text;
    } else if (T.isElementAccessExpression(n) && T.isStringLiteralLike(n.argumentExpression)) {
      target = n.expression;
      name = n.argumentExpression.text;
    }
    if (!target || !name) return undefined;
    const t = target.getText(this.sf);
    return t === "process.env" || t === "import.meta.env" || t === "Bun.env" ? name : undefined;
  }

  value(node: ts.Expression, depth = 0): Value {
    const T = this.T;
    const n = this.strip(node);
    const loc = this.loc(n);
    if (depth > MAX_DEPTH) return { kind: "unknown", text: clip(n.getText(this.sf)), loc };
    if (this.isStringLike(n)) {
      const folded = this.fold(n, depth);
      if (folded) return { kind: "string", ...folded, loc };
    }
    if (T.isNumericLiteral(n)) return { kind: "number", value: Number(n.text), loc };
    if (T.isPrefixUnaryExpression(n) && n.operator === T.SyntaxKind.MinusToken && T.isNumericLiteral(n.operand)) {
      return { kind: "number", value: -Number(n.operand.text), loc };
    }
    if (n.kind === T.SyntaxKind.TrueKeyword || n.kind === T.SyntaxKind.FalseKeyword) {
      return { kind: "boolean", value: n.kind === T.SyntaxKind.TrueKeyword, loc };
    }
    const env = this.envName(n);
    if (env) return { kind: "env", name: env, loc };
    if (T.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      if (op === T.SyntaxKind.QuestionQuestionToken || op === T.SyntaxKind.BarBarToken) {
        const left = this.value(n.left, depth + 1);
        if (left.kind === "env") return { kind: "env", name: left.name, default: this.value(n.right, depth + 1), loc };
      }
    }
    if (T.isObjectLiteralExpression(n)) {
      const props: Record<string, Value> = {};
      for (const p of n.properties) {
        if (T.isPropertyAssignment(p)) {
          const key = propertyKey(T, p.name);
          if (key !== undefined) props[key] = this.value(p.initializer, depth + 1);
        } else if (T.isShorthandPropertyAssignment(p)) {
          props[p.name.text] = this.value(p.name, depth + 1);
        } else if (T.isMethodDeclaration(p) && p.body) {
          // `useFactory(config: ConfigService) { return { … }; }`
          const key = propertyKey(T, p.name);
          if (key !== undefined) props[key] = this.functionValue(p, depth + 1);
        }
      }
      return { kind: "object", props, loc };
    }
    if (T.isArrayLiteralExpression(n)) {
      return { kind: "array", items: n.elements.filter((e) => !T.isSpreadElement(e) && !T.isOmittedExpression(e)).map((e) => this.value(e, depth + 1)), loc };
    }
    if (T.isCallExpression(n) || T.isNewExpression(n)) return { kind: "call", callee: calleePath(T, n.expression, this.sf), loc };
    if (T.isIdentifier(n)) {
      const init = this.initializerOf(n.text);
      if (init) return { ...this.value(init, depth + 1) };
    }
    if (T.isArrowFunction(n) || T.isFunctionExpression(n)) return this.functionValue(n, depth);
    return { kind: "unknown", text: clip(n.getText(this.sf)), loc };
  }

  /**
   * A function stays unknown; when it returns an object (an expression body, or one top-level
   * `return …` at the end of its block: an object literal or a constant holding one) that object
   * rides along as `returns`, and so does a call it returns (`config.get("database")`). NestJS
   * `useFactory` options, and `useClass` options classes' `createTypeOrmOptions()`, are written
   * these ways.
   */
  functionValue(n: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration | ts.FunctionDeclaration, depth: number): Value {
    const out: Value = { kind: "unknown", text: clip(n.getText(this.sf)), loc: this.loc(n) };
    const returns = this.returnsOf(n, depth);
    if (returns) out.returns = returns;
    return out;
  }

  /**
   * The object or call a function returns (see functionValue), without the function's own value;
   * `wanted` narrows the returned expressions worth reading, before the body is walked.
   */
  returnsOf(n: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration | ts.FunctionDeclaration, depth: number, wanted?: (e: ts.Expression) => boolean): Value | undefined {
    const T = this.T;
    let result: ts.Expression | undefined;
    if (n.body && T.isBlock(n.body)) {
      // Only a block whose one return (nested functions aside) is its last statement. The shape of
      // that return is checked first: counting returns walks the body, and most bodies end otherwise.
      const last = n.body.statements[n.body.statements.length - 1];
      const ret = last && T.isReturnStatement(last) ? last.expression : undefined;
      const shape = ret ? this.returnShape(ret) : undefined;
      if (ret && shape && (!wanted || wanted(shape))) {
        // Stops at the second return: early returns come before the last one.
        let returns = 0;
        const count = (node: ts.Node): boolean | undefined => {
          if (T.isReturnStatement(node) && ++returns > 1) return true;
          return !T.isFunctionLike(node) && !T.isClassLike(node) ? T.forEachChild(node, count) : undefined;
        };
        T.forEachChild(n.body, count);
        if (returns === 1) result = ret;
      }
    } else if (n.body) result = n.body;
    const inner = result ? this.returnShape(result) : undefined;
    if (!inner || (wanted && !wanted(inner))) return undefined;
    const v = this.value(inner, depth + 1);
    return v.kind === "object" || v.kind === "call" ? v : undefined;
  }

  /** The returned expression, awaited or not, when it can hold options: an object literal, a name, a call. */
  private returnShape(e: ts.Expression): ts.Expression | undefined {
    const T = this.T;
    const r = this.strip(e);
    const inner = T.isAwaitExpression(r) ? this.strip(r.expression) : r;
    if (T.isIdentifier(inner)) {
      // A constant can only hold options when it is initialised with them (`return msgs` of an array is not).
      const init = this.initializerOf(inner.text);
      const i = init ? this.strip(init) : undefined;
      return i && (T.isObjectLiteralExpression(i) || T.isCallExpression(i) || T.isAwaitExpression(i) || T.isIdentifier(i)) ? inner : undefined;
    }
    return T.isObjectLiteralExpression(inner) || T.isCallExpression(inner) ? inner : undefined;
  }
}

export function propertyKey(T: Ts, name: ts.PropertyName): string | undefined {
  if (T.isIdentifier(name) || T.isStringLiteral(name) || T.isNumericLiteral(name) || T.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** `axios.create`, `this.pool.query`, `options.Client().ApplyURI`, `client["get"]`. */
export function calleePath(T: Ts, n: ts.Expression, sf: ts.SourceFile): string {
  if (T.isIdentifier(n)) return n.text;
  if (n.kind === T.SyntaxKind.ThisKeyword) return "this";
  if (n.kind === T.SyntaxKind.SuperKeyword) return "super";
  if (T.isPropertyAccessExpression(n)) return `${calleePath(T, n.expression, sf)}.${n.name.text}`;
  if (T.isElementAccessExpression(n)) {
    const arg = n.argumentExpression;
    return T.isStringLiteralLike(arg) ? `${calleePath(T, n.expression, sf)}.${arg.text}` : `${calleePath(T, n.expression, sf)}[]`;
  }
  if (T.isCallExpression(n)) return `${calleePath(T, n.expression, sf)}()`;
  if (T.isParenthesizedExpression(n) || T.isNonNullExpression(n) || T.isAsExpression(n)) return calleePath(T, n.expression, sf);
  if (T.isAwaitExpression(n)) return calleePath(T, n.expression, sf);
  return clip(n.getText(sf), 40);
}

function clip(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/**
 * Lenient reading of Helm (Go template) YAML.
 *
 * A chart template is not YAML until Helm renders it. We make it YAML without rendering it:
 * every `{{ … }}` action becomes the scalar {@link HELM_PLACEHOLDER}, and a line that holds
 * nothing but actions (`{{- if … }}`, `{{- end }}`, `{{- include … | nindent 4 }}`) becomes an
 * empty line, and a key whose whole value is a block-printing action (`labels: {{- include … |
 * nindent 4 }}`) keeps an empty value. Lines are never added or removed, so every line number in
 * the result is the line number in the template.
 */

/** What a `{{ … }}` action in a value or key becomes. */
export const HELM_PLACEHOLDER = "__HELM__";

const MARK = "\u0000";
/** Marks an action that prints an indented block (`| nindent N`). */
const BLOCK = "\u0001";

/** Whether an action prints a block on the lines below it (`{{- toYaml .Values.x | nindent 12 }}`). */
export function printsBlock(action: string): boolean {
  return /\|\s*nindent\b/.test(action);
}

/**
 * A line that is a mapping key whose whole value is one block-printing action (Bitnami's
 * `livenessProbe: {{- include "common.tplvalues.render" … | nindent 12 }}`, often followed by more
 * keys of the same block). `block` is the mark that stands for the action.
 */
export function isBlockValueLine(line: string, block: string): boolean {
  const trimmed = line.trimEnd();
  if (!trimmed.endsWith(block)) return false;
  const head = trimmed.slice(0, -block.length);
  return /^[ \t]*(?:- )?[^\s#][^#]*:[ \t]*$/.test(head) && !head.includes(block);
}

/** Whether a path sits in the `templates/` folder of a chart (`charts/api/templates/deploy.yaml`). */
export function isHelmTemplatePath(path: string): boolean {
  const segments = path.replace(/\\/g, "/").split("/");
  for (let i = 0; i < segments.length - 1; i++) if (segments[i] === "templates") return true;
  return false;
}

/**
 * Index just past the `}}` that closes the action opened at `open` (which points at `{{`), or
 * `text.length` when the action never closes. Go template strings ("…", `…`) and comments
 * (`/* … *\/`) inside the action may hold `}}`.
 */
export function actionEnd(text: string, open: number): number {
  let i = open + 2;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */ && text.charCodeAt(i + 1) === 0x7d) return i + 2;
    if (c === 0x22 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22 || d === 0x0a) break; // a string never spans lines
        else i++;
      }
      i++;
    } else if (c === 0x60 /* ` */) {
      const close = text.indexOf("`", i + 1);
      i = close < 0 ? n : close + 1;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
    } else {
      i++;
    }
  }
  return n;
}

/** A `{{ … }}` action that became a {@link HELM_PLACEHOLDER} in the neutralized text. */
export interface PlaceholderAction {
  /** The action as written, braces and trim markers included. */
  text: string;
  /** Opening actions of the `if` / `with` / `range` / `define` blocks around it, outermost first (an `else` replaces its block's opening). */
  blocks: string[];
}

export interface Neutralized {
  text: string;
  /** One entry per placeholder the neutralized text holds, in text order. */
  actions: PlaceholderAction[];
}

/** The first word of an action (`if`, `end`, `.Values.x`), without braces and trim markers. */
export function actionWord(action: string): string {
  const body = action.replace(/^\{\{-?\s*/, "");
  return /^[A-Za-z_]\w*/.exec(body)?.[0] ?? "";
}

const OPENS = new Set(["if", "with", "range", "define", "block"]);

/** Replace Go template actions so the text parses as YAML with unchanged line numbers. */
export function neutralizeHelm(text: string): string {
  return neutralizeHelmActions(text).text;
}

/**
 * {@link neutralizeHelm}, also saying which action each placeholder stands for and which control
 * blocks enclose it, so the model can render the simple ones against the chart's values.
 */
export function neutralizeHelmActions(text: string): Neutralized {
  if (!text.includes("{{")) return { text, actions: [] };
  // Pass 1: each action becomes one MARK followed by the newlines it spanned.
  const all: PlaceholderAction[] = [];
  const open: string[] = [];
  let marked = "";
  let from = 0;
  for (;;) {
    const start = text.indexOf("{{", from);
    if (start < 0) break;
    const end = actionEnd(text, start);
    const action = text.slice(start, end);
    const word = actionWord(action);
    if (word === "end") open.pop();
    else if (word === "else" && open.length > 0) open[open.length - 1] = action;
    all.push({ text: action, blocks: [...open] });
    if (OPENS.has(word)) open.push(action);
    marked += text.slice(from, start) + (printsBlock(action) ? BLOCK : MARK);
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x0a) marked += "\n";
    from = end;
  }
  marked += text.slice(from);
  // Pass 2: lines made only of actions vanish; a key whose value is a printed block keeps an
  // empty value (so keys indented below it still belong to it); other actions become the placeholder.
  const lines = marked.split("\n");
  const actions: PlaceholderAction[] = [];
  let next = 0;
  const marks = /[\u0000\u0001]/g;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const here = all.slice(next, next + (line.match(marks)?.length ?? 0));
    next += here.length;
    if (here.length === 0) continue;
    const rest = line.replace(marks, "");
    if (rest.trim() === "") {
      lines[i] = "";
    } else if (isBlockValueLine(line, BLOCK)) {
      lines[i] = line.trimEnd().slice(0, -BLOCK.length).trimEnd().replace(marks, HELM_PLACEHOLDER);
      actions.push(...here.slice(0, -1));
    } else {
      lines[i] = line.replace(marks, HELM_PLACEHOLDER);
      actions.push(...here);
    }
  }
  return { text: lines.join("\n"), actions };
}

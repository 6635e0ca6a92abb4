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

/** Replace Go template actions so the text parses as YAML with unchanged line numbers. */
export function neutralizeHelm(text: string): string {
  if (!text.includes("{{")) return text;
  // Pass 1: each action becomes one MARK followed by the newlines it spanned.
  let marked = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf("{{", from);
    if (open < 0) break;
    const end = actionEnd(text, open);
    marked += text.slice(from, open) + (printsBlock(text.slice(open, end)) ? BLOCK : MARK);
    for (let i = open; i < end; i++) if (text.charCodeAt(i) === 0x0a) marked += "\n";
    from = end;
  }
  marked += text.slice(from);
  // Pass 2: lines made only of actions vanish; a key whose value is a printed block keeps an
  // empty value (so keys indented below it still belong to it); other actions become the placeholder.
  const lines = marked.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(MARK) && !line.includes(BLOCK)) continue;
    const rest = line.split(MARK).join("").split(BLOCK).join("");
    if (rest.trim() === "") lines[i] = "";
    else if (isBlockValueLine(line, BLOCK)) lines[i] = line.trimEnd().slice(0, -BLOCK.length).trimEnd();
    else lines[i] = line.split(MARK).join(HELM_PLACEHOLDER).split(BLOCK).join(HELM_PLACEHOLDER);
  }
  return lines.join("\n");
}

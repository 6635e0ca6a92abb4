/**
 * Where a Helm template prints YAML we cannot see. {@link neutralizeHelm} blanks lines made only of
 * actions; most of those are control flow (`{{- if }}`, `{{- end }}`), but some print content
 * (`{{- include "chart.probes" . | nindent 10 }}`, `{{- toYaml .Values.resources | nindent 12 }}`),
 * and so does a key whose value is a printed block (`livenessProbe: {{- include … | nindent 12 }}`).
 * Keys such a line adds are unknown, so rules must not say "this container has no probe" when one
 * of these lines sits inside the container.
 */
import { actionEnd, isBlockValueLine, printsBlock } from "./helm.js";

/** Actions that print nothing: control flow, comments, variable assignments. */
const SILENT = /^(?:if|else|end|with|range|define|break|continue)\b|^\/\*|^\$[\w]*\s*:?=/;
const BLOCK = "\u0001";

/** Whether the action text `{{ … }}` prints something. */
export function actionEmits(action: string): boolean {
  const body = action.replace(/^\{\{-?/, "").replace(/-?\}\}$/, "").trim();
  return body !== "" && !SILENT.test(body);
}

/**
 * 1-based lines that print content we cannot see: lines of actions only, at least one of which
 * prints, and `key: {{ … | nindent N }}` lines.
 */
export function helmOutputLines(text: string): number[] {
  if (!text.includes("{{")) return [];
  /** Per line: its text outside actions, with BLOCK where a block-printing action stood. */
  const shape = new Map<number, string>();
  const emits = new Set<number>();
  let line = 1;
  let from = 0;
  const add = (l: number, s: string) => shape.set(l, (shape.get(l) ?? "") + s);
  const scanText = (end: number): void => {
    let start = from;
    for (let i = from; i < end; i++) {
      if (text.charCodeAt(i) !== 0x0a) continue;
      add(line, text.slice(start, i));
      line++;
      start = i + 1;
    }
    add(line, text.slice(start, end));
  };
  for (;;) {
    const open = text.indexOf("{{", from);
    if (open < 0) break;
    scanText(open);
    const end = actionEnd(text, open);
    const action = text.slice(open, end);
    if (actionEmits(action)) {
      emits.add(line);
      if (printsBlock(action)) add(line, BLOCK);
    }
    for (let i = open; i < end; i++) if (text.charCodeAt(i) === 0x0a) line++;
    from = end;
  }
  scanText(text.length);
  return [...emits]
    .filter((l) => {
      const s = (shape.get(l) ?? "").replace(/\r$/, "");
      return s.split(BLOCK).join("").trim() === "" || isBlockValueLine(s, BLOCK);
    })
    .sort((a, b) => a - b);
}

/** Small helpers the resilience detectors share. */
import type { FindingInput } from "../../check/rule.js";

/** The location fields of a finding at a model site. */
export function where(s: { file: string; line: number; column?: number; service?: string }): Pick<FindingInput, "file" | "line" | "column" | "service"> {
  return { file: s.file, line: s.line, ...(s.column !== undefined ? { column: s.column } : {}), ...(s.service ? { service: s.service } : {}) };
}

/** `4000 ms` / `5 s` for messages. */
export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${Math.round(ms * 1000) / 1000} ms`;
}

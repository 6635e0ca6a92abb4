import type { AdrConfig, Waiver } from "./types.js";

type Fail = (where: string, what: string) => never;

const WAIVER_KEYS = new Set(["rule", "adr", "reason", "paths", "services"]);

/** `adr: { dir }` — where the decision records live, relative to the config file's folder. */
export function validateAdrConfig(value: unknown, fail: Fail): AdrConfig {
  if (!isMapping(value)) return fail("adr", "must be a mapping (dir)");
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (key !== "dir") fail(`adr.${key}`, "unknown key (expected dir)");
  if (v.dir !== undefined && (typeof v.dir !== "string" || v.dir.trim() === "")) fail("adr.dir", "must be a non-empty string");
  return v.dir !== undefined ? { dir: (v.dir as string).trim() } : {};
}

/**
 * `waivers:` — each silences one rule for some paths or services, and only with a reason and the
 * number of the decision record that accepted the exception.
 */
export function validateWaivers(value: unknown, fail: Fail, text = ""): Waiver[] {
  if (!Array.isArray(value)) return fail("waivers", "must be a list of { rule, adr, reason, paths | services }");
  const lines = waiverLines(text);
  return value.map((w, i) => {
    const where = `waivers[${i}]`;
    if (!isMapping(w)) return fail(where, "must be a mapping with rule, adr, reason and paths or services");
    const v = w as Record<string, unknown>;
    for (const key of Object.keys(v)) if (!WAIVER_KEYS.has(key)) fail(`${where}.${key}`, `unknown key (expected ${[...WAIVER_KEYS].join(", ")})`);
    if (typeof v.rule !== "string" || !v.rule) fail(`${where}.rule`, "must be a rule id");
    const adr = typeof v.adr === "string" ? Number(/^\s*(?:adr[-\s]?)?0*(\d+)\s*$/i.exec(v.adr)?.[1] ?? NaN) : v.adr;
    if (typeof adr !== "number" || !Number.isInteger(adr) || adr < 0) fail(`${where}.adr`, "must be the number of a decision record (e.g. 7 or ADR-0007)");
    if (typeof v.reason !== "string" || v.reason.trim() === "") fail(`${where}.reason`, "must say why the rule is waived");
    const waiver: Waiver = { rule: v.rule as string, adr: adr as number, reason: (v.reason as string).trim(), line: lines[i] ?? lines[0] ?? 1 };
    for (const key of ["paths", "services"] as const) {
      if (v[key] === undefined) continue;
      if (!Array.isArray(v[key]) || (v[key] as unknown[]).some((x) => typeof x !== "string") || (v[key] as unknown[]).length === 0) {
        fail(`${where}.${key}`, "must be a non-empty list of strings");
      }
      waiver[key] = v[key] as string[];
    }
    if (!waiver.paths && !waiver.services) fail(where, "must name the paths or services it covers (a waiver never silences a rule everywhere)");
    return waiver;
  });
}

/** The line of each `- ` item under the top-level `waivers:` key (flow style: the key's line). */
function waiverLines(text: string): number[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^waivers\s*:/.test(l));
  if (start === -1) return [];
  if (/^waivers\s*:\s*\[/.test(lines[start]!)) return [start + 1];
  const out: number[] = [];
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^[^\s#-]/.test(l)) break;
    const m = /^(\s*)-\s/.exec(l);
    if (!m) continue;
    indent ??= m[1]!.length;
    if (m[1]!.length === indent) out.push(i + 1);
  }
  return out;
}

function isMapping(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

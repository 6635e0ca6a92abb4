import type { Detector } from "../../check/rule.js";
import type { AdrFact, AdrItem } from "../../extract/facts.js";
import { isIsoDate } from "../../extract/markdown/names.js";
import { isBoilerplate, namedThing, partOf, splitLabel, vagueness, type ItemText, type RollbackPart } from "./concrete.js";
import { adrRecords, anchor, itemsUnder, label, sectionsMatching, stringList } from "./records.js";

const ROLLBACK = /roll ?back|back ?out|revert(?:ing)? plan|way back|exit plan|fallback plan/i;
const ROLLBACK_HEADING = /^(?:[\d.)\s]*)(?:roll[- ]?back|back[- ]?out|revert|way back|exit plan|fallback plan)\b|\b(?:and|&)\s+roll[- ]?back\b/i;

const PARTS: Array<{ part: RollbackPart; what: string }> = [
  { part: "kill-switch", what: "a named kill switch (flag, config key or command)" },
  { part: "steps", what: "the rollback steps" },
  { part: "trigger", what: "a trigger (metric and threshold)" },
  { part: "verification", what: "how the rollback is verified" },
];

interface Group {
  line: number;
  column: number;
  items: AdrItem[];
}

/**
 * A decision without a verified way back is not ready. For proposed and accepted records the
 * rollback group must name a kill switch, list the steps, give a trigger with a metric and a
 * threshold, and say how the rollback is verified — each concrete, not boilerplate.
 */
export const adrRollbackPlan: Detector = {
  name: "adr-rollback-plan",
  defaults: { statuses: ["proposed", "accepted"], since: "" },
  run({ model, params, report }) {
    const statuses = stringList(params.statuses);
    const since = typeof params.since === "string" && isIsoDate(params.since) ? params.since : undefined;
    for (const r of adrRecords(model)) {
      const { statusValue, date } = r.fact;
      if (!statusValue || !statuses.includes(statusValue)) continue;
      if (since && date && isIsoDate(date.text) && date.text < since) continue;
      const group = rollbackGroup(r.fact);
      if (!group) {
        report({
          ...anchor(r),
          service: r.service,
          message: `${label(r)} is ${statusValue} but has no rollback plan; add a 'Rollback' checklist with ${andList(PARTS.map((p) => p.what))}.`,
        });
        continue;
      }
      if (group.items.every((i) => isBoilerplate(splitLabel(i.text).body))) {
        const said = group.items[0] ? ` says only '${clip(group.items[0].text)}'` : " is empty";
        report({
          file: r.file,
          line: group.line,
          column: group.column,
          service: r.service,
          message: `The rollback plan of ${label(r)}${said}; that is not a way back; add ${andList(PARTS.map((p) => p.what))}.`,
        });
        continue;
      }
      const byPart = classify(r.fact, group.items);
      const missing = PARTS.filter((p) => !byPart.has(p.part));
      if (missing.length > 0) {
        report({
          file: r.file,
          line: group.line,
          column: group.column,
          service: r.service,
          message: `The rollback plan of ${label(r)} lacks ${andList(missing.map((p) => p.what))}.`,
        });
      }
      for (const { part, what } of PARTS) {
        const items = byPart.get(part) ?? [];
        const reasons = items.map((i) => vagueness(part, i.text));
        if (items.length === 0 || reasons.some((x) => x === undefined)) continue;
        const first = items[0]!;
        report({
          file: r.file,
          line: first.item.line,
          column: first.item.column,
          service: r.service,
          message: `The rollback item for ${what} in ${label(r)} is not concrete: ${reasons[0]}.`,
        });
      }
    }
  },
};

/** The items under a rollback heading, or under a `Rollback:` list item. */
function rollbackGroup(fact: AdrFact): Group | undefined {
  // "## Rollback plan", "### Rollout and rollback" before "### Option 2: roll back to the monolith"
  const named = sectionsMatching(fact, ROLLBACK_HEADING);
  const sections = named.length > 0 ? named : sectionsMatching(fact, ROLLBACK).filter((i) => !/^(?:option|pros|cons|considered)\b/i.test(fact.sections[i]!.title));
  if (sections.length > 0) {
    const s = sections[0]!;
    const items = sections.flatMap((i) => itemsUnder(fact, i));
    return { line: fact.sections[s]!.line, column: 1, items: [...new Set(items)] };
  }
  const index = fact.items.findIndex((it) => {
    const { label, body } = splitLabel(it.text);
    return ROLLBACK.test(label ?? body) && (label !== undefined ? true : body.split(/\s+/).length <= 3);
  });
  if (index === -1) return undefined;
  const head = fact.items[index]!;
  const below = fact.items.filter((_, i) => isBelow(fact, i, index));
  // "- Rollback: set `X=off` and restart" — one line is the whole plan
  const body = splitLabel(head.text).body;
  const lone = { ...head, text: body, checked: undefined } as AdrItem;
  return { line: head.line, column: head.column, items: below.length > 0 ? below : body ? [lone] : [] };
}

function isBelow(fact: AdrFact, i: number, ancestor: number): boolean {
  for (let p = fact.items[i]!.parent; p !== undefined; p = fact.items[p]!.parent) if (p === ancestor) return true;
  return false;
}

interface Classified {
  item: AdrItem;
  text: ItemText;
}

/** Top-level items of the group by the part they are, with their nested items as sub-steps. */
function classify(fact: AdrFact, items: AdrItem[]): Map<RollbackPart, Classified[]> {
  const inGroup = new Set(items);
  const out = new Map<RollbackPart, Classified[]>();
  for (const item of items) {
    const parent = item.parent !== undefined ? fact.items[item.parent] : undefined;
    if (parent && inGroup.has(parent)) continue;
    const part = partOf(item.text);
    if (!part) continue;
    const text = textOf(fact, item, false);
    out.set(part, [...(out.get(part) ?? []), { item, text }]);
  }
  // Unlabelled plans: "1. Disable the breaker: set `X=off` …" names the switch inside a step, and
  // the unlabelled items together are the steps.
  if (!out.has("kill-switch")) {
    const sw = items.find((i) => SWITCH_VERB.test(prose(i.text)) && namedThing(textOf(fact, i, false)));
    if (sw) out.set("kill-switch", [{ item: sw, text: textOf(fact, sw, false) }]);
  }
  // Prose plans: "If the error rate exceeds 1% for 5 minutes we roll back; the 'Orders' dashboard
  // shows it worked." A sentence that says when, or how it is checked, concretely, counts.
  for (const [part, re] of PROSE_EVIDENCE) {
    if (out.has(part)) continue;
    const hit = items.find((i) => !partOf(i.text) && re.test(prose(i.text)) && vagueness(part, textOf(fact, i, true)) === undefined);
    if (hit) out.set(part, [{ item: hit, text: textOf(fact, hit, true) }]);
  }
  if (!out.has("steps")) {
    const loose = items.filter((i) => !(i.parent !== undefined && inGroup.has(fact.items[i.parent]!)) && !partOf(i.text) && !isBoilerplate(i.text));
    if (loose.length > 0) {
      const first = loose[0]!;
      out.set("steps", [{ item: first, text: { body: first.text, code: loose.flatMap((i) => i.code), links: loose.flatMap((i) => i.links), children: loose.slice(1).map((i) => i.text) } }]);
    }
  }
  return out;
}

const PROSE_EVIDENCE: Array<[RollbackPart, RegExp]> = [
  ["trigger", /\b(?:if|when|whenever|once|trigger(?:ed|s)?)\b/i],
  ["verification", /verif|confirm|validat|dashboard|smoke test|synthetic|\bprobes?\b|\bchecks?\b|\bproves?\b|\bshows?\b/i],
];

const SWITCH_VERB = /kill[- ]?switch|\bflag\b|toggle|disabl|turn(?:ing)? (?:it )?off|switch(?:ing)? (?:off|back)|\bflip|\bset(?:ting|s)?\b/i;

/** Text without its code spans: `CHECKOUT_URL` is not the word "check". */
const prose = (text: string) => text.replace(/`[^`]*`/g, " ");

function textOf(fact: AdrFact, item: AdrItem, withLabel: boolean): ItemText {
  const own = fact.items.indexOf(item);
  const children = fact.items.filter((_, i) => isBelow(fact, i, own));
  return {
    body: withLabel ? item.text : splitLabel(item.text).body,
    code: [...item.code, ...children.flatMap((c) => c.code)],
    links: [...item.links, ...children.flatMap((c) => c.links)],
    children: children.map((c) => c.text),
  };
}

function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

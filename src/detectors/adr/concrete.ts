/**
 * What makes a rollback item concrete. A reviewer at 3 a.m. must be able to act on it without
 * asking anyone: the switch has a name, the trigger a metric and a threshold, the verification a
 * check someone can run. "Revert the PR", "roll back if needed" and "TBD" give them nothing.
 */

export type RollbackPart = "kill-switch" | "steps" | "trigger" | "verification";

export interface ItemText {
  /** The item's text without its label (`**Kill switch:**`). */
  body: string;
  code: string[];
  links: string[];
  /** Texts of the items nested under it (sub-steps). */
  children: string[];
}

/** The label an item starts with (`Kill switch:`, `**Trigger**:`), lower-cased, if any. */
export function splitLabel(text: string): { label?: string; body: string } {
  const m = /^\s*(?:\*\*|__)?([^:*_`]{2,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$/s.exec(text);
  if (!m || m[1]!.trim().split(/\s+/).length > 5) return { body: text.trim() };
  return { label: m[1]!.trim().toLowerCase(), body: m[2]!.trim() };
}

const PART_BY_LABEL: Array<[RollbackPart, RegExp]> = [
  ["kill-switch", /kill[- ]?switch|feature[- ]?flag|\bflag\b|toggle|off[- ]?switch|config(?:uration)? key/],
  ["trigger", /trigger|when to roll|roll ?back (?:when|if)|criteri|threshold|abort|condition/],
  ["verification", /verif|confirm|validat|how (?:we|to) know|proof|\bchecks?\b/],
  ["steps", /steps?\b|procedure|how to roll|runbook|playbook|plan|actions?/],
];

/** Which part of a rollback group an item is, from its label or, without one, its first words. */
export function partOf(text: string): RollbackPart | undefined {
  const { label, body } = splitLabel(text);
  // Without a label, the first words of the prose decide (code spans left out: `CHECKOUT_URL` is no "check").
  const probe = label ?? body.replace(/`[^`]*`/g, " ").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4).join(" ");
  for (const [part, re] of PART_BY_LABEL) if (re.test(probe)) return part;
  return undefined;
}

const BOILERPLATE = [
  /^(?:we (?:will|can|could|would) )?(?:simply |just )?(?:revert|roll ?back|undo|back ?out|redeploy|go back)(?: to)?(?: the)?(?: (?:previous|old|last) (?:version|release|state))?(?: (?:pr|pull request|commits?|changes?|deploy(?:ment)?|release|merge|code|migration|decision|feature))?(?: if (?:needed|necessary|required|something goes wrong|(?:there are )?(?:any )?(?:problems|issues) (?:arise|occur)|it (?:fails|breaks|doesn't work)))?(?: and redeploy)?$/,
  /^(?:n\/?a|none|nothing|tbd|tbc|todo|to be (?:decided|defined|determined|done|written)|see above|as usual|standard (?:rollback )?(?:procedure|process)|usual (?:process|procedure)|if needed|when needed|if necessary|monitor(?: it)?|check (?:that )?(?:it|everything) works|make sure (?:it|everything) works|test it|it works|dashboards?|alerts?|metrics?)$/,
];

/** Text that says nothing specific, once label, punctuation and filler are gone. */
export function isBoilerplate(body: string): boolean {
  const t = body
    .toLowerCase()
    .replace(/[`*_"'“”‘’]/g, "")
    .replace(/[.!;,]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return t === "" || BOILERPLATE.some((re) => re.test(t));
}

const PLACEHOLDER_NAME = /^(?:[{<[].*[}>\]]|tbd|tbc|todo|xxx+|n\/a|\.\.\.|…|name|flag|switch|key)$/i;

/** A name someone can type: a code span or a quoted name that is not itself a placeholder. */
export function namedThing(item: ItemText): string | undefined {
  const code = item.code.find((c) => c.trim().length >= 2 && !PLACEHOLDER_NAME.test(c.trim()));
  if (code) return code;
  // "Orders / Kafka lag" or 'orders-kafka-lag'; a single quote only as a quote, never an apostrophe
  for (const re of [/["“]([^"”\n]{2,80})["”]/g, /(?:^|[\s(])'([^'\n]{2,60})'(?=[\s).,;:]|$)/g]) {
    for (const m of item.body.matchAll(re)) {
      const name = m[1]!.trim();
      if (!PLACEHOLDER_NAME.test(name) && /[A-Za-z]/.test(name)) return name;
    }
  }
  return undefined;
}

const NUMBER = /\d/;
const COMPARATOR =
  /[<>≤≥]|\b(?:above|below|over|under|exceeds?|exceeding|more than|less than|fewer than|greater than|higher than|lower than|drops?|falls?|rises?|increases?|grows?|at least|at most|beyond|outside|reaches|for more than|within)\b|[+-]\s?\d+(?:\.\d+)?\s?%/i;
const METRIC =
  /latency|\bp\d{2,3}\b|percentile|error(?:s|\s+rate|\s+budget)?\b|\b[45]xx\b|\b5\d\d\b|throughput|\blag\b|queue|backlog|saturation|\bcpu\b|memory|availability|success rate|\bslo\b|burn rate|timeouts?|apdex|duration|\brps\b|\bqps\b|requests|dead[- ]letter|\bdlq\b|offsets?|retries|failures?|response time|hit rate|miss rate|rejections?|messages?|restarts?|crash/i;

/** A metric, a comparison and a number: "p99 latency +15% over baseline", "consumer lag > 10k for 5 min". */
export function hasThreshold(item: ItemText): boolean {
  const text = [item.body, ...item.children].join(" ");
  return NUMBER.test(text) && COMPARATOR.test(text) && (METRIC.test(text) || item.code.length > 0);
}

/** Why an item of this part is not concrete, or undefined when it is. */
export function vagueness(part: RollbackPart, raw: ItemText): string | undefined {
  // A template prompt left in ("{metric} {comparison} {threshold}") is not content, whatever its example says.
  const unprompt = (t: string) => t.replace(/\{[^{}]*\}/g, " ").trim();
  const item: ItemText = { ...raw, body: unprompt(raw.body), children: raw.children.map(unprompt) };
  if (item.body === "" && /\{[^{}]*\}/.test(raw.body) && item.children.every((c) => c === "")) return "it is still the template's prompt";
  if (isBoilerplate(item.body) && item.children.every(isBoilerplate)) return "it is boilerplate";
  switch (part) {
    case "kill-switch":
      return namedThing(item) ? undefined : "it names no flag, config key or command (write it in backticks)";
    case "trigger":
      return hasThreshold(item) ? undefined : "it gives no metric with a threshold (e.g. 'p99 latency > 300 ms for 5 min')";
    case "verification":
      return namedThing(item) || item.links.length > 0 || hasThreshold(item)
        ? undefined
        : "it names no check, dashboard, query or command that shows the rollback worked";
    case "steps": {
      const real = item.children.filter((c) => !isBoilerplate(c));
      if (namedThing(item) || item.links.length > 0 || real.length >= 2) return undefined;
      const clauses = item.body.split(/[;,.]\s+|\s+(?:then|and then|→|->)\s+/).filter((c) => c.trim().split(/\s+/).length >= 3);
      return clauses.length >= 2 && item.body.split(/\s+/).length >= 10 ? undefined : "it lists no concrete steps (commands, or at least two actions in order)";
    }
  }
}

/**
 * Template text nobody replaced. Patterns come from the templates in the wild: MADR 3/4 `{…}`
 * prompts and `{proposed | accepted | …}`, MADR 2 `[describe …]` and `[a | b]`, adr-tools' default
 * Nygard sentences, archlint's own `{…}`, and the usual TBD/TODO markers. Called on prose only
 * (text nodes), never on code, so `{ "a": 1 }` in a code span is not a placeholder.
 */

export interface Placeholder {
  text: string;
  offset: number;
}

const PATTERNS: RegExp[] = [
  // MADR 3/4 and archlint templates: {short title of solved problem}, {YYYY-MM-DD …}; a space
  // inside, so a path like /orders/{id} in prose is not one; no quotes or `=`, so JSON and code
  // written in prose ({ "alg": "RS256" }) are not either
  /\{[^{}\n"=$]*[A-Za-z][^{}\n"=$]*\s[^{}\n"=$]*\}/g,
  // Choice lists: [proposed | rejected | accepted], {draft | proposed}
  /\[[^\][\n]*\|[^\][\n]*\]/g,
  // …also when a link inside cuts the text: [proposed | rejected | … | superseded by [ADR-0005](…)]
  /\[\s*[a-z]+\s*\|\s*[a-z]+\s*\|[^\n\]]*/gi,
  // MADR 2 prompts: [describe the context …], [list everyone involved …], [e.g., …], [YYYY-MM-DD …]
  /\[(?:describe|list |short title|option \d|e\.g\.|YYYY|argument|driver|justification|give |add |link |explain|summar)[^\]\n]*\]/gi,
  // TBD anywhere; TODO / FIXME as markers ("TODO: …", "TODO(ana)", alone), not "the TODO markers"
  /\b(?:TBD|TBC)\b/g,
  /\b(?:TODO|FIXME)\b(?=\s*[:(]|\s*$)|^\s*(?:TODO|FIXME)\b/g,
  // adr-tools' default Nygard template, left as written
  /The issue motivating this decision, and any context that influences or constrains the decision\./g,
  /The change that we're proposing or have agreed to implement\./g,
  /What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated\./g,
];

export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (out.some((p) => m.index! < p.offset + p.text.length && p.offset < m.index! + m[0].length)) continue;
      out.push({ text: m[0], offset: m.index! });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

import type { AdrFile } from "./records.js";

/** What a link to a record needs. */
export interface LinkTarget {
  path: string;
  number?: number;
  title: string;
}

export function refOf(file: AdrFile): LinkTarget {
  return { path: file.path, title: file.fact.title?.text ?? file.name.replace(/\.md$/i, ""), ...(file.number !== undefined ? { number: file.number } : {}) };
}

/** How one record names another in a link: `[7. Use Kafka](0007-use-kafka.md)`. */
export function linkTo(target: LinkTarget, fromPath: string): string {
  const label = target.number !== undefined ? `${target.number}. ${target.title}` : target.title;
  return `[${label.replace(/[[\]]/g, "")}](${relativeLink(fromPath, target.path)})`;
}

function relativeLink(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

/**
 * The record's text with its status replaced, in whichever format it states it (front matter
 * value, `- Status:` bullet, or the first line of the `## Status` section): the old status text is
 * swapped in place, so quoting and layout survive. Undefined when the record states no status.
 */
export function withStatus(file: AdrFile, status: string): string | undefined {
  const s = file.fact.status;
  if (!s) return undefined;
  const lines = file.text.split("\n");
  const line = lines[s.line - 1];
  if (line === undefined) return undefined;
  const at = line.indexOf(s.text, s.column - 1) >= 0 ? line.indexOf(s.text, s.column - 1) : line.indexOf(s.text);
  if (at < 0) return undefined;
  // A bare YAML value with a link needs quotes to stay one string.
  const inYaml = file.fact.format === "front-matter" && s.line < (file.fact.title?.line ?? Infinity);
  const quoted = line[at - 1] === '"' || line[at - 1] === "'";
  const value = inYaml && !quoted && /[[\]:#{}]/.test(status) ? JSON.stringify(status) : status;
  lines[s.line - 1] = line.slice(0, at) + value + line.slice(at + s.text.length);
  return lines.join("\n");
}

/**
 * Adds a `Supersedes [..](..)` line: after the status line in a Nygard record (where adr-tools puts
 * it), else right under the title.
 */
export function withSupersedesLine(text: string, file: AdrFile, target: AdrFile): string {
  const lines = text.split("\n");
  const after = file.fact.format === "nygard" && file.fact.status ? file.fact.status.line : (file.fact.title?.line ?? 0);
  lines.splice(after, 0, "", `Supersedes ${linkTo(refOf(target), file.path)}`);
  return lines.join("\n");
}

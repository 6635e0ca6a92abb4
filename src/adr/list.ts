import type { AdrFile } from "./records.js";

/** One row of `archlint adr list`. */
export interface AdrRow {
  number?: number;
  title: string;
  status: string;
  date?: string;
  supersedes: string[];
  supersededBy: string[];
  file: string;
}

export function adrRows(files: AdrFile[]): AdrRow[] {
  const ref = (r: { targetNumber?: number; targetFile?: string; target: string }) =>
    r.targetNumber !== undefined ? String(r.targetNumber) : (r.targetFile ?? r.target);
  return files
    .map((f) => ({
      ...(f.number !== undefined ? { number: f.number } : {}),
      title: f.fact.title?.text ?? f.name,
      status: f.fact.statusValue ?? "",
      ...(f.fact.date ? { date: f.fact.date.text } : {}),
      supersedes: f.fact.relations.filter((r) => r.kind === "supersedes").map(ref),
      supersededBy: f.fact.relations.filter((r) => r.kind === "superseded-by").map(ref),
      file: f.path,
    }))
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export function formatRows(rows: AdrRow[], format: "text" | "json" | "markdown"): string {
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const cells = rows.map((r) => [
    r.number !== undefined ? String(r.number) : "-",
    r.title,
    r.status || "(none)",
    r.date ?? "",
    [...r.supersedes.map((s) => `supersedes ${s}`), ...r.supersededBy.map((s) => `by ${s}`)].join(", "),
  ]);
  const head = ["#", "title", "status", "date", "links"];
  if (format === "markdown") {
    const esc = (t: string) => t.replace(/[|\\`*_[\]<>]/g, "\\$&");
    return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...cells.map((c) => `| ${c.map(esc).join(" | ")} |`)].join("\n") + "\n";
  }
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(head), ...cells.map(line)].join("\n") + "\n";
}

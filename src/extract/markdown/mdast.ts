import type { Nodes, Parent, PhrasingContent, Root } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

/** Markdown → mdast with YAML front matter and GFM (task items get `checked` only with remark-gfm). */
const processor = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm);

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** Where a node starts (1-based); nodes made by plugins always carry a position when parsed. */
export function startOf(node: Nodes): { line: number; column: number } {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

export function isParent(node: Nodes): node is Nodes & Parent {
  return Array.isArray((node as Parent).children);
}

/** Inline text as a reader sees it, with inline code kept in backticks so "named in code" survives. */
export function inlineText(nodes: readonly Nodes[]): string {
  let out = "";
  for (const n of nodes) {
    if (n.type === "text") out += n.value;
    else if (n.type === "inlineCode") out += `\`${n.value}\``;
    else if (n.type === "break") out += " ";
    else if (n.type === "html") continue;
    else if (isParent(n)) out += inlineText(n.children as PhrasingContent[]);
  }
  return out.replace(/\s+/g, " ").trim();
}

/** Every node under `root` (pre-order), with the nodes it sits inside. */
export function* walk(node: Nodes, ancestors: Nodes[] = []): Generator<{ node: Nodes; ancestors: Nodes[] }> {
  yield { node, ancestors };
  if (!isParent(node)) return;
  const next = [...ancestors, node];
  for (const child of node.children as Nodes[]) yield* walk(child, next);
}

export { graphDot, graphJson, graphMermaid } from "./text.js";
export { graphHtml } from "./html.js";

export const graphFormats = ["json", "mermaid", "dot", "html"] as const;
export type GraphFormat = (typeof graphFormats)[number];

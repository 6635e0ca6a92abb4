import type * as TsNamespace from "typescript";

export type Ts = typeof TsNamespace;

let loaded: Promise<Ts> | undefined;

/**
 * The TypeScript compiler that ts-morph bundles, loaded on first use (about 0.8 s): a scan with no
 * TS/JS file never pays for it. The raw compiler API is used rather than ts-morph's wrappers
 * because extraction only needs one syntactic walk per file, without a Project or type checker.
 */
export function loadTs(): Promise<Ts> {
  loaded ??= import("ts-morph").then((m) => m.ts as unknown as Ts);
  return loaded;
}

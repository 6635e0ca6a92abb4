export const mutationNames: string[];
export function generatePair(seed: number, opts?: { files?: number; messagesPerFile?: number; mutations?: number; syntaxes?: string[]; only?: string[] }): { old: Map<string, string>; new: Map<string, string>; applied: string[] };

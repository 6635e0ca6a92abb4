export interface BufFinding { path?: string; start_line: number; start_column: number; end_line?: number; end_column?: number; type: string; message: string }
export interface PairDiff { seed: number; category: string; dir?: string; applied: string[]; buf: BufFinding[]; ours: BufFinding[]; onlyBuf: string[]; onlyOurs: string[] }
export function bufBinary(): string | null;
export function writeTree(root: string, files: Iterable<[string, string]>): void;
export function runBuf(newDir: string, oldDir: string): BufFinding[];
export function runOurs(newDir: string, oldDir: string): Promise<BufFinding[]>;
export function findingKey(x: BufFinding): string;
export function diffPair(seed: number, opts?: { category?: string; keep?: boolean; files?: number; messagesPerFile?: number; mutations?: number; syntaxes?: string[]; only?: string[] }): Promise<PairDiff>;

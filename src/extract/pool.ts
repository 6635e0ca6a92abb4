import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Discovery, DiscoveredFile } from "../discover/types.js";
import type { FileFacts } from "./facts.js";
import { FileExtractor, type ExtractOptions } from "./index.js";

type Progress = (done: number, total: number) => void;

/** Below this many files, starting workers (each loads its own parsers) costs more than it saves. */
const PARALLEL_THRESHOLD = 400;
const workerScript = fileURLToPath(new URL("./worker.js", import.meta.url));

/** Extracts every discovered file; results come back in discovery (path) order. */
export async function extractAll(discovery: Discovery, options: ExtractOptions & { concurrency?: number }, onProgress?: Progress): Promise<FileFacts[]> {
  const files = discovery.files;
  const out: FileFacts[] = new Array(files.length);
  const lanes = options.concurrency ?? Math.min(availableParallelism(), 4);
  // Under a test runner the sources are .ts and there is no worker.js to start: stay in-process.
  const parallel = lanes > 1 && (options.concurrency !== undefined || files.length >= PARALLEL_THRESHOLD) && existsSync(workerScript);
  const shares = split(files, parallel ? lanes : 1);
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, files.length);
  };
  // The main thread takes the first share itself; each other share gets a worker thread.
  await Promise.all([extractHere(discovery.root, shares[0]!, options, out, progress), ...shares.slice(1).map((s) => extractInWorker(discovery.root, s, options, out, progress))]);
  return out;
}

type Share = Array<{ index: number; file: DiscoveredFile }>;

/** Balanced by size: largest files first, each to the lightest share. */
function split(files: DiscoveredFile[], count: number): Share[] {
  const shares = Array.from({ length: count }, () => ({ bytes: 0, files: [] as Share }));
  const bySize = files.map((file, index) => ({ index, file })).sort((a, b) => b.file.size - a.file.size || a.index - b.index);
  for (const item of bySize) {
    const lightest = shares.reduce((m, s) => (s.bytes < m.bytes ? s : m));
    lightest.files.push(item);
    lightest.bytes += item.file.size;
  }
  return shares.map((s) => s.files);
}

async function extractHere(root: string, share: Share, options: ExtractOptions, out: FileFacts[], progress: (n: number) => void): Promise<void> {
  const extractor = new FileExtractor(options);
  for (let i = 0; i < share.length; i++) {
    const { index, file } = share[i]!;
    try {
      out[index] = await extractor.extract(file, join(root, file.path));
    } catch (err) {
      // An extractor bug must not end the run: the file becomes a parse-error finding.
      out[index] = internalError(file, err);
    }
    if (i % 100 === 99 || i === share.length - 1) {
      progress(i % 100 + 1);
      // Let worker messages in while this thread works.
      await new Promise((r) => setImmediate(r));
    }
  }
}

function extractInWorker(root: string, share: Share, options: ExtractOptions, out: FileFacts[], progress: (n: number) => void): Promise<void> {
  if (share.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: { root, files: share, options: { maxFileBytes: options.maxFileBytes } } });
    worker.on("message", (msg: Array<{ index: number; facts: FileFacts }> | "done") => {
      if (msg === "done") return;
      for (const { index, facts } of msg) out[index] = facts;
      progress(msg.length);
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`extraction worker exited with code ${code}`));
      // A file the worker never answered for (only if it died) stays visible as a parse-error.
      for (const { index, file } of share) out[index] ??= internalError(file, new Error("no result from worker"));
      resolve();
    });
  });
}

function internalError(file: DiscoveredFile, err: unknown): FileFacts {
  return { file: file.path, language: file.language, facts: [], parseError: { message: `internal error while parsing: ${(err as Error).message.split("\n")[0]}` } };
}

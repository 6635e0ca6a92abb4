import { parentPort, workerData } from "node:worker_threads";
import { join } from "node:path";
import type { DiscoveredFile } from "../discover/types.js";
import type { FileFacts } from "./facts.js";
import { FileExtractor, type ExtractOptions } from "./index.js";

/** One extraction worker: parses its share of the files and posts their facts back in batches. */
interface Job {
  root: string;
  files: Array<{ index: number; file: DiscoveredFile }>;
  options: ExtractOptions;
}

const job = workerData as Job;
const extractor = new FileExtractor(job.options);
let batch: Array<{ index: number; facts: FileFacts }> = [];
for (const { index, file } of job.files) {
  let facts: FileFacts;
  try {
    facts = await extractor.extract(file, join(job.root, file.path));
  } catch (err) {
    facts = { file: file.path, language: file.language, facts: [], parseError: { message: `internal error while parsing: ${(err as Error).message.split("\n")[0]}` } };
  }
  batch.push({ index, facts });
  if (batch.length >= 100) {
    parentPort!.postMessage(batch);
    batch = [];
  }
}
parentPort!.postMessage(batch);
parentPort!.postMessage("done");

import { join } from "node:path";
import type { Discovery } from "../discover/types.js";
import type { FileFacts } from "./facts.js";
import { FileExtractor, type ExtractOptions } from "./index.js";

/** Extracts every discovered file, in path order, with bounded I/O concurrency. */
export async function extractAll(
  discovery: Discovery,
  options: ExtractOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<FileFacts[]> {
  const extractor = new FileExtractor(options);
  const files = discovery.files;
  const out: FileFacts[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      try {
        out[i] = await extractor.extract(file, join(discovery.root, file.path));
      } catch (err) {
        // An extractor bug must not end the run: the file becomes a parse-error finding.
        out[i] = { file: file.path, language: file.language, facts: [], parseError: { message: `internal error while parsing: ${(err as Error).message.split("\n")[0]}` } };
      }
      done++;
      if (onProgress && (done % 200 === 0 || done === files.length)) onProgress(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

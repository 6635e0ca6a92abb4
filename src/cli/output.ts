import { writeFileSync } from "node:fs";
import { UsageError } from "./errors.js";

/** Writes a file the user named (`--output`, `--write-baseline`); a failure is a one-line usage error. */
export function writeFileOrFail(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** `--output <file>` when given, stdout otherwise. */
export function writeOrPrint(output: string | undefined, text: string): void {
  if (output) writeFileOrFail(output, text);
  else process.stdout.write(text);
}

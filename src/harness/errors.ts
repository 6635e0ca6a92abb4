/** A harness YAML (or a file it names) the user must fix: printed as one line, exit code 2. */
export class HarnessConfigError extends Error {}

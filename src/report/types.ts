/** Options every reporter accepts. Reporters never read the environment: the caller decides. */
export type ReporterOptions = {
  /** Emit ANSI colours (only the stylish reporter uses them). */
  color: boolean;
};

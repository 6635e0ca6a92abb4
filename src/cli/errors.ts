/** Errors the user can fix (a bad flag value, a file that cannot be written): one line, exit code 2. */
export class UsageError extends Error {}

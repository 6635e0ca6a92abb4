/** Timers that can all be cancelled at once: whatever the harness schedules dies with its owner. */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** Resolves when `closing` does, or after `ms` at the latest (a server's close waits for its peers). */
export function bounded(closing: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([closing, new Promise((r) => setTimeout(r, ms).unref())]);
}

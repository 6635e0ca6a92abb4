/**
 * Toxics as Toxiproxy defines them (type, stream, toxicity, attributes; same names and units), and
 * the stage interface each toxic family implements. A link (one connection, one direction) runs
 * its data through a chain of stages; each stage may delay, split, drop or cut.
 */
export type ToxicType = "latency" | "bandwidth" | "slicer" | "slow_close" | "timeout" | "reset_peer" | "limit_data";
export const toxicTypes: readonly ToxicType[] = ["latency", "bandwidth", "slicer", "slow_close", "timeout", "reset_peer", "limit_data"];

export interface Toxic {
  name: string;
  type: ToxicType;
  /** `upstream` = client→server, `downstream` = server→client (Toxiproxy's default). */
  stream: "upstream" | "downstream";
  /** Probability that a link runs this toxic, rolled once per link as Toxiproxy does. */
  toxicity: number;
  attributes: Record<string, number>;
}

/** What a stage may do to its connection besides passing data. */
export interface LinkControl {
  /** Close both sockets (FIN). */
  close(): void;
  /** Reset both sockets (RST: the peer sees ECONNRESET). */
  reset(): void;
  /** Timers a stage starts are cleared through this when the link ends. */
  timer(fn: () => void, ms: number): void;
}

export type Emit = (chunk: Buffer, arrivedAt: number) => Promise<void>;

export interface Stage {
  /** Handle one chunk (arrival time in ms, performance.now()); pass on what survives through `emit`. */
  chunk(chunk: Buffer, arrivedAt: number, emit: Emit): Promise<void>;
  /** The source ended (EOF); call `finish` to pass the EOF on. */
  end(finish: () => void): void;
}

export type StageFactory = (attributes: Record<string, number>, link: LinkControl) => Stage;

export const passThrough: Stage = {
  chunk: (c, at, emit) => emit(c, at),
  end: (finish) => finish(),
};

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

export function attr(attributes: Record<string, number>, name: string, fallback = 0): number {
  const v = attributes[name];
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/**
 * Fake upstreams: what a check asks them to do (a behaviour, the same words for HTTP and gRPC) and
 * what they record (one attempt per request that reached them). Measuring at the upstream is what
 * lets the harness count retries and see an open breaker's silence.
 */
export type FailCode = "unavailable" | "invalid" | "deadline" | "exhausted";

export type Behaviour =
  /** Answer normally, optionally after `delayMs` (before headers) and `bodyDelayMs` (between headers and body). */
  | { kind: "ok"; delayMs?: number; bodyDelayMs?: number }
  /** HTTP 503 / 400 / 504 / 429; gRPC UNAVAILABLE / INVALID_ARGUMENT / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED. */
  | { kind: "fail"; code: FailCode }
  /** Reset the connection (RST) as the request arrives. */
  | { kind: "reset" };

export const httpStatusOf: Record<FailCode, number> = { unavailable: 503, invalid: 400, deadline: 504, exhausted: 429 };
/** gRPC status codes (grpc-js `status` enum values). */
export const grpcCodeOf: Record<FailCode, number> = { unavailable: 14, invalid: 3, deadline: 4, exhausted: 8 };

export interface Attempt {
  /** performance.now() at arrival, ms. */
  at: number;
  method: string;
  path: string;
  /** For gRPC: ms left until the caller's deadline at arrival (absent when none was sent). */
  deadlineMs?: number;
  /** When the caller gave up on the request before it was answered (closed the stream or socket). */
  abandonedAt?: number;
  answeredAt?: number;
}

export interface FakeUpstream {
  readonly port: number;
  readonly attempts: Attempt[];
  behaviour: Behaviour;
  /** Hold new connections this long before reading from them (a slow accept). */
  acceptDelayMs: number;
  close(): Promise<void>;
}

/** A fake in its initial state: healthy, nothing recorded; the caller sets `port` once bound. */
export function newFake(close: () => Promise<void>): FakeUpstream & { port: number } {
  return { port: 0, attempts: [], behaviour: { kind: "ok" }, acceptDelayMs: 0, close };
}

/** Toxics that change the pace of data but deliver all of it: latency (+jitter), bandwidth, slicer. */
import { performance } from "node:perf_hooks";
import { attr, sleep, type StageFactory } from "./toxic.js";

/** Each chunk waits `latency ± jitter` ms from when it arrived (so buffering does not add up). */
export const latency: StageFactory = (a) => ({
  async chunk(chunk, arrivedAt, emit) {
    const jitter = attr(a, "jitter");
    const delay = attr(a, "latency") + (jitter > 0 ? (Math.random() * 2 - 1) * jitter : 0);
    await sleep(arrivedAt + delay - performance.now());
    await emit(chunk, arrivedAt);
  },
  end: (finish) => finish(),
});

/** `rate` KB/s (KB = 1000 bytes): sends at most 100 ms worth of data at a time, then sleeps. */
export const bandwidth: StageFactory = (a) => ({
  async chunk(chunk, arrivedAt, emit) {
    const rate = attr(a, "rate");
    if (rate <= 0) return emit(chunk, arrivedAt);
    const slice = Math.max(1, Math.floor(rate * 100));
    for (let i = 0; i < chunk.length; i += slice) {
      const part = chunk.subarray(i, i + slice);
      await sleep(part.length / rate);
      await emit(part, arrivedAt);
    }
  },
  end: (finish) => finish(),
});

/** Splits chunks into pieces of `average_size ± size_variation` bytes, `delay` µs apart. */
export const slicer: StageFactory = (a) => ({
  async chunk(chunk, arrivedAt, emit) {
    const average = Math.max(1, attr(a, "average_size", 1));
    const variation = Math.min(attr(a, "size_variation"), average - 1);
    const delayMs = attr(a, "delay") / 1000;
    let offset = 0;
    while (offset < chunk.length) {
      const size = Math.max(1, Math.round(average + (Math.random() * 2 - 1) * variation));
      await emit(chunk.subarray(offset, offset + size), arrivedAt);
      offset += size;
      if (offset < chunk.length) await sleep(delayMs);
    }
  },
  end: (finish) => finish(),
});

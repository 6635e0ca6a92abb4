/** Toxics that drop or cut a connection: timeout (blackhole), reset_peer, limit_data, slow_close. */
import { attr, type StageFactory } from "./toxic.js";

/** Drops all data; closes the connection after `timeout` ms (0: never, until the toxic is removed). */
export const timeout: StageFactory = (a, link) => {
  const ms = attr(a, "timeout");
  if (ms > 0) link.timer(() => link.close(), ms);
  return { chunk: async () => {}, end: () => {} };
};

/** On the first chunk, waits `timeout` ms (0: at once) and resets the connection (RST). */
export const resetPeer: StageFactory = (a, link) => {
  let armed = false;
  return {
    async chunk() {
      if (armed) return;
      armed = true;
      const ms = attr(a, "timeout");
      if (ms > 0) link.timer(() => link.reset(), ms);
      else link.reset();
    },
    end: () => {},
  };
};

/** Passes `bytes` bytes, then closes the connection. */
export const limitData: StageFactory = (a, link) => {
  const limit = attr(a, "bytes");
  let sent = 0;
  return {
    async chunk(chunk, arrivedAt, emit) {
      const room = limit - sent;
      if (room <= 0) return link.close();
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sent += part.length;
      await emit(part, arrivedAt);
      if (sent >= limit) link.close();
    },
    end: (finish) => finish(),
  };
};

/** Passes data unchanged; waits `delay` ms after EOF before passing the close on. */
export const slowClose: StageFactory = (a, link) => ({
  chunk: (c, at, emit) => emit(c, at),
  end: (finish) => link.timer(finish, attr(a, "delay")),
});

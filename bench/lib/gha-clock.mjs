/** Length of a GitHub Actions line timestamp: `2026-11-29T07:00:00.1234567Z `. */
export const STAMP_BYTES = 29;
export const STAMP_PLACEHOLDER = '0000-00-00T00:00:00.0000000Z ';

/**
 * GitHub Actions line timestamps, strictly increasing, written in place into a Buffer (the
 * generator copies pre-rendered lines and stamps each one). The `YYYY-MM-DDTHH:MM:SS.` part
 * is re-encoded only when the second changes.
 */
export function createGhaClock(rng, startIso = '2026-11-29T07:00:00Z') {
  const startMs = Date.parse(startIso);
  let ticks = 0; // 100 ns units since start
  let cachedSecond = -1;
  let secondPrefix = Buffer.alloc(20);
  return {
    /** Stamps `buf` at `offset`; `maxStep` bounds the 100 ns ticks since the previous line. */
    stamp(buf, offset, maxStep) {
      ticks += 1 + Math.floor(rng.next() * maxStep);
      const second = Math.floor(ticks / 1e7);
      if (second !== cachedSecond) {
        cachedSecond = second;
        const iso = new Date(startMs + second * 1000).toISOString().slice(0, 19);
        secondPrefix = Buffer.from(`${iso}.`, 'latin1');
      }
      for (let i = 0; i < 20; i++) buf[offset + i] = secondPrefix[i];
      let fraction = ticks % 1e7;
      for (let i = offset + 26; i >= offset + 20; i--) {
        buf[i] = 48 + (fraction % 10);
        fraction = Math.floor(fraction / 10);
      }
      buf[offset + 27] = 90; // Z
      buf[offset + 28] = 32;
    },
  };
}

/**
 * Whether `buf` holds the same `n` bytes at `a` as at `b` (`view` over `buf`, both ranges within
 * it). Four bytes a step: a reader that remembers where a name or value was spelled compares the
 * next occurrence with that run rather than with the string, one char at a time.
 */
export function sameBytes(view: DataView, buf: Uint8Array, a: number, b: number, n: number): boolean {
  let k = 0;
  const words = n - 3;
  while (k < words) {
    if (view.getUint32(a + k, true) !== view.getUint32(b + k, true)) return false;
    k += 4;
  }
  while (k < n) {
    if (buf[a + k] !== buf[b + k]) return false;
    k++;
  }
  return true;
}

/** A view over the bytes of `buf`, for {@link sameBytes}. */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Slots of a {@link StringCache} (a power of two). */
const CACHE_SIZE = 8192;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A direct-mapped cache of the strings a reader makes (names, label values): a string
 * spelled like the one cached in its hash slot is replaced by that one, so that repeated
 * names and values in a result are one string each (less memory to keep and to collect,
 * and a Map key whose hash is already known). Bounded: a new string takes over its slot.
 */
export class StringCache {
  private readonly hashes = new Int32Array(CACHE_SIZE);
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(CACHE_SIZE).fill(undefined);

  /** The latin1 text of `buf` from `start` to `end`, shared with an earlier equal run when cached. */
  bytes(buf: Buffer, start: number, end: number): string {
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    const slot = h & (CACHE_SIZE - 1);
    const known = this.strings[slot];
    if (known !== undefined && this.hashes[slot] === h && known.length === end - start && spells(buf, start, known)) {
      return known;
    }
    const made = buf.toString('latin1', start, end);
    this.strings[slot] = made;
    this.hashes[slot] = h;
    return made;
  }

  /** `s`, or the cached string equal to it. */
  intern(s: string): string {
    let h = FNV_OFFSET;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
    const slot = h & (CACHE_SIZE - 1);
    const known = this.strings[slot];
    if (known === s) return known;
    this.strings[slot] = s;
    this.hashes[slot] = h;
    return s;
  }
}

/** Whether `buf` holds the chars of `s` (all below 0x100) from `start`. */
export function spells(buf: Buffer, start: number, s: string): boolean {
  let k = 0;
  while (k < s.length && s.charCodeAt(k) === buf[start + k]) k++;
  return k === s.length;
}

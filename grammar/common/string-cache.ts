/** Slots of a new {@link StringCache}, and the most it grows to (powers of two). */
const FIRST_SIZE = 256;
const MAX_SIZE = 8192;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A direct-mapped cache of the strings a reader makes (names, label values): a string
 * spelled like the one cached in its hash slot is replaced by that one, so that repeated
 * names and values in a result are one string each (less memory to keep and to collect,
 * and a Map key whose hash is already known). Bounded: a new string takes over its slot.
 * It starts small (a short input pays little for it) and grows, emptied, as it misses.
 */
export class StringCache {
  private size = FIRST_SIZE;
  private misses = 0;
  private hashes = new Int32Array(FIRST_SIZE);
  private strings: (string | undefined)[] = new Array<string | undefined>(FIRST_SIZE).fill(undefined);

  /** The latin1 text of `buf` from `start` to `end`, shared with an earlier equal run when cached. */
  bytes(buf: Buffer, start: number, end: number): string {
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    const slot = h & (this.size - 1);
    const known = this.strings[slot];
    if (known !== undefined && this.hashes[slot] === h && known.length === end - start && spells(buf, start, known)) {
      return known;
    }
    const made = buf.toString('latin1', start, end);
    this.keep(slot, h, made);
    return made;
  }

  /** Puts `s` in its slot; after as many misses as twice the slots, grows (up to the most). */
  private keep(slot: number, h: number, s: string): void {
    if (++this.misses > 2 * this.size && this.size < MAX_SIZE) {
      this.size *= 4;
      this.misses = 0;
      this.hashes = new Int32Array(this.size);
      this.strings = new Array<string | undefined>(this.size).fill(undefined);
      slot = h & (this.size - 1);
    }
    this.strings[slot] = s;
    this.hashes[slot] = h;
  }
}

/** Whether `buf` holds the chars of `s` (all below 0x100) from `start`. */
export function spells(buf: Buffer, start: number, s: string): boolean {
  let k = 0;
  while (k < s.length && s.charCodeAt(k) === buf[start + k]) k++;
  return k === s.length;
}

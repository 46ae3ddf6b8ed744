import { sameBytes, viewOf } from './same-bytes.js';

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
 *
 * It also remembers where in the bytes being read each string was last spelled, so that a
 * hit compares bytes with bytes, four at a time; {@link begin} starts new bytes.
 */
export class StringCache {
  private size = FIRST_SIZE;
  private misses = 0;
  private hashes = new Int32Array(FIRST_SIZE);
  private strings: (string | undefined)[] = new Array<string | undefined>(FIRST_SIZE).fill(undefined);
  /** Where each slot's string was last spelled, valid when its {@link stamps} entry is {@link stamp}. */
  private at = new Int32Array(FIRST_SIZE);
  private stamps = new Int32Array(FIRST_SIZE);
  /** Counts the bytes begun; 0 marks no place. */
  private stamp = 0;
  private buf: Uint8Array | undefined;
  private bytesView = viewOf(new Uint8Array(0));

  /**
   * Starts reading `buf`, the only bytes {@link bytes} then takes until the next call: places
   * seen in earlier bytes are forgotten (the same buffer may have been written again).
   */
  begin(buf: Uint8Array): void {
    if (buf !== this.buf) {
      this.buf = buf;
      this.bytesView = viewOf(buf);
    }
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** A view over the bytes begun, for {@link sameBytes}. */
  get view(): DataView {
    return this.bytesView;
  }

  /** The latin1 text of `buf` (as given to {@link begin}) from `start` to `end`, shared with an earlier equal run when cached. */
  bytes(buf: Buffer, start: number, end: number): string {
    const view = this.bytesView;
    let h = FNV_OFFSET;
    let i = start;
    // Four bytes a step, each folded down so that all of them reach the slot bits.
    for (const words = end - 3; i < words; i += 4) {
      h = Math.imul(h ^ view.getInt32(i, true), FNV_PRIME);
      h ^= h >>> 15;
    }
    for (; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    h ^= h >>> 16;
    const slot = h & (this.size - 1);
    const known = this.strings[slot];
    if (
      known !== undefined &&
      this.hashes[slot] === h &&
      known.length === end - start &&
      (this.stamps[slot] === this.stamp
        ? sameBytes(view, buf, start, this.at[slot], end - start)
        : spells(buf, start, known))
    ) {
      this.at[slot] = start;
      this.stamps[slot] = this.stamp;
      return known;
    }
    const made = buf.toString('latin1', start, end);
    this.keep(slot, h, made, start);
    return made;
  }

  /** Puts `s`, spelled at `start`, in its slot; after as many misses as twice the slots, grows (up to the most). */
  private keep(slot: number, h: number, s: string, start: number): void {
    if (++this.misses > 2 * this.size && this.size < MAX_SIZE) {
      this.size *= 4;
      this.misses = 0;
      this.hashes = new Int32Array(this.size);
      this.strings = new Array<string | undefined>(this.size).fill(undefined);
      this.at = new Int32Array(this.size);
      this.stamps = new Int32Array(this.size);
      slot = h & (this.size - 1);
    }
    this.strings[slot] = s;
    this.hashes[slot] = h;
    this.at[slot] = start;
    this.stamps[slot] = this.stamp;
  }
}

/** Whether `buf` holds the chars of `s` (all below 0x100) from `start`. */
export function spells(buf: Uint8Array, start: number, s: string): boolean {
  let k = 0;
  while (k < s.length && s.charCodeAt(k) === buf[start + k]) k++;
  return k === s.length;
}

import type { Label } from '../model/types.js';

/** Labels a {@link SharedLabels} makes before it keeps any (short inputs pay nothing for it). */
const UNSHARED = 64;
/** Slots when it starts keeping labels, and the most it grows to (powers of two). */
const FIRST_SIZE = 64;
const MAX_SIZE = 4096;
const NO_SLOTS: (Label | string | undefined)[] = [];

/**
 * Hands out one {@link Label} object per name and value, shared by the metrics of one parse
 * result that carry that pair: most label values repeat from metric to metric, so a result
 * keeps (and the collector copies) far fewer objects.
 *
 * Direct-mapped by a hash of three chars of the value and the lengths, so a lookup scans no
 * string but to confirm a hit, and reads the slot's name and value beside the label rather
 * than from it (one object fewer to load per lookup); a pair that misses takes its slot over. It shares nothing for
 * the first labels (a short input pays nothing for it), then starts small and grows, emptied,
 * as it misses.
 *
 * Parse results therefore may share label objects between metrics: they are values to read,
 * not to change in place (see docs/parse.md, "Shared label objects").
 */
export class SharedLabels {
  private size = 0;
  private misses = 0;
  /**
   * Three entries a slot: the value, the name and the label itself, so a lookup compares the
   * strings without loading the label, and one array holds them all.
   */
  private slots = NO_SLOTS;

  /** The label `name="value"`, shared with an earlier equal one when remembered. */
  get(name: string, value: string): Label {
    if (this.size === 0) {
      if (++this.misses < UNSHARED) return { name, value };
      this.grow(FIRST_SIZE);
    }
    const n = value.length;
    const h =
      n === 0
        ? name.length
        : Math.imul(
            Math.imul(value.charCodeAt(0) ^ (n << 8), 0x9e3779b1) ^
              Math.imul(value.charCodeAt(n - 1) ^ (name.length << 8), 0x85ebca6b) ^
              value.charCodeAt(n >> 1),
            0xc2b2ae35,
          );
    const slots = this.slots;
    let at = 3 * ((h >>> 20) & (this.size - 1));
    if (slots[at] === value && slots[at + 1] === name) return slots[at + 2] as Label;
    const label = { name, value };
    if (++this.misses > 2 * this.size && this.size < MAX_SIZE) {
      this.grow(this.size * 4);
      at = 3 * ((h >>> 20) & (this.size - 1));
    }
    const into = this.slots;
    into[at] = value;
    into[at + 1] = name;
    into[at + 2] = label;
    return label;
  }

  /** Empties the slots, now `size` of them. */
  private grow(size: number): void {
    this.size = size;
    this.misses = 0;
    this.slots = new Array<Label | string | undefined>(3 * size).fill(undefined);
  }
}

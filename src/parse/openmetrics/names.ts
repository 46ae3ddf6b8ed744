import { Char } from '../../model/chars.js';

/**
 * The names earlier families of a document hold: their own names, and the
 * sample names their types reserve (`x_total` for a counter `x`, ...). A new
 * family may not take one, and a TYPE may not reserve one.
 *
 * Kept without building `name + suffix` strings: each suffix has one `_`, at
 * its start, so `a + s` equals `b + t` (`s`, `t` suffixes) only when `s` is
 * `t` and `a` is `b`. A name is then held when it is a family's, or when it
 * is `b + s` with `s` reserved by family `b`'s type; and a TYPE of family `a`
 * reserves a held name only when an earlier family was named `a + s`.
 */

/** Every suffix a type reserves, by bit. */
const SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'] as const;

/** The bits of the suffixes that end with each ASCII char, by its code. */
const BY_LAST_CHAR: number[][] = Array.from({ length: Char.HIGH }, () => []);
for (let bit = 0; bit < SUFFIXES.length; bit++) {
  const s = SUFFIXES[bit];
  BY_LAST_CHAR[s.charCodeAt(s.length - 1)].push(bit);
}

/** The bits of `suffixes` (the empty suffix has none). */
export function suffixMask(suffixes: Iterable<string>): number {
  let mask = 0;
  for (const s of suffixes) {
    const bit = SUFFIXES.indexOf(s as (typeof SUFFIXES)[number]);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask;
}

/**
 * The bit of the suffix `name` ends with after at least one char, -1 for none.
 * Only the suffixes ending with its last char are tried, each first by its `_`:
 * most names end with none, and `endsWith` costs more than both checks.
 */
function endingOf(name: string): number {
  const last = name.charCodeAt(name.length - 1);
  if (!(last < Char.HIGH)) return -1;
  const bits = BY_LAST_CHAR[last];
  for (let k = 0; k < bits.length; k++) {
    const bit = bits[k];
    const s = SUFFIXES[bit];
    const at = name.length - s.length;
    if (at > 0 && name.charCodeAt(at) === Char.UNDERSCORE && name.endsWith(s)) return bit;
  }
  return -1;
}

/** A family as {@link HeldNames} keeps it: the bits of the suffixes its type reserves (0 until its TYPE). */
export interface NameHolder {
  reserved: number;
}

/** The family names of one document and the sample names their types reserve. */
export class HeldNames {
  /** Family name → the family. */
  private readonly families = new Map<string, NameHolder>();
  /** `b` → bits of the suffixes `s` such that a family is named `b + s`. */
  private readonly endings = new Map<string, number>();

  /**
   * Adds a family; returns false (and adds nothing) when `name` is an
   * earlier family's name or a sample name an earlier family's type reserves.
   */
  addFamily(name: string, family: NameHolder): boolean {
    if (this.families.has(name)) return false;
    const bit = endingOf(name);
    if (bit >= 0) {
      const base = name.slice(0, name.length - SUFFIXES[bit].length);
      const earlier = this.families.get(base);
      if (earlier !== undefined && (earlier.reserved & (1 << bit)) !== 0) return false;
      this.endings.set(base, (this.endings.get(base) ?? 0) | (1 << bit));
    }
    this.families.set(name, family);
    return true;
  }

  /**
   * The first of `suffixes` whose sample name of family `name` is held (by a
   * family other than `name`, which has no type yet), or `undefined`.
   */
  heldSuffix(name: string, suffixes: readonly string[], mask: number): string | undefined {
    const endings = this.endings.get(name);
    if (endings === undefined || (endings & mask) === 0) return undefined;
    for (const s of suffixes) if (s !== '' && (endings & suffixMask([s])) !== 0) return s;
    return undefined;
  }

  /** Reserves the sample names (by `mask`, from {@link suffixMask}) of the type of `family`. */
  reserve(family: NameHolder, mask: number): void {
    family.reserved = mask;
  }
}

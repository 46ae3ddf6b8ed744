/** Byte sizes in flags: `1048576`, `64MiB`, `10MB`, `512k`. */

const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['kb', 1e3],
  ['mb', 1e6],
  ['gb', 1e9],
  ['kib', 1024],
  ['mib', 1024 ** 2],
  ['gib', 1024 ** 3],
  ['k', 1024],
  ['m', 1024 ** 2],
  ['g', 1024 ** 3],
]);

/** Parses a byte size: `1048576`, `64MiB`, `10MB`, `512k` (k/m/g are binary). `undefined` when malformed. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = SIZE_UNITS.get(m[2].toLowerCase());
  if (unit === undefined) return undefined;
  const n = Math.floor(+m[1] * unit);
  return n > 0 ? n : undefined;
}

/** Formats a byte size the way {@link parseByteSize} reads it back (`64MiB`, `1000`). */
export function formatByteSize(n: number): string {
  for (const [unit, f] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= f && n % f === 0) return `${n / f}${unit}`;
  }
  return String(n);
}

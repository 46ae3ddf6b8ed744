/**
 * Times and durations as the status page writes them: UTC to the second,
 * and short human ages (`45s`, `3m 20s`, `2h 5m`, `3d 4h`).
 */

/** `2026-01-02T03:04:05Z` for ms since the epoch. Pure. */
export function utcTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A duration in its two largest units (`1d 2h`, `5m 3s`, `42s`); negative durations count as 0. Pure. */
export function shortDuration(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${name}`);
  }
  return parts.length === 0 ? '0s' : parts.filter((p) => !p.startsWith('0')).join(' ');
}

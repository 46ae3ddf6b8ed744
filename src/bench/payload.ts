import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Char } from '../model/chars.js';

/** A payload file on disk and the counts every row of a report divides by. */
export interface Payload {
  /** Short name used in tables and results (the file name without `.prom`/`.txt`, or a generated name). */
  name: string;
  /** Absolute path of the exposition file. */
  path: string;
  /** Size of the file in bytes. */
  bytes: number;
  /** Sample lines, counted exactly as the Go anchor counts them (see {@link countSeries}). */
  series: number;
  /** For generated payloads: the generator options that made the file. */
  shape?: Record<string, number>;
}

/**
 * Counts sample lines the way go-anchor's `countSamples` does: lines split at LF, leading spaces and
 * tabs dropped, every non-empty line not starting with `#` counts. Does not mutate `bytes`.
 */
export function countSeries(bytes: Uint8Array): number {
  let n = 0;
  let atLineStart = true;
  let counted = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === Char.LF) {
      atLineStart = true;
      counted = false;
      continue;
    }
    if (!atLineStart || counted) continue;
    if (c === Char.SPACE || c === Char.TAB) continue;
    atLineStart = false;
    if (c !== Char.HASH) {
      n++;
      counted = true;
    }
  }
  return n;
}

/** The table name of a payload file: its base name without a `.prom` or `.txt` extension. */
export function payloadName(path: string): string {
  return basename(path).replace(/\.(prom|txt)$/, '');
}

/**
 * Reads a payload file once to count its bytes and series. `name` defaults to {@link payloadName}.
 * Throws when the file cannot be read. Returns a new object.
 */
export function loadPayload(path: string, name: string = payloadName(path)): Payload {
  const data = readFileSync(path);
  return { name, path, bytes: data.length, series: countSeries(data) };
}

/**
 * Makes payload names unique in list order by suffixing `-2`, `-3`… to repeats (two `metrics.prom`
 * from different folders). Mutates and returns `payloads`.
 */
export function uniquePayloadNames(payloads: Payload[]): Payload[] {
  const seen = new Map<string, number>();
  for (const p of payloads) {
    const n = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, n);
    if (n > 1) p.name = `${p.name}-${n}`;
  }
  return payloads;
}

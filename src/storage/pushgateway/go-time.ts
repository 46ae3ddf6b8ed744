/**
 * Go's `time.Time` binary encoding (`MarshalBinary`, which its `GobEncode`
 * uses): version 1 is 15 bytes (version, int64 seconds since January 1 of
 * year 1 UTC, int32 nanoseconds, int16 zone offset in minutes, -1 for UTC);
 * version 2 adds a byte of offset seconds. All big-endian.
 */

/** Seconds from January 1 of year 1 to the Unix epoch. */
const UNIX_TO_INTERNAL = 62135596800n;

/** A decoded instant. */
export interface GoTime {
  /** Seconds since the Unix epoch. */
  unixSeconds: bigint;
  /** Nanoseconds within the second, 0..999999999. */
  nanos: number;
}

/** Decodes `time.Time.MarshalBinary` output; returns a reason string when the bytes are not one. */
export function decodeGoTime(b: Uint8Array): GoTime | string {
  if (b.length === 0) return 'no data';
  const version = b[0];
  if (version !== 1 && version !== 2) return `unsupported time encoding version ${version}`;
  const want = version === 1 ? 15 : 16;
  if (b.length !== want) return `time encoding version ${version} is ${want} bytes, got ${b.length}`;
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const sec = view.getBigInt64(1);
  const nanos = view.getInt32(9);
  if (nanos < 0 || nanos > 999_999_999) return `nanoseconds out of range: ${nanos}`;
  return { unixSeconds: sec - UNIX_TO_INTERNAL, nanos };
}

/** Milliseconds since the epoch with microsecond precision (what the store keeps; nanoseconds are truncated). */
export function goTimeToMs(t: GoTime): number {
  return Number(t.unixSeconds) * 1000 + Math.floor(t.nanos / 1000) / 1000;
}

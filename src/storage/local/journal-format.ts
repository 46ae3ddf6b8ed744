import { crc32 } from 'node:zlib';
import type { Label, WriteRequest } from '../../model/types.js';
import { decodeProtobuf } from '../../serialize/index.js';
import { encodeJournalFamilies } from './journal-families.js';

/**
 * The journal's on-disk records. A journal file starts with a magic line
 * naming its version.
 *
 * Version 2 (written): each record is `sync | u32 length | u32 crc32 |
 * payload` (little endian), `sync` being the 4 bytes {@link SYNC}, the
 * checksum covering the length field and the payload. A record whose
 * length or checksum is damaged is skipped by searching for the next sync
 * marker, so one bad record does not take the records after it along.
 *
 * Version 1 (read only): `u32 length | u32 crc32(payload) | payload`; a
 * damaged record ends what can be read.
 *
 * The payload is `f64 seq | u8 mode | f64 receivedAt | u32 n | n bytes of
 * grouping JSON | protobuf-delimited families`.
 */

/** First bytes of every journal file this build writes. */
export const JOURNAL_MAGIC = Buffer.from('PROMKIT-JOURNAL 2\n', 'latin1');
/** First bytes of a version 1 journal (still read). */
export const JOURNAL_MAGIC_V1 = Buffer.from('PROMKIT-JOURNAL 1\n', 'latin1');
/** Marks the start of every version 2 record. */
export const SYNC = Buffer.from([0xe2, 0x9c, 0x8d, 0x4a]);
/** Bytes before a version 2 record's payload. */
export const RECORD_HEADER = 12;
const V1_HEADER = 8;

const MODES = ['replace', 'merge', 'delete'] as const;

/** A journaled write: its sequence number and the request. */
export interface JournalEntry {
  seq: number;
  req: WriteRequest;
}

/** Encodes one version 2 record. Throws if the families cannot be encoded as protobuf. */
export function encodeRecord(seq: number, req: WriteRequest): Buffer {
  const grouping = Buffer.from(JSON.stringify(req.grouping.map((l) => [l.name, l.value])), 'utf8');
  const families = req.families && req.families.length > 0 ? encodeJournalFamilies(req.families) : new Uint8Array(0);
  const payloadLength = 8 + 1 + 8 + 4 + grouping.length + families.length;
  const buf = Buffer.allocUnsafe(RECORD_HEADER + payloadLength);
  SYNC.copy(buf, 0);
  buf.writeUInt32LE(payloadLength, 4);
  let o = RECORD_HEADER;
  buf.writeDoubleLE(seq, o);
  o += 8;
  buf.writeUInt8(MODES.indexOf(req.mode), o);
  o += 1;
  buf.writeDoubleLE(req.receivedAt, o);
  o += 8;
  buf.writeUInt32LE(grouping.length, o);
  o += 4;
  grouping.copy(buf, o);
  o += grouping.length;
  buf.set(families, o);
  buf.writeUInt32LE(checksum(buf, 0), 8);
  return buf;
}

/** The checksum of the version 2 record at `o`: length field and payload. */
function checksum(bytes: Buffer, o: number): number {
  const len = bytes.readUInt32LE(o + 4);
  return crc32(bytes.subarray(o + RECORD_HEADER, o + RECORD_HEADER + len), crc32(bytes.subarray(o + 4, o + 8)));
}

/** A part of a journal that could not be read. */
export interface JournalDamage {
  /** Offset where the damage starts. */
  offset: number;
  /** Offset of the next good record (the file's length when none follows). */
  end: number;
  reason: string;
}

/** What {@link decodeJournal} read. */
export interface DecodedJournal {
  /** Version of the file (1 or 2). */
  version: number;
  /** Every intact record, in file order. */
  entries: JournalEntry[];
  /** Offset just after the last good record. */
  goodLength: number;
  /** Damaged parts, in file order. */
  damage: JournalDamage[];
  /**
   * The file ends in a record cut short, with nothing readable after it: a
   * write that was never acknowledged (a crash during it). Not in `damage`.
   */
  tornTail: boolean;
}

function decodePayload(p: Buffer): JournalEntry {
  let o = 0;
  const seq = p.readDoubleLE(o);
  o += 8;
  const mode = MODES[p.readUInt8(o)];
  o += 1;
  if (mode === undefined) throw new Error('unknown write mode');
  const receivedAt = p.readDoubleLE(o);
  o += 8;
  const n = p.readUInt32LE(o);
  o += 4;
  if (o + n > p.length) throw new Error('grouping runs past the record');
  const pairs = JSON.parse(p.toString('utf8', o, o + n)) as unknown;
  o += n;
  if (!Array.isArray(pairs)) throw new Error('grouping is not a list');
  const grouping: Label[] = pairs.map((pair: unknown) => {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
      throw new Error('bad grouping label');
    return { name: pair[0], value: pair[1] };
  });
  const families = o < p.length ? decodeProtobuf(p.subarray(o)) : [];
  const req: WriteRequest = { grouping, mode, receivedAt };
  if (mode !== 'delete') req.families = families;
  return { seq, req };
}

/** Whether every byte from `from` on is zero (space a crash left allocated but unwritten). */
function allZero(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Reads a whole journal file: every intact record, and where it is
 * damaged. Throws only for a file that does not start with a known magic
 * (an unknown format or version).
 */
export function decodeJournal(bytes: Buffer): DecodedJournal {
  const head = bytes.subarray(0, JOURNAL_MAGIC.length);
  if (head.equals(JOURNAL_MAGIC_V1)) return decodeV1(bytes);
  if (!head.equals(JOURNAL_MAGIC)) {
    const text = head.toString('latin1');
    if (text.startsWith('PROMKIT-JOURNAL '))
      throw new Error(
        `unsupported journal version ${JSON.stringify(text.slice(16).trim())}: this build reads versions 1 and 2`,
      );
    throw new Error('not a promkit journal file (bad magic)');
  }
  const entries: JournalEntry[] = [];
  const damage: JournalDamage[] = [];
  let goodLength = JOURNAL_MAGIC.length;
  let o = goodLength;
  // The record at `o`, or why it is not one.
  const read = (at: number): { end: number; entry: JournalEntry } | string => {
    if (bytes.length - at < RECORD_HEADER) return 'incomplete record';
    if (!bytes.subarray(at, at + 4).equals(SYNC)) return 'no record marker';
    const end = at + RECORD_HEADER + bytes.readUInt32LE(at + 4);
    if (end > bytes.length) return 'incomplete record';
    if (checksum(bytes, at) !== bytes.readUInt32LE(at + 8)) return 'checksum mismatch';
    try {
      return { end, entry: decodePayload(bytes.subarray(at + RECORD_HEADER, end)) };
    } catch (e) {
      return (e as Error).message;
    }
  };
  while (o < bytes.length) {
    const r = read(o);
    if (typeof r !== 'string') {
      entries.push(r.entry);
      o = goodLength = r.end;
      continue;
    }
    if (allZero(bytes, o)) return { version: 2, entries, goodLength, damage, tornTail: true };
    // Look for the next intact record after the damage.
    let next = -1;
    for (let at = bytes.indexOf(SYNC, o + 1); at >= 0; at = bytes.indexOf(SYNC, at + 1)) {
      if (typeof read(at) !== 'string') {
        next = at;
        break;
      }
    }
    if (next < 0) {
      if (r === 'incomplete record' || r === 'checksum mismatch')
        return { version: 2, entries, goodLength, damage, tornTail: true };
      damage.push({ offset: o, end: bytes.length, reason: r });
      return { version: 2, entries, goodLength, damage, tornTail: false };
    }
    damage.push({ offset: o, end: next, reason: r });
    o = next;
  }
  return { version: 2, entries, goodLength, damage, tornTail: false };
}

function decodeV1(bytes: Buffer): DecodedJournal {
  const entries: JournalEntry[] = [];
  let o = JOURNAL_MAGIC_V1.length;
  const done = (tornTail: boolean, reason?: string): DecodedJournal => ({
    version: 1,
    entries,
    goodLength: o,
    damage: reason ? [{ offset: o, end: bytes.length, reason }] : [],
    tornTail,
  });
  while (o < bytes.length) {
    if (bytes.length - o < V1_HEADER) return done(true);
    const len = bytes.readUInt32LE(o);
    const end = o + V1_HEADER + len;
    if (end > bytes.length || allZero(bytes, o)) return done(true);
    const payload = bytes.subarray(o + V1_HEADER, end);
    if (crc32(payload) !== bytes.readUInt32LE(o + 4))
      return end === bytes.length ? done(true) : done(false, 'checksum mismatch');
    try {
      entries.push(decodePayload(payload));
    } catch (e) {
      return done(false, (e as Error).message);
    }
    o = end;
  }
  return done(false);
}

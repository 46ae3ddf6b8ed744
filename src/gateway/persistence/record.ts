import { crc32 } from 'node:zlib';
import type { Label, WriteRequest } from '../../model/types.js';
import { decodeProtobuf, encodeProtobuf } from '../../serialize/index.js';

/**
 * The journal's on-disk records. A journal file starts with {@link JOURNAL_MAGIC};
 * then each record is `u32 length | u32 crc32(payload) | payload` (little
 * endian), the payload being `f64 seq | u8 mode | f64 receivedAt | u32 n |
 * n bytes of grouping JSON | protobuf-delimited families`.
 */

/** First bytes of every journal file: format name and version. */
export const JOURNAL_MAGIC = Buffer.from('PROMKIT-JOURNAL 1\n', 'latin1');
/** Bytes before a record's payload. */
export const RECORD_HEADER = 8;

const MODES = ['replace', 'merge', 'delete'] as const;

/** A journaled write: its sequence number and the request. */
export interface JournalEntry {
  seq: number;
  req: WriteRequest;
}

/** Encodes one record (header and payload). Throws if the families cannot be encoded as protobuf. */
export function encodeRecord(seq: number, req: WriteRequest): Buffer {
  const grouping = Buffer.from(JSON.stringify(req.grouping.map((l) => [l.name, l.value])), 'utf8');
  const families = req.families && req.families.length > 0 ? encodeProtobuf(req.families) : new Uint8Array(0);
  const payloadLength = 8 + 1 + 8 + 4 + grouping.length + families.length;
  const buf = Buffer.allocUnsafe(RECORD_HEADER + payloadLength);
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
  buf.writeUInt32LE(payloadLength, 0);
  buf.writeUInt32LE(crc32(buf.subarray(RECORD_HEADER)), 4);
  return buf;
}

/** Why a journal could not be read to its end. */
export type JournalDamage =
  /** The last record is cut short or its checksum fails, and nothing follows: a write that was never acknowledged. */
  | { kind: 'torn-tail'; offset: number }
  /** A bad record with data after it, or a record that does not decode: the file is damaged. */
  | { kind: 'corrupt'; offset: number; reason: string };

/** What {@link decodeJournal} read. */
export interface DecodedJournal {
  entries: JournalEntry[];
  /** Offset just after the last good record. */
  goodLength: number;
  damage?: JournalDamage;
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
  const families = o < p.length ? decodeProtobuf(p.subarray(o), { asPushed: true }) : [];
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
 * Reads a whole journal file. Returns the good records and, when the file
 * does not end cleanly, what is wrong with it. Throws only for a file that
 * does not start with {@link JOURNAL_MAGIC} (an unknown format or version).
 */
export function decodeJournal(bytes: Buffer): DecodedJournal {
  if (bytes.length < JOURNAL_MAGIC.length || !bytes.subarray(0, JOURNAL_MAGIC.length).equals(JOURNAL_MAGIC)) {
    const head = bytes.subarray(0, Math.min(bytes.length, JOURNAL_MAGIC.length)).toString('latin1');
    if (head.startsWith('PROMKIT-JOURNAL '))
      throw new Error(
        `unsupported journal version ${JSON.stringify(head.slice(16).trim())}: this build reads version 1`,
      );
    throw new Error('not a promkit journal file (bad magic)');
  }
  const entries: JournalEntry[] = [];
  let o = JOURNAL_MAGIC.length;
  while (o < bytes.length) {
    if (bytes.length - o < RECORD_HEADER) return { entries, goodLength: o, damage: { kind: 'torn-tail', offset: o } };
    const len = bytes.readUInt32LE(o);
    const sum = bytes.readUInt32LE(o + 4);
    const end = o + RECORD_HEADER + len;
    if (end > bytes.length) return { entries, goodLength: o, damage: { kind: 'torn-tail', offset: o } };
    if (allZero(bytes, o)) return { entries, goodLength: o, damage: { kind: 'torn-tail', offset: o } };
    const payload = bytes.subarray(o + RECORD_HEADER, end);
    if (crc32(payload) !== sum) {
      if (end === bytes.length) return { entries, goodLength: o, damage: { kind: 'torn-tail', offset: o } };
      return { entries, goodLength: o, damage: { kind: 'corrupt', offset: o, reason: 'checksum mismatch' } };
    }
    try {
      entries.push(decodePayload(payload));
    } catch (e) {
      return { entries, goodLength: o, damage: { kind: 'corrupt', offset: o, reason: (e as Error).message } };
    }
    o = end;
  }
  return { entries, goodLength: o };
}

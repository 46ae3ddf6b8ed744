/**
 * A reader for Go's `encoding/gob` wire format, as far as a Pushgateway 1.x
 * persistence file needs it: the framing of messages, unsigned and signed
 * integers, strings and byte slices, and type definitions (`wireType`) of
 * every kind, which are read and kept so that the caller can check the
 * shape of the value before decoding it. Values are decoded by the caller
 * with the primitives of {@link GobReader}.
 *
 * Wire format summary (Go's encoding/gob documentation): a stream is a
 * sequence of messages `uint(length) int(typeId) payload`; a negative type id
 * defines type `-typeId` with a `wireType` payload, a positive one carries a
 * value of that type. Structs are `(uint(fieldDelta) value)* 0`, fields
 * numbered from -1; zero fields are omitted.
 */

/** Thrown for a stream that is not gob or holds something this reader does not take; the message says where. */
export class GobError extends Error {
  override readonly name = 'GobError';
}

/** Predefined type ids of gob. */
export const GOB_BOOL = 1;
export const GOB_INT = 2;
export const GOB_UINT = 3;
export const GOB_FLOAT = 4;
export const GOB_BYTES = 5;
export const GOB_STRING = 6;

/** A type a gob stream defined, keyed by the id the stream gave it. */
export type GobType =
  | { kind: 'struct'; name: string; fields: { name: string; id: number }[] }
  | { kind: 'map'; name: string; key: number; elem: number }
  | { kind: 'slice'; name: string; elem: number }
  | { kind: 'array'; name: string; elem: number; len: number }
  /** A type with its own encoding (GobEncoder, BinaryMarshaler or TextMarshaler): a byte count and bytes. */
  | { kind: 'encoder'; name: string; how: 'GobEncoder' | 'BinaryMarshaler' | 'TextMarshaler' };

const ENCODER_KINDS = ['GobEncoder', 'BinaryMarshaler', 'TextMarshaler'] as const;

/** Reads gob primitives from a byte range. */
export class GobReader {
  constructor(
    private readonly buf: Uint8Array,
    public pos: number,
    public end: number,
  ) {}

  /** Whether the range is used up. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  private byte(what: string): number {
    if (this.pos >= this.end) throw new GobError(`unexpected end of data reading ${what} at offset ${this.pos}`);
    return this.buf[this.pos++];
  }

  /** An unsigned integer as a bigint (gob's uint64). */
  uint64(what: string): bigint {
    const b = this.byte(what);
    if (b < 0x80) return BigInt(b);
    const n = 256 - b;
    if (n > 8) throw new GobError(`bad integer length ${n} reading ${what} at offset ${this.pos - 1}`);
    let v = 0n;
    for (let k = 0; k < n; k++) v = (v << 8n) | BigInt(this.byte(what));
    return v;
  }

  /** An unsigned integer that must fit a JavaScript number exactly (counts, lengths, field deltas). */
  uint(what: string): number {
    const v = this.uint64(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GobError(`${what} too large: ${v}`);
    return Number(v);
  }

  /** A signed integer (low bit: complement), exact within ±2^53. */
  int(what: string): number {
    const u = this.uint64(what);
    const v = (u & 1n) === 1n ? ~(u >> 1n) : u >> 1n;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
      throw new GobError(`${what} too large: ${v}`);
    return Number(v);
  }

  /** A byte slice (`uint(count)` then the bytes); a view of the input. */
  bytes(what: string): Uint8Array {
    const n = this.uint(`length of ${what}`);
    if (n > this.end - this.pos)
      throw new GobError(`${what} at offset ${this.pos} claims ${n} bytes; only ${this.end - this.pos} remain`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A string (its bytes as UTF-8; Go strings need not be valid UTF-8, and the caller checks where it matters). */
  string(what: string): string {
    return Buffer.from(this.bytes(what)).toString('utf8');
  }

  /**
   * Reads a struct: calls `field(index)` for each field present (by number,
   * from 0), in order, until the terminating zero delta.
   */
  struct(what: string, field: (index: number) => void): void {
    let index = -1;
    for (;;) {
      const delta = this.uint(`field delta of ${what}`);
      if (delta === 0) return;
      index += delta;
      field(index);
    }
  }
}

function commonType(r: GobReader, what: string): { name: string; id: number } {
  const c = { name: '', id: 0 };
  r.struct(what, (i) => {
    if (i === 0) c.name = r.string(`${what}.Name`);
    else if (i === 1) c.id = r.int(`${what}.Id`);
    else throw new GobError(`${what} has an unknown field ${i}`);
  });
  return c;
}

/** Decodes a `wireType` (the payload of a type definition message). */
function wireType(r: GobReader, id: number): GobType {
  const what = `definition of type ${id}`;
  let t: GobType | undefined;
  r.struct(what, (i) => {
    if (t) throw new GobError(`${what} has more than one kind`);
    if (i >= 4 && i <= 6) {
      let encName = '';
      r.struct(what, (j) => {
        if (j === 0) encName = commonType(r, what).name;
        else throw new GobError(`${what} has an unknown part ${j}`);
      });
      t = { kind: 'encoder', name: encName, how: ENCODER_KINDS[i - 4] };
      return;
    }
    let name = '';
    const nums: number[] = [0, 0];
    const fields: { name: string; id: number }[] = [];
    r.struct(what, (j) => {
      if (j === 0) name = commonType(r, what).name;
      else if (i === 2 && j === 1) {
        const n = r.uint(`field count of ${what}`);
        for (let k = 0; k < n; k++) {
          const f = { name: '', id: 0 };
          r.struct(`field ${k} of ${what}`, (m) => {
            if (m === 0) f.name = r.string(`field ${k} name of ${what}`);
            else if (m === 1) f.id = r.int(`field ${k} type of ${what}`);
            else throw new GobError(`field ${k} of ${what} has an unknown part ${m}`);
          });
          fields.push(f);
        }
      } else if (j <= 2) nums[j - 1] = r.int(`part ${j} of ${what}`);
      else throw new GobError(`${what} has an unknown part ${j}`);
    });
    if (i === 0) t = { kind: 'array', name, elem: nums[0], len: nums[1] };
    else if (i === 1) t = { kind: 'slice', name, elem: nums[0] };
    else if (i === 2) t = { kind: 'struct', name, fields };
    else if (i === 3) t = { kind: 'map', name, key: nums[0], elem: nums[1] };
    else throw new GobError(`${what} has an unknown kind ${i}`);
  });
  if (!t) throw new GobError(`${what} is empty`);
  return t;
}

/** The one value of a gob stream, with the types the stream defined. */
export interface GobValue {
  types: Map<number, GobType>;
  /** The type id of the value. */
  typeId: number;
  /** A reader positioned at the start of the value's payload, limited to its message. */
  reader: GobReader;
}

/** Whether `bytes` starts like a gob stream: a message length that fits, then the definition of a user type. */
export function looksLikeGob(bytes: Uint8Array): boolean {
  try {
    const r = new GobReader(bytes, 0, bytes.length);
    const len = r.uint('message length');
    if (len === 0 || len > bytes.length - r.pos) return false;
    return r.int('type id') <= -65;
  } catch {
    return false;
  }
}

/**
 * Reads a gob stream that holds exactly one top-level value (what one
 * `Encoder.Encode` call writes): every type definition is decoded and kept,
 * and the value's message is returned for the caller to decode. Throws a
 * {@link GobError} for a damaged stream, a second value, or trailing bytes.
 */
export function readGobStream(bytes: Uint8Array): GobValue {
  const types = new Map<number, GobType>();
  const r = new GobReader(bytes, 0, bytes.length);
  while (!r.done) {
    const start = r.pos;
    const len = r.uint('message length');
    if (len === 0 || len > bytes.length - r.pos)
      throw new GobError(`message at offset ${start} claims ${len} bytes; ${bytes.length - r.pos} remain`);
    const end = r.pos + len;
    const m = new GobReader(bytes, r.pos, end);
    const id = m.int('type id');
    if (id < 0) {
      if (-id < 65 || types.has(-id)) throw new GobError(`bad type definition id ${-id} at offset ${start}`);
      const t = wireType(m, -id);
      if (!m.done) throw new GobError(`type definition ${-id} at offset ${start} has trailing bytes`);
      types.set(-id, t);
      r.pos = end;
      continue;
    }
    if (end !== bytes.length)
      throw new GobError(`${bytes.length - end} bytes after the value at offset ${start} (only one value is read)`);
    return { types, typeId: id, reader: m };
  }
  throw new GobError('the stream holds type definitions but no value');
}

/** How a type is named in messages: its Go name, or its kind. */
export function describeType(types: ReadonlyMap<number, GobType>, id: number): string {
  const builtin = ['', 'bool', 'int', 'uint', 'float', '[]byte', 'string', 'complex', 'interface'][id];
  if (builtin) return builtin;
  const t = types.get(id);
  if (!t) return `undefined type ${id}`;
  if (t.name) return t.name;
  return t.kind === 'encoder' ? `a ${t.how} type` : `a ${t.kind}`;
}

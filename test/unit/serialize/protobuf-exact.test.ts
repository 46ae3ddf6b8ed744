// int64/uint64 fields near 2^63 and 2^64 and raw HELP bytes through protobuf encode and decode.
import { describe, expect, test } from 'vitest';
import { decodeProtobuf, encodeProtobuf, serializeToBytes } from '../../../src/serialize/index.js';
import { extremeFamilies } from '../../helpers/extreme-families.js';

describe('protobuf keeps 64-bit integers exactly', () => {
  test('decode(encode(x)) keeps every sidecar and the HELP bytes', () => {
    const model = extremeFamilies();
    const back = decodeProtobuf(encodeProtobuf(model));
    expect(back[0].metrics[0]).toEqual(model[0].metrics[0]);
    expect(back[1].metrics[0]).toEqual(model[1].metrics[0]);
    expect(back[0].help).toBe('x\ufffd');
    expect(Buffer.from(back[0].helpBytes!)).toEqual(Buffer.from([0x78, 0xff]));
  });

  test('the wire carries the exact varints (encode(decode(bytes)) is the same bytes)', () => {
    const bytes = encodeProtobuf(extremeFamilies());
    expect(Buffer.from(encodeProtobuf(decodeProtobuf(bytes)))).toEqual(Buffer.from(bytes));
    // 2^64-1 as a varint: nine 0xff bytes and 0x01.
    expect(Buffer.from(bytes).includes(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(
      true,
    );
  });

  test('a sidecar that no longer matches its number is ignored', () => {
    const model = extremeFamilies();
    model[1].metrics[0].summary!.count = 5;
    expect(decodeProtobuf(encodeProtobuf(model))[1].metrics[0].summary).toEqual({ count: 5, quantiles: [] });
  });

  test('byte serializers write exact timestamps and the raw HELP bytes; OpenMetrics writes exact counts', () => {
    const text = Buffer.from(serializeToBytes(extremeFamilies(), 'text'));
    expect(text.subarray(0, 12)).toEqual(Buffer.from('# HELP h x\xff\n', 'latin1'));
    expect(text.toString('latin1')).toContain('h_bucket{le="1"} 1.152921504606847e+18 9223372036854775807\n');
    expect(text.toString('latin1')).toContain('s_count 9.007199254740992e+15 -9223372036854775808\n');
    const om = Buffer.from(serializeToBytes(extremeFamilies(), 'openmetrics')).toString('latin1');
    expect(om).toContain('h_count 18446744073709551615 9.223372036854776e+15\n');
    expect(om).toContain('s_count 9007199254740993 -9.223372036854776e+15\n');
  });
});

// decodeProtobuf's `asPushed` reading (the gateway's, as Pushgateway 1.5.1 reads a push): a value in
// the field of another type is kept and named; label names are left to the consistency check.
import { describe, expect, test } from 'vitest';
import { metricProblem } from '../../../src/merge/conflict.js';
import { decodeProtobuf, ProtobufDecodeError } from '../../../src/serialize/index.js';

// A gauge family `pb_wrong` whose metric holds counter:<value:1>, and a gauge `pb_badlabel` with label `bad-name`.
const WRONG_FIELD = Buffer.from('GQoIcGJfd3JvbmcYASILGgkJAAAAAAAA8D8=', 'base64');
const BAD_LABEL = Buffer.from('KwoLcGJfYmFkbGFiZWwYASIaCg0KCGJhZC1uYW1lEgF4EgkJAAAAAAAA8D8=', 'base64');

describe('decodeProtobuf asPushed', () => {
  test('a value in the field of another type is kept with valueType, and the check names that field', () => {
    expect(decodeProtobuf(WRONG_FIELD)[0].metrics[0]).toEqual({ labels: [] });
    const [f] = decodeProtobuf(WRONG_FIELD, { asPushed: true });
    expect(f.metrics[0]).toEqual({ labels: [], value: 1, valueType: 'counter' });
    expect(metricProblem(f.name, f.type, f.metrics[0], f.type)).toBe(
      'collected metric "pb_wrong" { counter:<value:1 > } is not a GAUGE',
    );
  });

  test('an invalid label name is left to the consistency check', () => {
    expect(() => decodeProtobuf(BAD_LABEL)).toThrow(ProtobufDecodeError);
    const [f] = decodeProtobuf(BAD_LABEL, { asPushed: true });
    expect(metricProblem(f.name, f.type, f.metrics[0], f.type)).toBe(
      'collected metric "pb_badlabel" { label:<name:"bad-name" value:"x" > gauge:<value:1 > } has a label with an invalid name: bad-name',
    );
  });
});

import { describe, expect, test } from 'vitest';
import { isProtobufBody, parseMediaType } from '../../../src/parse/media-type.js';

const PB = 'application/vnd.google.protobuf';

describe('isProtobufBody (mime.ParseMediaType + the Pushgateway condition)', () => {
  test.each([
    { ct: `${PB}; proto=io.prometheus.client.MetricFamily; encoding=delimited`, expected: true },
    { ct: `${PB}; encoding=delimited; proto=io.prometheus.client.MetricFamily`, expected: true },
    {
      ct: `APPLICATION/VND.GOOGLE.PROTOBUF; PROTO=io.prometheus.client.MetricFamily; Encoding=delimited`,
      expected: true,
    },
    { ct: `${PB}; proto="io.prometheus.client.MetricFamily"; encoding="delimited"`, expected: true },
    { ct: `${PB}; proto=io.prometheus.client.MetricFamily; encoding=delimited;`, expected: true },
    { ct: `${PB}`, expected: false },
    { ct: `${PB}; encoding=text; proto=io.prometheus.client.MetricFamily`, expected: false },
    { ct: `${PB}; proto=io.prometheus.client.MetricFamily; encoding=delimited; encoding=delimited`, expected: false },
    { ct: 'text/plain; version=0.0.4', expected: false },
    { ct: 'garbage;;;', expected: false },
    { ct: undefined, expected: false },
  ])('$ct', ({ ct, expected }) => {
    expect(isProtobufBody(ct)).toBe(expected);
  });

  test.each([
    { ct: 'text/plain', type: 'text/plain', params: {} },
    { ct: 'Text/Plain ; Charset=utf-8', type: 'text/plain', params: { charset: 'utf-8' } },
    { ct: 'a/b; x="q\\"uoted"', type: 'a/b', params: { x: 'q"uoted' } },
  ])('parses $ct', ({ ct, type, params }) => {
    const mt = parseMediaType(ct);
    expect(mt?.type).toBe(type);
    expect(Object.fromEntries(mt?.params ?? [])).toEqual(params);
  });

  test.each(['', 'a/', '/b', 'a/b; =x', 'a/b; x', 'a/b; x="unterminated'])('refuses %j', (ct) => {
    expect(parseMediaType(ct)).toBeUndefined();
  });
});

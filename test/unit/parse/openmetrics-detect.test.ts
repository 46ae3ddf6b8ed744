import { describe, expect, test } from 'vitest';
import { detectFormat, formatFromContent, formatFromContentType } from '../../../src/parse/index.js';

/** Content type → parser, and sniffing when the content type names none. */

describe('formatFromContentType', () => {
  test.each([
    {
      contentType: 'text/plain; version=0.0.4',
      expected: { format: 'text', mediaType: 'text/plain', version: '0.0.4' },
    },
    {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      expected: { format: 'text', mediaType: 'text/plain', version: '0.0.4' },
    },
    { contentType: 'text/plain', expected: { format: 'text', mediaType: 'text/plain' } },
    {
      contentType: 'Text/Plain;Version="0.0.4"',
      expected: { format: 'text', mediaType: 'text/plain', version: '0.0.4' },
    },
    { contentType: 'text/plain; version=1.0.0', expected: undefined },
    {
      contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
      expected: { format: 'openmetrics', mediaType: 'application/openmetrics-text', version: '1.0.0' },
    },
    {
      contentType: 'application/openmetrics-text; version=0.0.1',
      expected: { format: 'openmetrics', mediaType: 'application/openmetrics-text', version: '0.0.1' },
    },
    {
      contentType: 'application/openmetrics-text',
      expected: { format: 'openmetrics', mediaType: 'application/openmetrics-text' },
    },
    { contentType: 'application/openmetrics-text; version=2.0.0', expected: undefined },
    {
      contentType: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
      expected: { format: 'protobuf', mediaType: 'application/vnd.google.protobuf' },
    },
    {
      contentType: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text',
      expected: undefined,
    },
    { contentType: 'application/vnd.google.protobuf', expected: undefined },
    { contentType: 'application/json', expected: undefined },
    { contentType: '', expected: undefined },
    { contentType: undefined, expected: undefined },
  ])('$contentType', ({ contentType, expected }) => {
    expect(formatFromContentType(contentType)).toEqual(expected);
  });
});

/** A delimited protobuf body: one MetricFamily record with name "a" and type GAUGE. */
const PROTOBUF = Uint8Array.from([5, 0x0a, 1, 0x61, 0x18, 1]);

describe('formatFromContent', () => {
  test.each([
    { name: 'OpenMetrics with a final LF', input: 'a 1\n# EOF\n', expected: 'openmetrics' },
    { name: 'OpenMetrics without a final LF', input: 'a 1\n# EOF', expected: 'openmetrics' },
    { name: 'only # EOF', input: '# EOF', expected: 'openmetrics' },
    { name: 'text', input: 'a 1\n', expected: 'text' },
    { name: 'text ending with a comment that starts like EOF', input: 'a 1\n# EOFX\n', expected: 'text' },
    { name: 'text with an empty line after # EOF', input: 'a 1\n# EOF\n\n', expected: 'text' },
    { name: 'empty', input: '', expected: 'text' },
    { name: 'OpenMetrics bytes', input: Buffer.from('a 1\n# EOF\n'), expected: 'openmetrics' },
    { name: 'delimited protobuf', input: PROTOBUF, expected: 'protobuf' },
    { name: 'two protobuf records', input: Uint8Array.from([...PROTOBUF, ...PROTOBUF]), expected: 'protobuf' },
    { name: 'protobuf cut short', input: PROTOBUF.subarray(0, 4), expected: 'text' },
    { name: 'text that starts like a record', input: Buffer.from('#\nfoo 1\n'), expected: 'text' },
  ])('$name', ({ input, expected }) => {
    expect(formatFromContent(input)).toBe(expected);
  });
});

describe('detectFormat', () => {
  test.each([
    {
      name: 'content type wins over the body',
      contentType: 'text/plain; version=0.0.4',
      body: 'a 1\n# EOF\n',
      expected: { format: 'text', source: 'content-type', version: '0.0.4' },
    },
    {
      name: 'OpenMetrics content type',
      contentType: 'application/openmetrics-text; version=1.0.0',
      body: undefined,
      expected: { format: 'openmetrics', source: 'content-type', version: '1.0.0' },
    },
    {
      name: 'unknown content type: the body decides',
      contentType: 'application/octet-stream',
      body: 'a 1\n# EOF\n',
      expected: { format: 'openmetrics', source: 'content' },
    },
    {
      name: 'no content type, protobuf body',
      contentType: undefined,
      body: PROTOBUF,
      expected: { format: 'protobuf', source: 'content' },
    },
    {
      name: 'nothing to go on',
      contentType: undefined,
      body: undefined,
      expected: { format: 'text', source: 'content' },
    },
  ])('$name', ({ contentType, body, expected }) => {
    expect(detectFormat(contentType, body)).toEqual(expected);
  });
});

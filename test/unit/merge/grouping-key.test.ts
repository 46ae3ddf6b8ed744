import { describe, expect, test } from 'vitest';
import {
  GroupingPathError,
  groupingPath,
  groupKey,
  parseGroupingPath,
  parsePushPath,
} from '../../../src/merge/index.js';
import type { Label } from '../../../src/model/types.js';

/** Labels from a plain object, sorted by name as the parser returns them. */
function L(o: Record<string, string>): Label[] {
  return Object.keys(o)
    .sort()
    .map((name) => ({ name, value: o[name] }));
}

// Every case below is an observation on the Debian Pushgateway 1.5.1 quoted in
// docs/pushgateway-compat.md, "Grouping key" (observed over 127.0.0.1).
describe('parsePushPath: accepted paths', () => {
  test.each([
    { name: 'plain job', path: '/metrics/job/s01', grouping: L({ job: 's01' }) },
    {
      name: 'labels are sorted by name',
      path: '/metrics/job/s01/zz/1/aa/2',
      grouping: L({ job: 's01', zz: '1', aa: '2' }),
    },
    {
      name: 'base64 value with / inside',
      path: '/metrics/job/s02/path@base64/L3Zhci90bXA',
      grouping: L({ job: 's02', path: '/var/tmp' }),
    },
    {
      name: 'base64 with one =',
      path: '/metrics/job/s02/path@base64/L3Zhci90bXA=',
      grouping: L({ job: 's02', path: '/var/tmp' }),
    },
    {
      name: 'base64 with ==',
      path: '/metrics/job/s02/path@base64/L3Zhci90bXA==',
      grouping: L({ job: 's02', path: '/var/tmp' }),
    },
    {
      name: 'base64 with %3D padding',
      path: '/metrics/job/s02/path@base64/L3Zhci90bXA%3D',
      grouping: L({ job: 's02', path: '/var/tmp' }),
    },
    {
      name: '= is the empty value',
      path: '/metrics/job/s03/first_label@base64/=',
      grouping: L({ job: 's03', first_label: '' }),
    },
    { name: '== is the empty value', path: '/metrics/job/s03/e@base64/==', grouping: L({ job: 's03', e: '' }) },
    { name: '=== is the empty value', path: '/metrics/job/s03/e@base64/===', grouping: L({ job: 's03', e: '' }) },
    { name: 'YQ= decodes to a', path: '/metrics/job/s03/x@base64/YQ=', grouping: L({ job: 's03', x: 'a' }) },
    {
      name: 'non-zero trailing bits are accepted',
      path: '/metrics/job/s03/x@base64/L3Vzch',
      grouping: L({ job: 's03', x: '/usr' }),
    },
    { name: 'LF inside base64 is skipped', path: '/metrics/job/x/b@base64/YQ%0A', grouping: L({ job: 'x', b: 'a' }) },
    { name: 'base64 job', path: '/metrics/job@base64/L3MxNC90bXA', grouping: L({ job: '/s14/tmp' }) },
    { name: 'a later duplicate label wins', path: '/metrics/job/s05/a/1/a/2', grouping: L({ job: 's05', a: '2' }) },
    {
      name: 'job pair is overwritten by the job segment',
      path: '/metrics/job/s13/job/override',
      grouping: L({ job: 's13' }),
    },
    {
      name: 'UTF-8 percent escapes',
      path: '/metrics/job/s06/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82',
      grouping: L({ job: 's06', name: 'Προμηθεύς' }),
    },
    { name: '%20 is a space', path: '/metrics/job/s06/space/a%20b', grouping: L({ job: 's06', space: 'a b' }) },
    { name: '+ stays a literal +', path: '/metrics/job/s06/space/a+b', grouping: L({ job: 's06', space: 'a+b' }) },
    {
      name: '@ = ! are literal in values',
      path: '/metrics/job/s06/at/a@b=c',
      grouping: L({ job: 's06', at: 'a@b=c' }),
    },
    { name: 'the query string is ignored', path: '/metrics/job/s06?x=1', grouping: L({ job: 's06' }) },
    { name: 'trailing slash after the job', path: '/metrics/job/s18/', grouping: L({ job: 's18' }) },
    {
      name: 'trailing slash after a name gives an empty value',
      path: '/metrics/job/s18/foo/',
      grouping: L({ job: 's18', foo: '' }),
    },
    {
      name: 'U__ names are plain names',
      path: '/metrics/job/s07/U__a_2e_b/1',
      grouping: L({ job: 's07', U__a_2e_b: '1' }),
    },
    {
      name: 'explicit empty instance',
      path: '/metrics/job/s52/instance@base64/=',
      grouping: L({ job: 's52', instance: '' }),
    },
  ])('$name', ({ path, grouping }) => {
    expect(parsePushPath(path)).toEqual({ kind: 'grouping', grouping });
    expect(parseGroupingPath(path)).toEqual(grouping);
  });
});

describe('parsePushPath: 400 errors with the Pushgateway texts', () => {
  test.each([
    {
      name: 'invalid base64 job',
      path: '/metrics/job@base64/!!',
      code: 'INVALID_BASE64_JOB',
      message: 'invalid base64 encoding in job name "": illegal base64 data at input byte 0',
    },
    {
      name: 'base64 job error quotes the partial value',
      path: '/metrics/job@base64/YWJjZA!x',
      code: 'INVALID_BASE64_JOB',
      message: 'invalid base64 encoding in job name "abc": illegal base64 data at input byte 6',
    },
    {
      name: 'odd number of components',
      path: '/metrics/job/s08/foo/bar/baz',
      code: 'ODD_COMPONENTS',
      message: 'odd number of components in label string "/foo/bar/baz"',
    },
    {
      name: '%2F adds a segment',
      path: '/metrics/job/s08/l/a%2Fb',
      code: 'ODD_COMPONENTS',
      message: 'odd number of components in label string "/l/a/b"',
    },
    {
      name: '__ prefix',
      path: '/metrics/job/s08/__x/1',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name "__x"',
    },
    {
      name: 'leading digit',
      path: '/metrics/job/s08/1abc/1',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name "1abc"',
    },
    { name: 'dash', path: '/metrics/job/s08/a-b/1', code: 'IMPROPER_LABEL_NAME', message: 'improper label name "a-b"' },
    { name: 'dot', path: '/metrics/job/s08/a.b/1', code: 'IMPROPER_LABEL_NAME', message: 'improper label name "a.b"' },
    { name: 'plus', path: '/metrics/job/x/a+b/1', code: 'IMPROPER_LABEL_NAME', message: 'improper label name "a+b"' },
    {
      name: 'double @base64 cuts one suffix',
      path: '/metrics/job/s08/x@base64@base64/YQ',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name "x@base64"',
    },
    {
      name: 'bare @base64',
      path: '/metrics/job/s08/@base64/YQ',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name ""',
    },
    {
      name: 'suffix is case-sensitive',
      path: '/metrics/job/s08/x@BASE64/YQ',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name "x@BASE64"',
    },
    {
      name: 'non-UTF-8 name bytes',
      path: '/metrics/job/x/%C3/v',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name "\\xc3"',
    },
    {
      name: 'lone base64 character',
      path: '/metrics/job/s08/x@base64/a',
      code: 'INVALID_BASE64_LABEL',
      message: 'invalid base64 encoding for label x="a": illegal base64 data at input byte 0',
    },
    {
      name: '= inside base64',
      path: '/metrics/job/x/a@base64/Y=Q',
      code: 'INVALID_BASE64_LABEL',
      message: 'invalid base64 encoding for label a="Y=Q": illegal base64 data at input byte 1',
    },
    {
      name: '+ is not URL-safe base64',
      path: '/metrics/job/s08/x@base64/L3Zhci90bX+',
      code: 'INVALID_BASE64_LABEL',
      message: 'invalid base64 encoding for label x="L3Zhci90bX+": illegal base64 data at input byte 10',
    },
    {
      name: 'base64 error quotes raw bytes',
      path: '/metrics/job/x/b@base64/%C3',
      code: 'INVALID_BASE64_LABEL',
      message: 'invalid base64 encoding for label b="\\xc3": illegal base64 data at input byte 0',
    },
    { name: 'empty base64 job', path: '/metrics/job@base64/=', code: 'JOB_REQUIRED', message: 'job name is required' },
    {
      name: 'empty base64 job with ==',
      path: '/metrics/job@base64/==',
      code: 'JOB_REQUIRED',
      message: 'job name is required',
    },
    {
      name: 'labels are checked before the empty job',
      path: '/metrics/job@base64/=/a-b/1',
      code: 'IMPROPER_LABEL_NAME',
      message: 'improper label name "a-b"',
    },
    {
      name: 'first bad pair wins',
      path: '/metrics/job/x/a@base64/!/b-c/1',
      code: 'INVALID_BASE64_LABEL',
      message: 'invalid base64 encoding for label a="!": illegal base64 data at input byte 0',
    },
    {
      name: 'malformed percent escape',
      path: '/metrics/job/x/a/%zz',
      code: 'INVALID_URL_ESCAPE',
      message: '400 Bad Request',
    },
    // Deliberate difference: 1.5.1 accepts these and then poisons itself (docs/gateway.md).
    {
      name: 'non-UTF-8 base64 value',
      path: '/metrics/job/s16/x@base64/wA',
      code: 'INVALID_UTF8',
      message: 'grouping label x has a value that is not valid UTF-8: "\\xc0"',
    },
    {
      name: 'non-UTF-8 percent-decoded value',
      path: '/metrics/job/x/b/%22%C3',
      code: 'INVALID_UTF8',
      message: 'grouping label b has a value that is not valid UTF-8: "\\"\\xc3"',
    },
    {
      name: 'non-UTF-8 job',
      path: '/metrics/job/%FF',
      code: 'INVALID_UTF8',
      message: 'grouping label job has a value that is not valid UTF-8: "\\xff"',
    },
  ])('$name', ({ path, code, message }) => {
    const r = parsePushPath(path);
    expect(r).toMatchObject({ kind: 'error', status: 400, code, message });
    let thrown: unknown;
    try {
      parseGroupingPath(path);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GroupingPathError);
    expect((thrown as GroupingPathError).status).toBe(400);
    expect((thrown as GroupingPathError).code).toBe(code);
  });

  test('malformed escape says what was wrong in detail', () => {
    expect(parsePushPath('/metrics/job/x/a/%zz')).toMatchObject({ detail: 'invalid URL escape "%zz"' });
    expect(parsePushPath('/metrics/job/x/a/%4')).toMatchObject({ detail: 'invalid URL escape "%4"' });
  });
});

describe('parsePushPath: router outcomes', () => {
  test.each([
    {
      name: 'double slash is cleaned (301)',
      path: '/metrics/job/s19//foo',
      status: 301,
      location: '/metrics/job/s19/foo',
    },
    { name: 'dot segment is cleaned (301)', path: '/metrics/job/./s19', status: 301, location: '/metrics/job/s19' },
    {
      name: 'encoded dot-dot is cleaned (301)',
      path: '/metrics/job/x/a/%2e%2e/b',
      status: 301,
      location: '/metrics/job/x/b',
    },
    { name: 'cleaning keeps the query', path: '/metrics/job/./x?q=1', status: 301, location: '/metrics/job/x?q=1' },
    { name: 'trailing .. is resolved', path: '/metrics/job/x/a/b/..', status: 301, location: '/metrics/job/x/a' },
    {
      name: 'cleaning comes before the case fix',
      path: '/metrics/JOB/x//a/b',
      status: 301,
      location: '/metrics/JOB/x/a/b',
    },
    { name: 'missing job redirects (307)', path: '/metrics/job/', status: 307, location: '/metrics/job' },
    { name: 'wrong case (307)', path: '/Metrics/job/s19', status: 307, location: '/metrics/job/s19' },
    {
      name: 'wrong case of @base64 (307)',
      path: '/metrics/job@BASE64/eA',
      status: 307,
      location: '/metrics/job@base64/eA',
    },
    {
      name: 'case fix re-escapes the path',
      path: '/metrics/JOB/x/y%20z/a%2fb',
      status: 307,
      location: '/metrics/job/x/y%20z/a/b',
    },
  ])('$name', ({ path, status, location }) => {
    expect(parsePushPath(path)).toEqual({ kind: 'redirect', status, location });
  });

  test('GET gets 301 for router redirects', () => {
    expect(parsePushPath('/metrics/job/', 'GET')).toEqual({ kind: 'redirect', status: 301, location: '/metrics/job' });
  });

  test.each([
    { name: 'no job segment', path: '/metrics/job' },
    { name: 'no base64 job segment', path: '/metrics/job@base64' },
    { name: 'empty base64 job segment', path: '/metrics/job@base64/' },
    { name: 'wrong case without job', path: '/Metrics/job/' },
    { name: 'other path', path: '/metrics' },
    { name: 'other prefix', path: '/metrics/jobs/x' },
  ])('$name is not a push path', ({ path }) => {
    expect(parsePushPath(path)).toEqual({ kind: 'not-found', status: 404 });
    expect(() => parseGroupingPath(path)).toThrow(GroupingPathError);
  });

  test('bytes input is taken as is', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('/metrics/job/x/a/'), 0xce, 0xa0]);
    expect(parseGroupingPath(bytes)).toEqual(L({ job: 'x', a: 'Π' }));
  });
});

describe('groupingPath', () => {
  test.each([
    { name: 'job only', labels: L({ job: 'batch' }), path: '/metrics/job/batch' },
    {
      name: 'others sorted by name',
      labels: [
        { name: 'zone', value: 'b' },
        { name: 'job', value: 'j' },
        { name: 'app', value: 'a' },
      ],
      path: '/metrics/job/j/app/a/zone/b',
    },
    { name: 'empty value uses =', labels: L({ job: 'j', instance: '' }), path: '/metrics/job/j/instance@base64/=' },
    {
      name: 'slash uses base64',
      labels: L({ job: 'j', path: '/var/tmp' }),
      path: '/metrics/job/j/path@base64/L3Zhci90bXA',
    },
    { name: 'slash in job uses job@base64', labels: L({ job: '/s14/tmp' }), path: '/metrics/job@base64/L3MxNC90bXA' },
    { name: 'dot value uses base64', labels: L({ job: 'j', d: '.' }), path: '/metrics/job/j/d@base64/Lg' },
    { name: 'dot-dot job uses base64', labels: L({ job: '..' }), path: '/metrics/job@base64/Li4' },
    { name: 'space is %20, not +', labels: L({ job: 'j', s: 'a b' }), path: '/metrics/job/j/s/a%20b' },
    { name: 'plus stays', labels: L({ job: 'j', s: 'a+b' }), path: '/metrics/job/j/s/a+b' },
    { name: 'percent is escaped', labels: L({ job: 'j', s: '100%' }), path: '/metrics/job/j/s/100%25' },
    { name: 'question mark is escaped', labels: L({ job: 'j', s: 'a?b' }), path: '/metrics/job/j/s/a%3Fb' },
    { name: 'UTF-8 is escaped', labels: L({ job: 'j', s: 'Π' }), path: '/metrics/job/j/s/%CE%A0' },
  ])('$name', ({ labels, path }) => {
    expect(groupingPath(labels)).toBe(path);
    expect(parseGroupingPath(path)).toEqual(labels.slice().sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  test.each([
    { name: 'no job', labels: L({ a: '1' }), error: 'job name is required' },
    { name: 'empty job', labels: L({ job: '' }), error: 'job name is required' },
    { name: 'invalid name', labels: L({ job: 'j', 'a-b': '1' }), error: 'improper label name "a-b"' },
    { name: 'reserved name', labels: L({ job: 'j', __x: '1' }), error: 'improper label name "__x"' },
    {
      name: 'repeated name',
      labels: [
        { name: 'job', value: 'a' },
        { name: 'job', value: 'b' },
      ],
      error: 'duplicate label name "job"',
    },
    {
      name: 'lone surrogate',
      labels: L({ job: 'j', a: '\ud800' }),
      error: 'label a has a value that is not well-formed UTF-16',
    },
  ])('refuses $name', ({ labels, error }) => {
    expect(() => groupingPath(labels)).toThrow(new TypeError(error));
  });
});

describe('groupKey', () => {
  test.each([
    {
      name: 'order does not matter',
      a: [
        { name: 'job', value: 'x' },
        { name: 'a', value: '1' },
      ],
      b: [
        { name: 'a', value: '1' },
        { name: 'job', value: 'x' },
      ],
      same: true,
    },
    {
      name: 'explicit empty instance is another group',
      a: L({ job: 'x' }),
      b: L({ job: 'x', instance: '' }),
      same: false,
    },
    {
      name: 'separator characters cannot forge pairs',
      a: L({ job: 'a\u00ffb' }),
      b: [
        { name: 'job', value: 'a' },
        { name: 'b', value: '' },
      ],
      same: false,
    },
    {
      name: 'a value cannot swallow the next name',
      a: [
        { name: 'a', value: '1b1:x' },
        { name: 'job', value: 'j' },
      ],
      b: [
        { name: 'a', value: '1' },
        { name: 'b', value: 'x' },
        { name: 'job', value: 'j' },
      ],
      same: false,
    },
  ])('$name', ({ a, b, same }) => {
    expect(groupKey(a) === groupKey(b)).toBe(same);
  });
});

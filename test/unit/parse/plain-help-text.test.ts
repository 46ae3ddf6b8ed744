import { describe, expect, test } from 'vitest';
import { createParser, parse } from '../../../src/parse/index.js';
import { byteReaderTuning } from '../../../src/parse/create-parser.js';
import { ParseError } from '../../../src/errors/parse-error.js';
import { scanComment } from '../../../grammar/text/scan.js';
import { scanMetaLine } from '../../../grammar/openmetrics/scan.js';
import { setScanMode } from '../../../grammar/common/scan-context.js';

/**
 * HELP texts without a backslash are taken whole, and byte input known to be
 * all ASCII skips the search for bytes to decode. Whatever the path, the
 * text is the same: escapes decoded, UTF-8 decoded (or refused) in byte
 * mode, and a chunk with non-ASCII bytes after ASCII ones still decoded.
 */

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const OM = { format: 'openmetrics' } as const;

describe('HELP text taken whole', () => {
  test('plain, escaped and non-ASCII texts read the same in both formats', () => {
    for (const [help, text] of [
      ['plain words', 'plain words'],
      ['back\\\\slash and \\n line', 'back\\slash and \n line'],
      ['caf\u00e9 \u20ac', 'caf\u00e9 \u20ac'],
    ]) {
      const doc = `# HELP a ${help}\n# TYPE a gauge\na 1\n`;
      expect(parse(utf8(doc))[0].help, help).toBe(text);
      expect(parse(doc)[0].help, help).toBe(text);
      expect(parse(utf8(doc + '# EOF\n'), OM)[0].help, help).toBe(text);
      expect(parse(doc + '# EOF\n', OM)[0].help, help).toBe(text);
    }
  });

  test('an empty OpenMetrics HELP text', () => {
    expect(parse(utf8('# HELP a \n# TYPE a gauge\na 1\n# EOF\n'), OM)[0].help).toBeUndefined();
    expect(parse('# HELP a \n# TYPE a gauge\na 1\n# EOF\n', OM)[0].help).toBeUndefined();
  });

  test('invalid UTF-8 in byte mode is kept as bytes (0.0.4) or refused (OpenMetrics)', () => {
    const family = parse(bytes('# HELP a x\xff\na 1\n'))[0];
    expect(family.help).toBe('x\ufffd');
    expect(Buffer.from(family.helpBytes!)).toEqual(bytes('x\xff'));
    expect(() => parse(bytes('# HELP a x\xff\na 1\n# EOF\n'), OM)).toThrow(
      expect.objectContaining({ code: 'OM_INVALID_UTF8' }) as ParseError,
    );
  });
});

describe('ASCII byte input', () => {
  test('a non-ASCII chunk after ASCII ones is still decoded', () => {
    for (const options of [{}, OM]) {
      const parser = createParser(options);
      parser.feed(utf8('# HELP a ascii only\na 1\n'));
      parser.feed(utf8('# HELP b caf\u00e9\nb 2\n'));
      if (options === OM) parser.feed(utf8('# EOF\n'));
      expect(parser.end().families.map((f) => f.help)).toEqual(['ascii only', 'caf\u00e9']);
    }
  });

  test('the byte reader decodes a non-ASCII chunk after ASCII ones', () => {
    const minChunk = byteReaderTuning.minChunk;
    byteReaderTuning.minChunk = 0;
    try {
      for (const options of [{}, OM]) {
        const parser = createParser(options);
        parser.feed(utf8('# HELP a ascii only\n# TYPE a gauge\na 1\n'));
        parser.feed(utf8('# HELP b caf\u00e9\n# TYPE b gauge\nb{l="\u00e9"} 2\n'));
        if (options === OM) parser.feed(utf8('# EOF\n'));
        const families = parser.end().families;
        expect(families.map((f) => f.help)).toEqual(['ascii only', 'caf\u00e9']);
        expect(families[1].metrics[0].labels).toEqual([{ name: 'l', value: '\u00e9' }]);
      }
    } finally {
      byteReaderTuning.minChunk = minChunk;
    }
  });

  test('regression: a scan after an ASCII parse does not take its mode', () => {
    parse(utf8('# HELP a ascii\na 1\n'));
    parse(utf8('# HELP a ascii\na 1\n# EOF\n'), OM);
    setScanMode(true);
    const text = bytes('# HELP a caf\xc3\xa9\n').toString('latin1');
    expect(scanComment(text, 0).payload).toMatchObject({ kind: 'HELP', text: 'caf\u00e9' });
    expect(scanMetaLine(text, 0).payload).toMatchObject({ kind: 'HELP', text: 'caf\u00e9' });
    setScanMode(false);
  });
});

// Series keys of huge label sets are built in one piece (a join, or bytes decoded once) and label sets are
// sorted with a native comparison when no name has a code unit from U+D800 up: both must give exactly what
// appending piece by piece and comparing in Go byte order give, for any characters.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  compareBytes,
  compareLabelNames,
  seriesIdentity,
  seriesKeyOfLarge,
  seriesOrderKey,
  sortLabelsByName,
} from '../../src/merge/byte-order.js';
import type { Label } from '../../src/model/types.js';

const SEED = 20261202;

/** The code-unit rewriting of byte-order.ts, written out again as the reference. */
function orderable(s: string): string {
  let out = '';
  for (const ch of s) {
    for (let i = 0; i < ch.length; i++) {
      const c = ch.charCodeAt(i);
      if (c === 0) out += '\u0000\u0001';
      else if (c < 0xd800) out += String.fromCharCode(c);
      else out += String.fromCharCode(c < 0xe000 ? c + 0x2000 : c - 0x800);
    }
  }
  return out;
}

function referenceOrderKey(labels: readonly Label[]): string {
  let key = String.fromCharCode(labels.length >>> 16, labels.length & 0xffff);
  for (const l of labels) key += orderable(l.value) + '\u0000\u0000';
  return key;
}

function referenceIdentity(labels: readonly Label[]): string {
  let key = referenceOrderKey(labels);
  for (const l of labels) key += orderable(l.name) + '\u0000\u0000';
  return key;
}

const piece = fc.constantFrom('a', 'l1', 'l10', 'l2', 'é', 'ÿ', '\u0000', '\u0100', '\u{1F600}', '\ue000', 'zz', '');
const text = fc.array(piece, { maxLength: 3 }).map((ps) => ps.join(''));
const label = fc.record({ name: text, value: text });
// Sizes around and far beyond the bound where keys switch to being built in one piece.
const labelSet = fc.array(label, { minLength: 0, maxLength: 300 });

test(`series keys of any size equal the keys built piece by piece (seed ${SEED})`, () => {
  fc.assert(
    fc.property(labelSet, (labels) => {
      const order = seriesOrderKey(labels);
      expect(order).toBe(referenceOrderKey(labels));
      expect(seriesIdentity(order, labels)).toBe(referenceIdentity(labels));
    }),
    { seed: SEED, numRuns: 300 },
  );
});

// Only characters in U+0001–U+00FF (where the one-buffer key applies), sizes across 64 and 256 labels.
const latin1Piece = fc.constantFrom('a', 'l1', 'l10', 'é', 'ÿ', '\u0001', 'zz', '');
const latin1Text = fc.array(latin1Piece, { maxLength: 3 }).map((ps) => ps.join(''));
const latin1Set = fc.array(fc.record({ name: latin1Text, value: latin1Text }), { minLength: 60, maxLength: 400 });

test(`seriesKeyOfLarge equals the key built piece by piece, or declines (seed ${SEED})`, () => {
  fc.assert(
    fc.property(fc.oneof(latin1Set, labelSet), (labels) => {
      const large = seriesKeyOfLarge(labels);
      const oneBuffer = labels.length > 64 && labels.every((l) => /^[\u0001-\u00ff]*$/.test(l.name + l.value));
      expect(large !== undefined).toBe(oneBuffer);
      if (large === undefined) return;
      expect(large.key).toBe(referenceIdentity(labels));
      expect(large.orderLength).toBe(referenceOrderKey(labels).length);
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test(`sortLabelsByName is the stable sort in Go byte order (seed ${SEED})`, () => {
  fc.assert(
    fc.property(labelSet, (labels) => {
      const expected = labels.slice().sort((a, b) => compareBytes(a.name, b.name));
      const sorted = sortLabelsByName(labels.slice());
      expect(sorted).toEqual(expected);
      // Stability: equal names keep their order, object for object.
      for (let i = 0; i < sorted.length; i++) expect(sorted[i]).toBe(expected[i]);
      for (let i = 1; i < sorted.length; i++)
        expect(compareLabelNames(sorted[i - 1], sorted[i])).toBeLessThanOrEqual(0);
    }),
    { seed: SEED, numRuns: 300 },
  );
});

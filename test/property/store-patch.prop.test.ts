// A snapshot of a large checked store patches the merged view of each changed name (drops the
// retired entries of the groups written since the last snapshot, merges their current ones in)
// instead of sorting it again: the exposition must equal one built from scratch.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { WriteRequest } from '../../src/model/types.js';
import { parse } from '../../src/parse/index.js';
import { createStore } from '../../src/store/index.js';

const SEED = 7;
/** Enough holders that a few changed groups take the patch path (fewer than a quarter of them). */
const GROUPS = 40;

const grouping = (g: number) => [
  { name: 'job', value: 'j' },
  { name: 'instance', value: `i${g % 7}-${g}` },
];

/** A body of one group: some series of `a` and `b` (label sets vary with `variant`), maybe `c`. */
function body(variant: number): string {
  const lines: string[] = [];
  for (let k = 0; k <= variant % 3; k++) lines.push(`a{k="${(variant + k) % 5}"} ${variant}`);
  if (variant % 2 === 0) lines.push(`b ${variant}`, `b{x="${variant % 4}"} 1`);
  if (variant % 5 === 0) lines.push(`c{k="z"} 2`);
  return lines.join('\n') + '\n';
}

const write = fc.record({
  group: fc.nat({ max: GROUPS + 4 }),
  mode: fc.constantFrom<WriteRequest['mode']>('replace', 'replace', 'merge', 'delete'),
  variant: fc.nat({ max: 30 }),
});

test(`patched views equal views built from scratch (seed ${SEED})`, () => {
  console.log(`fast-check seed ${SEED}`);
  let at = 1;
  fc.assert(
    fc.property(fc.array(fc.array(write, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), (rounds) => {
      const s = createStore();
      for (let g = 0; g < GROUPS; g++) {
        s.commit(s.prepare({ grouping: grouping(g), mode: 'replace', families: parse(body(g)), receivedAt: at++ }));
      }
      s.snapshot();
      for (const round of rounds) {
        // Several writes (to the same group too) between two snapshots.
        for (const w of round) {
          const families = w.mode === 'delete' ? undefined : parse(body(w.variant));
          s.commit(s.prepare({ grouping: grouping(w.group), mode: w.mode, families, receivedAt: at++ }));
        }
        const fresh = createStore();
        fresh.importState(s.exportState());
        expect(s.snapshot().text()).toBe(fresh.snapshot().text());
      }
    }),
    { seed: SEED, numRuns: 150 },
  );
}, 120_000);

test('views let go after many writes without a snapshot are built again, next to patched ones', () => {
  const s = createStore();
  let at = 1;
  const put = (g: number, text: string, mode: WriteRequest['mode'] = 'replace'): void => {
    const families = mode === 'delete' ? undefined : parse(text);
    const r = s.commit(s.prepare({ grouping: grouping(g), mode, families, receivedAt: at++ }));
    expect(r.ok && r.mode).toBe(mode);
  };
  const LONG = 35;
  for (let g = 0; g < GROUPS; g++) put(g, body(g));
  // `d` is held only by groups the long run below leaves alone.
  for (let g = LONG; g < GROUPS; g++) put(g, `d{k="${g}"} 1\n`, 'merge');
  const before = s.snapshot();
  const beforeText = before.text();
  // 1,024 writes without a snapshot (every one changes the store): at the last one the store lets
  // the views of the names written go (all but `d`).
  for (let i = 0; i < 1023; i++) put(i % LONG, body((i * 7) % 30), i % 97 === 0 ? 'delete' : 'replace');
  put(0, body(5));
  // One holder of five written: `d` is patched, the others are built again.
  put(GROUPS - 1, `d{k="0"} 2\n`, 'merge');
  const fresh = createStore();
  fresh.importState(s.exportState());
  expect(s.snapshot().text()).toBe(fresh.snapshot().text());
  expect(s.snapshot().text()).toContain('d{instance="i3-38",job="j",k="38"} 1\n');
  expect(s.snapshot().problems()).toEqual([]);
  // The earlier snapshot still shows the store as it was.
  expect(before.text()).toBe(beforeText);
  expect(before.text()).not.toBe(s.snapshot().text());
});

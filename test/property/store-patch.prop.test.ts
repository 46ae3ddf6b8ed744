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

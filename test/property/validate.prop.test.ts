import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../src/errors/parse-error.js';
import { parse } from '../../src/parse/index.js';
import { getRule, lint, promtoolCheckMetrics } from '../../src/validate/index.js';
import { documentArb } from '../helpers/generators.js';
import { Char } from '../../src/model/chars.js';

const SEED = 5150;

/** Line and column of a byte offset, counted independently of the linter. */
function locate(input: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < input.length; i++) {
    if (input[i] === Char.LF) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

describe(`lint properties (seed ${SEED})`, () => {
  test.each([
    ['valid documents', false],
    ['garbled documents', true],
  ])('never throws, and every position is consistent with its offset: %s', (_name, garble) => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(documentArb(garble), fc.boolean(), (input, push) => {
        const diagnostics = lint(input, push ? { push: '/metrics/job/j/a/1' } : {});
        for (const d of diagnostics) {
          expect(typeof d.code).toBe('string');
          if (!d.pos) continue;
          expect(d.pos.offset).toBeGreaterThanOrEqual(0);
          expect(d.pos.offset).toBeLessThanOrEqual(input.length);
          expect(locate(input, d.pos.offset)).toEqual({ line: d.pos.line, column: d.pos.column });
        }
        for (let i = 1; i < diagnostics.length; i++) {
          expect((diagnostics[i].pos?.offset ?? -1) >= (diagnostics[i - 1].pos?.offset ?? -1)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('promtool format agrees with lint: exit 1 exactly when the reference parser fails, else its promlint findings', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(documentArb(true), (input) => {
        const r = promtoolCheckMetrics(input);
        let failed: ParseError | undefined;
        try {
          parse(input);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          failed = e;
        }
        const diagnostics = lint(input);
        if (failed) {
          expect(r.exitCode).toBe(1);
          expect(r.output).toBe(`error while linting: ${failed.message}\n`);
          // lint resumes after errors, but its first parse error is the reference's.
          expect(
            diagnostics.some(
              (d) => d.code === failed!.code && d.pos?.offset === failed!.offset && d.message === failed!.msg,
            ),
          ).toBe(true);
        } else {
          const promlint = diagnostics.filter((d) => getRule(d.code)?.category === 'promlint');
          expect(r.problems.length).toBe(promlint.length);
          expect(r.exitCode).toBe(promlint.length > 0 ? 3 : 0);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  /** A histogram: ascending finite bounds, non-decreasing counts, +Inf equal to _count. */
  const histogramArb = fc
    .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 8 })
    .chain((bounds) =>
      fc.tuple(
        fc.constant(bounds.sort((a, b) => a - b).map((b) => b / 8)),
        fc.array(fc.nat({ max: 50 }), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }),
      ),
    )
    .map(([bounds, steps]) => {
      let total = 0;
      const counts = steps.map((s) => (total += s));
      return { bounds, counts };
    });

  const render = (bounds: number[], counts: number[]): string => {
    let s = '# HELP h_seconds x\n# TYPE h_seconds histogram\n';
    bounds.forEach((b, i) => (s += `h_seconds_bucket{k="v",le="${b}"} ${counts[i]}\n`));
    s += `h_seconds_bucket{k="v",le="+Inf"} ${counts[bounds.length]}\nh_seconds_sum{k="v"} 1\nh_seconds_count{k="v"} ${counts[bounds.length]}\n`;
    return s;
  };

  test('well-formed histograms have no findings; lowering one bucket below its predecessor is reported at that line', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(histogramArb, fc.nat(), ({ bounds, counts }, pick) => {
        expect(lint(render(bounds, counts))).toEqual([]);
        if (bounds.length < 2) return;
        const i = 1 + (pick % (bounds.length - 1));
        if (counts[i - 1] === 0) return;
        const broken = counts.slice();
        broken[i] = counts[i - 1] - 1;
        const found = lint(render(bounds, broken)).filter((d) => d.code === 'HISTOGRAM_NOT_CUMULATIVE');
        expect(found.map((d) => d.pos?.line)).toContain(3 + i);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('push: grouping labels always win, and each replaced body label is reported once', () => {
    console.log(`fast-check seed ${SEED}`);
    const name = fc.constantFrom('job', 'instance', 'a', 'b');
    const value = fc.constantFrom('x', 'y', 'z');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value), { maxLength: 4, selector: ([n]) => n }),
        fc
          .uniqueArray(fc.tuple(name, value), { maxLength: 3, selector: ([n]) => n })
          .filter((g) => g.every(([n]) => n !== 'job')),
        value,
        (body, grouping, job) => {
          const path = `/metrics/job/${job}` + grouping.map(([n, v]) => `/${n}/${v}`).join('');
          const labels = body.map(([n, v]) => `${n}="${v}"`).join(',');
          const found = lint(`# HELP m x\nm{${labels}} 1\n`, { push: path }).filter(
            (d) => d.code === 'PUSH_LABEL_OVERWRITTEN',
          );
          const key = new Map([['job', job], ...grouping]);
          const replaced = body.filter(([n, v]) => key.has(n) && key.get(n) !== v);
          expect(found.length).toBe(replaced.length);
          for (const [n] of replaced)
            expect(found.some((d) => d.message.includes(`grouping label ${n}="${key.get(n)}"`))).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

/**
 * Every exposition the gateway serves parses: for any store state reached by
 * accepted pushes (random families from several groups, and families whose
 * names clash once written as OpenMetrics), the text 0.0.4, protobuf and
 * OpenMetrics renderings of `GET /metrics` are read back by promkit's
 * parsers, each as the format its content type announces.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderExposition, type Exposition } from '../../src/gateway/handlers/exposition.js';
import { OWN_FAMILIES } from '../../src/gateway/telemetry/metrics.js';
import { parse } from '../../src/parse/index.js';
import { decodeProtobuf, OPENMETRICS_0_CONTENT_TYPE, TEXT_CONTENT_TYPE } from '../../src/serialize/index.js';
import { createStore } from '../../src/store/index.js';
import { pushArb } from './exposition-arbitraries.js';

const SEED = 1515;
const ACCEPT = {
  text: 'text/plain;version=0.0.4',
  protobuf: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
  openmetrics: 'application/openmetrics-text;version=0.0.1',
};

/** A text 0.0.4 body (pieces of strings and bytes) as one string. */
function textOf(body: Exposition['body']): string {
  const pieces = body as readonly (string | Uint8Array)[];
  return Buffer.concat(pieces.map((p) => Buffer.from(p))).toString('utf8');
}

describe(`any accepted store state: every format parses (fast-check seed ${SEED})`, () => {
  test('text 0.0.4, protobuf and OpenMetrics (or text 0.0.4 where it cannot hold the families)', async () => {
    let fellBack = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(pushArb, { minLength: 1, maxLength: 6 }), async (pushes) => {
        const store = createStore({ ownFamilies: OWN_FAMILIES });
        for (const p of pushes) await store.submit(p);
        const snap = store.snapshot();
        const text = await renderExposition(snap, [], ACCEPT.text);
        expect(text.contentType).toBe(TEXT_CONTENT_TYPE);
        const fromText = parse(textOf(text.body), { format: 'text' });
        const fromProto = decodeProtobuf((await renderExposition(snap, [], ACCEPT.protobuf)).body as Uint8Array);
        expect(fromProto.map((f) => f.name)).toEqual(fromText.map((f) => f.name));
        const om = await renderExposition(snap, [], ACCEPT.openmetrics);
        if (om.contentType === OPENMETRICS_0_CONTENT_TYPE) {
          parse(om.body as string, { format: 'openmetrics' });
        } else {
          expect(om.contentType).toBe(TEXT_CONTENT_TYPE);
          fellBack++;
          parse(textOf(om.body), { format: 'text' });
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    // The generator reaches the clashing case.
    expect(fellBack).toBeGreaterThan(0);
  }, 120_000);
});

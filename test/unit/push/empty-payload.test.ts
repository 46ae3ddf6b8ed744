// `promkit push` never empties a group silently, and says when it waits for a terminal.
import { describe, expect, test } from 'vitest';
import { runPush } from '../../../src/cli/commands/push.js';
import type { CliIO } from '../../../src/cli/io.js';

function fakeIO(stdin: string, stdinIsTTY = false) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readInput: async (p) => {
      if (p !== '-') throw new Error(`ENOENT: ${p}`);
      return new TextEncoder().encode(stdin);
    },
    isTTY: false,
    stdinIsTTY,
  };
  return { io, out: () => out, err: () => err };
}

/** A fetch that records what would be sent and answers 200. */
function recordingFetch() {
  const sent: Array<{ method: string; body: string }> = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    sent.push({ method: init?.method ?? 'GET', body: init?.body === undefined ? '' : String(init.body) });
    return new Response('', { status: 200 });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

describe('an empty payload is refused unless --allow-empty', () => {
  test.each([
    ['nothing', ''],
    ['blank lines', '\n\n'],
    ['metadata only', '# HELP a x\n# TYPE a counter\n'],
  ])('regression: %s on standard input is not sent (exit 1)', async (_name, stdin) => {
    const t = fakeIO(stdin);
    const f = recordingFetch();
    expect(await runPush(['http://127.0.0.1:9', '--job', 'cron'], t.io, { fetch: f.fetch })).toBe(1);
    expect(f.sent).toEqual([]);
    expect(t.err()).toContain(
      'promkit push: not sent: standard input gave no samples (a PUT without samples deletes every metric of the group; --allow-empty sends it anyway)\n',
    );
  });

  test('--allow-empty sends it', async () => {
    const t = fakeIO('');
    const f = recordingFetch();
    expect(await runPush(['http://127.0.0.1:9', '--job', 'cron', '--allow-empty'], t.io, { fetch: f.fetch })).toBe(0);
    expect(f.sent.map((s) => s.method)).toEqual(['PUT']);
  });

  test('POST is refused too; DELETE needs no payload', async () => {
    const f = recordingFetch();
    const post = fakeIO('');
    expect(await runPush(['http://127.0.0.1:9', '--job', 'j', '--method', 'post'], post.io, { fetch: f.fetch })).toBe(
      1,
    );
    expect(post.err()).toContain('gave no samples (nothing to add;');
    const del = fakeIO('');
    expect(await runPush(['http://127.0.0.1:9', '--job', 'j', '--method', 'delete'], del.io, { fetch: f.fetch })).toBe(
      0,
    );
    expect(f.sent.map((s) => s.method)).toEqual(['DELETE']);
  });

  test('an --exec command that printed nothing is named', async () => {
    const t = fakeIO('');
    const f = recordingFetch();
    const code = await runPush(['http://127.0.0.1:9', '--job', 'j', '--exec', 'true'], t.io, {
      fetch: f.fetch,
      exec: async () => new Uint8Array(0),
    });
    expect(code).toBe(1);
    expect(t.err()).toContain('not sent: the --exec command gave no samples');
  });

  test('a payload with a sample is sent', async () => {
    const t = fakeIO('a 1\n');
    const f = recordingFetch();
    expect(await runPush(['http://127.0.0.1:9', '--job', 'j', '--quiet'], t.io, { fetch: f.fetch })).toBe(0);
    expect(f.sent).toHaveLength(1);
    expect(t.err()).toBe('');
  });
});

describe('reading a terminal', () => {
  test('says it reads standard input when that is a terminal', async () => {
    const t = fakeIO('a 1\n', true);
    const f = recordingFetch();
    expect(await runPush(['http://127.0.0.1:9', '--job', 'j', '--quiet'], t.io, { fetch: f.fetch })).toBe(0);
    expect(t.err()).toBe('promkit push: reading metrics from standard input (Ctrl-D to end)…\n');
  });

  test('is silent when standard input is a pipe or a file is given', async () => {
    const t = fakeIO('a 1\n', false);
    expect(
      await runPush(['http://127.0.0.1:9', '--job', 'j', '--quiet'], t.io, { fetch: recordingFetch().fetch }),
    ).toBe(0);
    expect(t.err()).toBe('');
  });
});

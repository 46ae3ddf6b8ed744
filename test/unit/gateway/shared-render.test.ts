import { describe, expect, test } from 'vitest';
import { SharedRenderer } from '../../../src/gateway/handlers/shared-render.js';

describe('concurrent scrapes share one rendering', () => {
  test('requests for a key being rendered wait for that rendering; a finished one is not reused', async () => {
    const shared = new SharedRenderer<string>();
    let made = 0;
    let finish!: (s: string) => void;
    const make = () => {
      made++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const a = shared.get('v1 text', make);
    const b = shared.get('v1 text', make);
    expect(made).toBe(1);
    finish('body');
    expect(await Promise.all([a, b])).toEqual(['body', 'body']);
    expect(shared.size).toBe(0);
    void shared.get('v1 text', () => Promise.resolve('again'));
    expect(made).toBe(1);
    expect(await shared.get('v2 text', () => Promise.resolve('other'))).toBe('other');
  });
});

import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Authorizer, parseAuthConfig } from '../../../src/gateway/features/auth.js';
import { BasicAuth } from '../../../src/gateway/web/web-config.js';
import { bcryptCost, PasswordChecker } from '../../../src/gateway/web/passwords.js';

// Cost 5: cheap enough for a test, and different from the library's defaults, so a dummy of another cost shows.
const hash = bcrypt.hashSync('s3cret', 5);
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

afterEach(() => vi.restoreAllMocks());

/** The hashes bcrypt.compare was asked to check against, in order. */
function spyCompare(): string[] {
  const against: string[] = [];
  const real = bcrypt.compare.bind(bcrypt);
  vi.spyOn(bcrypt, 'compare').mockImplementation(((pass: string, h: string) => {
    against.push(h);
    return real(pass, h);
  }) as typeof bcrypt.compare);
  return against;
}

describe('password checks (as exporter-toolkit does)', () => {
  test('an unknown user costs one bcrypt comparison against a hash of the same cost as the real ones', async () => {
    const checker = new PasswordChecker([hash]);
    const against = spyCompare();
    expect(await checker.verify('mallory', 's3cret', undefined)).toBe(false);
    expect(against).toHaveLength(1);
    expect(bcryptCost(against[0])).toBe(5);
  });

  test('outcomes are cached by user, hash and password: one comparison per distinct credential', async () => {
    const checker = new PasswordChecker([hash]);
    const against = spyCompare();
    for (let i = 0; i < 3; i++) {
      expect(await checker.verify('alice', 's3cret', hash)).toBe(true);
      expect(await checker.verify('alice', 'wrong', hash)).toBe(false);
    }
    expect(against).toHaveLength(2);
  });

  test('per-job authorization: an unknown user is compared too, and refused', async () => {
    const auth = new Authorizer(
      parseAuthConfig(`users:\n  - username: alice\n    password: '${hash}'\n    read: true\n`),
    );
    const against = spyCompare();
    expect(await auth.identify(basic('nobody', 's3cret'))).toBeNull();
    expect(against.map(bcryptCost)).toEqual([5]);
    expect((await auth.identify(basic('alice', 's3cret')))?.name).toBe('alice');
    expect((await auth.identify(basic('alice', 's3cret')))?.name).toBe('alice');
    expect(against).toHaveLength(2);
  });

  test('web config basic auth: an unknown user is compared at the same cost', async () => {
    const auth = new BasicAuth(new Map([['alice', hash]]));
    const against = spyCompare();
    expect(await auth.check(basic('nobody', 'x'))).toBe(false);
    expect(await auth.check(basic('alice', 's3cret'))).toBe(true);
    expect(against.map(bcryptCost)).toEqual([5, 5]);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { PARSE_ERROR_CODES } from '../../../src/errors/codes.js';
import {
  BUILTIN_RULES,
  getRule,
  lint,
  listRules,
  registerRule,
  rulesMarkdown,
  selectRules,
  unregisterRule,
  type LintRule,
} from '../../../src/validate/index.js';
import { runCli } from '../../helpers/cli.js';
import { lintFixtures, ROOT } from './lint-fixtures.js';

const fixtures = lintFixtures();

/** The codes the CLI reports for a fixture (with the options of its header line). */
async function fixtureCodes(f: (typeof fixtures)[number]): Promise<Set<string>> {
  const run = await runCli(['lint', '--format', 'json', ...f.args, f.path]);
  const doc = JSON.parse(run.stdout) as { files: Array<{ diagnostics: Array<{ code: string }> }> };
  return new Set(doc.files.flatMap((x) => x.diagnostics.map((d) => d.code)));
}

describe('rule registry', () => {
  test.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('%s is complete data', (_id, rule) => {
    expect(rule.id).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    expect(['promlint', 'structure', 'push']).toContain(rule.category);
    expect(rule.description.length).toBeGreaterThan(10);
    expect(rule.docs.length).toBeGreaterThan(80);
    expect(rule.id in PARSE_ERROR_CODES).toBe(false);
    expect(rule.needsPush === true).toBe(rule.category === 'push');
  });

  test('ids are unique', () => {
    expect(new Set(BUILTIN_RULES.map((r) => r.id)).size).toBe(BUILTIN_RULES.length);
  });

  test('docs/rules.md is generated from the rules (run `promkit lint --list-rules=markdown > docs/rules.md`)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')).toBe(rulesMarkdown(BUILTIN_RULES));
  });

  test.each(BUILTIN_RULES.map((r) => [r.id]))(
    '%s is documented in docs/rules.md and has a fixture that hits it',
    async (id) => {
      const docs = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
      expect(docs).toContain(`### ${id}\n`);
      const f = fixtures.find((x) => x.name === id.toLowerCase());
      expect(f, `fixtures/lint/${id.toLowerCase()}.prom`).toBeDefined();
      expect(await fixtureCodes(f!)).toContain(id);
    },
  );

  test('every code reported on the fixtures is a rule or a documented parse error', async () => {
    const docs = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
    const seen = new Set<string>();
    for (const f of fixtures) for (const c of await fixtureCodes(f)) seen.add(c);
    for (const c of seen) expect(getRule(c) !== undefined || docs.includes(`| ${c} |`), c).toBe(true);
    expect(seen.has('INVALID_LABEL_NAME')).toBe(true); // parse_errors.prom
  });

  test('every fixture has its promtool and promlint expectations', () => {
    for (const f of fixtures) {
      expect(existsSync(join(ROOT, 'fixtures', 'lint', `${f.name}.promtool.json`)), f.name).toBe(true);
      const lint =
        existsSync(join(ROOT, 'fixtures', 'lint', `${f.name}.lint.json`)) ||
        existsSync(join(ROOT, 'fixtures', 'lint', `${f.name}.lint.err.json`));
      expect(lint, f.name).toBe(true);
    }
  });

  test('the clean fixture has no findings', async () => {
    const run = await runCli(['lint', join(ROOT, 'fixtures', 'lint', 'clean.prom')]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('registerRule', () => {
  const custom: LintRule = {
    id: 'NO_FOO',
    severity: 'warning',
    category: 'custom',
    description: 'a family named foo',
    docs: 'Families must not be called foo.',
    check(ctx) {
      for (const family of ctx.families)
        if (family.name === 'foo') ctx.report({ family, message: 'foo is not allowed' });
    },
  };
  afterEach(() => {
    if (getRule('NO_FOO')) unregisterRule('NO_FOO');
    if (getRule('OFF_BY_DEFAULT')) unregisterRule('OFF_BY_DEFAULT');
  });

  test('a registered rule runs in lint() and can be disabled', () => {
    registerRule(custom);
    expect(listRules().at(-1)).toBe(custom);
    expect(lint('# HELP foo x\nfoo 1\n')).toEqual([
      {
        code: 'NO_FOO',
        severity: 'warning',
        message: 'foo is not allowed',
        family: 'foo',
        pos: { line: 2, column: 1, offset: 13 },
      },
    ]);
    expect(lint('# HELP foo x\nfoo 1\n', { disable: ['NO_FOO'] })).toEqual([]);
    expect(lint('# HELP foo x\nfoo 1\n', { disable: ['custom'] })).toEqual([]);
    expect(lint('# HELP foo x\nfoo 1\n', { rules: { NO_FOO: 'error' } })[0].severity).toBe('error');
  });

  test('a rule off by default runs only when enabled', () => {
    registerRule({ ...custom, id: 'OFF_BY_DEFAULT', enabledByDefault: false });
    expect(selectRules().some((r) => r.rule.id === 'OFF_BY_DEFAULT')).toBe(false);
    expect(selectRules({ enable: ['OFF_BY_DEFAULT'] }).some((r) => r.rule.id === 'OFF_BY_DEFAULT')).toBe(true);
  });

  test.each([
    { name: 'lower-case id', rule: { ...custom, id: 'no_foo' }, error: /must match/ },
    { name: 'built-in id', rule: { ...custom, id: 'MISSING_HELP' }, error: /already taken/ },
    { name: 'parse error code', rule: { ...custom, id: 'INVALID_METRIC_NAME' }, error: /already taken/ },
    { name: 'bad severity', rule: { ...custom, severity: 'fatal' as never }, error: /severity/ },
    { name: 'no check', rule: { ...custom, check: undefined as never }, error: /check/ },
  ])('refuses $name', ({ rule, error }) => {
    expect(() => registerRule(rule)).toThrow(error);
  });

  test('registering twice and removing built-ins are refused', () => {
    registerRule(custom);
    expect(() => registerRule(custom)).toThrow(/already taken/);
    expect(() => unregisterRule('MISSING_HELP')).toThrow(/built in/);
    expect(unregisterRule('NO_FOO')).toBe(true);
    expect(unregisterRule('NO_FOO')).toBe(false);
  });

  test('a throwing rule names itself', () => {
    registerRule({
      ...custom,
      check: () => {
        throw new Error('boom');
      },
    });
    expect(() => lint('a 1\n')).toThrow('lint rule NO_FOO failed: boom');
  });
});

describe('selectRules', () => {
  const ids = (o: Parameters<typeof selectRules>[0]): string[] => selectRules(o).map((r) => r.rule.id);
  test.each([
    {
      name: 'defaults: no push rules',
      options: {},
      has: ['MISSING_HELP', 'DUPLICATE_SERIES'],
      hasNot: ['PUSH_TIMESTAMP'],
    },
    {
      name: 'push turns push rules on',
      options: { push: true as const },
      has: ['PUSH_TIMESTAMP', 'MISSING_HELP'],
      hasNot: [],
    },
    {
      name: 'disable a category',
      options: { disable: ['promlint'] },
      has: ['DUPLICATE_SERIES'],
      hasNot: ['MISSING_HELP', 'CAMEL_CASE'],
    },
    {
      name: 'rules off',
      options: { rules: { MISSING_HELP: 'off' as const } },
      has: ['CAMEL_CASE'],
      hasNot: ['MISSING_HELP'],
    },
    {
      name: 'enable beats rules off',
      options: { rules: { MISSING_HELP: false }, enable: ['MISSING_HELP'] },
      has: ['MISSING_HELP'],
      hasNot: [],
    },
    {
      name: 'disable beats enable',
      options: { enable: ['MISSING_HELP'], disable: ['MISSING_HELP'] },
      has: [],
      hasNot: ['MISSING_HELP'],
    },
    {
      name: 'enabling a push rule without push does nothing',
      options: { enable: ['PUSH_TIMESTAMP'] },
      has: [],
      hasNot: ['PUSH_TIMESTAMP'],
    },
  ])('$name', ({ options, has, hasNot }) => {
    const got = ids(options);
    for (const id of has) expect(got).toContain(id);
    for (const id of hasNot) expect(got).not.toContain(id);
  });

  test('a severity setting changes the severity', () => {
    expect(
      selectRules({ rules: { EMPTY_LABEL_VALUE: 'error' } }).find((r) => r.rule.id === 'EMPTY_LABEL_VALUE')?.severity,
    ).toBe('error');
    expect(
      selectRules({ rules: { EMPTY_LABEL_VALUE: true } }).find((r) => r.rule.id === 'EMPTY_LABEL_VALUE')?.severity,
    ).toBe('warning');
  });

  test.each([{ rules: { NOPE: 'off' as const } }, { enable: ['NOPE'] }, { disable: ['nope'] }])(
    'unknown ids throw: %o',
    (options) => {
      expect(() => selectRules(options)).toThrow(/unknown rule/);
    },
  );
});

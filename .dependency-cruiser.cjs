/**
 * Architecture gate (run by `npm test`): no import cycles, and no stage imports a later one.
 * Stages in order: model/errors → grammar → parse → serialize, merge → store → storage → validate → push, bench → gateway → cli.
 */
const STAGES = [
  ['src/model', 'src/errors'],
  ['grammar'],
  ['src/parse'],
  ['src/serialize', 'src/merge'],
  ['src/store'],
  ['src/storage'],
  ['src/validate'],
  ['src/push', 'src/bench'],
  ['src/gateway'],
  ['src/cli'],
];

const folder = (path) => `^${path.replace(/\//g, '/')}/`;
const later = (i) =>
  STAGES.slice(i + 1)
    .flat()
    .map(folder)
    .join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes a stage impossible to load or test alone.',
      from: {},
      to: { circular: true },
    },
    ...STAGES.slice(0, -1).map((stage, i) => ({
      name: `stage-order-${stage.map((s) => s.split('/').pop()).join('-')}`,
      severity: 'error',
      comment: `${stage.join(', ')} may import only earlier stages.`,
      from: { path: stage.map(folder).join('|') },
      to: { path: later(i) },
    })),
    {
      name: 'library-entry-light',
      severity: 'error',
      comment: "`import { parse } from 'promkit'` must not load the gateway, the CLI or the bench harness.",
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/(gateway|cli|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules|test|fixtures)/' },
  },
};

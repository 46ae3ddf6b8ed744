import pkg from '../package.json' with { type: 'json' };

/** promkit's version: package.json's `version`, read once at build time (the bundler inlines it). */
export const VERSION: string = pkg.version;

export * from './types.js';
export * from './values.js';
export * from './exact.js';
export * from './names.js';
export * from './escape.js';
export * from './labels.js';
export * from './go-quote.js';

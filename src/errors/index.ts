export * from './codes.js';
export * from './parse-error.js';

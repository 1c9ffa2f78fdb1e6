export * from './core/index.js';
export * from './stages/index.js';

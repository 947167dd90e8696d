export * from './resolve-path';

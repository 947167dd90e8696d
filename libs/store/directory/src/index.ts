export * from './directory.models';

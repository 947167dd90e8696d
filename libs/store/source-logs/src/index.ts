export * from './source-log.model';

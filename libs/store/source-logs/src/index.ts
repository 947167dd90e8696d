export * from './source-log.model';
export * from './event-type.model';

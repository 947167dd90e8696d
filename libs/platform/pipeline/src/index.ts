export * from './tokens';
export * from './follow-up';
export * from './event-id';
export * from './pipeline.module';
export * from './bootstrap';
export * from './message-log';
export * from './retention';
export * from './batch-coalescer';

export * from './envelope.schema';
export * from './intake.schema';
export * from './event.schema';
export * from './action-type.schema';
export * from './action.schema';
export * from './config.schema';
export * from './topics';
export * from './log.schema';

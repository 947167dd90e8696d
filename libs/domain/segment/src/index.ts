export * from './check-track-event';
export * from './check-track-batch';

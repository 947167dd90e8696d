export * from './normalize-event';
export * from './normalize-intake';
export * from './idempotency';

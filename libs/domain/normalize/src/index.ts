export * from './normalize-event';
export * from './check-json-bounds';
export * from './normalize-intake';
export * from './idempotency';

export * from './derive-status';
export * from './redact-headers';

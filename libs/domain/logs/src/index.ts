export * from './derive-status';
export * from './redact-headers';
export * from './describe-stall';

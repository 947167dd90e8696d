export { startTelemetry } from './telemetry';
export { createLogger } from './logger';
export { PinoNestLogger } from './pino-nest-logger';
export type { Logger } from 'pino';

import { hostname } from 'node:os';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

/** Paths whose values never reach a log line: credentials, signatures and key material. */
export const REDACTED_PATHS = [
  'headers.authorization',
  'headers["x-knock-signature"]',
  'req.headers.authorization',
  'req.headers["x-knock-signature"]',
  '*.signingKey',
  '*.apiKey',
  '*.password',
  '*.secret',
];

/** trace_id/span_id of the active span, so every line logged inside a span joins its trace. */
function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * JSON lines with `service`, an ISO `time` and a string `level`. `destination` defaults to
 * stdout; tests pass a stream to read the lines back.
 */
export function createLogger(opts: { service: string; level: string }, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { service: opts.service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: traceFields,
  };
  return destination ? pino(options, destination) : pino(options);
}

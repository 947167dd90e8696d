import { trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { ReceivedMessage } from '@inlet/platform/kafka';

/**
 * The logger for lines about one consumed message: its event id, source and the trace id of its
 * own span (handlers run per batch, so the active span is not the message's).
 */
export function messageLog(logger: Logger, message: ReceivedMessage): Logger {
  const value = message.value as { eventId?: string; sourceKey?: string } | null;
  const span = trace.getSpanContext(message.context);
  return logger.child({
    eventId: value?.eventId,
    source: value?.sourceKey,
    ...(span ? { trace_id: span.traceId, span_id: span.spanId } : {}),
  });
}

/** A W3C trace context header: version, trace id, parent span id, flags (https://www.w3.org/TR/trace-context/). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The trace id a `traceparent` header names, or undefined when the header is absent or not a valid
 * one: a log shows the trace of its event, and a message without a usable trace must still be logged.
 */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = TRACEPARENT.exec(traceparent?.trim() ?? '');
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  // Version ff is forbidden; version 00 has exactly four fields, later versions may add more.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  // All-zero ids are invalid: they name no trace.
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return traceId;
}

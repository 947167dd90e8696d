import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
// Not in the package's index: the exporters sdk-node builds from OTEL_* when given no processors.
// Taken from there so a redacting processor can run before them (versions are pinned exactly).
import { getSpanProcessorsFromEnv } from '@opentelemetry/sdk-node/build/src/utils';
import { redactEndpointTokens } from './redact-endpoint-tokens';
import { telemetryConfigFromEnv } from './telemetry-config';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];
type EndingSpan = Parameters<NonNullable<SpanProcessor['onEnding']>>[0];

/** Probes hit every few seconds; a span each would drown the real traffic. */
const PROBE_PATHS = new Set(['/health', '/ready']);

export function isProbeRequest(url: string | undefined): boolean {
  return PROBE_PATHS.has((url ?? '').split('?')[0]);
}

/**
 * Rewrites endpoint tokens out of a span while it can still change (onEnding runs before any
 * processor's onEnd, so before export). The http, express and NestJS instrumentations record the
 * URL path in the span name, `url.path`, `url.full`, `http.target`, `http.url` and error events.
 */
export const redactTokensInSpans: SpanProcessor = {
  onStart: () => undefined,
  onEnding: (span: EndingSpan) => {
    const name = redactEndpointTokens(span.name);
    if (name !== span.name) span.updateName(name);
    for (const [key, value] of Object.entries(span.attributes)) {
      if (typeof value === 'string' && redactEndpointTokens(value) !== value) span.setAttribute(key, redactEndpointTokens(value));
    }
    for (const event of span.events) {
      for (const [key, value] of Object.entries(event.attributes ?? {})) {
        // Events are recorded already; their attribute objects are the span's own, not copies.
        if (typeof value === 'string') (event.attributes as Record<string, unknown>)[key] = redactEndpointTokens(value);
      }
    }
    if (span.status.message) span.setStatus({ ...span.status, message: redactEndpointTokens(span.status.message) });
  },
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Called first thing by each app's `instrument.ts`, before NestJS, kafkajs or mongoose are
 * required, so the instrumentations can patch them. The OTLP exporter, its protocol
 * (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json included) and sampling come from the standard
 * OTEL_* variables; see {@link telemetryConfigFromEnv} for when anything is exported at all.
 */
export function startTelemetry(serviceName: string): { shutdown(): Promise<void> } {
  const config = telemetryConfigFromEnv(serviceName);
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [
      getNodeAutoInstrumentations({
        // platform/kafka injects and extracts `traceparent` per message itself, batch consumers included.
        '@opentelemetry/instrumentation-kafkajs': { enabled: false },
        // platform/observability's logger adds trace_id/span_id itself; logs go to stdout, not OTLP.
        '@opentelemetry/instrumentation-pino': { enabled: false },
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
        '@opentelemetry/instrumentation-http': {
          ignoreIncomingRequestHook: (request: IncomingMessage) => isProbeRequest(request.url),
        },
      }),
    ],
    // Exporters as sdk-node would build them from OTEL_* variables, after the redaction. Without
    // them, spans are still recorded (ids exist for logs and propagation) and sent nowhere.
    spanProcessors: [redactTokensInSpans, ...(config.exportTraces ? getSpanProcessorsFromEnv(undefined) : [])],
    // Leaving an option out lets sdk-node build it from OTEL_* variables.
    ...(config.exportMetrics ? {} : { metricReaders: [] }),
    ...(config.exportLogs ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

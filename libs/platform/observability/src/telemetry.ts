import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { telemetryConfigFromEnv } from './telemetry-config';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];

/** Probes hit every few seconds; a span each would drown the real traffic. */
const PROBE_PATHS = new Set(['/health', '/ready']);

export function isProbeRequest(url: string | undefined): boolean {
  return PROBE_PATHS.has((url ?? '').split('?')[0]);
}

/** Records spans (so ids exist for logs and propagation) and sends them nowhere. */
const recordOnly: SpanProcessor = {
  onStart: () => undefined,
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
    // Leaving an option out lets sdk-node build it from OTEL_* variables.
    ...(config.exportTraces ? {} : { spanProcessors: [recordOnly] }),
    ...(config.exportMetrics ? {} : { metricReaders: [] }),
    ...(config.exportLogs ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

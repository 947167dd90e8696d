import type { IncomingMessage } from 'node:http';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
// Not in the package's index: the exporters sdk-node builds from OTEL_* when given no processors.
// Taken from there so a redacting processor can run before them (versions are pinned exactly).
import { getSpanProcessorsFromEnv } from '@opentelemetry/sdk-node/build/src/utils';
import { redactEndpointTokens } from './redact-endpoint-tokens';
import { telemetryConfigFromEnv, type TraceSampling } from './telemetry-config';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];
type EndingSpan = Parameters<NonNullable<SpanProcessor['onEnding']>>[0];

/** Probes hit every few seconds; a span each would drown the real traffic. */
const PROBE_PATHS = new Set(['/health', '/ready']);

export function isProbeRequest(url: string | undefined): boolean {
  return PROBE_PATHS.has((url ?? '').split('?')[0]);
}

/**
 * Rewrites endpoint tokens out of a span while it can still change (onEnding runs before any
 * processor's onEnd, so before export). The http and express instrumentations record the
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
 * The sampler for a {@link TraceSampling}; undefined lets sdk-node build the one OTEL_TRACES_SAMPLER
 * names. Even a span that is not recorded gets ids and passes them on, so log lines and source
 * logs still name a trace id when nothing is recorded.
 */
function samplerOf(sampling: TraceSampling): tracing.Sampler | undefined {
  if (sampling.kind === 'off') return new tracing.AlwaysOffSampler();
  if (sampling.kind === 'env') return undefined;
  return new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(sampling.ratio) });
}

export type TelemetryOptions = {
  /**
   * Requests whose server span the service makes itself (a hot route answered before the
   * framework): the http instrumentation leaves them alone, so they pay for one span rather than
   * its per-request wrapping and attribute building. Their handling runs with tracing suppressed:
   * the service's span starts from the incoming `traceparent`, not from the active context.
   */
  ownServerSpan?: (request: IncomingMessage) => boolean;
};

/**
 * Called first thing by each app's `instrument.ts`, before NestJS, kafkajs or mongoose are
 * required, so the instrumentations can patch them. The OTLP exporter and its protocol
 * (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json included) come from the standard OTEL_* variables;
 * see {@link telemetryConfigFromEnv} for when anything is exported at all and which traces are
 * recorded (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG).
 */
export function startTelemetry(serviceName: string, options: TelemetryOptions = {}): { shutdown(): Promise<void> } {
  const { ownServerSpan } = options;
  const config = telemetryConfigFromEnv(serviceName);
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    textMapPropagator: new W3CTraceContextPropagator(),
    sampler: samplerOf(config.sampling),
    // Only what Inlet runs on, each patch a cost on every request or query: HTTP server spans (and
    // the incoming traceparent, carried on even when nothing is recorded), and, when spans go
    // somewhere, express for their route names and the MongoDB driver's commands (unrecorded, they
    // were 8% of the event-log's CPU). platform/kafka makes its own messaging spans and injects and
    // extracts `traceparent` per message (the kafkajs instrumentation cannot follow a coalescing
    // producer or a batch consumer); platform/observability's logger adds trace_id/span_id itself.
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request: IncomingMessage) => isProbeRequest(request.url) || ownServerSpan?.(request) === true }),
      ...(config.exportTraces ? [new ExpressInstrumentation(), new MongoDBInstrumentation()] : []),
    ],
    // Exporters as sdk-node would build them from OTEL_* variables, after the redaction. Without
    // them, nothing is recorded (see samplerOf) and nothing is sent.
    spanProcessors: [redactTokensInSpans, ...(config.exportTraces ? getSpanProcessorsFromEnv(undefined) : [])],
    // Leaving an option out lets sdk-node build it from OTEL_* variables.
    ...(config.exportMetrics ? {} : { metricReaders: [] }),
    ...(config.exportLogs ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
